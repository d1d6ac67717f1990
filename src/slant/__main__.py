"""``python -m slant`` runs the command line."""

from slant.cli import main

main()

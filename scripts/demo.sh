#!/usr/bin/env bash
# The README's first command: install slant, analyse the bundled demo corpus
# into slant.db (SQLite, no server), and show what it found.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
slant=.venv/bin/slant
status=0
"$slant" analyze demo/articles/ --db slant.db --out demo-analysis.jsonl || status=$?
echo
"$slant" stats --db slant.db
echo
first=$(.venv/bin/python -c 'import json,sys; print(json.loads(open("demo-analysis.jsonl", encoding="utf-8").readline())["id"])')
"$slant" show "$first" --db slant.db
echo
echo "Next: .venv/bin/slant show ID --layer language | .venv/bin/slant export --format csv | .venv/bin/slant --help"
exit "$status"

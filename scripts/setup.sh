#!/usr/bin/env bash
# Make .venv with slant installed (EXTRAS, e.g. "[test]", picks optional parts).
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python=${PYTHON:-python3}
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "slant needs Python 3.11 or newer; set PYTHON=/path/to/python3.11" >&2
  exit 3
fi
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
fi
.venv/bin/python -m pip install -q -e ".${extras}"

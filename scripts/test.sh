#!/usr/bin/env bash
# The README's second command: install slant with its test extras, lint, type-check, run every test.
# PostgreSQL tests run when SLANT_TEST_POSTGRES_URL names a server (.ci/run starts one);
# extra arguments go to pytest, e.g.  bash scripts/test.sh -m "not slow".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "[test]"
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src tests benchmarks
.venv/bin/mypy src
.venv/bin/pytest "$@"

#!/usr/bin/env bash
# The README's first command: install slant, analyse the bundled demo corpus
# into slant.db (SQLite, no server), and show what it found.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "[accurate,ner,web]"
slant=.venv/bin/slant
status=0
# demo/slant.toml adds the demo's invented actors and outlets to slant's tables;
# demo/metadata.csv gives the plain-text articles the outlet and date their files cannot carry.
"$slant" analyze demo/articles/ --db slant.db --out demo-analysis.jsonl --config demo/slant.toml \
  --metadata demo/metadata.csv || status=$?
echo
"$slant" stats --db slant.db
echo
"$slant" show sentinel-en-2026-10-14-port-reopens --db slant.db
echo
echo "Next: .venv/bin/slant show voice-en-2026-10-18-velsburg-march --layer technique --explain"
echo "      .venv/bin/slant show voice-sv-2026-10-15-opinion-hamnen-ar-inte-till-salu --layer technique --hidden  (candidates below their display thresholds)"
echo "      .venv/bin/slant show voice-sv-2026-10-15-opinion-hamnen-ar-inte-till-salu --layer quote --layer entity"
echo "      .venv/bin/slant show voice-en-2026-10-14-night-raid --layer quote --layer claim;  .venv/bin/slant techniques"
echo "      .venv/bin/slant export --format csv --layer technique --out techniques.csv;  .venv/bin/slant --help"
echo "      .venv/bin/slant show sentinel-en-2026-10-15-editorial-no-mob --layer role --hidden   (how it casts each actor, unsure roles too)"
echo "      .venv/bin/slant serve   # then open http://127.0.0.1:8000 for the workbench,"
echo "                              # and http://127.0.0.1:8000/actors/corvane-logistics?hidden=true for one actor through both outlets"
exit "$status"

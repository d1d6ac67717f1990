"""Write the workbench screenshots in docs/img/ (1280x800 PNG, each under 300 KB).

Analyses the demo corpus with the default tier (``auto``: the accurate one when its
packages are installed, as a user gets it) into a temporary SQLite store, serves it
on a free loopback port and photographs, with Playwright driving the system's
chromium (``SLANT_CHROMIUM`` names another binary; Playwright's own browsers are
never downloaded), the pages listed in tests/test_web_browser.py's ``SHOTS``. The
same helpers run in tests/test_web_browser.py (on the fast tier).

    .venv/bin/pip install playwright      # and: apt-get install chromium
    .venv/bin/python scripts/screenshots.py [--out docs/img]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.test_web_browser import (  # noqa: E402 - the repository root is on the path only now
    SCREENSHOT_MAX_BYTES,
    analyse_demo,
    chromium_browser,
    png_size,
    running_server,
    take_screenshots,
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img", help="folder for the PNG files")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="slant-shots-") as tmp:
        db = str(Path(tmp) / "demo.db")
        analyse_demo(db, tier="auto")
        with chromium_browser() as browser, running_server(db) as base:
            shots = take_screenshots(browser, base, args.out)
    status = 0
    for shot in shots:
        data = shot.read_bytes()
        width, height = png_size(data)
        too_big = len(data) >= SCREENSHOT_MAX_BYTES
        status |= too_big
        print(f"{shot}  {width}x{height}  {len(data) / 1000:.0f} KB{'  TOO BIG' if too_big else ''}")
    return status


if __name__ == "__main__":
    sys.exit(main())

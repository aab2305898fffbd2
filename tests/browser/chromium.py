"""Debian's Chromium as both browser tests start it (installed by scripts/test.sh).

Playwright's own browser download does not work offline, so the tests point Playwright at
/usr/bin/chromium. The flags keep Chromium from opening connections of its own (updates,
sync, field trials), which this machine's closed network would refuse."""

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

"""What the browser tests share: their marker and skips, the book's fixtures, the weight report.

Every test under tests/browser is marked ``browser`` (``pytest -m "not browser"`` leaves them
out). A test that needs the built book (the ``built_book`` fixture, directly or through another
fixture) is skipped, with the reason, when ``_build/html/index.html`` is missing; one that drives
Chromium (a ``browser`` fixture) when ``/usr/bin/chromium`` is missing. With
``LECTURE_LIB_REQUIRE_BROWSER=1`` (set by scripts/test.sh) nothing is skipped: the fixtures
then fail, so a run that was meant to test the book cannot pass without testing it.

The fixtures of test_static_book.py (the built book, it served on 127.0.0.1, one Chromium,
cached page visits) are imported here, so every test module of this folder can use them.
"""

import os
from pathlib import Path

import pytest
from chromium import CHROMIUM
from test_static_book import BUILD, book_url, browser, built_book, visit_page  # noqa: F401

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REPORT = ROOT / "test-artifacts" / "page-weights.txt"
REQUIRE_ENV = "LECTURE_LIB_REQUIRE_BROWSER"


def missing_requirements(fixturenames: list[str]) -> list[str]:
    missing = []
    if "built_book" in fixturenames and not (BUILD / "index.html").is_file():
        missing.append(f"no built book at {BUILD.relative_to(ROOT)}/index.html (bash scripts/setup.sh builds it)")
    if "browser" in fixturenames and not CHROMIUM.exists():
        missing.append(f"no Chromium at {CHROMIUM} (bash scripts/test.sh installs Debian's chromium)")
    return missing


def pytest_collection_modifyitems(config, items) -> None:
    required = os.environ.get(REQUIRE_ENV) == "1"
    for item in items:
        if HERE not in item.path.parents:
            continue
        item.add_marker(pytest.mark.browser)
        missing = missing_requirements(item.fixturenames)
        if missing and not required:
            reason = "; ".join(missing) + f" (with {REQUIRE_ENV}=1 this fails instead)"
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_sessionstart(session) -> None:
    REPORT.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter) -> None:
    if REPORT.is_file():
        terminalreporter.section("static book: page weights (HTML + every file it loaded)")
        terminalreporter.write(REPORT.read_text(encoding="utf-8"))

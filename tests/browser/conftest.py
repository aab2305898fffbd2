"""What the browser tests share: their marker and skips, the served book, one Chromium, page visits.

Every test under tests/browser is marked ``browser`` (``pytest -m "not browser"`` leaves them
out). A test that needs the built book (the ``built_book`` fixture, directly or through another
fixture) is skipped, with the reason, when ``_build/html/index.html`` is missing; one that drives
Chromium (a ``browser`` fixture) when ``/usr/bin/chromium`` is missing. With
``LECTURE_LIB_REQUIRE_BROWSER=1`` (set by scripts/test.sh) nothing is skipped: the fixtures
then fail, so a run that was meant to test the book cannot pass without testing it.

The fixtures: ``built_book`` (the folder), ``book_url`` (it served on 127.0.0.1), ``browser``
(Debian's headless Chromium through Playwright, one per session) and ``visit_page`` (each page
loaded once, its math typeset, a screenshot taken; their weights are reported at the end of the
run). Opening and watching a page is ``open_page`` of test_static_book.py.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from chromium import CHROMIUM, CHROMIUM_FLAGS
from test_static_book import (
    ARTIFACTS,
    BUILD,
    DOCNAMES,
    MATH_STATE_JS,
    PageVisit,
    open_page,
    slug,
    wait_for_mathjax,
)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
REPORT = ARTIFACTS / "page-weights.txt"
REQUIRE_ENV = "LECTURE_LIB_REQUIRE_BROWSER"


# --------------------------------------------------------------------- marker and skips
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


# ------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="session")
def built_book() -> Path:
    if not (BUILD / "index.html").is_file():
        pytest.fail(f"{BUILD} holds no built book: run `bash scripts/setup.sh` first")
    ARTIFACTS.mkdir(exist_ok=True)
    return BUILD


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def book_url(built_book: Path) -> Iterator[str]:
    """Base URL of the built book, served by http.server on 127.0.0.1 at a free port."""
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `bash scripts/test.sh` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


_visits: dict[str, PageVisit] = {}


@pytest.fixture(scope="session")
def visit_page(browser, book_url: str):
    """Load a page once (cached), typeset its math, take a full-page screenshot."""

    def visit(docname: str) -> PageVisit:
        if docname not in _visits:
            record = PageVisit(docname)
            context, page = open_page(browser, book_url, f"{docname}.html", record)
            try:
                wait_for_mathjax(page)
                record.math = page.evaluate(MATH_STATE_JS)
                record.screenshot = ARTIFACTS / f"{slug(docname)}.png"
                page.screenshot(path=str(record.screenshot), full_page=True)
            finally:
                context.close()
            _visits[docname] = record
        return _visits[docname]

    yield visit
    write_weight_report()


# ------------------------------------------------------------------------ weight report
def write_weight_report() -> None:
    if not _visits:
        return
    lines = [f"{'page':<40} {'html bytes':>12} {'chrome bytes':>12} {'total bytes':>12}  files"]
    for docname in DOCNAMES:
        if docname in _visits:
            record = _visits[docname]
            html_bytes = record.loaded_files.get(f"{docname}.html", 0)
            lines.append(
                f"{docname:<40} {html_bytes:>12,} {record.chrome_weight:>12,} {record.weight:>12,}"
                f"  {len(record.loaded_files)}"
            )
    REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


def pytest_sessionstart(session) -> None:
    REPORT.unlink(missing_ok=True)


def pytest_terminal_summary(terminalreporter) -> None:
    if REPORT.is_file():
        terminalreporter.section("static book: page weights (HTML + every file it loaded)")
        terminalreporter.write(REPORT.read_text(encoding="utf-8"))

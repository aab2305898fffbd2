"""The static book in a real browser: offline, typeset, every slider alive without a kernel.

The built book (``_build/html``, made by ``scripts/setup.sh``) is served from 127.0.0.1 on a
random port and opened in Debian's headless Chromium through Playwright. Every request that
would leave 127.0.0.1 is recorded and aborted, so a page that needs the internet fails here.
Other test modules use the same fixtures (conftest.py shares them with the whole folder).

For every page of ``_toc.yml``:

* it loads with status 200 and no console error or uncaught exception, except the ones in
  ``ALLOWED_CONSOLE_ERRORS`` (each with its reason), and no request leaves 127.0.0.1;
* every formula is typeset by the vendored MathJax (no raw ``\\(`` left, no MathJax error);
* (the static figures' controls and presets are tested in ``test_static_widgets.py``);
* every exercise solution (a dropdown admonition) is folded and unfolds on a click;
* its total weight (the HTML plus every file it loaded, the favicon included) stays within
  ``PAGE_BUDGET_BYTES``, and the part of it every page shares (theme, MathJax, icons: the
  files under ``_static/``) within ``CHROME_BUDGET_BYTES``.

The whole built book stays within ``BOOK_BUDGET_BYTES`` on disk.

Screenshots of each page (and of each widget after a move) and a page-weight report are
written to ``test-artifacts/``.
"""

from __future__ import annotations

import functools
import html.parser
import os
import re
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from chromium import CHROMIUM, CHROMIUM_FLAGS

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))
from publishing import publisher_setting  # noqa: E402

BUILD = ROOT / "_build" / "html"
ARTIFACTS = ROOT / "test-artifacts"
PAGE_BUDGET_BYTES = 3_000_000
CHROME_BUDGET_BYTES = 1_500_000
BOOK_BUDGET_BYTES = 150_000_000
LOAD_TIMEOUT_MS = 30_000

# Console errors that are known and harmless: (regular expression, reason). Anything else
# logged as an error, or thrown, on any page fails the test. Empty on purpose: the theme's
# "Got invalid theme mode" is fixed by html_context.default_mode, sphinx-thebe's duplicate
# THEBE_JS_URL by leaving that extension out (_config.yml), and the HTML manager's MathJax 2
# "reading 'Queue'" only appears on pages that embed live ipywidgets state, which no page
# may do (lecture_lib.widgets renders static HTML in the build).
ALLOWED_CONSOLE_ERRORS: list[tuple[str, str]] = []


# ------------------------------------------------------------------------ the book's pages
def toc_docnames(toc_path: Path = ROOT / "_toc.yml") -> list[str]:
    """Every document of the table of contents, root first, in reading order."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                names.append(str(Path(entry["file"]).with_suffix("")))
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    for key in ("parts", "chapters", "sections"):
        walk(toc.get(key, []))
    return names


DOCNAMES = toc_docnames()
NOTEBOOK_DOCNAMES = {name for name in DOCNAMES if (ROOT / f"{name}.ipynb").exists()}


def slug(docname: str) -> str:
    return docname.replace("/", "__")


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


# The session's Playwright and Chromium. A module that imports the fixture below gets a fixture
# of its own from pytest, and Playwright's sync API cannot be started a second time while it
# runs, so every such fixture hands out this one browser; the first to be torn down (at the end
# of the session) closes it.
_chromium: dict[str, object] = {}


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `bash scripts/test.sh` installs Debian's chromium")
    if not _chromium:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        _chromium["playwright"] = playwright
        _chromium["browser"] = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
    yield _chromium["browser"]
    if _chromium:
        _chromium.pop("browser").close()
        _chromium.pop("playwright").stop()


@dataclass
class PageVisit:
    """What one page did while it loaded in the browser."""

    docname: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    local_failures: list[str] = field(default_factory=list)
    loaded_files: dict[str, int] = field(default_factory=dict)
    math: dict = field(default_factory=dict)
    screenshot: Path | None = None

    @property
    def weight(self) -> int:
        return sum(self.loaded_files.values())

    @property
    def chrome_weight(self) -> int:
        """What the page loads from ``_static/``: the theme, MathJax, icons, the book's assets."""
        return sum(size for path, size in self.loaded_files.items() if path.startswith("_static/"))

    def unexpected_console_errors(self) -> list[str]:
        return [
            message
            for message in self.console_errors
            if not any(re.search(pattern, message) for pattern, _ in ALLOWED_CONSOLE_ERRORS)
        ]


def open_page(browser, book_url: str, path: str, visit: PageVisit, width: int = 1280):
    """A new page at ``path``, ``width`` pixels wide, that records console errors, requests and
    loaded files, once the network is idle and the page's icon has been fetched.

    Requests to any host but the book's server are recorded and aborted.
    """
    book_host = urlsplit(book_url).netloc
    context = browser.new_context(viewport={"width": width, "height": 900}, service_workers="block")

    def route(route) -> None:
        url = route.request.url
        if urlsplit(url).netloc == book_host:
            route.continue_()
        else:
            visit.external_requests.append(url)
            route.abort()

    def on_response(response) -> None:
        parts = urlsplit(response.url)
        if parts.netloc != book_host:
            return
        if response.status >= 400:
            visit.local_failures.append(f"{response.status} {response.url}")
            return
        relative = unquote(parts.path).lstrip("/") or "index.html"
        file = BUILD / relative
        if file.is_dir():
            file = file / "index.html"
        if file.is_file():
            visit.loaded_files[relative] = file.stat().st_size

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text))
    page.on("pageerror", lambda error: visit.console_errors.append(f"uncaught: {error}"))
    page.on("response", on_response)
    response = page.goto(book_url + path, wait_until="load", timeout=LOAD_TIMEOUT_MS)
    visit.status = response.status if response else None
    page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)
    # A reader's browser asks for the page's icon (the <link rel="icon">, else /favicon.ico);
    # headless Chromium may not have done so yet. Ask for it the same way, so that a missing
    # icon is a local failure and the icon counts in the page's weight.
    page.evaluate(
        """() => fetch(document.querySelector('link[rel~="icon"]')?.href ?? '/favicon.ico')
                   .then(r => r.status)"""
    )
    return context, page


# MathJax replaces the TeX inside each Sphinx math element (span.math / div.math) with an
# mjx-container. Count both, and look for TeX delimiters left in the text outside code.
MATH_STATE_JS = """
() => {
  const maths = [...document.querySelectorAll('.math')];
  const article = document.querySelector('article') || document.body;
  const copy = article.cloneNode(true);
  copy.querySelectorAll('pre, code, .highlight, mjx-container, script, .lecture-widget')
      .forEach(e => e.remove());
  return {
    elements: maths.length,
    typeset: maths.filter(m => m.querySelector('mjx-container')).length,
    errors: document.querySelectorAll('mjx-merror').length,
    mathjax: Boolean(window.MathJax && window.MathJax.version),
    text: copy.textContent,
  };
}
"""
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|\\begin\{|\$[^\s$][^$\n]*?[^\s$\\]\$")


def wait_for_mathjax(page) -> None:
    """Wait until MathJax has typeset the page (if the page has formulas and loads MathJax)."""
    has_math = page.evaluate("() => document.querySelector('.math') !== null")
    loads_mathjax = page.evaluate("() => [...document.scripts].some(s => /mathjax/i.test(s.src))")
    if has_math and loads_mathjax:
        page.wait_for_function(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise",
            timeout=LOAD_TIMEOUT_MS,
        )
        page.evaluate("() => MathJax.startup.promise.then(() => true)")
        page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT_MS)


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
    (ARTIFACTS / "page-weights.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


# ----------------------------------------------------------------------------------- tests
@pytest.mark.parametrize("docname", DOCNAMES)
def test_page_loads_offline_without_console_errors(visit_page, docname: str) -> None:
    record = visit_page(docname)
    assert record.status == 200, f"{docname}.html answered {record.status}"
    assert record.external_requests == [], f"{docname} requested other hosts"
    assert record.local_failures == [], f"{docname} asked for files the book lacks"
    assert record.unexpected_console_errors() == [], f"console errors on {docname}"
    assert record.screenshot is not None and record.screenshot.stat().st_size > 0


@pytest.mark.parametrize("docname", DOCNAMES)
def test_math_is_typeset(visit_page, docname: str) -> None:
    math = visit_page(docname).math
    if math["elements"]:
        assert math["mathjax"], f"{docname} has formulas but MathJax did not load"
    assert math["typeset"] == math["elements"], f"untypeset formulas on {docname}: {math}"
    assert math["errors"] == 0, f"MathJax reported {math['errors']} TeX error(s) on {docname}"
    leftovers = RAW_TEX.findall(math["text"])
    assert leftovers == [], f"raw TeX left in the text of {docname}: {leftovers[:5]}"


def test_the_book_has_typeset_math(visit_page) -> None:
    """The math check above is not vacuous: the introduction has formulas."""
    math = visit_page(DOCNAMES[0]).math
    assert math["elements"] >= 3 and math["typeset"] == math["elements"]


@pytest.mark.parametrize("docname", DOCNAMES)
def test_chrome_within_budget(visit_page, docname: str) -> None:
    record = visit_page(docname)
    chrome = {path: size for path, size in record.loaded_files.items() if path.startswith("_static/")}
    assert record.chrome_weight <= CHROME_BUDGET_BYTES, (
        f"{docname} loads {record.chrome_weight:,} bytes of chrome (budget {CHROME_BUDGET_BYTES:,}); "
        f"largest: {sorted(chrome.items(), key=lambda kv: -kv[1])[:5]}"
    )


def test_built_book_within_disk_budget(built_book: Path) -> None:
    """The whole of _build/html, as ``du`` counts it (allocated blocks)."""
    stats = {path.relative_to(built_book).as_posix(): path.stat() for path in built_book.rglob("*") if path.is_file()}
    on_disk = sum(stat.st_blocks * 512 for stat in stats.values())
    largest = sorted(((path, stat.st_size) for path, stat in stats.items()), key=lambda kv: -kv[1])[:5]
    assert on_disk <= BOOK_BUDGET_BYTES, (
        f"_build/html takes {on_disk:,} bytes (budget {BOOK_BUDGET_BYTES:,}); largest: {largest}"
    )


@pytest.mark.parametrize("docname", DOCNAMES)
def test_page_weight_within_budget(visit_page, docname: str) -> None:
    record = visit_page(docname)
    assert f"{docname}.html" in record.loaded_files
    assert record.weight <= PAGE_BUDGET_BYTES, (
        f"{docname} weighs {record.weight:,} bytes (budget {PAGE_BUDGET_BYTES:,}); largest: "
        f"{sorted(record.loaded_files.items(), key=lambda kv: -kv[1])[:5]}"
    )


@pytest.mark.parametrize("docname", DOCNAMES)
def test_solutions_unfold_when_clicked(browser, book_url: str, docname: str) -> None:
    """Exercise solutions are dropdown admonitions: folded at first, shown on a click."""
    record = PageVisit(docname)
    context, page = open_page(browser, book_url, f"{docname}.html", record)
    try:
        dropdowns = page.locator(".admonition.dropdown")
        if docname == DOCNAMES[0]:
            assert dropdowns.count() >= 1, "the introduction shows an exercise with a folded solution"
        for d in range(dropdowns.count()):
            dropdown = dropdowns.nth(d)
            body = dropdown.locator(":scope > :not(.admonition-title):not(button)").first
            assert "toggle-hidden" in (dropdown.get_attribute("class") or "")
            assert not body.is_visible(), f"solution {d} of {docname} is not folded"
            dropdown.locator(".admonition-title").click()
            body.wait_for(state="visible", timeout=5_000)
        assert record.unexpected_console_errors() == [], f"console errors on {docname}"
    finally:
        context.close()


@pytest.mark.parametrize("docname", DOCNAMES)
def test_no_live_widget_state_in_the_page(built_book: Path, docname: str) -> None:
    """The static book carries no ipywidgets views or state.

    A widget view with no static fallback would be an empty box without a kernel. Widget
    state comes from a notebook saved with ``metadata.widgets`` (a live session's state,
    kept by the build): it makes the page load the 1.9 MB HTML manager for nothing.
    """
    page = (built_book / f"{docname}.html").read_text(encoding="utf-8")
    assert "application/vnd.jupyter.widget-view+json" not in page, (
        f"{docname} shows a live-only ipywidgets view (not through lecture_lib.widgets?)"
    )
    assert "application/vnd.jupyter.widget-state+json" not in page, (
        f"{docname} embeds ipywidgets state: remove metadata.widgets from {docname}.ipynb"
    )


class _ExternalResources(html.parser.HTMLParser):
    """Collects every URL a page would fetch by itself: script/img/iframe src, link href,
    and URLs written inside inline scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        wanted = {"script": "src", "img": "src", "iframe": "src", "link": "href", "source": "src"}
        if tag in wanted and values.get(wanted[tag]):
            self.urls.append(values[wanted[tag]])
        self._in_script = tag == "script" and not values.get("src")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.urls += re.findall(r"https?://[^\s\"'<>)]+", data)


def test_built_html_references_no_other_host(built_book: Path) -> None:
    """No CDN anywhere: every script, style sheet and image of every page is the book's own."""
    offenders = []
    for page in sorted(built_book.rglob("*.html")):
        parser = _ExternalResources()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.urls:
            if re.match(r"^(https?:)?//", url):
                offenders.append(f"{page.relative_to(built_book)}: {url}")
    assert offenders == []


def test_vendored_assets_are_served_by_the_book(built_book: Path) -> None:
    intro = (built_book / f"{DOCNAMES[0]}.html").read_text(encoding="utf-8")
    assert re.search(r'<script[^>]+src="[./]*_static/mathjax/startup\.js', intro)
    assert (built_book / "_static" / "mathjax" / "startup.js").is_file()
    assert (built_book / "_static" / "html-manager" / "embed.js").is_file()


# The repository the book was built for: scripts/test.sh builds it with the same environment (and
# scripts/setup.sh rebuilds when the setting changes), CI with none. A book built with the setting
# is also tested, on a scratch build, in tests/test_publishing.py.
PUBLISHED = publisher_setting(os.environ)


@pytest.mark.parametrize("docname", DOCNAMES)
def test_download_and_launch_buttons(built_book: Path, docname: str) -> None:
    """Every page offers its source for download. The repository button, and Binder and Colab on
    notebook pages, exist only in a book built for a repository (BOOK_REPOSITORY)."""
    page = (built_book / f"{docname}.html").read_text(encoding="utf-8")
    sources = re.findall(r'href="((?:\.\./)*_sources/[^"]+)"', page)
    assert sources, f"{docname} has no download button"
    depth = docname.count("/")
    for href in sources:
        assert (built_book / href[3 * depth :]).is_file(), f"{docname}: {href} missing"
    if docname in NOTEBOOK_DOCNAMES:
        assert any(href.endswith(f"{docname}.ipynb") for href in sources)
    launch_buttons = "dropdown-launch-buttons" in page
    repository_button = "btn-source-repository-button" in page
    if PUBLISHED is None:
        assert not launch_buttons and not repository_button
        return
    owner_repo, branch = PUBLISHED.url.removeprefix("https://github.com/"), PUBLISHED.branch
    assert repository_button and f'href="{PUBLISHED.url}"' in page
    assert launch_buttons == (docname in NOTEBOOK_DOCNAMES)
    if launch_buttons:
        assert f"https://mybinder.org/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/{docname}.ipynb" in page
        assert f"https://colab.research.google.com/github/{owner_repo}/blob/{branch}/{docname}.ipynb" in page
        assert (f'href="{PUBLISHED.jupyterhub}/hub/user-redirect/git-pull?' in page) == bool(PUBLISHED.jupyterhub)


def test_no_link_to_an_invented_address(built_book: Path) -> None:
    """Every link of every page to another site is one the book's authors wrote (in the pages'
    sources or the bibliography, where a doi or an arXiv eprint becomes its address), or one to
    the repository the book was built for."""
    sources = [path for path in sorted((ROOT / "book").glob("*")) if path.suffix in {".md", ".ipynb", ".bib"}]
    written = "\n".join(path.read_text(encoding="utf-8") for path in sources)
    dois = set(re.findall(r"doi\s*=\s*\{([^}]+)\}", written))
    eprints = set(re.findall(r"eprint\s*=\s*\{([^}]+)\}", written))
    invented = []
    for page in sorted(built_book.rglob("*.html")):
        for url in re.findall(r'(?:href|src)="(https?://[^"]+)"', page.read_text(encoding="utf-8")):
            url = html.unescape(url)
            if (
                url in written
                or url.removeprefix("https://doi.org/") in dois
                or url.removeprefix("https://arxiv.org/abs/") in eprints
            ):
                continue
            if PUBLISHED is not None and PUBLISHED.url.removeprefix("https://github.com/") in url:
                continue
            invented.append(f"{page.relative_to(built_book)}: {url}")
    assert invented == []


def test_search_finds_a_word_of_the_book(browser, book_url: str) -> None:
    record = PageVisit("search")
    context, page = open_page(browser, book_url, "search.html?q=backpropagation", record)
    try:
        results = page.locator("ul.search li a")
        results.first.wait_for(timeout=LOAD_TIMEOUT_MS)
        hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
        assert any(DOCNAMES[0] in href for href in hrefs), hrefs
        assert record.external_requests == []
        assert record.unexpected_console_errors() == []
    finally:
        context.close()


def test_root_redirects_to_the_introduction(browser, book_url: str) -> None:
    record = PageVisit("index")
    context, page = open_page(browser, book_url, "", record)
    try:
        page.wait_for_url(f"**/{DOCNAMES[0]}.html", timeout=LOAD_TIMEOUT_MS)
        assert record.unexpected_console_errors() == []
    finally:
        context.close()

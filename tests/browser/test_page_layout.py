"""The book's pages laid out at a desktop width (1280 px) and a phone width (390 px).

Every page of ``_toc.yml`` is opened at both widths (served and watched as in
test_static_book.py), its math typeset and every folded solution opened. Then

* no display equation (MathJax's ``mjx-container[display="true"]``) and no table is cut off or
  scrolls sideways: its content fits its own box (``scrollWidth`` against ``clientWidth``), and
  its box lies inside the article and inside every ancestor that clips or scrolls. A display
  equation a little too wide for the column may have been shrunk to fit by
  book/chrome/fit-display-math.js (to 80 % of its size at most); the ones it shrank are listed
  in ``test-artifacts/display-math-shrunk.txt``. A wider one fails here: split it over lines;
* every Font Awesome icon the page holds is drawn from the book's icon subset
  (scripts/icon_subset.py): each icon class has a glyph, each glyph lies in the
  ``unicode-range`` of a face of its family and weight, and the theme's full icon fonts are
  never loaded;
* nothing is logged as an error, no request fails or leaves 127.0.0.1.

And every page has the book's favicon.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from test_static_book import ARTIFACTS, DOCNAMES, LOAD_TIMEOUT_MS, PageVisit, open_page, wait_for_mathjax

WIDTHS = (1280, 390)
TOLERANCE_PX = 1  # sub-pixel rounding of glyph widths
SHRUNK_REPORT = ARTIFACTS / "display-math-shrunk.txt"

# For every rendered display equation and table: how wide its content is, its own box, and
# the horizontal room it has (the viewport, narrowed by the article and by every ancestor that
# clips or scrolls). For every icon: its family, weight and ::before/::after content; and the
# page's Font Awesome faces.
LAYOUT_JS = """
() => {
  const tex = new Map();
  const doc = window.MathJax && MathJax.startup && MathJax.startup.document;
  if (doc && doc.math) for (const item of doc.math) tex.set(item.typesetRoot, item.math);
  const boxes = [];
  const kinds = [['equation', 'mjx-container[display="true"]'], ['table', 'table']];
  for (const [kind, selector] of kinds) for (const el of document.querySelectorAll(selector)) {
    if (el.getClientRects().length === 0) continue;
    const rect = el.getBoundingClientRect();
    let left = 0, right = document.documentElement.clientWidth;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
      if (a.tagName === 'ARTICLE' || getComputedStyle(a).overflowX !== 'visible') {
        const r = a.getBoundingClientRect();
        left = Math.max(left, r.left + a.clientLeft);
        right = Math.min(right, r.left + a.clientLeft + a.clientWidth);
      }
    }
    boxes.push({
      kind,
      text: (tex.get(el) ?? el.textContent).trim().replace(/\\s+/g, ' ').slice(0, 100),
      content: el.scrollWidth, box: el.clientWidth,
      over: Math.max(el.scrollWidth - el.clientWidth, rect.right - right, left - rect.left),
      room: Math.round(right - left),
      scale: el.dataset.fitScale ? Number(el.dataset.fitScale) : null,
    });
  }
  const iconClass = /^(fa|fas|far|fab|fa-solid|fa-regular|fa-brands)$/;
  const icons = [];
  for (const el of document.querySelectorAll('body *')) for (const pseudo of ['::before', '::after']) {
    const style = getComputedStyle(el, pseudo);
    const family = style.fontFamily.split(',')[0].replace(/["']/g, '').trim();
    const isIcon = pseudo === '::before' && [...el.classList].some(c => iconClass.test(c));
    const drawn = /^Font Awesome/.test(family) && !['none', 'normal'].includes(style.content);
    if (isIcon || drawn) icons.push({
      where: `<${el.tagName.toLowerCase()} class="${el.getAttribute('class')}">${pseudo}`,
      family, weight: style.fontWeight, content: style.content,
    });
  }
  const faces = [...document.fonts].filter(f => /Font Awesome/.test(f.family)).map(f => ({
    family: f.family.replace(/["']/g, ''), weight: f.weight, range: f.unicodeRange,
  }));
  return {boxes, icons, faces};
}
"""


@dataclass
class LayoutVisit:
    record: PageVisit
    boxes: list[dict] = field(default_factory=list)
    icons: list[dict] = field(default_factory=list)
    faces: list[dict] = field(default_factory=list)


_layouts: dict[tuple[str, int], LayoutVisit] = {}


@pytest.fixture(scope="session")
def layout(browser, book_url: str):
    """Open a page at a width (cached), typeset, unfold every solution, measure."""

    def visit(docname: str, width: int) -> LayoutVisit:
        if (docname, width) not in _layouts:
            record = PageVisit(docname)
            context, page = open_page(browser, book_url, f"{docname}.html", record, width=width)
            try:
                wait_for_mathjax(page)
                titles = page.locator(".admonition.dropdown > .admonition-title")
                for t in range(titles.count()):
                    titles.nth(t).click()
                    page.locator(".admonition.dropdown").nth(t).locator(
                        ":scope > :not(.admonition-title):not(button)"
                    ).first.wait_for(state="visible", timeout=LOAD_TIMEOUT_MS)
                # The fit script reacts to size changes in a ResizeObserver, before the next paint.
                page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                _layouts[docname, width] = LayoutVisit(record, **page.evaluate(LAYOUT_JS))
            finally:
                context.close()
        return _layouts[docname, width]

    yield visit
    write_shrunk_report()


def write_shrunk_report() -> None:
    lines = [f"{'page':<32} {'width':>5} {'scale':>6} {'natural px':>10}  TeX"]
    for (docname, width), visit in sorted(_layouts.items(), key=lambda kv: (kv[0][1], DOCNAMES.index(kv[0][0]))):
        for box in visit.boxes:
            if box["scale"] is not None:
                natural = round(box["box"] / box["scale"])
                lines.append(f"{docname:<32} {width:>5} {box['scale']:>6.3f} {natural:>10}  {box['text']}")
    if _layouts:
        SHRUNK_REPORT.write_text("\n".join(lines) + "\n", encoding="utf-8")


def describe(box: dict) -> str:
    shrunk = f", shrunk to {box['scale']:.0%}" if box["scale"] is not None else ""
    return f"{box['kind']} {box['content']} px wide in {box['room']} px{shrunk}: {box['text']}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("docname", DOCNAMES)
def test_equations_and_tables_fit_the_column(layout, docname: str, width: int) -> None:
    visit = layout(docname, width)
    overflowing = [describe(box) for box in visit.boxes if box["over"] > TOLERANCE_PX]
    assert not overflowing, f"{docname} at {width} px, cut off or scrolling sideways:\n" + "\n".join(overflowing)
    assert visit.record.external_requests == [], f"{docname} at {width} px requested other hosts"
    assert visit.record.local_failures == [], f"{docname} at {width} px asked for files the book lacks"
    assert visit.record.unexpected_console_errors() == [], f"console errors on {docname} at {width} px"


def test_the_layout_check_sees_equations_and_tables(layout) -> None:
    """Not vacuous: the book has display equations and at least one table."""
    kinds = {box["kind"] for docname in DOCNAMES for box in layout(docname, 390).boxes}
    assert kinds == {"equation", "table"}


def unicode_ranges(css_range: str) -> list[tuple[int, int]]:
    """``U+F002, U+F010-F01F`` as inclusive (first, last) pairs."""
    pairs = []
    for part in css_range.replace(" ", "").split(","):
        first, _, last = part.removeprefix("U+").partition("-")
        pairs.append((int(first, 16), int(last or first, 16)))
    return pairs


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("docname", DOCNAMES)
def test_icons_come_from_the_icon_subset(layout, docname: str, width: int) -> None:
    visit = layout(docname, width)
    assert visit.icons, f"{docname} at {width} px shows no icon at all"
    faces = [(face["family"], face["weight"], unicode_ranges(face["range"])) for face in visit.faces]
    not_drawn = []
    for icon in visit.icons:
        glyph = re.match(r'^"(.)"', icon["content"])
        codepoint = ord(glyph.group(1)) if glyph else None
        covered = codepoint is not None and any(
            family == icon["family"] and weight == icon["weight"] and any(a <= codepoint <= b for a, b in ranges)
            for family, weight, ranges in faces
        )
        if not covered:
            not_drawn.append(f"{icon['where']}: {icon['family']} {icon['weight']} content {icon['content']}")
    assert not not_drawn, f"icons of {docname} at {width} px not in the icon subset:\n" + "\n".join(not_drawn)
    full_fonts = [path for path in visit.record.loaded_files if "/vendor/fontawesome/" in path]
    assert full_fonts == [], f"{docname} loaded the theme's full icon fonts"


@pytest.mark.parametrize("docname", DOCNAMES)
def test_every_page_has_the_book_favicon(visit_page, docname: str) -> None:
    assert "_static/favicon.svg" in visit_page(docname).loaded_files

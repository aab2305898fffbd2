"""The theme's Font Awesome cut down to the icons the book shows (run by scripts/setup.sh).

pydata-sphinx-theme draws its icons with Font Awesome 6: its style sheet holds a
``.fa-NAME:before`` rule for each of about 2,000 icons (86 KB of its 397 KB) and declares the
full webfonts (156 KB solid, 118 KB brands), while the book shows a few dozen glyphs. Given
the folder book/vendor/ (html_static_path, copied into _build/html/_static/), this script
writes

* ``icons/fa-solid-900.woff``, ``icons/fa-regular-400.woff``, ``icons/fa-brands-400.woff``:
  the theme's fonts subset to the glyphs of ``ICONS`` plus every icon the theme's and the
  book theme's style sheets draw by themselves (admonition titles, external links, the
  "on this page" arrow);
* ``styles/pydata-sphinx-theme.css``, which replaces the theme's file of that name: the same
  style sheet with only the ``.fa-NAME:before`` rules of ``ICONS``, and its ``@font-face``
  rules pointing at the subset fonts, each with a ``unicode-range`` of exactly the glyphs it
  holds (and without the comment naming a source map that no longer matches).

tests/browser/test_page_layout.py fails when a page shows an icon these files cannot draw.
The output is deterministic (no timestamps in the fonts).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pydata_sphinx_theme
import sphinx_book_theme
from fontTools import subset
from fontTools.ttLib import TTFont

# Every Font Awesome icon class the book's pages use: the header buttons, the sidebar and
# theme-switch toggles, the launch, download and repository menus.
ICONS = [
    "angle-left",
    "angle-right",
    "arrow-up",
    "bars",
    "circle-half-stroke",
    "download",
    "expand",
    "file",
    "file-pdf",
    "github",
    "list",
    "magnifying-glass",
    "moon",
    "outdent",
    "rocket",
    "sun",
]

PYDATA_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
BOOK_STATIC = Path(sphinx_book_theme.__file__).parent / "theme" / "sphinx_book_theme" / "static"
THEME_CSS = PYDATA_STATIC / "styles" / "pydata-sphinx-theme.css"
BOOK_THEME_CSS = BOOK_STATIC / "styles" / "sphinx-book-theme.css"
WEBFONTS = PYDATA_STATIC / "vendor" / "fontawesome" / "webfonts"
FONTS = ["fa-solid-900", "fa-regular-400", "fa-brands-400"]

ICON_RULE = re.compile(r'((?:\.fa-[\w-]+:before,?)+)\{content:"([^"]*)"\}')
PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]|\\([ef][0-9a-f]{3})\b", re.IGNORECASE)
SOURCE_MAP = re.compile(r"\n?/\*# sourceMappingURL=[^*]*\*/\s*$")


def font_src(stem: str) -> re.Pattern[str]:
    """The theme's ``src:`` of one webfont: its woff2 file, then its ttf file."""
    url = re.escape(f"url(../vendor/fontawesome/webfonts/{stem}")
    return re.compile(url + r'\.woff2\) format\("woff2"\),' + url + r'\.ttf\) format\("truetype"\)')


def css_codepoint(text: str) -> int:
    """The code point of a CSS content string: ``\\f0c9``, an escaped ``\\=`` or a literal ``T``."""
    if re.fullmatch(r"\\[0-9a-fA-F]+", text):
        return int(text[1:], 16)
    return ord(text[-1])


def icon_names(selectors: str) -> list[str]:
    return re.findall(r"\.fa-([\w-]+):before", selectors)


def drawn_by_css(css: str) -> set[int]:
    """Icons a style sheet draws itself (outside the per-icon rules), e.g. in ``::after``."""
    return {
        int(match.group(1), 16) if match.group(1) else ord(match.group(0))
        for match in PRIVATE_USE.finditer(ICON_RULE.sub("", css))
    }


def subset_font(stem: str, codepoints: set[int], out: Path) -> list[int]:
    """Write ``out/STEM.woff`` with the glyphs of ``codepoints`` it has; return those."""
    font = TTFont(WEBFONTS / f"{stem}.ttf", recalcTimestamp=False)
    present = sorted(codepoints & set(font.getBestCmap()))
    subsetter = subset.Subsetter(subset.Options())
    subsetter.populate(unicodes=present)
    subsetter.subset(font)
    font.flavor = "woff"
    font.save(out / f"{stem}.woff", reorderTables=True)
    return present


def main(vendor: Path) -> None:
    css = THEME_CSS.read_text(encoding="utf-8")
    by_name = {name: css_codepoint(content) for selectors, content in ICON_RULE.findall(css)
               for name in icon_names(selectors)}
    missing = [name for name in ICONS if name not in by_name]
    if missing:
        raise SystemExit(f"icon_subset.py: the theme's style sheet has no icon {missing}")
    wanted = {by_name[name] for name in ICONS}
    wanted |= drawn_by_css(css) | drawn_by_css(BOOK_THEME_CSS.read_text(encoding="utf-8"))

    def keep_listed_icons(rule: re.Match[str]) -> str:
        names = [name for name in icon_names(rule.group(1)) if name in ICONS]
        return ",".join(f".fa-{name}:before" for name in names) + f'{{content:"{rule.group(2)}"}}' if names else ""

    css = SOURCE_MAP.sub("\n", ICON_RULE.sub(keep_listed_icons, css))
    (vendor / "icons").mkdir(parents=True, exist_ok=True)
    for stem in FONTS:
        present = subset_font(stem, wanted, vendor / "icons")
        ranges = ",".join(f"U+{point:X}" for point in present)
        css, count = font_src(stem).subn(f'url(../icons/{stem}.woff) format("woff");unicode-range:{ranges}', css)
        if count != 1:
            raise SystemExit(f"icon_subset.py: {count} @font-face rules for {stem} in the theme's style sheet")
    (vendor / "styles").mkdir(exist_ok=True)
    (vendor / "styles" / "pydata-sphinx-theme.css").write_text(css, encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

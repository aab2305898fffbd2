"""Test plumbing stays out of the reader's sight on the built pages.

A chapter glues numbers into its prose and prints checked values for nbval; neither should
reach the reader as plumbing. On every chapter page of the built book:

- no shown code cell consists only of ``glue(...)`` calls (and imports): such a cell is
  tagged ``remove-cell``;
- no shown output is a bare ``True``/``False`` or ends a line with one ("error < 1e-8: True"):
  a check prints the number a reader wants to see.

These read the built HTML only; they need no browser, but they need the built book.
"""

import ast
import html
import re
from pathlib import Path

import pytest
from test_static_book import NOTEBOOK_DOCNAMES

CELL_BLOCK = r'<div class="{kind} docutils container">(.*?)</pre>'
BOOLEAN_LINE = re.compile(r"(^|[:=]\s*)(True|False)$")


def cell_texts(page: Path, kind: str) -> list[str]:
    """The text of every ``cell_input`` or ``cell_output`` block of a built page."""
    source = page.read_text(encoding="utf-8")
    blocks = re.findall(CELL_BLOCK.format(kind=kind), source, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", block)).strip() for block in blocks]


def only_glues(code: str) -> bool:
    """Whether a cell's code does nothing but import and call ``glue``."""
    try:
        statements = ast.parse(code).body
    except SyntaxError:
        return False
    calls = [
        statement for statement in statements
        if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Call)
        and isinstance(statement.value.func, ast.Name) and statement.value.func.id == "glue"
    ]
    imports = [statement for statement in statements if isinstance(statement, ast.Import | ast.ImportFrom)]
    return bool(calls) and len(calls) + len(imports) == len(statements)


CHAPTERS = sorted(NOTEBOOK_DOCNAMES)


def page_of(built_book: Path, docname: str) -> Path:
    return built_book / f"{docname}.html"


def test_only_glues_recognises_a_glue_cell() -> None:
    assert only_glues("from myst_nb import glue\nglue('a', 1.0, display=False)\nglue('b', 2)")
    assert not only_glues("glue('a', 1.0)\nprint(a)")
    assert not only_glues("import numpy as np")


@pytest.mark.parametrize("docname", CHAPTERS)
def test_no_glue_only_cell_is_shown(built_book: Path, docname: str) -> None:
    shown = [code for code in cell_texts(page_of(built_book, docname), "cell_input") if only_glues(code)]
    assert not shown, f"{docname} shows cells that only glue numbers (tag them remove-cell): {shown}"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_no_output_is_a_bare_boolean(built_book: Path, docname: str) -> None:
    outputs = cell_texts(page_of(built_book, docname), "cell_output")
    assert outputs, f"{docname} has no cell outputs: is the page built from executed notebooks?"
    bare = [
        line.strip() for output in outputs for line in output.splitlines()
        if BOOLEAN_LINE.search(line.strip())
    ]
    assert not bare, f"{docname} prints bare booleans (print the number checked instead): {bare}"

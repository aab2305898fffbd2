"""The layers of lecture_lib: engine < algorithms < figures < widgets, each folder a layer.

A module may import from its own layer and the layers before it, never from a later one;
the engine and the algorithms import no drawing library, the figures no ipywidgets. The
rule is read from every import statement of every module (including imports inside
functions), so a violation anywhere fails here.
"""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lecture_lib"
LAYERS = ("engine", "algorithms", "figures", "widgets")
DRAWING = {"matplotlib", "ipywidgets", "PIL", "IPython", "contourpy"}
FORBIDDEN = {"engine": DRAWING, "algorithms": DRAWING, "figures": {"ipywidgets", "IPython"}, "widgets": set()}
MAX_LINES = 450


def imported_modules(source: str) -> list[str]:
    """Every module an import statement in ``source`` names (``from a.b import c`` gives a.b)."""
    names = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            if node.module == "lecture_lib":  # from lecture_lib import engine
                names += [f"lecture_lib.{alias.name}" for alias in node.names]
    return names


def violations(layer: str, source: str) -> list[str]:
    """What a module of ``layer`` with this source imports against the rule."""
    found = []
    rank = LAYERS.index(layer)
    for name in imported_modules(source):
        parts = name.split(".")
        if parts[0] in FORBIDDEN[layer]:
            found.append(f"imports {name}, which the {layer} layer must not")
        if parts[0] == "lecture_lib" and len(parts) > 1 and parts[1] in LAYERS and LAYERS.index(parts[1]) > rank:
            found.append(f"imports {name} from the later layer {parts[1]}")
    return found


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def layer_of(path: Path) -> str | None:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else None


def test_every_module_lives_in_a_layer_folder():
    loose = [p.name for p in modules() if layer_of(p) is None and p.name != "__init__.py"]
    assert loose == [], f"modules outside the layer folders {LAYERS}: {loose}"
    assert {layer_of(p) for p in modules()} - {None} == set(LAYERS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_from_its_layer_and_below(path: Path):
    layer = layer_of(path)
    source = path.read_text(encoding="utf-8")
    if layer is None:  # the package's __init__ re-exports the engine's Tensor only
        assert all(not name.startswith("lecture_lib.") or name.startswith("lecture_lib.engine")
                   for name in imported_modules(source))
        return
    assert violations(layer, source) == []


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_holds_one_concept(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by concept"


@pytest.mark.parametrize(
    ("layer", "source", "complaint"),
    [
        ("engine", "import matplotlib.pyplot as plt", "must not"),
        ("algorithms", "def f():\n    import ipywidgets\n", "must not"),
        ("figures", "from ipywidgets import IntSlider", "must not"),
        ("algorithms", "from lecture_lib.figures.plotting import DecisionBoundary", "later layer figures"),
        ("figures", "from lecture_lib.widgets import Slider", "later layer widgets"),
        ("engine", "from lecture_lib import algorithms", "later layer algorithms"),
    ],
)
def test_the_rule_catches_each_kind_of_violation(layer, source, complaint):
    assert any(complaint in v for v in violations(layer, source))


def test_the_rule_allows_imports_from_below():
    source = "import numpy as np\nfrom lecture_lib.engine import nn\nfrom lecture_lib.algorithms import data\n"
    assert violations("figures", source) == []
    assert violations("widgets", "import ipywidgets\nfrom lecture_lib.figures.graph import draw_graph") == []

"""Every control of the live figures of chapters 02 and 03 at its extremes: no warning, no NaN.

The chapters' cells call the same functions (``gate_widget()``, ``hidden_space_widget()``,
``collapse_widget()``), so what is tested here is what the reader moves.
"""

import io
import itertools
import warnings

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection, PathCollection  # noqa: E402
from matplotlib.image import AxesImage  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from PIL import Image  # noqa: E402

from lecture_lib import collapse, data  # noqa: E402
from lecture_lib.figures_xor import gate_widget, hidden_space_widget  # noqa: E402
from lecture_lib.perceptron import perceptron_predict  # noqa: E402
from lecture_lib.widgets import Dropdown  # noqa: E402


def extreme_settings(figure):
    """Every combination of the controls' extremes: both ends of each slider, every dropdown option."""
    ends = {
        name: control.values() if isinstance(control, Dropdown) else [control.values()[0], control.values()[-1]]
        for name, control in figure.controls.items()
    }
    return [dict(zip(ends, values, strict=True)) for values in itertools.product(*ends.values())]


def assert_everything_drawn_is_finite(figure):
    for artist in figure.findobj():
        if isinstance(artist, AxesImage):
            assert np.isfinite(np.asarray(artist.get_array(), dtype=float)).all()
        elif isinstance(artist, Line2D):
            assert np.isfinite(artist.get_xydata()).all()
        elif isinstance(artist, LineCollection):
            for segment in artist.get_segments():
                assert np.isfinite(segment).all()
        elif isinstance(artist, PathCollection):
            assert np.isfinite(artist.get_offsets()).all()
        elif isinstance(artist, Text):
            assert "nan" not in artist.get_text().lower()
            assert "inf" not in artist.get_text().lower()


def sweep(figure):
    initial = dict(figure.values)
    for setting in extreme_settings(figure):
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            png = figure.render(**{**initial, **setting})
        image = Image.open(io.BytesIO(png))
        width, height = figure.figure.canvas.get_width_height()
        assert image.size == (width, height)
        pixels = np.asarray(image)
        assert pixels.std() > 0  # something was drawn
        assert_everything_drawn_is_finite(figure.figure)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_gate_widget_extremes():
    sweep(gate_widget())


def test_hidden_space_widget_extremes():
    sweep(hidden_space_widget())


def test_collapse_widget_extremes():
    sweep(collapse.collapse_widget(precompute_all=False))


def test_gate_widget_caption_follows_the_controls():
    figure = gate_widget()
    figure.render(w1=1.0, w2=1.0, b=-0.5, gate="or")
    texts = [t.get_text() for t in figure.figure.axes[0].texts]
    assert any("OR: 4 of 4 right" in text for text in texts)
    figure.render(gate="xor")
    assert any("XOR: 3 of 4 right" in t.get_text() for t in figure.figure.axes[0].texts)


def test_static_book_frames_reach_an_and_and_an_or_solution():
    grid = gate_widget().static_grid()
    for gate in ("and", "or"):
        X, y = data.logic_gate(gate)
        assert any(
            (perceptron_predict(X, np.array([w1, w2]), b) == y).all()
            for w1, w2, b in itertools.product(grid["w1"], grid["w2"], grid["b"])
        ), gate


def test_hand_set_hidden_weights_solve_xor_in_the_widget():
    figure = hidden_space_widget()
    figure.render()
    assert any("XOR: 4 of 4 right" in t.get_text() for t in figure.figure.axes[0].texts)

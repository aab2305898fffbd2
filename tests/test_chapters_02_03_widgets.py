"""Every control of the live figures of chapters 02 and 03 at its extremes: no warning, no NaN.

The chapters' cells call the same functions (``gate_widget()``, ``hidden_space_widget()``,
``collapse_widget()``), so what is tested here is what the reader moves.
"""

import itertools

import matplotlib

matplotlib.use("agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from widget_sweep import sweep_extremes  # noqa: E402

from lecture_lib import collapse, data  # noqa: E402
from lecture_lib.figures_xor import gate_widget, hidden_space_widget  # noqa: E402
from lecture_lib.perceptron import perceptron_predict  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_gate_widget_extremes():
    sweep_extremes(gate_widget())


def test_hidden_space_widget_extremes():
    sweep_extremes(hidden_space_widget())


def test_collapse_widget_extremes():
    sweep_extremes(collapse.collapse_widget(precompute_all=False))


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

"""Every control of the live figures of chapters 02 and 03 at its extremes: no warning, no NaN.

The chapters' cells call the same functions (``gate_widget()``, ``hidden_space_widget(HAND_SET)``,
``collapse_widget()``), so what is tested here is what the reader moves.
"""

import itertools

import numpy as np
from widget_sweep import sweep_extremes

from lecture_lib.algorithms import data
from lecture_lib.algorithms.perceptron import perceptron_predict
from lecture_lib.widgets.mlp_and_nonlinearity import collapse_widget
from lecture_lib.widgets.neuron_and_xor import gate_widget, hidden_space_widget

HAND_SET = {"w1": 10.0, "w2": 10.0, "b1": -5.0, "w3": 10.0, "w4": 10.0, "b2": -15.0,
            "w5": 10.0, "w6": -10.0, "b3": -5.0}


def test_gate_widget_extremes():
    sweep_extremes(gate_widget())


def test_hidden_space_widget_extremes():
    sweep_extremes(hidden_space_widget(HAND_SET))


def test_collapse_widget_extremes():
    sweep_extremes(collapse_widget(precompute_all=False))


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
    figure = hidden_space_widget(HAND_SET)
    figure.render()
    assert any("XOR: 4 of 4 right" in t.get_text() for t in figure.figure.axes[0].texts)

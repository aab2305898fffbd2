"""Every control of the live figures of chapters 02 and 03 at its extremes: no warning, no NaN.

The chapters' cells call the same functions (``gate_widget()``, ``hidden_space_widget(HAND_SET)``,
``collapse_widget()``), so what is tested here is what the reader moves.
"""

import itertools

import numpy as np
import pytest
from widget_sweep import sweep_extremes

from lecture_lib.algorithms import data
from lecture_lib.algorithms.perceptron import perceptron_predict
from lecture_lib.widgets.mlp_and_nonlinearity import collapse_widget
from lecture_lib.widgets.neuron_and_xor import gate_widget, hidden_space_widget
from lecture_lib.widgets.static import plan

HAND_SET = {"w1": 10.0, "w2": 10.0, "b1": -5.0, "w3": 10.0, "w4": 10.0, "b2": -15.0,
            "w5": 10.0, "w6": -10.0, "b3": -5.0}


def test_gate_widget_extremes():
    sweep_extremes(gate_widget())


def test_hidden_space_widget_extremes():
    sweep_extremes(hidden_space_widget(HAND_SET))


def test_collapse_widget_extremes():
    sweep_extremes(collapse_widget(precompute_all=False))


def caption(figure) -> str:
    return "\n".join(t.get_text() for ax in figure.figure.axes for t in ax.texts if "computes" in t.get_text())


def test_gate_widget_caption_names_the_gates_the_neuron_computes():
    figure = gate_widget()
    figure.render(w1=1.0, w2=1.0, b=-0.5)
    assert caption(figure).endswith("computes OR")
    figure.render(b=-1.5)
    assert caption(figure).endswith("computes AND")
    figure.render(w1=-1.0, w2=-1.0, b=0.5)
    assert caption(figure).endswith("computes NOR")
    figure.render(w1=0.0, w2=0.0, b=0.5)
    assert caption(figure).endswith("computes none of these gates")


def test_static_book_frames_reach_every_gate_one_neuron_can_compute_and_no_xor():
    layout = plan(gate_widget())
    computed = set()
    for w1, w2, b in itertools.product(layout.grid["w1"], layout.grid["w2"], layout.grid["b"]):
        for gate in data.LOGIC_GATES:
            X, y = data.logic_gate(gate)
            if (perceptron_predict(X, np.array([w1, w2]), b) == y).all():
                computed.add(gate)
    assert computed == {"and", "or", "nand", "nor"}


def test_hidden_space_presets_keep_the_output_unit_fixed():
    with pytest.raises(ValueError, match=r"preset 'bad' changes the fixed output weights \{'w5': 1.0\}"):
        hidden_space_widget(HAND_SET, presets={"bad": {**HAND_SET, "w5": 1.0}})
    figure = hidden_space_widget(HAND_SET, presets={"b2 = -5": {**HAND_SET, "b2": -5.0}})
    assert figure.presets["b2 = -5"]["b2"] == -5.0 and "w5" not in figure.presets["b2 = -5"]


def test_hand_set_hidden_weights_solve_xor_in_the_widget():
    figure = hidden_space_widget(HAND_SET)
    figure.render()
    assert any("XOR: 4 of 4 right" in t.get_text() for t in figure.figure.axes[0].texts)

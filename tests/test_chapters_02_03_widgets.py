"""The live figures of chapters 02 and 03: every control at its extremes (no warning, no NaN),
and what the chapters' prose says about them.

The chapters' cells call the same functions (``gate_widget()``, ``hidden_space_widget(HAND_SET)``,
``collapse_widget()``, ``dead_unit_widget(...)``), so what is tested here is what the reader moves.
"""

import itertools

import numpy as np
import pytest
from widget_sweep import sweep_extremes

from lecture_lib.algorithms import data
from lecture_lib.algorithms.collapse import dataset
from lecture_lib.algorithms.perceptron import perceptron_predict
from lecture_lib.engine import nn
from lecture_lib.widgets.mlp_and_nonlinearity import collapse_widget, dead_unit_widget
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


def dead_unit_figure():
    """As chapter 03 builds it: unit 0 of a fresh 2-8-2 ReLU network on the circles."""
    X, y = dataset("circles")
    return dead_unit_widget(nn.MLP([2, 8, 2], activation="relu", seed=0), X, y, unit=0,
                            biases=np.linspace(-2.5, 0.5, 13), presets={"dead": {"b": -2.0}, "alive": {"b": 0.0}})


def test_dead_unit_widget_extremes_and_every_frame_of_the_static_book():
    figure = dead_unit_figure()
    sweep_extremes(figure)
    layout = plan(figure)
    assert layout.mode == "product" and len(layout.settings) == 13  # every bias of the slider


def test_dead_unit_caption_says_dead_exactly_when_no_point_is_active():
    figure = dead_unit_figure()
    X, _ = dataset("circles")
    weights = nn.MLP([2, 8, 2], activation="relu", seed=0).layers[0].weight.data[:, 0]
    for b in figure.controls["b"].values():
        figure.render(b=b)
        title = figure.figure.axes[0].get_title()
        active = int(np.sum(X @ weights + b > 0))
        assert title.endswith(f"active on {active} of {len(X)} points")
        assert ("dead" in title) == (active == 0)
        gradients = figure.figure.axes[1].get_title()
        assert (gradients.count("= 0.0000") == 2) == (active == 0), gradients


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


def test_hidden_space_labels_stay_inside_the_axes_and_apart_in_every_static_frame():
    figure = hidden_space_widget(HAND_SET, presets={"b2 = -5": {**HAND_SET, "b2": -5.0}})
    figure.render()  # settles the layout; after it a label's extent needs no drawing
    renderer = figure.figure.canvas.get_renderer()
    hidden_axes = figure.figure.axes[1]
    axes_box = hidden_axes.get_window_extent()
    layout = plan(figure)
    for positions in layout.settings:
        figure.set(**layout.setting(positions))
        labels = [t for t in hidden_axes.texts if t.get_text()]
        assert sum(t.get_text().count("x=") for t in labels) == 4, "every input is named once"
        boxes = [t.get_window_extent(renderer) for t in labels]
        for box in boxes:
            assert axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1 and axes_box.y0 <= box.y0 and box.y1 <= axes_box.y1
        assert not any(a.overlaps(b) for a, b in itertools.combinations(boxes, 2))


def test_relu_with_two_units_on_the_circles_draws_a_straight_boundary_though_its_scores_are_not_affine():
    """Chapter 03 says so of its preset "ReLU, 1 layer of 2" (and exercise 4 asks why)."""
    figure = collapse_widget(precompute_all=False)
    figure.render(dataset_name="circles", activation="relu", depth=1, width=2)
    assert "scores not affine" in figure.figure.axes[0].texts[0].get_text()
    boundary = [line for line in figure.figure.axes[0].collections if hasattr(line, "get_segments")]
    vertices = np.concatenate([segment for lines in boundary for segment in lines.get_segments()])
    centred = vertices - vertices.mean(axis=0)
    assert np.linalg.svd(centred, compute_uv=False)[1] < 1e-9 * np.ptp(vertices)  # all on one line


def test_gate_sliders_offer_exactly_the_settings_the_static_book_renders():
    figure = gate_widget()
    layout = plan(figure)
    assert layout.mode == "product"
    for name, control in figure.controls.items():
        assert layout.grid[name] == control.values()


def test_dead_unit_widget_names_points_outside_the_plane():
    X, y = dataset("circles")
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        dead_unit_widget(nn.MLP([3, 4, 2], activation="relu"), np.hstack([X, X[:, :1]]), y, unit=0, biases=[0.0, 1.0])

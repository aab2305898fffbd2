"""The live figures of chapters 04-06: clean at the ends of their sliders (no warning, NaN or inf); what they say."""

import warnings

import example_networks as xor
import numpy as np
import pytest
from example_graphs import CIRCUIT, NEURON, RELU_NET, SUM_TIMES, circuit, sigmoid_neuron, sum_times, two_unit_relu
from matplotlib.text import Text
from widget_sweep import assert_everything_drawn_is_finite, sweep_extremes

from lecture_lib import maximum
from lecture_lib.figures.gradient_descent import TrainingFigure, unit_notes
from lecture_lib.widgets import Slider
from lecture_lib.widgets.gradient_descent import descent_widget, training_widget
from lecture_lib.widgets.graph import gate_widget, graph_widget

GATES = {
    "add": (lambda x, y: x + y, {"x": 2, "y": -1}, {"g": 2}),
    "mul": (lambda x, y: x * y, {"x": 2, "y": -1}, {"g": 2}),
    "max": (lambda x, y: maximum(x, y), {"x": 2, "y": -1}, {"g": 2}),
    "copy": (lambda x: [x, x], {"x": 1}, {"g1": 2, "g2": -1}),
}


def descent():
    return descent_widget(rates=[0.001, 0.05, 0.19, 0.21, 1.0], starts=[(-3.5, 3.0), (0.5, 3.5)], steps=[0, 1, 50])


def training(runs=None, **kwargs):
    runs = runs or xor.runs()
    return training_widget(runs, xor.predict, xor.hidden_lines, xor.POINTS, xor.LABELS, epochs=[0, 1, 10, 40],
                           rate=0.3, levels={"constant 0.5": 0.25}, **kwargs)


def sliders(values):
    return {name: Slider(-5.0, 5.0, 0.5, value=value) for name, value in values.items()}


WIDGETS = {
    "04 descent": descent,
    "04 training": training,
    "05 sum_times sliders": lambda: graph_widget(sum_times, sliders(SUM_TIMES)),
    "05 sum_times steps": lambda: graph_widget(sum_times, SUM_TIMES, stepper=True),
    "05 sigmoid neuron steps": lambda: graph_widget(sigmoid_neuron, NEURON, stepper=True),
    **{f"06 {gate} gate": (lambda gate=gate: gate_widget(*GATES[gate])) for gate in GATES},
    "06 circuit": lambda: graph_widget(circuit, {**CIRCUIT, **sliders({"z": 2.0, "w": -1.0})}, show_gate_types=True),
    "06 relu net steps": lambda: graph_widget(two_unit_relu, RELU_NET, stepper=True, show_gate_types=True),
}


@pytest.mark.parametrize("name", list(WIDGETS))
def test_slider_extremes_render_cleanly(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        widget = WIDGETS[name]()
    assert any(isinstance(control, Slider) for control in widget.controls.values()), "every widget has a slider"
    sweep_extremes(widget)


@pytest.mark.parametrize("name", [name for name in WIDGETS if "steps" in name])
def test_every_step_of_every_stepper_renders(name):
    widget = WIDGETS[name]()
    assert "step" in widget.controls
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for step in widget.controls["step"].values():
            widget.render(step=step)
            assert_everything_drawn_is_finite(widget.figure)


def test_descent_widget_reports_divergence_in_the_figure():
    widget = descent()
    widget.render(rate=1.0, start=(-3.5, 3.0), steps=50)
    texts = [t.get_text() for t in widget.figure.findobj(Text)]
    assert any("diverged" in t for t in texts)
    widget.render(rate=0.19)
    texts = [t.get_text() for t in widget.figure.findobj(Text)]
    assert not any("diverged" in t for t in texts)


def texts_of(widget):
    return [t.get_text() for t in widget.figure.findobj(Text)]


def test_training_widget_names_the_saturated_units_and_counts_the_right_points():
    widget = training()
    widget.render(rate=10.0, epoch=40)
    saturated = [f"h{unit} saturated: \u03c3\u2032 < 0.01 at every point" for unit in (1, 2)]
    assert "\n".join(saturated) in texts_of(widget)
    assert "\u03b1 = 10, epoch 40: 2 of 4 right" in texts_of(widget)
    widget.render(rate=0.3, epoch=0)
    assert not any("saturated" in text for text in texts_of(widget))


def test_training_widget_draws_the_run_up_to_the_epoch():
    runs = xor.runs()
    widget = training(runs)
    view_lines = [line for line in widget.figure.axes[1].get_lines() if line.get_animated()]
    widget.render(rate=0.3, epoch=10)
    future, past, now = view_lines
    np.testing.assert_array_equal(past.get_ydata(), runs[0.3].losses[:11])
    np.testing.assert_array_equal(future.get_ydata(), runs[0.3].losses)
    assert list(now.get_xydata()[0]) == [10, runs[0.3].losses[10]]
    assert f"J = {runs[0.3].losses[10]:.3g}" in texts_of(widget)


def test_unit_notes_tell_saturated_and_flat_units_from_useful_ones():
    lines = np.array([[1.0, 1.0, -0.5], [-30.0, -30.0, -20.0], [0.0, 0.0, 2.0], [0.0, 0.0, 40.0]])
    assert unit_notes(xor.POINTS, lines) == [
        "h2 saturated: \u03c3\u2032 < 0.01 at every point",
        "h3 the same at every point",
        "h4 saturated: \u03c3\u2032 < 0.01 at every point",
    ]


def test_training_figure_and_widget_refuse_bad_arguments():
    runs = xor.runs()
    with pytest.raises(ValueError, match="same number of steps"):
        TrainingFigure({**runs, 1.0: xor.runs(rates=(1.0,), steps=5)[1.0]}, xor.predict, xor.hidden_lines,
                       xor.POINTS, xor.LABELS)
    with pytest.raises(ValueError, match="runs must map learning rates"):
        TrainingFigure({}, xor.predict, xor.hidden_lines, xor.POINTS, xor.LABELS)
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\)"):
        TrainingFigure(runs, xor.predict, xor.hidden_lines, xor.POINTS[:, :1], xor.LABELS)
    with pytest.raises(ValueError, match=r"epochs must be a non-empty list of epochs in \[0, 40\]"):
        training_widget(runs, xor.predict, xor.hidden_lines, xor.POINTS, xor.LABELS, epochs=[0, 41], rate=0.3)
    with pytest.raises(ValueError, match="rate must be one of the runs' learning rates"):
        training_widget(runs, xor.predict, xor.hidden_lines, xor.POINTS, xor.LABELS, epochs=[0, 40], rate=1.0)
    view = TrainingFigure(runs, xor.predict, xor.hidden_lines, xor.POINTS, xor.LABELS, animated=False)
    with pytest.raises(ValueError, match="no run with learning rate 1.0"):
        view.show(1.0, 0)

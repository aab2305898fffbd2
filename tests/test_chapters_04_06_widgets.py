"""The live figures of chapters 04-06 at the extremes of their sliders: no warning, no NaN or inf."""

import warnings

import pytest
from example_graphs import CIRCUIT, NEURON, RELU_NET, SUM_TIMES, circuit, sigmoid_neuron, sum_times, two_unit_relu
from matplotlib.text import Text
from widget_sweep import assert_everything_drawn_is_finite, sweep_extremes

from lecture_lib import maximum
from lecture_lib.widgets import Slider
from lecture_lib.widgets.gradient_descent import descent_widget
from lecture_lib.widgets.graph import gate_widget, graph_widget

GATES = {
    "add": (lambda x, y: x + y, {"x": 2, "y": -1}, {"g": 2}),
    "mul": (lambda x, y: x * y, {"x": 2, "y": -1}, {"g": 2}),
    "max": (lambda x, y: maximum(x, y), {"x": 2, "y": -1}, {"g": 2}),
    "copy": (lambda x: [x, x], {"x": 1}, {"g1": 2, "g2": -1}),
}


def descent():
    return descent_widget(rates=[0.001, 0.05, 0.19, 0.21, 1.0], starts=[(-3.5, 3.0), (0.5, 3.5)], steps=[0, 1, 50])


def sliders(values):
    return {name: Slider(-5.0, 5.0, 0.5, value=value) for name, value in values.items()}


WIDGETS = {
    "04 descent": descent,
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

"""Every live figure of chapters 04-06 at the extremes of its sliders: no warning, no NaN or inf."""

import warnings

import pytest
from matplotlib.text import Text
from widget_sweep import assert_everything_drawn_is_finite, sweep_extremes

from lecture_lib.descent import descent_widget
from lecture_lib.graph import (
    GATES,
    circuit_widget,
    gate_widget,
    mlp_widget,
    sigmoid_neuron_widget,
    sum_times_widget,
)
from lecture_lib.widgets import Slider

WIDGETS = {
    "04 descent": descent_widget,
    "05 sum_times sliders": sum_times_widget,
    "05 sum_times steps": lambda: sum_times_widget(stepper=True),
    "05 sigmoid neuron steps": sigmoid_neuron_widget,
    **{f"06 {gate} gate": (lambda gate=gate: gate_widget(gate)) for gate in GATES},
    "06 circuit": circuit_widget,
    "06 mlp steps": mlp_widget,
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
    widget = descent_widget()
    widget.render(log10_rate=0.0, start1=-3.5, start2=3.0, steps=50)
    texts = [t.get_text() for t in widget.figure.findobj(Text)]
    assert any("diverged" in t for t in texts)
    widget.render(log10_rate=-1.0)
    texts = [t.get_text() for t in widget.figure.findobj(Text)]
    assert not any("diverged" in t for t in texts)

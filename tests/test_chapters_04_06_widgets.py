"""Every live figure of chapters 04-06 at the extremes of its sliders: no warning, no NaN or inf."""

import io
import itertools
import warnings

import numpy as np
import pytest
from matplotlib.lines import Line2D
from matplotlib.text import Text
from PIL import Image

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


def assert_finite_figure(figure):
    for artist in figure.findobj():
        if isinstance(artist, Line2D):
            data = np.asarray(artist.get_xydata(), dtype=float)
            assert np.all(np.isfinite(data)), artist
        elif isinstance(artist, Text):
            text = artist.get_text().lower()
            assert "nan" not in text and "inf" not in text, text


@pytest.mark.parametrize("name", list(WIDGETS))
def test_slider_extremes_render_cleanly(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        widget = WIDGETS[name]()
        ends = {
            key: (control.min, control.max)
            for key, control in widget.controls.items()
            if isinstance(control, Slider)
        }
        assert ends, "every widget has at least one slider"
        for corner in itertools.product(*ends.values()):
            png = widget.render(**dict(zip(ends, corner, strict=True)))
            assert_finite_figure(widget.figure)
            image = np.asarray(Image.open(io.BytesIO(png)))
            assert image.ndim == 3 and image.shape[0] > 100 and image.std() > 0


@pytest.mark.parametrize("name", [name for name in WIDGETS if "steps" in name])
def test_every_step_of_every_stepper_renders(name):
    widget = WIDGETS[name]()
    assert "step" in widget.controls
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for step in widget.controls["step"].values():
            widget.render(step=step)
            assert_finite_figure(widget.figure)


def test_descent_widget_reports_divergence_in_the_figure():
    widget = descent_widget()
    widget.render(log10_rate=0.0, start1=-3.5, start2=3.0, steps=50)
    texts = [t.get_text() for t in widget.figure.findobj(Text)]
    assert any("diverged" in t for t in texts)
    widget.render(log10_rate=-1.0)
    texts = [t.get_text() for t in widget.figure.findobj(Text)]
    assert not any("diverged" in t for t in texts)

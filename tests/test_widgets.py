"""lecture_lib.widgets: controls, the blitting fast path and the static frames."""

import base64
import io
import json
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from lecture_lib.widgets import Dropdown, Slider, interactive

X = np.linspace(0, 2 * np.pi, 100)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")).astype(int)


def sine_figure(animated: bool):
    fig, ax = plt.subplots(figsize=(3, 2), dpi=60)
    image = ax.imshow(np.zeros((10, 10)), extent=(0, 7, -1.5, 1.5), vmin=-1, vmax=1, animated=animated)
    (line,) = ax.plot(X, np.sin(X), animated=animated)
    ax.scatter([1, 3, 5], [0, 0, 0], color="k", zorder=3)  # above the animated image: must stay visible
    ax.set_xlim(0, 7)
    ax.set_title("sine")

    def update(frequency, phase):
        line.set_ydata(np.sin(frequency * X + phase))
        image.set_data(np.outer(np.ones(10), np.sin(frequency * np.linspace(0, 7, 10))))

    controls = {"frequency": Slider(0.5, 3.0, 0.5, value=1.0), "phase": Dropdown([("none", 0.0), ("half", np.pi)])}
    return interactive(update, controls, fig)


def test_blitted_frames_equal_full_redraws():
    fast, full = sine_figure(animated=True), sine_figure(animated=False)
    assert fast._blit and not full._blit
    for values in ({"frequency": 2.5}, {"phase": np.pi}, {"frequency": 0.5, "phase": 0.0}):
        difference = np.abs(pixels(fast.render(**values)) - pixels(full.render(**values))).max(axis=2)
        # Tick marks stay in the background, so where a tick's antialiased first pixel
        # touches the image edge, the redrawn image covers it: a few pixels, no more.
        assert np.count_nonzero(difference > 2) <= 6, values


def test_frames_change_with_the_controls():
    figure = sine_figure(animated=True)
    assert not np.array_equal(pixels(figure.render(frequency=1.0)), pixels(figure.render(frequency=3.0)))


def test_update_returning_true_redraws_the_background():
    fig, ax = plt.subplots(figsize=(2, 2), dpi=50)
    (line,) = ax.plot([0, 1], [0, 1], animated=True)
    title = ax.set_title("0")

    def update(n):
        line.set_ydata([0, n])
        title.set_text(str(n))
        return True

    figure = interactive(update, {"n": Slider(1, 3, 1)}, fig)
    first = pixels(figure.render(n=1))
    assert not np.array_equal(first, pixels(figure.render(n=3)))


def test_static_html_holds_one_frame_per_grid_point_and_the_initial_frame():
    figure = sine_figure(animated=True)
    grid = figure.static_grid()
    assert grid["phase"] == [0.0, np.pi] and grid["frequency"][0] == 0.5 and grid["frequency"][-1] == 3.0
    page = figure.static_html()
    data = json.loads(re.search(r'class="lecture-widget-data">(.*?)</script>', page).group(1))
    assert len(data["frames"]) == len(grid["frequency"]) * len(grid["phase"])
    assert page.count('type="range"') == 1 and page.count("<select") == 1
    position = grid["frequency"].index(1.0) * 2  # initial frequency 1.0, phase "none"
    assert f'src="data:image/webp;base64,{data["frames"][position]}"' in page
    assert Image.open(io.BytesIO(base64.b64decode(data["frames"][position]))).format == "WEBP"
    assert figure.values == {"frequency": 1.0, "phase": 0.0}


def test_static_grid_respects_the_frame_budget():
    fig, _ = plt.subplots()
    controls = {name: Slider(0.0, 1.0, 0.01) for name in "abc"}
    figure = interactive(lambda a, b, c: None, controls, fig, static_frames=30)
    assert np.prod([len(v) for v in figure.static_grid().values()]) <= 30


def test_mimebundle_switches_on_the_build_flag(monkeypatch):
    figure = sine_figure(animated=True)
    monkeypatch.setenv("LECTURE_LIB_STATIC", "1")
    assert "lecture-widget" in figure._repr_mimebundle_()["text/html"]
    monkeypatch.setenv("LECTURE_LIB_STATIC", "0")
    assert "application/vnd.jupyter.widget-view+json" in figure._repr_mimebundle_()


def test_live_widget_redraws_when_a_control_moves():
    figure = sine_figure(animated=True)
    slider, _, image, _ = figure.widget.children
    before = image.value
    slider.value = 2.5
    assert figure.values["frequency"] == 2.5 and image.value != before


def test_slider_values_cover_the_range():
    assert Slider(0, 10, 5).values() == [0, 5, 10]
    assert Slider(-1.0, 1.0, 0.5).values() == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert Slider(0.0, 1.0, 0.1, value=0.3).static_values(3) == [0.0, 0.3, 1.0]


@pytest.mark.parametrize(
    ("make", "error"),
    [
        (lambda: Slider(1.0, 0.0, 0.1), ValueError),
        (lambda: Slider(0.0, 1.0, 0.0), ValueError),
        (lambda: Slider(0.0, 1.0, 0.1, value=2.0), ValueError),
        (lambda: Slider("0", 1.0, 0.1), TypeError),
        (lambda: Slider(0.0, float("nan"), 0.1), ValueError),
        (lambda: Dropdown([]), ValueError),
        (lambda: Dropdown(["a", "b"], value="c"), ValueError),
        (lambda: interactive(lambda a: None, {"b": Slider(0, 1, 1)}, plt.figure()), TypeError),
        (lambda: interactive(lambda a: None, {"a": (0, 1)}, plt.figure()), TypeError),
        (lambda: interactive(lambda a: None, {"a": Slider(0, 1, 1)}, "figure"), TypeError),
        (lambda: interactive(lambda a: None, {"a": Slider(0, 1, 1)}, plt.figure()).render(b=1), ValueError),
    ],
)
def test_bad_arguments_raise_clear_errors(make, error):
    with pytest.raises(error):
        make()


def test_blitting_draws_no_frame_around_axes_that_are_switched_off():
    def figure(animated):
        fig, ax = plt.subplots(figsize=(2, 2), dpi=50)
        ax.imshow(np.ones((4, 4)), cmap="gray", vmin=0, vmax=1, animated=animated)
        ax.set_axis_off()
        return interactive(lambda n: None, {"n": Slider(0, 1, 1)}, fig)

    np.testing.assert_array_equal(pixels(figure(True).render()), pixels(figure(False).render()))


def test_only_artists_over_the_animated_ones_are_redrawn():
    figure = sine_figure(animated=True)
    figure.render()
    axes = figure.figure.axes[0]
    overlay = figure._overlay
    assert any(a in overlay for a in axes.collections)  # the scatter lies over the image
    assert axes.title not in overlay

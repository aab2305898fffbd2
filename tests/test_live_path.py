"""The live path of lecture_lib.widgets: PNG encoding, remembered texts, the frame cache."""

import importlib
import io

import matplotlib.pyplot as plt
import numpy as np
import pytest
from PIL import Image

from lecture_lib.widgets import Dropdown, Slider, interactive

# The module, which the package's function of the same name hides.
live_path = importlib.import_module("lecture_lib.widgets.interactive")


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


# ----------------------------------------------------------------------------- PNG
@pytest.mark.parametrize("opaque", [True, False])
def test_encode_png_round_trips_every_pixel(opaque):
    rgba = np.random.default_rng(0).integers(0, 256, size=(17, 23, 4), dtype=np.uint8)
    if opaque:
        rgba[..., 3] = 255
    image = Image.open(io.BytesIO(live_path.encode_png(rgba)))
    assert image.mode == ("RGB" if opaque else "RGBA") and image.size == (23, 17)
    np.testing.assert_array_equal(np.asarray(image.convert("RGBA")), rgba)


# --------------------------------------------------------------------- remembered texts
def labelled_figure():
    """Texts whose string, weight, colour and place change with the controls, over a moving line."""
    fig, ax = plt.subplots(figsize=(3, 2), dpi=60)
    (line,) = ax.plot([0, 1], [0, 1], animated=True)
    label = ax.text(0.2, 0.5, "", animated=True)
    note = ax.text(0.5, 0.2, "", animated=True, bbox={"fc": "white", "alpha": 0.8})
    ax.set_title("texts")

    def update(n, bold):
        line.set_ydata([0, n / 4])
        label.set_text(f"n = {n}")
        label.set_fontweight("bold" if bold else "normal")
        note.set_color("C1" if n % 2 else "C2")
        note.set_position((0.5, 0.2 + 0.1 * (n % 2)))
        note.set_text("odd" if n % 2 else "even")

    return interactive(update, {"n": Slider(0, 4, 1), "bold": Dropdown([False, True])}, fig)


SETTINGS = [{"n": 1}, {"n": 2, "bold": True}, {"n": 1, "bold": False}, {"n": 3}, {"n": 2, "bold": True}, {"n": 1}]


def test_remembered_texts_draw_the_same_pixels_as_matplotlib(monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(live_path, "remember_text", lambda renderer: None)
        reference = labelled_figure()
        expected = [pixels(reference.render(**setting)) for setting in SETTINGS]
    remembering = labelled_figure()
    frames = [pixels(remembering.render(**SETTINGS[0]))]  # also draws the background and its texts
    remembered = remembering.figure.canvas.get_renderer()._remembered_texts
    after_first = len(remembered)
    frames += [pixels(remembering.render(**setting)) for setting in SETTINGS[1:]]
    for setting, frame, wanted in zip(SETTINGS, frames, expected, strict=True):
        np.testing.assert_array_equal(frame, wanted, err_msg=str(setting))
    # The two animated texts were drawn in each later frame; three of the five came back.
    assert len(remembered) - after_first == 2 * (len(SETTINGS) - 1) - 2 * 3


def test_remembered_texts_are_bounded(monkeypatch):
    monkeypatch.setattr(live_path, "TEXT_CACHE_ENTRIES", 3)
    figure = labelled_figure()
    for n in range(5):
        figure.render(n=n)
    assert len(figure.figure.canvas.get_renderer()._remembered_texts) == 3


# ------------------------------------------------------------------------ frame cache
def counting_figure():
    fig, ax = plt.subplots(figsize=(2, 2), dpi=40)
    (line,) = ax.plot([0, 1], [0, 1], animated=True)
    calls = []

    def update(n):
        calls.append(n)
        line.set_ydata([0, n])

    return interactive(update, {"n": Slider(0, 5, 1)}, fig), calls


def test_a_setting_seen_before_is_sent_again_without_update_or_drawing():
    figure, calls = counting_figure()
    slider, image, _ = figure.widget.children
    first = image.value
    slider.value = 3
    moved = image.value
    calls.clear()
    slider.value = 0
    assert image.value == first and calls == []
    slider.value = 3
    assert image.value == moved and calls == []
    assert figure.values == {"n": 3}  # the setting the artists were last drawn at


def test_the_frame_cache_forgets_the_oldest_frames_beyond_its_budget(monkeypatch):
    figure, calls = counting_figure()
    slider, image, _ = figure.widget.children
    sizes = [len(image.value), len(figure.render(n=1)), len(figure.render(n=2))]
    monkeypatch.setattr(live_path, "FRAME_CACHE_BYTES", sum(sizes) - 1)  # no room for all three
    slider.value = 1
    slider.value = 2  # frame 0, the oldest, is forgotten
    calls.clear()
    slider.value = 1
    assert calls == []
    slider.value = 0
    assert calls == [0]

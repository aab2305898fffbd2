"""lecture_lib.widgets: controls, presets, the blitting fast path and the static frames."""

import io
import json
import math
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.transforms import IdentityTransform
from PIL import Image

from lecture_lib.widgets import Dropdown, Slider, interactive
from lecture_lib.widgets.controls import MIN_STATIC_VALUES, widget_value
from lecture_lib.widgets.glyph_cache import cache_glyphs
from lecture_lib.widgets.static import LINES_NOTE, encode_frame, plan, static_html

X = np.linspace(0, 2 * np.pi, 100)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA")).astype(int)


def sine_figure(animated: bool, presets=None, static_frames=1500):
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
    return interactive(update, controls, fig, presets=presets, static_frames=static_frames)


# ------------------------------------------------------------------------- drawing
def test_blitted_frames_equal_full_redraws():
    fast, full = sine_figure(animated=True), sine_figure(animated=False)
    assert fast._blit and not full._blit
    for values in ({"frequency": 2.5}, {"phase": np.pi}, {"frequency": 0.5, "phase": 0.0}):
        difference = np.abs(pixels(fast.render(**values)) - pixels(full.render(**values))).max(axis=2)
        # Tick marks stay in the background, so where a tick's antialiased first pixel
        # touches the image edge, the redrawn image covers it: a few pixels, no more.
        assert np.count_nonzero(difference > 2) <= 6, values


def test_kept_glyph_images_draw_the_pixels_matplotlib_draws():
    def drawings(keep):
        fig, ax = plt.subplots(figsize=(3, 2), dpi=80)
        texts = [fig.text(10.3 + 3.3 * i, 12.6 + 25.1 * i, "", fontsize=7 + i, transform=IdentityTransform(),
                          family=("sans-serif", "monospace")[i % 2]) for i in range(5)]
        texts.append(ax.text(0.9, 0.5, "", rotation=30))  # drawn as matplotlib draws it
        ax.set_title(r"$\partial L/\partial w_1$ and $\frac{1}{2}$")  # mathtext with a fraction bar
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        if keep:
            cache_glyphs(renderer)
        frames = []
        for step in range(6):
            for i, text in enumerate(texts):
                text.set_text(f"step {step}: w{i} = {0.37 * step - i:.3f} \u2713")
            fig.canvas.draw()
            frames.append(np.asarray(fig.canvas.buffer_rgba()).copy())
        kept = len(getattr(renderer, "_glyph_images", ()))
        for text in texts[:5]:  # moved by whole pixels: the same glyph images, moved
            x, y = text.get_position()
            text.set_position((x + 7, y - 2))
        fig.canvas.draw()
        frames.append(np.asarray(fig.canvas.buffer_rgba()).copy())
        plt.close(fig)
        return frames, kept, renderer

    plain, _, _ = drawings(keep=False)
    kept, count, renderer = drawings(keep=True)
    for step, (ours, theirs) in enumerate(zip(kept, plain, strict=True)):
        assert np.array_equal(ours, theirs), f"frame {step}: {np.count_nonzero(ours != theirs)} values differ"
    if hasattr(RendererAgg, "_draw_text_glyphs_and_boxes"):  # matplotlib >= 3.11 draws glyph by glyph
        assert count > 0 and len(renderer._glyph_images) == count


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
    assert any(a in figure._overlay for a in axes.collections)  # the scatter lies over the image
    assert axes.title not in figure._overlay


# ------------------------------------------------------------------------ controls
def test_slider_values_cover_the_range():
    assert Slider(0, 10, 5).values() == [0, 5, 10]
    assert Slider(-1.0, 1.0, 0.5).values() == [-1.0, -0.5, 0.0, 0.5, 1.0]
    assert Slider(values=[0.001, 0.01, 0.1]).values() == [0.001, 0.01, 0.1]


def test_long_sliders_offer_nice_static_values_with_zero_and_the_named_ones():
    weight = Slider(-2.0, 2.0, 0.1, value=1.0)
    assert weight.static_values() == [-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0]
    bias = Slider(-20.0, 10.0, 0.5, value=-15.0)
    assert bias.static_values(named=[-5.5]) == [-20.0, -15.0, -10.0, -5.5, -5.0, 0.0, 5.0, 10.0]
    assert Slider(1, 18, 1, value=9).static_values() == [1, 3, 5, 7, 9, 11, 13, 15, 17, 18]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(-200, 50), st.integers(1, 400), st.sampled_from([1, 0.5, 0.1, 0.25, 2]), st.data()
)
def test_static_values_follow_the_rules(start, length, step, data):
    slider = Slider(start * step, (start + length) * step, step)
    value = data.draw(st.sampled_from(slider.values()))
    slider = Slider(slider.min, slider.max, step, value=value)
    chosen = slider.static_values()
    everything = slider.values()
    assert chosen == sorted(set(chosen)) and set(chosen) <= set(everything)
    assert len(chosen) >= min(MIN_STATIC_VALUES, len(everything))
    assert {everything[0], everything[-1], value} <= set(chosen)
    if slider.min <= 0 <= slider.max:
        assert 0 in chosen


def test_snap_accepts_a_slider_value_and_names_what_it_lacks():
    slider = Slider(-1.0, 1.0, 0.5)
    assert slider.snap(0.5000000000001) == 0.5
    with pytest.raises(ValueError, match=r"value 0.3 is not one of this slider's values \(-1.0 to 1.0 in steps"):
        slider.snap(0.3)
    with pytest.raises(ValueError, match=r"2 is not one of this slider's values \(one of \[0.1, 1.0\]\)"):
        Slider(values=[0.1, 1.0]).snap(2)


def test_a_slider_with_too_many_positions_is_refused():
    with pytest.raises(ValueError, match="10,000,000,001 positions"):
        Slider(0, 1e7, 1e-3)


def test_labels_show_the_decimals_of_the_step():
    assert [Slider(0.0, 1.0, 0.25).label(v) for v in (0.0, 0.25)] == ["0.00", "0.25"]
    assert Slider(0, 4, 2).label(2) == "2" and Slider(-1.0, 1.0, 0.5).label(-0.5) == "-0.5"
    assert Slider(values=[0.001, 0.21]).label(0.21) == "0.21"


def test_dropdown_options_may_be_none_and_the_widget_reports_positions():
    dropdown = Dropdown([("none", None), ("ReLU", "relu")], value=None)
    box = dropdown.widget("activation")
    assert box.value == 0 and box.label == "none"  # shown as chosen, not as a blank
    box.value = 1
    assert widget_value(dropdown, box.value) == "relu"
    assert widget_value(dropdown, 0) is None


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Slider(1.0, 0.0, 0.1), ValueError, "min < max, got min=1.0, max=0.0"),
        (lambda: Slider(0.0, 1.0, 0.0), ValueError, "step must be > 0, got 0.0"),
        (lambda: Slider(0.0, 1.0, 0.1, value=2.0), ValueError, "Slider value 2.0 is not one"),
        (lambda: Slider("0", 1.0, 0.1), TypeError, r"Slider min must be a real number, got '0' \(str\)"),
        (lambda: Slider(0.0, float("nan"), 0.1), ValueError, "Slider max must be a finite number, got nan"),
        (lambda: Slider(0.0, 1.0), TypeError, "needs min, max and step"),
        (lambda: Slider(values=[1.0, 0.5]), ValueError, "two increasing numbers"),
        (lambda: Slider(0.0, 1.0, 0.5, values=[0.0, 1.0]), ValueError, "not both"),
        (lambda: Dropdown([]), ValueError, "non-empty list of options"),
        (lambda: Dropdown(5), TypeError, "Dropdown needs a list of options, got 5"),
        (lambda: Dropdown(["a", "b"], value="c"), ValueError, r"value 'c' is not one of the options \['a', 'b'\]"),
        (lambda: interactive(lambda a: None, {"b": Slider(0, 1, 1)}, plt.figure()), TypeError, "cannot take"),
        (lambda: interactive(lambda a: None, {"a": (0, 1)}, plt.figure()), TypeError, "'a' must be a Slider"),
        (lambda: interactive(lambda a: None, {"a": Slider(0, 1, 1)}, "figure"), TypeError, "got str"),
        (lambda: sine_figure(True).render(amplitude=1), ValueError, r"unknown controls \['amplitude'\]"),
        (lambda: sine_figure(True).render(frequency=0.7), ValueError, "frequency 0.7 is not one"),
        (lambda: sine_figure(True).render(phase=1.0), ValueError, r"phase 1.0 is not one of the options \['none'"),
        (lambda: sine_figure(True, presets={"x": {"freq": 1.0}}), ValueError, r"preset 'x' names unknown controls"),
        (lambda: sine_figure(True, static_frames=0), ValueError, "static_frames must be an integer >= 1, got 0"),
    ],
)
def test_bad_arguments_raise_clear_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


# ------------------------------------------------------------------------- presets
def test_presets_complete_the_setting_with_initial_values():
    figure = sine_figure(True, presets={"fast": {"frequency": 3.0}})
    assert figure.presets == {"fast": {"frequency": 3.0, "phase": 0.0}}


def test_live_preset_button_sets_every_control_with_one_redraw():
    figure = sine_figure(True, presets={"fast, half": {"frequency": 3.0, "phase": np.pi}})
    frequency, phase, buttons, image, _ = figure.widget.children
    redraws = []
    image.observe(lambda change: redraws.append(change), names="value")
    buttons.children[1].click()
    assert (frequency.value, phase.value) == (3.0, 1) and figure.values == {"frequency": 3.0, "phase": np.pi}
    assert len(redraws) == 1


def test_live_widget_redraws_when_a_control_moves():
    figure = sine_figure(animated=True)
    slider, dropdown, image, _ = figure.widget.children
    before = image.value
    slider.value = 2.5
    assert figure.values["frequency"] == 2.5 and image.value != before
    dropdown.value = 1
    assert figure.values["phase"] == np.pi


def test_a_playable_slider_gets_a_play_button_in_both_places(book):
    fig, ax = plt.subplots(figsize=(2, 2), dpi=40)
    (line,) = ax.plot([0, 1], [0, 0], animated=True)
    epochs = Slider(values=[0, 1, 3, 10, 30], value=0, play=True)
    figure = interactive(lambda epoch: line.set_ydata([0, epoch]), {"epoch": epochs}, fig)
    row = figure.widget.children[0]
    play, slider = row.children
    assert type(play).__name__ == "Play" and (play.min, play.max) == (0, 4)
    slider.index = 3
    assert figure.values["epoch"] == 10
    assert play.value == 3  # Play plays on from where the reader left the slider
    assert 'class="lecture-widget-play"' in static_html(figure)


def test_mimebundle_switches_on_the_build_flag(monkeypatch, tmp_path):
    figure = sine_figure(animated=True)
    monkeypatch.setenv("LECTURE_LIB_STATIC", "1")
    monkeypatch.setenv("LECTURE_LIB_STATIC_DIR", str(tmp_path))
    monkeypatch.setenv("LECTURE_LIB_BOOK_ROOT", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    assert "lecture-widget" in figure._repr_mimebundle_()["text/html"]
    monkeypatch.setenv("LECTURE_LIB_STATIC", "0")
    assert "application/vnd.jupyter.widget-view+json" in figure._repr_mimebundle_()


# ------------------------------------------------------------------- static frames
def test_small_figures_render_every_combination_in_row_major_order():
    layout = plan(sine_figure(True))
    assert layout.mode == "product"
    assert layout.grid == {"frequency": [0.5, 1.0, 1.5, 2.0, 2.5, 3.0], "phase": [0.0, np.pi]}
    assert layout.settings[:3] == [(0, 0), (0, 1), (1, 0)] and len(layout.settings) == 12


def three_sliders(presets=None, static_frames=100):
    fig, ax = plt.subplots(figsize=(2, 2), dpi=40)
    (line,) = ax.plot([0, 1], [0, 0], animated=True)
    controls = {name: Slider(0, 5, 1) for name in "abc"}
    return interactive(lambda a, b, c: line.set_ydata([a, b + c]), controls, fig, presets=presets,
                       static_frames=static_frames)


def test_large_figures_move_one_control_at_a_time_from_every_anchor():
    figure = three_sliders(presets={"corner": {"a": 5, "b": 5, "c": 5}})
    layout = plan(figure)
    assert layout.mode == "lines"  # 6 x 6 x 6 = 216 combinations > 100
    assert layout.anchors == {"": (0, 0, 0), "corner": (5, 5, 5)}
    for anchor in layout.anchors.values():
        for index in range(3):
            for position in range(6):
                assert anchor[:index] + (position,) + anchor[index + 1 :] in layout.settings
    assert len(layout.settings) == 2 * 16 and (1, 1, 0) not in layout.settings
    with pytest.raises(ValueError, match="would need 32 frames even one control at a time"):
        plan(three_sliders(presets={"corner": {"a": 5, "b": 5, "c": 5}}, static_frames=31))


def widget_data(page: str) -> dict:
    return json.loads(re.search(r'class="lecture-widget-data">(.*?)</script>', page).group(1))


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A fake book root with a chapter folder, as the build sets it up."""
    (tmp_path / "book").mkdir()
    monkeypatch.setenv("LECTURE_LIB_STATIC_DIR", str(tmp_path / "_build" / "static"))
    monkeypatch.setenv("LECTURE_LIB_BOOK_ROOT", str(tmp_path))
    monkeypatch.chdir(tmp_path / "book")
    return tmp_path


def test_static_frames_are_files_the_page_points_to(book):
    figure = sine_figure(True, presets={"fast": {"frequency": 3.0}})
    page = static_html(figure)
    data = widget_data(page)
    widget_id = re.search(r'data-widget="([0-9a-f]{16})"', page).group(1)
    folder = book / "_build" / "static" / "html" / "frames" / widget_id
    assert sorted(int(f.stem) for f in folder.glob("*.png")) == list(range(12))
    initial = 1 * 2 + 0  # frequency 1.0 is position 1 of 6, phase "none" position 0 of 2
    assert f'src="../frames/{widget_id}/{initial}.png"' in page and 'loading="lazy"' in page
    assert data["sizes"] == [6, 2] and data["anchor"] == [1, 0] and data["settings"] is None
    assert data["presets"] == [["fast", [5, 0]]] and 'data-preset="0">fast</button>' in page
    assert data["sliders"][0] == {"min": 0.5, "max": 3.0, "count": 6, "values": [0.5, 1.0, 1.5, 2.0, 2.5, 3.0]}
    assert data["sliders"][1] is None and data["labels"][1] == ["none", "half"]
    assert figure.values == figure.initial


def test_every_static_frame_is_the_live_picture_of_its_setting(book):
    figure = sine_figure(True)
    page = static_html(figure)
    widget_id = re.search(r'data-widget="([0-9a-f]{16})"', page).group(1)
    folder = book / "_build" / "static" / "html" / "frames" / widget_id
    for k, positions in enumerate(plan(figure).settings):
        setting = plan(figure).setting(positions)
        live = pixels(figure.render(**setting))[..., :3]
        static = np.asarray(Image.open(folder / f"{k}.png").convert("RGB")).astype(int)
        # 256 colours without dithering: a colour moves a little, no pixel moves far.
        assert np.abs(live - static).mean() < 2.0 and np.percentile(np.abs(live - static), 99.9) < 40, setting


def test_flat_areas_keep_their_exact_colours_in_a_many_coloured_frame():
    # A white page, a light-grey axes face and a band of more than 256 antialiased colours:
    # the octree alone made both flat colours (252, 252, 252).
    rgba = np.full((120, 200, 4), 255, np.uint8)
    rgba[20:100, 20:180, :3] = 248
    ramp = np.linspace(0, 255, 200).astype(np.uint8)
    rgba[50:70, :, 0], rgba[50:70, :, 1] = ramp, ramp[::-1]
    rgba[50:70, :, 2] = 10 * np.arange(20)[:, None]
    assert len(np.unique(rgba[..., :3].reshape(-1, 3), axis=0)) > 256
    decoded = np.asarray(Image.open(io.BytesIO(encode_frame(rgba))).convert("RGB"))
    assert (decoded[0, 0] == 255).all() and (decoded[30, 30] == 248).all()
    assert np.abs(decoded.astype(int) - rgba[..., :3]).mean() < 2.0


def test_checks_record_live_renders_for_the_browser_test(book):
    page = static_html(sine_figure(True))
    widget_id = re.search(r'data-widget="([0-9a-f]{16})"', page).group(1)
    checks = book / "_build" / "static" / "checks" / widget_id
    manifest = json.loads((checks / "manifest.json").read_text())
    assert manifest["controls"] == ["frequency", "phase"] and len(manifest["samples"]) == 3
    for sample in manifest["samples"]:
        assert (checks / f"{sample['frame']}.png").is_file()
        assert plan(sine_figure(True)).settings[sample["frame"]] == tuple(sample["positions"])


def test_lines_mode_pages_list_their_settings_and_explain_the_reset(book):
    figure = three_sliders(presets={"corner": {"a": 5, "b": 5, "c": 5}})
    data = widget_data(static_html(figure))
    assert data["mode"] == "lines" and data["note"] == LINES_NOTE
    assert [tuple(s) for s in data["settings"]] == plan(figure).settings


def test_static_html_needs_the_build_folders(monkeypatch):
    monkeypatch.delenv("LECTURE_LIB_STATIC_DIR", raising=False)
    with pytest.raises(RuntimeError, match="LECTURE_LIB_STATIC_DIR"):
        static_html(sine_figure(True))


def test_identical_frames_give_the_same_widget_folder(book):
    first = re.search(r'data-widget="(\w+)"', static_html(sine_figure(True))).group(1)
    second = re.search(r'data-widget="(\w+)"', static_html(sine_figure(True))).group(1)
    assert first == second and not math.isnan(int(first, 16))

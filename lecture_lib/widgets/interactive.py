"""Live figures: the one place every slider, drop-down and preset of the book goes through.

A chapter (or a figure module) draws a matplotlib figure once, writes an
``update(**values)`` function that changes the figure's existing artists (``set_data``,
``set_text``, ...), and hands both to ``interactive`` with the controls:

>>> fig, ax = plt.subplots()
>>> (line,) = ax.plot(x, np.sin(x), animated=True)
>>> def update(frequency):
...     line.set_ydata(np.sin(frequency * x))
>>> interactive(update, {"frequency": Slider(0.5, 5.0, 0.5, value=1.0)}, fig,
...             presets={"slow": {"frequency": 0.5}})

The same object then works in both places a reader meets it:

* **In a kernel** (JupyterLab) it shows ipywidgets controls and one button per preset
  above an image of the figure. A move calls ``update`` and redraws in place. Artists
  created with ``animated=True`` are redrawn over a cached picture of everything else
  ("blitting"); without animated artists the whole figure is redrawn. A text drawn before
  at the same place is not laid out again (``remember_text``), the frame is sent as a
  quickly compressed PNG (``encode_png``), and every frame sent is kept, so a setting the
  reader comes back to is sent at once (see ``benchmarks/widgets.py``).
* **In the built book** (``LECTURE_LIB_STATIC=1``, set by ``scripts/setup.sh``) it renders
  its frames ahead of time as image files and emits a little HTML: plain range inputs,
  selects and preset buttons that swap those frames (``lecture_lib.widgets.static``).
  The Python drawing code stays the single source of truth; nothing is redrawn in
  JavaScript.

Used by every chapter's live figures.
"""

from __future__ import annotations

import inspect
import os
import struct
import zlib
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.figure import Figure
from matplotlib.spines import Spine

from lecture_lib.engine import checks
from lecture_lib.widgets.controls import Control, Dropdown, Slider, widget_value
from lecture_lib.widgets.glyph_cache import cache_glyphs

STATIC_ENVIRONMENT_VARIABLE = "LECTURE_LIB_STATIC"
# The static book renders every combination of the controls' static values up to this many
# frames; beyond it, one control at a time from each preset (see lecture_lib.widgets.static).
DEFAULT_STATIC_FRAMES = 1500
# The frames a live figure keeps for settings the reader comes back to: a few hundred.
FRAME_CACHE_BYTES = 32 * 2**20
# The texts whose glyph images a figure's renderer keeps (a few KB each).
TEXT_CACHE_ENTRIES = 2048


def static_mode() -> bool:
    """True while the book is being built: widgets then render precomputed frames."""
    return os.environ.get(STATIC_ENVIRONMENT_VARIABLE) == "1"


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def encode_png(rgba: np.ndarray, compress_level: int = 1) -> bytes:
    """An RGBA picture (H, W, 4 of uint8) as PNG: RGB when it is opaque, rows unfiltered.

    Pillow tries every PNG filter on every row to pick one; a plot's flat colours compress
    as small without, so this is several times faster at the same zlib level
    (``benchmarks/widgets.py`` measures both).
    """
    height, width, _ = rgba.shape
    channels = 3 if (rgba[..., 3] == 255).all() else 4
    rows = np.empty((height, 1 + width * channels), dtype=np.uint8)
    rows[:, 0] = 0  # filter type "none"
    rows[:, 1:] = rgba[..., :channels].reshape(height, width * channels)
    header = struct.pack(">IIBBBBB", width, height, 8, 2 if channels == 3 else 6, 0, 0, 0)
    return b"".join([
        b"\x89PNG\r\n\x1a\n",
        _png_chunk(b"IHDR", header),
        _png_chunk(b"IDAT", zlib.compress(rows, compress_level)),
        _png_chunk(b"IEND", b""),
    ])


# A text's font features and language change its glyphs (matplotlib 3.10 on; older versions
# have neither, and their texts are keyed without them).
TEXT_SHAPING = ("get_fontfeatures", "get_language")


class _GlyphRecorder:
    """Stands in for the Agg renderer's C++ core while a text is drawn, keeping its glyph images."""

    def __init__(self, core: Any) -> None:
        self.core = core
        self.glyphs: list[tuple[np.ndarray, float, float, float]] = []

    def draw_text_image(self, image: Any, x: float, y: float, angle: float, gc: Any) -> None:
        self.glyphs.append((np.array(image, copy=True), x, y, angle))
        self.core.draw_text_image(image, x, y, angle, gc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.core, name)


def remember_text(renderer: RendererAgg) -> None:
    """Make ``renderer`` replay the glyph images of a text it has drawn before at the same place.

    Laying out and rasterising glyphs is most of the time matplotlib takes to draw a text,
    and a live figure draws many texts again unchanged, or changed and back. A text is the
    same when its string, font, position, angle, antialiasing and font features are; its
    colour, alpha and clipping come from the graphics context of each drawing, as in
    matplotlib's own ``draw_text``, so the pixels are identical. Mathtext is drawn as
    usual. Saves a fifth to a half of drawing the chapters' figures (``benchmarks/widgets.py``).
    A text not drawn before reuses the images of its glyphs (``cache_glyphs``).
    """
    if getattr(renderer, "_remembered_texts", None) is not None:
        return
    cache_glyphs(renderer)
    drawn: OrderedDict[tuple, list] = OrderedDict()
    draw_text = renderer.draw_text

    def remembering(gc: Any, x: float, y: float, s: str, prop: Any, angle: float, ismath: Any = False,
                    mtext: Any = None) -> None:  # fmt: skip
        if ismath:
            draw_text(gc, x, y, s, prop, angle, ismath, mtext)
            return
        features = tuple(repr(getattr(mtext, name)()) for name in TEXT_SHAPING if hasattr(mtext, name))
        key = (s, prop.copy(), x, y, angle, gc.get_antialiased(), features)
        glyphs = drawn.get(key)
        if glyphs is not None:
            drawn.move_to_end(key)
            for image, left, bottom, glyph_angle in glyphs:
                renderer._renderer.draw_text_image(image, left, bottom, glyph_angle, gc)
            return
        core = renderer._renderer
        renderer._renderer = recorder = _GlyphRecorder(core)
        try:
            draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        finally:
            renderer._renderer = core
        drawn[key] = recorder.glyphs
        if len(drawn) > TEXT_CACHE_ENTRIES:
            drawn.popitem(last=False)

    renderer.draw_text = remembering
    renderer._remembered_texts = drawn


class InteractiveFigure:
    """A matplotlib figure whose artists ``update`` moves as the controls change.

    Build it with ``interactive``; display it as the last expression of a cell.

    Parameters
    ----------
    update : callable
        ``update(**values)``: changes the figure's existing artists, one keyword argument
        per control. It must not create a new figure. It may return ``True`` to say it
        changed something outside the animated artists (axis limits, say): the cached
        background is then drawn anew.
    controls : dict of str to Slider or Dropdown
        The controls, in the order they are shown.
    figure : matplotlib.figure.Figure
        The figure ``update`` draws on.
    presets : dict of str to dict, optional
        Named settings, each giving values for some controls (the others keep their
        initial values): a button per preset sets them all at once.
    static_frames : int, optional
        The most frames the static book renders for every combination of the controls.
    """

    def __init__(
        self,
        update: Callable[..., object],
        controls: Mapping[str, Control],
        figure: Figure,
        presets: Mapping[str, Mapping[str, Any]] | None = None,
        static_frames: int = DEFAULT_STATIC_FRAMES,
    ) -> None:
        if not isinstance(figure, Figure):
            raise TypeError(f"figure must be a matplotlib Figure, got {type(figure).__name__}")
        if not controls:
            raise ValueError("interactive needs at least one control")
        for name, control in controls.items():
            if not isinstance(control, Slider | Dropdown):
                raise TypeError(f"control {name!r} must be a Slider or a Dropdown, got {type(control).__name__}")
        try:
            inspect.signature(update).bind(**{name: c.value for name, c in controls.items()})
        except TypeError as error:
            raise TypeError(f"update() cannot take the controls {list(controls)}: {error}") from None
        self.static_frames = checks.integer("static_frames", static_frames, minimum=1)
        self.update = update
        self.controls = dict(controls)
        self.initial = {name: control.value for name, control in self.controls.items()}
        self.presets = {name: self.complete(checks.instance(f"presets[{name!r}]", setting, Mapping), f"preset {name!r}")
                        for name, setting in checks.instance("presets", presets or {}, Mapping).items()}
        self.values = dict(self.initial)
        self.figure = figure
        plt.close(figure)  # the figure is shown through this object, not by the inline backend
        FigureCanvasAgg(figure)
        self._background = None
        self._blit = any(a.get_animated() for a in figure.findobj())
        self._overlay: list[Artist] = []
        self._widget = None
        self.update(**self.values)

    def complete(self, values: Mapping[str, Any], what: str = "setting") -> dict[str, Any]:
        """``values`` checked against the controls, the missing ones at their initial values."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise ValueError(f"{what} names unknown controls {unknown}; this figure has {list(self.controls)}")
        return {
            name: control.snap(values[name], f"{what}: {name}") if name in values else self.initial[name]
            for name, control in self.controls.items()
        }

    # ---------------------------------------------------------------------- drawing
    # Blitting: everything that never changes is drawn once into a background picture.
    # Each change then restores that picture and draws on top only the animated artists
    # and whatever lies above them where they are drawn (so a scatter above an animated
    # image stays visible, while a title outside the axes stays in the background). Tick
    # labels are the slowest part of a redraw; they stay in the background.
    def _overlay_artists(self, renderer: Any) -> list[Artist]:
        overlay: list[Artist] = []
        for axes in self.figure.axes:
            frame_drawn = axes.axison and axes.get_frame_on()  # as Axes.draw decides for the spines
            children = [
                a
                for a in axes.get_children()
                if a is not axes.patch and not isinstance(a, Axis) and (frame_drawn or not isinstance(a, Spine))
            ]
            animated = [a for a in children if a.get_animated()]
            if not animated:
                continue
            lowest = min(a.get_zorder() for a in animated)
            regions = [axes.bbox if a.get_clip_on() else self.figure.bbox for a in animated]

            def covered(artist: Artist, lowest: float = lowest, regions: list = regions) -> bool:
                if artist.get_zorder() <= lowest:
                    return False
                extent = artist.get_window_extent(renderer)
                return any(extent.overlaps(region) for region in regions)

            overlay += sorted(
                (a for a in children if a.get_animated() or covered(a)), key=lambda a: a.get_zorder()
            )
        overlay += [a for a in self.figure.texts + self.figure.legends if a.get_animated()]
        return overlay

    def _draw(self) -> np.ndarray:
        canvas = self.figure.canvas
        remember_text(canvas.get_renderer())
        if not self._blit:
            canvas.draw()
            return np.asarray(canvas.buffer_rgba())
        if self._background is None:
            canvas.draw()  # settles the layout, so that extents are final
            self._overlay = self._overlay_artists(canvas.get_renderer())
            # Hidden rather than animated for this drawing: matplotlib before 3.8 draws an
            # animated image anyway, and an old network's left in the background showed through.
            shown = [a.get_visible() for a in self._overlay]
            for artist in self._overlay:
                artist.set_visible(False)
            canvas.draw()
            for artist, visible in zip(self._overlay, shown, strict=True):
                artist.set_visible(visible)
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        canvas.restore_region(self._background)
        for artist in self._overlay:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())

    def png(self, compress_level: int = 1) -> bytes:
        """The figure as it stands, as PNG (zlib level 1 compresses fast enough for a live move)."""
        return encode_png(self._draw(), compress_level)

    def set(self, **values: Any) -> None:
        """Move the given controls to ``values`` and call ``update`` (no drawing)."""
        self.values = self.complete({**self.values, **values})
        if self.update(**self.values) is True:
            self._background = None

    def render(self, compress_level: int = 1, **values: Any) -> bytes:
        """Set the controls to ``values`` (the rest keep theirs) and return the frame as PNG."""
        self.set(**values)
        return self.png(compress_level)

    # ------------------------------------------------------------------ live widget
    @property
    def widget(self) -> Any:
        """The ipywidgets view: the controls, the preset buttons and the figure's image.

        Every frame it sends is kept (up to ``FRAME_CACHE_BYTES``), so a setting seen before
        comes back without calling ``update`` or drawing; ``values`` stays the setting the
        figure's artists were last drawn at.
        """
        if self._widget is None:
            import ipywidgets

            self.set(**self.initial)
            inputs = {name: control.widget(name) for name, control in self.controls.items()}
            # A reader often goes back and forth: a frame seen before is sent at once.
            frames: OrderedDict[tuple, bytes] = OrderedDict()
            cached = 0

            def frame() -> bytes:
                nonlocal cached
                key = tuple(box.value for box in inputs.values())
                if key in frames:
                    frames.move_to_end(key)
                    return frames[key]
                self.set(**{name: widget_value(self.controls[name], box.value) for name, box in inputs.items()})
                frames[key] = png = self.png()
                cached += len(png)
                while cached > FRAME_CACHE_BYTES:
                    cached -= len(frames.popitem(last=False)[1])
                return png

            image = ipywidgets.Image(value=frame(), format="png")
            errors = ipywidgets.Output()
            applying_preset = False

            def redraw(_: object = None) -> None:
                if applying_preset:
                    return
                try:
                    image.value = frame()
                except Exception:
                    with errors:  # the traceback under the figure; only a failure syncs the Output (2 messages)
                        raise

            def apply(setting: dict[str, Any]) -> None:
                nonlocal applying_preset
                applying_preset = True  # one redraw for the whole preset, not one per control
                try:
                    for name, value in setting.items():
                        control = self.controls[name]
                        inputs[name].value = control.index(value) if isinstance(control, Dropdown) else value
                finally:
                    applying_preset = False
                redraw()

            for box in inputs.values():
                box.observe(redraw, names="value")
            buttons = []
            for name, setting in self.presets.items():
                button = ipywidgets.Button(description=name, tooltip=f"set {name}")
                button.on_click(lambda _, setting=setting: apply(setting))
                buttons.append(button)
            rows = [
                ipywidgets.HBox([control.player(inputs[name]), inputs[name]])
                if isinstance(control, Slider) and control.play else inputs[name]
                for name, control in self.controls.items()
            ]
            if buttons:
                rows.append(ipywidgets.HBox([ipywidgets.Label("presets:"), *buttons]))
            self._widget = ipywidgets.VBox([*rows, image, errors])
            self._widget.add_class("lecture-widget-live")
        return self._widget

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if static_mode():
            from lecture_lib.widgets.static import static_html

            return {"text/html": static_html(self), "text/plain": repr(self)}
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)

    def __repr__(self) -> str:
        return f"InteractiveFigure(controls={list(self.controls)}, presets={list(self.presets)})"


def interactive(
    update: Callable[..., object],
    controls: Mapping[str, Control],
    figure: Figure,
    presets: Mapping[str, Mapping[str, Any]] | None = None,
    static_frames: int = DEFAULT_STATIC_FRAMES,
) -> InteractiveFigure:
    """Make ``figure`` live: ``update(**values)`` runs whenever a control moves.

    Parameters
    ----------
    update : callable
        Changes existing artists of ``figure``; one keyword argument per control. Create
        the artists that change on every move with ``animated=True`` so that only they
        are redrawn; if ``update`` changes axis limits or tick labels, create no animated
        artists (then every move redraws the whole figure), or return ``True`` from
        ``update`` on the moves that change them.
    controls : dict of str to Slider or Dropdown
        The controls, in display order.
    figure : matplotlib.figure.Figure
        The figure to keep up to date.
    presets : dict of str to dict, optional
        Named settings a button applies at once, e.g. ``{"OR": {"b": -0.5}}``; every
        setting a chapter's text asks the reader to try belongs here, so that the static
        book is sure to have its frame.
    static_frames : int, optional
        The most frames the static book renders for all combinations of the controls'
        static values; a widget with more combinations renders one control at a time
        from each preset (see ``lecture_lib.widgets.static``).

    Returns
    -------
    InteractiveFigure
        Display it (last expression of a cell). ``render(**values)`` returns a frame as
        PNG bytes, which tests use to sweep the controls.
    """
    return InteractiveFigure(update, controls, figure, presets, static_frames)

"""Live figures: the one place every slider and dropdown of the book goes through.

A chapter draws a matplotlib figure once, writes an ``update(**values)`` function that
changes the figure's existing artists (``set_data``, ``set_text``, ...), and hands both to
``interactive`` with the controls:

>>> fig, ax = plt.subplots()
>>> (line,) = ax.plot(x, np.sin(x), animated=True)
>>> def update(frequency):
...     line.set_ydata(np.sin(frequency * x))
>>> interactive(update, {"frequency": Slider(0.5, 5.0, 0.5, value=1.0)}, fig)

The same object then works in both places a reader meets it:

* **In a kernel** (JupyterLab) it shows ipywidgets controls above an image of the figure.
  A move calls ``update`` and redraws in place. Artists created with ``animated=True``
  are redrawn over a cached picture of everything else ("blitting"), and the frame is sent
  as a quickly compressed PNG: about 10 ms instead of the ~40 ms of a full redraw (see
  ``benchmarks/widgets.py``). Without animated artists the whole figure is redrawn.
* **In the built book** (environment variable ``LECTURE_LIB_STATIC=1``, set by
  ``scripts/setup.sh``) it renders a grid of control values ahead of time and emits
  self-contained HTML: plain range inputs and selects that swap precomputed frames. The
  Python drawing code stays the single source of truth; nothing is rewritten in JavaScript.

Used by every chapter's live figures.
"""

from __future__ import annotations

import base64
import html
import inspect
import io
import itertools
import json
import math
import os
from collections.abc import Callable
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axis import Axis
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.spines import Spine
from PIL import Image

from lecture_lib.widgets.controls import Control, Dropdown, Slider

STATIC_ENVIRONMENT_VARIABLE = "LECTURE_LIB_STATIC"
DEFAULT_STATIC_FRAMES = 40


def static_mode() -> bool:
    """True while the book is being built: widgets then render precomputed frames."""
    return os.environ.get(STATIC_ENVIRONMENT_VARIABLE) == "1"



# ------------------------------------------------------------------------------ figure
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
    static_frames : int, optional
        About how many frames to render for the static book.
    """

    def __init__(
        self,
        update: Callable[..., object],
        controls: dict[str, Control],
        figure: Figure,
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
        self.update = update
        self.controls = dict(controls)
        self.values = {name: control.value for name, control in controls.items()}
        self.static_frames = static_frames
        self.figure = figure
        plt.close(figure)  # the figure is shown through this object, not by the inline backend
        FigureCanvasAgg(figure)
        self._background = None
        self._blit = any(a.get_animated() for a in figure.findobj())
        self._overlay: list[Artist] = []
        self._widget = None
        self.update(**self.values)

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
        if not self._blit:
            canvas.draw()
            return np.asarray(canvas.buffer_rgba())
        if self._background is None:
            canvas.draw()  # settles the layout, so that extents are final
            self._overlay = self._overlay_artists(canvas.get_renderer())
            flags = [a.get_animated() for a in self._overlay]
            for artist in self._overlay:
                artist.set_animated(True)
            canvas.draw()
            for artist, flag in zip(self._overlay, flags, strict=True):
                artist.set_animated(flag)
            self._background = canvas.copy_from_bbox(self.figure.bbox)
        canvas.restore_region(self._background)
        for artist in self._overlay:
            if artist.get_visible():
                self.figure.draw_artist(artist)
        return np.asarray(canvas.buffer_rgba())

    def _png(self, compress_level: int) -> bytes:
        buffer = io.BytesIO()
        Image.fromarray(self._draw()).save(buffer, format="png", compress_level=compress_level)
        return buffer.getvalue()

    def _static_frame(self) -> bytes:
        """The frame for the static book: reduced to 256 colours (plots use few), then stored
        as lossless WebP, about a fifth the size of the full-colour PNG."""
        buffer = io.BytesIO()
        rgb = Image.fromarray(self._draw()).convert("RGB")
        palette = rgb.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        palette.convert("RGB").save(buffer, format="webp", lossless=True, method=6)
        return buffer.getvalue()

    def _initial_values(self) -> dict[str, Any]:
        return {name: control.value for name, control in self.controls.items()}

    def set(self, **values: Any) -> None:
        """Move the given controls to ``values`` and call ``update`` (no drawing)."""
        unknown = set(values) - set(self.controls)
        if unknown:
            raise ValueError(f"unknown controls {sorted(unknown)}; this figure has {list(self.controls)}")
        self.values.update(values)
        if self.update(**self.values) is True:
            self._background = None

    def render(self, compress_level: int = 1, **values: Any) -> bytes:
        """Set the controls to ``values`` (the rest keep theirs) and return the frame as PNG."""
        self.set(**values)
        return self._png(compress_level)

    # ------------------------------------------------------------------ live widget
    @property
    def widget(self) -> Any:
        """The ipywidgets view: the controls above the figure's image, built on first use."""
        if self._widget is None:
            import ipywidgets

            self.set(**self._initial_values())
            inputs = {name: control.widget(name) for name, control in self.controls.items()}
            image = ipywidgets.Image(value=self._png(1), format="png")
            errors = ipywidgets.Output()

            def on_change(change: dict) -> None:
                with errors:
                    self.set(**{name: box.value for name, box in inputs.items()})
                    image.value = self._png(1)

            for box in inputs.values():
                box.observe(on_change, names="value")
            self._widget = ipywidgets.VBox([*inputs.values(), image, errors])
            self._widget.add_class("lecture-widget-live")
        return self._widget

    # ------------------------------------------------------------------ static book
    # For the book every combination of a grid of control values is drawn ahead of
    # time. Dropdowns keep all their options; sliders share the remaining frame budget
    # evenly, each keeping its ends and its initial value.
    def static_grid(self) -> dict[str, list[Any]]:
        """The control values rendered for the static book, per control."""
        sliders = [name for name, c in self.controls.items() if isinstance(c, Slider)]
        choices = math.prod(len(c.values()) for c in self.controls.values() if isinstance(c, Dropdown))
        per_slider = int((self.static_frames / choices) ** (1 / len(sliders)) + 1e-9) if sliders else 0
        return {name: c.static_values(max(per_slider, 2)) for name, c in self.controls.items()}

    def static_html(self) -> str:
        """Self-contained HTML: range inputs and selects that swap precomputed frames."""
        grid = self.static_grid()
        frames = []
        for combination in itertools.product(*grid.values()):
            self.set(**dict(zip(grid, combination, strict=True)))
            frames.append(base64.b64encode(self._static_frame()).decode())
        initial = self._initial_values()
        self.set(**initial)
        start = [grid[name].index(initial[name]) for name in grid]
        inputs = []
        for (name, control), position in zip(self.controls.items(), start, strict=True):
            label = html.escape(control.description or name)
            values = grid[name]
            if isinstance(control, Slider):
                field_html = (
                    f'<input type="range" data-control="{html.escape(name)}" min="0" max="{len(values) - 1}"'
                    f' step="1" value="{position}" aria-label="{label}">'
                    f'<output style="min-width:3em">{html.escape(control.label(values[position]))}</output>'
                )
            else:
                options = "".join(
                    f'<option value="{i}"{" selected" if i == position else ""}>'
                    f"{html.escape(control.label(v))}</option>"
                    for i, v in enumerate(values)
                )
                field_html = f'<select data-control="{html.escape(name)}" aria-label="{label}">{options}</select>'
            inputs.append(
                f'<label class="lecture-widget-control" style="{_CONTROL_STYLE}">'
                f"<span>{label}</span>{field_html}</label>"
            )
        data = {
            "labels": [[self.controls[n].label(v) for v in grid[n]] for n in grid],
            "frames": frames,
        }
        first = frames[int(np.ravel_multi_index(start, [len(v) for v in grid.values()]))]
        return (
            '<div class="lecture-widget">'
            f'<div class="lecture-widget-controls">{"".join(inputs)}</div>'
            f'<img class="lecture-widget-frame" alt="interactive figure" style="max-width:100%;height:auto"'
            f' src="data:image/webp;base64,{first}">'
            f'<script type="application/json" class="lecture-widget-data">{json.dumps(data)}</script>'
            f"<script>{_STATIC_SCRIPT}</script>"
            "</div>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if static_mode():
            return {"text/html": self.static_html(), "text/plain": repr(self)}
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)

    def __repr__(self) -> str:
        return f"InteractiveFigure(controls={list(self.controls)})"


# Inline, so that a page needs no stylesheet of ours: label, control and readout side by
# side, with room before the next control.
_CONTROL_STYLE = "display:inline-flex;align-items:center;gap:0.4em;margin:0 1.5em 0.3em 0"

# Frames are stored in row-major order over the controls: the frame index is the mixed
# radix number whose digits are the controls' positions.
_STATIC_SCRIPT = """
(function () {
  var root = document.currentScript.parentElement;
  var data = JSON.parse(root.querySelector('.lecture-widget-data').textContent);
  var fields = root.querySelectorAll('[data-control]');
  var image = root.querySelector('.lecture-widget-frame');
  function show() {
    var index = 0;
    fields.forEach(function (field, i) {
      var position = parseInt(field.value, 10);
      index = index * data.labels[i].length + position;
      var readout = field.parentElement.querySelector('output');
      if (readout) { readout.textContent = data.labels[i][position]; }
    });
    image.src = 'data:image/webp;base64,' + data.frames[index];
  }
  fields.forEach(function (field) {
    field.addEventListener('input', show);
    field.addEventListener('change', show);
  });
})();
"""


def interactive(
    update: Callable[..., object],
    controls: dict[str, Control],
    figure: Figure,
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
    static_frames : int, optional
        About how many frames to precompute for the static book (each a 256-colour
        lossless WebP of ~5-10 KB); multi-control figures get a coarser grid per slider.

    Returns
    -------
    InteractiveFigure
        Display it (last expression of a cell). ``render(**values)`` returns a frame as
        PNG bytes, which tests use to sweep the controls' extremes.
    """
    return InteractiveFigure(update, controls, figure, static_frames)

"""A live figure for the static book: its frames rendered ahead of time, as image files.

Most readers meet the book as static pages, without a kernel. There an
``InteractiveFigure`` becomes plain HTML: range inputs, selects and preset buttons whose
few lines of script swap an ``<img>`` between frames that the book build rendered with the
figure's own ``update``. Nothing is redrawn in JavaScript, so a frame is exactly what the
kernel would show for its setting.

The build (``scripts/setup.sh``) sets three environment variables: ``LECTURE_LIB_STATIC=1``;
``LECTURE_LIB_STATIC_DIR``, a folder whose ``html/`` the book copies into its output (so the
frames end up at ``frames/<id>/<k>.png`` beside the pages) and whose ``checks/`` keeps, for
the tests, a few frames redrawn the live way (and ``frames.tsv`` a line per figure: frames,
seconds, bytes); and ``LECTURE_LIB_BOOK_ROOT``, from which the
relative address of the frames is found. The frames load on demand, from any static host
and from ``file://`` alike (images need no ``fetch``), and the neighbours of the current
setting are fetched ahead once the reader touches the figure.

Used by every chapter's live figures when the book is built.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from lecture_lib.widgets.controls import Dropdown, Slider
from lecture_lib.widgets.interactive import InteractiveFigure

STATIC_DIR_VARIABLE = "LECTURE_LIB_STATIC_DIR"
BOOK_ROOT_VARIABLE = "LECTURE_LIB_BOOK_ROOT"
CHECK_SAMPLES = 3
LINES_NOTE = (
    "This page holds the figure for one control moved at a time from the last preset (or from the "
    "start), so the other controls went back there. Run the chapter in JupyterLab to combine any values."
)


# ------------------------------------------------------------------- 1. which settings
# Each control offers its static values (all of a short slider, a nice subset of a long
# one, always with the values the presets use). Every combination is rendered when there
# are at most ``static_frames`` of them; otherwise each control moves alone through its
# values from the initial setting and from every preset ("lines"), which keeps every
# value of every control and every preset reachable at a cost that adds up instead of
# multiplying.
@dataclass(frozen=True)
class StaticPlan:
    """The frames of a figure's static version.

    Attributes
    ----------
    grid : dict of str to list
        The values of each control, in order: position ``i`` of control ``name`` is
        ``grid[name][i]``.
    settings : list of tuple of int
        The positions of each rendered frame, in frame order.
    mode : {"product", "lines"}
        Every combination, in row-major order, or one control at a time from an anchor.
    anchors : dict of str to tuple of int
        The initial setting (``""``) and every preset, as positions.
    """

    grid: dict[str, list[Any]]
    settings: list[tuple[int, ...]]
    mode: str
    anchors: dict[str, tuple[int, ...]]

    def positions(self, setting: dict[str, Any]) -> tuple[int, ...]:
        """The positions of a complete setting (every control's value is on the grid)."""
        return tuple(
            next(i for i, v in enumerate(values) if v is setting[name] or v == setting[name])
            for name, values in self.grid.items()
        )

    def setting(self, positions: tuple[int, ...]) -> dict[str, Any]:
        return {name: values[p] for (name, values), p in zip(self.grid.items(), positions, strict=True)}


def plan(figure: InteractiveFigure) -> StaticPlan:
    """Choose the settings the static book renders for ``figure``.

    Returns
    -------
    StaticPlan

    Raises
    ------
    ValueError
        If even one control at a time needs more than ``figure.static_frames`` frames.
    """
    grid = {
        name: control.static_values(named=[preset[name] for preset in figure.presets.values()])
        for name, control in figure.controls.items()
    }
    anchors_by_value = {"": figure.initial, **figure.presets}
    sizes = [len(values) for values in grid.values()]
    layout = StaticPlan(grid, [], "product", {})
    anchors = {name: layout.positions(setting) for name, setting in anchors_by_value.items()}
    if int(np.prod(sizes)) <= figure.static_frames:
        settings = list(itertools.product(*(range(n) for n in sizes)))
        return StaticPlan(grid, settings, "product", anchors)
    settings: dict[tuple[int, ...], None] = {}
    for anchor in anchors.values():
        for index, size in enumerate(sizes):
            for position in range(size):
                settings[anchor[:index] + (position,) + anchor[index + 1 :]] = None
    if len(settings) > figure.static_frames:
        raise ValueError(
            f"the static book would need {len(settings)} frames even one control at a time "
            f"(static_frames={figure.static_frames}); give the sliders fewer values or fewer presets"
        )
    return StaticPlan(grid, list(settings), "lines", anchors)


# --------------------------------------------------------------------------- 2. frames
# A frame is stored as a 256-colour PNG: exact when the picture has at most 256 colours (a
# grayscale photograph, say), otherwise reduced by the fast octree method without dithering
# (a plot's antialiased edges: each colour moves a little). The octree averages colours that
# share a node, so a white page and a light-grey axes face both became (252, 252, 252); the
# few colours that each fill at least 1% of the picture therefore get palette entries of
# their own and stay exact. About 5-15 KB a plot and a few milliseconds to encode, which keeps
# thousands of frames within the build's time budget.
FLAT_COLOURS = 8


def encode_frame(rgba: np.ndarray) -> bytes:
    """A 256-colour PNG of an RGBA picture, its large flat areas in their exact colours."""
    buffer = io.BytesIO()
    rgb = Image.fromarray(rgba).convert("RGB")
    if rgb.getcolors(256) is not None:
        indexed = rgb.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    else:
        indexed = flat_colours_exact(rgb)
    indexed.save(buffer, format="png", compress_level=6)
    return buffer.getvalue()


def flat_colours_exact(rgb: Image.Image) -> Image.Image:
    """An octree palette of ``256 - FLAT_COLOURS`` colours, plus the dominant colours exactly."""
    indexed = rgb.quantize(256 - FLAT_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    palette = indexed.getpalette()[: 3 * (256 - FLAT_COLOURS)]
    pixels = np.asarray(rgb, dtype=np.uint32)
    packed = (pixels[..., 0] << 16) | (pixels[..., 1] << 8) | pixels[..., 2]
    # Counting every 4th pixel of every 4th row finds the same dominant colours 16x sooner.
    values, counts = np.unique(packed[::4, ::4], return_counts=True)
    indices = np.array(indexed)
    for k in np.argsort(counts)[::-1][:FLAT_COLOURS]:
        if counts[k] * 100 < counts.sum():
            break
        indices[packed == values[k]] = len(palette) // 3
        colour = int(values[k])
        palette += [colour >> 16, (colour >> 8) & 255, colour & 255]
    flat = Image.fromarray(indices, mode="P")
    flat.putpalette(palette)
    return flat


def render_frames(figure: InteractiveFigure, layout: StaticPlan) -> list[bytes]:
    """Every frame of ``layout``, drawn by the figure's own ``update``; the figure ends at its initial setting."""
    frames = []
    for positions in layout.settings:
        figure.set(**layout.setting(positions))
        frames.append(encode_frame(figure._draw()))
    figure.set(**figure.initial)
    return frames


def _output_folders() -> tuple[Path, str]:
    """The folder the frames go to, and their address relative to the page being built."""
    folder, root = os.environ.get(STATIC_DIR_VARIABLE), os.environ.get(BOOK_ROOT_VARIABLE)
    if not folder or not root:
        raise RuntimeError(
            f"the static book needs {STATIC_DIR_VARIABLE} (where frames go) and {BOOK_ROOT_VARIABLE} "
            "(the book's root folder) set; scripts/setup.sh sets both"
        )
    page_folder = Path.cwd().resolve().relative_to(Path(root).resolve())
    return Path(folder), "../" * len(page_folder.parts)


# --------------------------------------------------------------------------- 3. checks
# A few settings are drawn again the live way (``render``, after the static sweep moved the
# figure elsewhere) and kept beside the frames' manifest, so that a browser test can set
# the page's controls to them and compare the frame the page shows with the live picture.
def write_checks(figure: InteractiveFigure, layout: StaticPlan, folder: Path, widget_id: str) -> None:
    rng = np.random.default_rng(int(widget_id[:8], 16))
    picks = sorted(set(rng.choice(len(layout.settings), min(CHECK_SAMPLES, len(layout.settings)), replace=False)))
    samples = []
    folder.mkdir(parents=True, exist_ok=True)
    for frame in (int(k) for k in picks):
        positions = layout.settings[frame]
        (folder / f"{frame}.png").write_bytes(figure.render(**layout.setting(positions)))
        samples.append({"frame": frame, "positions": list(positions)})
    figure.set(**figure.initial)
    manifest = {"id": widget_id, "controls": list(layout.grid), "samples": samples}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


# ----------------------------------------------------------------------------- 4. HTML
def static_html(figure: InteractiveFigure) -> str:
    """Render ``figure``'s frames into files and return the HTML that shows them.

    Returns
    -------
    str
        A self-contained ``<div class="lecture-widget">`` (its script inline).
    """
    folder, prefix = _output_folders()
    layout = plan(figure)
    began = time.perf_counter()
    frames = render_frames(figure, layout)
    seconds = time.perf_counter() - began
    widget_id = hashlib.sha256(b"".join(hashlib.sha256(f).digest() for f in frames)).hexdigest()[:16]
    frame_folder = folder / "html" / "frames" / widget_id
    frame_folder.mkdir(parents=True, exist_ok=True)
    for k, frame in enumerate(frames):
        (frame_folder / f"{k}.png").write_bytes(frame)
    write_checks(figure, layout, folder / "checks" / widget_id, widget_id)
    with (folder / "frames.tsv").open("a", encoding="utf-8") as log:  # scripts/setup.sh reports the totals
        log.write(f"{widget_id}\t{len(frames)}\t{seconds:.2f}\t{sum(map(len, frames))}\n")

    start = layout.anchors[""]
    width, height = figure.figure.canvas.get_width_height()
    fields = [_field_html(name, control, layout.grid[name], position)
              for (name, control), position in zip(figure.controls.items(), start, strict=True)]
    buttons = "".join(
        f'<button type="button" class="lecture-widget-preset" data-preset="{i}">{html.escape(name)}</button>'
        for i, name in enumerate(figure.presets)
    )
    presets_html = ""
    if buttons:
        presets_html = f'<div class="lecture-widget-presets" style="{_ROW_STYLE}">presets: {buttons}</div>'
    data = {
        "mode": layout.mode,
        "sizes": [len(values) for values in layout.grid.values()],
        "labels": [[control.label(v) for v in layout.grid[name]] for name, control in figure.controls.items()],
        "sliders": [_slider_facts(control, layout.grid[name]) for name, control in figure.controls.items()],
        "settings": [list(s) for s in layout.settings] if layout.mode == "lines" else None,
        "presets": [[name, list(layout.anchors[name])] for name in figure.presets],
        "anchor": list(start),
        "ext": ".png",
        "note": LINES_NOTE,
    }
    first = layout.settings.index(start)
    return (
        f'<div class="lecture-widget" data-widget="{widget_id}">'
        f'<div class="lecture-widget-controls">{"".join(fields)}</div>{presets_html}'
        f'<p class="lecture-widget-note" hidden style="font-size:0.9em;margin:0.2em 0"></p>'
        f'<img class="lecture-widget-frame" alt="interactive figure" loading="lazy" width="{width}" '
        f'height="{height}" style="max-width:100%;height:auto" src="{prefix}frames/{widget_id}/{first}.png">'
        f'<script type="application/json" class="lecture-widget-data">{json.dumps(data)}</script>'
        f"<script>{_SCRIPT}</script>"
        "</div>"
    )


def _slider_facts(control: Slider | Dropdown, static_values: list[Any]) -> dict[str, Any] | None:
    """What a test needs to judge a slider's static values: its range, its size, the values offered."""
    if not isinstance(control, Slider):
        return None
    return {"min": control.min, "max": control.max, "count": control.count, "values": static_values}


def _field_html(name: str, control: Slider | Dropdown, values: list[Any], position: int) -> str:
    label = html.escape(control.description or name)
    if isinstance(control, Slider):
        shown = html.escape(control.label(values[position]))
        field = (
            f'<input type="range" data-control="{html.escape(name)}" min="0" max="{len(values) - 1}" step="1" '
            f'value="{position}" aria-label="{label}" aria-valuetext="{shown}">'
            f'<output style="min-width:3em">{shown}</output>'
        )
        if control.play:
            button = f'<button type="button" class="lecture-widget-play" aria-label="play {label}">\u25b6</button>'
            field = button + field
    else:
        options = "".join(
            f'<option value="{i}"{" selected" if i == position else ""}>{html.escape(control.label(v))}</option>'
            for i, v in enumerate(values)
        )
        field = f'<select data-control="{html.escape(name)}" aria-label="{label}">{options}</select>'
    return f'<label class="lecture-widget-control" style="{_CONTROL_STYLE}"><span>{label}</span>{field}</label>'


# Inline, so that a page needs no stylesheet of ours: label, control and readout side by
# side, with room before the next control.
_CONTROL_STYLE = "display:inline-flex;align-items:center;gap:0.4em;margin:0 1.5em 0.3em 0"
_ROW_STYLE = "display:flex;flex-wrap:wrap;align-items:center;gap:0.4em;margin:0.2em 0 0.4em 0"

# Frame k of a "product" figure is the mixed-radix number whose digits are the controls'
# positions; a "lines" figure lists its settings. A move to a setting the page lacks (two
# controls away from the anchor) sets the other controls back to the anchor. The element's
# lectureShow(positions) shows any setting of the page directly (the browser tests use it).
_SCRIPT = """
(function () {
  var root = document.currentScript.parentElement;
  var data = JSON.parse(root.querySelector('.lecture-widget-data').textContent);
  var fields = Array.prototype.slice.call(root.querySelectorAll('[data-control]'));
  var image = root.querySelector('.lecture-widget-frame');
  var note = root.querySelector('.lecture-widget-note');
  var base = image.getAttribute('src').replace(/[^\\/]*$/, '');
  var anchor = data.anchor.slice();
  var lookup = null;
  if (data.settings) {
    lookup = {};
    data.settings.forEach(function (s, k) { lookup[s.join(',')] = k; });
  }
  function frame(p) {
    if (!lookup) {
      var k = 0;
      for (var i = 0; i < p.length; i++) { k = k * data.sizes[i] + p[i]; }
      return k;
    }
    var found = lookup[p.join(',')];
    return found === undefined ? -1 : found;
  }
  function positions() { return fields.map(function (f) { return parseInt(f.value, 10); }); }
  var fetched = {};
  function prefetch(p) {
    fields.forEach(function (f, i) {
      [-2, -1, 1, 2].forEach(function (d) {
        var q = p.slice();
        q[i] += d;
        if (q[i] < 0 || q[i] >= data.sizes[i]) { return; }
        var k = frame(q);
        if (k >= 0 && !fetched[k]) { fetched[k] = true; new Image().src = base + k + data.ext; }
      });
    });
  }
  function show(p) {
    fields.forEach(function (f, i) {
      f.value = p[i];
      var text = data.labels[i][p[i]];
      var readout = f.parentElement.querySelector('output');
      if (readout) { readout.textContent = text; }
      if (f.type === 'range') { f.setAttribute('aria-valuetext', text); }
    });
    image.src = base + frame(p) + data.ext;
    prefetch(p);
  }
  function moved(index) {
    var p = positions();
    if (frame(p) < 0) {
      var q = anchor.slice();
      q[index] = p[index];
      p = q;
      note.textContent = data.note;
      note.hidden = false;
    }
    show(p);
  }
  fields.forEach(function (f, i) {
    f.addEventListener('input', function () { moved(i); });
    f.addEventListener('change', function () { moved(i); });
  });
  root.querySelectorAll('[data-preset]').forEach(function (button) {
    button.addEventListener('click', function () {
      anchor = data.presets[parseInt(button.getAttribute('data-preset'), 10)][1].slice();
      note.hidden = true;
      show(anchor);
    });
  });
  root.lectureShow = function (p) { anchor = p.slice(); note.hidden = true; show(p); };
  // A play button steps its slider through every position, then stops at the last one.
  root.querySelectorAll('.lecture-widget-play').forEach(function (button) {
    var field = button.parentElement.querySelector('[data-control]');
    var index = fields.indexOf(field), timer = null;
    function stop() { clearInterval(timer); timer = null; button.textContent = '\u25b6'; }
    button.addEventListener('click', function () {
      if (timer) { stop(); return; }
      if (parseInt(field.value, 10) === data.sizes[index] - 1) { field.value = 0; moved(index); }
      button.textContent = '\u275a\u275a';
      timer = setInterval(function () {
        var next = parseInt(field.value, 10) + 1;
        if (next >= data.sizes[index]) { stop(); return; }
        field.value = next;
        moved(index);
      }, 400);
    });
  });
  function touched() { prefetch(positions()); }
  root.addEventListener('pointerenter', touched, {once: true});
  root.addEventListener('focusin', touched, {once: true});
})();
"""

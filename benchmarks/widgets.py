"""Slider speed in a real kernel: lecture_lib.widgets against ``interact``, and every chapter's live figures.

The decision boundary (default): the regions and boundary of a 2-16-16-1 MLP on a 150x150
grid, with the training data on top; the slider picks a training step. Training and the
grids are computed once, before any move (the book's rule: heavy work is precomputed, a
move only redraws).

* fast:  ``lecture_lib.widgets.interactive`` around ``lecture_lib.figures.plotting.DecisionBoundary``
  (an animated imshow of the regions and the boundary lines, blitted over a cached
  background, PNG into an ipywidgets.Image);
* naive: ``ipywidgets.interact`` whose function draws a new figure with ``contourf`` and
  shows it (the inline backend encodes it with ``savefig``).

The chapters (``--chapters``): each chapter notebook runs in its own kernel, then every live
figure it shows gets the actions of the JupyterLab browser test, through its ipywidgets
(every slider one step, every drop-down away and back, every preset button), twice: the
second round finds every frame in the figure's cache. Then each first-round setting is
drawn again stage by stage (``update``, drawing, PNG encoding), with what the live path no
longer does beside it for comparison (texts laid out anew, Pillow's encoder). By then the
figure has drawn every text once: the first round's times include the first drawings.

Everything runs in an ipykernel started with jupyter_client, so every move really
serialises its widget messages and sends them over ZeroMQ. The time of a move is the
kernel-side time from setting a control's ``.value`` (or clicking a preset) to the moment
the Image widget's value is set (recorded by an observer on it). Run by hand:

    .venv/bin/python benchmarks/widgets.py [--changes 100]
    .venv/bin/python benchmarks/widgets.py --chapters [01_image_features ...]

Each prints markdown tables (p50, p95) and the load average it ran under.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

GRID_SIZE = 150
TRAINING_SNAPSHOTS = 100
STEPS_PER_SNAPSHOT = 5
FIGURE_SIZE = (5.0, 4.0)
DPI = 80
SEED = 0
GOAL_P50_MS = 30.0
GOAL_SPEEDUP = 5.0


# ------------------------------------------------------------------- the widget's data
# One network, trained once: after every STEPS_PER_SNAPSHOT gradient steps its decision
# value (probability of class 1 minus 1/2) on the 150x150 grid is stored, so a move of
# the slider only looks one up.
def decision_boundary_frames() -> dict[str, Any]:
    """Training data, grid and the decision values on it after each training snapshot."""
    from lecture_lib.algorithms import data
    from lecture_lib.algorithms.data import grid_points
    from lecture_lib.engine import nn

    X, y = data.moons(n=200, noise=0.15, seed=SEED)
    model = nn.MLP((2, 16, 16, 1), activation="tanh", seed=SEED, output_activation="sigmoid")
    margin = 0.5
    extent = (X[:, 0].min() - margin, X[:, 0].max() + margin, X[:, 1].min() - margin, X[:, 1].max() + margin)
    points = grid_points(extent, GRID_SIZE)
    frames = [model(points).data[:, 0] - 0.5]
    for _ in range(TRAINING_SNAPSHOTS):
        nn.fit(model, X, y.astype(np.float64).reshape(-1, 1), loss="mse", steps=STEPS_PER_SNAPSHOT, lr=0.5)
        frames.append(model(points).data[:, 0] - 0.5)
    return {"X": X, "y": y, "extent": extent, "points": points, "frames": np.array(frames)}


def fast_widget(scene: dict[str, Any]) -> Any:
    """The book's pattern: lecture_lib.figures.plotting.DecisionBoundary (animated) updated in place."""
    import matplotlib.pyplot as plt

    from lecture_lib.figures.plotting import DecisionBoundary, scatter_classes
    from lecture_lib.widgets import Slider, interactive

    fig, ax = plt.subplots(figsize=FIGURE_SIZE, dpi=DPI)
    boundary = DecisionBoundary(ax, extent=scene["extent"], resolution=GRID_SIZE)
    scatter_classes(ax, scene["X"], scene["y"])
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title="decision boundary of a 2-16-16-1 MLP")

    def update(step: int) -> None:
        boundary.show(scene["frames"][step])

    return interactive(update, {"step": Slider(0, TRAINING_SNAPSHOTS, 1)}, fig)


def naive_widget(scene: dict[str, Any]) -> Any:
    """What a notebook usually does: ``interact`` and a new ``contourf`` figure per move."""
    import ipywidgets
    import matplotlib.pyplot as plt

    from lecture_lib.figures.plotting import CLASS_COLORS, scatter_classes

    xs, ys = np.unique(scene["points"][:, 0]), np.unique(scene["points"][:, 1])

    def draw(step: int) -> None:
        values = scene["frames"][step].reshape(GRID_SIZE, GRID_SIZE)
        fig, ax = plt.subplots(figsize=FIGURE_SIZE, dpi=DPI)
        levels = [min(values.min(), -1e-9), 0, max(values.max(), 1e-9)]
        ax.contourf(xs, ys, values, levels=levels, colors=CLASS_COLORS[:2], alpha=0.3)
        ax.contour(xs, ys, values, levels=[0], colors="0.15", linewidths=1.5)
        scatter_classes(ax, scene["X"], scene["y"])
        ax.set(xlabel="$x_1$", ylabel="$x_2$", title="decision boundary of a 2-16-16-1 MLP")
        plt.show()

    slider = ipywidgets.IntSlider(min=0, max=TRAINING_SNAPSHOTS, step=1, value=0)
    return ipywidgets.interact(draw, step=slider)


# ------------------------------------------------------------------------- measuring
# The same sequence of slider values for both patterns: a seeded permutation, so every
# move changes the value (a repeated value would not trigger a redraw). Past the 100
# training steps values come back: the fast path then finds their frames in its cache.
def move_sequence(changes: int) -> list[int]:
    rng = np.random.default_rng(SEED)
    values: list[int] = []
    while len(values) < changes:
        for value in rng.permutation(np.arange(1, TRAINING_SNAPSHOTS + 1)):
            if not values or value != values[-1]:
                values.append(int(value))
    return values[:changes]


def timed(action: Callable[[], None], finished: list[float] | None = None) -> float | None:
    """Milliseconds from the start of ``action`` to the end of the redraw.

    ``finished`` (filled by an observer on the Image widget) marks the end when given: None
    when the action sent no new image. Without it the end is when ``action`` returns (the
    observers run synchronously).
    """
    sent = len(finished) if finished is not None else 0
    start = time.perf_counter()
    action()
    if finished is None:
        return (time.perf_counter() - start) * 1000
    return (finished[-1] - start) * 1000 if len(finished) > sent else None


def time_moves(slider: Any, values: list[int], finished: list[float] | None = None) -> list[float]:
    """Milliseconds per move of ``slider`` to each of ``values`` (see ``timed``)."""
    return [timed(lambda value=value: setattr(slider, "value", value), finished) for value in values]


def encode_with_pillow(pixels: np.ndarray) -> bytes:
    """What the fast path encoded with before ``encode_png``: Pillow's PNG at zlib level 1."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def stage_times(live: Any, settings: list[dict[str, Any]], per_artist: bool = False) -> dict[str, list[float]]:
    """Milliseconds of each stage of a redraw at each of ``settings``, each stage timed on its own.

    The widget's handler calls ``update`` (through ``set``), draws (blits, replaying the
    glyphs of texts drawn before: see ``remember_text``), encodes the PNG and assigns it to
    the Image widget, which sends it. Rows marked "not in the path" are there to compare:
    drawing with every text laid out and rasterised anew, Pillow's PNG encoder, and the
    ``with errors:`` block (an ipywidgets.Output, which syncs its msg_id to the front end on
    entry and exit) that every move used to run in.
    """
    from lecture_lib.widgets.interactive import encode_png

    image, errors = live.widget.children[-2], live.widget.children[-1]
    renderer = live.figure.canvas.get_renderer()
    per_setting = ["update", "draw", "PNG encode (encode_png)", "send (image.value = png)",
                   "(not in the path) PNG encode, Pillow level 1",
                   "(not in the path) with errors: (Output)"]  # fmt: skip
    plain_draw = "(not in the path) draw, no text remembered"
    stages: dict[str, list[float]] = {name: [] for name in [*per_setting, plain_draw]}
    for setting in settings:
        t0 = time.perf_counter()
        live.set(**setting)
        t1 = time.perf_counter()
        pixels = live._draw()
        t2 = time.perf_counter()
        png = encode_png(pixels)
        t3 = time.perf_counter()
        image.value = png
        t4 = time.perf_counter()
        encode_with_pillow(pixels)
        t5 = time.perf_counter()
        with errors:
            pass
        t6 = time.perf_counter()
        for name, start, end in zip(per_setting, (t0, t1, t2, t3, t4, t5), (t1, t2, t3, t4, t5, t6), strict=True):
            stages[name].append((end - start) * 1000)
        if per_artist:  # the blit, artist by artist: the animated ones and every artist drawn above them
            for artist in live._overlay:
                start = time.perf_counter()
                live.figure.draw_artist(artist)
                label = f"  draw: {type(artist).__name__}"
                text = artist.get_text() if hasattr(artist, "get_text") else ""
                label += f" {text[:24]!r}" if text else (" (animated)" if artist.get_animated() else "")
                stages.setdefault(label, []).append((time.perf_counter() - start) * 1000)
    # Drawing without remembered texts, in a pass of its own: each draw is, like the path's,
    # the first after its setting (a second draw of the same state reuses matplotlib's caches).
    remembering = renderer.draw_text
    del renderer.draw_text  # matplotlib's own, until put back
    try:
        for setting in settings:
            live.set(**setting)
            start = time.perf_counter()
            live._draw()
            stages[plain_draw].append((time.perf_counter() - start) * 1000)
    finally:
        renderer.draw_text = remembering
    return stages


def measure(changes: int) -> dict[str, Any]:
    """Run inside the kernel: both patterns over the same moves; times in milliseconds."""
    from IPython.display import display

    scene = decision_boundary_frames()
    warmup, values = move_sequence(5), move_sequence(changes + 5)[5:]

    live = fast_widget(scene)
    display(live)
    slider, image = live.widget.children[0], live.widget.children[-2]
    finished: list[float] = []
    image.observe(lambda change: finished.append(time.perf_counter()), names="value")
    time_moves(slider, warmup, finished)
    fast = time_moves(slider, values, finished)
    seen = {0, *warmup}
    first, again = [], []
    for value, ms in zip(values, fast, strict=True):
        (again if value in seen else first).append(ms)
        seen.add(value)
    png_bytes = len(image.value)
    stages = stage_times(live, [{"step": value} for value in values], per_artist=True)

    naive = naive_widget(scene)
    naive_slider = naive.widget.children[0]
    time_moves(naive_slider, warmup)
    slow = time_moves(naive_slider, values)
    return {
        "fast": first,
        "fast_again": again,
        "naive": slow,
        "stages": stages,
        "png_bytes": png_bytes,
        "pixels": list(live.figure.canvas.get_width_height()),
    }


# ---------------------------------------------------------------------- the chapters
def chapter_figures(notebook: str) -> list[Any]:
    """Run a chapter's code cells in this kernel; the live figures it displayed, in order."""
    import nbformat
    from IPython import get_ipython

    from lecture_lib.widgets.interactive import InteractiveFigure

    shown: list[Any] = []
    original = InteractiveFigure._repr_mimebundle_

    def recording(self: Any, *args: Any, **kwargs: Any) -> Any:
        shown.append(self)
        return original(self, *args, **kwargs)

    InteractiveFigure._repr_mimebundle_ = recording
    try:
        for cell in nbformat.read(notebook, as_version=4).cells:
            if cell.cell_type == "code":
                result = get_ipython().run_cell(cell.source, store_history=False)
                if not result.success:
                    error = result.error_before_exec or result.error_in_exec
                    raise RuntimeError(f"a cell of {notebook} failed: {error!r}")
    finally:
        InteractiveFigure._repr_mimebundle_ = original
    return shown


def control_widgets(live: Any) -> dict[str, Any]:
    """The ipywidgets of a live figure's controls by name (a slider with a play button shares
    a row with it: the slider is the row's last widget)."""
    rows = live.widget.children[: len(live.controls)]
    return {
        name: row.children[-1] if hasattr(row, "children") else row
        for name, row in zip(live.controls, rows, strict=True)
    }


def figure_actions(live: Any) -> list[tuple[str, Callable[[], None]]]:
    """The JupyterLab browser test's actions on one live figure, through its ipywidgets.

    Every slider one step (right, or left at its end), every drop-down to its next option
    and back, every preset button clicked.
    """
    import ipywidgets

    actions: list[tuple[str, Callable[[], None]]] = []
    for name, box in control_widgets(live).items():
        if isinstance(box, ipywidgets.Dropdown):
            first, away = box.value, (box.value + 1) % len(box.options)
            actions.append((f"{name} to option {away}", lambda box=box, v=away: setattr(box, "value", v)))
            actions.append((f"{name} back", lambda box=box, v=first: setattr(box, "value", v)))
        else:
            values = live.controls[name].values()
            here = min(range(len(values)), key=lambda k: abs(values[k] - box.value))
            there = values[here + 1 if here + 1 < len(values) else here - 1]
            actions.append((f"{name} one step", lambda box=box, v=there: setattr(box, "value", v)))
    presets = live.widget.children[len(live.controls)] if live.presets else None
    for button in presets.children[1:] if presets is not None else []:
        actions.append((f"preset {button.description!r}", button.click))
    return actions


def reset_controls(live: Any) -> None:
    """Every control of the widget back to its initial value (through the widgets)."""
    from lecture_lib.widgets.controls import Dropdown

    for name, box in control_widgets(live).items():
        control, initial = live.controls[name], live.initial[name]
        box.value = control.index(initial) if isinstance(control, Dropdown) else initial


def measure_chapter(notebook: str) -> dict[str, Any]:
    """Run inside a kernel: the chapter, then every live figure's actions twice, and their stages."""
    from lecture_lib.widgets.interactive import encode_png

    load_before = os.getloadavg()
    figures = []
    for live in chapter_figures(notebook):
        image = live.widget.children[-2]
        finished: list[float] = []
        image.observe(lambda change, finished=finished: finished.append(time.perf_counter()), names="value")
        actions = figure_actions(live)
        first, settings = [], []
        for _, action in actions:
            first.append(timed(action, finished))
            settings.append(dict(live.values))
        reset_controls(live)
        again = [timed(action, finished) for _, action in actions]
        stages = stage_times(live, settings)
        reset_controls(live)
        figures.append({
            "controls": list(live.controls),
            "pixels": list(live.figure.canvas.get_width_height()),
            "png_kb": len(encode_png(live._draw())) / 1024,
            "actions": [name for name, _ in actions],
            "first": first,
            "again": again,
            "stages": stages,
        })  # fmt: skip
    return {"figures": figures, "load_average": [load_before, os.getloadavg()]}


# ------------------------------------------------------------------------ the driver
def run_in_kernel(call: str, cwd: Path | None = None) -> Any:
    """Start an ipykernel of this environment, run ``bench.<call>`` in it, return its result."""
    from jupyter_client.manager import start_new_kernel

    here = Path(__file__).resolve()
    code = (
        "import importlib.util, json\n"
        f"spec = importlib.util.spec_from_file_location('widgets_benchmark', {str(here)!r})\n"
        "bench = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(bench)\n"
        f"print('RESULT' + json.dumps(bench.{call}))\n"
    )
    manager, client = start_new_kernel(kernel_name="python3", cwd=str(cwd or Path.cwd()))
    try:
        printed: list[str] = []
        errors: list[str] = []

        def collect(message: dict) -> None:
            content = message["content"]
            if message["msg_type"] == "stream" and content["name"] == "stdout":
                printed.append(content["text"])
            elif message["msg_type"] == "error":
                errors.append("\n".join(content["traceback"]))

        reply = client.execute_interactive(code, output_hook=collect, timeout=900)
        if reply["content"]["status"] != "ok" or errors:
            raise RuntimeError("the benchmark failed in the kernel:\n" + "\n".join(errors))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    text = "".join(printed)
    return json.loads(text[text.index("RESULT") + len("RESULT") :].splitlines()[0])


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def stage_rows(stages: dict[str, list[float]]) -> list[str]:
    return [f"| {name} | {percentile(times, 50):.2f} | {percentile(times, 95):.2f} |" for name, times in stages.items()]


def report(result: dict[str, Any], changes: int) -> str:
    fast, naive = result["fast"], result["naive"]
    met = percentile(fast, 50) <= GOAL_P50_MS and percentile(naive, 50) >= GOAL_SPEEDUP * percentile(fast, 50)
    width, height = result["pixels"]
    lines = [
        f"Decision boundary, {GRID_SIZE}x{GRID_SIZE} grid, 2-16-16-1 MLP; figure {width}x{height} px "
        f"({FIGURE_SIZE[0]:g}x{FIGURE_SIZE[1]:g} in at {DPI} dpi); {changes} slider changes each, one kernel, "
        f"kernel-side ms from `slider.value = v` to the finished redraw. Load average {load()}.",
        "",
        "| pattern | moves | p50 (ms) | p95 (ms) | mean (ms) |",
        "|---|---:|---:|---:|---:|",
        f"| lecture_lib.widgets, a setting not seen before (blit + PNG) | {len(fast)} | {percentile(fast, 50):.1f} | "
        f"{percentile(fast, 95):.1f} | {statistics.fmean(fast):.1f} |",
    ]
    if result["fast_again"]:
        again = result["fast_again"]
        lines.append(
            f"| lecture_lib.widgets, a setting seen before (cached frame) | {len(again)} | "
            f"{percentile(again, 50):.1f} | {percentile(again, 95):.1f} | {statistics.fmean(again):.1f} |"
        )
    lines += [
        f"| naive: interact + new figure + contourf + savefig PNG | {len(naive)} | {percentile(naive, 50):.1f} | "
        f"{percentile(naive, 95):.1f} | {statistics.fmean(naive):.1f} |",
        "",
        f"Speed-up (naive / fast, settings not seen before): p50 {percentile(naive, 50) / percentile(fast, 50):.1f}x, "
        f"p95 {percentile(naive, 95) / percentile(fast, 95):.1f}x. "
        f"Fast frame: {result['png_bytes'] / 1024:.0f} KB PNG.",
        "",
        f"Goal (issue 7): fast p50 <= {GOAL_P50_MS:g} ms and >= {GOAL_SPEEDUP:g}x faster than naive: "
        + ("met." if met else "NOT met."),
        "",
        "Fast path, stage by stage (the same moves again, each stage timed on its own):",
        "",
        "| stage | p50 (ms) | p95 (ms) |",
        "|---|---:|---:|",
        *stage_rows(result["stages"]),
    ]
    return "\n".join(lines)


def report_chapters(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "Every live figure of each chapter, the browser test's actions (each slider one step, each drop-down "
        "away and back, each preset), kernel-side ms from the action to the Image widget's new value; "
        "round 2 repeats round 1's settings (cached frames).",
        "",
        "| chapter | actions | round 1 p50 | round 1 p95 | round 2 p50 | update p50 | draw p50 | "
        "draw, no text remembered, p50 | encode p50 | Pillow encode p50 | load average |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    figure_lines = ["", "| chapter | figure | controls | px | PNG KB | round 1 p50 | round 1 max | draw p50 |",
                    "|---|---:|---|---|---:|---:|---:|---:|"]  # fmt: skip
    for chapter, result in results.items():
        figures = result["figures"]
        first = [t for f in figures for t in f["first"] if t is not None]
        again = [t for f in figures for t in f["again"] if t is not None]
        unsent = sum(t is None for f in figures for t in f["first"])
        stages = {name: [t for f in figures for t in f["stages"][name]] for name in figures[0]["stages"]}
        before, after = result["load_average"]
        lines.append(
            f"| {chapter} | {len(first)}{f' (+{unsent} sent nothing)' if unsent else ''} | "
            f"{percentile(first, 50):.1f} | {percentile(first, 95):.1f} | {percentile(again, 50):.2f} | "
            f"{percentile(stages['update'], 50):.1f} | {percentile(stages['draw'], 50):.1f} | "
            f"{percentile(stages['(not in the path) draw, no text remembered'], 50):.1f} | "
            f"{percentile(stages['PNG encode (encode_png)'], 50):.1f} | "
            f"{percentile(stages['(not in the path) PNG encode, Pillow level 1'], 50):.1f} | "
            f"{before[0]:.1f} -> {after[0]:.1f} |"
        )
        for index, figure in enumerate(figures):
            times = [t for t in figure["first"] if t is not None]
            figure_lines.append(
                f"| {chapter} | {index} | {', '.join(figure['controls'])} | {'x'.join(map(str, figure['pixels']))} | "
                f"{figure['png_kb']:.0f} | {percentile(times, 50):.1f} | {max(times):.1f} | "
                f"{percentile(figure['stages']['draw'], 50):.1f} |"
            )
    return "\n".join(lines + figure_lines)


def load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=100, help="slider changes per pattern (default 100)")
    parser.add_argument("--chapters", nargs="*", metavar="NAME",
                        help="measure the chapters' live figures instead (default: every book/0*.ipynb)")  # fmt: skip
    args = parser.parse_args(argv)
    if args.chapters is not None:
        book = Path(__file__).resolve().parents[1] / "book"
        names = args.chapters or sorted(path.stem for path in book.glob("0*.ipynb"))
        results = {
            name: run_in_kernel(f"measure_chapter({str(book / f'{name}.ipynb')!r})", cwd=book) for name in names
        }
        print(report_chapters(results))
        return 0
    if args.changes < 1:
        raise ValueError(f"--changes must be at least 1, got {args.changes}")
    print(report(run_in_kernel(f"measure({args.changes})"), args.changes))
    return 0


if __name__ == "__main__":
    sys.exit(main())

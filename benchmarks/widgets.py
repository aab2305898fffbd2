"""Slider speed: lecture_lib.widgets against the naive ``interact`` pattern, in a real kernel.

The widget is a decision boundary: the regions and boundary of a 2-16-16-1 MLP on a
150x150 grid, with the training data on top; the slider picks a training step. Training
and the grids are computed once, before any move (the book's rule: heavy work is
precomputed, a move only redraws).

* fast:  ``lecture_lib.widgets.interactive`` around ``lecture_lib.figures.plotting.DecisionBoundary``
  (an animated imshow of the regions and the boundary lines, blitted over a cached
  background, PNG at compress level 1 into an ipywidgets.Image);
* naive: ``ipywidgets.interact`` whose function draws a new figure with ``contourf`` and
  shows it (the inline backend encodes it with ``savefig``).

Both run in one ipykernel started with jupyter_client, so every move really serialises
its widget messages and sends them over ZeroMQ. The time of a move is the kernel-side
time from setting the slider's ``.value`` to the end of the redraw (for the fast path: the
moment the Image widget's value is set, recorded by an observer on it). Run by hand:

    .venv/bin/python benchmarks/widgets.py [--changes 100]

It prints a markdown table (p50, p95, ratio) and a breakdown of the fast path.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
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
# move changes the value (a repeated value would not trigger a redraw).
def move_sequence(changes: int) -> list[int]:
    rng = np.random.default_rng(SEED)
    values: list[int] = []
    while len(values) < changes:
        for value in rng.permutation(np.arange(1, TRAINING_SNAPSHOTS + 1)):
            if not values or value != values[-1]:
                values.append(int(value))
    return values[:changes]


def time_moves(slider: Any, values: list[int], finished: list[float] | None = None) -> list[float]:
    """Milliseconds per move: from setting ``slider.value`` to the end of the redraw.

    ``finished`` (filled by an observer on the output) marks the end when given;
    otherwise the end is when the assignment returns (the observers run synchronously).
    """
    times = []
    for value in values:
        start = time.perf_counter()
        slider.value = value
        end = time.perf_counter() if finished is None else finished[-1]
        times.append((end - start) * 1000)
    return times


def fast_breakdown(live: Any, values: list[int]) -> dict[str, list[float]]:
    """Milliseconds of each stage of a fast move, in the order ``widgets.py``'s handler runs them.

    The handler wraps its work in ``with errors:`` (an ipywidgets.Output, so a failing
    ``update`` shows its traceback under the figure), calls ``update`` through ``set``,
    blits, encodes the PNG and assigns it to the Image widget, which sends it.
    """
    from PIL import Image

    image, errors = live.widget.children[-2], live.widget.children[-1]
    names = [
        "Output context (with errors:)",
        "update (DecisionBoundary.show)",
        "blit (restore + draw animated)",
        "PNG encode",
        "send (image.value = png)",
    ]
    stages: dict[str, list[float]] = {name: [] for name in names}
    for value in values:
        t0 = time.perf_counter()
        with errors:
            pass
        t1 = time.perf_counter()
        live.set(step=value)
        t2 = time.perf_counter()
        pixels = live._draw()
        t3 = time.perf_counter()
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, format="png", compress_level=1)
        t4 = time.perf_counter()
        image.value = buffer.getvalue()
        t5 = time.perf_counter()
        for name, start, end in zip(names, (t0, t1, t2, t3, t4), (t1, t2, t3, t4, t5), strict=True):
            stages[name].append((end - start) * 1000)
        # The blit, artist by artist: the animated ones and every artist drawn above them.
        for artist in live._overlay:
            start = time.perf_counter()
            live.figure.draw_artist(artist)
            label = f"  blit: {type(artist).__name__}"
            text = artist.get_text() if hasattr(artist, "get_text") else ""
            label += f" {text[:24]!r}" if text else (" (animated)" if artist.get_animated() else "")
            stages.setdefault(label, []).append((time.perf_counter() - start) * 1000)
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
    png_bytes = len(image.value)
    stages = fast_breakdown(live, values)

    naive = naive_widget(scene)
    naive_slider = naive.widget.children[0]
    time_moves(naive_slider, warmup)
    slow = time_moves(naive_slider, values)
    return {
        "fast": fast,
        "naive": slow,
        "stages": stages,
        "png_bytes": png_bytes,
        "pixels": list(live.figure.canvas.get_width_height()),
    }


# ------------------------------------------------------------------------ the driver
def run_in_kernel(changes: int) -> dict[str, Any]:
    """Start an ipykernel of this environment, run ``measure`` in it, return its result."""
    from jupyter_client.manager import start_new_kernel

    here = Path(__file__).resolve()
    code = (
        "import importlib.util, json\n"
        f"spec = importlib.util.spec_from_file_location('widgets_benchmark', {str(here)!r})\n"
        "bench = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(bench)\n"
        f"print('RESULT' + json.dumps(bench.measure({changes})))\n"
    )
    manager, client = start_new_kernel(kernel_name="python3")
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
    return json.loads(text[text.index("RESULT") + len("RESULT") :])


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def report(result: dict[str, Any], changes: int) -> str:
    fast, naive = result["fast"], result["naive"]
    met = percentile(fast, 50) <= GOAL_P50_MS and percentile(naive, 50) >= GOAL_SPEEDUP * percentile(fast, 50)
    width, height = result["pixels"]
    lines = [
        f"Decision boundary, {GRID_SIZE}x{GRID_SIZE} grid, 2-16-16-1 MLP; figure {width}x{height} px "
        f"({FIGURE_SIZE[0]:g}x{FIGURE_SIZE[1]:g} in at {DPI} dpi); {changes} slider changes each, one kernel, "
        f"kernel-side ms from `slider.value = v` to the finished redraw.",
        "",
        "| pattern | p50 (ms) | p95 (ms) | mean (ms) |",
        "|---|---:|---:|---:|",
        f"| lecture_lib.widgets (blit + PNG level 1 into ipywidgets.Image) | {percentile(fast, 50):.1f} | "
        f"{percentile(fast, 95):.1f} | {statistics.fmean(fast):.1f} |",
        f"| naive: interact + new figure + contourf + savefig PNG | {percentile(naive, 50):.1f} | "
        f"{percentile(naive, 95):.1f} | {statistics.fmean(naive):.1f} |",
        "",
        f"Speed-up (naive / fast): p50 {percentile(naive, 50) / percentile(fast, 50):.1f}x, "
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
    ]
    for stage, times in result["stages"].items():
        lines.append(f"| {stage} | {percentile(times, 50):.2f} | {percentile(times, 95):.2f} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=100, help="slider changes per pattern (default 100)")
    args = parser.parse_args(argv)
    if args.changes < 1:
        raise ValueError(f"--changes must be at least 1, got {args.changes}")
    print(report(run_in_kernel(args.changes), args.changes))
    return 0


if __name__ == "__main__":
    sys.exit(main())

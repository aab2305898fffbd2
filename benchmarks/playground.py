"""Playground speed: training steps per second, and frames per second against a naive redraw.

The network of the budget (issue 14): two inputs (x1, x2), two hidden layers of 4 tanh
units, one output per class (the book's softmax needs two outputs for two classes, where
TensorFlow Playground has one tanh output), on the circle data set of 500 points (half of
them for training), batches of 10. Measured in one process:

* steps/s: ``Playground.step`` alone, one minibatch of 10 per step;
* frames/s, fast: what one tick of the live playground's Play timer does in the kernel
  (``PlaygroundWidget``'s timer observer: one step, the losses, the snapshot with the
  48x48 output heatmap and the 16x16 unit heatmaps, ``PlaygroundFigure.show``, the
  animated artists blitted over the cached background, an RGB PNG at compression level 1
  (``encode_png``, as every live figure),
  assigned to the ``ipywidgets.Image``). Only sending the message to the browser is left
  out (see ``benchmarks/widgets.py`` for that part);
* frames/s, naive: the same step and snapshot, then the whole figure drawn again
  (``canvas.draw()``, as a figure without animated artists is redrawn) and encoded the same way.

Run by hand; it prints a markdown table. Times depend on the machine and on its load:
the ratio is the number to compare.

    .venv/bin/python benchmarks/playground.py [--frames 100]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import matplotlib

matplotlib.use("agg")

import numpy as np  # noqa: E402

from lecture_lib.algorithms.playground import Playground  # noqa: E402
from lecture_lib.algorithms.playground_settings import Settings  # noqa: E402
from lecture_lib.figures.playground import PlaygroundFigure  # noqa: E402
from lecture_lib.widgets.interactive import encode_png  # noqa: E402
from lecture_lib.widgets.playground import PlaygroundWidget  # noqa: E402

SETTINGS = Settings(dataset="circle", hidden=(4, 4), activations=("tanh", "tanh"), batch_size=10,
                    learning_rate=0.03, seed=0)
GOAL_FPS = 20.0


def steps_per_second(steps: int) -> float:
    playground = Playground(SETTINGS)
    start = time.perf_counter()
    for _ in range(steps):
        playground.step()
    return steps / (time.perf_counter() - start)


def fast_frames(frames: int) -> list[float]:
    """Seconds per tick of the live widget's timer (the Play value moving on by one)."""
    live = PlaygroundWidget(SETTINGS)
    live.steps_per_frame = 1
    live.widget  # noqa: B018 (builds the controls)
    timer = live.controls["play"]
    times = []
    for tick in range(1, frames + 1):
        time.sleep(0.02)  # as between the timer's ticks (a tick right after a frame is dropped)
        start = time.perf_counter()
        timer.value = tick  # its observer trains one frame and sends the new image
        times.append(time.perf_counter() - start)
    return times


def naive_frames(frames: int) -> list[float]:
    """Seconds per frame when the whole figure is drawn again every time."""
    playground = Playground(SETTINGS)
    view = PlaygroundFigure(animated=False)
    times = []
    for _ in range(frames):
        start = time.perf_counter()
        playground.step()
        playground.record()
        view.show(playground.snapshot(with_gradients=False))
        view.figure.canvas.draw()
        encode_png(np.asarray(view.figure.canvas.buffer_rgba()))
        times.append(time.perf_counter() - start)
    return times


def report(frames: int) -> str:
    steps = steps_per_second(20 * frames)
    fast, naive = fast_frames(frames), naive_frames(frames)
    fast_fps, naive_fps = 1 / statistics.median(fast), 1 / statistics.median(naive)
    lines = [
        f"Playground, {SETTINGS.dataset} data, network {'-'.join(map(str, SETTINGS.sizes))} tanh, "
        f"batch {SETTINGS.batch_size}; {frames} frames each, median time per frame.",
        "",
        "| what | per second | ms each (median) |",
        "|---|---:|---:|",
        f"| training steps alone | {steps:,.0f} | {1000 / steps:.2f} |",
        f"| frames, live widget (1 step + blit + PNG) | {fast_fps:.1f} | {1000 * statistics.median(fast):.1f} |",
        f"| frames, naive (1 step + whole redraw + PNG) | {naive_fps:.1f} | {1000 * statistics.median(naive):.1f} |",
        "",
        f"Speed-up of the live widget over the naive redraw: {fast_fps / naive_fps:.1f}x. "
        f"Budget: at least {GOAL_FPS:g} frames/s: " + ("met." if fast_fps >= GOAL_FPS else "NOT met on this machine."),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=100, help="frames per pattern (default 100)")
    args = parser.parse_args(argv)
    if args.frames < 1:
        raise ValueError(f"--frames must be at least 1, got {args.frames}")
    print(report(args.frames))
    return 0


if __name__ == "__main__":
    sys.exit(main())

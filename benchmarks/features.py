"""Image features: lecture_lib against scikit-image and NumPy, side by side in one run.

* ``hog`` vs ``skimage.feature.hog`` on the 512 x 512 grayscale astronaut, default
  parameters (9 orientations, 8 x 8 cells, 3 x 3 blocks, L2-Hys), without and with the
  glyph picture (``visualize=True``);
* ``color_histogram`` vs ``numpy.histogramdd`` (normalised) on the 512 x 512 x 3 astronaut,
  8 bins per channel.

Each row reports median times, the speed ratio (reference / lecture_lib) and the largest
absolute difference of the outputs.

    .venv/bin/python benchmarks/features.py        # prints a markdown table

Run by hand; never asserted in CI.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable

import numpy as np
import skimage
import skimage.data
import skimage.feature

from lecture_lib.algorithms.color_histogram import color_histogram
from lecture_lib.algorithms.hog import hog
from lecture_lib.algorithms.images import to_grayscale


def median_seconds(functions: dict[str, Callable[[], object]], repeats: int) -> dict[str, float]:
    """Median seconds per call; the functions take turns so load changes hit all alike."""
    for function in functions.values():
        function()
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            start = time.perf_counter()
            function()
            times[name].append(time.perf_counter() - start)
    return {name: float(np.median(values)) for name, values in times.items()}


def max_abs_difference(ours: object, reference: object) -> float:
    if isinstance(ours, tuple):
        return max(max_abs_difference(a, b) for a, b in zip(ours, reference, strict=True))
    return float(np.abs(np.asarray(ours) - np.asarray(reference)).max())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()

    rgb = skimage.data.astronaut()
    gray = to_grayscale(rgb / 255.0)
    bins = 8

    def histogramdd() -> np.ndarray:
        counts, _ = np.histogramdd(rgb.reshape(-1, 3), bins=bins, range=[(0, 255)] * 3)
        return counts.ravel() / counts.sum()

    cases = {
        "hog 512x512": (lambda: hog(gray), lambda: skimage.feature.hog(gray), "skimage.feature.hog"),
        "hog 512x512, visualize=True": (
            lambda: hog(gray, visualize=True),
            lambda: skimage.feature.hog(gray, visualize=True),
            "skimage.feature.hog",
        ),
        f"color_histogram 512x512x3, {bins} bins": (
            lambda: color_histogram(rgb, bins),
            histogramdd,
            "numpy.histogramdd",
        ),
    }
    print(
        f"numpy {np.__version__}, scikit-image {skimage.__version__}, "
        f"{platform.processor() or platform.machine()}, median of {args.repeats} runs\n"
    )
    print("| task | reference | lecture_lib (ms) | reference (ms) | speed-up | max abs diff |")
    print("|---|---|---:|---:|---:|---:|")
    for task, (ours, reference, reference_name) in cases.items():
        times = median_seconds({"ours": ours, "reference": reference}, args.repeats)
        difference = max_abs_difference(ours(), reference())
        print(
            f"| {task} | {reference_name} | {times['ours'] * 1e3:.1f} | "
            f"{times['reference'] * 1e3:.1f} | {times['reference'] / times['ours']:.1f}x | "
            f"{difference:.1e} |"
        )


if __name__ == "__main__":
    main()

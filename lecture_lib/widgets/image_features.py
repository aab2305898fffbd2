"""The live figures of chapter 01_image_features: colour histogram bins, HoG cells, codebook size.

The figures are ``lecture_lib.figures.image_features``'s; this module only gives them their
controls.
"""

from __future__ import annotations

import numpy as np

from lecture_lib.algorithms.feature_comparison import CodebookSweep
from lecture_lib.engine import checks
from lecture_lib.figures.image_features import CodebookFigure, ColorHistogramFigure, HogFigure
from lecture_lib.widgets.controls import Dropdown, Slider
from lecture_lib.widgets.interactive import InteractiveFigure, interactive


def color_histogram_widget(image: np.ndarray, max_bins: int = 12) -> InteractiveFigure:
    """Slider ``bins``: the image quantised to ``bins`` levels per channel and its histogram.

    Parameters
    ----------
    image : numpy.ndarray, shape (H, W, 3)
        RGB image in [0, 1].
    max_bins : int
        The slider's upper end, 2 to 256 (the lower end is 1).

    Returns
    -------
    InteractiveFigure
    """
    max_bins = checks.integer("max_bins", max_bins, minimum=2, maximum=256)
    view = ColorHistogramFigure(image)
    controls = {"bins": Slider(1, max_bins, 1, value=min(4, max_bins), description="bins per channel")}
    return interactive(view.show, controls, view.figure)


def hog_widget(
    image: np.ndarray, cell_sizes: tuple[int, int, int] = (4, 32, 4), max_orientations: int = 18
) -> InteractiveFigure:
    """Sliders cell size and orientations: the HoG glyph picture of a grayscale image.

    Parameters
    ----------
    image : numpy.ndarray, shape (H, W)
        Grayscale image in [0, 1], at least 3 of the largest cells on a side.
    cell_sizes : (min, max, step)
        The cell size slider (square cells, in pixels); it starts at 8 if it has 8.
    max_orientations : int
        The orientation slider's upper end, >= 2 (the lower end is 1).

    Returns
    -------
    InteractiveFigure
    """
    shape = checks.real_array("image", image, ndim=2).shape
    low, high, step = checks.integers("cell_sizes", cell_sizes, minimum=1, length=3)
    if min(shape) < 3 * high:
        raise ValueError(f"image of shape {shape} is too small for cell_sizes up to {high} px: "
                         f"3 x 3 blocks of them need {3 * high} pixels a side")
    max_orientations = checks.integer("max_orientations", max_orientations, minimum=2)
    start = 8 if low <= 8 <= high and (8 - low) % step == 0 else low
    view = HogFigure(image, animated=True)
    controls = {
        "cell_size": Slider(low, high, step, value=start, description="cell size (px)"),
        "orientations": Slider(1, max_orientations, 1, value=min(9, max_orientations), description="orientation bins"),
    }
    return interactive(view.show, controls, view.figure)


def codebook_widget(sweep: CodebookSweep) -> InteractiveFigure:
    """Drop-down codebook size: the words and the accuracy of the linear classifier on them.

    Parameters
    ----------
    sweep : CodebookSweep
        From ``lecture_lib.algorithms.feature_comparison.codebook_sweep``.

    Returns
    -------
    InteractiveFigure
    """
    checks.instance("sweep", sweep, CodebookSweep, "from codebook_sweep")
    view = CodebookFigure(sweep, animated=True)
    controls = {
        "n_words": Dropdown([(f"{k} words", k) for k in sweep.sizes], value=sweep.sizes[len(sweep.sizes) // 2],
                            description="codebook size")
    }
    return interactive(view.show, controls, view.figure)

"""The colour histogram: how much of each colour an image holds, wherever it is.

Cut each channel's range into equal bins; the feature is the fraction of pixels in every
cell of the resulting colour cube (Swain and Ballard, 1991).

Used in chapter 01_image_features.
"""

from __future__ import annotations

import numpy as np

from lecture_lib.engine import checks

# The most colour cells a histogram may have, 2**24: 256 bins per channel for RGB.
MAX_CELLS = 2**24


def _channel_bins(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Bin number of each value for the given equal-width ``edges``, as np.histogramdd.

    Scaling and rounding down gives the bin of almost every value; one comparison on each
    side with the exact edges makes a value lying on an edge land where np.histogramdd
    puts it, and the top of the range goes into the last bin.
    """
    bins = edges.size - 1
    index = np.floor((values - edges[0]) * (bins / (edges[-1] - edges[0]))).astype(np.intp)
    np.clip(index, 0, bins - 1, out=index)
    index -= values < edges[index]
    index += (values >= edges[index + 1]) & (index < bins - 1)
    return index


def color_histogram(
    image: np.ndarray, bins: int = 8, value_range: tuple[float, float] | None = None
) -> np.ndarray:
    """Normalised colour histogram of an image: the fraction of pixels per colour bin.

    For an RGB image (H, W, 3) the histogram is *joint* over the three channels in RGB
    space: each channel's range is cut into ``bins`` equal intervals, giving ``bins**3``
    colour cells (e.g. "red high, green low, blue low"), in the order of ``np.histogramdd``
    (red slowest, blue fastest). For a grayscale image (H, W) it is the 1-D intensity
    histogram with ``bins`` bins. Bin edges and edge cases (a value equal to the upper end
    goes to the last bin) are those of ``np.histogramdd`` over ``value_range``.
    Where a pixel is in the image does not matter at all: that is the feature's strength
    (position invariance) and its weakness (shape blindness). Used in chapter
    01_image_features.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3) or (H, W)
        Image with real values inside ``value_range``.
    bins : int
        Number of intervals per channel, at least 1 and at most 256 for RGB (``MAX_CELLS``).
    value_range : (float, float), optional
        The range of channel values, finite. Default: (0, 255) for uint8 images, else (0, 1).

    Returns
    -------
    ndarray, shape (bins**3,) for RGB or (bins,) for grayscale
        Non-negative float64 entries summing to 1.
    """
    array = checks.real_array("image", image)
    if array.ndim == 3 and array.shape[2] == 3:
        pixels = array.reshape(-1, 3)
    elif array.ndim == 2:
        pixels = array.reshape(-1, 1)
    else:
        raise ValueError(f"color_histogram: image must have shape (H, W, 3) or (H, W), got {array.shape}")
    if pixels.shape[0] == 0:
        raise ValueError(f"color_histogram needs at least one pixel, got shape {array.shape}")
    bins = checks.integer("bins", bins, minimum=1, maximum=round(MAX_CELLS ** (1 / pixels.shape[1])))
    if value_range is None:
        value_range = (0.0, 255.0) if array.dtype == np.uint8 else (0.0, 1.0)
    low, high = checks.interval("value_range", value_range)
    if pixels.min() < low or pixels.max() > high:
        raise ValueError(
            f"image values span [{pixels.min()}, {pixels.max()}], outside value_range "
            f"[{low}, {high}]; pass the right value_range"
        )

    # Quantise each channel into its bin number. An 8-bit channel has only 256 possible
    # values, so each of them is binned once and the pixels look their bin up.
    edges = np.linspace(low, high, bins + 1)
    if array.dtype == np.uint8:
        index = _channel_bins(np.arange(256.0), edges)[pixels]
    else:
        index = _channel_bins(pixels.astype(np.float64), edges)

    # Count pixels per colour cell. The joint cell number reads the per-channel bins as the
    # digits of a number in base `bins` (red first); one bincount counts every cell at once.
    cell = index[:, 0]
    for channel in range(1, index.shape[1]):
        cell = cell * bins + index[:, channel]
    counts = np.bincount(cell, minlength=bins ** index.shape[1])
    return counts / pixels.shape[0]



"""Hand-crafted image features: colour histogram, HoG and bag of visual words.

Before networks learned their own features, an image ``x`` was first turned into a feature
vector ``z = phi(x)`` by a fixed recipe, and only a simple classifier ``f(z)`` was trained.
This module holds three such recipes, each written with vectorised NumPy so it can be read
from top to bottom:

* :func:`color_histogram` -- how much of each colour, wherever it is;
* :func:`hog` -- histograms of gradient orientations per cell (Dalal & Triggs, 2005),
  giving the same numbers as ``skimage.feature.hog`` for 2-D grayscale images;
* :func:`fit_codebook` + :func:`bag_of_words` -- dense patches assigned to the nearest of a
  few "visual words" found by k-means (:func:`kmeans`, seeded k-means++ start), counted per
  image.

Used in chapter 01_image_features.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

BLOCK_NORMS = ("L1", "L1-sqrt", "L2", "L2-Hys")
_BLOCK_NORM_EPS = 1e-5
# Rec. 709 luma weights, the ones skimage.color.rgb2gray uses.
_LUMA_WEIGHTS = np.array([0.2125, 0.7154, 0.0721])


# ---------------------------------------------------------------------------------------------
# Input checks shared by every feature
# ---------------------------------------------------------------------------------------------


def _check_real_array(image: object, name: str = "image") -> np.ndarray:
    """Return ``image`` as an array of real numbers with no NaN or infinity, or raise."""
    array = np.asarray(image)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"{name} must hold real numbers (bool, int or float), got dtype {array.dtype}"
        )
    if array.dtype.kind == "f" and not np.isfinite(array).all():
        bad = int(np.size(array) - np.count_nonzero(np.isfinite(array)))
        raise ValueError(f"{name} contains {bad} NaN or infinite value(s)")
    return array


def _check_positive_pair(value: object, name: str) -> tuple[int, int]:
    """Return ``value`` as a pair of positive ints (``(8, 8)`` from ``(8, 8)`` or ``8``)."""
    pair = (value, value) if np.isscalar(value) else tuple(value)  # type: ignore[arg-type]
    if len(pair) != 2 or not all(isinstance(v, int | np.integer) and v > 0 for v in pair):
        raise ValueError(f"{name} must be a pair of positive integers, got {value!r}")
    return int(pair[0]), int(pair[1])


def _check_positive_int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def to_grayscale(image: np.ndarray) -> np.ndarray:
    """Convert an RGB image (H, W, 3) to a float64 grayscale image (H, W) by luma weights.

    Uses the Rec. 709 weights 0.2125 R + 0.7154 G + 0.0721 B, as ``skimage.color.rgb2gray``.
    A 2-D image is returned as float64 unchanged. Used in chapter 01_image_features.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3) or (H, W)
        RGB or grayscale image.

    Returns
    -------
    ndarray, shape (H, W)
        Grayscale image, float64.
    """
    array = _check_real_array(image)
    if array.ndim == 2:
        return array.astype(np.float64)
    if array.ndim != 3 or array.shape[2] != 3:
        raise ValueError(f"to_grayscale expects (H, W, 3) or (H, W), got shape {array.shape}")
    return array.astype(np.float64) @ _LUMA_WEIGHTS


# ---------------------------------------------------------------------------------------------
# Colour histogram
# ---------------------------------------------------------------------------------------------


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
        Number of intervals per channel.
    value_range : (float, float), optional
        The range of channel values. Default: (0, 255) for uint8 images, else (0, 1).

    Returns
    -------
    ndarray, shape (bins**3,) for RGB or (bins,) for grayscale
        Non-negative float64 entries summing to 1.
    """
    array = _check_real_array(image)
    bins = _check_positive_int(bins, "bins")
    if array.ndim == 3 and array.shape[2] == 3:
        pixels = array.reshape(-1, 3)
    elif array.ndim == 2:
        pixels = array.reshape(-1, 1)
    else:
        raise ValueError(f"color_histogram expects (H, W, 3) or (H, W), got shape {array.shape}")
    if pixels.shape[0] == 0:
        raise ValueError(f"color_histogram needs at least one pixel, got shape {array.shape}")
    if value_range is None:
        value_range = (0.0, 255.0) if array.dtype == np.uint8 else (0.0, 1.0)
    low, high = float(value_range[0]), float(value_range[1])
    if not low < high:
        raise ValueError(f"value_range must satisfy low < high, got {value_range}")
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


# ---------------------------------------------------------------------------------------------
# Histogram of oriented gradients
# ---------------------------------------------------------------------------------------------


def _normalize_blocks(
    cell_histograms: np.ndarray, cells_per_block: tuple[int, int], method: str
) -> np.ndarray:
    """Every block of cells, normalised on its own: (n_blocks_row, n_blocks_col, b_row, b_col, o).

    A block's norm only needs one number per cell (the sum of its |h| or h**2), so norms
    are sliding-window sums over a small (n_cells_row, n_cells_col) array; the blocks
    themselves are a copy-free sliding-window view until the division writes the output.
    """
    eps = _BLOCK_NORM_EPS
    windows = np.lib.stride_tricks.sliding_window_view(cell_histograms, cells_per_block, (0, 1))
    blocks = np.moveaxis(windows, 2, -1)

    def block_sums(per_cell: np.ndarray) -> np.ndarray:
        sums = np.lib.stride_tricks.sliding_window_view(per_cell, cells_per_block)
        return sums.sum(axis=(-2, -1))[..., None, None, None]

    out = np.empty(blocks.shape)
    if method in ("L1", "L1-sqrt"):
        np.divide(blocks, block_sums(np.abs(cell_histograms).sum(axis=-1)) + eps, out=out)
        return np.sqrt(out, out=out) if method == "L1-sqrt" else out
    np.divide(blocks, np.sqrt(block_sums((cell_histograms**2).sum(axis=-1)) + eps**2), out=out)
    if method == "L2-Hys":
        np.minimum(out, 0.2, out=out)
        flat = out.reshape(out.shape[0], out.shape[1], -1)
        squares = np.einsum("ijk,ijk->ij", flat, flat)[..., None, None, None]
        out /= np.sqrt(squares + eps**2)
    return out


def _orientation_bins(angle: np.ndarray, orientations: int) -> np.ndarray:
    """Bin i such that ``edge[i] <= angle < edge[i + 1]``, ``edge[i] = 180 / orientations * i``.

    ``angle`` holds degrees in [0, 180]; the result is ``orientations`` for an angle at or
    above the last edge. Same answer as ``np.searchsorted(edges, angle, "right") - 1``, in
    a fraction of the time: scale and round down, then one comparison on each side with
    the exact edges (``width * i`` is computed exactly as ``edge[i]``), since rounding can
    put an angle lying on (or next to) an edge one bin off.
    """
    width = 180.0 / orientations
    orientation_bin = np.floor(angle * (orientations / 180))
    orientation_bin -= angle < width * orientation_bin
    orientation_bin += angle >= width * (orientation_bin + 1)
    return orientation_bin.astype(np.intp)


def _line_pixels(
    start_row: np.ndarray, start_col: np.ndarray, end_row: np.ndarray, end_col: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pixels of many integer line segments at once (Bresenham, as ``skimage.draw.line``).

    A segment with ``L = max(|d_row|, |d_col|)`` has ``L + 1`` pixels: step ``i`` moves ``i``
    along the longer ("major") axis and ``floor((2 * minor * i + L) / (2 * L))`` along the
    other, the closed form of Bresenham's error-accumulating loop. All segments are padded
    to the longest one; ``valid`` marks the real pixels.

    Returns
    -------
    rows, cols : ndarray of int, shape (n_segments, longest + 1)
    valid : ndarray of bool, same shape
    """
    d_row, d_col = end_row - start_row, end_col - start_col
    step_row = np.where(d_row > 0, 1, -1)
    step_col = np.where(d_col > 0, 1, -1)
    a_row, a_col = np.abs(d_row), np.abs(d_col)
    length = np.maximum(a_row, a_col)
    i = np.arange(length.max() + 1)
    minor_steps = (
        2 * np.minimum(a_row, a_col)[:, None] * i + length[:, None]
    ) // np.maximum(2 * length, 1)[:, None]
    steep = (a_row > a_col)[:, None]
    rows = start_row[:, None] + step_row[:, None] * np.where(steep, i, minor_steps)
    cols = start_col[:, None] + step_col[:, None] * np.where(steep, minor_steps, i)
    return rows, cols, i <= length[:, None]


def _hog_glyphs(
    cell_histograms: np.ndarray,
    pixels_per_cell: tuple[int, int],
    image_shape: tuple[int, int],
    dtype: np.dtype,
) -> np.ndarray:
    """The HoG picture: per cell and orientation bin, a segment as bright as the bin's value.

    As in skimage, the segment for a bin is centred on the cell, *perpendicular* to the
    bin's mid angle (it is drawn along the edge, not along the gradient), of half-length
    ``min(cell) // 2 - 1``; where segments overlap their values add up.
    """
    c_row, c_col = pixels_per_cell
    n_cells_row, n_cells_col, orientations = cell_histograms.shape
    radius = min(c_row, c_col) // 2 - 1
    mid_angles = np.pi * (np.arange(orientations) + 0.5) / orientations
    half_row, half_col = radius * np.sin(mid_angles), radius * np.cos(mid_angles)
    centre_row = (np.arange(n_cells_row) * c_row + c_row // 2)[:, None, None]
    centre_col = (np.arange(n_cells_col) * c_col + c_col // 2)[None, :, None]
    shape = cell_histograms.shape

    # Segment end points, truncated to integers toward zero exactly as skimage's int().
    start_row = np.broadcast_to(np.trunc(centre_row - half_col), shape).astype(np.intp)
    start_col = np.broadcast_to(np.trunc(centre_col + half_row), shape).astype(np.intp)
    end_row = np.broadcast_to(np.trunc(centre_row + half_col), shape).astype(np.intp)
    end_col = np.broadcast_to(np.trunc(centre_col - half_row), shape).astype(np.intp)
    rows, cols, valid = _line_pixels(
        start_row.ravel(), start_col.ravel(), end_row.ravel(), end_col.ravel()
    )

    # Every pixel of a segment receives the segment's histogram value; one weighted
    # bincount over the flat pixel numbers adds all of them (in cell, orientation order).
    # Only with 1-pixel-wide cells can a segment poke out of the image (where skimage
    # raises IndexError); those pixels are left out.
    valid &= (rows >= 0) & (rows < image_shape[0]) & (cols >= 0) & (cols < image_shape[1])
    weights = np.broadcast_to(cell_histograms.reshape(-1, 1), rows.shape)[valid]
    flat_pixels = rows[valid] * image_shape[1] + cols[valid]
    picture = np.bincount(flat_pixels, weights=weights, minlength=image_shape[0] * image_shape[1])
    return picture.reshape(image_shape).astype(dtype, copy=False)


def hog(
    image: np.ndarray,
    orientations: int = 9,
    pixels_per_cell: tuple[int, int] = (8, 8),
    cells_per_block: tuple[int, int] = (3, 3),
    block_norm: str = "L2-Hys",
    *,
    transform_sqrt: bool = False,
    feature_vector: bool = True,
    visualize: bool = False,
) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """Histogram of Oriented Gradients of a 2-D grayscale image.

    Same parameters, meaning and numbers as ``skimage.feature.hog`` for 2-D grayscale
    images (agreement to about 1e-7: skimage adds up each cell in single precision, this
    function in double precision). Used in chapter 01_image_features.

    Parameters
    ----------
    image : ndarray, shape (M, N)
        Grayscale image (bool, int or float; no NaN).
    orientations : int
        Number of orientation bins over the unsigned angle range [0, 180) degrees.
    pixels_per_cell : (int, int)
        Size (rows, cols) of a cell in pixels.
    cells_per_block : (int, int)
        Size (rows, cols) of a normalisation block in cells.
    block_norm : {"L1", "L1-sqrt", "L2", "L2-Hys"}
        How each block is normalised: by its L1 norm; by its L1 norm then a square root;
        by its L2 norm; by its L2 norm, then values clipped at 0.2 and L2-normalised again.
    transform_sqrt : bool
        Take the square root of the image first (gamma compression); needs values >= 0.
    feature_vector : bool
        Return the flat vector rather than the 5-D array of normalised blocks.
    visualize : bool
        Also return the HoG picture (one segment per cell and orientation bin).

    Returns
    -------
    features : ndarray
        Shape (n_blocks_row, n_blocks_col, b_row, b_col, orientations), or flat if
        ``feature_vector``. float32 for float16/float32 images, else float64 (as skimage).
    hog_image : ndarray, shape (M, N)
        Only if ``visualize``.
    """
    # Checks. The image must be 2-D, real, finite and hold at least one block of cells.
    array = _check_real_array(image)
    if array.ndim != 2:
        raise ValueError(
            f"hog expects a 2-D grayscale image, got shape {array.shape}; "
            "convert colour images with to_grayscale"
        )
    orientations = _check_positive_int(orientations, "orientations")
    c_row, c_col = _check_positive_pair(pixels_per_cell, "pixels_per_cell")
    b_row, b_col = _check_positive_pair(cells_per_block, "cells_per_block")
    if block_norm not in BLOCK_NORMS:
        raise ValueError(f"block_norm must be one of {BLOCK_NORMS}, got {block_norm!r}")
    s_row, s_col = array.shape
    n_cells_row, n_cells_col = s_row // c_row, s_col // c_col
    if n_cells_row < b_row or n_cells_col < b_col:
        raise ValueError(
            f"image of shape {array.shape} is too small for cells of {(c_row, c_col)} pixels "
            f"and blocks of {(b_row, b_col)} cells: it needs at least "
            f"{b_row * c_row} rows and {b_col * c_col} columns"
        )
    float_dtype = np.float32 if array.dtype in (np.float16, np.float32) else np.float64
    array = array.astype(float_dtype, copy=False)

    # The first stage applies an optional global normalisation: gamma (power law)
    # compression by a square root, which lightens dark regions and so reduces the
    # influence of shadows and uneven illumination.
    if transform_sqrt:
        if array.min() < 0:
            raise ValueError(
                f"transform_sqrt needs a non-negative image, got a minimum of {array.min()}"
            )
        array = np.sqrt(array)

    # The second stage computes first-order image gradients by central differences,
    # d/drow I[r, c] = I[r+1, c] - I[r-1, c] (and likewise along columns), set to zero on the
    # border. Gradients capture contours, silhouettes and some texture, and being
    # differences they ignore a constant change of brightness.
    g_row = np.zeros_like(array)
    g_col = np.zeros_like(array)
    g_row[1:-1, :] = array[2:, :] - array[:-2, :]
    g_col[:, 1:-1] = array[:, 2:] - array[:, :-2]
    g_row = g_row.astype(np.float64, copy=False)
    g_col = g_col.astype(np.float64, copy=False)

    # The third stage pools orientation locally. The image is divided into cells of
    # pixels_per_cell pixels (a right or bottom remainder that does not fill a cell is
    # ignored). Each pixel votes with its gradient magnitude for the bin of its unsigned
    # gradient orientation: the angle in degrees folded into [0, 180), so that a
    # dark-to-light and a light-to-dark edge count alike (the folding below is
    # `angle % 180`, written out because np.remainder is slow). Bin i covers the angles
    # [i, i + 1) * 180 / orientations. An angle that rounds up to exactly 180 votes for an
    # extra bin that is then thrown away, as skimage drops it. A cell's histogram is the
    # sum of its pixels' votes divided by the cell's area: one weighted bincount over
    # "cell number, bin" pairs.
    rows, cols = n_cells_row * c_row, n_cells_col * c_col
    g_row, g_col = g_row[:rows, :cols], g_col[:rows, :cols]
    magnitude = np.sqrt(g_row**2 + g_col**2)
    signed_angle = np.rad2deg(np.arctan2(g_row, g_col))  # in [-180, 180]
    angle = np.where(signed_angle < 0, signed_angle + 180, signed_angle)
    angle[signed_angle == 180] = 0
    orientation_bin = _orientation_bins(angle, orientations)
    cell_row = np.arange(rows) // c_row
    cell_col = np.arange(cols) // c_col
    cell_number = cell_row[:, None] * n_cells_col + cell_col[None, :]
    votes = np.bincount(
        (cell_number * (orientations + 1) + orientation_bin).ravel(),
        weights=magnitude.ravel(),
        minlength=n_cells_row * n_cells_col * (orientations + 1),
    )
    cell_histograms = votes.reshape(n_cells_row, n_cells_col, orientations + 1)[..., :-1]
    cell_histograms = cell_histograms / (c_row * c_col)

    # The fourth stage normalises contrast over blocks: overlapping groups of
    # cells_per_block cells, one block starting at every cell. Each block is divided by a
    # norm of its own values, which gives invariance to local illumination and edge
    # contrast. A cell belongs to several blocks, so it appears several times in the output,
    # each time normalised differently.
    features = _normalize_blocks(cell_histograms, (b_row, b_col), block_norm)
    features = features.astype(float_dtype, copy=False)

    # The final stage flattens the normalised blocks into one feature vector.
    if feature_vector:
        features = features.ravel()
    if visualize:
        glyphs = _hog_glyphs(cell_histograms, (c_row, c_col), (s_row, s_col), float_dtype)
        return features, glyphs
    return features


# ---------------------------------------------------------------------------------------------
# k-means with k-means++ seeding
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KMeansResult:
    """Outcome of :func:`kmeans`: ``centres`` (k, d), ``labels`` (n,), ``inertia``, ``n_iter``."""

    centres: np.ndarray
    labels: np.ndarray
    inertia: float
    n_iter: int


def _squared_distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """(n, k) squared Euclidean distances by |x|^2 - 2 x.c + |c|^2, clipped at 0."""
    distances = points @ (-2.0 * centres.T)
    distances += (points**2).sum(axis=1)[:, None]
    distances += (centres**2).sum(axis=1)
    return np.maximum(distances, 0.0, out=distances)


def _nearest_centre(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of each point's nearest centre.

    Minimises |c|^2 - 2 x.c over the centres c: the squared distance without the |x|^2
    term, which is the same for every centre.
    """
    scores = points @ (-2.0 * centres.T)
    scores += (centres**2).sum(axis=1)
    return scores.argmin(axis=1)


def kmeans_plus_plus(points: np.ndarray, n_clusters: int, rng: np.random.Generator) -> np.ndarray:
    """Choose ``n_clusters`` starting centres among ``points`` by k-means++.

    The first centre is a point drawn uniformly; every next one is drawn with probability
    proportional to its squared distance to the nearest centre chosen so far, so the
    centres start spread out (Arthur & Vassilvitskii, 2007). Used in chapter
    01_image_features.

    Parameters
    ----------
    points : ndarray, shape (n, d)
    n_clusters : int
        1 <= n_clusters <= n.
    rng : numpy.random.Generator
        The only source of randomness.

    Returns
    -------
    ndarray, shape (n_clusters, d)
        Copies of the chosen points.
    """
    n_points = points.shape[0]
    chosen = [int(rng.integers(n_points))]
    nearest = _squared_distances(points, points[chosen]).ravel()
    for _ in range(1, n_clusters):
        total = nearest.sum()
        # All points already coincide with a centre: any remaining point will do.
        probabilities = nearest / total if total > 0 else np.full(n_points, 1.0 / n_points)
        chosen.append(int(rng.choice(n_points, p=probabilities)))
        nearest = np.minimum(nearest, _squared_distances(points, points[chosen[-1:]]).ravel())
    return points[chosen].copy()


def kmeans(
    points: np.ndarray, n_clusters: int, seed: int = 0, max_iter: int = 50, tol: float = 1e-6
) -> KMeansResult:
    """Lloyd's k-means from a seeded k-means++ start.

    Alternates two steps until no centre moves by more than ``tol`` (relative to the data's
    spread) or ``max_iter`` is reached: assign every point to its nearest centre, then
    move every centre to the mean of its points (a centre that lost all points stays).
    Same seed, same data -> same result. Used in chapter 01_image_features.

    Parameters
    ----------
    points : ndarray, shape (n, d)
        Real, finite data.
    n_clusters : int
        Number of centres, 1 <= n_clusters <= n.
    seed : int
        Seed of ``numpy.random.default_rng`` for the k-means++ start.
    max_iter : int
        Maximum number of assign/update rounds.
    tol : float
        Stop when the largest squared centre move is below ``tol * mean variance``.

    Returns
    -------
    KMeansResult
    """
    data = _check_real_array(points, "points").astype(np.float64)
    if data.ndim != 2 or data.shape[0] == 0:
        raise ValueError(f"points must have shape (n, d) with n >= 1, got {data.shape}")
    n_clusters = _check_positive_int(n_clusters, "n_clusters")
    if n_clusters > data.shape[0]:
        raise ValueError(f"n_clusters={n_clusters} exceeds the number of points {data.shape[0]}")
    rng = np.random.default_rng(seed)
    centres = kmeans_plus_plus(data, n_clusters, rng)
    threshold = tol * float(data.var(axis=0).mean())
    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        labels = _nearest_centre(data, centres)
        counts = np.bincount(labels, minlength=n_clusters)
        sums = np.stack(
            [np.bincount(labels, weights=column, minlength=n_clusters) for column in data.T],
            axis=1,
        )
        new_centres = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centres)
        shift = float(((new_centres - centres) ** 2).sum(axis=1).max())
        centres = new_centres
        if shift <= threshold:
            break
    distances = _squared_distances(data, centres)
    labels = distances.argmin(axis=1)
    inertia = float(distances[np.arange(data.shape[0]), labels].sum())
    return KMeansResult(centres=centres, labels=labels, inertia=inertia, n_iter=n_iter)


# ---------------------------------------------------------------------------------------------
# Bag of visual words
# ---------------------------------------------------------------------------------------------


def dense_patches(image: np.ndarray, patch_size: int = 4, stride: int = 2) -> np.ndarray:
    """All ``patch_size`` x ``patch_size`` patches on a grid of step ``stride``, flattened.

    Used in chapter 01_image_features.

    Parameters
    ----------
    image : ndarray, shape (H, W) or (H, W, C)
    patch_size : int
    stride : int

    Returns
    -------
    ndarray, shape (n_patches, patch_size * patch_size * C), float64
        Patches in row-major grid order, each flattened row by row (channels last).
    """
    array = _check_real_array(image)
    if array.ndim == 2:
        array = array[:, :, None]
    if array.ndim != 3:
        raise ValueError(f"dense_patches expects (H, W) or (H, W, C), got shape {array.shape}")
    patch_size = _check_positive_int(patch_size, "patch_size")
    stride = _check_positive_int(stride, "stride")
    if min(array.shape[:2]) < patch_size:
        raise ValueError(f"image of shape {array.shape} is smaller than a {patch_size}-pixel patch")
    windows = np.lib.stride_tricks.sliding_window_view(array, (patch_size, patch_size), (0, 1))
    windows = windows[::stride, ::stride]  # (rows, cols, C, patch, patch)
    patches = np.moveaxis(windows, 2, -1)  # (rows, cols, patch, patch, C)
    return patches.reshape(-1, patch_size * patch_size * array.shape[2]).astype(np.float64)


@dataclass(frozen=True)
class Codebook:
    """Visual words: ``words`` (n_words, d) patch centres, and how patches were cut."""

    words: np.ndarray
    patch_size: int
    stride: int

    @property
    def n_words(self) -> int:
        return self.words.shape[0]


def fit_codebook(
    images: Sequence[np.ndarray] | np.ndarray,
    n_words: int = 32,
    patch_size: int = 4,
    stride: int = 2,
    max_patches: int = 20_000,
    seed: int = 0,
) -> Codebook:
    """Learn a codebook of visual words: k-means centres of dense patches of ``images``.

    At most ``max_patches`` patches (a seeded random subset) are clustered, to bound the
    cost. Used in chapter 01_image_features.

    Parameters
    ----------
    images : sequence of ndarray (H, W) or (H, W, C)
        Training images (never the test images: the codebook is part of the model).
    n_words : int
        Codebook size k.
    patch_size, stride : int
        As in :func:`dense_patches`.
    max_patches : int
        Upper bound on the number of patches given to k-means.
    seed : int
        Seed of the patch subset and of k-means++.

    Returns
    -------
    Codebook
    """
    if len(images) == 0:
        raise ValueError("fit_codebook needs at least one image")
    patches = np.concatenate([dense_patches(image, patch_size, stride) for image in images])
    rng = np.random.default_rng(seed)
    if patches.shape[0] > max_patches:
        patches = patches[np.sort(rng.choice(patches.shape[0], max_patches, replace=False))]
    result = kmeans(patches, n_words, seed=seed)
    return Codebook(words=result.centres, patch_size=patch_size, stride=stride)


def assign_words(image: np.ndarray, codebook: Codebook) -> np.ndarray:
    """The number of the nearest visual word for every dense patch of ``image``.

    Used in chapter 01_image_features.

    Parameters
    ----------
    image : ndarray, shape (H, W) or (H, W, C)
        Cut into patches as the codebook's training images were.
    codebook : Codebook
        From :func:`fit_codebook`.

    Returns
    -------
    ndarray of int, shape (patch rows, patch columns)
        Word numbers in 0..n_words-1, laid out like the patches on the image.
    """
    patches = dense_patches(image, codebook.patch_size, codebook.stride)
    if patches.shape[1] != codebook.words.shape[1]:
        raise ValueError(
            f"patches of this image have {patches.shape[1]} values, the codebook's words "
            f"{codebook.words.shape[1]}: images must have the codebook's channels"
        )
    height, width = np.shape(image)[:2]
    grid = (
        (height - codebook.patch_size) // codebook.stride + 1,
        (width - codebook.patch_size) // codebook.stride + 1,
    )
    return _nearest_centre(patches, codebook.words).reshape(grid)


def bag_of_words(images: Sequence[np.ndarray] | np.ndarray, codebook: Codebook) -> np.ndarray:
    """Normalised histograms of visual words: per image, the fraction of patches per word.

    Each dense patch is replaced by the number of its nearest word (:func:`assign_words`);
    the image becomes the histogram of those numbers, divided by the number of patches
    (rows sum to 1). Like the colour histogram it forgets *where* each word occurs. Used in
    chapter 01_image_features.

    Parameters
    ----------
    images : sequence of ndarray (H, W) or (H, W, C)
        Images cut like the codebook's training images.
    codebook : Codebook
        From :func:`fit_codebook`.

    Returns
    -------
    ndarray, shape (n_images, codebook.n_words)
    """
    histograms = np.empty((len(images), codebook.n_words))
    for row, image in enumerate(images):
        words = assign_words(image, codebook).ravel()
        histograms[row] = np.bincount(words, minlength=codebook.n_words) / words.size
    return histograms


# ---------------------------------------------------------------------------------------------
# Many images at once
# ---------------------------------------------------------------------------------------------


def extract_features(
    images: Sequence[np.ndarray] | np.ndarray,
    feature: Callable[..., np.ndarray],
    **parameters: object,
) -> np.ndarray:
    """Stack ``feature(image, **parameters)`` over images into an (n_images, d) matrix.

    Used in chapter 01_image_features, e.g. ``extract_features(gray, hog, pixels_per_cell=4)``.

    Parameters
    ----------
    images : sequence of ndarray
    feature : callable
        A single-image feature such as :func:`color_histogram` or :func:`hog`.
    **parameters
        Passed to ``feature``.

    Returns
    -------
    ndarray, shape (n_images, d), float64
    """
    if len(images) == 0:
        raise ValueError("extract_features needs at least one image")
    return np.stack([np.ravel(feature(image, **parameters)) for image in images]).astype(
        np.float64
    )

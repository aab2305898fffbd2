"""Histograms of oriented gradients (HoG, Dalal and Triggs, 2005).

The same numbers as ``skimage.feature.hog`` for 2-D grayscale images, written with a few
vectorised NumPy operations instead of loops over cells. The stages are opened one by one
in ``hog`` below: gradients, cell histograms, block normalisation, concatenation.

Used in chapter 01_image_features.
"""

from __future__ import annotations

import numpy as np

from lecture_lib.engine import checks

BLOCK_NORMS = ("L1", "L1-sqrt", "L2", "L2-Hys")
_BLOCK_NORM_EPS = 1e-5


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
    array = checks.real_array("image", image)
    if array.ndim != 2:
        raise ValueError(
            f"hog expects a 2-D grayscale image, got shape {array.shape}; "
            "convert colour images with to_grayscale"
        )
    orientations = checks.integer("orientations", orientations, minimum=1)
    c_row, c_col = checks.integers("pixels_per_cell", pixels_per_cell, minimum=1, length=2)
    b_row, b_col = checks.integers("cells_per_block", cells_per_block, minimum=1, length=2)
    checks.one_of("block_norm", block_norm, BLOCK_NORMS)
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



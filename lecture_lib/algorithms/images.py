"""Image arrays as the feature extractors of chapter 01_image_features take them.

Checks shared by every feature (real numbers, no NaN, positive sizes), the conversion of an
RGB image to grayscale, and ``extract_features``, which applies any one-image feature to a
whole set of images.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

# Rec. 709 luma weights, the ones skimage.color.rgb2gray uses.
_LUMA_WEIGHTS = np.array([0.2125, 0.7154, 0.0721])


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

"""Image arrays as the feature extractors of chapter 01_image_features take them.

The check of a set of images (``check_images``), the conversion of an RGB image to
grayscale, and ``extract_features``, which applies any one-image feature to a whole set of
images. One image is checked by ``lecture_lib.engine.checks.real_array``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from lecture_lib.engine import checks

# Rec. 709 luma weights, the ones skimage.color.rgb2gray uses.
_LUMA_WEIGHTS = np.array([0.2125, 0.7154, 0.0721])


def check_images(images: object, name: str = "images") -> list[np.ndarray]:
    """A set of images as a list of arrays: real, finite, (H, W) or (H, W, C), all with the
    same number of channels.

    Parameters
    ----------
    images : sequence of ndarray, or ndarray of shape (n, H, W) or (n, H, W, C)
        One image given where a set is expected is refused with a message that says so:
        a 2-D array, or a 3-D array whose last axis has 3 or 4 entries (an RGB or RGBA
        image; a set of grayscale images 3 or 4 pixels wide must be given as a list).
    name : str
        The argument's name, for the messages.

    Returns
    -------
    list of ndarray
    """
    if isinstance(images, np.ndarray) and (images.ndim == 2 or (images.ndim == 3 and images.shape[2] in (3, 4))):
        raise ValueError(f"{name} of shape {images.shape} is one image, not a set of images: pass [image]")
    if isinstance(images, str) or not isinstance(images, Sequence | np.ndarray):
        raise TypeError(f"{name} must be a sequence of images, got {type(images).__name__}")
    if len(images) == 0:
        raise ValueError(f"{name} needs at least one image")
    arrays = [checks.real_array(f"{name}[{i}]", image, ndim=(2, 3)) for i, image in enumerate(images)]
    for i, array in enumerate(arrays):
        if array.shape[2:] != arrays[0].shape[2:]:
            raise ValueError(
                f"{name}[{i}] has shape {array.shape} and {name}[0] {arrays[0].shape}: every image needs the "
                "same channels (to_grayscale makes an RGB image grayscale)"
            )
    return arrays


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
    array = checks.real_array("image", image)
    if array.ndim == 2:
        return array.astype(np.float64)
    if array.ndim != 3 or array.shape[2] != 3:
        raise ValueError(f"to_grayscale: image must have shape (H, W, 3) or (H, W), got {array.shape}")
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
        Checked by ``check_images``.
    feature : callable
        A single-image feature such as :func:`color_histogram` or :func:`hog`.
    **parameters
        Passed to ``feature``.

    Returns
    -------
    ndarray, shape (n_images, d), float64
    """
    return np.stack([np.ravel(feature(image, **parameters)) for image in check_images(images)]).astype(
        np.float64
    )

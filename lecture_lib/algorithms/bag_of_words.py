"""The bag of visual words: dense patches, a codebook learned by k-means, word histograms.

Cut every image into small patches on a grid, cluster the training patches into ``k``
visual words, and describe an image by how often each word is its patches' nearest
(Sivic and Zisserman, 2003; Csurka et al., 2004).

Used in chapter 01_image_features.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lecture_lib.algorithms.images import check_images
from lecture_lib.algorithms.kmeans import _nearest_centre, kmeans
from lecture_lib.engine import checks


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
    array = checks.real_array("image", image)
    if array.ndim == 2:
        array = array[:, :, None]
    if array.ndim != 3:
        raise ValueError(f"dense_patches: image must have shape (H, W) or (H, W, C), got {array.shape}")
    patch_size = checks.integer("patch_size", patch_size, minimum=1)
    stride = checks.integer("stride", stride, minimum=1)
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


def check_codebook(codebook: object) -> Codebook:
    """``codebook`` if it is a Codebook, else a TypeError that says where one comes from."""
    return checks.instance("codebook", codebook, Codebook, "from fit_codebook")


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
        Training images (never the test images: the codebook is part of the model), all
        with the same channels (see ``check_images``).
    n_words : int
        Codebook size k, at least 1 and at most the number of patches.
    patch_size, stride : int
        As in :func:`dense_patches`.
    max_patches : int
        Upper bound on the number of patches given to k-means, >= 1.
    seed : int
        Seed (>= 0) of the patch subset and of k-means++.

    Returns
    -------
    Codebook
    """
    n_words = checks.integer("n_words", n_words, minimum=1)
    max_patches = checks.integer("max_patches", max_patches, minimum=1)
    rng = checks.rng("seed", seed)
    patches = np.concatenate([dense_patches(image, patch_size, stride) for image in check_images(images)])
    if patches.shape[0] > max_patches:
        patches = patches[np.sort(rng.choice(patches.shape[0], max_patches, replace=False))]
    if n_words > len(patches):
        raise ValueError(f"n_words={n_words} exceeds the {len(patches)} patches the codebook is learned from")
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
    patches = dense_patches(image, check_codebook(codebook).patch_size, codebook.stride)
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
        Images cut like the codebook's training images (see ``check_images``).
    codebook : Codebook
        From :func:`fit_codebook`.

    Returns
    -------
    ndarray, shape (n_images, codebook.n_words)
    """
    histograms = []
    for image in check_images(images):
        words = assign_words(image, codebook).ravel()
        histograms.append(np.bincount(words, minlength=codebook.n_words) / words.size)
    return np.array(histograms)


def reconstruct_from_words(image: np.ndarray, codebook: Codebook) -> np.ndarray:
    """``image`` as the codebook sees it: each non-overlapping patch replaced by its word.

    Returns
    -------
    numpy.ndarray
        The covered part of the image (a multiple of the patch size), channels last.
    """
    size = check_codebook(codebook).patch_size
    tiling = dataclasses.replace(codebook, stride=size)
    words = assign_words(image, tiling)
    channels = codebook.words.shape[1] // (size * size)
    tiles = codebook.words[words].reshape(*words.shape, size, size, channels)
    picture = tiles.transpose(0, 2, 1, 3, 4).reshape(words.shape[0] * size, words.shape[1] * size, -1)
    return np.clip(picture, 0.0, 1.0).squeeze()

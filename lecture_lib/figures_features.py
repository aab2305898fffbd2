"""Experiments and figures of chapter 01: linear classifiers on features, and the live figures.

* :func:`linear_classifier` standardises features and trains the same engine-built linear
  softmax classifier on any of them, so that accuracies compare features, not classifiers.
* :func:`codebook_sweep` repeats the bag-of-words experiment over several codebook sizes.
* The ``*_widget`` functions build the chapter's live figures through
  ``lecture_lib.widgets``; the chapter's cell is a single call, and
  ``tests/test_chapter01_widgets.py`` sweeps the same objects' controls.
* :func:`features_side_by_side` and :func:`words_mosaic` draw the static pictures.

Used in chapter 01_image_features.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from lecture_lib import nn
from lecture_lib.features import (
    Codebook,
    assign_words,
    bag_of_words,
    color_histogram,
    fit_codebook,
    hog,
    to_grayscale,
)
from lecture_lib.widgets import Dropdown, InteractiveFigure, Slider, interactive

TRAINING_STEPS = 300
LEARNING_RATE = 0.1


# ------------------------------------------------------------------ the classifier f(z)
@dataclass(frozen=True)
class LinearResult:
    """Train and test accuracy of a linear classifier, and its test predictions."""

    train_accuracy: float
    test_accuracy: float
    test_predictions: np.ndarray


def linear_classifier(
    train_features: np.ndarray,
    train_labels: np.ndarray,
    test_features: np.ndarray,
    test_labels: np.ndarray,
    steps: int = TRAINING_STEPS,
    lr: float = LEARNING_RATE,
    seed: int = 0,
) -> LinearResult:
    """Train a linear softmax classifier ``s = z W + b`` on features ``z`` with the engine.

    Every feature is first standardised with the training set's mean and standard
    deviation (a constant feature is only centred), so that one learning rate suits all
    features. Training: ``lecture_lib.nn.fit``, full batch, cross-entropy loss, SGD with
    momentum 0.9.

    Parameters
    ----------
    train_features, test_features : numpy.ndarray, shape (n, d)
    train_labels, test_labels : numpy.ndarray of int, shape (n,)
    steps : int
        Gradient steps.
    lr : float
        Learning rate.
    seed : int
        Seed of the initial weights.

    Returns
    -------
    LinearResult
    """
    train_features = np.asarray(train_features, dtype=np.float64)
    test_features = np.asarray(test_features, dtype=np.float64)
    if train_features.ndim != 2 or test_features.shape[1:] != train_features.shape[1:]:
        raise ValueError(
            f"features must be (n, d) with the same d, got {train_features.shape} and "
            f"{test_features.shape}"
        )
    mean = train_features.mean(axis=0)
    spread = train_features.std(axis=0)
    spread[spread == 0] = 1.0
    n_classes = int(max(train_labels.max(), test_labels.max())) + 1
    model = nn.MLP([train_features.shape[1], n_classes], activation=None, seed=seed)
    train_z, test_z = (train_features - mean) / spread, (test_features - mean) / spread
    nn.fit(model, train_z, train_labels, loss="cross_entropy", steps=steps, lr=lr)
    return LinearResult(
        train_accuracy=nn.accuracy(model, train_z, train_labels),
        test_accuracy=nn.accuracy(model, test_z, test_labels),
        test_predictions=nn.predict(model, test_z),
    )


# ---------------------------------------------------------------- codebook size sweep
@dataclass(frozen=True)
class CodebookSweep:
    """Codebooks of several sizes and the linear classifier's accuracy on their words."""

    sizes: tuple[int, ...]
    codebooks: tuple[Codebook, ...]
    train_accuracy: tuple[float, ...]
    test_accuracy: tuple[float, ...]


def codebook_sweep(
    train_images: np.ndarray,
    train_labels: np.ndarray,
    test_images: np.ndarray,
    test_labels: np.ndarray,
    sizes: Sequence[int],
    patch_size: int = 4,
    stride: int = 4,
    max_patches: int = 5000,
    seed: int = 0,
) -> CodebookSweep:
    """Fit a codebook of each size on the training images and train a linear classifier.

    Parameters
    ----------
    train_images, test_images : numpy.ndarray, shape (n, H, W[, C])
    train_labels, test_labels : numpy.ndarray of int
    sizes : sequence of int
        Codebook sizes k.
    patch_size, stride, max_patches, seed
        As in ``lecture_lib.features.fit_codebook``.

    Returns
    -------
    CodebookSweep
    """
    codebooks, train_accuracy, test_accuracy = [], [], []
    for size in sizes:
        codebook = fit_codebook(train_images, size, patch_size, stride, max_patches, seed)
        result = linear_classifier(
            bag_of_words(train_images, codebook),
            train_labels,
            bag_of_words(test_images, codebook),
            test_labels,
        )
        codebooks.append(codebook)
        train_accuracy.append(result.train_accuracy)
        test_accuracy.append(result.test_accuracy)
    return CodebookSweep(
        tuple(int(s) for s in sizes), tuple(codebooks), tuple(train_accuracy), tuple(test_accuracy)
    )


# -------------------------------------------------------------------- static pictures
def words_mosaic(codebook: Codebook, gap: int = 1) -> np.ndarray:
    """The codebook's words as tiles of a square grid (white gaps, white empty tiles).

    Returns
    -------
    numpy.ndarray, shape (side, side, 3)
        RGB picture in [0, 1]; single-channel words are shown in grey.
    """
    size = codebook.patch_size
    channels = codebook.words.shape[1] // (size * size)
    tiles = np.clip(codebook.words.reshape(-1, size, size, channels), 0.0, 1.0)
    if channels == 1:
        tiles = np.repeat(tiles, 3, axis=3)
    columns = int(np.ceil(np.sqrt(codebook.n_words)))
    step = size + gap
    mosaic = np.ones((columns * step - gap, columns * step - gap, 3))
    for index, tile in enumerate(tiles):
        row, column = divmod(index, columns)
        mosaic[row * step : row * step + size, column * step : column * step + size] = tile
    return mosaic


def reconstruct_from_words(image: np.ndarray, codebook: Codebook) -> np.ndarray:
    """``image`` as the codebook sees it: each non-overlapping patch replaced by its word.

    Returns
    -------
    numpy.ndarray
        The covered part of the image (a multiple of the patch size), channels last.
    """
    size = codebook.patch_size
    tiling = dataclasses.replace(codebook, stride=size)
    words = assign_words(image, tiling)
    channels = codebook.words.shape[1] // (size * size)
    tiles = codebook.words[words].reshape(*words.shape, size, size, channels)
    picture = tiles.transpose(0, 2, 1, 3, 4).reshape(words.shape[0] * size, words.shape[1] * size, -1)
    return np.clip(picture, 0.0, 1.0).squeeze()


def _histogram_segments(histogram: np.ndarray, bins: int) -> tuple[list, np.ndarray]:
    """Vertical bars of a joint colour histogram, each coloured by its cell's centre colour."""
    centres = (np.arange(bins) + 0.5) / bins
    colours = np.stack(np.meshgrid(centres, centres, centres, indexing="ij"), axis=-1).reshape(-1, 3)
    positions = (np.arange(histogram.size) + 0.5) / histogram.size
    return [[(x, 0.0), (x, h)] for x, h in zip(positions, histogram, strict=True)], colours


def features_side_by_side(
    images: Sequence[np.ndarray],
    titles: Sequence[str],
    bins: int = 4,
    pixels_per_cell: int = 8,
) -> Figure:
    """One row per image: the image, its colour histogram and its HoG glyphs.

    Parameters
    ----------
    images : sequence of RGB images in [0, 1]
    titles : sequence of str
        One row title per image.
    bins : int
        Colour histogram bins per channel.
    pixels_per_cell : int
        HoG cell size (9 orientations, 2 x 2 blocks).

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, axes = plt.subplots(
        len(images), 3, figsize=(7.2, 1.7 * len(images)), dpi=80, layout="constrained",
        gridspec_kw={"width_ratios": [1, 2.4, 1]}, squeeze=False,
    )
    for row, (image, title) in enumerate(zip(images, titles, strict=True)):
        image_ax, histogram_ax, hog_ax = axes[row]
        image_ax.imshow(image, interpolation="nearest")
        image_ax.set_ylabel(title, fontsize=9)
        histogram = color_histogram(image, bins)
        segments, colours = _histogram_segments(histogram, bins)
        histogram_ax.add_collection(LineCollection(segments, colors=colours, linewidths=4))
        histogram_ax.set(xlim=(0, 1), ylim=(0, 1.05), xticks=[])
        _, glyphs = hog(
            to_grayscale(image), 9, (pixels_per_cell, pixels_per_cell), (2, 2), visualize=True
        )
        hog_ax.imshow(glyphs, cmap="gray", interpolation="nearest")
        for ax in (image_ax, hog_ax):
            ax.set(xticks=[], yticks=[])
    axes[0, 0].set_title("image $x$", fontsize=9)
    axes[0, 1].set_title(f"colour histogram ({bins}$^3$ cells)", fontsize=9)
    axes[0, 2].set_title("HoG glyphs", fontsize=9)
    return fig


# ---------------------------------------------------------------------- live figures
def color_histogram_widget(image: np.ndarray, max_bins: int = 12) -> InteractiveFigure:
    """Slider ``bins``: the image quantised to ``bins`` levels per channel and its histogram.

    Left, each pixel replaced by the centre colour of its histogram cell: all the
    histogram keeps of the colours. Right, the ``bins**3`` cells as bars in the colour of
    the cell, red slowest and blue fastest.

    Parameters
    ----------
    image : numpy.ndarray, shape (H, W, 3)
        RGB image in [0, 1].
    max_bins : int
        The slider's upper end (the lower end is 1).

    Returns
    -------
    InteractiveFigure
    """
    fig, (image_ax, histogram_ax) = plt.subplots(
        1, 2, figsize=(8.4, 3.4), dpi=80, layout="constrained", gridspec_kw={"width_ratios": [1, 1.7]}
    )
    quantised = image_ax.imshow(image, interpolation="nearest")
    image_ax.set(xticks=[], yticks=[])
    bars = LineCollection([], linewidths=2)
    histogram_ax.add_collection(bars)
    histogram_ax.set(xlim=(0, 1), xticks=[], xlabel="colour cell (red slowest, blue fastest)",
                     ylabel="fraction of pixels")

    def update(bins: int) -> None:
        histogram = color_histogram(image, bins)
        segments, colours = _histogram_segments(histogram, bins)
        bars.set_segments(segments)
        bars.set_color(colours)
        bars.set_linewidth(max(0.5, min(20.0, 300.0 / histogram.size)))
        level = np.minimum((image * bins).astype(int), bins - 1)
        quantised.set_data((level + 0.5) / bins)
        histogram_ax.set_ylim(0, 1.05 * histogram.max())
        occupied = int(np.count_nonzero(histogram))
        image_ax.set_title(f"{bins} levels per channel", fontsize=9)
        histogram_ax.set_title(
            f"{histogram.size} cells, {occupied} of them non-empty: z has {histogram.size} numbers",
            fontsize=9,
        )

    controls = {"bins": Slider(1, max_bins, 1, value=4, description="bins per channel")}
    return interactive(update, controls, fig)


def hog_widget(
    image: np.ndarray, cell_sizes: tuple[int, int, int] = (4, 32, 4), max_orientations: int = 18
) -> InteractiveFigure:
    """Sliders cell size and orientations: the HoG glyph picture of a grayscale image.

    Parameters
    ----------
    image : numpy.ndarray, shape (H, W)
        Grayscale image in [0, 1], at least 3 of the largest cells on a side.
    cell_sizes : (min, max, step)
        The cell size slider (square cells, in pixels).
    max_orientations : int
        The orientation slider's upper end (the lower end is 1).

    Returns
    -------
    InteractiveFigure
    """
    fig, (image_ax, glyph_ax) = plt.subplots(1, 2, figsize=(8.0, 4.2), dpi=80, layout="constrained")
    image_ax.imshow(image, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
    image_ax.set_title("image", fontsize=9)
    glyphs_artist = glyph_ax.imshow(np.zeros_like(image), cmap="gray", vmin=0, vmax=1,
                                    interpolation="nearest", animated=True)
    caption = glyph_ax.text(0.5, -0.02, "", transform=glyph_ax.transAxes, ha="center", va="top",
                            fontsize=9, animated=True)
    glyph_ax.set_title("HoG glyphs (one segment per cell and orientation bin)", fontsize=9)
    for ax in (image_ax, glyph_ax):
        ax.set(xticks=[], yticks=[])

    def update(cell_size: int, orientations: int) -> None:
        features, glyphs = hog(image, orientations, (cell_size, cell_size), (3, 3), visualize=True)
        # Show the glyphs on a scale set by their bright end (the 99th percentile of the
        # lit pixels), so that small cells stay visible.
        lit = glyphs[glyphs > 0]
        top = float(np.percentile(lit, 99)) if lit.size else 1.0
        glyphs_artist.set_data(np.clip(glyphs / top, 0.0, 1.0))
        cells = (image.shape[0] // cell_size, image.shape[1] // cell_size)
        caption.set_text(
            f"{cells[0]} x {cells[1]} cells of {cell_size} px, {orientations} orientation bins, "
            f"3 x 3 blocks: z has {features.size} numbers"
        )

    controls = {
        "cell_size": Slider(*cell_sizes, value=8, description="cell size (px)"),
        "orientations": Slider(1, max_orientations, 1, value=9, description="orientation bins"),
    }
    # Glyph frames compress poorly (~30 KB each): 4 x 4 static frames keep the page light.
    return interactive(update, controls, fig, static_frames=16)


def codebook_widget(sweep: CodebookSweep) -> InteractiveFigure:
    """Dropdown codebook size: the words and the accuracy of the linear classifier on them.

    Parameters
    ----------
    sweep : CodebookSweep
        From :func:`codebook_sweep`.

    Returns
    -------
    InteractiveFigure
    """
    fig, (words_ax, accuracy_ax) = plt.subplots(
        1, 2, figsize=(8.4, 3.6), dpi=80, layout="constrained", gridspec_kw={"width_ratios": [1, 1.5]}
    )
    words_artist = words_ax.imshow(words_mosaic(sweep.codebooks[0]), extent=(0, 1, 1, 0),
                                   interpolation="nearest", animated=True)
    words_ax.set(xticks=[], yticks=[])
    words_title = words_ax.set_title("", fontsize=9, animated=True)
    accuracy_ax.plot(sweep.sizes, sweep.train_accuracy, "o-", color="0.6", label="train")
    accuracy_ax.plot(sweep.sizes, sweep.test_accuracy, "o-", color="C0", label="test")
    accuracy_ax.set_xscale("log", base=2)
    accuracy_ax.set(xticks=sweep.sizes, xticklabels=[str(s) for s in sweep.sizes],
                    xlabel="codebook size k", ylabel="accuracy", ylim=(0, 1.05))
    accuracy_ax.legend(loc="lower right", fontsize=8)
    (marker,) = accuracy_ax.plot([], [], "o", markersize=14, markerfacecolor="none",
                                 markeredgecolor="C3", markeredgewidth=2, animated=True)
    readout = accuracy_ax.text(0.03, 0.95, "", transform=accuracy_ax.transAxes, va="top",
                               fontsize=9, animated=True)

    def update(n_words: int) -> None:
        index = sweep.sizes.index(n_words)
        words_artist.set_data(words_mosaic(sweep.codebooks[index]))
        words_title.set_text(f"{n_words} visual words ({sweep.codebooks[index].patch_size} px patches)")
        marker.set_data([n_words], [sweep.test_accuracy[index]])
        readout.set_text(
            f"k = {n_words}: train {sweep.train_accuracy[index]:.3f}, "
            f"test {sweep.test_accuracy[index]:.3f}"
        )

    controls = {
        "n_words": Dropdown([(f"{k} words", k) for k in sweep.sizes], value=sweep.sizes[len(sweep.sizes) // 2],
                            description="codebook size")
    }
    return interactive(update, controls, fig)

"""The figures of chapter 01: what each feature keeps of an image.

* ``features_side_by_side``: images with their colour histograms and HoG glyphs;
* ``words_mosaic``: a codebook's visual words as tiles;
* ``ColorHistogramFigure``, ``HogFigure`` and ``CodebookFigure``: figures redrawn in place
  by their ``show`` method, made live by ``lecture_lib.widgets.image_features``.

Used in chapter 01_image_features.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from lecture_lib.algorithms.bag_of_words import Codebook, check_codebook, reconstruct_from_words
from lecture_lib.algorithms.color_histogram import color_histogram
from lecture_lib.algorithms.feature_comparison import CodebookSweep
from lecture_lib.algorithms.hog import hog
from lecture_lib.algorithms.images import check_images, to_grayscale
from lecture_lib.engine import checks


def _check_rgb(name: str, image: object) -> np.ndarray:
    """``image`` if it is an RGB image (H, W, 3) of floats in [0, 1], as these figures draw them."""
    array = checks.real_array(name, image, ndim=3)
    if array.shape[2] != 3 or array.dtype.kind != "f" or array.min(initial=0) < 0 or array.max(initial=0) > 1:
        raise ValueError(f"{name} must be an RGB image (H, W, 3) of floats in [0, 1], got shape {array.shape}, "
                         f"dtype {array.dtype}, values in [{array.min(initial=0)}, {array.max(initial=0)}]")
    return array


def tile_mosaic(tiles: np.ndarray, columns: int, gap: int = 1, background: float = 1.0) -> np.ndarray:
    """RGB tiles laid out row by row on a grid of ``columns``, with gaps between them.

    Parameters
    ----------
    tiles : numpy.ndarray, shape (n, h, w, 3)
        RGB values in [0, 1].
    columns : int
        Tiles per row, >= 1.
    gap : int
        Pixels between neighbouring tiles, >= 0.
    background : float
        Grey level of the gaps and of the empty tiles, in [0, 1] (1.0 is white).

    Returns
    -------
    numpy.ndarray, shape (rows * (h + gap) - gap, columns * (w + gap) - gap, 3)
    """
    tiles = checks.real_array("tiles", tiles, ndim=4)
    if tiles.shape[3] != 3 or len(tiles) == 0:
        raise ValueError(f"tiles must be at least one RGB tile, shape (n, h, w, 3), got {tiles.shape}")
    columns = checks.integer("columns", columns, minimum=1)
    gap = checks.integer("gap", gap, minimum=0)
    background = checks.number("background", background, minimum=0, maximum=1)
    n, height, width = tiles.shape[:3]
    rows = -(-n // columns)
    mosaic = np.full((rows * (height + gap) - gap, columns * (width + gap) - gap, 3), background)
    for index, tile in enumerate(tiles):
        row, column = divmod(index, columns)
        top, left = row * (height + gap), column * (width + gap)
        mosaic[top : top + height, left : left + width] = tile
    return mosaic


def words_mosaic(codebook: Codebook, gap: int = 1) -> np.ndarray:
    """The codebook's words as tiles of a square grid (white gaps, white empty tiles).

    Returns
    -------
    numpy.ndarray, shape (side, side, 3)
        RGB picture in [0, 1]; single-channel words are shown in grey.
    """
    gap = checks.integer("gap", gap, minimum=0)
    size = check_codebook(codebook).patch_size
    channels = codebook.words.shape[1] // (size * size)
    tiles = np.clip(codebook.words.reshape(-1, size, size, channels), 0.0, 1.0)
    if channels == 1:
        tiles = np.repeat(tiles, 3, axis=3)
    columns = int(np.ceil(np.sqrt(codebook.n_words)))
    mosaic = tile_mosaic(tiles, columns, gap)
    side = columns * (size + gap) - gap
    square = np.ones((side, side, 3))
    square[: mosaic.shape[0]] = mosaic
    return square


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
    images = [_check_rgb(f"images[{i}]", image) for i, image in enumerate(check_images(images))]
    if isinstance(titles, str) or not isinstance(titles, Sequence) or len(titles) != len(images):
        raise ValueError(f"titles must be a list of {len(images)} strings, one per image, got {titles!r}")
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


# ----------------------------------------------------------- figures redrawn in place
class ColorHistogramFigure:
    """An image quantised to ``bins`` levels per channel (left) and its colour histogram (right).

    Left, each pixel replaced by the centre colour of its histogram cell: all the
    histogram keeps of the colours. Right, the ``bins**3`` cells as bars in the colour of
    the cell, red slowest and blue fastest.

    Parameters
    ----------
    image : numpy.ndarray, shape (H, W, 3)
        RGB image in [0, 1].
    """

    def __init__(self, image: np.ndarray) -> None:
        self.image = _check_rgb("image", image)
        self.figure, (self.image_ax, self.histogram_ax) = plt.subplots(
            1, 2, figsize=(8.4, 3.4), dpi=80, layout="constrained", gridspec_kw={"width_ratios": [1, 1.7]}
        )
        self.quantised = self.image_ax.imshow(image, interpolation="nearest")
        self.image_ax.set(xticks=[], yticks=[])
        self.bars = LineCollection([], linewidths=2)
        self.histogram_ax.add_collection(self.bars)
        self.histogram_ax.set(xlim=(0, 1), xticks=[], xlabel="colour cell (red slowest, blue fastest)",
                              ylabel="fraction of pixels")

    def show(self, bins: int) -> None:
        """Quantise to ``bins`` levels per channel and draw the histogram of ``bins**3`` cells."""
        histogram = color_histogram(self.image, bins)
        segments, colours = _histogram_segments(histogram, bins)
        self.bars.set_segments(segments)
        self.bars.set_color(colours)
        self.bars.set_linewidth(max(0.5, min(20.0, 300.0 / histogram.size)))
        level = np.minimum((self.image * bins).astype(int), bins - 1)
        self.quantised.set_data((level + 0.5) / bins)
        self.histogram_ax.set_ylim(0, 1.05 * histogram.max())
        occupied = int(np.count_nonzero(histogram))
        self.image_ax.set_title(f"{bins} level{'s' if bins > 1 else ''} per channel", fontsize=9)
        self.histogram_ax.set_title(
            f"{histogram.size} cell{'s' if histogram.size > 1 else ''}, {occupied} of them non-empty: "
            f"z has {histogram.size} number{'s' if histogram.size > 1 else ''}",
            fontsize=9,
        )


class HogFigure:
    """A grayscale image (left) and its HoG glyphs (right) for a cell size and a number of bins.

    Parameters
    ----------
    image : numpy.ndarray, shape (H, W)
        Grayscale image in [0, 1].
    animated : bool
        True for a live figure (``lecture_lib.widgets``), False for a static one.
    """

    def __init__(self, image: np.ndarray, animated: bool = True) -> None:
        self.image = checks.real_array("image", image, ndim=2)
        self.figure, (image_ax, glyph_ax) = plt.subplots(1, 2, figsize=(8.0, 4.2), dpi=80, layout="constrained")
        image_ax.imshow(image, cmap="gray", vmin=0, vmax=1, interpolation="nearest")
        image_ax.set_title("image", fontsize=9)
        self.glyphs = glyph_ax.imshow(np.zeros_like(image), cmap="gray", vmin=0, vmax=1,
                                      interpolation="nearest", animated=animated)
        self.caption = glyph_ax.text(0.5, -0.02, "", transform=glyph_ax.transAxes, ha="center", va="top",
                                     fontsize=9, animated=animated)
        glyph_ax.set_title("HoG glyphs (one segment per cell and orientation bin)", fontsize=9)
        for ax in (image_ax, glyph_ax):
            ax.set(xticks=[], yticks=[])

    def show(self, cell_size: int, orientations: int) -> None:
        """Draw the glyphs for square cells of ``cell_size`` pixels, ``orientations`` bins and 3 x 3 blocks."""
        features, glyphs = hog(self.image, orientations, (cell_size, cell_size), (3, 3), visualize=True)
        # Show the glyphs on a scale set by their bright end (the 99th percentile of the
        # lit pixels), so that small cells stay visible.
        lit = glyphs[glyphs > 0]
        top = float(np.percentile(lit, 99)) if lit.size else 1.0
        self.glyphs.set_data(np.clip(glyphs / top, 0.0, 1.0))
        cells = (self.image.shape[0] // cell_size, self.image.shape[1] // cell_size)
        self.caption.set_text(
            f"{cells[0]} x {cells[1]} cells of {cell_size} px, {orientations} orientation "
            f"bin{'s' if orientations > 1 else ''}, 3 x 3 blocks: z has {features.size} numbers"
        )


class CodebookFigure:
    """A codebook's words (left) and the classifier's accuracy against the codebook size (right).

    Parameters
    ----------
    sweep : CodebookSweep
        From ``lecture_lib.algorithms.feature_comparison.codebook_sweep``.
    animated : bool
        True for a live figure (``lecture_lib.widgets``), False for a static one.
    """

    def __init__(self, sweep: CodebookSweep, animated: bool = True) -> None:
        self.sweep = sweep
        self.figure, (words_ax, accuracy_ax) = plt.subplots(
            1, 2, figsize=(8.4, 3.6), dpi=80, layout="constrained", gridspec_kw={"width_ratios": [1, 1.5]}
        )
        self.words = words_ax.imshow(words_mosaic(sweep.codebooks[0]), extent=(0, 1, 1, 0),
                                     interpolation="nearest", animated=animated)
        words_ax.set(xticks=[], yticks=[])
        self.words_title = words_ax.set_title("", fontsize=9, animated=animated)
        accuracy_ax.plot(sweep.sizes, sweep.train_accuracy, "o-", color="0.6", label="train")
        accuracy_ax.plot(sweep.sizes, sweep.test_accuracy, "o-", color="C0", label="test")
        accuracy_ax.set_xscale("log", base=2)
        accuracy_ax.set(xticks=sweep.sizes, xticklabels=[str(s) for s in sweep.sizes],
                        xlabel="codebook size k", ylabel="accuracy", ylim=(0, 1.05))
        # Under the moving marker (zorder 2), so it stays in the background: over it, it was
        # redrawn on every move (2 ms).
        accuracy_ax.legend(loc="lower right", fontsize=9).set_zorder(1.5)
        (self.marker,) = accuracy_ax.plot([], [], "o", markersize=14, markerfacecolor="none",
                                          markeredgecolor="C3", markeredgewidth=2, animated=animated)
        self.readout = accuracy_ax.text(0.03, 0.95, "", transform=accuracy_ax.transAxes, va="top",
                                        fontsize=9, animated=animated)

    def show(self, n_words: int) -> None:
        """Show the codebook of ``n_words`` words and mark its accuracy."""
        sweep = self.sweep
        index = sweep.sizes.index(n_words)
        self.words.set_data(words_mosaic(sweep.codebooks[index]))
        self.words_title.set_text(f"{n_words} visual words ({sweep.codebooks[index].patch_size} px patches)")
        self.marker.set_data([n_words], [sweep.test_accuracy[index]])
        self.readout.set_text(
            f"k = {n_words}: train {sweep.train_accuracy[index]:.3f}, test {sweep.test_accuracy[index]:.3f}"
        )


# ------------------------------------------------------------------ the chapter's data
def data_sets_figure(
    digit_images: np.ndarray,
    digit_labels: np.ndarray,
    images: np.ndarray,
    labels: np.ndarray,
    class_names: Sequence[str],
) -> Figure:
    """One handwritten digit of each class (top) and two synthetic images of each class (below).

    Parameters
    ----------
    digit_images : numpy.ndarray, shape (n, 8, 8)
    digit_labels : numpy.ndarray of int, shape (n,)
        Classes 0 to 9.
    images : numpy.ndarray, shape (m, H, W, 3)
    labels : numpy.ndarray of int, shape (m,)
    class_names : sequence of str
        The name of each synthetic class.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = plt.figure(figsize=(8.6, 4.4), dpi=80, layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[1, 2.3])
    for digit, ax in enumerate(top.subplots(1, 10)):
        ax.imshow(digit_images[digit_labels == digit][0], cmap="gray_r")
        ax.set_title(str(digit), fontsize=10)
    grid = bottom.subplots(2, len(class_names))
    for label, name in enumerate(class_names):
        examples = images[labels == label]
        for row in range(2):
            grid[row, label].imshow(examples[row])
        grid[0, label].set_title(name.replace(" ", "\n"), fontsize=10)
    for ax in fig.findobj(plt.Axes):
        ax.set(xticks=[], yticks=[])
    return fig


def words_figure(
    photos: Sequence[np.ndarray], codebook: Codebook, word_histograms: np.ndarray, names: Sequence[str]
) -> Figure:
    """Photographs (top), each rebuilt from the codebook's words (below), the words and the histograms.

    Parameters
    ----------
    photos : sequence of RGB images in [0, 1]
    codebook : Codebook
        Learned from the photographs.
    word_histograms : numpy.ndarray, shape (len(photos), codebook.n_words)
        Their bag-of-words vectors.
    names : sequence of str
        One name per photograph.

    Returns
    -------
    matplotlib.figure.Figure
    """
    columns = len(photos) + 1
    fig, axes = plt.subplots(2, columns, figsize=(8.6, 4.6), dpi=80, layout="constrained",
                             gridspec_kw={"width_ratios": [1] * len(photos) + [1.1]})
    for column, photo in enumerate(photos):
        axes[0, column].imshow(photo)
        axes[1, column].imshow(reconstruct_from_words(photo, codebook), interpolation="nearest")
    axes[0, -1].imshow(words_mosaic(codebook), interpolation="nearest")
    axes[0, -1].set_title(f"the {codebook.n_words} words", fontsize=10)
    axes[1, -1].imshow(word_histograms, aspect="auto", cmap="Greys")
    axes[1, -1].set(xlabel="word", yticks=range(len(names)), yticklabels=names)
    axes[1, -1].set_title("word histograms $z$", fontsize=10)
    axes[0, 0].set_ylabel("photograph", fontsize=10)
    axes[1, 0].set_ylabel("rebuilt from words", fontsize=10)
    for ax in [*axes[:, :-1].ravel(), axes[0, -1]]:
        ax.set(xticks=[], yticks=[])
    return fig


def _template_tiles(templates: np.ndarray) -> np.ndarray:
    """Templates as RGB tiles, each scaled by its own largest |value| so that 0 is the middle.

    A single-channel template is drawn red where it is positive and blue where negative
    (white at 0); a colour template is drawn as 0.5 + 0.5 * template per channel (grey at 0).
    """
    largest = np.abs(templates).reshape(len(templates), -1).max(axis=1)
    largest[largest == 0] = 1.0
    scaled = templates / largest.reshape(-1, *[1] * (templates.ndim - 1))
    if scaled.ndim == 3:
        return plt.get_cmap("RdBu_r")(0.5 + 0.5 * scaled)[..., :3]
    return 0.5 + 0.5 * scaled


def templates_figure(panels: dict[str, np.ndarray], columns: int = 10, panels_per_row: int = 2) -> Figure:
    """Grids of image templates (a first layer's rows, say), one grid per panel.

    Parameters
    ----------
    panels : dict of str to numpy.ndarray
        Panel title to templates of shape (n, h, w) (drawn red positive, blue negative,
        white at 0) or (n, h, w, 3) (drawn as 0.5 + 0.5 * template per channel, grey at 0);
        each template is scaled by its own largest absolute value.
    columns : int
        Templates per row of a grid, >= 1.
    panels_per_row : int
        Panels side by side, >= 1; further panels go below.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not checks.instance("panels", panels, Mapping):
        raise ValueError("templates_figure needs at least one panel")
    panels_per_row = checks.integer("panels_per_row", panels_per_row, minimum=1)
    checked = {title: checks.real_array(f"panels[{title!r}]", templates, dtype=np.float64)
               for title, templates in panels.items()}
    for title, templates in checked.items():
        if templates.ndim not in (3, 4) or (templates.ndim == 4 and templates.shape[3] != 3):
            raise ValueError(f"panel {title!r}: templates must be (n, h, w) or (n, h, w, 3), got {templates.shape}")
    mosaics = [
        tile_mosaic(_template_tiles(templates), columns, background=0.8 if templates.ndim == 3 else 1.0)
        for templates in checked.values()
    ]
    panel_rows = -(-len(panels) // panels_per_row)
    width = 8.6
    panel_height = max(m.shape[0] / m.shape[1] for m in mosaics) * width / panels_per_row + 0.35
    fig, axes = plt.subplots(panel_rows, panels_per_row, figsize=(width, panel_height * panel_rows), dpi=80,
                             layout="constrained", squeeze=False)
    for ax in axes.ravel():
        ax.set_axis_off()
    for ax, title, mosaic in zip(axes.ravel(), panels, mosaics, strict=False):
        ax.imshow(mosaic, interpolation="nearest")
        ax.set_title(title, fontsize=10)
    return fig

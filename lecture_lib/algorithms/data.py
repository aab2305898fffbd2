"""Seeded toy data sets, generated on the spot: nothing is downloaded.

The point-cloud generators return ``(X, y)``: X of shape (n, 2) in float64 and integer
labels y of shape (n,); ``synthetic_images`` returns 32x32 RGB images with their labels.
The same seed gives the same data on every machine.

Used in chapters 01_image_features (synthetic images), 02_neuron_and_xor (logic gates, XOR
clouds), 03_mlp_and_nonlinearity (circles, moons, spirals, XOR) and the benchmarks (spirals).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from lecture_lib.engine import checks

_GATES = {
    "and": np.array([0, 0, 0, 1]),
    "or": np.array([0, 1, 1, 1]),
    "nand": np.array([1, 1, 1, 0]),
    "nor": np.array([1, 0, 0, 0]),
    "xor": np.array([0, 1, 1, 0]),
}
LOGIC_GATES = tuple(_GATES)


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of AND, OR, NAND, NOR or XOR as four points of {0, 1}^2.

    Parameters
    ----------
    name : {"and", "or", "nand", "nor", "xor"}

    Returns
    -------
    X : numpy.ndarray, shape (4, 2)
        (0, 0), (0, 1), (1, 0), (1, 1).
    y : numpy.ndarray, shape (4,)
        The gate's output for each row.
    """
    key = str(name).lower()
    if key not in _GATES:
        raise ValueError(f"unknown gate {name!r}; choose one of {sorted(_GATES)}")
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return X, _GATES[key].copy()


def xor_clouds(n: int = 200, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Gaussian clouds around the four XOR corners, labelled by XOR of the corner.

    Parameters
    ----------
    n : int
        Number of points (split as evenly as possible over the four corners).
    noise : float
        Standard deviation of each cloud.
    seed : int

    Returns
    -------
    X, y : numpy.ndarray
        Points (n, 2) and labels (n,) in {0, 1}.
    """
    n = checks.integer("n", n, minimum=4)
    noise = checks.number("noise", noise, minimum=0)
    rng = checks.rng("seed", seed)
    corners, labels = logic_gate("xor")
    which = np.arange(n) % 4
    return corners[which] + rng.normal(0.0, noise, (n, 2)), labels[which]


def blobs(n: int = 300, centers: int = 3, std: float = 0.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Isotropic Gaussian blobs with centres evenly spaced on a circle of radius 2.

    Parameters
    ----------
    n : int
        Number of points, split as evenly as possible over the blobs.
    centers : int
        Number of blobs (classes).
    std : float
        Standard deviation of each blob.
    seed : int

    Returns
    -------
    X, y : numpy.ndarray
        Points (n, 2) and labels (n,) in 0..centers-1.
    """
    n, centers = checks.integer("n", n, minimum=1), checks.integer("centers", centers, minimum=1)
    std = checks.number("std", std, minimum=0)
    rng = checks.rng("seed", seed)
    angles = 2 * np.pi * np.arange(centers) / centers
    middles = 2.0 * np.column_stack([np.cos(angles), np.sin(angles)])
    y = np.arange(n) % centers
    return middles[y] + rng.normal(0.0, std, (n, 2)), y


def circles(n: int = 300, noise: float = 0.1, factor: float = 0.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """A small circle (label 1) inside a large one (label 0).

    Parameters
    ----------
    n : int
        Number of points, half on each circle.
    noise : float
        Standard deviation of the Gaussian noise added to every point.
    factor : float
        Radius of the inner circle relative to the outer one (radius 1), in (0, 1).
    seed : int

    Returns
    -------
    X, y : numpy.ndarray
    """
    n = checks.integer("n", n, minimum=2)
    noise = checks.number("noise", noise, minimum=0)
    factor = checks.number("factor", factor, above=0, below=1)
    rng = checks.rng("seed", seed)
    y = np.arange(n) % 2
    angles = rng.uniform(0, 2 * np.pi, n)
    radius = np.where(y == 1, factor, 1.0)
    X = radius[:, None] * np.column_stack([np.cos(angles), np.sin(angles)])
    return X + rng.normal(0.0, noise, (n, 2)), y


def moons(n: int = 300, noise: float = 0.1, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Two interleaving half circles.

    Parameters
    ----------
    n : int
        Number of points, half on each moon.
    noise : float
        Standard deviation of the Gaussian noise added to every point.
    seed : int

    Returns
    -------
    X, y : numpy.ndarray
    """
    n = checks.integer("n", n, minimum=2)
    noise = checks.number("noise", noise, minimum=0)
    rng = checks.rng("seed", seed)
    y = np.arange(n) % 2
    angles = rng.uniform(0, np.pi, n)
    upper = np.column_stack([np.cos(angles), np.sin(angles)])
    lower = np.column_stack([1.0 - np.cos(angles), 0.5 - np.sin(angles)])
    X = np.where(y[:, None] == 0, upper, lower)
    return X + rng.normal(0.0, noise, (n, 2)), y


def spirals(
    n_per_class: int = 100, n_classes: int = 3, noise: float = 0.2, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """Interleaved spiral arms, one per class (the CS231n spiral data set).

    Parameters
    ----------
    n_per_class : int
        Points on each arm.
    n_classes : int
        Number of arms (classes).
    noise : float
        Standard deviation of the noise added to each point's angle.
    seed : int

    Returns
    -------
    X, y : numpy.ndarray
        Points (n_per_class * n_classes, 2) inside the unit disc, labels in 0..n_classes-1.
    """
    n_per_class = checks.integer("n_per_class", n_per_class, minimum=1)
    n_classes = checks.integer("n_classes", n_classes, minimum=1)
    noise = checks.number("noise", noise, minimum=0)
    rng = checks.rng("seed", seed)
    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    y = np.repeat(np.arange(n_classes), n_per_class)
    angles = (
        np.tile(np.linspace(0.0, 4.0, n_per_class), n_classes)
        + y * 2 * np.pi / n_classes
        + rng.normal(0.0, noise, n_per_class * n_classes)
    )
    return radius[:, None] * np.column_stack([np.sin(angles), np.cos(angles)]), y


SYNTHETIC_CLASSES = (
    "red blobs",
    "green blobs",
    "blue blobs",
    "horizontal stripes",
    "vertical stripes",
    "diagonal stripes",
)
_BLOB_COLOURS = np.array([[0.85, 0.2, 0.15], [0.2, 0.75, 0.2], [0.2, 0.3, 0.9]])
_STRIPE_ANGLES = np.deg2rad([0.0, 90.0, 45.0])


def synthetic_images(
    n_per_class: int = 100, seed: int = 0, size: int = 32, noise: float = 0.05
) -> tuple[np.ndarray, np.ndarray, tuple[str, ...]]:
    """Seeded colour images whose six classes are told apart by colour or by texture alone.

    The first three classes are *colour* classes: two to four discs of random size and
    place on a random grey background; the discs' colour (red, green or blue, jittered)
    is the class, so their shape says nothing. The last three are *texture* classes:
    stripes of random width and phase, two random colours (one light, one dark), whose
    orientation (horizontal, vertical or diagonal, jittered by about 5 degrees) is the
    class, so their colour says nothing. A colour histogram therefore separates the first
    group and a histogram of oriented gradients the second. Gaussian pixel noise of
    standard deviation ``noise`` is added and values are clipped to [0, 1]. With the default
    ``size=32`` an image has 32 x 32 x 3 = 3072 values. Used in chapter 01_image_features.

    Parameters
    ----------
    n_per_class : int
        Images per class.
    seed : int
        Seed of ``numpy.random.default_rng``; the same seed gives the same images.
    size : int
        Height and width in pixels (at least 8).
    noise : float
        Standard deviation of the pixel noise, >= 0.

    Returns
    -------
    images : numpy.ndarray, shape (6 * n_per_class, size, size, 3)
        float64 RGB values in [0, 1].
    labels : numpy.ndarray, shape (6 * n_per_class,)
        Class numbers 0..5, cycling 0, 1, ..., 5, 0, 1, ... so that every prefix is balanced.
    class_names : tuple of str
        ``SYNTHETIC_CLASSES``: the name of each class number.
    """
    n_per_class = checks.integer("n_per_class", n_per_class, minimum=1)
    size = checks.integer("size", size, minimum=8)
    noise = checks.number("noise", noise, minimum=0)
    rng = checks.rng("seed", seed)
    n = n_per_class * len(SYNTHETIC_CLASSES)
    labels = np.arange(n) % len(SYNTHETIC_CLASSES)
    rows, cols = np.mgrid[0:size, 0:size].astype(np.float64)
    images = np.empty((n, size, size, 3))
    for k, label in enumerate(labels):
        if label < 3:
            image = np.full((size, size, 3), rng.uniform(0.3, 0.7))
            for _ in range(rng.integers(2, 5)):
                centre = rng.uniform(0, size, 2)
                radius = rng.uniform(0.12, 0.28) * size
                disc = (rows - centre[0]) ** 2 + (cols - centre[1]) ** 2 <= radius**2
                colour = np.clip(_BLOB_COLOURS[label] + rng.normal(0, 0.08, 3), 0, 1)
                image[disc] = colour
        else:
            angle = _STRIPE_ANGLES[label - 3] + np.deg2rad(rng.normal(0, 5))
            period = rng.uniform(5, 9) * size / 32
            along = rows * np.cos(angle) - cols * np.sin(angle)
            light = np.sin(2 * np.pi * along / period + rng.uniform(0, 2 * np.pi)) > 0
            light_colour = rng.uniform(0, 1, 3) * 0.4 + 0.6 * rng.uniform(0.5, 1)
            dark_colour = rng.uniform(0, 1, 3) * 0.4
            image = np.where(light[:, :, None], light_colour, dark_colour)
        images[k] = image
    images += rng.normal(0.0, noise, images.shape)
    return np.clip(images, 0.0, 1.0), labels, SYNTHETIC_CLASSES


# ------------------------------------------------------------------ a grid over the plane
Extent = tuple[float, float, float, float]


def check_extent(extent: Sequence[float]) -> Extent:
    """``extent`` as four floats (x_min, x_max, y_min, y_max) with min < max, or an error naming the fault."""
    if isinstance(extent, str) or not isinstance(extent, Sequence | np.ndarray):
        raise TypeError(f"extent must be four numbers (x_min, x_max, y_min, y_max), got {extent!r}")
    if len(extent) != 4:
        raise ValueError(f"extent must be four numbers (x_min, x_max, y_min, y_max), got {extent!r}")
    return checks.interval("extent (x_min, x_max)", extent[:2]) + checks.interval("extent (y_min, y_max)", extent[2:])


def grid_points(extent: Sequence[float], resolution: int = 150) -> np.ndarray:
    """The centres of a ``resolution`` x ``resolution`` grid of cells covering ``extent``.

    Parameters
    ----------
    extent : (x_min, x_max, y_min, y_max)
        The rectangle covered by the grid.
    resolution : int
        Cells per side (at least 2).

    Returns
    -------
    numpy.ndarray, shape (resolution**2, 2)
        Row-major from the bottom-left corner: ``points.reshape(resolution, resolution, 2)[i, j]``
        is the centre of the cell in row ``i`` (from the bottom) and column ``j``.
    """
    x_min, x_max, y_min, y_max = check_extent(extent)
    resolution = checks.integer("resolution", resolution, minimum=2)
    xs = x_min + (np.arange(resolution) + 0.5) * (x_max - x_min) / resolution
    ys = y_min + (np.arange(resolution) + 0.5) * (y_max - y_min) / resolution
    grid_x, grid_y = np.meshgrid(xs, ys)
    return np.column_stack([grid_x.ravel(), grid_y.ravel()])

"""Seeded toy data sets, generated on the spot: nothing is downloaded.

Every generator returns ``(X, y)``: X of shape (n, 2) in float64 and integer labels y of
shape (n,). The same seed gives the same points on every machine.

Used in chapters 02_neuron_and_xor (logic gates, XOR clouds), 03_mlp_and_nonlinearity
(circles, moons, spirals, XOR) and the benchmarks (spirals).
"""

from __future__ import annotations

import numpy as np

_GATES = {
    "and": np.array([0, 0, 0, 1]),
    "or": np.array([0, 1, 1, 1]),
    "xor": np.array([0, 1, 1, 0]),
}


def _check_count(name: str, value: int, minimum: int = 1) -> None:
    if not isinstance(value, int | np.integer) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")


def _check_noise(noise: float) -> None:
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of AND, OR or XOR as four points of {0, 1}^2.

    Parameters
    ----------
    name : {"and", "or", "xor"}

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
    _check_count("n", n, 4)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
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
    _check_count("n", n)
    _check_count("centers", centers)
    _check_noise(std)
    rng = np.random.default_rng(seed)
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
    _check_count("n", n, 2)
    _check_noise(noise)
    if not 0 < factor < 1:
        raise ValueError(f"factor must lie in (0, 1), got {factor!r}")
    rng = np.random.default_rng(seed)
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
    _check_count("n", n, 2)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
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
    _check_count("n_per_class", n_per_class)
    _check_count("n_classes", n_classes)
    _check_noise(noise)
    rng = np.random.default_rng(seed)
    radius = np.tile(np.linspace(0.0, 1.0, n_per_class), n_classes)
    y = np.repeat(np.arange(n_classes), n_per_class)
    angles = (
        np.tile(np.linspace(0.0, 4.0, n_per_class), n_classes)
        + y * 2 * np.pi / n_classes
        + rng.normal(0.0, noise, n_per_class * n_classes)
    )
    return radius[:, None] * np.column_stack([np.sin(angles), np.cos(angles)]), y

"""The playground's data: seeded point sets on the square [-6, 6]^2, a train/test split, input features.

The four classification sets of TensorFlow Playground (Smilkov et al., 2017): circle,
XOR, two Gaussian clusters and a two-armed spiral, generated as its ``dataset.ts`` does,
plus the book's own moons, three Gaussian blobs and the three-armed spiral of the CS231n
notes, scaled onto the same square. Noise runs from 0 to 0.5, as the Playground's
0-50 % slider. Every set has ``N_POINTS`` points, labels ``0 .. classes - 1``.

The Playground's positive class (its blue points) is class 0 here, blue in the book too.
The network sees the points through *features* computed from the two coordinates, the
Playground's seven: x1, x2, x1², x2², x1·x2, sin x1, sin x2.

Used in chapter 07_training_playground (through ``lecture_lib.algorithms.playground``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from lecture_lib.algorithms import data
from lecture_lib.engine import checks

HALF_WIDTH = 6.0  # the points and the heatmaps cover [-6, 6]^2, as in the Playground
EXTENT = (-HALF_WIDTH, HALF_WIDTH, -HALF_WIDTH, HALF_WIDTH)
N_POINTS = 500
MAX_NOISE = 0.5

Generator = Callable[[int, float, np.random.Generator], tuple[np.ndarray, np.ndarray]]


def _circle(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Half the points inside radius 2.5 (class 0), half in the ring 3.5..5; the label is decided
    after noise moves a point (so noisy points near the edge change sides), as in the Playground."""
    radius = 5.0
    inner = np.arange(n) < n // 2
    r = np.where(inner, rng.uniform(0, radius * 0.5, n), rng.uniform(radius * 0.7, radius, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    X = r[:, None] * np.column_stack([np.sin(angle), np.cos(angle)])
    moved = X + rng.uniform(-radius, radius, (n, 2)) * noise
    return X, (np.hypot(moved[:, 0], moved[:, 1]) >= radius * 0.5).astype(np.int64)


def _xor(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points kept 0.3 away from the axes; class 0 where x1 x2 >= 0 after noise."""
    X = rng.uniform(-5, 5, (n, 2))
    X += np.where(X > 0, 0.3, -0.3)
    moved = X + rng.uniform(-5, 5, (n, 2)) * noise
    return X, (moved[:, 0] * moved[:, 1] < 0).astype(np.int64)


def _gauss(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two Gaussian clusters at (2, 2) (class 0) and (-2, -2); variance 0.5 at noise 0, 4 at 0.5."""
    variance = 0.5 + 3.5 * noise / MAX_NOISE
    y = (np.arange(n) >= n // 2).astype(np.int64)
    centres = np.where(y[:, None] == 0, 2.0, -2.0)
    return centres + rng.normal(0.0, np.sqrt(variance), (n, 2)), y


def _spiral(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two arms, 1.75 turns each out to radius 5, the second turned by pi; uniform noise."""
    half = n // 2
    y = (np.arange(n) >= half).astype(np.int64)  # the first arm, the Playground's positive one, is class 0
    i = np.concatenate([np.arange(half), np.arange(n - half)])
    fraction = i / np.where(y == 0, half, n - half)
    r = 5 * fraction
    t = 1.75 * fraction * 2 * np.pi + np.where(y == 0, 0.0, np.pi)
    X = r[:, None] * np.column_stack([np.sin(t), np.cos(t)])
    return X + rng.uniform(-1, 1, (n, 2)) * noise, y


def _seed(rng: np.random.Generator) -> int:
    return int(rng.integers(2**31))


def _moons(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The book's two moons (``data.moons``), centred and scaled by 3.5; noise 0.5 gives std 0.3 before scaling."""
    X, y = data.moons(n, noise=0.6 * noise, seed=_seed(rng))
    return (X - [0.5, 0.25]) * 3.5, y


def _blobs(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The book's three Gaussian blobs (``data.blobs``) scaled by 2: centres on a circle of radius 4,
    standard deviation 0.5 at noise 0, 1.25 at 0.5."""
    X, y = data.blobs(n, centers=3, std=0.25 + 0.75 * noise, seed=_seed(rng))
    return 2.0 * X, y


def _spiral3(n: int, noise: float, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """The CS231n three-armed spiral (``data.spirals``) scaled by 5; angle noise 0.1 at noise 0, 0.35 at 0.5.
    When 3 does not divide ``n``, the last one or two arms lose their outermost point."""
    per_arm = -(-n // 3)
    X, y = data.spirals(per_arm, n_classes=3, noise=0.1 + 0.5 * noise, seed=_seed(rng))
    keep = np.ones(3 * per_arm, dtype=bool)
    keep[[per_arm * (arm + 1) - 1 for arm in range(3 - (3 * per_arm - n), 3)]] = False
    return 5.0 * X[keep], y[keep]


# name: (generator, number of classes, label shown)
DATASETS: dict[str, tuple[Generator, int, str]] = {
    "circle": (_circle, 2, "circle"),
    "xor": (_xor, 2, "XOR"),
    "gauss": (_gauss, 2, "Gaussian clusters"),
    "spiral": (_spiral, 2, "spiral"),
    "moons": (_moons, 2, "moons"),
    "blobs": (_blobs, 3, "three blobs"),
    "spiral3": (_spiral3, 3, "three-armed spiral"),
}

FEATURES: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1²": lambda x1, x2: x1 * x1,
    "x2²": lambda x1, x2: x2 * x2,
    "x1·x2": lambda x1, x2: x1 * x2,
    "sin x1": lambda x1, x2: np.sin(x1),
    "sin x2": lambda x1, x2: np.sin(x2),
}


def check_dataset(name: str) -> None:
    """A ValueError unless ``name`` is one of ``DATASETS``."""
    checks.one_of("dataset", name, DATASETS)


def class_count(name: str) -> int:
    """How many classes the data set ``name`` has (2, or 3 for "blobs" and "spiral3")."""
    check_dataset(name)
    return DATASETS[name][1]


def make_dataset(name: str, noise: float = 0.0, seed: int = 0, n: int = N_POINTS) -> tuple[np.ndarray, np.ndarray]:
    """``n`` seeded points of the data set ``name``.

    Parameters
    ----------
    name : str
        One of ``DATASETS``: "circle", "xor", "gauss", "spiral", "moons", "blobs", "spiral3".
    noise : float
        From 0 to 0.5 (the Playground's 0-50 %).
    seed : int
        The same seed gives the same points.
    n : int
        Number of points (divisible by 3 for "spiral3").

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
        Points, mostly inside [-6, 6]^2.
    y : numpy.ndarray of int, shape (n,)
        Labels ``0 .. class_count(name) - 1``.
    """
    check_dataset(name)
    noise = checks.number("noise", noise, minimum=0, maximum=MAX_NOISE)
    rng = checks.rng("seed", seed)
    return DATASETS[name][0](checks.integer("n", n, minimum=4), noise, rng)


def train_test_split(
    X: np.ndarray, y: np.ndarray, train_share: float, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle (seeded) and cut into a training part of ``train_share`` and a test part.

    Parameters
    ----------
    X, y : numpy.ndarray
        Points (n, 2) and labels (n,).
    train_share : float
        Strictly between 0 and 1 (the Playground offers 10 % to 90 %).
    seed : int
        >= 0.

    Returns
    -------
    X_train, y_train, X_test, y_test : numpy.ndarray
        Each part has at least one point.
    """
    train_share = checks.number("train_share", train_share, above=0, below=1)
    X = checks.real_array("X", X, ndim=2)
    if len(X) < 2:
        raise ValueError(f"train_test_split needs at least two points X, got shape {X.shape}")
    y = checks.class_labels("y", y, n=len(X))
    order = checks.rng("seed", seed).permutation(len(X))
    cut = min(max(1, round(train_share * len(X))), len(X) - 1)
    return X[order[:cut]], y[order[:cut]], X[order[cut:]], y[order[cut:]]


def feature_matrix(X: np.ndarray, features: Sequence[str]) -> np.ndarray:
    """The chosen features of every point, one column each, in the order given.

    Parameters
    ----------
    X : numpy.ndarray, shape (n, 2)
        Points (x1, x2), finite.
    features : sequence of str
        Names from ``FEATURES``, at least one, none twice.

    Returns
    -------
    numpy.ndarray, shape (n, len(features))
    """
    check_features(features)
    X = checks.real_array("X", X, ndim=2, dtype=np.float64)
    if X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2), got {X.shape}")
    return np.column_stack([FEATURES[name](X[:, 0], X[:, 1]) for name in features])


def check_features(features: Sequence[str]) -> None:
    """A ValueError unless ``features`` names at least one of ``FEATURES``, each once."""
    if isinstance(features, str) or not isinstance(features, Sequence):
        raise TypeError(f"features must be a sequence of names, got {features!r}")
    names = [checks.one_of(f"features[{i}]", name, FEATURES) for i, name in enumerate(features)]
    if not names or len(set(names)) != len(names):
        raise ValueError(f"features must name at least one of {list(FEATURES)}, each once, got {names!r}")

"""Why an MLP needs a nonlinearity: linear layers collapse into one, checked numerically.

Without an activation between them, layers ``x @ W1 + b1`` then ``h @ W2 + b2`` compute
``x @ (W1 @ W2) + (b1 @ W2 + b2)``: one linear layer, whatever the depth.
``equivalent_linear_layer`` computes that single layer for any engine ``MLP`` built with
``activation=None``.

The chapter's live figure shows one MLP for every combination of data set, activation,
depth and width, each trained here by the engine (``train_network``) and kept, with its
scores on a grid of points. ``affine_fit_residual`` tests on that grid whether the scores
are an affine function of the input, in which case every boundary is straight.

Used in chapter 03_mlp_and_nonlinearity.
"""

from __future__ import annotations

import itertools
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache

import numpy as np

from lecture_lib.algorithms import data
from lecture_lib.algorithms.data import grid_points
from lecture_lib.engine import checks, nn

DATASET_NAMES = ("circles", "moons", "spirals", "xor")
ACTIVATIONS = (None, "sigmoid", "tanh", "relu")
DEPTHS = (1, 2, 3)
WIDTHS = (2, 8, 14)
# Every data set is standardised (zero mean, unit variance per coordinate), so one square
# shows them all.
EXTENT = (-2.6, 2.6, -2.6, 2.6)
RESOLUTION = 120
STEPS = 200
LEARNING_RATES = {None: 0.1, "sigmoid": 0.5, "tanh": 0.1, "relu": 0.1}
# An affine fit of the grid scores with a relative residual below this is "exactly" affine:
# float64 round-off gives about 1e-15, a visibly bent boundary 1e-2 or more.
AFFINE_TOLERANCE = 1e-9
# Every (data set, activation, depth, width) the live figure can show.
COMBINATIONS = list(itertools.product(DATASET_NAMES, ACTIVATIONS, DEPTHS, WIDTHS))


def affine_fit_residual(points: np.ndarray, values: np.ndarray) -> float:
    """How far ``values`` are from an affine function of ``points``, relative to their spread.

    Fits ``values ~ points @ A + c`` by least squares and returns the largest absolute
    residual divided by the largest absolute deviation of ``values`` from their mean. It is
    about 1e-15 when the values are exactly affine (a network without nonlinearity), and of
    order 0.1 to 1 when they bend.

    Parameters
    ----------
    points : numpy.ndarray, shape (n, d)
    values : numpy.ndarray, shape (n,) or (n, k)
        Both finite.

    Returns
    -------
    float
    """
    points = checks.real_array("points", points, dtype=np.float64)
    values = checks.real_array("values", values, dtype=np.float64)
    if points.ndim != 2 or values.shape[:1] != points.shape[:1] or values.ndim not in (1, 2):
        raise ValueError(f"affine_fit_residual needs points (n, d) and values (n,) or (n, k), got "
                         f"{points.shape} and {values.shape}")
    design = np.column_stack([points, np.ones(len(points))])
    coefficients, *_ = np.linalg.lstsq(design, values, rcond=None)
    spread = np.max(np.abs(values - values.mean(axis=0)))
    if spread <= 1e-12 * max(1.0, float(np.max(np.abs(values)))):
        return 0.0  # constant up to round-off, and a constant is affine
    return float(np.max(np.abs(design @ coefficients - values)) / spread)


def equivalent_linear_layer(model: nn.MLP) -> tuple[np.ndarray, np.ndarray]:
    """The single layer ``x @ W + b`` that an MLP without activations computes.

    Parameters
    ----------
    model : lecture_lib.engine.nn.MLP
        Built with ``activation=None`` and ``output_activation=None``.

    Returns
    -------
    W : numpy.ndarray, shape (n_in, n_out)
        The product of the layers' weights, ``W1 @ W2 @ ... @ WL``.
    b : numpy.ndarray, shape (n_out,)
        Each layer's bias carried through the layers after it.
    """
    checks.instance("model", model, nn.MLP)
    if any(activation is not None for activation in model.activations) or model.output_activation is not None:
        raise ValueError(f"only a network without activations collapses to one layer, got {model!r}")
    W = np.eye(model.sizes[0])
    b = np.zeros(model.sizes[0])
    for layer in model.layers:
        W = W @ layer.weight.data
        b = b @ layer.weight.data + layer.bias.data
    return W, b


@cache
def dataset(name: str) -> tuple[np.ndarray, np.ndarray]:
    """One of the figure's data sets, standardised, about 200 points.

    Parameters
    ----------
    name : {"circles", "moons", "spirals", "xor"}

    Returns
    -------
    X : numpy.ndarray, shape (n, 2)
    y : numpy.ndarray of int, shape (n,)
    """
    generators = {
        "circles": lambda: data.circles(200, noise=0.1, seed=0),
        "moons": lambda: data.moons(200, noise=0.1, seed=0),
        "spirals": lambda: data.spirals(70, n_classes=3, noise=0.2, seed=0),
        "xor": lambda: data.xor_clouds(200, noise=0.2, seed=0),
    }
    X, y = generators[checks.one_of("name", name, generators)]()
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    X.flags.writeable = False
    return X, y


@dataclass(frozen=True)
class TrainedNetwork:
    """The outcome of training one network of the figure.

    Attributes
    ----------
    scores : numpy.ndarray
        Outputs on ``grid_points(EXTENT, RESOLUTION)``: the margin ``s1 - s0`` (N,) for two
        classes, the scores (N, 3) for the spirals.
    accuracy : float
        Training accuracy.
    losses : numpy.ndarray
        Training loss at every step.
    affine_residual : float
        ``affine_fit_residual`` of ``scores`` over the grid: ~1e-15 when affine.
    """

    scores: np.ndarray
    accuracy: float
    losses: np.ndarray
    affine_residual: float

    @property
    def is_affine(self) -> bool:
        return self.affine_residual < AFFINE_TOLERANCE


def train_network(name: str, activation: str | None, depth: int, width: int) -> TrainedNetwork:
    """Train (with ``nn.fit``, seeded) the MLP of ``depth`` hidden layers of ``width`` units on a data set.

    Parameters
    ----------
    name : {"circles", "moons", "spirals", "xor"}
    activation : {None, "sigmoid", "tanh", "relu"}
    depth : int
        Number of hidden layers (>= 1).
    width : int
        Units per hidden layer (>= 1).

    Returns
    -------
    TrainedNetwork
    """
    checks.one_of("activation", activation, LEARNING_RATES)
    depth, width = checks.integer("depth", depth, minimum=1), checks.integer("width", width, minimum=1)
    X, y = dataset(name)
    classes = int(y.max()) + 1
    model = nn.MLP([2] + [width] * depth + [classes], activation=activation, seed=0)
    losses = nn.fit(model, X, y, loss="cross_entropy", steps=STEPS, lr=LEARNING_RATES[activation])
    points = grid_points(EXTENT, RESOLUTION)
    scores = model(points).data
    if classes == 2:
        scores = scores[:, 1] - scores[:, 0]
    return TrainedNetwork(
        scores=scores,
        accuracy=nn.accuracy(model, X, y),
        losses=np.array(losses),
        affine_residual=affine_fit_residual(points, scores),
    )


_trained: dict[tuple[str, str | None, int, int], TrainedNetwork] = {}


def _train_key(key: tuple[str, str | None, int, int]) -> TrainedNetwork:
    return train_network(*key)


def trained_network(name: str, activation: str | None, depth: int, width: int) -> TrainedNetwork:
    """``train_network``, trained once per combination and then kept."""
    key = (name, activation, checks.integer("depth", depth, minimum=1), checks.integer("width", width, minimum=1))
    if key not in _trained:
        _trained[key] = train_network(*key)
    return _trained[key]


def precompute(workers: int = 1) -> int:
    """Train every combination the figure can show (in ``workers`` processes, >= 1) and keep them.

    Every network is seeded, so the result does not depend on ``workers``.

    Returns
    -------
    int
        The number of trained networks.
    """
    workers = checks.integer("workers", workers, minimum=1)
    keys = [key for key in COMBINATIONS if key not in _trained]
    if workers > 1 and keys:
        # The platform's default way of starting processes (spawn on macOS and Windows):
        # each worker imports this module afresh, so _train_key must stay at module level.
        with ProcessPoolExecutor(workers) as pool:
            _trained.update(zip(keys, pool.map(_train_key, keys, chunksize=4), strict=True))
    else:
        _trained.update((key, train_network(*key)) for key in keys)
    return len(COMBINATIONS)

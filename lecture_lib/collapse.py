"""Why an MLP needs a nonlinearity: linear layers collapse into one, and the live proof of it.

Without an activation between them, layers ``x @ W1 + b1`` then ``h @ W2 + b2`` compute
``x @ (W1 @ W2) + (b1 @ W2 + b2)``: one linear layer, whatever the depth.
``equivalent_linear_layer`` computes that single layer for any engine ``MLP`` built with
``activation=None``.

The live figure trains, with the engine, one MLP for every combination its controls can
show (data set, activation, depth, width) and keeps each network's scores on a grid of
points, so that moving a control only swaps precomputed pictures. The caption tests,
on the grid, whether the network's scores are an affine function of the input (then the
boundary is straight) with ``lecture_lib.plotting.affine_fit_residual``.

Used in chapter 03_mlp_and_nonlinearity.
"""

from __future__ import annotations

import itertools
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache

import matplotlib.pyplot as plt
import numpy as np

from lecture_lib import data, nn
from lecture_lib.plotting import CLASS_COLORS, DecisionBoundary, affine_fit_residual, grid_points
from lecture_lib.widgets import Dropdown, InteractiveFigure, Slider, interactive, static_mode

DATASET_NAMES = ("circles", "moons", "spirals", "xor")
ACTIVATION_CHOICES = (("none", None), ("sigmoid", "sigmoid"), ("tanh", "tanh"), ("ReLU", "relu"))
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
COMBINATIONS = list(itertools.product(DATASET_NAMES, [a for _, a in ACTIVATION_CHOICES], DEPTHS, WIDTHS))


def equivalent_linear_layer(model: nn.MLP) -> tuple[np.ndarray, np.ndarray]:
    """The single layer ``x @ W + b`` that an MLP without activations computes.

    Parameters
    ----------
    model : lecture_lib.nn.MLP
        Built with ``activation=None`` and ``output_activation=None``.

    Returns
    -------
    W : numpy.ndarray, shape (n_in, n_out)
        The product of the layers' weights, ``W1 @ W2 @ ... @ WL``.
    b : numpy.ndarray, shape (n_out,)
        Each layer's bias carried through the layers after it.
    """
    if model.activation is not None or model.output_activation is not None:
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
    if name not in generators:
        raise ValueError(f"unknown data set {name!r}; choose one of {list(generators)}")
    X, y = generators[name]()
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
    if activation not in LEARNING_RATES:
        raise ValueError(f"activation must be one of {list(LEARNING_RATES)}, got {activation!r}")
    if depth < 1 or width < 1:
        raise ValueError(f"depth and width must be >= 1, got depth={depth}, width={width}")
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
    key = (name, activation, int(depth), int(width))
    if key not in _trained:
        _trained[key] = train_network(*key)
    return _trained[key]


def precompute(workers: int = 1) -> int:
    """Train every combination the figure can show (in ``workers`` processes) and keep them.

    Every network is seeded, so the result does not depend on ``workers``.

    Returns
    -------
    int
        The number of trained networks.
    """
    keys = [key for key in COMBINATIONS if key not in _trained]
    if workers > 1 and keys:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
            _trained.update(zip(keys, pool.map(_train_key, keys, chunksize=4), strict=True))
    else:
        _trained.update((key, train_network(*key)) for key in keys)
    return len(COMBINATIONS)


def collapse_widget(workers: int = 1, precompute_all: bool | None = None) -> InteractiveFigure:
    """The live figure: data set, activation, depth and width of an MLP trained by the engine.

    With the activation "none" the regions are split by straight lines whatever the depth
    and width; with any nonlinearity the boundary bends. The caption gives the training
    accuracy and whether the scores are affine on the grid.

    Parameters
    ----------
    workers : int
        Processes used to train all the networks up front (see ``precompute``).
    precompute_all : bool, optional
        Train every network up front, so that every move is instant (default: yes in a
        kernel, no in the static book, which trains only the networks its frames show).
        Networks not trained up front are trained, once, when first shown.

    Returns
    -------
    InteractiveFigure
    """
    if precompute_all is None:
        precompute_all = not static_mode()
    if precompute_all:
        precompute(workers)
    fig, ax = plt.subplots(figsize=(4.0, 4.0), dpi=80, layout="constrained")
    boundary = DecisionBoundary(ax, extent=EXTENT, resolution=RESOLUTION, n_classes=3)
    palette = np.array(CLASS_COLORS[:3])
    points = ax.scatter([], [], s=9, linewidths=0, zorder=3, animated=True)
    caption = ax.text(0.02, 0.98, "", transform=ax.transAxes, va="top", fontsize=9, zorder=4, animated=True,
                      bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"})
    ax.set(xlabel="$x_1$ (standardised)", ylabel="$x_2$ (standardised)", aspect="equal")
    names = dict((value, label) for label, value in ACTIVATION_CHOICES)

    def update(dataset_name: str, activation: str | None, depth: int, width: int) -> None:
        X, y = dataset(dataset_name)
        trained = trained_network(dataset_name, activation, depth, width)
        boundary.show(trained.scores)
        points.set_offsets(X)
        points.set_facecolors(palette[y])
        shape = "affine: straight boundaries" if trained.is_affine else "not affine: the boundary bends"
        caption.set_text(
            f"{names[activation]}, {depth} hidden layer(s) of {width}\n"
            f"train accuracy {trained.accuracy:.2f}\n"
            f"scores {shape}\n(residual {trained.affine_residual:.0e})"
        )

    controls = {
        "dataset_name": Dropdown(list(DATASET_NAMES), value="circles", description="data"),
        "activation": Dropdown(list(ACTIVATION_CHOICES), value=None, description="activation"),
        "depth": Slider(DEPTHS[0], DEPTHS[-1], DEPTHS[1] - DEPTHS[0], value=DEPTHS[-1], description="hidden layers"),
        "width": Slider(WIDTHS[0], WIDTHS[-1], WIDTHS[1] - WIDTHS[0], value=WIDTHS[-1], description="units per layer"),
    }
    # The static book shows both ends of each slider (the initial values are the upper
    # ends): 4 x 4 x 2 x 2 = 64 frames, about 35 KB each. A kernel shows every combination.
    budget = len(DATASET_NAMES) * len(ACTIVATION_CHOICES) * 2 * 2
    return interactive(update, controls, fig, static_frames=budget)

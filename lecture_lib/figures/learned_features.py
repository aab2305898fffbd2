"""The figures of chapter 03 on features: the circles in a hand-made feature space, and in a learned one.

``circles_features_figure`` shows two circles in the input plane with the best straight
line, and the same points in the coordinates (angle, radius), where a line ``r = r*``
separates them (drawn back in the plane it is a circle). ``learned_space_figure`` shows a
trained network on the same data: its regions in the input plane, and the points in its
last hidden layer, where the output layer's boundary is a straight line.

Used in chapter 03_mlp_and_nonlinearity.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from lecture_lib.algorithms.best_line import BestLine
from lecture_lib.algorithms.hidden_features import last_hidden_activations, polar_features
from lecture_lib.engine import checks, nn
from lecture_lib.figures.neuron_and_xor import line_in_box
from lecture_lib.figures.plotting import DecisionBoundary, scatter_classes

LINE_COLOUR, FEATURE_COLOUR = "0.15", "#6a3d9a"


def _square_extent(points: np.ndarray, margin: float = 0.15) -> tuple[float, float, float, float]:
    """A square around ``points`` with a margin (a fraction of its side), centred on them."""
    low, high = points.min(axis=0), points.max(axis=0)
    middle, half = (low + high) / 2, (high - low).max() / 2 * (1 + margin)
    return (middle[0] - half, middle[0] + half, middle[1] - half, middle[1] + half)


def circles_features_figure(X: np.ndarray, y: np.ndarray, line: BestLine, radius: BestLine) -> Figure:
    """The circles with the best straight line, and in (angle, radius) with a threshold on the radius.

    Parameters
    ----------
    X, y : numpy.ndarray
        Points (n, 2) and labels (n,) in {0, 1}.
    line : BestLine
        A line in the input plane (``best_line``), drawn with its accuracy.
    radius : BestLine
        A threshold on the radius (``best_threshold`` of ``polar_features(X)[:, 1]``), drawn
        as a horizontal line in (angle, radius) and as a circle in the input plane.

    Returns
    -------
    matplotlib.figure.Figure
    """
    checks.instance("line", line, BestLine, "from best_line")
    checks.instance("radius", radius, BestLine, "from best_threshold")
    if line.weights.shape != (2,) or radius.weights.shape != (1,):
        raise ValueError("circles_features_figure needs a line in the plane and a threshold on the radius")
    features = polar_features(X)
    threshold = -radius.bias / radius.weights[0]
    figure, (plane, polar) = plt.subplots(1, 2, figsize=(8.6, 3.9), dpi=80, layout="constrained")
    extent = _square_extent(X)
    scatter_classes(plane, X, y, size=14)
    plane.plot(*line_in_box(line.weights, line.bias, extent), color=LINE_COLOUR, linewidth=1.8,
               label=f"best straight line: {line.accuracy:.3f} right")
    angles = np.linspace(-np.pi, np.pi, 361)
    plane.plot(threshold * np.cos(angles), threshold * np.sin(angles), color=FEATURE_COLOUR, linewidth=1.8,
               linestyle="--", label=f"$r = {threshold:.2f}$: {radius.accuracy:.3f} right")
    plane.set(xlim=extent[:2], ylim=extent[2:], aspect="equal", xlabel="$x_1$", ylabel="$x_2$",
              title="input space")
    scatter_classes(polar, features, y, size=14)
    polar.axhline(threshold, color=FEATURE_COLOUR, linewidth=1.8, linestyle="--")
    polar.set(xlim=(-np.pi, np.pi), ylim=(0, features[:, 1].max() * 1.08), xlabel=r"angle $\theta$",
              ylabel=r"radius $r = \|x\|$", title=r"feature space $(\theta, r)$",
              xticks=[-np.pi, 0, np.pi], xticklabels=[r"$-\pi$", "0", r"$\pi$"])
    figure.legend(loc="outside lower center", ncol=2, fontsize=9.5, frameon=False)
    return figure


def learned_space_figure(model: nn.MLP, X: np.ndarray, y: np.ndarray) -> Figure:
    """A trained two-class network: its regions in the input plane, and the data in its last hidden layer.

    Parameters
    ----------
    model : lecture_lib.engine.nn.MLP
        Two outputs, a last hidden layer of two units.
    X, y : numpy.ndarray
        Points (n, 2) and labels (n,) in {0, 1}.

    Returns
    -------
    matplotlib.figure.Figure
    """
    checks.instance("model", model, nn.MLP)
    if len(model.layers) < 2 or model.sizes[-2:] != (2, 2) or model.sizes[0] != 2:
        raise ValueError(f"learned_space_figure needs 2 inputs, a last hidden layer of 2 and 2 outputs, got {model!r}")
    output = model.layers[-1]
    normal = output.weight.data[:, 1] - output.weight.data[:, 0]
    offset = output.bias.data[1] - output.bias.data[0]
    hidden = last_hidden_activations(model, X)
    figure, (plane, space) = plt.subplots(1, 2, figsize=(8.6, 4.1), dpi=80, layout="constrained")
    plane_extent, hidden_extent = _square_extent(X, 0.1), _square_extent(hidden, 0.2)

    def margin(points: np.ndarray) -> np.ndarray:
        scores = model(points).data
        return scores[:, 1] - scores[:, 0]

    DecisionBoundary(plane, margin, extent=plane_extent, resolution=150, animated=False)
    DecisionBoundary(space, lambda H: H @ normal + offset, extent=hidden_extent, resolution=150, animated=False)
    scatter_classes(plane, X, y, size=14)
    scatter_classes(space, hidden, y, size=14)
    right = np.mean(nn.predict(model, X) == y)
    plane.set(aspect="equal", xlabel="$x_1$", ylabel="$x_2$", title=f"input space: {right:.3f} right")
    space.set(aspect="equal", xlabel="$h_1$", ylabel="$h_2$", title="last hidden layer: a straight boundary")
    return figure

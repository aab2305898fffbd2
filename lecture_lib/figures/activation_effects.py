"""Two facts about activations, drawn: gradients shrinking through sigmoids, and a ReLU unit dying.

``gradient_norms_figure`` plots, for deep MLPs that differ only in their activation, the
size of the loss gradient at each layer (from ``lecture_lib.algorithms.gradient_flow``).
``DeadUnitFigure`` shows one first-layer ReLU unit of a network: its active half-plane
among the data, and how many points are active and how large its gradient is as its bias
moves (from ``lecture_lib.algorithms.dead_relu``); its ``show`` redraws it for one bias.

Used in chapter 03_mlp_and_nonlinearity.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from lecture_lib.algorithms.dead_relu import bias_sweep
from lecture_lib.engine import checks, nn
from lecture_lib.figures.neuron_and_xor import line_in_box
from lecture_lib.figures.plotting import CLASS_COLORS, DecisionBoundary

ACTIVE_COLOUR, INACTIVE_COLOUR, DEAD_COLOUR = "#41ab5d", "#f0f0f0", "0.85"


def gradient_norms_figure(norms: Mapping[str, np.ndarray]) -> Figure:
    """The loss gradient's size at each layer, one line per network, on a log scale.

    Parameters
    ----------
    norms : mapping of str to numpy.ndarray
        A label (e.g. the activation) to the norm of dL/dW of each layer, input layer first.

    Returns
    -------
    matplotlib.figure.Figure
    """
    if not checks.instance("norms", norms, Mapping):
        raise ValueError("gradient_norms_figure needs at least one network's gradient norms")
    checked = {label: checks.real_array(f"norms[{label!r}]", values, dtype=np.float64)
               for label, values in norms.items()}
    figure, ax = plt.subplots(figsize=(6.4, 3.4), dpi=80, layout="constrained")
    for (label, values), marker in zip(checked.items(), "os^v", strict=False):
        if values.ndim != 1 or not (values > 0).all():
            raise ValueError(f"the gradient norms of {label!r} must be positive numbers, one per layer")
        ax.semilogy(np.arange(1, len(values) + 1), values, marker=marker, label=label)
    ax.set(xlabel="layer (1 = next to the input)", ylabel=r"$\|\partial L / \partial W\|$ of the layer")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.grid(True, which="major", color="0.9")
    ax.legend(fontsize=9.5)
    return figure


class DeadUnitFigure:
    """One first-layer ReLU unit of a two-class network, redrawn for each bias by ``show``.

    Left: the data in the input plane, the unit's line ``w . x + b = 0`` and its active side
    (green), with how many points are active. Right: the size of the unit's gradient along
    a range of biases, the dead range (no point active) shaded, the shown bias marked.

    Parameters
    ----------
    model : lecture_lib.engine.nn.MLP
        ReLU hidden layers, inputs in the plane; the figure keeps a copy of it as given.
    X, y : numpy.ndarray
        The data (n, 2) and labels (n,) the loss is computed on.
    unit : int
        Which unit of the first hidden layer.
    biases : numpy.ndarray
        The range of biases the right panel shows (a fine grid).
    animated : bool
        True for a live figure (``lecture_lib.widgets``), False for a static one.
    """

    def __init__(self, model: nn.MLP, X: np.ndarray, y: np.ndarray, unit: int, biases: np.ndarray,
                 animated: bool = True) -> None:
        # A copy: the chapter may train its network on after handing it over.
        self.model, self.unit = copy.deepcopy(model), unit
        self.X, self.y = np.asarray(X, dtype=np.float64), np.asarray(y)
        if self.X.ndim != 2 or self.X.shape[1] != 2:
            raise ValueError(f"DeadUnitFigure draws points in the plane: X must have shape (n, 2), got {self.X.shape}")
        self.sweep = bias_sweep(self.model, self.X, self.y, unit, biases)
        self.weights = self.model.layers[0].weight.data[:, unit]
        self.figure, (plane, curves) = plt.subplots(1, 2, figsize=(8.6, 3.8), dpi=80, layout="constrained",
                                                    gridspec_kw={"width_ratios": [1, 1.25]})
        low, high = self.X.min(axis=0) - 0.3, self.X.max(axis=0) + 0.3
        self.extent = (low[0], high[0], low[1], high[1])
        self.side = DecisionBoundary(plane, extent=self.extent, resolution=100, colors=(INACTIVE_COLOUR, ACTIVE_COLOUR),
                                     alpha=0.45, animated=animated)
        self.line = plane.plot([], [], color="0.1", linewidth=1.6, animated=animated)[0]
        plane.scatter(*self.X.T, c=np.array(CLASS_COLORS[:2])[self.y], s=10, linewidths=0, zorder=3)
        plane.set(aspect="equal", xlabel="$x_1$", ylabel="$x_2$")

        sweep = self.sweep
        curves.fill_between(sweep.biases, 0, 1, where=sweep.dead, transform=curves.get_xaxis_transform(),
                            color=DEAD_COLOUR, step="mid", label="dead: no point active")
        curves.plot(sweep.biases, np.abs(sweep.bias_gradients), color=CLASS_COLORS[3],
                    label=r"$|\partial L/\partial b|$")
        curves.plot(sweep.biases, sweep.weight_gradient_norms, color=CLASS_COLORS[2], linestyle="--",
                    label=r"$\|\partial L/\partial w\|$")
        self.marker = curves.axvline(sweep.biases[0], color="0.1", linewidth=1.2, animated=animated)
        largest = max(np.abs(sweep.bias_gradients).max(), sweep.weight_gradient_norms.max(), 1e-12)
        curves.set(xlabel="bias $b$ of the unit", ylabel="size of the gradient",
                   xlim=(sweep.biases[0], sweep.biases[-1]), ylim=(0, 1.15 * largest))
        # Under the axes, where the moving marker never crosses it, and below the marker's zorder
        # (2), so it stays in the background: over the marker it was redrawn on every move (4 ms).
        curves.legend(loc="upper center", bbox_to_anchor=(0.5, -0.17), ncols=3, fontsize=9,
                      frameon=False).set_zorder(1.5)
        self.activity = plane.set_title(" ", fontsize=10)
        self.gradients = curves.set_title(" ", fontsize=10)
        for title in (self.activity, self.gradients):
            title.set_animated(animated)

    def show(self, b: float) -> None:
        """Draw the unit with bias ``b``, a finite number."""
        b = checks.number("b", b)
        now = bias_sweep(self.model, self.X, self.y, self.unit, np.array([b]))
        self.side.update(lambda P: P @ self.weights + b)
        self.line.set_data(*line_in_box(self.weights, b, self.extent))
        self.marker.set_xdata([b, b])
        state = "dead" if now.dead[0] else "alive"
        self.activity.set_text(f"b = {b:.2f}: {state}, active on {now.active[0]} of {len(self.X)} points")
        # + 0.0 turns a gradient of -0.0 (a sum of zeros times negative numbers) into 0.0.
        self.gradients.set_text(rf"$\partial L/\partial b$ = {now.bias_gradients[0] + 0.0:.4f},   "
                                rf"$\|\partial L/\partial w\|$ = {now.weight_gradient_norms[0]:.4f}")

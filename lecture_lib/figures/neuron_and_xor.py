"""The figures of chapter 02: activations, a neuron on the logic gates, a 2-2-1 network on XOR.

Each figure is drawn once and redrawn in place by its ``show`` method, so that the same
object serves a static picture and, through ``lecture_lib.widgets.neuron_and_xor``, a live
one.

Network notation follows the lecture: the hidden units are
``h1 = f(w1 x1 + w2 x2 + b1)`` and ``h2 = f(w3 x1 + w4 x2 + b2)``, the output is
``y = f(w5 h1 + w6 h2 + b3)``, with f the sigmoid.

Used in chapter 02_neuron_and_xor.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import PathCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from lecture_lib.algorithms import data
from lecture_lib.algorithms.activations import activation_and_derivative
from lecture_lib.algorithms.hidden_features import last_hidden_activations
from lecture_lib.algorithms.perceptron import PerceptronRun, gates_computed, perceptron_predict
from lecture_lib.engine import checks, nn
from lecture_lib.figures.plotting import CLASS_COLORS, DecisionBoundary

CORNERS = data.logic_gate("xor")[0]
RIGHT_COLOR, WRONG_COLOR = "#1a9850", "#d73027"
INPUT_EXTENT = (-0.5, 1.5, -0.5, 1.5)
HIDDEN_EXTENT = (-0.1, 1.1, -0.1, 1.1)


def line_in_box(weights: Sequence[float], bias: float, extent: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Two points of the line ``w1 x1 + w2 x2 + b = 0`` spanning ``extent`` (empty if w = 0).

    Parameters
    ----------
    weights : (w1, w2)
    bias : float
    extent : (x_min, x_max, y_min, y_max)

    Returns
    -------
    xs, ys : numpy.ndarray
        Coordinates of the two end points (the axes clip what lies outside), or empty arrays.
    """
    w1, w2 = checks.real_array("weights", weights, shape=(2,), dtype=np.float64)
    bias = checks.number("bias", bias)
    x_min, x_max, y_min, y_max = data.check_extent(extent)
    if w1 == 0 and w2 == 0:
        return np.array([]), np.array([])
    if abs(w2) >= abs(w1):
        xs = np.array([x_min, x_max])
        return xs, -(w1 * xs + bias) / w2
    ys = np.array([y_min, y_max])
    return -(w2 * ys + bias) / w1, ys


def _mark_points(points: PathCollection, marks: list[Text], correct: np.ndarray) -> None:
    points.set_edgecolors([RIGHT_COLOR if ok else WRONG_COLOR for ok in correct])
    for mark, ok in zip(marks, correct, strict=True):
        mark.set_text("✓" if ok else "✗")
        mark.set_color(RIGHT_COLOR if ok else WRONG_COLOR)


def _signed(value: float) -> str:
    """``+ 1.5`` or ``− 1.5``: a term of a sum, its sign as the operator."""
    return f"{'−' if value < 0 else '+'} {abs(value):.1f}"


def _label_points(labels: list[Text], points: np.ndarray, names: list[str], together: float = 0.12) -> None:
    """Label points of the unit square inside it: one label per group of points closer than ``together``.

    A label sits beside its point on the side facing the square's middle, so it stays inside
    the axes wherever the point is; points that (nearly) coincide share one label listing
    them all, one per line. Unused labels are emptied.
    """
    groups: list[list[int]] = []
    for index, point in enumerate(points):
        home = next((group for group in groups if np.linalg.norm(points[group[0]] - point) < together), None)
        if home is None:
            groups.append([index])
        else:
            home.append(index)
    for label in labels:
        label.set_text("")
    for label, group in zip(labels, groups, strict=False):
        x, y = points[group[0]]
        label.set_text("\n".join(names[i] for i in group))
        label.set_position((x + (-0.05 if x > 0.5 else 0.05), y + (-0.05 if y > 0.5 else 0.05)))
        label.set_horizontalalignment("right" if x > 0.5 else "left")
        label.set_verticalalignment("top" if y > 0.5 else "bottom")


# ------------------------------------------------------------------- a single neuron
class NeuronFigure:
    """One step neuron ``w1 x1 + w2 x2 + b > 0`` against the truth tables of the logic gates.

    Left: the input plane, shaded by the neuron's answer (blue 0, orange 1), with the four
    inputs coloured by that answer. Right: the truth table of every gate of
    ``lecture_lib.algorithms.data.LOGIC_GATES`` beside the neuron's column; a gate's entry
    is green where the neuron agrees and red where it does not, and a gate the neuron
    gets right on all four rows is named in the caption.

    Parameters
    ----------
    animated : bool
        True for a live figure (``lecture_lib.widgets``), False for a static one.
    """

    def __init__(self, animated: bool = True) -> None:
        self.figure, (ax, table_ax) = plt.subplots(
            1, 2, figsize=(7.6, 3.6), dpi=80, layout="constrained", gridspec_kw={"width_ratios": [1, 1.15]}
        )
        self.boundary = DecisionBoundary(ax, extent=INPUT_EXTENT, resolution=120, animated=animated)
        self.palette = np.array(CLASS_COLORS[:2])
        self.points = ax.scatter(CORNERS[:, 0], CORNERS[:, 1], s=150, c=self.palette[[0, 0, 0, 0]],
                                 edgecolors="0.1", linewidths=1, zorder=3, animated=animated)
        ax.set(xlabel="$x_1$", ylabel="$x_2$", xticks=[0, 1], yticks=[0, 1])
        ax.set_title("the neuron's answer (orange 1, blue 0)", fontsize=10)

        # The table: one row per input, the neuron's column, then one column per gate. The
        # cell colours are a translucent image laid over the entries, not under them: what
        # lies over an animated artist is redrawn on every move, and text is slow to draw.
        gates = data.LOGIC_GATES
        self.targets = np.array([data.logic_gate(gate)[1] for gate in gates]).T  # (4 rows, gates)
        self.cell_colours = table_ax.imshow(np.ones((4, len(gates), 3)), extent=(2.5, 2.5 + len(gates), 3.5, -0.5),
                                            interpolation="nearest", alpha=0.55, animated=animated, zorder=3)
        headings = ["$x_1$", "$x_2$", "neuron", *[gate.upper() for gate in gates]]
        columns = [CORNERS[:, 0].astype(int), CORNERS[:, 1].astype(int), None, *self.targets.T]
        for column, (heading, entries) in enumerate(zip(headings, columns, strict=True)):
            table_ax.text(column, -0.85, heading, ha="center", va="bottom", fontsize=10, zorder=2)
            for row, entry in enumerate(entries if entries is not None else []):
                table_ax.text(column, row, str(entry), ha="center", va="center", fontsize=11, zorder=2)
        self.neuron_column = [table_ax.text(2, row, "", ha="center", va="center", fontsize=11, weight="bold",
                                            animated=animated) for row in range(4)]
        table_ax.set(xlim=(-0.5, 2.5 + len(gates)), ylim=(4.6, -1.3))
        table_ax.set_axis_off()
        self.caption = table_ax.text(0.5, 0.0, "", transform=table_ax.transAxes, ha="center", va="bottom",
                                     fontsize=10, animated=animated)

    def show(self, w1: float, w2: float, b: float) -> None:
        """Draw the neuron with weights ``w1, w2`` and bias ``b``, finite numbers."""
        weights = np.array([checks.number("w1", w1), checks.number("w2", w2)])
        b = checks.number("b", b)
        self.boundary.update(lambda X: X @ weights + b)
        answers = perceptron_predict(CORNERS, weights, b)
        self.points.set_facecolors(self.palette[answers])
        agree = self.targets == answers[:, None]
        self.cell_colours.set_data(np.where(agree[..., None], _AGREE_RGB, _DISAGREE_RGB))
        for text, answer in zip(self.neuron_column, answers, strict=True):
            text.set_text(str(answer))
        computed = [gate.upper() for gate in gates_computed(weights, b)]
        rule = f"output 1 where {w1:.1f}·x1 {_signed(w2)}·x2 {_signed(b)} > 0"
        self.caption.set_text(f"{rule}\ncomputes {' and '.join(computed) if computed else 'none of these gates'}")


_AGREE_RGB = np.array([0.55, 0.85, 0.55])
_DISAGREE_RGB = np.array([0.97, 0.55, 0.50])


# ----------------------------------------------------------------- a 2-2-1 network
class XorNetworkFigure:
    """Input space and hidden space of a 2-2-1 network, side by side, redrawn by ``show``.

    Left: the inputs, the two hidden units' lines (where h1 = 0.5 and h2 = 0.5) and the
    network's output regions. Right: the same four points mapped to (h1, h2) and the output
    unit's line there.

    Parameters
    ----------
    animated : bool
        True for a live figure (``lecture_lib.widgets``), False for a static one.
    """

    def __init__(self, animated: bool = True) -> None:
        self.figure, (self.input_ax, self.hidden_ax) = plt.subplots(1, 2, figsize=(8.8, 4.2), dpi=80,
                                                                           layout="constrained")
        self.input_regions = DecisionBoundary(self.input_ax, extent=INPUT_EXTENT, resolution=120, animated=animated)
        self.hidden_regions = DecisionBoundary(self.hidden_ax, extent=HIDDEN_EXTENT, resolution=120,
                                               animated=animated)
        _, targets = data.logic_gate("xor")
        self.targets = targets
        colors = np.array(CLASS_COLORS[:2])[targets]
        self.unit_lines = [
            self.input_ax.plot([], [], color=color, linestyle="--", linewidth=1.5, animated=animated, zorder=2,
                               label=label)[0]
            for color, label in (("#762a83", "$h_1 = 0.5$"), ("#5aae61", "$h_2 = 0.5$"))
        ]
        self.input_points = self.input_ax.scatter(CORNERS[:, 0], CORNERS[:, 1], s=150, c=colors, linewidths=3,
                                                  zorder=3, animated=animated)
        # The texts inside the axes are clipped to them: then only what lies over the axes is
        # redrawn with the animated artists on every move (the legend under the axes is not).
        self.input_marks = [self.input_ax.text(x + 0.09, y + 0.09, "", fontsize=14, zorder=4, animated=animated,
                                               clip_on=True) for x, y in CORNERS]
        self.hidden_points = self.hidden_ax.scatter(CORNERS[:, 0], CORNERS[:, 1], s=150, c=colors,
                                                    edgecolors="0.1", zorder=3, animated=animated)
        self.hidden_labels = [
            self.hidden_ax.text(0, 0, f"x=({x:.0f},{y:.0f})", fontsize=9, zorder=4, animated=animated, clip_on=True)
            for x, y in CORNERS
        ]
        self.caption = self.input_ax.text(0.02, 0.98, "", transform=self.input_ax.transAxes, va="top", fontsize=9,
                                          zorder=4, animated=animated, clip_on=True,
                                          bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"})
        # Under the axes, not over the regions: an artist over an animated one is redrawn on every move (3 ms).
        self.input_ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2, fontsize=9, frameon=False)
        self.input_ax.set(xlabel="$x_1$", ylabel="$x_2$", xticks=[0, 1], yticks=[0, 1], title="input space")
        self.hidden_ax.set(xlabel="$h_1$", ylabel="$h_2$", xticks=[0, 1], yticks=[0, 1], title="hidden space")

    def show(self, model: nn.MLP) -> None:
        """Draw ``model`` (a 2-2-1 ``MLP``): its regions, hidden lines and hidden points."""
        if checks.instance("model", model, nn.MLP).sizes != (2, 2, 1):
            raise ValueError(f"model must be a 2-2-1 network, got {model!r}")
        first, second = model.layers
        self.input_regions.update(lambda X: model(X).data[:, 0] - 0.5)
        self.hidden_regions.update(lambda H: H @ second.weight.data[:, 0] + second.bias.data[0])
        for unit, line in enumerate(self.unit_lines):
            line.set_data(*line_in_box(first.weight.data[:, unit], first.bias.data[unit], INPUT_EXTENT))
        hidden = last_hidden_activations(model, CORNERS)
        self.hidden_points.set_offsets(hidden)
        _label_points(self.hidden_labels, hidden, [f"x=({x:.0f},{y:.0f})" for x, y in CORNERS])
        correct = nn.predict(model, CORNERS) == self.targets
        _mark_points(self.input_points, self.input_marks, correct)
        self.caption.set_text(f"XOR: {int(correct.sum())} of 4 right")


def xor_network_figure(model: nn.MLP) -> Figure:
    """A static input-space / hidden-space figure of a 2-2-1 ``MLP`` (hand-set or trained)."""
    view = XorNetworkFigure(animated=False)
    view.show(model)
    return view.figure


def perceptron_errors_figure(runs: dict[str, PerceptronRun]) -> Figure:
    """Mistakes per epoch of the perceptron rule, one line per gate, the detected cycle shaded.

    Parameters
    ----------
    runs : dict of str to PerceptronRun
        Gate name to its run.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig, ax = plt.subplots(figsize=(6, 3), layout="constrained")
    for (name, run), marker in zip(runs.items(), "os^v", strict=False):
        epochs = np.arange(1, len(run.errors_per_epoch) + 1)
        ax.plot(epochs, run.errors_per_epoch, marker=marker, label=name)
        if run.cycle_start is not None:
            ax.axvspan(run.cycle_start + 0.5, run.cycle_start + run.cycle_length + 0.5, color="0.85", zorder=0)
            ax.annotate(f"{name} cycles: epoch {run.cycle_start + run.cycle_length + 1} starts"
                        f" like epoch {run.cycle_start + 1}",
                        (run.cycle_start + 1, run.errors_per_epoch[run.cycle_start]),
                        xytext=(0, 12), textcoords="offset points", fontsize=9)
    ax.set(xlabel="epoch", ylabel="mistakes in the epoch", ylim=(-0.3, 5.2))
    ax.legend(fontsize=9)
    return fig


# ----------------------------------------------------------------- activation functions
ACTIVATION_FORMULAS = {
    "sigmoid": (r"$\sigma(z) = 1/(1+e^{-z})$", r"$\sigma'(z) = \sigma(z)\,(1-\sigma(z))$"),
    "tanh": (r"$\tanh(z)$", r"$\tanh'(z) = 1-\tanh^2(z)$"),
    "relu": (r"$\mathrm{ReLU}(z) = \max(0, z)$", r"$\mathrm{ReLU}'(z) = [z > 0]$"),
}


def activation_figure(z_range: tuple[float, float] = (-4.0, 4.0)) -> Figure:
    """Sigmoid, tanh and ReLU side by side, each with its derivative as the engine computes it.

    The ReLU's derivative jumps from 0 to 1 at z = 0; it is drawn as two pieces, with a dot
    at the value the engine uses there (0), not as a vertical line.

    Parameters
    ----------
    z_range : (float, float)
        The interval of pre-activations shown (it must contain 0).

    Returns
    -------
    matplotlib.figure.Figure
    """
    low, high = checks.interval("z_range", z_range)
    if not low < 0 < high:
        raise ValueError(f"z_range must contain 0, got {z_range!r}")
    z = np.unique(np.concatenate([np.linspace(low, high, 401), [0.0]]))
    fig, axes = plt.subplots(1, 3, figsize=(8.6, 3.3), dpi=80, sharex=True, layout="constrained")
    for ax, (name, (formula, derivative_formula)) in zip(axes, ACTIVATION_FORMULAS.items(), strict=True):
        values, derivative = activation_and_derivative(name, z)
        ax.plot(z, values, color=CLASS_COLORS[0], label=formula)
        if name == "relu":
            ax.plot(z[z < 0], derivative[z < 0], color=CLASS_COLORS[1], linestyle="--", label=derivative_formula)
            ax.plot(z[z > 0], derivative[z > 0], color=CLASS_COLORS[1], linestyle="--")
            ax.plot([0], derivative[z == 0], "o", color=CLASS_COLORS[1], markersize=4)
        else:
            ax.plot(z, derivative, color=CLASS_COLORS[1], linestyle="--", label=derivative_formula)
        ax.axhline(0, color="0.6", linewidth=0.6)
        ax.axvline(0, color="0.6", linewidth=0.6)
        ax.set_title(name, fontsize=10)
        ax.set_xlabel("$z$")
        ax.legend(loc="upper left", fontsize=9, frameon=False, handlelength=1.5)
    axes[0].set_ylim(-0.1, 1.45)
    axes[1].set_ylim(-1.1, 1.75)
    axes[2].set_ylim(-0.3, high * 1.3)
    return fig

"""The figures of chapter 04: descent on a loss surface, and a network trained with hand-written gradients.

``DescentFigure.show`` runs ``lecture_lib.algorithms.descent.gradient_descent`` and draws the
path (stopped at the edge, with the word "diverged", when a step leaves the plotted
square) and the loss after every step on a logarithmic scale.

``TrainingFigure.show`` reads precomputed runs of ``lecture_lib.algorithms.hand_training``
and draws, at one epoch of one run, the network's regions over the input plane with its
hidden units' lines (as chapter 02 drew them for the hand-set network) and the loss curve
up to that epoch.

Used in chapter 04_gradient_descent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import matplotlib.pyplot as plt
import numpy as np

from lecture_lib.algorithms.descent import DEFAULT_BOUNDS, Loss2D, elongated_bowl, gradient_descent
from lecture_lib.algorithms.hand_training import Parameters, TrainingRun
from lecture_lib.engine import checks
from lecture_lib.engine.autograd import Tensor
from lecture_lib.figures.neuron_and_xor import RIGHT_COLOR, WRONG_COLOR, line_in_box
from lecture_lib.figures.plotting import CLASS_COLORS, DecisionBoundary

INPUT_EXTENT = (-0.5, 1.5, -0.5, 1.5)
# The hidden units' lines in chapter 02's colours (h1 purple, h2 green), then more.
UNIT_COLORS = ("#762a83", "#5aae61", "#e08214", "#4393c3")


class DescentFigure:
    """Contours of ``loss`` with a descent path (left) and the loss per step (right), redrawn by ``show``.

    Parameters
    ----------
    loss : callable, optional
        ``loss(theta1, theta2) -> Tensor``, evaluated elementwise.
    max_steps : int, optional
        The longest path the loss panel has room for, >= 1.
    animated : bool
        True for a live figure (``lecture_lib.widgets``), False for a static one.
    """

    def __init__(self, loss: Loss2D = elongated_bowl, max_steps: int = 50, animated: bool = True) -> None:
        self.loss = loss
        max_steps = checks.integer("max_steps", max_steps, minimum=1)
        (low1, high1), (low2, high2) = DEFAULT_BOUNDS
        grid1, grid2 = np.meshgrid(np.linspace(low1, high1, 161), np.linspace(low2, high2, 161))
        surface = loss(Tensor(grid1), Tensor(grid2)).data
        self.figure, (ax_surface, ax_loss) = plt.subplots(1, 2, figsize=(7.6, 3.5), width_ratios=(1.0, 0.9))

        # The background, drawn once: contours of J at log-spaced levels, axes and labels.
        levels = np.geomspace(max(surface.min(), 1e-2), surface.max(), 10)
        ax_surface.contour(grid1, grid2, surface, levels=levels, colors="0.55", linewidths=0.7)
        ax_surface.plot(0, 0, marker="*", color="black", markersize=10)
        ax_surface.set(xlim=(low1, high1), ylim=(low2, high2), xlabel=r"$\theta_1$", ylabel=r"$\theta_2$",
                       aspect="equal")
        ax_loss.set(xlim=(-1, max_steps + 1), ylim=(1e-6, 10 ** np.ceil(np.log10(surface.max()))), yscale="log",
                    xlabel="step", ylabel=r"$J(\theta)$")

        # The moving parts, redrawn on every change.
        style = {"color": "#c62828", "animated": animated}
        (self.path_line,) = ax_surface.plot([], [], "o-", markersize=3, linewidth=1.2, **style)
        (self.exit_line,) = ax_surface.plot([], [], "--", linewidth=1.2, **style)
        (self.start_marker,) = ax_surface.plot([], [], "s", color="black", markersize=6, animated=animated)
        (self.loss_line,) = ax_loss.plot([], [], "o-", markersize=2.5, linewidth=1.0, **style)
        box = {"fc": "white", "ec": "0.7", "alpha": 0.9}
        self.title = ax_surface.text(0.02, 0.98, "", transform=ax_surface.transAxes, va="top", fontsize=9,
                                     bbox=box, animated=animated)
        self.status = ax_loss.text(0.97, 0.97, "", transform=ax_loss.transAxes, ha="right", va="top", fontsize=9,
                                   bbox=box, animated=animated)
        self.figure.tight_layout()

    def show(self, rate: float, start: tuple[float, float], steps: int) -> None:
        """Run ``steps`` steps of learning rate ``rate`` from the point ``start`` and draw them."""
        path = gradient_descent(self.loss, start, rate, steps)
        self.path_line.set_data(path.points[:, 0], path.points[:, 1])
        self.start_marker.set_data([start[0]], [start[1]])
        if path.left_region:
            last, exit_point = path.points[-1], path.exit_point
            self.exit_line.set_data([last[0], exit_point[0]], [last[1], exit_point[1]])
            message = f"diverged: step {path.steps_taken + 1} left\nthe plotted region, path stopped"
        else:
            self.exit_line.set_data([], [])
            message = f"after {path.steps_taken} steps\nJ = {path.losses[-1]:.2e}"
        self.loss_line.set_data(np.arange(len(path.losses)), np.maximum(path.losses, 1e-12))
        self.title.set_text(rf"$\alpha$ = {rate:.3g}")
        self.status.set_text(message)


def unit_notes(X: np.ndarray, lines: np.ndarray, flat: float = 0.01) -> list[str]:
    """What is wrong with each sigmoid hidden unit that cannot help any more, one note per unit.

    A unit is *saturated* when its slope sigma'(a) is below ``flat`` at every training
    point (so almost no gradient passes back through it), and *the same at every point*
    when its output varies by less than ``flat`` across them (its line is of no use).

    Parameters
    ----------
    X : numpy.ndarray
        The training points, shape (n, 2).
    lines : numpy.ndarray
        Shape (k, 3): each unit's ``(w1, w2, b)``, its input being ``a = w1 x1 + w2 x2 + b``.
    flat : float, optional
        The threshold of both tests.

    Returns
    -------
    list of str
        E.g. ``["h1 saturated: \u03c3\u2032 < 0.01 at every point"]``; empty when every unit is of use.
    """
    outputs = 0.5 * (1.0 + np.tanh((X @ lines[:, :2].T + lines[:, 2]) / 2))  # sigmoid, without overflow
    slopes = outputs * (1.0 - outputs)
    notes = []
    for unit in range(lines.shape[0]):
        if slopes[:, unit].max() < flat:
            notes.append(f"h{unit + 1} saturated: \u03c3\u2032 < {flat:g} at every point")
        elif np.ptp(outputs[:, unit]) < flat:
            notes.append(f"h{unit + 1} the same at every point")
    return notes


class TrainingFigure:
    """A two-input network at one epoch of a training run: its regions (left), its loss so far (right).

    Parameters
    ----------
    runs : mapping of float to TrainingRun
        The precomputed runs, by learning rate; all of the same length.
    predict : callable
        ``predict(parameters, points) -> outputs``: the network's output (n,) at points (n, 2).
    hidden_lines : callable
        ``hidden_lines(parameters) -> (k, 3)``: for each hidden unit the coefficients
        ``(w1, w2, b)`` of its line ``w1 x1 + w2 x2 + b = 0``, where its sigmoid is 1/2.
    X : numpy.ndarray
        The training points, shape (n, 2).
    y : numpy.ndarray
        Their classes, 0 or 1, shape (n,): class 1 is predicted where the output exceeds
        ``threshold``.
    threshold : float, optional
        The output level between the two classes.
    levels : mapping of str to float, optional
        Named losses drawn as dotted lines on the loss panel (the loss of a constant
        prediction, say).
    animated : bool
        True for a live figure (``lecture_lib.widgets``), False for a static one.
    """

    def __init__(
        self,
        runs: Mapping[float, TrainingRun],
        predict: Callable[[Parameters, np.ndarray], np.ndarray],
        hidden_lines: Callable[[Parameters], np.ndarray],
        X: np.ndarray,
        y: np.ndarray,
        threshold: float = 0.5,
        levels: Mapping[str, float] | None = None,
        animated: bool = True,
    ) -> None:
        if not runs or not all(isinstance(run, TrainingRun) for run in runs.values()):
            raise ValueError("runs must map learning rates to TrainingRun results, at least one")
        if len({run.steps for run in runs.values()}) != 1:
            raise ValueError(f"every run must have the same number of steps, got {[r.steps for r in runs.values()]}")
        self.X = checks.real_array("X", X, ndim=2, dtype=np.float64)
        if self.X.shape[1] != 2:
            raise ValueError(f"X must have shape (n, 2), got {self.X.shape}")
        self.y = checks.class_labels("y", y, n=len(self.X), classes=2)
        self.runs, self.threshold = dict(runs), checks.number("threshold", threshold)
        self.predict = checks.function("predict", predict)
        self.hidden_lines = checks.function("hidden_lines", hidden_lines)
        steps = next(iter(self.runs.values())).steps
        units = len(hidden_lines(next(iter(self.runs.values())).parameters(0)))
        self.figure, (ax_input, ax_loss) = plt.subplots(1, 2, figsize=(8.4, 3.6), dpi=80, width_ratios=(1.0, 1.15),
                                                        layout="constrained")

        # Left: regions and boundary (animated), the hidden units' lines, the points with a mark each.
        self.regions = DecisionBoundary(ax_input, extent=INPUT_EXTENT, resolution=100, animated=animated)
        self.unit_lines = [
            ax_input.plot([], [], color=UNIT_COLORS[k % len(UNIT_COLORS)], linestyle="--", linewidth=1.5,
                          animated=animated, zorder=2, label=f"$h_{k + 1} = 0.5$")[0]
            for k in range(units)
        ]
        self.points = ax_input.scatter(self.X[:, 0], self.X[:, 1], s=110, c=np.array(CLASS_COLORS[:2])[self.y],
                                       linewidths=2.5, zorder=3, animated=animated)
        self.marks = [ax_input.text(x + 0.08, y + 0.08, "", fontsize=13, zorder=4, animated=animated, clip_on=True)
                      for x, y in self.X]
        box = {"facecolor": "white", "alpha": 0.85, "edgecolor": "none"}
        self.caption = ax_input.text(0.02, 0.98, "", transform=ax_input.transAxes, va="top", fontsize=9.5, zorder=5,
                                     bbox=box, animated=animated, clip_on=True)
        # Under the axes, not over the regions: with the texts clipped to the axes, it is not
        # redrawn with the animated artists on every move (3 ms).
        ax_input.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14), ncols=2, fontsize=9, frameon=False)
        ax_input.set(xlabel="$x_1$", ylabel="$x_2$", xticks=[0, 1], yticks=[0, 1], aspect="equal")

        # Right: the whole run faint, the part up to the epoch strong, a dot at the epoch.
        every_loss = np.concatenate([run.losses for run in self.runs.values()])
        ax_loss.set(xlim=(-0.02 * steps, 1.02 * steps), yscale="log", xlabel="epoch", ylabel="loss $J$",
                    ylim=(max(every_loss.min() / 2, 1e-8), every_loss.max() * 2))
        for name, level in (levels or {}).items():
            ax_loss.axhline(level, color="0.4", linestyle=":", linewidth=1.0)
            ax_loss.text(steps, level / 1.15, name, ha="right", va="top", fontsize=9, color="0.3")
        style = {"color": "#c62828", "animated": animated}
        (self.future_line,) = ax_loss.plot([], [], linewidth=1.0, alpha=0.3, **style)
        (self.past_line,) = ax_loss.plot([], [], linewidth=1.8, **style)
        (self.now_marker,) = ax_loss.plot([], [], "o", markersize=6, **style)
        self.status = ax_loss.text(0.97, 0.97, "", transform=ax_loss.transAxes, ha="right", va="top", fontsize=9.5,
                                   bbox=box, animated=animated)
        # The units that can no longer help, in the corner no loss curve reaches (early epochs, low loss).
        self.notes = ax_loss.text(0.03, 0.03, "", transform=ax_loss.transAxes, ha="left", va="bottom", fontsize=9.5,
                                  color=WRONG_COLOR, animated=animated)

    def show(self, rate: float, epoch: int) -> None:
        """Draw the run of learning rate ``rate`` after ``epoch`` updates."""
        if rate not in self.runs:
            raise ValueError(f"no run with learning rate {rate!r}; the runs have {sorted(self.runs)}")
        run = self.runs[rate]
        parameters = run.parameters(epoch)
        self.regions.show(self.predict(parameters, self.regions.points) - self.threshold)
        lines = np.asarray(self.hidden_lines(parameters), dtype=np.float64)
        for line, (w1, w2, b) in zip(self.unit_lines, lines, strict=True):
            line.set_data(*line_in_box((w1, w2), b, INPUT_EXTENT))
        correct = (self.predict(parameters, self.X) > self.threshold).astype(int) == self.y
        self.points.set_edgecolors([RIGHT_COLOR if ok else WRONG_COLOR for ok in correct])
        for mark, ok in zip(self.marks, correct, strict=True):
            mark.set_text("\u2713" if ok else "\u2717")
            mark.set_color(RIGHT_COLOR if ok else WRONG_COLOR)
        self.caption.set_text(f"\u03b1 = {rate:g}, epoch {epoch}: {int(correct.sum())} of {len(correct)} right")
        self.notes.set_text("\n".join(unit_notes(self.X, lines)))
        epochs = np.arange(run.steps + 1)
        self.future_line.set_data(epochs, run.losses)
        self.past_line.set_data(epochs[: epoch + 1], run.losses[: epoch + 1])
        self.now_marker.set_data([epoch], [run.losses[epoch]])
        self.status.set_text(f"J = {run.losses[epoch]:.3g}")

"""The figure of chapter 04: a loss surface's contours, a descent path on it, and its loss curve.

``DescentFigure.show`` runs ``lecture_lib.algorithms.descent.gradient_descent`` and draws the
path (stopped at the edge, with the word "diverged", when a step leaves the plotted
square) and the loss after every step on a logarithmic scale.

Used in chapter 04_gradient_descent.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from lecture_lib.algorithms.descent import DEFAULT_BOUNDS, Loss2D, elongated_bowl, gradient_descent
from lecture_lib.engine.autograd import Tensor


class DescentFigure:
    """Contours of ``loss`` with a descent path (left) and the loss per step (right), redrawn by ``show``.

    Parameters
    ----------
    loss : callable, optional
        ``loss(theta1, theta2) -> Tensor``, evaluated elementwise.
    max_steps : int, optional
        The longest path the loss panel has room for.
    animated : bool
        True for a live figure (``lecture_lib.widgets``), False for a static one.
    """

    def __init__(self, loss: Loss2D = elongated_bowl, max_steps: int = 50, animated: bool = True) -> None:
        self.loss = loss
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
        path = gradient_descent(self.loss, start, rate, int(steps))
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

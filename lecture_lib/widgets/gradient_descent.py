"""The live figure of chapter 04_gradient_descent: learning rate, start point and steps of gradient descent.

The figure is ``lecture_lib.figures.gradient_descent.DescentFigure``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from lecture_lib.algorithms.descent import Loss2D, elongated_bowl
from lecture_lib.figures.gradient_descent import DescentFigure
from lecture_lib.widgets.controls import Dropdown, Slider
from lecture_lib.widgets.interactive import InteractiveFigure, interactive


def descent_widget(
    rates: Sequence[float],
    starts: Sequence[tuple[float, float]],
    steps: Sequence[int],
    loss: Loss2D = elongated_bowl,
    presets: Mapping[str, Mapping[str, Any]] | None = None,
) -> InteractiveFigure:
    """A learning-rate slider, a start-point drop-down and a steps slider over a loss surface.

    Parameters
    ----------
    rates : sequence of float
        The learning rates offered, increasing (log-spaced, with the ones either side of
        where descent starts to diverge); the slider starts at the middle one.
    starts : sequence of (float, float)
        The start points offered; the first is the initial one.
    steps : sequence of int
        The numbers of steps offered, increasing; the slider starts at the largest.
    loss : callable, optional
        ``loss(theta1, theta2) -> Tensor`` evaluated elementwise.
    presets : mapping of str to mapping, optional
        Named settings of ``rate``, ``start`` and ``steps``.

    Returns
    -------
    InteractiveFigure
    """
    view = DescentFigure(loss, max(steps), animated=True)
    controls = {
        "rate": Slider(values=rates, value=rates[len(rates) // 2], description="learning rate \u03b1"),
        "start": Dropdown([(f"({a:g}, {b:g})", (a, b)) for a, b in starts],
                          description="start (\u03b8\u2081, \u03b8\u2082)"),
        "steps": Slider(values=steps, value=steps[-1], description="steps"),
    }
    return interactive(view.show, controls, view.figure, presets=presets)

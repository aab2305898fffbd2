"""The live figure of chapter 04_gradient_descent: learning rate, start point and steps of gradient descent.

The figure is ``lecture_lib.figures.gradient_descent.DescentFigure``.
"""

from __future__ import annotations

from lecture_lib.algorithms.descent import Loss2D, elongated_bowl
from lecture_lib.figures.gradient_descent import DescentFigure
from lecture_lib.widgets.controls import Slider
from lecture_lib.widgets.interactive import InteractiveFigure, interactive


def descent_widget(loss: Loss2D = elongated_bowl, max_steps: int = 50) -> InteractiveFigure:
    """Sliders: log10 of the learning rate (alpha from 0.001 to 1), the start point and the number of steps.

    Parameters
    ----------
    loss : callable, optional
        ``loss(theta1, theta2) -> Tensor`` evaluated elementwise.
    max_steps : int, optional
        The largest number of steps on the slider.

    Returns
    -------
    InteractiveFigure
    """
    view = DescentFigure(loss, max_steps, animated=True)
    controls = {
        "log10_rate": Slider(-3.0, 0.0, 0.1, value=-1.3, description="log10 learning rate"),
        "start1": Slider(-3.5, 3.5, 0.5, value=-3.5, description="start \u03b81"),
        "start2": Slider(-3.5, 3.5, 0.5, value=3.0, description="start \u03b82"),
        "steps": Slider(0, max_steps, 1, value=20, description="steps"),
    }
    return interactive(view.show, controls, view.figure, static_frames=81)

"""The live figures of chapter 04_gradient_descent: descent on a loss surface, and a network's training runs.

The figures are ``lecture_lib.figures.gradient_descent.DescentFigure`` (learning rate, start
point and steps, computed on every move) and ``TrainingFigure`` (learning rate and epoch of
runs trained beforehand, so that a move only draws).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from lecture_lib.algorithms.descent import Loss2D, elongated_bowl
from lecture_lib.algorithms.hand_training import Parameters, TrainingRun
from lecture_lib.engine import checks
from lecture_lib.figures.gradient_descent import DescentFigure, TrainingFigure
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
    rates = checks.real_array("rates", rates, ndim=1).tolist()
    steps = list(checks.integers("steps", steps, minimum=0))
    points = checks.real_array("starts", starts, ndim=2)
    if points.shape[1:] != (2,) or len(points) == 0:
        raise ValueError(f"starts must be a list of points (theta1, theta2), got shape {points.shape}")
    controls = {
        "rate": Slider(values=rates, value=rates[len(rates) // 2] if rates else None,
                       description="learning rate \u03b1"),
        "start": Dropdown([(f"({a:g}, {b:g})", (a, b)) for a, b in points.tolist()],
                          description="start (\u03b8\u2081, \u03b8\u2082)"),
        "steps": Slider(values=steps, value=steps[-1] if steps else None, description="steps"),
    }
    view = DescentFigure(loss, max(steps), animated=True)
    return interactive(view.show, controls, view.figure, presets=presets)


def training_widget(
    runs: Mapping[float, TrainingRun],
    predict: Callable[[Parameters, np.ndarray], np.ndarray],
    hidden_lines: Callable[[Parameters], np.ndarray],
    X: np.ndarray,
    y: np.ndarray,
    epochs: Sequence[int],
    rate: float,
    levels: Mapping[str, float] | None = None,
    presets: Mapping[str, Mapping[str, Any]] | None = None,
) -> InteractiveFigure:
    """A learning-rate slider over precomputed training runs and an epoch slider through each.

    Parameters
    ----------
    runs : mapping of float to TrainingRun
        One run per learning rate, all of the same length (``train_by_hand``).
    predict, hidden_lines, X, y, levels :
        As in ``lecture_lib.figures.gradient_descent.TrainingFigure``.
    epochs : sequence of int
        The epochs offered, increasing, each at most the runs' length; the slider starts at
        the last.
    rate : float
        The learning rate shown first (one of ``runs``).
    presets : mapping of str to mapping, optional
        Named settings of ``rate`` and ``epoch``.

    Returns
    -------
    InteractiveFigure
    """
    epochs = checks.integers("epochs", epochs, minimum=0)
    view = TrainingFigure(runs, predict, hidden_lines, X, y, levels=levels, animated=True)
    longest = next(iter(view.runs.values())).steps
    if not epochs or any(not 0 <= epoch <= longest for epoch in epochs):
        raise ValueError(f"epochs must be a non-empty list of epochs in [0, {longest}], got {list(epochs)!r}")
    if rate not in view.runs:
        raise ValueError(f"rate must be one of the runs' learning rates {sorted(view.runs)}, got {rate!r}")
    controls = {
        "rate": Slider(values=sorted(view.runs), value=rate, description="learning rate \u03b1"),
        "epoch": Slider(values=list(epochs), value=epochs[-1], description="epoch"),
    }
    return interactive(view.show, controls, view.figure, presets=presets)

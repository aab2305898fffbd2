"""Gradient descent on a two-parameter loss surface.

The update is theta <- theta - alpha * grad J(theta), with the gradient computed by the
engine (``lecture_lib.engine.autograd``). A path that leaves the plotted region is stopped there
instead of being followed to infinity: a learning rate that is too large makes the
iterates grow geometrically, and following them would only produce overflow.

Used in chapter 04_gradient_descent.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from lecture_lib.engine import checks
from lecture_lib.engine.autograd import Tensor

Loss2D = Callable[[Tensor, Tensor], Tensor]

# The curvatures of ``elongated_bowl`` along theta1 and theta2: its Hessian is diag(1, 10).
BOWL_CURVATURES = (1.0, 10.0)
DEFAULT_BOUNDS = ((-4.0, 4.0), (-4.0, 4.0))


def elongated_bowl(theta1: Tensor, theta2: Tensor) -> Tensor:
    """J(theta) = (1 theta1^2 + 10 theta2^2) / 2: a valley ten times steeper across than along.

    Works elementwise, so the same function evaluates one point (for descent) or a grid
    (for the contour plot).

    Parameters
    ----------
    theta1, theta2 : Tensor
        The two parameters (any matching shapes).

    Returns
    -------
    Tensor
        The loss, same shape as the inputs.
    """
    along, across = BOWL_CURVATURES
    return 0.5 * (along * theta1**2 + across * theta2**2)


@dataclass
class DescentPath:
    """The iterates of one run of gradient descent.

    Attributes
    ----------
    points : numpy.ndarray
        Shape (k + 1, 2): the start and every iterate that stayed inside the bounds.
    losses : numpy.ndarray
        Shape (k + 1,): the loss at each of ``points``.
    exit_point : numpy.ndarray or None
        Where the step that left the bounds crossed their edge, or ``None`` if no step left.
    """

    points: np.ndarray
    losses: np.ndarray
    exit_point: np.ndarray | None

    @property
    def left_region(self) -> bool:
        """True if the run was stopped because a step left the bounds."""
        return self.exit_point is not None

    @property
    def steps_taken(self) -> int:
        return len(self.points) - 1


def loss_and_gradient(loss: Loss2D, theta: np.ndarray) -> tuple[float, np.ndarray]:
    """J(theta) and its gradient, from the engine's backward pass.

    Parameters
    ----------
    loss : callable
        ``loss(theta1, theta2) -> Tensor`` (a scalar here).
    theta : numpy.ndarray
        Shape (2,), finite.

    Returns
    -------
    (float, numpy.ndarray)
        The loss and the gradient, shape (2,).
    """
    theta = checks.real_array("theta", theta, shape=(2,))
    theta1, theta2 = Tensor(theta[0], requires_grad=True), Tensor(theta[1], requires_grad=True)
    value = checks.tensor("loss", checks.function("loss", loss)(theta1, theta2))
    value.backward()
    return value.item(), np.array([theta1.grad, theta2.grad], dtype=np.float64).reshape(2)


def _exit_point(inside: np.ndarray, outside: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Where the segment from ``inside`` to ``outside`` crosses the edge of the box ``bounds``."""
    direction = outside - inside
    fractions = []
    for axis in range(2):
        low, high = bounds[axis]
        crossed = low if outside[axis] < low else high if outside[axis] > high else None
        if crossed is not None:
            # inside lies within [low, high] and outside beyond ``crossed``: the fraction is in [0, 1]
            fractions.append((crossed - inside[axis]) / direction[axis])
    return inside + min(fractions) * direction


def gradient_descent(
    loss: Loss2D,
    start: Sequence[float],
    learning_rate: float,
    steps: int,
    bounds: Sequence[Sequence[float]] = DEFAULT_BOUNDS,
) -> DescentPath:
    """Run theta <- theta - learning_rate * grad J(theta) from ``start``.

    Parameters
    ----------
    loss : callable
        ``loss(theta1, theta2) -> Tensor``, e.g. ``elongated_bowl``.
    start : sequence of two floats
        The initial point; it must lie inside ``bounds``.
    learning_rate : float
        The step size alpha (> 0).
    steps : int
        The number of updates (>= 0).
    bounds : ((low1, high1), (low2, high2)), optional
        The region followed (the plotted one). The run stops at the first step that
        leaves it, and records where that step crossed the edge.

    Returns
    -------
    DescentPath

    Raises
    ------
    ValueError
        If the loss or its gradient is not finite at a point of the path (the loss
        function is undefined there): the message names the step and the point.
    """
    if isinstance(bounds, str) or not isinstance(bounds, Sequence | np.ndarray) or len(bounds) != 2:
        raise ValueError(f"bounds must be ((low1, high1), (low2, high2)), got {bounds!r}")
    box = np.array([checks.interval(f"bounds[{axis}]", bounds[axis]) for axis in range(2)])
    theta = checks.real_array("start", start, shape=(2,), dtype=np.float64)
    if not (np.all(box[:, 0] <= theta) and np.all(theta <= box[:, 1])):
        raise ValueError(f"start {theta.tolist()} lies outside the bounds {box.tolist()}")
    learning_rate = checks.number("learning_rate", learning_rate, above=0)
    steps = checks.integer("steps", steps, minimum=0)

    def evaluate(theta: np.ndarray, step: int) -> tuple[float, np.ndarray]:
        with np.errstate(over="ignore", invalid="ignore"):  # a loss that is not finite is reported just below
            value, gradient = loss_and_gradient(loss, theta)
        if not (np.isfinite(value) and np.isfinite(gradient).all()):
            raise ValueError(f"the loss at step {step}, theta = {theta.tolist()}, is {value} with gradient "
                             f"{gradient.tolist()}: the loss function is not finite there")
        return value, gradient

    points, losses, exit_point = [theta], [], None
    value, gradient = evaluate(theta, 0)
    losses.append(value)
    for step in range(1, steps + 1):
        candidate = theta - learning_rate * gradient
        if not (np.all(box[:, 0] <= candidate) and np.all(candidate <= box[:, 1])):
            exit_point = _exit_point(theta, candidate, box)
            break
        theta = candidate
        value, gradient = evaluate(theta, step)
        points.append(theta)
        losses.append(value)
    return DescentPath(np.array(points), np.array(losses), exit_point)

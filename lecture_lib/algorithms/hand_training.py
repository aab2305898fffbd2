"""Training with gradients written by hand: gradient descent on named arrays, every step checked.

Two different jobs make up one training step, and this loop keeps them apart. The
chapter's ``gradients`` function computes the loss and its gradient with respect to every
parameter (backpropagation, by hand); the loop then changes the parameters,
``theta <- theta - learning_rate * gradient`` (the optimiser's update). Each step's
gradients can be compared with a ``reference`` (the engine's), and every step's parameters
are kept, so that a figure can show the run at any epoch without training again.

Used in chapter 04_gradient_descent.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from lecture_lib.engine import checks
from lecture_lib.engine.gradcheck import relative_error

Parameters = dict[str, np.ndarray]
Gradients = Callable[[Parameters], tuple[float, Parameters]]
Reference = Callable[[Parameters], Parameters]


@dataclass(frozen=True)
class TrainingRun:
    """Every step of one run of ``train_by_hand``.

    Attributes
    ----------
    learning_rate : float
        The step size of the run.
    losses : numpy.ndarray
        Shape (steps + 1,): the loss before each step, then after the last one.
    history : dict of str to numpy.ndarray
        Each parameter at every step: ``history[name][k]`` is its value after ``k`` steps.
    check_errors : numpy.ndarray or None
        Shape (steps + 1,): at each evaluation, the largest relative error (see
        ``lecture_lib.engine.gradcheck.relative_error``) between the hand-written gradients
        and the reference's; ``None`` if the run had no reference.
    """

    learning_rate: float
    losses: np.ndarray
    history: dict[str, np.ndarray]
    check_errors: np.ndarray | None

    @property
    def steps(self) -> int:
        """The number of updates made."""
        return len(self.losses) - 1

    def parameters(self, step: int) -> Parameters:
        """The parameters after ``step`` updates (0: the initial ones)."""
        step = checks.integer("step", step, minimum=0, maximum=self.steps)
        return {name: values[step] for name, values in self.history.items()}


def _checked_gradients(result: object, parameters: Parameters, what: str) -> Parameters:
    """``result`` if it holds one finite gradient shaped like each parameter, else a ValueError."""
    if not isinstance(result, Mapping) or set(result) != set(parameters):
        found = sorted(result) if isinstance(result, Mapping) else type(result).__name__
        raise ValueError(f"{what} must give a gradient for each of {sorted(parameters)}, got {found}")
    gradients = {name: checks.real_array(f"{what}[{name!r}]", result[name], finite=False, dtype=np.float64)
                 for name in parameters}
    for name, gradient in gradients.items():
        if gradient.shape != parameters[name].shape:
            raise ValueError(
                f"{what} gave {name} a gradient of shape {gradient.shape}, the parameter has {parameters[name].shape}"
            )
    return gradients


def train_by_hand(
    gradients: Gradients,
    initial: Mapping[str, np.ndarray],
    learning_rate: float,
    steps: int,
    reference: Reference | None = None,
) -> TrainingRun:
    """Run ``steps`` steps of gradient descent with the gradients ``gradients`` computes.

    Parameters
    ----------
    gradients : callable
        ``gradients(parameters) -> (loss, {name: gradient})``: the chapter's hand-written
        forward and backward pass, one gradient per parameter, shaped like it.
    initial : mapping of str to numpy.ndarray
        The parameters to start from, by name (they are copied, not changed).
    learning_rate : float
        The step size alpha (> 0).
    steps : int
        The number of updates (>= 0).
    reference : callable, optional
        ``reference(parameters) -> {name: gradient}``, e.g. the engine's backward pass;
        compared with ``gradients`` at every step.

    Returns
    -------
    TrainingRun

    Raises
    ------
    ValueError
        For a bad argument, a gradient of the wrong name or shape, or a loss that stops
        being finite (at the start: the initial parameters; later: a learning rate far too
        large), naming the step.
    """
    checks.function("gradients", gradients)
    if reference is not None:
        checks.function("reference", reference)
    if not isinstance(initial, Mapping) or not initial or not all(isinstance(name, str) for name in initial):
        raise ValueError(f"initial must map parameter names to arrays, got {initial!r}")
    parameters = {name: checks.real_array(f"initial[{name!r}]", value, dtype=np.float64).copy()
                  for name, value in initial.items()}
    learning_rate = checks.number("learning_rate", learning_rate, above=0)
    steps = checks.integer("steps", steps, minimum=0)

    history: dict[str, list[np.ndarray]] = {name: [] for name in parameters}
    losses, errors = [], []
    for step in range(steps + 1):
        loss, result = gradients(parameters)
        loss = checks.training_loss(loss, step, "learning_rate", learning_rate)
        gradient = _checked_gradients(result, parameters, "gradients")
        if reference is not None:
            expected = _checked_gradients(reference(parameters), parameters, "reference")
            # np.max, not max(): a NaN error (a gradient that cannot be compared) must not be dropped
            errors.append(float(np.max([relative_error(gradient[name], expected[name]) for name in parameters])))
        losses.append(loss)
        for name, value in parameters.items():
            history[name].append(value)
        if step < steps:
            parameters = {name: value - learning_rate * gradient[name] for name, value in parameters.items()}
    return TrainingRun(
        float(learning_rate),
        np.array(losses),
        {name: np.array(values) for name, values in history.items()},
        np.array(errors) if reference is not None else None,
    )

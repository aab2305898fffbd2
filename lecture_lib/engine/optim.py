"""Gradient descent, the update theta <- theta - lr * dJ/dtheta of chapter 04_gradient_descent."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from lecture_lib.engine import checks
from lecture_lib.engine.autograd import Tensor


class SGD:
    """Stochastic gradient descent with (heavy-ball) momentum, as ``torch.optim.SGD``.

    velocity <- momentum * velocity + grad;  parameter <- parameter - lr * velocity.
    With ``momentum=0`` this is the plain update of chapter 04_gradient_descent.

    Parameters
    ----------
    parameters : iterable of Tensor
        The tensors to update (their ``.grad`` is read, their ``.data`` changed in place).
    lr : float
        Learning rate, a finite number > 0.
    momentum : float, optional
        In [0, 1).
    """

    def __init__(self, parameters: Iterable[Tensor], lr: float, momentum: float = 0.0) -> None:
        if not isinstance(parameters, Iterable):
            raise TypeError(f"parameters must be an iterable of Tensors, got {parameters!r}")
        self.parameters = list(parameters)
        for i, parameter in enumerate(self.parameters):
            if not isinstance(parameter, Tensor):
                raise TypeError(f"parameters[{i}] must be a Tensor, got {type(parameter).__name__}")
        self.lr = checks.number("lr", lr, above=0)
        self.momentum = checks.number("momentum", momentum, minimum=0, below=1)
        self._velocity = [np.zeros_like(p.data) for p in self.parameters]

    def step(self) -> None:
        """Move every parameter one step against its gradient."""
        for parameter, velocity in zip(self.parameters, self._velocity, strict=True):
            velocity *= self.momentum
            velocity += parameter.grad
            parameter.data -= self.lr * velocity

    def zero_grad(self) -> None:
        """Clear the gradients before the next backward pass (they accumulate otherwise)."""
        for parameter in self.parameters:
            parameter.zero_grad()

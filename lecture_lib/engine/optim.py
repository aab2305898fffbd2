"""Gradient descent, the update theta <- theta - lr * dJ/dtheta of chapter 04_gradient_descent."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

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
        Learning rate, > 0.
    momentum : float, optional
        In [0, 1).
    """

    def __init__(self, parameters: Iterable[Tensor], lr: float, momentum: float = 0.0) -> None:
        self.parameters = list(parameters)
        if not lr > 0:
            raise ValueError(f"lr, the learning rate, must be > 0, got {lr}")
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must lie in [0, 1), got {momentum}")
        self.lr = lr
        self.momentum = momentum
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

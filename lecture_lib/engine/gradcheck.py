"""Numerical gradients by central differences, and a check of the engine against them.

Chapters 04_gradient_descent and 05_backpropagation check every hand-derived and every
engine gradient this way; the test suite checks every operation.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from lecture_lib.engine import checks
from lecture_lib.engine.autograd import Tensor


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """Central-difference estimate of df/dx, one element at a time.

    df/dx_i ~ (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), with an error of order eps^2.

    Parameters
    ----------
    f : callable
        Maps an array shaped like ``x`` to a number (or a one-element Tensor).
    x : numpy.ndarray
        The point, finite; it is not modified.
    eps : float, optional
        Step size, > 0.

    Returns
    -------
    numpy.ndarray
        Same shape as ``x``; NaN where ``f`` is not finite around ``x``.
    """
    f = checks.function("f", f)
    x = checks.real_array("x", x, dtype=np.float64).copy()
    eps = checks.number("eps", eps, above=0)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + eps
        above = float(f(x))
        x[index] = original - eps
        below = float(f(x))
        x[index] = original
        grad[index] = (above - below) / (2 * eps)
    return grad


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """Largest elementwise |a - b| / max(1, |a|, |b|): relative for large values,
    absolute below 1 (so that two gradients of ~1e-12 do not count as 100% apart); NaN if
    either holds a NaN (two gradients that cannot be compared do not agree)."""
    a = checks.real_array("a", a, finite=False, dtype=np.float64)
    b = checks.real_array("b", b, finite=False, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare gradients of shapes {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1.0, np.maximum(np.abs(a), np.abs(b)))))


def gradcheck(f: Callable[..., Tensor], *inputs: np.ndarray, eps: float = 1e-6, seed: int = 0) -> float:
    """Compare the engine's gradient of ``f`` with central differences.

    A non-scalar output is first reduced to the number ``sum(output * R)`` with a fixed
    random ``R``, which checks every output element's gradient at once.

    Parameters
    ----------
    f : callable
        Takes one Tensor per input and returns a Tensor computed from them.
    *inputs : numpy.ndarray
        The point at which to compare, finite.
    eps : float, optional
        Central-difference step, > 0.
    seed : int, optional
        Seed of ``R``.

    Returns
    -------
    float
        The largest relative error (see ``relative_error``) over all inputs; NaN if ``f``
        is not finite at or around the point, where gradients cannot be compared.
    """
    arrays = [checks.real_array(f"inputs[{i}]", x, dtype=np.float64) for i, x in enumerate(inputs)]
    output = checks.tensor("f", checks.function("f", f)(*[Tensor(a) for a in arrays]))
    weights = checks.rng("seed", seed).normal(size=output.shape)

    def scalar(*values: Tensor) -> Tensor:
        return (f(*values) * weights).sum()

    tensors = [Tensor(a, requires_grad=True) for a in arrays]
    scalar(*tensors).backward()
    errors = [0.0]
    for i, tensor in enumerate(tensors):

        def along_input(x: np.ndarray, i: int = i) -> float:
            values = [Tensor(x) if j == i else Tensor(a) for j, a in enumerate(arrays)]
            return scalar(*values).item()

        errors.append(relative_error(tensor.grad, numerical_gradient(along_input, arrays[i], eps)))
    return float(np.max(errors))  # NaN-propagating, where max() would drop a NaN and pass

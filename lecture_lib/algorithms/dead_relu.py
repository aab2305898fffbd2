"""A ReLU unit that dies: no data point on its active side, so no gradient reaches its weights.

A first-layer unit computes ``h = max(0, w . x + b)``. Its gradient with respect to w and
b is a sum over the data points with ``w . x + b > 0`` only: ReLU's derivative is 0 on the
other side. Once the bias has moved so far that no point is active, the unit outputs 0
everywhere and its gradient is exactly 0, so gradient descent never moves w or b again:
the unit is dead. Moving the bias back (or, in a deeper network, moving the inputs the
unit sees) revives it. ``bias_sweep`` measures both with the engine along a range of
biases; ``active_points`` counts each unit's active points.

Used in chapter 03_mlp_and_nonlinearity.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_lib.engine import checks, nn
from lecture_lib.engine.losses import softmax_cross_entropy


def _check_relu_network(model: nn.MLP) -> None:
    checks.instance("model", model, nn.MLP)
    if len(model.layers) < 2 or any(activation != "relu" for activation in model.activations):
        raise ValueError(f"model must have ReLU hidden layers, got {model!r}")


def active_points(model: nn.MLP, X: np.ndarray) -> np.ndarray:
    """For each unit of the first hidden layer, on how many points of ``X`` it is active.

    Parameters
    ----------
    model : lecture_lib.engine.nn.MLP
        With ReLU hidden layers.
    X : numpy.ndarray, shape (n, inputs)

    Returns
    -------
    numpy.ndarray of int, shape (width of the first hidden layer,)
        The number of points with ``w . x + b > 0``; 0 means the unit is dead on ``X``.
    """
    _check_relu_network(model)
    return (model.layers[0](np.asarray(X, dtype=np.float64)).data > 0).sum(axis=0)


@dataclass(frozen=True)
class BiasSweep:
    """One first-layer unit with its bias set to each of ``biases`` in turn.

    Attributes
    ----------
    biases : numpy.ndarray, shape (m,)
    active : numpy.ndarray of int, shape (m,)
        Points on the unit's active side.
    bias_gradients : numpy.ndarray, shape (m,)
        dL/db, the engine's gradient of the mean cross-entropy.
    weight_gradient_norms : numpy.ndarray, shape (m,)
        The norm of dL/dw, the gradient of the unit's incoming weights.
    """

    biases: np.ndarray
    active: np.ndarray
    bias_gradients: np.ndarray
    weight_gradient_norms: np.ndarray

    @property
    def dead(self) -> np.ndarray:
        """True where no point is active."""
        return self.active == 0


def bias_sweep(model: nn.MLP, X: np.ndarray, y: np.ndarray, unit: int, biases: np.ndarray) -> BiasSweep:
    """Set the bias of one first-layer unit to each value of ``biases``; measure activity and gradient.

    Every other parameter stays as it is; the model is left exactly as it was given.

    Parameters
    ----------
    model : lecture_lib.engine.nn.MLP
        With ReLU hidden layers.
    X : numpy.ndarray, shape (n, inputs)
    y : numpy.ndarray of int, shape (n,)
        Class labels for the cross-entropy loss.
    unit : int
        Which unit of the first hidden layer.
    biases : numpy.ndarray, shape (m,)
        The biases to try.

    Returns
    -------
    BiasSweep
    """
    _check_relu_network(model)
    first = model.layers[0]
    width = first.bias.shape[0]
    unit = checks.integer("unit", unit, minimum=0, maximum=width - 1)
    biases = checks.real_array("biases", biases, ndim=1, dtype=np.float64)
    if len(biases) == 0:
        raise ValueError("biases must hold at least one bias")
    X = checks.real_array("X", X, ndim=2, dtype=np.float64)
    original = first.bias.data[unit]
    active, bias_gradients, weight_gradient_norms = [], [], []
    try:
        for bias in biases:
            first.bias.data[unit] = bias
            model.zero_grad()
            softmax_cross_entropy(model(X), y).backward()
            active.append(int(active_points(model, X)[unit]))
            bias_gradients.append(float(first.bias.grad[unit]))
            weight_gradient_norms.append(float(np.linalg.norm(first.weight.grad[:, unit])))
    finally:
        first.bias.data[unit] = original
        model.zero_grad()
    return BiasSweep(biases, np.array(active), np.array(bias_gradients), np.array(weight_gradient_norms))

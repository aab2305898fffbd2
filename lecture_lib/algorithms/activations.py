"""The activation functions of the book and their derivatives, as the engine computes them.

The derivatives are not typed in: they are the gradients ``lecture_lib.engine.autograd``
backpropagates through ``Tensor.sigmoid``, ``Tensor.tanh`` and ``Tensor.relu``.

Used in chapters 02_neuron_and_xor and 03_mlp_and_nonlinearity.
"""

from __future__ import annotations

import numpy as np

from lecture_lib.engine import checks
from lecture_lib.engine.autograd import Tensor

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu")


def activation_and_derivative(name: str, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """An activation function and its derivative at ``z``, the derivative found by the engine.

    The derivative is not typed in: it is the gradient that ``lecture_lib.engine.autograd``
    backpropagates through ``Tensor.sigmoid``, ``Tensor.tanh`` or ``Tensor.relu``.

    Parameters
    ----------
    name : {"sigmoid", "tanh", "relu"}
    z : numpy.ndarray
        Pre-activations.

    Returns
    -------
    values, derivative : numpy.ndarray
        Same shape as ``z``.
    """
    inputs = Tensor(checks.real_array("z", z, finite=False), requires_grad=True)
    outputs = getattr(inputs, checks.one_of("name", name, ACTIVATION_NAMES))()
    outputs.sum().backward()
    return outputs.data, inputs.grad

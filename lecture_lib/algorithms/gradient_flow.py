"""How large the gradient is at each layer of a deep MLP: shrinking through sigmoids, not through ReLUs.

Backpropagation multiplies the gradient arriving at a layer by that layer's weights and by
the derivative of its activation at every unit. The sigmoid's derivative is at most 1/4,
so a stack of sigmoid layers shrinks the gradient layer by layer, and the first layers of
a deep sigmoid network barely learn; ReLU's derivative is 1 wherever a unit is active, and
with weights scaled for it (He initialisation) the gradient keeps its size.
``layer_gradient_norms`` measures it with the engine, and ``layer_gradient_error`` checks
the engine's gradient of one layer against finite differences.

Used in chapter 03_mlp_and_nonlinearity.
"""

from __future__ import annotations

import numpy as np

from lecture_lib.engine import checks, nn
from lecture_lib.engine.gradcheck import numerical_gradient
from lecture_lib.engine.losses import softmax_cross_entropy


def layer_gradient_norms(model: nn.MLP, X: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The size of the loss gradient with respect to each layer's weights, input layer first.

    The loss is the mean softmax cross-entropy of ``model`` on ``(X, y)``; the gradient is
    the engine's. The model's parameters are left unchanged and their gradients cleared.

    Parameters
    ----------
    model : lecture_lib.engine.nn.MLP
    X : numpy.ndarray, shape (n, inputs)
    y : numpy.ndarray of int, shape (n,)
        Class labels, below the number of outputs.

    Returns
    -------
    numpy.ndarray, shape (number of layers,)
        The Frobenius norm of dL/dW of each layer.
    """
    checks.instance("model", model, nn.MLP)
    model.zero_grad()
    softmax_cross_entropy(model(np.asarray(X, dtype=np.float64)), y).backward()
    norms = np.array([np.linalg.norm(layer.weight.grad) for layer in model.layers])
    model.zero_grad()
    return norms


def layer_gradient_error(model: nn.MLP, X: np.ndarray, y: np.ndarray, layer: int = 0, eps: float = 1e-4) -> float:
    """How far the engine's dL/dW of one layer is from central finite differences, relative to its size.

    Parameters
    ----------
    model : lecture_lib.engine.nn.MLP
    X : numpy.ndarray, shape (n, inputs)
    y : numpy.ndarray of int, shape (n,)
    layer : int, optional
        Which layer's weights (0: next to the input).
    eps : float, optional
        Step of the finite differences. The default suits the tiny gradients of the first
        layers of a deep sigmoid network, which a smaller step loses in round-off; a ReLU
        network wants a smaller one (1e-6), so that no step crosses a unit's kink.

    Returns
    -------
    float
        ``||engine - finite differences|| / ||engine||``.
    """
    checks.instance("model", model, nn.MLP)
    layer = checks.integer("layer", layer, minimum=0, maximum=len(model.layers) - 1)
    X = checks.real_array("X", X, ndim=2, dtype=np.float64)
    weight = model.layers[layer].weight
    model.zero_grad()
    softmax_cross_entropy(model(X), y).backward()
    engine = weight.grad.copy()
    model.zero_grad()
    original = weight.data.copy()

    def loss_at(values: np.ndarray) -> float:
        weight.data[:] = values
        return softmax_cross_entropy(model(X), y).item()

    try:
        differences = numerical_gradient(loss_at, original, eps)
    finally:
        weight.data[:] = original
    return float(np.linalg.norm(engine - differences) / np.linalg.norm(engine))

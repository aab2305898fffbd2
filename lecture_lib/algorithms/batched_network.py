"""A ReLU network on a whole batch, forward and backward in matrix form, and what it keeps in memory.

The rows of ``X`` (shape (n, d)) are n examples. Layer l computes ``A_l = H_{l-1} W_l + b_l``
with ``H_0 = X`` and ``W_l`` of shape (inputs, outputs), as ``lecture_lib.engine.nn.Linear``
stores it; the hidden layers apply ReLU, ``H_l = max(0, A_l)``, and the last layer's scores
``S`` go into the mean softmax cross-entropy. The backward pass, with ``G_l = dL/dA_l``:

    G_L = (softmax(S) - one_hot(labels)) / n
    dW_l = H_{l-1}^T G_l      db_l = G_l summed over the batch
    G_{l-1} = (G_l W_l^T) * [H_{l-1} > 0]

``forward`` returns the loss and a ``ForwardCache`` holding exactly what ``backward`` reads:
each layer's input (``X`` and every ``H_l``; the ReLU's routing is ``H_l > 0``), the softmax
probabilities and the labels. ``memory_budget`` counts the bytes of training (parameters,
their gradients, that cache, the gradient arrays of one layer at a time) against inference
(parameters, the input and output of one layer at a time).

Used in chapter 06_gate_patterns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lecture_lib.engine import checks

LABEL_BYTES = np.dtype(np.int64).itemsize


@dataclass(frozen=True)
class ForwardCache:
    """What the forward pass keeps for the backward pass.

    Attributes
    ----------
    layer_inputs : list of numpy.ndarray
        The input of every layer: ``X``, then each hidden layer's output ``H_l``.
    probabilities : numpy.ndarray
        softmax of the scores, shape (n, classes).
    labels : numpy.ndarray of int64
        The correct class of each example, shape (n,).
    """

    layer_inputs: list[np.ndarray]
    probabilities: np.ndarray
    labels: np.ndarray

    @property
    def nbytes(self) -> int:
        """The memory the cache occupies, in bytes."""
        arrays = [*self.layer_inputs, self.probabilities, self.labels]
        return int(sum(array.nbytes for array in arrays))


@dataclass(frozen=True)
class Gradients:
    """The gradients of the loss from ``backward``, one array per layer, input layer first.

    Attributes
    ----------
    weights, biases : list of numpy.ndarray
        dL/dW_l (shape of W_l) and dL/db_l (shape of b_l).
    pre_activations : list of numpy.ndarray
        G_l = dL/dA_l, shape (n, outputs of layer l): the upstream gradient of each layer.
    """

    weights: list[np.ndarray]
    biases: list[np.ndarray]
    pre_activations: list[np.ndarray]


def _check_network(X: np.ndarray, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray]) -> None:
    if X.ndim != 2 or len(X) == 0:
        raise ValueError(f"X must have shape (n, inputs) with at least one row, got shape {X.shape}")
    if len(weights) == 0 or len(weights) != len(biases):
        raise ValueError(f"weights and biases need one array per layer, got {len(weights)} and {len(biases)}")
    width = X.shape[1]
    for k, (W, b) in enumerate(zip(weights, biases, strict=True)):
        if W.ndim != 2 or W.shape[0] != width:
            raise ValueError(f"weights[{k}] must have shape ({width}, outputs) to follow the layer before, "
                             f"got {W.shape}")
        if b.shape != (W.shape[1],):
            raise ValueError(f"biases[{k}] must have shape ({W.shape[1]},) like the outputs of weights[{k}], "
                             f"got {b.shape}")
        width = W.shape[1]


def forward(
    X: np.ndarray, labels: np.ndarray, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray]
) -> tuple[float, ForwardCache]:
    """The mean softmax cross-entropy of the network on the batch ``X``, and the cache ``backward`` needs.

    Parameters
    ----------
    X : numpy.ndarray
        The batch, one example per row, shape (n, d).
    labels : numpy.ndarray of int
        The correct class of each row, shape (n,), in ``0 .. classes - 1``.
    weights, biases : sequence of numpy.ndarray
        ``W_l`` of shape (inputs, outputs) and ``b_l`` of shape (outputs,), input layer first.

    Returns
    -------
    loss : float
    cache : ForwardCache
    """
    X = checks.real_array("X", X, dtype=np.float64)
    weights = checks.arrays("weights", weights, dtype=np.float64)
    biases = checks.arrays("biases", biases, dtype=np.float64)
    _check_network(X, weights, biases)
    labels = checks.class_labels("labels", labels, n=len(X), classes=weights[-1].shape[1])
    layer_inputs = [X]
    for W, b in zip(weights[:-1], biases[:-1], strict=True):
        layer_inputs.append(np.maximum(layer_inputs[-1] @ W + b, 0.0))
    scores = layer_inputs[-1] @ weights[-1] + biases[-1]
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probabilities = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -float(np.mean(log_probabilities[np.arange(len(X)), labels]))
    cache = ForwardCache(layer_inputs, np.exp(log_probabilities), labels)
    return loss, cache


def backward(cache: ForwardCache, weights: Sequence[np.ndarray]) -> Gradients:
    """The gradients of ``forward``'s loss, computed from its cache and the weights alone.

    Parameters
    ----------
    cache : ForwardCache
        From ``forward``.
    weights : sequence of numpy.ndarray
        The same weights (the backward pass needs W_l^T to send G_l to the layer below).

    Returns
    -------
    Gradients
    """
    checks.instance("cache", cache, ForwardCache, "the one forward returned")
    weights = checks.arrays("weights", weights, dtype=np.float64)
    if len(weights) != len(cache.layer_inputs):
        raise ValueError(f"weights has {len(weights)} layers, the cache {len(cache.layer_inputs)}")
    widths = [layer_input.shape[1] for layer_input in cache.layer_inputs] + [cache.probabilities.shape[1]]
    for k, W in enumerate(weights):
        if W.shape != (widths[k], widths[k + 1]):
            raise ValueError(f"weights[{k}] must have shape {(widths[k], widths[k + 1])} as in the forward pass, "
                             f"got {W.shape}")
    n = len(cache.labels)
    G = cache.probabilities.copy()
    G[np.arange(n), cache.labels] -= 1.0
    G /= n
    weight_gradients, bias_gradients, upstream = [], [], []
    for layer in reversed(range(len(weights))):
        layer_input = cache.layer_inputs[layer]
        upstream.insert(0, G)
        weight_gradients.insert(0, layer_input.T @ G)
        bias_gradients.insert(0, G.sum(axis=0))
        if layer > 0:
            G = (G @ weights[layer].T) * (layer_input > 0)
    return Gradients(weight_gradients, bias_gradients, upstream)


@dataclass(frozen=True)
class MemoryBudget:
    """Bytes a network needs to train on a batch and to run on it, by component.

    Attributes
    ----------
    parameters : int
        Every weight and bias.
    gradients : int
        Their gradients, as large again (training only).
    cache : int
        What the forward pass keeps for the backward pass (``ForwardCache``; training only).
    training_work : int
        During the backward pass, the gradient arrays of one layer at a time: its output's
        and its input's (none is needed for the network's input ``X``).
    inference_work : int
        Without a backward pass, the input and output of one layer at a time: each layer's
        input is dropped as soon as its output exists.
    """

    parameters: int
    gradients: int
    cache: int
    training_work: int
    inference_work: int

    @property
    def training(self) -> int:
        """Parameters, gradients, cache and the backward pass's working arrays."""
        return self.parameters + self.gradients + self.cache + self.training_work

    @property
    def inference(self) -> int:
        """Parameters and the forward pass's working arrays."""
        return self.parameters + self.inference_work


def memory_budget(sizes: Sequence[int], batch: int, itemsize: int = 8) -> MemoryBudget:
    """Count the bytes of training and of inference for a network of layer widths ``sizes``.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths from input to output, e.g. ``(3072, 100, 10)``.
    batch : int
        Examples per batch, n.
    itemsize : int, optional
        Bytes per number: 8 for float64 (this book's engine), 4 for float32. Labels are
        int64 either way.

    Returns
    -------
    MemoryBudget
    """
    sizes = checks.integers("sizes", sizes, minimum=1)
    if len(sizes) < 2:
        raise ValueError(f"sizes must be at least two widths, an input and an output, got {sizes!r}")
    batch = checks.integer("batch", batch, minimum=1)
    itemsize = checks.one_of("itemsize", checks.integer("itemsize", itemsize), (2, 4, 8))
    pairs = list(zip(sizes[:-1], sizes[1:], strict=True))
    parameters = sum(n_in * n_out + n_out for n_in, n_out in pairs) * itemsize
    cache = batch * (sum(sizes[:-1]) + sizes[-1]) * itemsize + batch * LABEL_BYTES
    backward_pairs = [n_in + n_out for n_in, n_out in pairs[1:]] or [sizes[1]]
    return MemoryBudget(
        parameters=parameters,
        gradients=parameters,
        cache=cache,
        training_work=batch * max(backward_pairs) * itemsize,
        inference_work=batch * max(n_in + n_out for n_in, n_out in pairs) * itemsize,
    )

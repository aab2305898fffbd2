"""Loss functions: scalar Tensors whose gradients flow back through the same backward
pass as everything else. Mean squared error and the hinge loss are built from the
engine's operations; softmax cross-entropy is one node with its own backward.

Used in chapters 01_image_features (softmax cross-entropy, hinge), 02_neuron_and_xor and
04_gradient_descent (mean squared error), and through ``nn.fit`` in 03_mlp_and_nonlinearity.
"""

from __future__ import annotations

import numpy as np

from lecture_lib.engine import checks
from lecture_lib.engine.autograd import Tensor


def _tensor(name: str, value: object) -> Tensor:
    """``value`` itself if it is a Tensor, else a constant Tensor of the real numbers it holds."""
    return value if isinstance(value, Tensor) else Tensor(checks.real_array(name, value, finite=False))


def _one_hot(labels: object, scores: Tensor, loss: str) -> tuple[np.ndarray, int]:
    """Check integer class labels against a (n, classes) score matrix and one-hot them."""
    if scores.ndim != 2 or len(scores.data) == 0:
        raise ValueError(f"{loss}: the scores must have shape (n, classes) with n >= 1, got {scores.shape}")
    n, classes = scores.shape
    labels = checks.class_labels(f"{loss}: labels", labels, n=n, classes=classes)
    one_hot = np.zeros((n, classes))
    one_hot[np.arange(n), labels] = 1.0
    return one_hot, n


def mse_loss(prediction: Tensor, target: object) -> Tensor:
    """Mean squared error, mean over all elements of (prediction - target)^2.

    Parameters
    ----------
    prediction : Tensor or array_like
        Model output.
    target : array_like or Tensor
        Same shape as ``prediction`` (a 1-D target is accepted for an (n, 1) prediction).

    Returns
    -------
    Tensor
        A scalar.
    """
    prediction, target = _tensor("prediction", prediction), _tensor("target", target)
    if target.shape != prediction.shape:
        if prediction.ndim == 2 and prediction.shape[1] == 1 and target.shape == prediction.shape[:1]:
            target = target.reshape(prediction.shape)
        else:
            raise ValueError(f"mse_loss: prediction of shape {prediction.shape}, target of shape {target.shape}")
    return ((prediction - target) ** 2).mean()


def softmax_cross_entropy(logits: Tensor, labels: object) -> Tensor:
    """Mean negative log-probability of the correct class under softmax(logits), one node.

    Forward, for each row s of ``logits`` with correct class y:
    L_i = -log(e^{s_y} / sum_j e^{s_j}) = log(sum_j e^{s_j - m}) - (s_y - m), where the row
    maximum m is subtracted first so that no exponent exceeds e^0 = 1 (stable for logits of
    any size; the value is unchanged). L is the mean of the L_i.

    Backward: dL/ds = (softmax(s) - one_hot(y)) / n, as the CS231n notes derive it, times
    the upstream gradient. Composed of the engine's ``max``, ``exp``, ``log`` and ``sum``
    the loss has the same value and gradient (the tests check both); as one node it saves
    building and walking ten nodes, a quarter of a training step of the 2-64-64-3 network
    in ``benchmarks/engine.py``.

    Parameters
    ----------
    logits : Tensor or array_like
        Unnormalised class scores, shape (n, classes).
    labels : array_like of int
        The correct class of each row, shape (n,).

    Returns
    -------
    Tensor
        A scalar; its ``op`` is ``"cross_entropy"``.
    """
    logits = _tensor("logits", logits)
    one_hot, n = _one_hot(labels, logits, "softmax_cross_entropy")
    shifted = logits.data - logits.data.max(axis=1, keepdims=True)  # s - m
    exps = np.exp(shifted)
    sums = exps.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(sums[:, 0]) - (shifted * one_hot).sum(axis=1))
    softmax = exps / sums
    return Tensor(loss, parents=(logits,), op="cross_entropy", local_backward=lambda g: (g * (softmax - one_hot) / n,))


def multiclass_hinge(scores: Tensor, labels: object, margin: float = 1.0) -> Tensor:
    """Multiclass SVM loss: mean over rows of sum_{j != y} max(0, s_j - s_y + margin).

    Parameters
    ----------
    scores : Tensor or array_like
        Class scores, shape (n, classes).
    labels : array_like of int
        The correct class of each row, shape (n,).
    margin : float, optional
        How far (a finite number) the correct score must lead every other score to cost nothing.

    Returns
    -------
    Tensor
        A scalar.
    """
    scores = _tensor("scores", scores)
    one_hot, n = _one_hot(labels, scores, "multiclass_hinge")
    correct = (scores * one_hot).sum(axis=1, keepdims=True)
    violations = (scores - correct + checks.number("margin", margin)).relu() * (1.0 - one_hot)
    return violations.sum() / n

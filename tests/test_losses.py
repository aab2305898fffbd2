"""The losses: known values, gradients against central differences, and the fused
softmax cross-entropy against the same loss composed of the engine's operations."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lecture_lib import Tensor
from lecture_lib.engine.gradcheck import gradcheck
from lecture_lib.engine.losses import mse_loss, multiclass_hinge, softmax_cross_entropy


def composed_cross_entropy(logits, labels):
    """The same loss written with the engine's max, exp, log and sum nodes."""
    one_hot = np.eye(logits.shape[1])[labels]
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probabilities = shifted - shifted.exp().sum(axis=1, keepdims=True).log()
    return -(log_probabilities * one_hot).sum() / len(labels)


@st.composite
def scores_and_labels(draw):
    n, classes = draw(st.integers(1, 6)), draw(st.integers(2, 5))
    scores = draw(arrays(np.float64, (n, classes), elements=st.floats(-30, 30, allow_nan=False)))
    labels = draw(arrays(np.int64, (n,), elements=st.integers(0, classes - 1)))
    return scores, labels


@settings(max_examples=60, deadline=None)
@given(scores_and_labels(), st.floats(-3, 3, allow_nan=False))
def test_fused_cross_entropy_equals_the_composed_one_in_value_and_gradient(case, upstream):
    scores, labels = case
    fused, composed = Tensor(scores, requires_grad=True), Tensor(scores, requires_grad=True)
    fused_loss, composed_loss = softmax_cross_entropy(fused, labels), composed_cross_entropy(composed, labels)
    np.testing.assert_allclose(fused_loss.item(), composed_loss.item(), rtol=1e-12, atol=1e-12)
    fused_loss.backward(np.array(upstream))
    composed_loss.backward(np.array(upstream))
    np.testing.assert_allclose(fused.grad, composed.grad, rtol=1e-9, atol=1e-12)


def test_cross_entropy_gradient_is_softmax_minus_one_hot_over_n():
    logits = Tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]], requires_grad=True)
    loss = softmax_cross_entropy(logits, [2, 0])
    loss.backward()
    assert loss.op == "cross_entropy" and loss.parents == (logits,)
    softmax = np.exp(logits.data) / np.exp(logits.data).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(logits.grad, (softmax - [[0, 0, 1], [1, 0, 0]]) / 2, rtol=1e-12)


@pytest.mark.parametrize("loss", [softmax_cross_entropy, multiclass_hinge])
def test_classification_losses_match_finite_differences(loss):
    rng = np.random.default_rng(0)
    scores, labels = rng.normal(size=(6, 4)), rng.integers(0, 4, 6)
    assert gradcheck(lambda s: loss(s, labels), scores) < 1e-6


def test_losses_known_values():
    uniform = Tensor(np.zeros((2, 4)))
    assert softmax_cross_entropy(uniform, [0, 3]).item() == pytest.approx(np.log(4))
    scores = Tensor([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    # the CS231n worked example: losses 2.9, 0, 12.9, mean 5.27
    assert multiclass_hinge(scores, [0, 1, 2]).item() == pytest.approx((2.9 + 0 + 12.9) / 3)
    assert mse_loss(Tensor([[1.0], [3.0]]), [0.0, 1.0]).item() == pytest.approx(2.5)


def test_cross_entropy_is_stable_at_huge_logits():
    logits = Tensor([[1000.0, -1000.0], [-1000.0, 1000.0]], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = softmax_cross_entropy(logits, [1, 1])
        loss.backward()
    assert loss.item() == pytest.approx(1000.0)
    np.testing.assert_allclose(logits.grad, [[0.5, -0.5], [0.0, 0.0]])  # (softmax - one_hot) / 2


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: softmax_cross_entropy(Tensor(np.ones(3)), [0]), ValueError, r"\(n, classes\) .*got \(3,\)"),
        (lambda: softmax_cross_entropy(Tensor(np.ones((2, 3))), [0, 3]), ValueError,
         r"softmax_cross_entropy: labels must lie in \[0, 2\], got 0..3"),
        (lambda: softmax_cross_entropy(Tensor(np.ones((2, 3))), [0.5, 1.0]), TypeError,
         r"labels must be integer class numbers, got \[0.5, 1.0\] \(list\) of dtype float64"),
        (lambda: multiclass_hinge(Tensor(np.ones((2, 3))), [0, 1, 2]), ValueError,
         r"multiclass_hinge: labels must be a 1-D array of 2 class numbers, got shape \(3,\)"),
        (lambda: multiclass_hinge(Tensor(np.ones((0, 3))), []), ValueError, r"with n >= 1, got \(0, 3\)"),
        (lambda: multiclass_hinge(Tensor(np.ones((2, 3))), [0, 1], margin=np.nan), ValueError,
         "margin must be a finite number, got nan"),
        (lambda: mse_loss(Tensor(np.ones((2, 3))), np.ones(4)), ValueError, r"prediction of shape \(2, 3\), target"),
    ],
)
def test_bad_arguments_raise_errors_that_name_them(make, error, message):
    with pytest.raises(error, match=message):
        make()

"""Gradient size per layer of deep MLPs (lecture_lib.algorithms.gradient_flow), as chapter 03 states it."""

import numpy as np
import pytest

from lecture_lib.algorithms.collapse import dataset
from lecture_lib.algorithms.gradient_flow import layer_gradient_error, layer_gradient_norms
from lecture_lib.engine import nn
from lecture_lib.engine.losses import softmax_cross_entropy

X, Y = dataset("circles")
DEEP = [2] + [16] * 8 + [2]


def test_norms_are_those_of_the_engines_gradients_and_leave_the_model_as_it_was():
    model = nn.MLP([2, 4, 3, 2], activation="tanh", seed=0)
    before = [p.data.copy() for p in model.parameters()]
    norms = layer_gradient_norms(model, X, Y)
    softmax_cross_entropy(model(X), Y).backward()
    np.testing.assert_allclose(norms, [np.linalg.norm(layer.weight.grad) for layer in model.layers])
    for parameter, value in zip(model.parameters(), before, strict=True):
        np.testing.assert_array_equal(parameter.data, value)


@pytest.mark.parametrize("seed", range(3))
def test_stacked_sigmoids_shrink_the_gradient_and_relus_do_not(seed):
    sigmoid = layer_gradient_norms(nn.MLP(DEEP, activation="sigmoid", seed=seed), X, Y)
    relu = layer_gradient_norms(nn.MLP(DEEP, activation="relu", seed=seed), X, Y)
    assert sigmoid[0] / sigmoid[-1] < 1e-4
    assert (np.diff(np.log(sigmoid)) > 0).all()  # smaller at every layer further from the output
    assert relu.max() / relu.min() < 20


def test_engine_gradient_agrees_with_finite_differences_in_every_layer():
    for activation, eps in (("sigmoid", 1e-4), ("relu", 1e-6), ("tanh", 1e-5)):
        model = nn.MLP([2, 6, 6, 2], activation=activation, seed=1)
        for layer in range(3):
            assert layer_gradient_error(model, X[:40], Y[:40], layer=layer, eps=eps) < 1e-4


def test_gradient_error_sees_a_wrong_gradient(monkeypatch):
    model = nn.MLP([2, 6, 2], activation="tanh", seed=1)
    correct = nn.ACTIVATIONS["tanh"]
    # tanh with the gradient of the identity: the forward pass is unchanged, backward is wrong
    monkeypatch.setitem(nn.ACTIVATIONS, "tanh", lambda t: t + (correct(t).data - t.data))
    assert layer_gradient_error(model, X[:40], Y[:40], layer=0) > 0.01


def test_bad_input_is_named():
    with pytest.raises(TypeError, match=r"model must be a MLP, got <object object at 0x[0-9a-f]+> \(object\)"):
        layer_gradient_norms(object(), X, Y)
    with pytest.raises(ValueError, match=r"layer must be an integer in \[0, 1\], got 2"):
        layer_gradient_error(nn.MLP([2, 3, 2]), X, Y, layer=2)

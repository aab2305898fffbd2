"""A ReLU unit that dies when its bias moves below every data point (lecture_lib.algorithms.dead_relu)."""

import numpy as np
import pytest

from lecture_lib.algorithms.collapse import dataset
from lecture_lib.algorithms.dead_relu import active_points, bias_sweep
from lecture_lib.engine import nn
from lecture_lib.engine.gradcheck import numerical_gradient
from lecture_lib.engine.losses import softmax_cross_entropy

X, Y = dataset("circles")


@pytest.fixture
def model():
    return nn.MLP([2, 8, 2], activation="relu", seed=0)


def test_active_points_count_positive_pre_activations(model):
    counts = active_points(model, X)
    expected = ((X @ model.layers[0].weight.data + model.layers[0].bias.data) > 0).sum(axis=0)
    np.testing.assert_array_equal(counts, expected)


def test_a_dead_unit_gets_exactly_no_gradient_and_an_alive_one_does(model):
    top = np.max(X @ model.layers[0].weight.data[:, 0])
    sweep = bias_sweep(model, X, Y, 0, np.array([-top - 1.0, -top, -top + 0.05, 0.0]))
    np.testing.assert_array_equal(sweep.dead, [True, True, False, False])
    assert (sweep.bias_gradients[:2] == 0).all() and (sweep.weight_gradient_norms[:2] == 0).all()
    assert (sweep.weight_gradient_norms[2:] > 0).all()
    assert sweep.active[2] >= 1 and sweep.active[3] > sweep.active[2]


def test_bias_gradient_matches_finite_differences_and_the_model_is_left_as_given(model):
    first = model.layers[0]
    original = first.bias.data.copy()
    sweep = bias_sweep(model, X, Y, 2, np.array([-0.3, 0.2]))
    np.testing.assert_array_equal(first.bias.data, original)
    assert not first.bias.grad.any()
    for bias, gradient in zip(sweep.biases, sweep.bias_gradients, strict=True):

        def loss_at(value, bias=bias):
            first.bias.data[2] = value[0]
            return softmax_cross_entropy(model(X), Y).item()

        assert gradient == pytest.approx(numerical_gradient(loss_at, np.array([bias]))[0], rel=1e-5, abs=1e-9)
    first.bias.data[:] = original


def test_gradient_descent_leaves_a_dead_unit_where_it_is(model):
    first = model.layers[0]
    first.bias.data[0] = -10.0  # below every point
    before = first.weight.data[:, 0].copy()
    nn.fit(model, X, Y, steps=50, lr=0.1)
    np.testing.assert_array_equal(first.weight.data[:, 0], before)
    assert first.bias.data[0] == -10.0
    assert active_points(model, X)[0] == 0


def test_bad_input_is_named(model):
    with pytest.raises(ValueError, match=r"unit must be an integer in \[0, 7\], got 8"):
        bias_sweep(model, X, Y, 8, np.zeros(2))
    with pytest.raises(ValueError, match=r"biases contains 1 NaN or infinite value\(s\), the first nan"):
        bias_sweep(model, X, Y, 0, np.array([np.nan]))
    with pytest.raises(ValueError, match=r"must have ReLU hidden layers, got MLP\(\[2, 3, 2\], activation='tanh'"):
        active_points(nn.MLP([2, 3, 2], activation="tanh"), X)
    with pytest.raises(ValueError, match=r"model must have ReLU hidden layers, got MLP\(\[2, 3, 3, 2\]"):
        active_points(nn.MLP([2, 3, 3, 2], activation=["relu", "tanh"]), X)
    with pytest.raises(TypeError, match=r"model must be a MLP, got 'net' \(str\)"):
        active_points("net", X)
    assert active_points(nn.MLP([2, 3, 3, 2], activation=["relu", "relu"]), X).shape == (3,)

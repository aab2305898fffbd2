"""Hand-made polar features and a network's learned hidden features (lecture_lib.algorithms.hidden_features)."""

import numpy as np
import pytest

from lecture_lib.algorithms.hidden_features import last_hidden_activations, polar_features
from lecture_lib.algorithms.two_layer_network import two_layer_network
from lecture_lib.engine import nn


def test_polar_features_give_back_the_points():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(50, 2))
    angle, radius = polar_features(X).T
    np.testing.assert_allclose(np.column_stack([radius * np.cos(angle), radius * np.sin(angle)]), X, atol=1e-12)
    assert (radius >= 0).all() and (np.abs(angle) <= np.pi).all()


def test_last_hidden_activations_are_what_the_output_layer_reads():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(20, 2))
    for activation in ("tanh", "relu", "sigmoid"):
        model = nn.MLP([2, 5, 3, 2], activation=activation, seed=2)
        hidden = last_hidden_activations(model, X)
        assert hidden.shape == (20, 3)
        np.testing.assert_allclose(model.layers[-1](hidden).data, model(X).data, atol=1e-12)


def test_hidden_units_of_the_hand_set_xor_network_are_or_and_and():
    weights = {"w1": 10.0, "w2": 10.0, "b1": -5.0, "w3": 10.0, "w4": 10.0, "b2": -15.0,
               "w5": 10.0, "w6": -10.0, "b3": -5.0}
    corners = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    hidden = last_hidden_activations(two_layer_network(weights), corners)
    np.testing.assert_array_equal(hidden > 0.5, [[0, 0], [1, 0], [1, 0], [1, 1]])


def test_bad_input_is_named():
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        polar_features(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="needs a hidden layer"):
        last_hidden_activations(nn.MLP([2, 2]), np.zeros((1, 2)))
    with pytest.raises(TypeError, match=r"model must be a MLP, got <function"):
        last_hidden_activations(lambda x: x, np.zeros((1, 2)))
    with pytest.raises(ValueError, match=r"X must have shape \(n, 2\) for MLP\(\[2, 3, 2\], .*\), got \(1, 3\)"):
        last_hidden_activations(nn.MLP([2, 3, 2]), np.zeros((1, 3)))
    with pytest.raises(ValueError, match=r"X contains 1 NaN or infinite value\(s\), the first inf at index \(0, 1\)"):
        polar_features(np.array([[0.0, np.inf]]))


def test_the_hidden_layer_follows_each_layers_own_activation():
    model = nn.MLP([2, 3, 2, 2], activation=["tanh", "relu"], seed=1)
    X = np.array([[0.5, -1.0], [2.0, 0.25]])
    first = np.tanh(X @ model.layers[0].weight.data + model.layers[0].bias.data)
    expected = np.maximum(first @ model.layers[1].weight.data + model.layers[1].bias.data, 0.0)
    np.testing.assert_allclose(last_hidden_activations(model, X), expected)

"""The batched network's matrix-form backward pass, its cache, and its memory budget."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_lib import Tensor
from lecture_lib.algorithms.batched_network import backward, forward, memory_budget
from lecture_lib.engine.gradcheck import numerical_gradient, relative_error
from lecture_lib.engine.losses import softmax_cross_entropy


def network(sizes, batch, seed=0):
    """Random inputs, labels, weights and biases for layer widths ``sizes``."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(batch, sizes[0]))
    labels = rng.integers(0, sizes[-1], size=batch)
    weights = [rng.normal(size=(a, b)) / np.sqrt(a) for a, b in zip(sizes[:-1], sizes[1:], strict=True)]
    biases = [0.3 * rng.normal(size=b) for b in sizes[1:]]
    return X, labels, weights, biases


def engine_loss(X, labels, weights, biases):
    """The same network built from engine tensors: the reference."""
    H = Tensor(X)
    for W, b in zip(weights[:-1], biases[:-1], strict=True):
        H = (H @ W + b).relu()
    return softmax_cross_entropy(H @ weights[-1] + biases[-1], labels)


SIZES = (3, 5, 6, 4)  # every width different: a transpose in the wrong place cannot hide


def test_loss_and_gradients_equal_the_engines():
    X, labels, weights, biases = network(SIZES, batch=7)
    loss, cache = forward(X, labels, weights, biases)
    gradients = backward(cache, weights)
    W = [Tensor(w, requires_grad=True) for w in weights]
    b = [Tensor(v, requires_grad=True) for v in biases]
    reference = engine_loss(X, labels, W, b)
    reference.backward()
    assert loss == pytest.approx(reference.item(), rel=1e-12)
    for mine, theirs in zip([*gradients.weights, *gradients.biases], [*W, *b], strict=True):
        assert mine.shape == theirs.shape
        assert relative_error(mine, theirs.grad) < 1e-12


def test_gradients_agree_with_central_differences():
    X, labels, weights, biases = network(SIZES, batch=5, seed=1)
    gradients = backward(forward(X, labels, weights, biases)[1], weights)
    for layer in range(len(weights)):
        def loss_of_weight(W, layer=layer):
            return forward(X, labels, weights[:layer] + [W] + weights[layer + 1:], biases)[0]

        def loss_of_bias(v, layer=layer):
            return forward(X, labels, weights, biases[:layer] + [v] + biases[layer + 1:])[0]

        assert relative_error(gradients.weights[layer], numerical_gradient(loss_of_weight, weights[layer])) < 1e-7
        assert relative_error(gradients.biases[layer], numerical_gradient(loss_of_bias, biases[layer])) < 1e-7


def test_the_three_matrix_rules_hold_layer_by_layer():
    X, labels, weights, biases = network(SIZES, batch=6, seed=2)
    cache = forward(X, labels, weights, biases)[1]
    gradients = backward(cache, weights)
    for layer, G in enumerate(gradients.pre_activations):
        layer_input = cache.layer_inputs[layer]
        np.testing.assert_allclose(gradients.weights[layer], layer_input.T @ G, atol=1e-15)
        np.testing.assert_allclose(gradients.biases[layer], G.sum(axis=0), atol=1e-15)
        if layer > 0:  # dL/dH = G W^T, routed by ReLU where the layer's input was positive
            below = gradients.pre_activations[layer - 1]
            np.testing.assert_allclose(below, (G @ weights[layer].T) * (layer_input > 0), atol=1e-15)


def test_the_cache_is_each_layers_input_the_probabilities_and_the_labels():
    X, labels, weights, biases = network(SIZES, batch=4, seed=3)
    cache = forward(X, labels, weights, biases)[1]
    assert [a.shape for a in cache.layer_inputs] == [(4, 3), (4, 5), (4, 6)]
    assert np.array_equal(cache.layer_inputs[0], X)
    assert all((hidden >= 0).all() for hidden in cache.layer_inputs[1:])
    np.testing.assert_allclose(cache.probabilities.sum(axis=1), 1.0)
    assert cache.labels.dtype == np.int64 and np.array_equal(cache.labels, labels)
    assert cache.nbytes == 4 * (3 + 5 + 6 + 4) * 8 + 4 * 8


def test_large_scores_do_not_overflow():
    X, labels, weights, biases = network((2, 3), batch=3, seed=5)
    loss, cache = forward(1e3 * X, labels, [1e3 * weights[0]], biases)
    assert np.isfinite(loss) and np.isfinite(cache.probabilities).all()


def test_memory_budget_of_the_lectures_classifier():
    budget = memory_budget((3072, 100, 10), batch=64)
    parameters = 3072 * 100 + 100 + 100 * 10 + 10
    assert budget.parameters == budget.gradients == parameters * 8
    assert budget.cache == 64 * (3072 + 100 + 10) * 8 + 64 * 8  # X, H, P (float64) and the labels (int64)
    assert budget.training_work == 64 * (100 + 10) * 8
    assert budget.inference_work == 64 * (3072 + 100) * 8
    assert (budget.training, budget.inference) == (6_618_976, 4_090_544)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 12), min_size=2, max_size=5), st.integers(1, 9))
def test_the_budgeted_cache_is_the_cache_forward_keeps(sizes, batch):
    X, labels, weights, biases = network(sizes, batch)
    assert forward(X, labels, weights, biases)[1].nbytes == memory_budget(sizes, batch).cache


def test_a_hidden_layer_adds_to_the_cache_and_not_to_inference():
    shallow, deep = memory_budget((50, 20, 10), 32), memory_budget((50, 20, 20, 10), 32)
    assert deep.cache - shallow.cache == 32 * 20 * 8
    assert deep.inference_work == shallow.inference_work
    assert deep.gradients - shallow.gradients == (20 * 20 + 20) * 8


def test_four_byte_numbers_halve_the_arrays_of_numbers_but_not_the_labels():
    full, half = memory_budget((30, 20, 10), 16), memory_budget((30, 20, 10), 16, itemsize=4)
    assert half.parameters * 2 == full.parameters
    assert half.cache == (full.cache - 16 * 8) // 2 + 16 * 8


@pytest.mark.parametrize(
    ("arguments", "error", "message"),
    [
        (((3072,), 64), ValueError, r"sizes must be at least two widths, an input and an output, got \(3072,\)"),
        (((3072, 0, 10), 64), ValueError, r"sizes\[1\] must be an integer >= 1, got 0"),
        (((3072, 2.5, 10), 64), TypeError, r"sizes\[1\] must be an integer, got 2.5 \(float\)"),
        (("abc", 64), TypeError, "sizes must be a sequence of integers, got 'abc' \\(str\\)"),
        (((3, 2), 0), ValueError, "batch must be an integer >= 1, got 0"),
        (((3, 2), True), TypeError, r"batch must be an integer, got True \(bool\)"),
        (((3, 2), 4, 3), ValueError, r"itemsize must be one of \[2, 4, 8\], got 3"),
        (((3, 2), 4, 4.0), TypeError, r"itemsize must be an integer, got 4.0 \(float\)"),
    ],
)
def test_memory_budget_rejects_bad_arguments(arguments, error, message):
    with pytest.raises(error, match=message):
        memory_budget(*arguments)


def test_forward_and_backward_reject_bad_arguments():
    X, labels, weights, biases = network((3, 5, 4), batch=2)
    with pytest.raises(ValueError, match=r"X must have shape \(n, inputs\) with at least one row"):
        forward(X[0], labels, weights, biases)
    with pytest.raises(ValueError, match=r"X must have shape \(n, inputs\) with at least one row"):
        forward(X[:0], labels[:0], weights, biases)
    with pytest.raises(ValueError, match="weights and biases need one array per layer"):
        forward(X, labels, weights, biases[:1])
    with pytest.raises(ValueError, match=r"weights\[1\] must have shape \(5, outputs\)"):
        forward(X, labels, [weights[0], weights[1].T], biases)
    with pytest.raises(ValueError, match=r"biases\[0\] must have shape \(5,\)"):
        forward(X, labels, weights, [biases[0][:2], biases[1]])
    with pytest.raises(TypeError, match="labels must be integer class numbers, got .* of dtype float64"):
        forward(X, labels.astype(float), weights, biases)
    with pytest.raises(ValueError, match=r"labels must be a 1-D array of 2 class numbers, got shape \(2, 1\)"):
        forward(X, labels[:, None], weights, biases)
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 3\], got 0..4"):
        forward(X, np.array([0, 4]), weights, biases)
    holed, infinite = X.copy(), weights[1].copy()
    holed[1, 2], infinite[0, 3] = np.nan, np.inf
    with pytest.raises(ValueError, match=r"X contains 1 NaN or infinite value\(s\), the first nan at index \(1, 2\)"):
        forward(holed, labels, weights, biases)
    with pytest.raises(ValueError, match=r"weights\[1\] contains 1 NaN or infinite .* the first inf at index \(0, 3\)"):
        forward(X, labels, [weights[0], infinite], biases)
    with pytest.raises(TypeError, match="weights must be a list of arrays, got array"):
        forward(X, labels, weights[0], biases)
    cache = forward(X, labels, weights, biases)[1]
    with pytest.raises(TypeError, match=r"cache must be a ForwardCache \(the one forward returned\), got \{'X'"):
        backward({"X": X}, weights)
    with pytest.raises(ValueError, match="weights has 1 layers, the cache 2"):
        backward(cache, weights[:1])
    with pytest.raises(ValueError, match=r"weights\[1\] must have shape \(5, 4\) as in the forward pass, got \(5, 5\)"):
        backward(cache, [weights[0], np.zeros((5, 5))])

"""Layers, networks, the training loop, the optimiser and the data generators (the losses: test_losses.py)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_lib import Tensor
from lecture_lib.algorithms import data
from lecture_lib.engine.nn import MLP, Linear, accuracy, fit
from lecture_lib.engine.optim import SGD


def test_mlp_learns_xor_to_full_accuracy():
    X, y = data.logic_gate("xor")
    model = MLP([2, 8, 2], activation="tanh", seed=0)
    history = fit(model, X, y, steps=300, lr=0.1)
    assert history[-1] < 0.05 < history[0]
    assert accuracy(model, X, y) == 1.0


def test_xor_clouds_learned_by_a_relu_mlp():
    X, y = data.xor_clouds(200, noise=0.15, seed=1)
    model = MLP([2, 16, 2], activation="relu", seed=0)
    fit(model, X, y, steps=300, lr=0.1)
    assert accuracy(model, X, y) > 0.95


def test_linear_network_without_activation_is_one_matrix():
    model = MLP([2, 5, 7, 3], activation=None, seed=3)
    x = np.random.default_rng(0).normal(size=(10, 2))
    W = np.linalg.multi_dot([layer.weight.data for layer in model.layers])
    b = model(np.zeros((1, 2))).data
    np.testing.assert_allclose(model(x).data, x @ W + b, atol=1e-12)


def test_sgd_momentum_matches_the_pytorch_update_rule():
    p = Tensor([1.0], requires_grad=True)
    optimiser = SGD([p], lr=0.1, momentum=0.5)
    for _ in range(2):
        optimiser.zero_grad()
        (p * 2.0).sum().backward()
        optimiser.step()
    # v1 = 2, p1 = 0.8; v2 = 0.5 * 2 + 2 = 3, p2 = 0.8 - 0.3 = 0.5
    assert p.data[0] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: MLP([2]), r"sizes needs at least an input and an output size, got \[2\]"),
        (lambda: MLP([2, 3], activation="swish"), "activation must be one of .* got 'swish'"),
        (lambda: MLP([2, 3], output_activation="swish"), "activation must be one of .* got 'swish'"),
        (lambda: MLP([2, 3])(np.ones((4, 5))), r"expects inputs of shape \(n, 2\), got \(4, 5\)"),
        (lambda: Linear(0, 3, np.random.default_rng()), "n_in must be an integer >= 1, got 0"),
        (lambda: fit(MLP([2, 2]), np.ones((3, 2)), [0, 1, 0], loss="l1"), "loss must be one of .* got 'l1'"),
        (lambda: fit(MLP([2, 2]), np.ones((3, 2)), [0, 1]), r"X of shape \(n, d\) and y of length n, got \(3, 2\)"),
        (lambda: SGD([], lr=-1), "lr must be a finite number > 0, got -1"),
        (lambda: SGD([], lr=0.1, momentum=1.0), r"momentum must be a finite number in \[0, 1\), got 1.0"),
        (lambda: data.logic_gate("xnor"), "unknown gate 'xnor'"),
        (lambda: data.circles(10, factor=2), r"factor must be a finite number in \(0, 1\), got 2"),
        (lambda: data.spirals(0), "must be an integer >= 1, got 0"),
    ],
)
def test_bad_arguments_raise_errors_that_name_them(make, message):
    with pytest.raises(ValueError, match=message):
        make()


def test_fit_returns_one_loss_per_step_and_is_deterministic():
    X, y = data.xor_clouds(40, noise=0.2, seed=0)
    first = fit(MLP([2, 4, 2], seed=1), X, y, steps=5, batch_size=8, seed=2)
    again = fit(MLP([2, 4, 2], seed=1), X, y, steps=5, batch_size=8, seed=2)
    assert len(first) == 5 and first == again


GENERATORS = [data.xor_clouds, data.blobs, data.circles, data.moons, lambda seed: data.spirals(seed=seed)]


@pytest.mark.parametrize("generate", GENERATORS)
@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_generators_are_seeded_and_well_formed(generate, seed):
    X, y = generate(seed=seed)
    X_again, y_again = generate(seed=seed)
    np.testing.assert_array_equal(X, X_again)
    np.testing.assert_array_equal(y, y_again)
    assert X.dtype == np.float64 and X.shape == (len(y), 2) and y.dtype.kind == "i"
    assert np.all(np.isfinite(X)) and len(np.unique(y)) >= 2


def test_logic_gates_truth_tables():
    for name, outputs in {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "xor": [0, 1, 1, 0]}.items():
        X, y = data.logic_gate(name)
        np.testing.assert_array_equal(y, outputs)
        np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])

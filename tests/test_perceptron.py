"""The perceptron rule, its cycle on XOR and the proof that no line separates XOR."""

import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_lib.algorithms import data
from lecture_lib.algorithms.perceptron import (
    combine,
    find_contradiction,
    gate_inequalities,
    gates_computed,
    perceptron_predict,
    separating_fraction,
    separation_inequalities,
    train_perceptron,
)

CORNERS = data.logic_gate("and")[0]
ALL_LABELINGS = [np.array(labels) for labels in itertools.product((0, 1), repeat=4)]


@pytest.mark.parametrize("gate", ["and", "or"])
def test_perceptron_learns_and_and_or(gate):
    X, y = data.logic_gate(gate)
    run = train_perceptron(X, y)
    assert run.converged and run.cycle_start is None
    assert run.errors_per_epoch[-1] == 0 and all(e > 0 for e in run.errors_per_epoch[:-1])
    np.testing.assert_array_equal(perceptron_predict(X, run.weights, run.bias), y)


def test_perceptron_cycles_on_xor_and_the_cycle_really_repeats():
    X, y = data.logic_gate("xor")
    run = train_perceptron(X, y, max_epochs=1000)
    assert not run.converged
    assert run.cycle_start is not None and run.cycle_length >= 1
    assert len(run.errors_per_epoch) == run.cycle_start + run.cycle_length  # stopped as soon as it repeated
    longer = train_perceptron(X, y, max_epochs=run.cycle_start + 3 * run.cycle_length + 1, stop_at_cycle=False)
    assert (longer.cycle_start, longer.cycle_length) == (run.cycle_start, run.cycle_length)
    for epoch in range(run.cycle_start, len(longer.states) - run.cycle_length):
        assert longer.states[epoch] == longer.states[epoch + run.cycle_length]
        assert longer.errors_per_epoch[epoch] == longer.errors_per_epoch[epoch + run.cycle_length] > 0


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_perceptron_separates_any_separable_data(seed):
    rng = np.random.default_rng(seed)
    true_weights, true_bias = rng.normal(size=2), rng.normal()
    X = rng.uniform(-2, 2, (40, 2))
    margin = X @ true_weights + true_bias
    X, margin = X[np.abs(margin) > 0.2], margin[np.abs(margin) > 0.2]
    y = (margin > 0).astype(int)
    run = train_perceptron(X, y, lr=0.5, max_epochs=5000)
    assert run.converged
    np.testing.assert_array_equal(perceptron_predict(X, run.weights, run.bias), y)


@pytest.mark.parametrize("labels", ALL_LABELINGS, ids=lambda y: "".join(map(str, y)))
def test_contradiction_exactly_for_xor_and_xnor_and_perceptron_agrees(labels):
    inequalities = separation_inequalities(CORNERS, labels)
    multipliers = find_contradiction(inequalities)
    is_xor_like = labels.tolist() in ([0, 1, 1, 0], [1, 0, 0, 1])
    assert (multipliers is not None) == is_xor_like
    run = train_perceptron(CORNERS, labels, max_epochs=1000)
    assert run.converged == (not is_xor_like)
    assert (run.cycle_start is not None) == is_xor_like
    if multipliers is not None:
        coefficients, strict = combine(inequalities, multipliers)
        assert strict and np.all(coefficients == 0) and np.all(multipliers >= 0)
    else:
        # A line exists: the perceptron's satisfies every inequality.
        theta = np.array([*run.weights, run.bias])
        for inequality in inequalities:
            value = np.dot(inequality.coefficients, theta)
            assert value > 0 if inequality.strict else value >= 0


def test_xor_inequalities_are_the_four_of_the_proof():
    texts = [inequality.text for inequality in gate_inequalities("xor")]
    assert texts == ["0·w1 + 0·w2 + b <= 0", "0·w1 + 1·w2 + b > 0", "1·w1 + 0·w2 + b > 0", "1·w1 + 1·w2 + b <= 0"]
    np.testing.assert_array_equal(find_contradiction(gate_inequalities("xor")), [1, 1, 1, 1])


def test_separating_fraction_counts_lines_that_compute_the_gate():
    values = np.linspace(-2, 2, 9)
    assert separating_fraction("xor", values) == 0.0
    for gate in ("and", "or"):
        X, y = data.logic_gate(gate)
        count = sum(
            (perceptron_predict(X, np.array([w1, w2]), b) == y).all()
            for w1, w2, b in itertools.product(values, repeat=3)
        )
        assert count > 0
        assert separating_fraction(gate, values) == pytest.approx(count / values.size**3)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"X": np.zeros((4, 2)), "y": np.zeros(3, int)}, r"y must be a 1-D array of 4 class numbers, got shape \(3,\)"),
        ({"X": np.zeros((4, 2)), "y": np.array([0, 1, 2, 0])}, r"y must lie in \[0, 1\], got 0..2"),
        ({"X": np.zeros((4, 2)), "y": np.zeros(4, int), "lr": 0.0}, "lr must be a finite number > 0, got 0.0"),
        ({"X": np.zeros((4, 2)), "y": np.zeros(4, int), "max_epochs": 0}, "max_epochs must be an integer >= 1, got 0"),
        ({"X": np.zeros((4, 2)), "y": np.zeros(4, int), "initial_weights": np.zeros(3)},
         r"initial_weights must have shape \(2,\), got shape \(3,\)"),
    ],
)
def test_train_perceptron_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        train_perceptron(**kwargs)


def test_combine_rejects_negative_multipliers_and_predict_checks_shapes():
    with pytest.raises(ValueError, match="non-negative"):
        combine(gate_inequalities("xor"), np.array([1.0, -1.0, 1.0, 1.0]))
    with pytest.raises(ValueError, match=r"weights must have shape \(2,\), got shape \(3,\)"):
        perceptron_predict(np.zeros((4, 2)), np.zeros(3), 0.0)
    with pytest.raises(TypeError, match=r"y must be integer class numbers, got .*dtype float64"):
        train_perceptron(np.zeros((4, 2)), np.zeros(4))
    with pytest.raises(ValueError, match=r"values must have 1 to 101 entries .*got 1000"):
        separating_fraction("and", np.linspace(-1, 1, 1000))
    with pytest.raises(ValueError, match=r"values must have 1 to 101 entries .*got 0"):
        separating_fraction("and", [])


@settings(max_examples=50, deadline=None)
@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(-3, 3))
def test_gates_computed_names_at_most_one_gate_whose_table_the_neuron_reproduces(w1, w2, b):
    weights = np.array([w1, w2])
    gates = gates_computed(weights, b)
    assert len(gates) <= 1 and "xor" not in gates
    for gate in gates:
        np.testing.assert_array_equal(perceptron_predict(CORNERS, weights, b), data.logic_gate(gate)[1])


def test_gates_computed_on_the_chapters_settings():
    assert gates_computed(np.array([1.0, 1.0]), -1.5) == ["and"]
    assert gates_computed(np.array([-1.0, -1.0]), 0.5) == ["nor"]
    assert gates_computed(np.array([0.0, 0.0]), 0.5) == []
    # Every gate but XOR is reached on a coarse grid of settings, each by some line.
    reached = {gate for w1, w2, b in itertools.product(np.arange(-2, 2.5, 0.5), repeat=3)
               for gate in gates_computed(np.array([w1, w2]), b)}
    assert reached == {"and", "or", "nand", "nor"}

"""The most accurate straight line and the best threshold, checked against exhaustive searches."""

import itertools

import numpy as np
import pytest

from lecture_lib.algorithms import data
from lecture_lib.algorithms.best_line import best_line, best_threshold


def oracle_line_accuracy(X: np.ndarray, y: np.ndarray) -> float:
    """Exhaustive: a best line can be moved until it passes through two points without changing
    its other answers, and then rotated or shifted a little to put those two on any sides."""
    best = max(np.mean(y == 0), np.mean(y == 1))
    for i, j in itertools.combinations(range(len(X)), 2):
        d = X[j] - X[i]
        normal = np.array([-d[1], d[0]])
        if not normal.any():
            continue
        side = (X - X[i]) @ normal
        others = np.ones(len(X), dtype=bool)
        others[[i, j]] = False
        for sign in (1, -1):
            right = np.sum((sign * side[others] > 0) == (y[others] == 1))
            best = max(best, (right + 2) / len(X))  # the two points on the line: both right
    return best


def brute_force_line_accuracy(X: np.ndarray, y: np.ndarray, directions: int = 720) -> float:
    """A lower bound: many directions, every cut along each."""
    best = 0.0
    for angle in np.linspace(0, 2 * np.pi, directions, endpoint=False):
        projections = X @ np.array([np.cos(angle), np.sin(angle)])
        cuts = np.concatenate([[projections.min() - 1], (np.sort(projections)[1:] + np.sort(projections)[:-1]) / 2])
        for cut in cuts:
            best = max(best, np.mean((projections > cut) == (y == 1)))
    return best


@pytest.mark.parametrize("seed", range(12))
def test_best_line_equals_the_exhaustive_search_and_its_line_scores_it(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(2, 14))
    X, y = rng.normal(size=(n, 2)), rng.integers(0, 2, n)
    line = best_line(X, y)
    assert line.accuracy == pytest.approx(oracle_line_accuracy(X, y))
    assert np.mean(line.predict(X) == y) == pytest.approx(line.accuracy)
    assert line.accuracy >= brute_force_line_accuracy(X, y) - 1e-12
    assert np.linalg.norm(line.weights) == pytest.approx(1.0)


def test_gates_one_line_computes_score_one_and_xor_three_of_four():
    for gate in ("and", "or", "nand", "nor"):
        assert best_line(*data.logic_gate(gate)).accuracy == 1.0
    assert best_line(*data.logic_gate("xor")).accuracy == 0.75


def test_coincident_points_stay_on_one_side():
    # (0, 1) and (1, 0) of XOR mapped onto one point, the others on the same line: 0, 1, 1, 0.
    X = np.array([[0.0, 0.0], [0.9, 0.9], [0.9, 0.9], [1.0, 1.0]])
    y = np.array([0, 1, 1, 0])
    line = best_line(X, y)
    assert line.accuracy == 0.75
    assert np.mean(line.predict(X) == y) == 0.75
    same = np.array([[1.0, 2.0]] * 3)
    assert best_line(same, np.array([1, 0, 1])).accuracy == pytest.approx(2 / 3)


def test_separable_clouds_are_separated():
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(size=(30, 2)) + [4, 1], rng.normal(size=(30, 2)) - [4, 1]])
    y = np.repeat([1, 0], 30)
    assert best_line(X, y).accuracy == 1.0


@pytest.mark.parametrize("seed", range(6))
def test_best_threshold_equals_every_cut_tried(seed):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 6, 15).astype(float)  # ties included
    y = rng.integers(0, 2, 15)
    threshold = best_threshold(values, y)
    candidates = np.concatenate([[values.min() - 1], np.unique(values)])
    expected = max(max(np.mean((values > c) == (y == 1)), np.mean((values <= c) == (y == 1))) for c in candidates)
    assert threshold.accuracy == pytest.approx(expected)
    assert np.mean(threshold.predict(values[:, None]) == y) == pytest.approx(expected)


@pytest.mark.parametrize(
    "X, y, message",
    [
        (np.zeros((3, 3)), np.zeros(3, int), r"shape \(n, 2\)"),
        (np.zeros((0, 2)), np.zeros(0, int), r"n >= 1"),
        (np.array([[0.0, np.nan]]), np.zeros(1, int), r"X contains 1 NaN .* the first nan at index \(0, 1\)"),
        (np.zeros((3, 2)), np.array([0, 1, 2]), r"y must lie in \[0, 1\], got 0..2"),
        (np.zeros((3, 2)), np.array([0, 1]), r"y must be a 1-D array of 3 class numbers, got shape \(2,\)"),
    ],
)
def test_best_line_rejects_bad_input(X, y, message):
    with pytest.raises(ValueError, match=message):
        best_line(X, y)


def test_best_threshold_rejects_bad_input():
    with pytest.raises(ValueError, match=r"values must be 1-D, got shape \(2, 2\)"):
        best_threshold(np.zeros((2, 2)), np.zeros(2, int))
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\], got 0..5"):
        best_threshold(np.zeros(2), np.array([0, 5]))

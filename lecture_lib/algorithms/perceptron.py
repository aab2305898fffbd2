"""The perceptron learning rule, its cycle on XOR, and the proof that no line separates XOR.

A perceptron predicts ``1`` when ``w . x + b > 0`` and ``0`` otherwise. Rosenblatt's rule
visits the examples in order and, after each mistake, moves the line towards the example:
``w <- w + lr (y - y_hat) x`` and ``b <- b + lr (y - y_hat)``. When a line separating the
two classes exists, the rule finds one in finitely many steps; when none exists it never
stops making mistakes. Because the rule is deterministic, the moment it starts an epoch in a
state (w, b) it has started an epoch in before, it is certain to repeat itself forever: that
is the cycle ``train_perceptron`` detects.

Why no line exists for XOR is a four-line argument over the inequalities that a separating
(w1, w2, b) would have to satisfy; ``gate_inequalities`` writes them down and
``find_contradiction`` finds the non-negative combination of them that reads ``0 > 0``.

Used in chapter 02_neuron_and_xor.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from lecture_lib.algorithms import data
from lecture_lib.engine import checks

# separating_fraction tries m^3 lines for m values: 101 values give a million lines.
MAX_GRID_VALUES = 101


def perceptron_predict(X: np.ndarray, weights: np.ndarray, bias: float) -> np.ndarray:
    """The perceptron's outputs: 1 where ``X @ weights + bias > 0``, else 0.

    Parameters
    ----------
    X : numpy.ndarray, shape (n, d)
    weights : numpy.ndarray, shape (d,)
    bias : float

    Returns
    -------
    numpy.ndarray of int, shape (n,)
    """
    X = checks.real_array("X", X, ndim=2, dtype=np.float64)
    weights = checks.real_array("weights", weights, shape=X.shape[1:], dtype=np.float64)
    return (X @ weights + checks.number("bias", bias) > 0).astype(np.int64)


def gates_computed(weights: np.ndarray, bias: float) -> list[str]:
    """The logic gates (of ``data.LOGIC_GATES``) a step neuron computes on the four rows of a truth table.

    Parameters
    ----------
    weights : numpy.ndarray, shape (2,)
    bias : float

    Returns
    -------
    list of str
        The names of the gates whose every row the neuron ``w . x + b > 0`` gets right, in
        the order of ``data.LOGIC_GATES`` (at most one: the gates differ on some row).
    """
    gates = []
    for gate in data.LOGIC_GATES:
        X, y = data.logic_gate(gate)
        if (perceptron_predict(X, weights, bias) == y).all():
            gates.append(gate)
    return gates


@dataclass
class PerceptronRun:
    """What happened while the perceptron rule ran.

    Attributes
    ----------
    weights, bias :
        The final line.
    errors_per_epoch : list of int
        Mistakes made (updates done) in each epoch.
    states : list of tuple
        ``(w1, ..., wd, b)`` at the start of each epoch.
    converged : bool
        True if an epoch ended with no mistake.
    cycle_start, cycle_length : int or None
        If the rule returned to a state it had started an epoch in: the first epoch of the
        cycle and the number of epochs after which it repeats.
    """

    weights: np.ndarray
    bias: float
    errors_per_epoch: list[int] = field(default_factory=list)
    states: list[tuple[float, ...]] = field(default_factory=list)
    converged: bool = False
    cycle_start: int | None = None
    cycle_length: int | None = None


def train_perceptron(
    X: np.ndarray,
    y: np.ndarray,
    lr: float = 1.0,
    max_epochs: int = 100,
    initial_weights: np.ndarray | None = None,
    initial_bias: float = 0.0,
    stop_at_cycle: bool = True,
) -> PerceptronRun:
    """Run Rosenblatt's perceptron rule until it converges, cycles or runs out of epochs.

    Parameters
    ----------
    X : numpy.ndarray, shape (n, d)
        Inputs, visited in this order every epoch.
    y : numpy.ndarray of int, shape (n,)
        Targets in {0, 1}.
    lr : float
        Learning rate, > 0 (with lr = 1 and integer inputs every state is exact, so a
        repeat is detected exactly).
    max_epochs : int
        Upper bound on the number of passes over the data, >= 1.
    initial_weights : numpy.ndarray, shape (d,), optional
        Start (default: zeros).
    initial_bias : float
    stop_at_cycle : bool
        Stop as soon as a cycle is detected (default), or keep going to ``max_epochs`` to
        watch the cycle repeat.

    Returns
    -------
    PerceptronRun
    """
    X = checks.real_array("X", X, ndim=2, dtype=np.float64)
    y = checks.class_labels("y", y, n=len(X), classes=2)
    lr = checks.number("lr", lr, above=0)
    max_epochs = checks.integer("max_epochs", max_epochs, minimum=1)
    weights = np.zeros(X.shape[1]) if initial_weights is None else checks.real_array(
        "initial_weights", initial_weights, shape=X.shape[1:], dtype=np.float64).copy()
    run = PerceptronRun(weights=weights, bias=checks.number("initial_bias", initial_bias))
    first_seen: dict[tuple[float, ...], int] = {}
    for epoch in range(max_epochs):
        # A state seen before at the start of an epoch: every later epoch repeats the
        # epochs since then, so the rule cycles forever.
        state = (*run.weights.tolist(), run.bias)
        if state in first_seen and run.cycle_start is None:
            run.cycle_start = first_seen[state]
            run.cycle_length = epoch - first_seen[state]
            if stop_at_cycle:
                return run
        first_seen.setdefault(state, epoch)
        run.states.append(state)

        # One epoch: visit every example, move the line after each mistake.
        mistakes = 0
        for x, target in zip(X, y, strict=True):
            error = int(target) - int(run.weights @ x + run.bias > 0)
            if error:
                run.weights = run.weights + lr * error * x
                run.bias += lr * error
                mistakes += 1
        run.errors_per_epoch.append(mistakes)
        if mistakes == 0:
            run.converged = True
            return run
    return run


# ----------------------------------------------------------- no line separates XOR
@dataclass(frozen=True)
class Inequality:
    """``coefficients . (w1, w2, b) > 0`` if ``strict``, else ``>= 0``; ``text`` says it in words."""

    coefficients: tuple[float, ...]
    strict: bool
    text: str


def separation_inequalities(X: np.ndarray, y: np.ndarray) -> list[Inequality]:
    """The conditions a line (w1, w2, b) must meet to output ``y`` on the points ``X``.

    For a point x with target 1 the neuron needs ``w1 x1 + w2 x2 + b > 0``; for target 0
    it needs ``w1 x1 + w2 x2 + b <= 0``, written as ``-(w1 x1 + w2 x2 + b) >= 0``.

    Parameters
    ----------
    X : numpy.ndarray, shape (n, 2)
    y : numpy.ndarray of int, shape (n,)
        Targets in {0, 1}.

    Returns
    -------
    list of Inequality
        One per point.
    """
    X = checks.real_array("X", X, ndim=2, dtype=np.float64)
    if X.shape[1] != 2:
        raise ValueError(f"separation_inequalities needs X of shape (n, 2), got {X.shape}")
    y = checks.class_labels("y", y, n=len(X), classes=2)
    inequalities = []
    for (x1, x2), target in zip(X, y, strict=True):
        row = (float(x1), float(x2), 1.0)
        sum_text = f"{x1:g}·w1 + {x2:g}·w2 + b"
        if target == 1:
            inequalities.append(Inequality(row, True, f"{sum_text} > 0"))
        else:
            inequalities.append(Inequality(tuple(-v for v in row), False, f"{sum_text} <= 0"))
    return inequalities


def gate_inequalities(gate: str) -> list[Inequality]:
    """``separation_inequalities`` of the truth table of ``gate`` ("and", "or" or "xor")."""
    return separation_inequalities(*data.logic_gate(gate))


def _rows(inequalities: object) -> np.ndarray:
    """The coefficients of a non-empty list of Inequality, one row each."""
    if not isinstance(inequalities, Sequence) or not inequalities or not all(
        isinstance(inequality, Inequality) for inequality in inequalities
    ):
        raise TypeError(f"inequalities must be a non-empty list of Inequality, got {inequalities!r}")
    return np.array([inequality.coefficients for inequality in inequalities])


def combine(inequalities: list[Inequality], multipliers: np.ndarray) -> tuple[np.ndarray, bool]:
    """Add up ``multipliers[i]`` times inequality i (multipliers must be >= 0).

    Returns
    -------
    coefficients : numpy.ndarray
        The coefficients of the summed inequality.
    strict : bool
        Whether the sum is strict (some strict inequality has a positive multiplier).
    """
    rows = _rows(inequalities)
    multipliers = checks.real_array("multipliers", multipliers, shape=(len(inequalities),), dtype=np.float64)
    if (multipliers < 0).any():
        raise ValueError(f"need {len(inequalities)} non-negative multipliers, got {multipliers}")
    strict = any(m > 0 and inequality.strict for m, inequality in zip(multipliers, inequalities, strict=True))
    return multipliers @ rows, strict


def find_contradiction(inequalities: list[Inequality], tol: float = 1e-12) -> np.ndarray | None:
    """Non-negative multipliers whose sum of the inequalities reads ``0 > 0``, if any exist.

    Farkas' lemma: the system has no solution exactly when some non-negative combination
    of the rows is zero with at least one strict row involved. This looks for the
    combination in the null space of the rows (found by SVD); it handles systems whose
    null space is one-dimensional, as for the four rows of a gate's truth table in three
    unknowns.

    Parameters
    ----------
    inequalities : list of Inequality
    tol : float
        Singular values below ``tol`` (>= 0) count as zero.

    Returns
    -------
    numpy.ndarray or None
        The multipliers scaled so the largest is 1, or None if the null space holds no
        contradiction (then the inequalities may well have a solution).

    Raises
    ------
    ValueError
        If the null space is not one-dimensional.
    """
    tol = checks.number("tol", tol, minimum=0)
    rows = _rows(inequalities)
    _, singular_values, vt = np.linalg.svd(rows.T)
    rank = int((singular_values > tol).sum())
    null_space = vt[rank:]
    if len(null_space) != 1:
        raise ValueError(f"find_contradiction handles a one-dimensional null space, got dimension {len(null_space)}")
    multipliers = null_space[0] / null_space[0][np.argmax(np.abs(null_space[0]))]
    multipliers[np.abs(multipliers) < tol] = 0.0
    if (multipliers < 0).any():
        return None
    # SVD leaves round-off of order 1e-16. Rows with small integer coefficients have
    # multipliers in small integer ratios: snap to them, so that the check below is exact.
    for denominator in range(1, 13):
        snapped = np.round(multipliers * denominator)
        if np.allclose(snapped / denominator, multipliers, atol=1e-9):
            multipliers = snapped
            break
    coefficients, strict = combine(inequalities, multipliers)
    cancels = np.all(coefficients == 0) or np.allclose(coefficients, 0, atol=1e-9)
    return multipliers / multipliers.max() if strict and cancels else None


def separating_fraction(gate: str, values: np.ndarray) -> float:
    """Fraction of the lines (w1, w2, b) on the grid ``values``^3 that compute ``gate``.

    Brute-force evidence next to the proof: many grid lines compute AND or OR, none XOR.

    Parameters
    ----------
    gate : {"and", "or", "xor"}
    values : numpy.ndarray, shape (m,)
        Candidate values for each of w1, w2 and b, finite; 1 to ``MAX_GRID_VALUES`` of
        them (the grid holds m^3 lines).

    Returns
    -------
    float
    """
    X, y = data.logic_gate(gate)
    values = checks.real_array("values", values, ndim=1)
    if not 1 <= values.size <= MAX_GRID_VALUES:
        raise ValueError(f"values must have 1 to {MAX_GRID_VALUES} entries (the grid has m^3 lines), "
                         f"got {values.size}")
    w1, w2, b = (axis.ravel() for axis in np.meshgrid(values, values, values, indexing="ij"))
    outputs = (np.outer(w1, X[:, 0]) + np.outer(w2, X[:, 1]) + b[:, None] > 0).astype(np.int64)
    return float(np.mean((outputs == y).all(axis=1)))

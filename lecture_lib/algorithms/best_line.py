"""The best a single straight line can do: the most accurate half-plane classifier of 2-D points.

A line ``w . x + b = 0`` with class 1 on its positive side classifies every point. Which
points it gets right depends only on the order in which the direction ``w`` sorts the
points and on where along that order the line cuts. That order changes only when ``w``
becomes perpendicular to the segment between two points, so one direction between each
pair of neighbouring such critical directions, and every cut along it, covers every
distinct way a line can split the points: ``best_line`` checks them all, and its answer is
exact (no line scores more), unlike a search over a grid of lines. ``best_threshold`` is
the same search on a single feature.

Used in chapters 02_neuron_and_xor (the best output line in a hidden space) and
03_mlp_and_nonlinearity (the best line on the circles and the XOR clouds, against what
gradient descent leaves a linear model at).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_lib.engine import checks

# Directions are scored in blocks of this many, to bound the memory (block x n numbers).
_BLOCK = 2048


@dataclass(frozen=True)
class BestLine:
    """The most accurate line found by ``best_line``.

    Attributes
    ----------
    accuracy : float
        Fraction of the points it classifies right.
    weights : numpy.ndarray, shape (2,) or (1,)
        A unit normal of the line, pointing to the side of class 1 (for a threshold on one
        feature, ``best_threshold``: +1 or -1).
    bias : float
        The line is ``weights . x + bias = 0``.
    """

    accuracy: float
    weights: np.ndarray
    bias: float

    def predict(self, X: np.ndarray) -> np.ndarray:
        """1 where ``X @ weights + bias > 0``, else 0 (shape (n,))."""
        return (np.asarray(X, dtype=np.float64) @ self.weights + self.bias > 0).astype(np.int64)


def _critical_angles(X: np.ndarray) -> np.ndarray:
    """The angles in [0, pi) of the directions perpendicular to a segment between two points."""
    first, second = np.triu_indices(len(X), 1)
    differences = X[second] - X[first]
    differences = differences[np.any(differences != 0, axis=1)]  # coincident points never swap
    # The direction (cos a, sin a) is perpendicular to (dx, dy) when a = atan2(dx, -dy), mod pi.
    return np.unique(np.arctan2(differences[:, 0], -differences[:, 1]) % np.pi)


def _best_cut(projections: np.ndarray, y: np.ndarray) -> tuple[int, int, float, float]:
    """The best single cut along any row of ``projections`` (directions, points).

    Returns the points it gets right, the row, the threshold and the side of class 1
    (+1: above the threshold, -1: below it). A direction and its opposite sort the points
    in reverse, so each row is scored both ways.
    """
    order = np.argsort(projections, axis=1)
    projections = np.take_along_axis(projections, order, axis=1)
    labels = y[order]
    # Cut k puts the k lowest projections on one side. Class 1 above the cut ("up") gets
    # right the zeros below it and the ones above it; class 1 below gets the rest right. A
    # cut between two equal projections is no cut.
    zeros_below = np.column_stack([np.zeros(len(projections)), np.cumsum(1 - labels, axis=1)])
    ones_below = np.column_stack([np.zeros(len(projections)), np.cumsum(labels, axis=1)])
    up = zeros_below + (y.sum() - ones_below)
    ties = np.zeros(up.shape, dtype=bool)
    ties[:, 1:-1] = projections[:, 1:] <= projections[:, :-1]
    best = (-1, 0, 0.0, 1.0)
    for sign, right in ((1.0, up), (-1.0, len(y) - up)):
        right = np.where(ties, -1, right)
        row, cut = np.unravel_index(np.argmax(right), right.shape)
        if right[row, cut] > best[0]:
            ends = projections[row, [0, -1]]
            padded = np.concatenate([[ends[0] - 1], projections[row], [ends[1] + 1]])
            best = (int(right[row, cut]), int(row), float((padded[cut] + padded[cut + 1]) / 2), sign)
    return best


def best_threshold(values: np.ndarray, y: np.ndarray) -> BestLine:
    """The best single threshold on one feature: class 1 on one side of it, class 0 on the other.

    Parameters
    ----------
    values : numpy.ndarray, shape (n,)
        One number per point (a feature such as the distance to the origin).
    y : numpy.ndarray of int, shape (n,)
        Labels in {0, 1}.

    Returns
    -------
    BestLine
        With ``weights`` of shape (1,), +1 or -1: class 1 where ``weights[0] * value + bias > 0``.
    """
    values = checks.real_array("values", values, ndim=1, dtype=np.float64)
    if len(values) == 0:
        raise ValueError("best_threshold needs at least one value")
    y = checks.class_labels("y", y, n=len(values), classes=2)
    right, _, threshold, sign = _best_cut(values[None, :], y)
    return BestLine(right / len(values), np.array([sign]), -sign * threshold)


def best_line(X: np.ndarray, y: np.ndarray) -> BestLine:
    """The straight line that classifies the most points right, with its accuracy.

    Parameters
    ----------
    X : numpy.ndarray, shape (n, 2)
        The points (coincident points are allowed: a line keeps them on one side).
    y : numpy.ndarray of int, shape (n,)
        Labels in {0, 1}.

    Returns
    -------
    BestLine
        Its accuracy is the largest of any line (including the lines that put every point
        on one side, which score the share of the larger class).

    Raises
    ------
    ValueError
        If ``X`` is not (n, 2) with n >= 1, holds NaN or infinity, or ``y`` is not n
        labels in {0, 1}.
    """
    X = checks.real_array("X", X, ndim=2, dtype=np.float64)
    if X.shape[1] != 2 or len(X) == 0:
        raise ValueError(f"best_line needs points X of shape (n, 2) with n >= 1, got {X.shape}")
    y = checks.class_labels("y", y, n=len(X), classes=2)
    critical = _critical_angles(X)
    if len(critical) == 0:
        angles = np.array([0.0])  # all points coincide: every direction sorts them alike
    else:
        following = np.append(critical[1:], critical[0] + np.pi)
        angles = (critical + following) / 2
    best = (-1, 0.0, 0.0, 1.0)  # (points right, angle, threshold, +1 up or -1 down)
    for start in range(0, len(angles), _BLOCK):
        block = angles[start : start + _BLOCK]
        projections = np.column_stack([np.cos(block), np.sin(block)]) @ X.T  # (directions, points)
        right, direction, threshold, sign = _best_cut(projections, y)
        if right > best[0]:
            best = (right, float(block[direction]), threshold, sign)
    points_right, angle, threshold, sign = best
    normal = sign * np.array([np.cos(angle), np.sin(angle)])
    return BestLine(points_right / len(X), normal, -sign * threshold)

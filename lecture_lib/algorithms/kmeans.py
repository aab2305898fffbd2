"""k-means clustering with k-means++ seeding (Arthur and Vassilvitskii, 2007).

Lloyd's iterations alternate between assigning every point to its nearest centre and moving
each centre to the mean of its points; the start spreads the centres out by drawing each
next one with probability proportional to its squared distance from the chosen ones.

Used in chapter 01_image_features to learn the visual words of the bag of words.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_lib.engine import checks


@dataclass(frozen=True)
class KMeansResult:
    """Outcome of :func:`kmeans`: ``centres`` (k, d), ``labels`` (n,), ``inertia``, ``n_iter``."""

    centres: np.ndarray
    labels: np.ndarray
    inertia: float
    n_iter: int


def _squared_distances(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """(n, k) squared Euclidean distances by |x|^2 - 2 x.c + |c|^2, clipped at 0."""
    distances = points @ (-2.0 * centres.T)
    distances += (points**2).sum(axis=1)[:, None]
    distances += (centres**2).sum(axis=1)
    return np.maximum(distances, 0.0, out=distances)


def _nearest_centre(points: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """Index of each point's nearest centre.

    Minimises |c|^2 - 2 x.c over the centres c: the squared distance without the |x|^2
    term, which is the same for every centre.
    """
    scores = points @ (-2.0 * centres.T)
    scores += (centres**2).sum(axis=1)
    return scores.argmin(axis=1)


def kmeans_plus_plus(points: np.ndarray, n_clusters: int, rng: np.random.Generator) -> np.ndarray:
    """Choose ``n_clusters`` starting centres among ``points`` by k-means++.

    The first centre is a point drawn uniformly; every next one is drawn with probability
    proportional to its squared distance to the nearest centre chosen so far, so the
    centres start spread out (Arthur & Vassilvitskii, 2007). Used in chapter
    01_image_features.

    Parameters
    ----------
    points : ndarray, shape (n, d)
        Real, finite data.
    n_clusters : int
        1 <= n_clusters <= n.
    rng : numpy.random.Generator or int
        The only source of randomness (an integer seeds a new generator).

    Returns
    -------
    ndarray, shape (n_clusters, d)
        Copies of the chosen points.
    """
    points = checks.real_array("points", points, ndim=2, dtype=np.float64)
    n_points = points.shape[0]
    n_clusters = checks.integer("n_clusters", n_clusters, minimum=1, maximum=n_points)
    rng = checks.rng("rng", rng)
    chosen = [int(rng.integers(n_points))]
    nearest = _squared_distances(points, points[chosen]).ravel()
    for _ in range(1, n_clusters):
        total = nearest.sum()
        # All points already coincide with a centre: any remaining point will do.
        probabilities = nearest / total if total > 0 else np.full(n_points, 1.0 / n_points)
        chosen.append(int(rng.choice(n_points, p=probabilities)))
        nearest = np.minimum(nearest, _squared_distances(points, points[chosen[-1:]]).ravel())
    return points[chosen].copy()


def kmeans(
    points: np.ndarray, n_clusters: int, seed: int = 0, max_iter: int = 50, tol: float = 1e-6
) -> KMeansResult:
    """Lloyd's k-means from a seeded k-means++ start.

    Alternates two steps until no centre moves by more than ``tol`` (relative to the data's
    spread) or ``max_iter`` is reached: assign every point to its nearest centre, then
    move every centre to the mean of its points (a centre that lost all points stays).
    Same seed, same data -> same result. Used in chapter 01_image_features.

    Parameters
    ----------
    points : ndarray, shape (n, d)
        Real, finite data.
    n_clusters : int
        Number of centres, 1 <= n_clusters <= n.
    seed : int
        Seed (>= 0) of ``numpy.random.default_rng`` for the k-means++ start.
    max_iter : int
        Maximum number of assign/update rounds, >= 1.
    tol : float
        Stop when the largest squared centre move is below ``tol * mean variance`` (>= 0).

    Returns
    -------
    KMeansResult
    """
    data = checks.real_array("points", points, dtype=np.float64)
    if data.ndim != 2 or data.shape[0] == 0:
        raise ValueError(f"points must have shape (n, d) with n >= 1, got {data.shape}")
    n_clusters = checks.integer("n_clusters", n_clusters, minimum=1)
    if n_clusters > data.shape[0]:
        raise ValueError(f"n_clusters={n_clusters} exceeds the number of points {data.shape[0]}")
    max_iter = checks.integer("max_iter", max_iter, minimum=1)
    centres = kmeans_plus_plus(data, n_clusters, checks.rng("seed", seed))
    threshold = checks.number("tol", tol, minimum=0) * float(data.var(axis=0).mean())
    n_iter = 0
    while n_iter < max_iter:
        n_iter += 1
        labels = _nearest_centre(data, centres)
        counts = np.bincount(labels, minlength=n_clusters)
        sums = np.stack(
            [np.bincount(labels, weights=column, minlength=n_clusters) for column in data.T],
            axis=1,
        )
        new_centres = np.where(counts[:, None] > 0, sums / np.maximum(counts, 1)[:, None], centres)
        shift = float(((new_centres - centres) ** 2).sum(axis=1).max())
        centres = new_centres
        if shift <= threshold:
            break
    distances = _squared_distances(data, centres)
    labels = distances.argmin(axis=1)
    inertia = float(distances[np.arange(data.shape[0]), labels].sum())
    return KMeansResult(centres=centres, labels=labels, inertia=inertia, n_iter=n_iter)



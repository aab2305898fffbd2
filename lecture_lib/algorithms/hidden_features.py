"""Features that make a data set linearly separable: made by hand, or learned by a network.

Chapter 01 designed a feature map by hand and trained only a linear classifier on top. For
two circles around the origin the hand-made feature is the radius: in the coordinates
``polar_features`` computes (angle, radius) the two circles become two bands that one
straight line separates. A network learns its feature map instead: its last hidden layer,
``last_hidden_activations``, feeds a linear output layer, so whatever the network gets
right is separated by a straight line in that hidden space.

Used in chapters 02_neuron_and_xor (the hidden space of a 2-2-1 network) and
03_mlp_and_nonlinearity (the circles, by hand and learned).
"""

from __future__ import annotations

import numpy as np

from lecture_lib.engine import checks, nn


def polar_features(X: np.ndarray) -> np.ndarray:
    """The angle and the distance to the origin of each point.

    Parameters
    ----------
    X : numpy.ndarray, shape (n, 2)
        Finite.

    Returns
    -------
    numpy.ndarray, shape (n, 2)
        Column 0 the angle ``atan2(x2, x1)`` in (-pi, pi], column 1 the radius ``||x||``.
    """
    X = checks.real_array("X", X, ndim=2, dtype=np.float64)
    if X.shape[1] != 2:
        raise ValueError(f"polar_features needs points X of shape (n, 2), got {X.shape}")
    return np.column_stack([np.arctan2(X[:, 1], X[:, 0]), np.hypot(X[:, 0], X[:, 1])])


def last_hidden_activations(model: nn.MLP, X: np.ndarray) -> np.ndarray:
    """The outputs of an MLP's last hidden layer, the features its output layer classifies.

    Parameters
    ----------
    model : lecture_lib.engine.nn.MLP
        With at least one hidden layer.
    X : numpy.ndarray, shape (n, inputs)

    Returns
    -------
    numpy.ndarray, shape (n, width of the last hidden layer)
    """
    checks.instance("model", model, nn.MLP)
    if len(model.layers) < 2:
        raise ValueError(f"last_hidden_activations needs a hidden layer, got {model!r}")
    hidden = checks.real_array("X", X, ndim=2, dtype=np.float64)
    if hidden.shape[1] != model.sizes[0]:
        raise ValueError(f"X must have shape (n, {model.sizes[0]}) for {model!r}, got {hidden.shape}")
    for layer, activation in zip(model.layers[:-1], model.activations, strict=True):
        hidden = nn.ACTIVATIONS[activation](layer(hidden)).data
    return hidden

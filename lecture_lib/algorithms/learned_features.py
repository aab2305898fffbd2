"""Learned features: a two-layer network whose hidden layer is the feature extractor.

The network ``s = max(0, x W1 + b1) W2 + b2`` reads the raw pixels ``x``. Its hidden layer
``h = max(0, x W1 + b1)`` plays the part of the hand-made feature ``phi(x)``, and its output
layer is a linear classifier on ``h``; both are trained together by gradient descent on the
cross-entropy loss. Column ``j`` of ``W1`` (shape (pixels, hidden), the engine's row
convention) weighs every pixel for hidden unit ``j``: reshaped to the image's shape it is
that unit's *template*, the image pattern that raises the unit most (row ``j`` of the
lecture's W1, which is this ``W1.T``). Training adds to a random start, and with a few hundred
images the start is still most of every template, so ``first_layer_templates`` can also
subtract it to show what was learned.

Used in chapter 01_image_features.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_lib.engine import checks, nn

HIDDEN_UNITS = 100
# Chosen on the training loss alone (chapter 01's synthetic images, 600 training images): at
# a rate of 0.1 it blows up, at 0.03 it falls below 0.001 within these steps.
NETWORK_STEPS = 300
NETWORK_LEARNING_RATE = 0.03
NETWORK_BATCH_SIZE = 64


@dataclass(frozen=True)
class NetworkResult:
    """A trained two-layer network on raw pixels, its accuracies and its training loss.

    Attributes
    ----------
    model : lecture_lib.engine.nn.MLP
        The trained network, sizes (pixels, hidden units, classes).
    image_shape : tuple of int
        The shape of one image, to reshape the first layer's columns into templates.
    train_accuracy, test_accuracy : float
    test_predictions : numpy.ndarray of int
        The predicted class of every test image.
    losses : tuple of float
        The minibatch loss at every step, before that step's update.
    initial_weight : numpy.ndarray, shape (pixels, hidden units)
        The first layer's weight before training (its random start).
    """

    model: nn.MLP
    image_shape: tuple[int, ...]
    initial_weight: np.ndarray
    train_accuracy: float
    test_accuracy: float
    test_predictions: np.ndarray
    losses: tuple[float, ...]


def _check_images(images: object, labels: object, name: str) -> tuple[np.ndarray, np.ndarray]:
    images = checks.real_array(f"{name}_images", images, dtype=np.float64)
    if images.ndim < 2 or len(images) == 0:
        raise ValueError(f"{name}_images must be at least one image, shape (n, ...), got shape {images.shape}")
    labels = checks.class_labels(f"{name}_labels", labels, n=len(images))
    return images.reshape(len(images), -1), labels


def train_network(
    train_images: np.ndarray,
    train_labels: np.ndarray,
    test_images: np.ndarray,
    test_labels: np.ndarray,
    hidden_units: int = HIDDEN_UNITS,
    steps: int = NETWORK_STEPS,
    lr: float = NETWORK_LEARNING_RATE,
    batch_size: int = NETWORK_BATCH_SIZE,
    seed: int = 0,
) -> NetworkResult:
    """Train a network pixels -> ``hidden_units`` ReLUs -> classes on raw pixels.

    The pixels are centred on the training images' mean image and divided by one number,
    the standard deviation of all training pixels, so that the first layer's columns stay
    templates in pixel space (up to that one scale). Training: ``nn.fit``, softmax
    cross-entropy, SGD with momentum 0.9 on seeded minibatches.

    Parameters
    ----------
    train_images, test_images : numpy.ndarray, shape (n, ...)
        Images of one shape, e.g. (n, 8, 8) or (n, 32, 32, 3), finite, n >= 1.
    train_labels, test_labels : numpy.ndarray of int, shape (n,)
    hidden_units : int
        Width of the hidden layer, >= 1.
    steps : int
        Gradient steps, >= 1, each on ``batch_size`` training images drawn without replacement.
    lr : float
        Learning rate, finite and > 0.
    batch_size : int
        Images per step, at most the number of training images.
    seed : int
        Seed (>= 0) of the initial weights and of the minibatches.

    Returns
    -------
    NetworkResult
    """
    train_x, train_labels = _check_images(train_images, train_labels, "train")
    test_x, test_labels = _check_images(test_images, test_labels, "test")
    if test_x.shape[1] != train_x.shape[1]:
        raise ValueError(
            f"train and test images must have one shape, got {np.shape(train_images)[1:]} and "
            f"{np.shape(test_images)[1:]}"
        )
    hidden_units = checks.integer("hidden_units", hidden_units, minimum=1)
    steps = checks.integer("steps", steps, minimum=1)
    batch_size = checks.integer("batch_size", batch_size, minimum=1, maximum=len(train_x))
    mean = train_x.mean(axis=0)
    scale = train_x.std() or 1.0
    train_x, test_x = (train_x - mean) / scale, (test_x - mean) / scale
    n_classes = int(max(train_labels.max(), test_labels.max())) + 1
    model = nn.MLP([train_x.shape[1], hidden_units, n_classes], activation="relu", seed=seed)
    initial_weight = model.layers[0].weight.data.copy()
    losses = nn.fit(model, train_x, train_labels, steps=steps, lr=lr, batch_size=batch_size, seed=seed)
    return NetworkResult(
        model=model,
        image_shape=tuple(np.shape(train_images)[1:]),
        initial_weight=initial_weight,
        train_accuracy=nn.accuracy(model, train_x, train_labels),
        test_accuracy=nn.accuracy(model, test_x, test_labels),
        test_predictions=nn.predict(model, test_x),
        losses=tuple(losses),
    )


def parameter_count(model: nn.MLP) -> int:
    """The number of trained numbers in ``model``: every weight and every bias."""
    checks.instance("model", model, (nn.MLP, nn.Linear))
    return sum(parameter.data.size for parameter in model.parameters())


def first_layer_templates(result: NetworkResult, subtract_start: bool = False) -> np.ndarray:
    """Every hidden unit's weights on the pixels, reshaped to an image.

    Parameters
    ----------
    result : NetworkResult
        From ``train_network``.
    subtract_start : bool
        Subtract the random initial weights: what training added to each template.

    Returns
    -------
    numpy.ndarray, shape (hidden units, *image_shape)
        Template ``j`` is column ``j`` of the first layer's weight (row ``j`` of the
        lecture's W1); positive where bright pixels raise the unit's input.
    """
    checks.instance("result", result, NetworkResult, "from train_network")
    weight = result.model.layers[0].weight.data
    if subtract_start:
        weight = weight - result.initial_weight
    return weight.T.reshape(weight.shape[1], *result.image_shape).copy()


def first_layer_change(result: NetworkResult) -> float:
    """How far training moved the first layer: ``|W1 - W1_start| / |W1_start|`` (Frobenius norms)."""
    checks.instance("result", result, NetworkResult, "from train_network")
    weight = result.model.layers[0].weight.data
    return float(np.linalg.norm(weight - result.initial_weight) / np.linalg.norm(result.initial_weight))

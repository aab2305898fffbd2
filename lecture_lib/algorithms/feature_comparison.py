"""Comparing features fairly: one linear classifier, trained the same way on every feature.

``linear_classifier`` standardises the features and trains the same engine-built linear
softmax classifier on any of them, so that accuracies compare features, not classifiers;
``codebook_sweep`` repeats the bag-of-words experiment over several codebook sizes.

Used in chapter 01_image_features.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lecture_lib.algorithms.bag_of_words import Codebook, bag_of_words, fit_codebook
from lecture_lib.engine import checks, nn

TRAINING_STEPS = 300
LEARNING_RATE = 0.1


@dataclass(frozen=True)
class LinearResult:
    """Train and test accuracy of a linear classifier, and its test predictions."""

    train_accuracy: float
    test_accuracy: float
    test_predictions: np.ndarray


def linear_classifier(
    train_features: np.ndarray,
    train_labels: np.ndarray,
    test_features: np.ndarray,
    test_labels: np.ndarray,
    steps: int = TRAINING_STEPS,
    lr: float = LEARNING_RATE,
    seed: int = 0,
) -> LinearResult:
    """Train a linear softmax classifier ``s = z W + b`` on features ``z`` with the engine.

    Every feature is first standardised with the training set's mean and standard
    deviation (a constant feature is only centred), so that one learning rate suits all
    features. Training: ``lecture_lib.engine.nn.fit``, full batch, cross-entropy loss, SGD with
    momentum 0.9.

    Parameters
    ----------
    train_features, test_features : numpy.ndarray, shape (n, d)
        Finite.
    train_labels, test_labels : numpy.ndarray of int, shape (n,)
    steps : int
        Gradient steps, >= 0.
    lr : float
        Learning rate, > 0.
    seed : int
        Seed (>= 0) of the initial weights.

    Returns
    -------
    LinearResult
    """
    train_features = checks.real_array("train_features", train_features, ndim=2, dtype=np.float64)
    test_features = checks.real_array("test_features", test_features, ndim=2, dtype=np.float64)
    if test_features.shape[1:] != train_features.shape[1:]:
        raise ValueError(
            f"features must be (n, d) with the same d, got {train_features.shape} and "
            f"{test_features.shape}"
        )
    train_labels = checks.class_labels("train_labels", train_labels, n=len(train_features))
    test_labels = checks.class_labels("test_labels", test_labels, n=len(test_features))
    mean = train_features.mean(axis=0)
    spread = train_features.std(axis=0)
    spread[spread == 0] = 1.0
    n_classes = int(max(train_labels.max(), test_labels.max())) + 1
    model = nn.MLP([train_features.shape[1], n_classes], activation=None, seed=seed)
    train_z, test_z = (train_features - mean) / spread, (test_features - mean) / spread
    nn.fit(model, train_z, train_labels, loss="cross_entropy", steps=steps, lr=lr)
    return LinearResult(
        train_accuracy=nn.accuracy(model, train_z, train_labels),
        test_accuracy=nn.accuracy(model, test_z, test_labels),
        test_predictions=nn.predict(model, test_z),
    )


# ---------------------------------------------------------------- codebook size sweep
@dataclass(frozen=True)
class CodebookSweep:
    """Codebooks of several sizes and the linear classifier's accuracy on their words."""

    sizes: tuple[int, ...]
    codebooks: tuple[Codebook, ...]
    train_accuracy: tuple[float, ...]
    test_accuracy: tuple[float, ...]


def codebook_sweep(
    train_images: np.ndarray,
    train_labels: np.ndarray,
    test_images: np.ndarray,
    test_labels: np.ndarray,
    sizes: Sequence[int],
    patch_size: int = 4,
    stride: int = 4,
    max_patches: int = 5000,
    seed: int = 0,
) -> CodebookSweep:
    """Fit a codebook of each size on the training images and train a linear classifier.

    Parameters
    ----------
    train_images, test_images : numpy.ndarray, shape (n, H, W[, C])
    train_labels, test_labels : numpy.ndarray of int
    sizes : sequence of int
        Codebook sizes k, each >= 1.
    patch_size, stride, max_patches, seed
        As in ``lecture_lib.algorithms.bag_of_words.fit_codebook``.

    Returns
    -------
    CodebookSweep
    """
    sizes = checks.integers("sizes", sizes, minimum=1)
    codebooks, train_accuracy, test_accuracy = [], [], []
    for size in sizes:
        codebook = fit_codebook(train_images, size, patch_size, stride, max_patches, seed)
        result = linear_classifier(
            bag_of_words(train_images, codebook),
            train_labels,
            bag_of_words(test_images, codebook),
            test_labels,
        )
        codebooks.append(codebook)
        train_accuracy.append(result.train_accuracy)
        test_accuracy.append(result.test_accuracy)
    return CodebookSweep(sizes, tuple(codebooks), tuple(train_accuracy), tuple(test_accuracy))

"""The training playground's settings: everything a reader chooses before training, checked.

The data (set, noise, share of training points, batch size, seed), the input features, the
hidden layers with one activation each, the learning rate and momentum of SGD, and L1 or L2
regularisation with its rate, as TensorFlow Playground offers them; ``Settings`` refuses a
value the Playground does not offer, naming the setting.

Used in chapter 07_training_playground (by ``lecture_lib.algorithms.playground``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from lecture_lib.algorithms.playground_data import check_features, class_count

# The Playground's names of the activations, and the engine's.
ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "linear": None}
REGULARIZATIONS = ("none", "L1", "L2")
MAX_HIDDEN_LAYERS, MAX_UNITS, MAX_BATCH_SIZE = 6, 8, 30


def _is_number(value: object) -> bool:
    return not isinstance(value, bool) and isinstance(value, int | float | np.integer | np.floating)


@dataclass(frozen=True)
class Settings:
    """Everything the reader sets before training, checked when made.

    Attributes
    ----------
    dataset : str
        A name of ``playground_data.DATASETS``.
    noise : float
        0 to 0.5.
    train_share : float
        Share of the points used for training, 0.1 to 0.9; the rest are test points.
    batch_size : int
        Points per gradient step, 1 to 30.
    seed : int
        Seeds the data, the split, the initial weights and the batch order.
    features : tuple of str
        The inputs, names of ``playground_data.FEATURES``.
    hidden : tuple of int
        Units of each hidden layer: 0 to 6 layers of 1 to 8 units.
    activations : tuple of str
        One of "relu", "tanh", "sigmoid", "linear" per hidden layer.
    learning_rate, momentum : float
        SGD's settings: learning rate > 0, momentum in [0, 1).
    regularization : {"none", "L1", "L2"}
    regularization_rate : float
        >= 0; the penalty's weight in the objective.
    """

    dataset: str = "circle"
    noise: float = 0.0
    train_share: float = 0.5
    batch_size: int = 10
    seed: int = 0
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 2)
    activations: tuple[str, ...] = ("tanh", "tanh")
    learning_rate: float = 0.03
    momentum: float = 0.0
    regularization: str = "none"
    regularization_rate: float = 0.0

    def __post_init__(self) -> None:
        for name in ("features", "hidden", "activations"):
            if isinstance(getattr(self, name), str):
                raise TypeError(f"{name} must be a sequence, got the string {getattr(self, name)!r}")
            object.__setattr__(self, name, tuple(getattr(self, name)))
        class_count(self.dataset)
        check_features(self.features)
        numbers = {"noise": (0, 0.5), "train_share": (0.1, 0.9), "learning_rate": (1e-6, 100),
                   "momentum": (0, 0.99), "regularization_rate": (0, 10)}
        for name, (low, high) in numbers.items():
            value = getattr(self, name)
            if not _is_number(value) or not low <= value <= high:
                raise ValueError(f"{name} must be a number from {low} to {high}, got {value!r}")
        for name, (low, high) in {"batch_size": (1, MAX_BATCH_SIZE), "seed": (0, 2**32 - 1)}.items():
            value = getattr(self, name)
            if not isinstance(value, int | np.integer) or isinstance(value, bool) or not low <= value <= high:
                raise ValueError(f"{name} must be an integer from {low} to {high}, got {value!r}")
        if len(self.hidden) > MAX_HIDDEN_LAYERS or any(
            not isinstance(u, int | np.integer) or isinstance(u, bool) or not 1 <= u <= MAX_UNITS for u in self.hidden
        ):
            raise ValueError(f"hidden must be 0 to {MAX_HIDDEN_LAYERS} layers of 1 to {MAX_UNITS} units, "
                             f"got {self.hidden}")
        if len(self.activations) != len(self.hidden) or any(a not in ACTIVATIONS for a in self.activations):
            raise ValueError(
                f"activations must name one of {list(ACTIVATIONS)} for each of the {len(self.hidden)} hidden layers, "
                f"got {self.activations}"
            )
        if self.regularization not in REGULARIZATIONS:
            raise ValueError(f"regularization must be one of {REGULARIZATIONS}, got {self.regularization!r}")
        for name in numbers:  # plain Python numbers, so that as_code writes 0.03, not np.float64(0.03)
            object.__setattr__(self, name, float(getattr(self, name)))
        for name in ("batch_size", "seed"):
            object.__setattr__(self, name, int(getattr(self, name)))
        object.__setattr__(self, "hidden", tuple(int(u) for u in self.hidden))

    @property
    def classes(self) -> int:
        return class_count(self.dataset)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Layer widths from the inputs to the outputs (one output per class)."""
        return (len(self.features), *self.hidden, self.classes)

    def replace(self, **changes: object) -> Settings:
        """A copy with some settings changed (checked again)."""
        return dataclasses.replace(self, **changes)

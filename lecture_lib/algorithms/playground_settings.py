"""The training playground's settings: everything a reader chooses before training, checked.

The data (set, noise, share of training points, batch size, seed), the input features, the
hidden layers with one activation each, the learning rate and momentum of SGD, and L1 or L2
regularisation with its rate, as TensorFlow Playground offers them; ``Settings`` refuses a
value the Playground does not offer, naming the setting. ``unit_name`` and ``unit_formula``
name a unit of the network the settings describe and write its formula.

Used in chapter 07_training_playground (by ``lecture_lib.algorithms.playground``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from lecture_lib.algorithms.playground_data import check_features, class_count
from lecture_lib.engine import checks

# The Playground's names of the activations, and the engine's.
ACTIVATIONS = {"relu": "relu", "tanh": "tanh", "sigmoid": "sigmoid", "linear": None}
REGULARIZATIONS = ("none", "L1", "L2")
MAX_HIDDEN_LAYERS, MAX_UNITS, MAX_BATCH_SIZE = 6, 8, 30


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
        class_count(self.dataset)
        check_features(self.features)
        hidden = checks.integers("hidden", self.hidden, minimum=1)
        if len(hidden) > MAX_HIDDEN_LAYERS or max(hidden, default=1) > MAX_UNITS:
            raise ValueError(f"hidden must be 0 to {MAX_HIDDEN_LAYERS} layers of 1 to {MAX_UNITS} units, got {hidden}")
        if isinstance(self.activations, str) or not isinstance(self.activations, Sequence):
            raise TypeError(f"activations must be a sequence of names, one per hidden layer, got {self.activations!r}")
        if len(self.activations) != len(hidden):
            raise ValueError(
                f"activations must name one of {list(ACTIVATIONS)} for each of the {len(hidden)} hidden layers, "
                f"got {tuple(self.activations)}"
            )
        checks.one_of("regularization", self.regularization, REGULARIZATIONS)
        numbers = {"noise": (0, 0.5), "train_share": (0.1, 0.9), "learning_rate": (1e-6, 100),
                   "momentum": (0, 0.99), "regularization_rate": (0, 10)}
        checked = {  # plain Python numbers, so that as_code writes 0.03, not np.float64(0.03)
            **{name: checks.number(name, getattr(self, name), minimum=low, maximum=high)
               for name, (low, high) in numbers.items()},
            "batch_size": checks.integer("batch_size", self.batch_size, minimum=1, maximum=MAX_BATCH_SIZE),
            "seed": checks.integer("seed", self.seed, minimum=0, maximum=2**32 - 1),
            "features": tuple(self.features),
            "hidden": hidden,
            "activations": tuple(checks.one_of(f"activations[{i}]", a, ACTIVATIONS)
                                 for i, a in enumerate(self.activations)),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    @property
    def classes(self) -> int:
        return class_count(self.dataset)

    @property
    def sizes(self) -> tuple[int, ...]:
        """Layer widths from the inputs to the outputs (one output per class)."""
        return (len(self.features), *self.hidden, self.classes)

    def replace(self, **changes: object) -> Settings:
        """A copy with some settings changed (checked again)."""
        names = [field.name for field in dataclasses.fields(self)]
        unknown = [name for name in changes if name not in names]
        if unknown:
            raise TypeError(f"Settings has no setting {unknown[0]!r}; the settings are {names}")
        return dataclasses.replace(self, **changes)


def unit_name(settings: Settings, layer: int, unit: int) -> str:
    """``x1``-style feature names for layer 0, ``h{layer},{unit}`` for hidden units, ``s{unit}`` for output scores."""
    settings = checks.instance("settings", settings, Settings)
    layer = checks.integer("layer", layer, minimum=0, maximum=len(settings.hidden) + 1)
    unit = checks.integer("unit", unit, minimum=0, maximum=settings.sizes[layer] - 1)
    if layer == 0:
        return settings.features[unit]
    return f"s{unit}" if layer == len(settings.hidden) + 1 else f"h{layer},{unit + 1}"


def unit_formula(settings: Settings, weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], layer: int,
                 unit: int, digits: int = 2) -> str:
    """The formula of unit ``unit`` of layer ``layer`` (1 = first hidden) with the given weights.

    Returns
    -------
    str
        ``name = activation(w1 a + w2 b + ... + bias)``; an output score has no activation
        (softmax turns the scores into probabilities).
    """
    settings = checks.instance("settings", settings, Settings)
    layers = len(settings.hidden) + 1
    layer = checks.integer("layer", layer, minimum=1, maximum=layers)
    unit = checks.integer("unit", unit, minimum=0, maximum=settings.sizes[layer] - 1)
    digits = checks.integer("digits", digits, minimum=0, maximum=15)
    weights, biases = checks.arrays("weights", weights), checks.arrays("biases", biases)
    shapes = list(zip(settings.sizes[:-1], settings.sizes[1:], strict=True))
    if [W.shape for W in weights] != shapes or [b.shape for b in biases] != [(n_out,) for _, n_out in shapes]:
        raise ValueError(f"weights and biases must have the shapes of the network {list(settings.sizes)}: "
                         f"weights {shapes}, got {[W.shape for W in weights]}, biases {[b.shape for b in biases]}")
    column, bias = weights[layer - 1][:, unit], biases[layer - 1][unit]
    terms = ""
    for k, w in enumerate(column):
        sign = "\u2212" if w < 0 else "+"
        terms += f" {sign} {abs(w):.{digits}f}\u00b7{unit_name(settings, layer - 1, k)}"
    terms = terms[3:] if column[0] >= 0 else "\u2212" + terms[3:]
    terms += f" {'−' if bias < 0 else '+'} {abs(bias):.{digits}f}"
    if layer == layers:
        return f"{unit_name(settings, layer, unit)} = {terms}"
    return f"{unit_name(settings, layer, unit)} = {settings.activations[layer - 1]}({terms})"

"""The training playground's state: a network training step by step, and snapshots of it.

``Settings`` (``playground_settings``) holds everything the reader chooses. ``Playground``
builds the data and an engine ``MLP`` from them and trains it with the engine's SGD on
minibatches drawn in a seeded order: one *epoch* is one pass over the training points. The
loss is softmax cross-entropy for any number of classes (two outputs for two classes),
plus the penalty rate x sum|w| (L1) or rate x sum w²/2 (L2) over the weights, not the
biases. Training stops at the first step whose loss is not a finite number or whose
weights' norm exceeds ``DIVERGENCE_LIMIT``: the weights go back to the last finite ones
and ``diverged_at`` records the epoch.

``Playground.snapshot`` keeps what a figure draws: the class probabilities on a grid, every
unit's output on a small grid, the weights, the gradient of the training objective on
every weight, the losses and their history. ``as_code`` writes the few lines of
``lecture_lib`` that train the same network to the same numbers; ``unit_formula`` writes a
unit's formula with its weights; ``train_runs`` trains named settings and keeps snapshots
at log-spaced checkpoints.

Used in chapter 07_training_playground.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from lecture_lib.algorithms.data import grid_points
from lecture_lib.algorithms.playground_data import EXTENT, feature_matrix, make_dataset, train_test_split
from lecture_lib.algorithms.playground_settings import ACTIVATIONS, REGULARIZATIONS, Settings, unit_formula
from lecture_lib.engine import checks, nn, optim
from lecture_lib.engine.autograd import Tensor
from lecture_lib.engine.losses import softmax_cross_entropy

# Weights whose Euclidean norm passes this only grow on (no run of the chapter that trains
# comes near it): training stops, and everything drawn stays finite.
DIVERGENCE_LIMIT = 1e4


def penalty(model: nn.MLP, regularization: str) -> Tensor:
    """sum |w| (L1) or sum w²/2 (L2) over every weight of ``model``, biases excluded; 0 for "none".

    |w| is written relu(w) + relu(-w), so its gradient is the sign of w (0 at w = 0).
    """
    checks.instance("model", model, nn.MLP)
    checks.one_of("regularization", regularization, REGULARIZATIONS)
    total = Tensor(0.0)
    for layer in model.layers:
        w = layer.weight
        if regularization == "L1":
            total = total + (w.relu() + (-w).relu()).sum()
        elif regularization == "L2":
            total = total + (w * w).sum() * 0.5
    return total


def objective(model: nn.MLP, inputs: np.ndarray, labels: np.ndarray, regularization: str = "none",
              rate: float = 0.0) -> Tensor:
    """What a training step descends: mean softmax cross-entropy on a batch plus ``rate`` x the penalty.

    Parameters
    ----------
    model : lecture_lib.engine.nn.MLP
    inputs : numpy.ndarray, shape (n, features)
        Finite.
    labels : numpy.ndarray of int, shape (n,)
        Classes ``0 .. outputs - 1``.
    regularization : {"none", "L1", "L2"}
    rate : float
        The penalty's weight, finite and >= 0.

    Returns
    -------
    Tensor
        A scalar.
    """
    checks.one_of("regularization", regularization, REGULARIZATIONS)
    rate = checks.number("rate", rate, minimum=0)
    inputs = _model_inputs(model, inputs)
    labels = checks.class_labels("labels", labels, n=len(inputs), classes=model.sizes[-1])
    loss = softmax_cross_entropy(model(inputs), labels)
    return loss if regularization == "none" or rate == 0 else loss + rate * penalty(model, regularization)


def _model_inputs(model: nn.MLP, inputs: object) -> np.ndarray:
    """``inputs`` as a finite float array (n, features) that ``model``, an MLP, reads."""
    checks.instance("model", model, nn.MLP)
    inputs = checks.real_array("inputs", inputs, ndim=2, dtype=np.float64)
    if inputs.shape[1] != model.sizes[0]:
        raise ValueError(f"inputs must have shape (n, {model.sizes[0]}) for {model!r}, got {inputs.shape}")
    return inputs


def layer_outputs(model: nn.MLP, inputs: np.ndarray) -> list[np.ndarray]:
    """Every layer's output for ``inputs`` (finite, (n, features)), without recording a graph:
    the inputs, each hidden layer after its activation, and the class probabilities (softmax
    of the output scores)."""
    outputs = [_model_inputs(model, inputs)]
    for layer, activation in zip(model.layers, [*model.activations, None], strict=True):
        z = outputs[-1] @ layer.weight.data + layer.bias.data
        outputs.append(nn.ACTIVATIONS[activation](Tensor(z)).data)
    outputs.append(softmax(outputs.pop()))
    return outputs


def softmax(scores: np.ndarray) -> np.ndarray:
    """Each row of scores (finite, (n, classes)) turned into probabilities (the row maximum
    subtracted first: no overflow)."""
    scores = checks.real_array("scores", scores, ndim=2)
    exps = np.exp(scores - scores.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Snapshot:
    """What the playground's figure draws at one moment of training.

    Attributes
    ----------
    settings : Settings
    epoch : float
        Passes over the training points so far (steps / steps per epoch).
    train_loss, test_loss : float
        Mean cross-entropy (without the penalty) on all training and test points.
    history : numpy.ndarray, shape (k, 3)
        Rows (epoch, train loss, test loss) recorded so far.
    X_train, y_train, X_test, y_test : numpy.ndarray
        The points and labels.
    probabilities : numpy.ndarray, shape (grid**2, classes)
        Class probabilities at ``grid_points(EXTENT, grid)``.
    units : list of numpy.ndarray
        For each layer (inputs, hidden layers, outputs), shape (unit_grid**2, width): each
        unit's output on the small grid ``grid_points(EXTENT, unit_grid)``.
    weights, gradients : list of numpy.ndarray
        Each layer's weights (n_in, n_out), and dObjective/dW on the whole training set.
    biases : list of numpy.ndarray
    diverged_at : float or None
        The epoch at which a step gave a non-finite loss (training stopped there).
    """

    settings: Settings
    epoch: float
    train_loss: float
    test_loss: float
    history: np.ndarray
    X_train: np.ndarray
    y_train: np.ndarray
    X_test: np.ndarray
    y_test: np.ndarray
    probabilities: np.ndarray
    units: list[np.ndarray]
    weights: list[np.ndarray]
    biases: list[np.ndarray]
    gradients: list[np.ndarray]
    diverged_at: float | None


class Playground:
    """A network training on the playground's data, one minibatch step at a time.

    Parameters
    ----------
    settings : Settings

    Attributes
    ----------
    settings : Settings
    model : lecture_lib.engine.nn.MLP
    steps : int
        Gradient steps taken.
    history : list of tuple
        (epoch, train loss, test loss) at every ``record``.
    diverged_at : float or None
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = s = checks.instance("settings", settings, Settings)
        X, y = make_dataset(s.dataset, s.noise, s.seed)
        self.X_train, self.y_train, self.X_test, self.y_test = train_test_split(X, y, s.train_share, s.seed)
        self.inputs_train = feature_matrix(self.X_train, s.features)
        self.inputs_test = feature_matrix(self.X_test, s.features)
        self.model = nn.MLP(s.sizes, activation=[ACTIVATIONS[a] for a in s.activations], seed=s.seed)
        self.optimiser = optim.SGD(self.model.parameters(), lr=s.learning_rate, momentum=s.momentum)
        self._order_rng = np.random.default_rng(s.seed)
        self._order = np.arange(0)
        self._position = 0
        self.steps = 0
        self.history: list[tuple[float, float, float]] = []
        self.diverged_at: float | None = None
        self.record()

    @property
    def steps_per_epoch(self) -> int:
        return math.ceil(len(self.inputs_train) / self.settings.batch_size)

    @property
    def epoch(self) -> float:
        return self.steps / self.steps_per_epoch

    def step(self) -> bool:
        """One gradient step on the next minibatch; False (and nothing changes) once diverged."""
        if self.diverged_at is not None:
            return False
        if self._position >= len(self._order):  # a new epoch: a new seeded order of the training points
            self._order = self._order_rng.permutation(len(self.inputs_train))
            self._position = 0
        batch = self._order[self._position : self._position + self.settings.batch_size]
        self._position += self.settings.batch_size
        parameters = self.model.parameters()
        before = [p.data.copy() for p in parameters]
        with np.errstate(over="ignore", invalid="ignore"):
            self.optimiser.zero_grad()
            value = self._objective(self.inputs_train[batch], self.y_train[batch])
            value.backward()
            self.optimiser.step()
        self.steps += 1
        size = sum(float(np.vdot(p.data, p.data)) for p in parameters)  # NaN if any weight is NaN
        finite = np.isfinite(value.item()) and size <= DIVERGENCE_LIMIT**2
        if not finite:
            for parameter, data in zip(parameters, before, strict=True):
                parameter.data[...] = data
            self.diverged_at = self.epoch
        return finite

    def _objective(self, inputs: np.ndarray, labels: np.ndarray) -> Tensor:
        s = self.settings
        return objective(self.model, inputs, labels, s.regularization, s.regularization_rate)

    def train(self, epochs: int, record_every_epoch: bool = True) -> None:
        """Train whole epochs (stopping early if training diverges), recording the losses after each."""
        for _ in range(checks.integer("epochs", epochs, minimum=0)):
            for _ in range(self.steps_per_epoch):
                if not self.step():
                    break
            if record_every_epoch:
                self.record()
            if self.diverged_at is not None:
                return

    def losses(self) -> tuple[float, float]:
        """Mean cross-entropy on all training points and on all test points (no penalty)."""
        parts = ((self.inputs_train, self.y_train), (self.inputs_test, self.y_test))
        train, test = (mean_cross_entropy(layer_outputs(self.model, inputs)[-1], labels) for inputs, labels in parts)
        return train, test

    def record(self) -> tuple[float, float]:
        """Append (epoch, train loss, test loss) to the history (once per epoch) and return the losses."""
        train, test = self.losses()
        if self.history and self.history[-1][0] == self.epoch:
            self.history[-1] = (self.epoch, train, test)
        else:
            self.history.append((self.epoch, train, test))
        return train, test

    def gradients(self) -> list[np.ndarray]:
        """dObjective/dW of every layer on the whole training set, at the current weights."""
        self.model.zero_grad()
        with np.errstate(over="ignore", invalid="ignore"):
            self._objective(self.inputs_train, self.y_train).backward()
        gradients = [layer.weight.grad.copy() for layer in self.model.layers]
        self.model.zero_grad()
        return gradients

    def snapshot(self, grid: int = 48, unit_grid: int = 16, with_gradients: bool = True) -> Snapshot:
        """Everything the figure draws, now (see ``Snapshot``); ``with_gradients=False`` leaves
        ``gradients`` empty and saves a backward pass over the training set. ``grid`` and
        ``unit_grid`` are the heatmaps' points a side, >= 2."""
        grid, unit_grid = checks.integer("grid", grid, minimum=2), checks.integer("unit_grid", unit_grid, minimum=2)
        features = self.settings.features
        train, test = self.history[-1][1:] if self.history and self.history[-1][0] == self.epoch else self.losses()
        return Snapshot(
            settings=self.settings,
            epoch=self.epoch,
            train_loss=train,
            test_loss=test,
            history=np.array(self.history),
            X_train=self.X_train,
            y_train=self.y_train,
            X_test=self.X_test,
            y_test=self.y_test,
            probabilities=layer_outputs(self.model, feature_matrix(grid_points(EXTENT, grid), features))[-1],
            units=layer_outputs(self.model, feature_matrix(grid_points(EXTENT, unit_grid), features)),
            weights=[layer.weight.data.copy() for layer in self.model.layers],
            biases=[layer.bias.data.copy() for layer in self.model.layers],
            gradients=self.gradients() if with_gradients else [],
            diverged_at=self.diverged_at,
        )

    def as_code(self, epochs: int) -> str:
        """The lines of ``lecture_lib`` that train this network for ``epochs`` (>= 0) epochs, to the same weights."""
        epochs = checks.integer("epochs", epochs, minimum=0)
        s = self.settings
        activations = [ACTIVATIONS[a] for a in s.activations]
        lines = [  # each under 80 characters: the book shows them in its text column
            "import numpy as np",
            "",
            "from lecture_lib.algorithms.playground import objective",
            "from lecture_lib.algorithms.playground_data import (",
            "    feature_matrix, make_dataset, train_test_split)",
            "from lecture_lib.engine import nn, optim",
            "",
            f"X, y = make_dataset({s.dataset!r}, noise={s.noise!r}, seed={s.seed})",
            "X_train, y_train, X_test, y_test = train_test_split(",
            f"    X, y, train_share={s.train_share!r}, seed={s.seed})",
            f"inputs = feature_matrix(X_train, {list(s.features)!r})",
            f"model = nn.MLP({list(s.sizes)!r}, activation={activations!r},",
            f"               seed={s.seed})",
            "optimiser = optim.SGD(model.parameters(),",
            f"                      lr={s.learning_rate!r}, momentum={s.momentum!r})",
            f"order = np.random.default_rng({s.seed})",
            f"for epoch in range({epochs}):",
            "    shuffled = order.permutation(len(inputs))",
            f"    for start in range(0, len(inputs), {s.batch_size}):",
            f"        batch = shuffled[start:start + {s.batch_size}]",
            "        optimiser.zero_grad()",
            "        loss = objective(model, inputs[batch], y_train[batch],",
            f"                         {s.regularization!r}, {s.regularization_rate!r})",
            "        loss.backward()",
            "        optimiser.step()",
        ]
        return "\n".join(lines) + "\n"

    def unit_formula(self, layer: int, unit: int, digits: int = 2) -> str:
        """The formula of one unit with its current weights, e.g. ``h1,2 = tanh(0.53 x1 − 1.2 x2 + 0.1)``.

        Parameters
        ----------
        layer : int
            1 for the first hidden layer, ..., ``len(hidden) + 1`` for the output scores.
        unit : int
            0-based position in the layer.
        digits : int
            Decimals of the weights.
        """
        return unit_formula(self.settings, [lay.weight.data for lay in self.model.layers],
                            [lay.bias.data for lay in self.model.layers], layer, unit, digits)


def mean_cross_entropy(probabilities: np.ndarray, labels: np.ndarray) -> float:
    """-mean log p(correct class), with p floored at 1e-300 (a certain mistake costs 690, not infinity).

    ``probabilities`` (n, classes), finite, n >= 1; ``labels`` (n,), classes ``0 .. classes - 1``.
    """
    probabilities = checks.real_array("probabilities", probabilities, ndim=2)
    if len(probabilities) == 0:
        raise ValueError("mean_cross_entropy needs at least one example, got probabilities of shape "
                         f"{probabilities.shape}")
    labels = checks.class_labels("labels", labels, n=len(probabilities), classes=probabilities.shape[1])
    picked = probabilities[np.arange(len(labels)), labels]
    return float(-np.mean(np.log(np.maximum(picked, 1e-300))))


def log_checkpoints(last_epoch: int, count: int = 25) -> list[int]:
    """Epoch 0 and at least ``count`` whole epochs up to ``last_epoch``, spaced evenly on a log axis.

    Returns
    -------
    list of int
        Increasing, starting at 0 and ending at ``last_epoch``.
    """
    count = checks.integer("count", count, minimum=2)
    last_epoch = checks.integer("last_epoch", last_epoch, minimum=count)
    points = count
    while True:
        epochs = sorted({0, *np.unique(np.round(np.geomspace(1, last_epoch, points)).astype(int)).tolist()})
        if len(epochs) > count:
            return epochs
        points += 1


def train_run(settings: Settings, checkpoints: Sequence[int], grid: int = 48, unit_grid: int = 16) -> list[Snapshot]:
    """Train a fresh network on ``settings`` and keep a snapshot at every checkpoint epoch.

    After a divergence the remaining checkpoints repeat the last snapshot (training stopped).
    """
    checkpoints = _check_checkpoints(checkpoints)
    playground = Playground(settings)
    snapshots = []
    for epoch in checkpoints:
        playground.train(epoch - round(playground.epoch) if playground.diverged_at is None else 0)
        snapshots.append(playground.snapshot(grid, unit_grid))
    return snapshots


def _check_checkpoints(checkpoints: object) -> list[int]:
    """``checkpoints`` as a list of increasing whole epochs >= 0, at least one."""
    listed = list(checks.integers("checkpoints", checkpoints, minimum=0))
    if not listed or listed != sorted(set(listed)):
        raise ValueError(f"checkpoints must be increasing epochs >= 0, got {listed!r}")
    return listed


def _train_run(arguments: tuple[Settings, list[int]]) -> list[Snapshot]:
    return train_run(*arguments)


def train_runs(runs: Mapping[str, Settings], checkpoints: Sequence[int], workers: int = 1) -> dict[str, list[Snapshot]]:
    """``train_run`` for every named setting (in ``workers`` processes; seeded, so the result does not depend on it)."""
    workers = checks.integer("workers", workers, minimum=1)
    checks.instance("runs", runs, Mapping)
    for name, settings in runs.items():
        checks.instance(f"runs[{name!r}]", settings, Settings)
    checkpoints = _check_checkpoints(checkpoints)
    jobs = [(settings, checkpoints) for settings in runs.values()]
    if workers > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(workers) as pool:
            results = list(pool.map(_train_run, jobs))
    else:
        results = [_train_run(job) for job in jobs]
    return dict(zip(runs, results, strict=True))


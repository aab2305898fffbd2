"""Layers and networks built from the engine: ``Linear``, ``MLP``, and a training loop.

A layer computes ``x @ W + b`` for a batch of row vectors ``x`` (shape (n, n_in)), so
``W`` has shape (n_in, n_out). Chapter 03_mlp_and_nonlinearity writes the same layer with
column vectors, ``h = W1 x`` with W1 of shape (100, 3072): that W1 is this ``weight.T``.

Used in chapters 01_image_features (a linear classifier), 02_neuron_and_xor (a 2-2-1
network) and 03_mlp_and_nonlinearity (MLPs with and without a nonlinearity).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from lecture_lib.engine import checks
from lecture_lib.engine.autograd import Tensor, _as_tensor
from lecture_lib.engine.losses import mse_loss, multiclass_hinge, softmax_cross_entropy
from lecture_lib.engine.optim import SGD

ACTIVATIONS: dict[str | None, Callable[[Tensor], Tensor]] = {
    "relu": Tensor.relu,
    "sigmoid": Tensor.sigmoid,
    "tanh": Tensor.tanh,
    None: lambda x: x,
}
# Standard deviation of the initial weights times sqrt(n_in): He for ReLU, LeCun otherwise.
_INIT_GAIN = {"relu": np.sqrt(2.0), "sigmoid": 1.0, "tanh": 1.0, None: 1.0}

LOSSES = {"cross_entropy": softmax_cross_entropy, "mse": mse_loss, "hinge": multiclass_hinge}


def _per_hidden_layer(activation: str | None | Sequence[str | None], hidden_layers: int) -> tuple[str | None, ...]:
    """One activation per hidden layer: a single name repeated, or a sequence of that length."""
    if isinstance(activation, str) or activation is None:
        return (checks.one_of("activation", activation, ACTIVATIONS),) * hidden_layers
    if not isinstance(activation, Sequence):
        raise TypeError(f"activation must be a name or a sequence of names, got {activation!r}")
    if len(activation) != hidden_layers:
        raise ValueError(f"activation: {len(activation)} activations for {hidden_layers} hidden layers")
    return tuple(checks.one_of(f"activation[{i}]", name, ACTIVATIONS) for i, name in enumerate(activation))


class Linear:
    """A fully connected layer, ``x @ weight + bias``.

    Parameters
    ----------
    n_in, n_out : int
        Input and output widths, >= 1.
    rng : numpy.random.Generator or int
        Source of the initial weights, normal with standard deviation ``gain / sqrt(n_in)``
        (an integer seeds a new generator).
    gain : float, optional
        Scale of the initial weights, >= 0; the bias starts at 0.
    """

    def __init__(self, n_in: int, n_out: int, rng: np.random.Generator | int, gain: float = 1.0) -> None:
        n_in, n_out = checks.integer("n_in", n_in, minimum=1), checks.integer("n_out", n_out, minimum=1)
        scale = checks.number("gain", gain, minimum=0) / np.sqrt(n_in)
        self.weight = Tensor(checks.rng("rng", rng).normal(0.0, scale, (n_in, n_out)), True, "W")
        self.bias = Tensor(np.zeros(n_out), True, "b")

    def __call__(self, x: Tensor | np.ndarray) -> Tensor:
        return _as_tensor(x) @ self.weight + self.bias

    def parameters(self) -> list[Tensor]:
        """The weight and the bias, the tensors an optimiser updates."""
        return [self.weight, self.bias]


class MLP:
    """A multi-layer perceptron: Linear, activation, Linear, activation, ..., Linear.

    Parameters
    ----------
    sizes : sequence of int
        Layer widths (integers >= 1) from input to output, e.g. ``(2, 16, 16, 1)``.
    activation : {"relu", "sigmoid", "tanh", None} or sequence of them
        The nonlinearity between layers. ``None`` is the identity: then the whole
        network is one linear map, whatever its depth (chapter 03_mlp_and_nonlinearity).
        A sequence gives one per hidden layer (chapter 07_training_playground); each
        layer's initial weights then follow the activation after it, the last layer's
        the last hidden activation.
    seed : int, optional
        Seed (>= 0) of the ``numpy.random.Generator`` that draws the initial weights.
    output_activation : {"relu", "sigmoid", "tanh", None}, optional
        Applied to the last layer's output (default: none, raw scores).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str | None | Sequence[str | None] = "relu",
        seed: int = 0,
        output_activation: str | None = None,
    ) -> None:
        self.sizes = checks.integers("sizes", sizes, minimum=1)
        if len(self.sizes) < 2:
            raise ValueError(f"sizes needs at least an input and an output size, got {list(sizes)}")
        self.output_activation = checks.one_of("output_activation", output_activation, ACTIVATIONS)
        rng = checks.rng("seed", seed)
        self.activations = _per_hidden_layer(activation, len(self.sizes) - 2)
        self.activation = activation if isinstance(activation, str) or activation is None else self.activations
        gains = [_INIT_GAIN[a] for a in self.activations] + [_INIT_GAIN[(self.activations or (None,))[-1]]]
        if isinstance(activation, str) or activation is None:
            gains = [_INIT_GAIN[activation]] * len(gains)
        self.layers = [
            Linear(n_in, n_out, rng, gain)
            for n_in, n_out, gain in zip(self.sizes[:-1], self.sizes[1:], gains, strict=True)
        ]

    def __call__(self, x: Tensor | np.ndarray) -> Tensor:
        x = _as_tensor(x)
        if x.ndim not in (1, 2) or x.shape[-1] != self.sizes[0]:
            raise ValueError(f"MLP{list(self.sizes)} expects inputs of shape (n, {self.sizes[0]}), got {x.shape}")
        for layer, activation in zip(self.layers[:-1], self.activations, strict=True):
            x = ACTIVATIONS[activation](layer(x))
        return ACTIVATIONS[self.output_activation](self.layers[-1](x))

    def parameters(self) -> list[Tensor]:
        """Every layer's weight and bias, input layer first."""
        return [p for layer in self.layers for p in layer.parameters()]

    def zero_grad(self) -> None:
        """Clear the gradients of all parameters before the next backward pass."""
        for p in self.parameters():
            p.zero_grad()

    def __repr__(self) -> str:
        return f"MLP({list(self.sizes)}, activation={self.activation!r})"


def predict(model: Callable[[np.ndarray], Tensor], X: np.ndarray) -> np.ndarray:
    """Class predictions: the arg-max score, or ``score > 0.5`` for a single output.

    Parameters
    ----------
    model : callable
        Maps an (n, d) array to a Tensor of scores, (n, classes) or (n, 1).
    X : numpy.ndarray
        Inputs, shape (n, d).

    Returns
    -------
    numpy.ndarray of int
        Shape (n,).
    """
    scores = checks.function("model", model)(X).data
    if scores.ndim == 2 and scores.shape[1] > 1:
        return scores.argmax(axis=1)
    return (scores.reshape(-1) > 0.5).astype(np.int64)


def accuracy(model: Callable[[np.ndarray], Tensor], X: np.ndarray, y: np.ndarray) -> float:
    """Fraction of ``X`` whose predicted class equals ``y``, integer labels of shape (n,)."""
    predictions = predict(model, X)
    return float(np.mean(predictions == checks.class_labels("y", y, n=len(predictions))))


def fit(
    model: MLP | Linear,
    X: np.ndarray,
    y: np.ndarray,
    loss: str = "cross_entropy",
    steps: int = 500,
    lr: float = 0.1,
    momentum: float = 0.9,
    batch_size: int | None = None,
    seed: int = 0,
) -> list[float]:
    """Train ``model`` with SGD and return the loss after every step.

    Parameters
    ----------
    model : MLP or Linear
        Anything callable with ``parameters()``.
    X, y : numpy.ndarray
        Inputs (n, d) and targets: integer labels for "cross_entropy" and "hinge",
        numbers (n,) or (n, outputs) for "mse"; all finite.
    loss : {"cross_entropy", "mse", "hinge"}
    steps : int
        Number of gradient steps, >= 0.
    lr, momentum : float
        SGD settings (see ``lecture_lib.engine.optim.SGD``).
    batch_size : int, optional
        Minibatch size (1 to n) drawn without replacement each step; full batch by default.
    seed : int, optional
        Seed (>= 0) for the minibatch order.

    Returns
    -------
    list of float
        The training loss at every step, before that step's update.

    Raises
    ------
    ValueError
        If the loss stops being finite: at step 0 the data or the starting parameters are at
        fault, later the learning rate is too large (training diverged). Training stops there.
    """
    if not callable(model) or not callable(getattr(model, "parameters", None)):
        raise TypeError(f"model must be a network with parameters() (an MLP or a Linear), got {model!r}")
    loss_function = LOSSES[checks.one_of("loss", loss, LOSSES)]
    X = checks.real_array("X", X, ndim=2, dtype=np.float64)
    y = checks.real_array("y", y) if loss == "mse" else checks.class_labels("y", y)
    if len(X) != len(y):
        raise ValueError(f"fit expects X of shape (n, d) and y of length n, got {X.shape} and {y.shape}")
    steps = checks.integer("steps", steps, minimum=0)
    if batch_size is not None:
        batch_size = checks.integer("batch_size", batch_size, minimum=1, maximum=len(X))
    optimiser = SGD(model.parameters(), lr=lr, momentum=momentum)
    rng = checks.rng("seed", seed)
    history = []
    with np.errstate(over="ignore", invalid="ignore"):  # a blow-up is reported below, with its step
        for step in range(steps):
            batch = slice(None) if batch_size is None else rng.choice(len(X), batch_size, replace=False)
            optimiser.zero_grad()
            value = loss_function(model(X[batch]), y[batch])
            history.append(checks.training_loss(value.item(), step, "lr", lr))
            value.backward()
            optimiser.step()
    if not all(np.isfinite(p.data).all() for p in optimiser.parameters):
        checks.training_loss(np.nan, steps, "lr", lr)  # the last update overflowed: no loss shows it, the weights do
    return history

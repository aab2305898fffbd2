"""A small reverse-mode automatic differentiation engine over NumPy arrays.

Every operation below comes in two halves written side by side: the *forward* computes
the output value from the inputs, and the *local backward* turns the gradient arriving
from above (the upstream gradient ``g`` = dL/d(output)) into one gradient per input
(dL/d(input) = upstream x local derivative). ``Tensor.backward`` visits the recorded graph
in reverse topological order and applies the chain rule node by node, exactly as chapter
05_backpropagation does by hand.

The design follows micrograd's ``engine.py``, with two changes a textbook needs: values
are float64 arrays (so a whole batch flows through one node), and broadcasting in the
forward pass is undone in the backward pass by summing the gradient back to each input's
shape (``_unbroadcast``).

Used in every chapter; the gate patterns (add, mul, copy, max) are chapter 06_gate_patterns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from numbers import Number

import numpy as np

LocalBackward = Callable[[np.ndarray], tuple[np.ndarray, ...]]


def _as_array(data: object) -> np.ndarray:
    """Convert ``data`` to a float64 array, refusing anything that is not numeric."""
    array = np.asarray(data)
    if array.dtype.kind not in "biuf":
        raise TypeError(
            f"Tensor data must be real numbers, got dtype {array.dtype} from {type(data).__name__}"
        )
    return array.astype(np.float64, copy=False)


def _as_tensor(value: Tensor | object) -> Tensor:
    return value if isinstance(value, Tensor) else Tensor(value)


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, back to ``shape``.

    If an input of shape (3,) was added to one of shape (4, 3), it was used by all 4 rows:
    its gradient is the sum of the 4 row gradients (a "copy" gate, chapter 06).
    """
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    if extra:
        grad = grad.sum(axis=tuple(range(extra)))
    stretched = tuple(axis for axis, size in enumerate(shape) if size == 1 and grad.shape[axis] != 1)
    if stretched:
        grad = grad.sum(axis=stretched, keepdims=True)
    return grad


def _normalise_axes(axis: int | Sequence[int] | None, ndim: int) -> tuple[int, ...]:
    if axis is None:
        return tuple(range(ndim))
    axes = (axis,) if isinstance(axis, int | np.integer) else tuple(axis)
    for a in axes:
        if not -ndim <= a < max(ndim, 1):
            raise ValueError(f"axis {a} is out of range for a tensor with {ndim} dimensions")
    return tuple(sorted(int(a) % max(ndim, 1) for a in axes))


def _expand_reduced(grad: np.ndarray, axes: tuple[int, ...], keepdims: bool) -> np.ndarray:
    """Give a reduction's gradient back the axes the reduction removed, ready to broadcast."""
    return grad if keepdims else np.expand_dims(grad, axes)


def _first_max_mask(data: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """1.0 at the first maximal element of every reduction over ``axes``, 0.0 elsewhere."""
    if data.ndim == 0:
        return np.ones_like(data)
    kept = [a for a in range(data.ndim) if a not in axes]
    moved = np.transpose(data, kept + list(axes))
    flat = moved.reshape(moved.shape[: len(kept)] + (-1,))
    mask = np.zeros_like(flat)
    np.put_along_axis(mask, flat.argmax(axis=-1)[..., None], 1.0, axis=-1)
    return np.transpose(mask.reshape(moved.shape), np.argsort(kept + list(axes)))


def _broadcast_error(op: str, a: Tensor, b: Tensor) -> ValueError:
    return ValueError(f"cannot broadcast shapes {a.shape} and {b.shape} in '{op}'")


class Tensor:
    """A node of the computational graph: a float64 array, its gradient, and its history.

    Parameters
    ----------
    data : array_like
        Real numbers (bools and integers are converted to float64).
    requires_grad : bool, optional
        Whether ``backward`` should compute dL/d(this). Results of operations require a
        gradient when any of their inputs does.
    name : str, optional
        A label used when the graph is drawn (chapter 05_backpropagation).

    Attributes
    ----------
    data : numpy.ndarray
        The value computed in the forward pass.
    grad : numpy.ndarray
        dL/d(data), same shape as ``data``; zeros until ``backward`` runs. Intermediate
        nodes keep their gradient too, so a chapter can read the gradient on every edge.
    op : str
        The operation that produced this tensor (``""`` for a leaf), e.g. ``"+"``, ``"max"``.
    parents : tuple of Tensor
        The inputs of that operation.
    """

    __slots__ = ("data", "requires_grad", "name", "op", "parents", "_grad", "_backward")
    __array_priority__ = 1000  # so that ndarray + Tensor calls Tensor.__radd__

    def __init__(self, data: object, requires_grad: bool = False, name: str = "") -> None:
        self.data = _as_array(data)
        self.requires_grad = bool(requires_grad)
        self.name = name
        self.op = ""
        self.parents: tuple[Tensor, ...] = ()
        self._grad: np.ndarray | None = None
        self._backward: LocalBackward | None = None

    @classmethod
    def _from_op(
        cls, data: np.ndarray, parents: tuple[Tensor, ...], op: str, backward: LocalBackward
    ) -> Tensor:
        out = cls.__new__(cls)
        out.data = data
        out.requires_grad = any(p.requires_grad for p in parents)
        out.name = ""
        out.op = op
        out.parents = parents
        out._grad = None
        out._backward = backward
        return out

    # ----------------------------------------------------------------- basic properties
    @property
    def grad(self) -> np.ndarray:
        if self._grad is None:
            self._grad = np.zeros_like(self.data)
        return self._grad

    @grad.setter
    def grad(self, value: np.ndarray) -> None:
        self._grad = _as_array(value)

    @property
    def shape(self) -> tuple[int, ...]:
        return self.data.shape

    @property
    def ndim(self) -> int:
        return self.data.ndim

    @property
    def size(self) -> int:
        return self.data.size

    def item(self) -> float:
        """The value of a one-element tensor as a Python float."""
        if self.data.size != 1:
            raise ValueError(f"item() needs a tensor with one element, this one has shape {self.shape}")
        return float(self.data.reshape(()))

    def __repr__(self) -> str:
        label = f", name={self.name!r}" if self.name else ""
        origin = f", op={self.op!r}" if self.op else ""
        return f"Tensor({np.array2string(self.data, precision=4)}{label}{origin})"

    # --------------------------------------------------------------- add, sub, mul, div
    def __add__(self, other: Tensor | object) -> Tensor:
        # add gate: distributes the upstream gradient unchanged to both inputs
        other = _as_tensor(other)
        try:
            data = self.data + other.data
        except ValueError:
            raise _broadcast_error("+", self, other) from None
        return Tensor._from_op(data, (self, other), "+", lambda g: (g, g))

    def __sub__(self, other: Tensor | object) -> Tensor:
        other = _as_tensor(other)
        try:
            data = self.data - other.data
        except ValueError:
            raise _broadcast_error("-", self, other) from None
        return Tensor._from_op(data, (self, other), "-", lambda g: (g, -g))

    def __mul__(self, other: Tensor | object) -> Tensor:
        # mul gate: each input receives the *other* input's value times the upstream gradient
        other = _as_tensor(other)
        try:
            data = self.data * other.data
        except ValueError:
            raise _broadcast_error("*", self, other) from None
        return Tensor._from_op(
            data, (self, other), "*", lambda g: (g * other.data, g * self.data)
        )

    def __truediv__(self, other: Tensor | object) -> Tensor:
        other = _as_tensor(other)
        if not np.all(other.data):
            raise ValueError(f"division by zero: the divisor of shape {other.shape} contains 0")
        try:
            data = self.data / other.data
        except ValueError:
            raise _broadcast_error("/", self, other) from None
        return Tensor._from_op(
            data, (self, other), "/", lambda g: (g / other.data, -g * data / other.data)
        )

    def __neg__(self) -> Tensor:
        return Tensor._from_op(-self.data, (self,), "neg", lambda g: (-g,))

    def __radd__(self, other: object) -> Tensor:
        return _as_tensor(other) + self

    def __rsub__(self, other: object) -> Tensor:
        return _as_tensor(other) - self

    def __rmul__(self, other: object) -> Tensor:
        return _as_tensor(other) * self

    def __rtruediv__(self, other: object) -> Tensor:
        return _as_tensor(other) / self

    # ------------------------------------------------------------------------- powers
    def __pow__(self, exponent: float) -> Tensor:
        # d(x^p)/dx = p x^(p-1); the exponent is a plain number, as in micrograd
        if not isinstance(exponent, Number) or isinstance(exponent, bool | complex):
            raise TypeError(f"the exponent must be a real number, got {type(exponent).__name__}")
        p = float(exponent)
        if p != int(p) and np.any(self.data < 0):
            raise ValueError(f"a negative base cannot be raised to the non-integer power {p}")
        if p < 0 and not np.all(self.data):
            raise ValueError(f"0 cannot be raised to the negative power {p}")
        return Tensor._from_op(
            self.data**p, (self,), f"**{exponent}", lambda g: (g * p * self.data ** (p - 1),)
        )

    def __rpow__(self, base: float) -> Tensor:
        # d(b^x)/dx = b^x ln b, for a positive number b
        if not isinstance(base, Number) or isinstance(base, bool | complex) or base <= 0:
            raise ValueError(f"the base of a power with a Tensor exponent must be > 0, got {base!r}")
        data = float(base) ** self.data
        return Tensor._from_op(data, (self,), f"{base}**", lambda g: (g * data * np.log(base),))

    # ------------------------------------------------------------- matrix multiplication
    def __matmul__(self, other: Tensor | object) -> Tensor:
        # (m,k) @ (k,n): dL/dA = G B^T and dL/dB = A^T G. Vectors are treated as a
        # single row (on the left) or a single column (on the right), as NumPy does.
        other = _as_tensor(other)
        a, b = self.data, other.data
        if a.ndim not in (1, 2) or b.ndim not in (1, 2):
            raise ValueError(f"'@' takes vectors or matrices, got shapes {a.shape} and {b.shape}")
        if a.shape[-1] != b.shape[0]:
            raise ValueError(
                f"shape mismatch in '@': {a.shape} @ {b.shape} "
                f"({a.shape[-1]} columns against {b.shape[0]} rows)"
            )
        A = a if a.ndim == 2 else a[None, :]
        B = b if b.ndim == 2 else b[:, None]

        def backward(g: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
            # an input that needs no gradient (a batch of data, say) gets none computed
            G = g.reshape(A.shape[0], B.shape[1])
            return (
                (G @ B.T).reshape(a.shape) if self.requires_grad else None,
                (A.T @ G).reshape(b.shape) if other.requires_grad else None,
            )

        return Tensor._from_op(a @ b, (self, other), "@", backward)

    def __rmatmul__(self, other: object) -> Tensor:
        return _as_tensor(other) @ self

    # ---------------------------------------------------------------------- reductions
    def sum(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
        """Sum over ``axis`` (all axes by default). Backward: a copy gate, every summed
        element receives the upstream gradient."""
        axes = _normalise_axes(axis, self.ndim)
        shape = self.shape
        return Tensor._from_op(
            self.data.sum(axis=axes, keepdims=keepdims),
            (self,),
            "sum",
            lambda g: (np.broadcast_to(_expand_reduced(g, axes, keepdims), shape),),
        )

    def mean(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
        """Mean over ``axis``: the sum's backward divided by the number of elements averaged."""
        axes = _normalise_axes(axis, self.ndim)
        count = int(np.prod([self.shape[a] for a in axes])) if axes else 1
        shape = self.shape
        return Tensor._from_op(
            self.data.mean(axis=axes, keepdims=keepdims),
            (self,),
            "mean",
            lambda g: (np.broadcast_to(_expand_reduced(g, axes, keepdims) / count, shape),),
        )

    def max(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
        """Maximum over ``axis``.

        Backward, the max gate: the upstream gradient goes to exactly one element per
        reduction, the one that was largest in the forward pass; every other element gets
        0. On a tie the *first* maximal element (in C order) receives it, as
        ``numpy.argmax`` picks it.
        """
        if self.size == 0:
            raise ValueError("max() of an empty tensor")
        axes = _normalise_axes(axis, self.ndim)
        mask = _first_max_mask(self.data, axes)
        return Tensor._from_op(
            self.data.max(axis=axes, keepdims=keepdims),
            (self,),
            "max",
            lambda g: (mask * _expand_reduced(g, axes, keepdims),),
        )

    # ------------------------------------------------------------- elementwise functions
    def exp(self) -> Tensor:
        """e^x. Backward: the local gradient of e^x is e^x itself."""
        data = np.exp(self.data)
        return Tensor._from_op(data, (self,), "exp", lambda g: (g * data,))

    def log(self) -> Tensor:
        """Natural logarithm of positive values. Backward: 1 / x."""
        if np.any(self.data <= 0):
            raise ValueError(f"log of a non-positive value (min {self.data.min():g})")
        return Tensor._from_op(np.log(self.data), (self,), "log", lambda g: (g / self.data,))

    def relu(self) -> Tensor:
        """max(0, x). Its gradient is 1 where x > 0 and 0 where x <= 0: at exactly 0 it is 0."""
        positive = self.data > 0
        return Tensor._from_op(self.data * positive, (self,), "relu", lambda g: (g * positive,))

    def sigmoid(self) -> Tensor:
        """1 / (1 + e^-x), computed without overflow: e^-|x| never exceeds 1.
        Backward: sigma(x) (1 - sigma(x))."""
        small = np.exp(-np.abs(self.data))
        data = np.where(self.data >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
        return Tensor._from_op(data, (self,), "sigmoid", lambda g: (g * data * (1.0 - data),))

    def tanh(self) -> Tensor:
        """tanh(x) (NumPy's is stable for any x). Backward: 1 - tanh(x)^2."""
        data = np.tanh(self.data)
        return Tensor._from_op(data, (self,), "tanh", lambda g: (g * (1.0 - data * data),))

    def log_softmax(self, axis: int = -1) -> Tensor:
        """log(softmax(x)) along ``axis``, stable at any magnitude.

        Forward subtracts the maximum before exponentiating (the result is unchanged, and
        the largest exponent is e^0 = 1). Backward: g - softmax(x) * sum(g).
        """
        (ax,) = _normalise_axes(axis, self.ndim)
        shifted = self.data - self.data.max(axis=ax, keepdims=True)
        data = shifted - np.log(np.exp(shifted).sum(axis=ax, keepdims=True))
        return Tensor._from_op(
            data,
            (self,),
            "log_softmax",
            lambda g: (g - np.exp(data) * g.sum(axis=ax, keepdims=True),),
        )

    # ----------------------------------------------------------------- shape operations
    def reshape(self, *shape: int | Sequence[int]) -> Tensor:
        """The same numbers in another shape. Backward: the gradient reshaped back."""
        new_shape = tuple(shape[0]) if len(shape) == 1 and not isinstance(shape[0], int) else shape
        try:
            data = self.data.reshape(new_shape)
        except ValueError:
            raise ValueError(f"cannot reshape a tensor of shape {self.shape} into {new_shape}") from None
        old_shape = self.shape
        return Tensor._from_op(data, (self,), "reshape", lambda g: (g.reshape(old_shape),))

    @property
    def T(self) -> Tensor:  # noqa: N802 (the transpose is .T, as in NumPy)
        return Tensor._from_op(self.data.T, (self,), "T", lambda g: (g.T,))

    def __getitem__(self, index: object) -> Tensor:
        # indexing picks elements; backward puts the gradient back where they came from
        # (np.add.at, so an element picked twice receives both gradients)
        shape = self.shape

        def backward(g: np.ndarray) -> tuple[np.ndarray]:
            grad = np.zeros(shape)
            np.add.at(grad, index, g)
            return (grad,)

        return Tensor._from_op(self.data[index], (self,), "index", backward)

    # ------------------------------------------------------------------------ backward
    def input_gradients(self, upstream: np.ndarray) -> tuple[np.ndarray, ...]:
        """One application of the chain rule at this node.

        Parameters
        ----------
        upstream : numpy.ndarray
            dL/d(this tensor), shaped like ``data``.

        Returns
        -------
        tuple of numpy.ndarray
            dL/d(parent) = upstream x local gradient for each parent, summed back to the
            parent's shape where the forward pass broadcast it; ``None`` for a parent that
            requires no gradient where skipping it saves work (``@``). Empty for a leaf.
            Chapter 05_backpropagation draws these numbers on the graph's edges.
        """
        if self._backward is None:
            return ()
        grads = self._backward(np.asarray(upstream, dtype=np.float64))
        return tuple(
            None if g is None else _unbroadcast(g, parent.shape)
            for parent, g in zip(self.parents, grads, strict=True)
        )

    def backward(self, grad: np.ndarray | float | None = None) -> None:
        """Compute dL/d(node) for every node of the graph that ends in this tensor.

        Parameters
        ----------
        grad : array_like, optional
            The upstream gradient dL/d(this). It may be omitted only when this tensor holds
            a single number (then it is 1: dL/dL).

        Notes
        -----
        Nodes are visited in reverse topological order (computed iteratively, so a chain
        100,000 operations deep is fine). A node used several times (``b = a + a``) sums
        the gradients from all its uses: gradients add at forks.

        A leaf's ``.grad`` is an array of its own; an intermediate node's ``.grad`` may
        share memory with another node's (the add gate hands both inputs the same array),
        so read it but do not change it in place.

        Gradients *accumulate*, as in PyTorch: a second ``backward()`` adds the same
        gradients once more to every ``.grad`` (so they double). Call ``zero_grad()`` on
        the parameters (or on this tensor, which clears the whole graph) in between.
        """
        if not self.requires_grad:
            raise ValueError(
                "backward() on a tensor that does not require a gradient: "
                "create its inputs with requires_grad=True"
            )
        if grad is None:
            if self.size != 1:
                raise ValueError(
                    f"backward() without an upstream gradient needs a single number, "
                    f"this tensor has shape {self.shape}; pass grad= of that shape"
                )
            grad = np.ones_like(self.data)
        grad = _as_array(grad)
        if grad.shape != self.shape:
            raise ValueError(f"upstream gradient of shape {grad.shape} for a tensor of shape {self.shape}")

        pending = {id(self): grad}
        for node in reversed(self._topological_order()):
            g = pending.pop(id(node))
            if node._grad is not None:
                node._grad = node._grad + g
            elif node.parents:
                node._grad = g  # may share memory with a sibling's gradient: read it, do not write it
            else:
                node._grad = np.array(g)  # a leaf (a parameter) gets a gradient of its own
            if node._backward is None:
                continue
            for parent, parent_grad in zip(node.parents, node._backward(g), strict=True):
                if parent.requires_grad:
                    parent_grad = _unbroadcast(parent_grad, parent.shape)
                    key = id(parent)
                    pending[key] = pending[key] + parent_grad if key in pending else parent_grad

    def zero_grad(self) -> None:
        """Reset ``.grad`` to zeros on this tensor and every node it was computed from."""
        if not self.parents:
            self._grad = None
            return
        for node in self._topological_order():
            node._grad = None

    def _topological_order(self) -> list[Tensor]:
        """Nodes that require a gradient, every node after all of its parents."""
        order: list[Tensor] = []
        visited: set[int] = set()
        stack: list[tuple[Tensor, bool]] = [(self, False)]
        while stack:
            node, parents_done = stack.pop()
            if parents_done:
                order.append(node)
                continue
            if id(node) in visited or not node.requires_grad:
                continue
            visited.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents if id(parent) not in visited)
        return order


def maximum(a: Tensor | object, b: Tensor | object) -> Tensor:
    """Elementwise max(a, b): the two-input max gate of chapter 06_gate_patterns.

    The upstream gradient goes to whichever input was larger; on a tie it goes to ``a``.

    Parameters
    ----------
    a, b : Tensor or array_like
        Broadcastable inputs.

    Returns
    -------
    Tensor
        The elementwise maximum.
    """
    a, b = _as_tensor(a), _as_tensor(b)
    try:
        a_wins = a.data >= b.data
    except ValueError:
        raise _broadcast_error("maximum", a, b) from None
    return Tensor._from_op(
        np.where(a_wins, a.data, b.data),
        (a, b),
        "max",
        lambda g: (g * a_wins, g * ~a_wins),
    )

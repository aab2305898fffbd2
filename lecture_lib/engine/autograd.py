"""A small reverse-mode automatic differentiation engine over NumPy arrays.

Every operation below comes in two halves written side by side: the *forward* computes
the output value from the inputs, and the *local backward* turns the gradient arriving
from above (the upstream gradient ``g`` = dL/d(output)) into one gradient per input
(dL/d(input) = upstream x local derivative). ``Tensor.input_gradients`` applies that chain
rule at one node; ``Tensor.backward`` applies it at every node of the recorded graph in
reverse topological order, exactly as chapter 05_backpropagation does by hand.

The design follows micrograd's ``engine.py``, with two changes a textbook needs: values
are float64 arrays (so a whole batch flows through one node), and broadcasting in the
forward pass is undone in the backward pass by summing the gradient back to each input's
shape (``_unbroadcast``). Two choices are made for speed, each marked where it is made and
measured by ``benchmarks/engine.py``: a node's gradient array is made only when it is
read or a gradient arrives, and an intermediate node keeps the array it receives uncopied.

Used in every chapter; the gate patterns (add, mul, copy, max) are chapter 06_gate_patterns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import numpy as np

from lecture_lib.engine import checks

# An operation's local backward: dL/d(output) in, one dL/d(input) per input out.
LocalBackward = Callable[[np.ndarray], tuple[np.ndarray, ...]]


def _as_tensor(value: Tensor | object) -> Tensor:
    return value if isinstance(value, Tensor) else Tensor(value)


def _unbroadcast(grad: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Sum ``grad`` over the axes that broadcasting added or stretched, back to ``shape``.

    If an input of shape (3,) was added to one of shape (4, 3), it was used by all 4 rows:
    its gradient is the sum of the 4 row gradients (a "copy" gate, chapter 06).
    """
    if grad.shape == shape:
        return grad
    grad = grad.sum(axis=tuple(range(grad.ndim - len(shape))))  # the leading axes broadcasting added
    stretched = tuple(axis for axis, size in enumerate(shape) if size == 1 and grad.shape[axis] != 1)
    return grad.sum(axis=stretched, keepdims=True)


def _reduced_axes(axis: int | Sequence[int] | None, shape: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The axes a reduction removes, sorted, and the shape it leaves with ``keepdims=True``:
    a reduction's backward reshapes the upstream gradient to that shape to broadcast it."""
    axes = checks.axes("axis", axis, len(shape))
    return axes, tuple(1 if i in axes else n for i, n in enumerate(shape))


def _first_max_mask(data: np.ndarray, axes: tuple[int, ...]) -> np.ndarray:
    """1.0 at the first maximal element of every reduction over ``axes``, 0.0 elsewhere."""
    kept = [a for a in range(data.ndim) if a not in axes]
    moved = np.transpose(data, kept + list(axes))
    flat = moved.reshape(moved.shape[: len(kept)] + (-1,))
    mask = np.zeros_like(flat)
    np.put_along_axis(mask, flat.argmax(axis=-1)[..., None], 1.0, axis=-1)
    return np.transpose(mask.reshape(moved.shape), np.argsort(kept + list(axes)))


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
    parents, op, local_backward : optional
        Given by the operations below (and by ``losses.softmax_cross_entropy``), as
        micrograd's ``Value(data, _children, _op)``: the inputs, the operation's name and
        its local backward. A tensor made by hand is a leaf and has none of them.

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

    __array_priority__ = 1000  # so that ndarray + Tensor calls Tensor.__radd__

    def __init__(self, data: object, requires_grad: bool = False, name: str = "", *, parents: tuple[Tensor, ...] = (),
                 op: str = "", local_backward: LocalBackward | None = None) -> None:
        self.data = (np.asarray(data, np.float64) if parents  # an operation's result, float64 already: no check
                     else checks.real_array("Tensor data", data, finite=False, dtype=np.float64))
        self.requires_grad = bool(requires_grad) or any(p.requires_grad for p in parents)
        self.name = name
        self.op = op
        self.parents = parents
        self._backward = local_backward
        self._grad: np.ndarray | None = None  # zeros made when .grad is read: saves an array per node, 10-15% of a step

    @property
    def grad(self) -> np.ndarray:
        if self._grad is None:
            self._grad = np.zeros_like(self.data)
        return self._grad

    @grad.setter
    def grad(self, value: np.ndarray) -> None:
        self._grad = checks.real_array("grad", value, finite=False, shape=self.shape, dtype=np.float64)

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
        """The value of a one-element tensor as a Python float, also written ``float(t)``."""
        return float(checks.one_element("item()", self.data))
    __float__ = item

    def __bool__(self) -> bool:
        return bool(checks.one_element("bool()", self.data))

    def __len__(self) -> int:
        if not self.ndim:
            raise TypeError(f"a 0-d tensor ({self.item():g}) has no len() and cannot be iterated: use .item()")
        return self.shape[0]

    def __iter__(self) -> Iterator[Tensor]:  # t[0], t[1], ... along the first axis, each a node of the graph
        return (self[i] for i in range(len(self)))

    def __array__(self, dtype: object = None, copy: bool | None = None) -> np.ndarray:
        """``np.asarray(t)`` is the data of a tensor that needs no gradient, as in PyTorch; for one
        that needs a gradient it is refused, since the array would leave the graph unnoticed."""
        if self.requires_grad:
            raise TypeError(f"a Tensor that requires grad (shape {self.shape}) cannot become an array: use .data")
        return np.array(self.data, dtype=dtype) if copy else np.asarray(self.data, dtype=dtype)  # numpy 1: no copy=None

    def __repr__(self) -> str:
        label = f", name={self.name!r}" if self.name else ""
        origin = f", op={self.op!r}" if self.op else ""
        return f"Tensor({np.array2string(self.data, precision=4)}{label}{origin})"

    # ------------------------------------------------------- add, sub, mul, div, powers
    def __add__(self, other: Tensor | object) -> Tensor:
        """a + b, the add gate: both inputs receive the upstream gradient unchanged."""
        other = _as_tensor(other)
        data = self.data + other.data  # NumPy's error names both shapes if they do not broadcast
        return Tensor(data, parents=(self, other), op="+", local_backward=lambda g: (g, g))

    def __sub__(self, other: Tensor | object) -> Tensor:
        """a - b: an add gate that negates the gradient of b."""
        other = _as_tensor(other)
        data = self.data - other.data
        return Tensor(data, parents=(self, other), op="-", local_backward=lambda g: (g, -g))

    def __mul__(self, other: Tensor | object) -> Tensor:
        """a * b, the mul gate: each input receives the *other* input's value times g."""
        other = _as_tensor(other)
        data = self.data * other.data
        return Tensor(data, parents=(self, other), op="*", local_backward=lambda g: (g * other.data, g * self.data))

    def __truediv__(self, other: Tensor | object) -> Tensor:
        """a / b. Backward: d(a/b)/da = 1/b and d(a/b)/db = -a/b^2."""
        other = _as_tensor(other)
        a, b = self.data, other.data
        if not np.all(b):
            raise ValueError(f"division by zero: the divisor of shape {b.shape} contains 0")
        return Tensor(a / b, parents=(self, other), op="/", local_backward=lambda g: (g / b, -g * a / b**2))

    def __neg__(self) -> Tensor:
        """-a. Backward: -g."""
        return Tensor(-self.data, parents=(self,), op="neg", local_backward=lambda g: (-g,))

    def __radd__(self, other: object) -> Tensor:
        return _as_tensor(other) + self

    def __rsub__(self, other: object) -> Tensor:
        return _as_tensor(other) - self

    def __rmul__(self, other: object) -> Tensor:
        return _as_tensor(other) * self

    def __rtruediv__(self, other: object) -> Tensor:
        return _as_tensor(other) / self

    def __pow__(self, exponent: float) -> Tensor:
        """x^p for a plain number p, as in micrograd. Backward: p x^(p-1)."""
        p = checks.number("the exponent", exponent)
        if p != int(p) and np.any(self.data < 0):
            raise ValueError(f"a negative base cannot be raised to the non-integer power {p}")
        if p < 0 and not np.all(self.data):
            raise ValueError(f"0 cannot be raised to the negative power {p}")
        x, q = self.data, p - 1 if p else 0.0  # as in PyTorch, x^0 has gradient 0 at 0 too (not 0 * 0^-1 = NaN)
        return Tensor(x**p, parents=(self,), op=f"**{exponent}", local_backward=lambda g: (g * p * x**q,))

    def __rpow__(self, base: float) -> Tensor:
        """b^x for a number b > 0. Backward: b^x ln b, the output times ln b."""
        data = checks.number("the base of a power with a Tensor exponent", base, above=0) ** self.data
        return Tensor(data, parents=(self,), op=f"{base}**", local_backward=lambda g: (g * data * np.log(base),))

    # ------------------------------------------------------------- matrix multiplication
    def __matmul__(self, other: Tensor | object) -> Tensor:
        """a @ b, a mul gate for matrices (chapter 06): for (m,k) @ (k,n) and upstream G,
        dL/da = G b^T and dL/db = a^T G. A vector is a single row on the left and a single
        column on the right, as in NumPy."""
        other = _as_tensor(other)
        a, b = self.data, other.data
        if a.ndim not in (1, 2) or b.ndim not in (1, 2) or a.shape[-1] != b.shape[0]:
            raise ValueError(f"'@' needs vectors or matrices of shapes (m, k) @ (k, n), got {a.shape} @ {b.shape}")
        A = a if a.ndim == 2 else a[None, :]
        B = b if b.ndim == 2 else b[:, None]

        def local_backward(g: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            G = g.reshape(A.shape[0], B.shape[1])
            return (G @ B.T).reshape(a.shape), (A.T @ G).reshape(b.shape)

        return Tensor(a @ b, parents=(self, other), op="@", local_backward=local_backward)

    def __rmatmul__(self, other: object) -> Tensor:
        return _as_tensor(other) @ self

    # ---------------------------------------------------------------------- reductions
    def sum(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
        """Sum over ``axis``. Backward, a copy gate: every summed element receives g.

        Parameters
        ----------
        axis : int or sequence of int, optional
            The axes to reduce; all of them by default.
        keepdims : bool, optional
            Keep each reduced axis with length 1.

        Returns
        -------
        Tensor
            The sums (chapter 01_image_features sums a loss over classes and examples).
        """
        (axes, kept), shape = _reduced_axes(axis, self.shape), self.shape
        data = self.data.sum(axis=axes, keepdims=keepdims)
        return Tensor(
            data, parents=(self,), op="sum", local_backward=lambda g: (np.broadcast_to(g.reshape(kept), shape),)
        )

    def mean(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
        """Mean over ``axis``: the sum's backward divided by the number of elements averaged.
        Parameters and result as for ``sum``; chapter 04_gradient_descent averages a loss."""
        (axes, kept), shape = _reduced_axes(axis, self.shape), self.shape
        n = int(np.prod([shape[a] for a in axes]))  # the number of elements in each mean
        data = self.data.mean(axis=axes, keepdims=keepdims)
        return Tensor(
            data, parents=(self,), op="mean", local_backward=lambda g: (np.broadcast_to(g.reshape(kept) / n, shape),)
        )

    def max(self, axis: int | Sequence[int] | None = None, keepdims: bool = False) -> Tensor:
        """Maximum over ``axis``; parameters and result as for ``sum``.

        Backward, the max gate of chapter 06_gate_patterns: the upstream gradient goes to
        exactly one element per reduction, the one that was largest in the forward pass;
        every other element gets 0. On a tie the *first* maximal element (in C order)
        receives it, as ``numpy.argmax`` picks it.
        """
        if self.size == 0:
            raise ValueError(f"max() of an empty tensor, shape {self.shape}")
        axes, kept = _reduced_axes(axis, self.shape)
        mask = _first_max_mask(self.data, axes)
        data = self.data.max(axis=axes, keepdims=keepdims)
        return Tensor(data, parents=(self,), op="max", local_backward=lambda g: (mask * g.reshape(kept),))

    # ------------------------------------------------------------- elementwise functions
    def exp(self) -> Tensor:
        """e^x. Backward: the local gradient of e^x is e^x itself, the output."""
        data = np.exp(self.data)
        return Tensor(data, parents=(self,), op="exp", local_backward=lambda g: (g * data,))

    def log(self) -> Tensor:
        """Natural logarithm of positive values. Backward: 1 / x."""
        if np.any(self.data <= 0):
            raise ValueError(f"log of a non-positive value (min {self.data.min():g})")
        return Tensor(np.log(self.data), parents=(self,), op="log", local_backward=lambda g: (g / self.data,))

    def relu(self) -> Tensor:
        """max(0, x), a max gate (chapter 06): 0 at -inf, NaN at NaN, as in PyTorch. Its
        gradient is 1 where x > 0 and 0 where x <= 0: at exactly 0 it is 0."""
        positive = self.data > 0
        return Tensor(np.maximum(self.data, 0.0), parents=(self,), op="relu", local_backward=lambda g: (g * positive,))

    def sigmoid(self) -> Tensor:
        """1 / (1 + e^-x), computed without overflow: e^-|x| never exceeds 1.
        Backward: sigma(x) (1 - sigma(x)), from the output (chapter 05_backpropagation)."""
        small = np.exp(-np.abs(self.data))
        data = np.where(self.data >= 0, 1.0 / (1.0 + small), small / (1.0 + small))
        return Tensor(data, parents=(self,), op="sigmoid", local_backward=lambda g: (g * data * (1.0 - data),))

    def tanh(self) -> Tensor:
        """tanh(x) (NumPy's is stable for any x). Backward: 1 - tanh(x)^2, from the output."""
        data = np.tanh(self.data)
        return Tensor(data, parents=(self,), op="tanh", local_backward=lambda g: (g * (1.0 - data * data),))

    # ----------------------------------------------------------------- shape operations
    def reshape(self, *shape: int | Sequence[int]) -> Tensor:
        """The same numbers in another shape. Backward: the gradient reshaped back."""
        new_shape = checks.integers("shape", shape[0] if len(shape) == 1 and np.ndim(shape[0]) else shape, minimum=-1)
        data, old_shape = self.data.reshape(new_shape), self.shape  # NumPy's error names both if they differ in size
        return Tensor(data, parents=(self,), op="reshape", local_backward=lambda g: (g.reshape(old_shape),))

    @property
    def T(self) -> Tensor:  # noqa: N802 (the transpose is .T, as in NumPy)
        """The transpose. Backward: the gradient transposed back."""
        return Tensor(self.data.T, parents=(self,), op="T", local_backward=lambda g: (g.T,))

    def __getitem__(self, index: object) -> Tensor:
        """Elements picked as NumPy indexing picks them. Backward: the gradient goes back
        where they came from (``np.add.at``, so an element picked twice receives both)."""
        shape = self.shape

        def local_backward(g: np.ndarray) -> tuple[np.ndarray]:
            grad = np.zeros(shape)
            np.add.at(grad, index, g)
            return (grad,)

        return Tensor(self.data[index], parents=(self,), op="index", local_backward=local_backward)

    # ------------------------------------------------------------------------ backward
    def input_gradients(self, upstream: np.ndarray) -> list[np.ndarray | None]:
        """One application of the chain rule at this node.

        Parameters
        ----------
        upstream : numpy.ndarray
            dL/d(this tensor), shaped like ``data``.

        Returns
        -------
        list of numpy.ndarray or None
            dL/d(parent) = upstream x local gradient for each parent, summed back to the
            parent's shape where the forward pass broadcast it; ``None`` for a parent that
            requires no gradient. Empty for a leaf. Chapter 05_backpropagation draws these
            numbers on the graph's edges.
        """
        if self._backward is None:
            return []
        grads = self._backward(upstream)
        parents = zip(self.parents, grads, strict=True)
        return [_unbroadcast(g, parent.shape) if parent.requires_grad else None for parent, g in parents]

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
        100,000 operations deep is fine), and ``input_gradients`` sends each node's
        gradient on to its parents. A node used several times (``b = a + a``) sums the
        gradients from all its uses: gradients add at forks (chapter 06_gate_patterns).
        A leaf's ``.grad`` is an array of its own; an intermediate node's may be the very
        array another node received (the add gate hands both inputs one array): read it,
        do not change it in place.

        Gradients *accumulate*, as in PyTorch: a second ``backward()`` adds the same
        gradients once more to every ``.grad``. Call ``zero_grad()`` on the parameters
        (or on this tensor, which clears the whole graph) in between.
        """
        if not self.requires_grad:
            raise ValueError("backward() on a tensor that needs no gradient: give its inputs requires_grad=True")
        if grad is None and self.size != 1:
            raise ValueError(f"backward() without grad= needs a tensor of one number, not of shape {self.shape}")
        grad = np.ones_like(self.data) if grad is None else checks.real_array(
            "backward()'s grad", grad, finite=False, shape=self.shape, dtype=np.float64)

        # What each node receives in *this* pass, summed over its uses; .grad may also
        # hold the gradients of earlier passes.
        arriving = {id(self): grad}
        for node in reversed(self._topological_order()):
            g = arriving.pop(id(node))
            if node._grad is not None:
                node._grad = node._grad + g
            elif node.parents:
                node._grad = g  # kept, not copied: saves a copy per node, ~5% of a training step
            else:
                node._grad = np.array(g)  # a leaf (a parameter) gets a writeable array of its own
            for parent, parent_grad in zip(node.parents, node.input_gradients(g), strict=True):
                if parent_grad is not None:
                    key = id(parent)
                    arriving[key] = arriving[key] + parent_grad if key in arriving else parent_grad

    def zero_grad(self) -> None:
        """Reset ``.grad`` to zeros on this tensor and every node it was computed from."""
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

    The upstream gradient goes to whichever input was larger; on a tie it goes to ``a``. As
    in NumPy and PyTorch, a NaN in either input gives NaN.

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
    a_wins = a.data >= b.data
    data = np.maximum(a.data, b.data)
    return Tensor(data, parents=(a, b), op="max", local_backward=lambda g: (g * a_wins, g * ~a_wins))

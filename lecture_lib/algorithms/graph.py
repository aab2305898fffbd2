"""The computational graph the engine records, read as nodes and edges, and its backward pass.

Every ``Tensor`` remembers the operation that made it (``.op``) and its inputs
(``.parents``). ``ComputationalGraph`` turns that record into nodes (one per input and per
operation, plus an explicit *copy* node where a value is used several times, the fan-out
gate where gradients add) and edges (one per use of a value). It reads the forward value
and the gradient carried by every edge, and spells out each step of the backward pass as
``upstream x local = downstream``. It draws nothing: ``lecture_lib.figures.graph`` does,
from the positions of ``lecture_lib.algorithms.graph_layout``.

Used in chapters 05_backpropagation and 06_gate_patterns; the graphs themselves are the
chapters' own functions, handed to ``ComputationalGraph`` (or to the widgets) as built.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from lecture_lib.engine import checks
from lecture_lib.engine.autograd import Tensor

# What is written inside an operation's circle, and the name of the gate it is (chapter 06).
OP_SYMBOLS = {
    "+": "+",
    "-": "\u2212",
    "*": "\u00d7",
    "/": "\u00f7",
    "neg": "\u2212x",
    "max": "max",
    "relu": "relu",
    "exp": "exp",
    "log": "log",
    "sigmoid": "\u03c3",
    "tanh": "tanh",
    "sum": "\u03a3",
    "mean": "mean",
    "@": "@",
    "cross_entropy": "CE",
    "copy": "copy",
}
GATE_TYPES = {"+": "add", "-": "add", "*": "mul", "max": "max", "relu": "max", "copy": "copy", "sum": "add"}

# How a step caption writes an unnamed operation in terms of its inputs' names ("w0·x",
# "exp(−z)"): an infix operator with the precedence of the result and the least precedence
# each operand may have without parentheses (left, right), or a function's name. A name or a
# function call binds tightest (ATOM).
ATOM = 9
INFIX = {"+": ("+", 1, 1, 1), "-": ("\u2212", 1, 1, 2), "*": ("\u00b7", 2, 2, 2), "/": ("/", 2, 2, 3),
         "@": (" @ ", 2, 2, 3)}
FUNCTIONS = {"sigmoid": "\u03c3", "cross_entropy": "CE"}
# An expression longer than this is no help in a caption: the node is called by its symbol.
LONGEST_EXPRESSION = 24


def _symbol(op: str) -> str:
    if op.startswith("**"):
        return "x\u00b2" if op == "**2" else f"x^{op[2:]}"
    return OP_SYMBOLS.get(op, op)


def gate_type(op: str) -> str:
    """The gate pattern an operation follows: ``add``, ``mul``, ``max``, ``copy`` or the op itself.

    ``relu`` is max(0, x), a max gate; ``-`` adds the negated second input; ``sum`` adds.

    Parameters
    ----------
    op : str
        A ``Tensor.op`` string, or ``"copy"`` for a fan-out node.

    Returns
    -------
    str
        The gate type (used for the labels of chapter 06_gate_patterns).
    """
    if checks.instance("op", op, str).startswith("**"):
        return "pow"
    return GATE_TYPES.get(op, op)


def format_number(value: float, digits: int = 3) -> str:
    """``value`` to ``digits`` (>= 1) significant figures, with a true minus sign and no ``-0``.

    Three figures make the arithmetic of a backward step read right: 0.197 x 2 = 0.393,
    where two decimals would show 0.20 x 2.00 = 0.39.
    """
    number = float(checks.real_array("value", value, finite=False, ndim=0))
    text = f"{number:.{checks.integer('digits', digits, minimum=1)}g}"
    if float(text) == 0:
        return "0"
    return text.replace("-", "\u2212")


def format_values(values: np.ndarray, digits: int = 3) -> str:
    """A one-number array as ``format_number`` writes it; a larger one as its shape, "shape 2×3"."""
    if values.size == 1:
        return format_number(values.reshape(()), digits)
    return "shape " + "\u00d7".join(str(n) for n in values.shape)


# ------------------------------------------------------------------------------- the graph
@dataclass
class GraphNode:
    """One drawn node: an input (``"leaf"``), an operation (``"op"``) or a fan-out (``"copy"``).

    ``tensor`` is the value the node outputs; ``inputs`` are the indices of the nodes
    feeding it, in argument order, with ``None`` for an unnamed constant folded into the
    node's label (``constants`` maps its argument position to its value): 1 + x is drawn
    as one node "+1", as in the CS231n notes.
    """

    kind: str
    tensor: Tensor
    inputs: list[int | None] = field(default_factory=list)
    constants: dict[int, float] = field(default_factory=dict)

    @property
    def op(self) -> str:
        return "copy" if self.kind == "copy" else self.tensor.op

    @property
    def drawn_inputs(self) -> list[int]:
        return [i for i in self.inputs if i is not None]

    @property
    def label(self) -> str:
        if self.kind == "leaf":
            return self.tensor.name or format_values(self.tensor.data, 2)
        if not self.constants:
            return _symbol(self.op)
        ((position, value),) = self.constants.items()
        c = f"{value:g}".replace("-", "\u2212")
        forms = {
            ("+", 0): f"+{c}", ("+", 1): f"+{c}", ("*", 0): f"\u00d7{c}", ("*", 1): f"\u00d7{c}",
            ("-", 0): f"{c}\u2212", ("-", 1): f"\u2212{c}", ("/", 0): f"{c}/x", ("/", 1): f"\u00f7{c}",
            ("max", 0): f"max {c}", ("max", 1): f"max {c}",
        }
        return forms.get((self.op, position), f"{_symbol(self.op)} {c}")


@dataclass(frozen=True)
class GraphEdge:
    """An arrow from node ``source`` into argument ``position`` of node ``target``.

    ``target`` is ``None`` for the stub leaving an output node to the right.
    """

    source: int
    target: int | None
    position: int = 0


class ComputationalGraph:
    """The nodes and edges recorded by the engine from some inputs to ``outputs``.

    Call ``backward`` on the outputs first (or use ``run_backward``) so that the
    gradients are in place; the graph reads them, it does not compute them.

    Parameters
    ----------
    outputs : Tensor or sequence of Tensor
        The final node(s); every tensor they were computed from is drawn.
    upstream : sequence of float, optional
        The upstream gradient each output was seeded with (default: 1 each).
    show_copies : bool, optional
        Draw a value used by several operations through a ``copy`` node (chapter 06).

    Attributes
    ----------
    nodes : list of GraphNode
        In topological order: every node after its inputs.
    edges : list of GraphEdge
        One per use of a value, then one output stub per output.
    outputs : list of int
        Node indices of the outputs.
    """

    def __init__(
        self,
        outputs: Tensor | Sequence[Tensor],
        upstream: Sequence[float] | None = None,
        show_copies: bool = True,
        fold_constants: bool = True,
    ) -> None:
        roots, seeds = _roots_and_seeds(outputs, upstream)
        self.seeds = [np.full(r.shape, s) for r, s in zip(roots, seeds, strict=True)]

        # Stage 1: one node per tensor, in topological order (iterative post-order DFS,
        # inputs visited in argument order, so the drawing is the same on every call).
        tensors: list[Tensor] = []
        index_of: dict[int, int] = {}
        for root in roots:
            stack: list[tuple[Tensor, bool]] = [(root, False)]
            while stack:
                tensor, inputs_done = stack.pop()
                if inputs_done:
                    if id(tensor) not in index_of:
                        index_of[id(tensor)] = len(tensors)
                        tensors.append(tensor)
                    continue
                if id(tensor) in index_of:
                    continue
                stack.append((tensor, True))
                stack.extend((p, False) for p in reversed(tensor.parents) if id(p) not in index_of)

        # Stage 2: the nodes. A value used more than once (by operations, or as an output)
        # gets a copy node right after it when ``show_copies`` is set, and its uses start
        # from the copy node. An unnamed constant number used once is folded into the label
        # of the operation that uses it, unless it is that operation's only input.
        uses = [0] * len(tensors)
        for tensor in tensors:
            for parent in tensor.parents:
                uses[index_of[id(parent)]] += 1
        for root in roots:
            uses[index_of[id(root)]] += 1
        self.nodes: list[GraphNode] = []
        node_of: list[int] = []  # tensor index -> node index its uses start from

        def foldable(tensor: Tensor) -> bool:
            return (
                fold_constants and not tensor.parents and not tensor.requires_grad and not tensor.name
                and tensor.size == 1 and uses[index_of[id(tensor)]] == 1 and all(r is not tensor for r in roots)
            )

        folded: set[int] = set()  # at most one constant per operation, which keeps a drawn input
        for tensor in tensors:
            constants = [p for p in tensor.parents if foldable(p)]
            if len(constants) == 1 and len(tensor.parents) > 1:
                folded.add(id(constants[0]))
        for tensor in tensors:
            if id(tensor) not in folded:
                self.nodes.append(GraphNode("op" if tensor.parents else "leaf", tensor))
                if show_copies and uses[index_of[id(tensor)]] > 1:
                    self.nodes.append(GraphNode("copy", tensor, [len(self.nodes) - 1]))
            node_of.append(len(self.nodes) - 1)
        for node in self.nodes:
            if node.kind == "op":
                node.inputs = [None if id(p) in folded else node_of[index_of[id(p)]] for p in node.tensor.parents]
                node.constants = {k: p.item() for k, p in enumerate(node.tensor.parents) if id(p) in folded}

        # Stage 3: the edges, one per use, then one stub per output.
        self.edges: list[GraphEdge] = [
            GraphEdge(source, target, position)
            for target, node in enumerate(self.nodes)
            for position, source in enumerate(node.inputs)
            if source is not None
        ]
        self.outputs = [node_of[index_of[id(r)]] for r in roots]
        self.edges += [GraphEdge(source, None, k) for k, source in enumerate(self.outputs)]
        self.consumers: dict[int, list[GraphEdge]] = {i: [] for i in range(len(self.nodes))}
        for edge in self.edges:
            self.consumers[edge.source].append(edge)

    # -------------------------------------------------------------------- gradients
    def backward_order(self) -> list[int]:
        """The operation and copy nodes in the order the backward pass visits them."""
        return [i for i in reversed(range(len(self.nodes))) if self.nodes[i].kind != "leaf"]

    def edge_value(self, edge: GraphEdge) -> np.ndarray:
        """The forward value carried by ``edge`` (its source's output)."""
        return self.nodes[edge.source].tensor.data

    def edge_gradient(self, edge: GraphEdge) -> np.ndarray | None:
        """dL/d(source) through this edge alone: what the target sends back along it.

        ``None`` when the source needs no gradient (a constant).
        """
        source = self.nodes[edge.source]
        if not source.tensor.requires_grad:
            return None
        if edge.target is None:
            return self.seeds[edge.position]
        target = self.nodes[edge.target]
        if target.kind == "copy":
            return sum(g for e in self.consumers[edge.target] if (g := self.edge_gradient(e)) is not None)
        upstream = target.tensor.grad
        return target.tensor.input_gradients(upstream)[edge.position]

    def local_gradients(self, index: int) -> list[np.ndarray]:
        """d(output)/d(input) of node ``index`` for each input (scalar nodes: a number each)."""
        node = self.nodes[index]
        if node.kind == "copy":
            return [np.ones_like(node.tensor.data)]
        return list(node.tensor.input_gradients(np.ones_like(node.tensor.data)))

    def upstream_gradient(self, index: int) -> np.ndarray:
        """dL/d(node output): the sum of the gradients coming back along its outgoing edges."""
        return self.nodes[index].tensor.grad

    def step_caption(self, step: int, digits: int = 3) -> str:
        """What happens at ``step`` of the backward pass, as ``upstream x local = downstream``.

        Step 0 seeds the output(s); step k processes the k-th node of ``backward_order``. The
        caption names the node and every input it sends a gradient to: by the tensor's name
        where the chapter's graph function gave one ("h0"), otherwise by what it computes from
        named inputs ("w0\u00b7x"), otherwise by its symbol ("the + node").

        Parameters
        ----------
        step : int
            From 0 to the number of operation and copy nodes.
        digits : int, optional
            Significant figures of the numbers.

        Returns
        -------
        str
            A head line, then one line per input that receives a gradient.
        """
        order = self.backward_order()
        if not 0 <= checks.integer("step", step) <= len(order):
            raise ValueError(f"step must lie in [0, {len(order)}], got {step}")
        fmt = lambda v: format_values(np.asarray(v), digits)  # noqa: E731
        if step == 0:
            seeds = ", ".join(
                f"{self._name(i)}: {fmt(self.seeds[k])}" for k, i in enumerate(self.outputs)
            )
            return f"step 0/{len(order)}: the backward pass starts at the output, upstream gradient {seeds}"
        index = order[step - 1]
        node = self.nodes[index]
        head = f"step {step}/{len(order)}: {self._definition(index)}"
        if node.kind == "copy":
            parts = [fmt(g) for e in self.consumers[index] if (g := self.edge_gradient(e)) is not None]
            total = fmt(node.tensor.grad)
            return f"{head}: the gradients add\n  downstream = {' + '.join(parts)} = {total}"
        upstream = fmt(self.upstream_gradient(index))
        lines = [f"{head}, upstream {upstream}"]
        local = self.local_gradients(index)
        for position, source in enumerate(node.inputs):
            downstream = None if source is None else self.edge_gradient(GraphEdge(source, index, position))
            if downstream is not None:
                lines.append(
                    f"  to {self._name(source)}: {upstream} \u00d7 local {fmt(local[position])} = {fmt(downstream)}"
                )
        return "\n".join(lines)

    def _definition(self, index: int) -> str:
        """The head of a step's caption: what the node computes, and its gate pattern if it has one.

        "h1 = relu(a1), max gate"; "w0·x, mul gate" for an unnamed node; "copy gate, x used
        2 times" for a fan-out; "L = e²" for an operation that follows none of the four patterns.
        """
        node = self.nodes[index]
        if node.kind == "copy":
            return f"copy gate, {self._name(node.inputs[0])} used {len(self.consumers[index])} times"
        expression, _ = self._expression(index)
        if node.tensor.name:
            computes = node.tensor.name
            if len(expression) <= LONGEST_EXPRESSION:
                computes += f" = {expression}"
        else:
            computes = self._name(index)
        kind = gate_type(node.op)
        return f"{computes}, {kind} gate" if kind in ("add", "mul", "max") else computes

    def _name(self, index: int) -> str:
        """What a caption calls node ``index``: its name, else what it computes from its inputs."""
        node = self.nodes[index]
        if node.kind == "copy":
            return self._name(node.inputs[0]) + " (copy)"
        if node.kind == "leaf" or node.tensor.name:
            return node.tensor.name or node.label
        text, _ = self._expression(index)
        return text if len(text) <= LONGEST_EXPRESSION else f"the {node.label} node"

    def _operand(self, index: int | None, position: int, node: GraphNode) -> tuple[str, int]:
        """An input of ``node`` as an expression: a folded constant, a name, or a nested expression."""
        if index is None:
            return format_number(node.constants[position]), ATOM
        source = self.nodes[index]
        if source.kind == "copy":
            return self._operand(source.inputs[0], 0, source)
        if source.kind == "leaf" or source.tensor.name:
            return source.tensor.name or source.label, ATOM
        return self._expression(index)

    def _expression(self, index: int) -> tuple[str, int]:
        """What node ``index`` computes, written with its inputs' names, and its precedence."""
        node = self.nodes[index]
        operands = [self._operand(source, k, node) for k, source in enumerate(node.inputs)]

        def wrapped(k: int, least: int) -> str:
            text, precedence = operands[k]
            return text if precedence >= least else f"({text})"

        op = node.op
        if op in INFIX and len(operands) == 2:
            symbol, precedence, left, right = INFIX[op]
            return f"{wrapped(0, left)}{symbol}{wrapped(1, right)}", precedence
        if op == "neg":
            return f"\u2212{wrapped(0, 3)}", 3
        if op.startswith("**"):
            power = "\u00b2" if op == "**2" else f"^{op[2:]}"
            return f"{wrapped(0, ATOM)}{power}", 4
        if op == "T":
            return f"{wrapped(0, ATOM)}\u1d40", ATOM
        arguments = ", ".join(text for text, _ in operands)
        return f"{FUNCTIONS.get(op, op)}({arguments})", ATOM

    def signature(self) -> list[tuple[str, tuple[int, ...]]]:
        """The structure (node kinds/ops and their inputs), equal for graphs drawn alike."""
        return [(node.op, tuple(node.inputs)) for node in self.nodes]


def run_backward(outputs: Tensor | Sequence[Tensor], upstream: Sequence[float] | None = None) -> None:
    """Run the engine's backward pass from each output with its upstream gradient (default 1).

    Parameters
    ----------
    outputs : Tensor or sequence of Tensor
        Scalar outputs.
    upstream : sequence of float, optional
        One upstream gradient per output.
    """
    for root, seed in zip(*_roots_and_seeds(outputs, upstream), strict=True):
        root.backward(np.full(root.shape, seed))


def _roots_and_seeds(outputs: Tensor | Sequence[Tensor], upstream: Sequence[float] | None) -> tuple[list, list]:
    """The outputs as a list of Tensors and one upstream gradient (a finite number, default 1) for each."""
    roots = [outputs] if isinstance(outputs, Tensor) else list(outputs) if isinstance(outputs, Sequence) else []
    if not roots or not all(isinstance(r, Tensor) for r in roots):
        raise TypeError(f"outputs must be a Tensor or a non-empty sequence of Tensors, got {outputs!r}")
    seeds = [1.0] * len(roots) if upstream is None else list(upstream) if isinstance(upstream, Sequence) else [upstream]
    if len(seeds) != len(roots):
        raise ValueError(f"{len(roots)} outputs but {len(seeds)} upstream gradients")
    return roots, [checks.number(f"upstream[{k}]", s) for k, s in enumerate(seeds)]


def leaves(**values: float | np.ndarray) -> dict[str, Tensor]:
    """One named input tensor per keyword, each requiring a gradient: the leaves of a graph.

    Parameters
    ----------
    **values : float or numpy.ndarray
        Name and value of each input, e.g. ``leaves(x=-2.0, y=5.0)``, or weight matrices
        (``leaves(W1=W1, b1=b1)``, chapter 06's batched network).

    Returns
    -------
    dict of str to Tensor
        In the order given; ``f(**leaves(x=..., y=...))`` calls a chapter's graph function.
    """
    return {
        name: Tensor(checks.real_array(name, value, finite=False), requires_grad=True, name=name)
        for name, value in values.items()
    }

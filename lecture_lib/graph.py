"""Drawing the engine's recorded computational graph, and walking its backward pass.

Every ``Tensor`` remembers the operation that made it (``.op``) and its inputs
(``.parents``). This module turns that record into a picture drawn with matplotlib alone
(no graphviz): one node per input and per operation, one arrow per use of a value, the
forward value written above each arrow and the gradient below it, as in the CS231n
notes. A value used by several operations can be drawn through an explicit *copy* node
(the fan-out gate), where the gradients coming back are added.

The backward pass can be shown one node at a time: at step ``k`` the k-th node of the
reverse topological order is highlighted, and a caption spells out
``upstream x local = downstream`` for each of its inputs.

Used in chapters 05_backpropagation (the graph of (x + y) z and of a sigmoid neuron) and
06_gate_patterns (the single gates, a small circuit and the backward pass of an MLP).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Patch
from matplotlib.text import Text

from lecture_lib.autograd import Tensor, maximum
from lecture_lib.widgets import InteractiveFigure, Slider, interactive

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
    "copy": "copy",
}
GATE_TYPES = {"+": "add", "-": "add", "*": "mul", "max": "max", "relu": "max", "copy": "copy", "sum": "add"}

VALUE_COLOUR = "#1a7f37"
GRADIENT_COLOUR = "#c62828"
NODE_COLOUR = "#eef3fb"
HIGHLIGHT_COLOUR = "#ffd54f"
DONE_COLOUR = "#fde0dc"


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
    if op.startswith("**"):
        return "pow"
    return GATE_TYPES.get(op, op)


def format_number(value: float, precision: int = 2) -> str:
    """``value`` rounded to ``precision`` decimals with a true minus sign and no ``-0.00``."""
    rounded = round(float(value), precision)
    if rounded == 0:
        rounded = 0.0
    return f"{rounded:.{precision}f}".replace("-", "\u2212")


def _format_array(values: np.ndarray, precision: int) -> str:
    if values.size == 1:
        return format_number(values.reshape(()), precision)
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
            return self.tensor.name or _format_array(self.tensor.data, 2)
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
        roots = [outputs] if isinstance(outputs, Tensor) else list(outputs)
        if not roots or not all(isinstance(r, Tensor) for r in roots):
            raise TypeError(f"outputs must be a Tensor or a non-empty sequence of Tensors, got {outputs!r}")
        seeds = [1.0] * len(roots) if upstream is None else list(upstream)
        if len(seeds) != len(roots):
            raise ValueError(f"{len(roots)} outputs but {len(seeds)} upstream gradients")
        self.seeds = [np.full(r.shape, float(s)) for r, s in zip(roots, seeds, strict=True)]

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

    def step_caption(self, step: int, precision: int = 2) -> str:
        """What happens at ``step`` of the backward pass, as ``upstream x local = downstream``.

        Step 0 seeds the output(s); step k processes the k-th node of ``backward_order``.
        """
        order = self.backward_order()
        if not 0 <= step <= len(order):
            raise ValueError(f"step must lie in [0, {len(order)}], got {step}")
        fmt = lambda v: _format_array(np.asarray(v), precision)  # noqa: E731
        if step == 0:
            seeds = ", ".join(
                f"{self._name(i)}: {fmt(self.seeds[k])}" for k, i in enumerate(self.outputs)
            )
            return f"step 0/{len(order)}: the backward pass starts at the output, upstream gradient {seeds}"
        index = order[step - 1]
        node = self.nodes[index]
        kind = gate_type(node.op)
        gate = f"{kind} gate {node.label}" if kind in ("add", "mul", "max", "copy") else f"node {node.label}"
        head = f"step {step}/{len(order)}: {gate}"
        if node.kind == "copy":
            parts = [fmt(g) for e in self.consumers[index] if (g := self.edge_gradient(e)) is not None]
            total = fmt(node.tensor.grad)
            return f"{head}: gradients add at a fork\n  downstream = {' + '.join(parts)} = {total}"
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

    def _name(self, index: int) -> str:
        node = self.nodes[index]
        if node.kind == "copy":
            return self._name(node.inputs[0]) + " (copy)"
        return node.tensor.name or node.label

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
    roots = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    seeds = [1.0] * len(roots) if upstream is None else list(upstream)
    if len(seeds) != len(roots):
        raise ValueError(f"{len(roots)} outputs but {len(seeds)} upstream gradients")
    for root, seed in zip(roots, seeds, strict=True):
        root.backward(np.full(root.shape, float(seed)))


# ------------------------------------------------------------------------------ the layout
def _spread(wished: np.ndarray, gap: float = 1.0) -> np.ndarray:
    """Rows as close as possible (least squares) to ``wished``, a decreasing sequence, with
    neighbours at least ``gap`` apart.

    With q_i = row_i + i gap the constraint reads "q is non-increasing", an isotonic
    regression solved by pooling adjacent violators.
    """
    targets = wished + gap * np.arange(len(wished))
    blocks: list[list[float]] = []  # [mean, size]
    for value in targets:
        blocks.append([value, 1])
        while len(blocks) > 1 and blocks[-2][0] < blocks[-1][0]:
            mean, size = blocks.pop()
            blocks[-1] = [(blocks[-1][0] * blocks[-1][1] + mean * size) / (blocks[-1][1] + size), blocks[-1][1] + size]
    pooled = np.concatenate([np.full(int(size), mean) for mean, size in blocks]) if blocks else targets
    return pooled - gap * np.arange(len(wished))


def layered_layout(graph: ComputationalGraph) -> np.ndarray:
    """Positions (x, y) of the nodes: one column per depth, inputs to the left.

    Parameters
    ----------
    graph : ComputationalGraph

    Returns
    -------
    numpy.ndarray
        Shape (number of nodes, 2); x is the column, y decreases downwards.
    """
    count = len(graph.nodes)
    inputs = [node.drawn_inputs for node in graph.nodes]
    consumers = [[e.target for e in graph.consumers[i] if e.target is not None] for i in range(count)]

    # Columns: an operation sits one column right of its deepest input. Inputs and copy
    # nodes then move right, to just before their first consumer, so that a constant
    # used at the end is not drawn far away at the left.
    column = np.zeros(count, dtype=int)
    for index in range(count):
        if inputs[index]:
            column[index] = 1 + max(column[i] for i in inputs[index])
    for index in reversed(range(count)):
        if graph.nodes[index].kind != "op" and consumers[index]:
            lowest = 1 + max(column[i] for i in inputs[index]) if inputs[index] else 0
            column[index] = max(lowest, min(column[c] for c in consumers[index]) - 1)

    # Rows: inputs take successive rows in the order a depth-first walk from the outputs
    # meets them, and an operation sits at the mean height of its inputs, so a tree is
    # drawn as a tree. An input that joins a chain of operations later (w2 in
    # w0 x0 + w1 x1 + w2) takes no row of its own: it sits just above or below its consumer.
    walk: list[int] = []
    stack = list(reversed(graph.outputs))
    while stack:
        index = stack.pop()
        if index not in walk:
            walk.append(index)
            stack.extend(reversed(inputs[index]))
    walk += [i for i in range(count) if i not in walk]

    def joins_late(index: int) -> bool:
        targets = consumers[index]
        return (
            not inputs[index] and column[index] > 0 and len(targets) == 1
            and any(graph.nodes[i].kind == "op" for i in inputs[targets[0]])
        )

    late = {i for i in range(count) if joins_late(i)}
    row = np.zeros(count)
    for slot, index in enumerate(i for i in walk if not inputs[i] and i not in late):
        row[index] = -slot

    # Columns are placed left to right, each from the final rows of the columns before
    # it; nodes of one column closer than one row apart are then spread around their
    # wished rows (least squares, order kept), so that edges stay as level as possible.
    for col in range(int(column.max()) + 1):
        members = [i for i in range(count) if column[i] == col]
        for index in members:
            main = [i for i in inputs[index] if i not in late]
            if main:
                row[index] = np.mean([row[i] for i in main])
        for index in members:
            if index in late:
                (target,) = consumers[index]
                main = [i for i in inputs[target] if i not in late]
                above = graph.nodes[target].inputs.index(index) == 0
                row[index] = np.mean([row[i] for i in main]) + (0.8 if above else -0.8)
        ordered = sorted(members, key=lambda i: (-row[i], i))
        row[ordered] = _spread(row[ordered])
    return np.column_stack([column.astype(float), row])


# ------------------------------------------------------------------------------ drawing
@dataclass
class GraphArtists:
    """The matplotlib artists of a drawn graph, updated in place by ``update_graph``."""

    axes: Axes
    node_patches: list[Patch]
    value_texts: list[Text]
    gradient_texts: list[Text]
    arrows: list[FancyArrowPatch]
    caption: Text
    precision: int


def draw_graph(
    graph: ComputationalGraph,
    ax: Axes | None = None,
    step: int | None = None,
    precision: int = 2,
    show_gate_types: bool = False,
    animated: bool = False,
    column_width: float = 1.3,
    row_height: float = 0.8,
) -> GraphArtists:
    """Draw ``graph``: nodes, arrows, forward values (green) and gradients (red).

    Parameters
    ----------
    graph : ComputationalGraph
        With gradients in place (see ``run_backward``).
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default a new figure sized to the graph.
    step : int, optional
        Show the backward pass after ``step`` nodes (see ``update_graph``); ``None`` shows
        every gradient.
    precision : int, optional
        Decimals of the numbers written on the arrows.
    show_gate_types : bool, optional
        Write each operation's gate type (add, mul, max, copy) under its node.
    animated : bool, optional
        Create the artists that change with ``animated=True`` (for widgets): the numbers,
        and when ``step`` is given also the arrows and nodes, whose colours show the step.
    column_width, row_height : float, optional
        Spacing of the layout in inches.

    Returns
    -------
    GraphArtists
        The artists ``update_graph`` changes.
    """
    positions = layered_layout(graph) * [column_width, row_height]
    radius, font = 0.25, 9
    stepping = animated and step is not None
    left, right = positions[:, 0].min() - 0.45, positions[:, 0].max() + radius + 1.2
    spread = 0.45 * (max(sum(e.target is None for e in graph.consumers[i]) for i in graph.outputs) - 1)
    bottom, top = positions[:, 1].min() - 0.5 - spread, positions[:, 1].max() + 0.5 + spread
    if step is not None:
        longest = max((len(node.inputs) for node in graph.nodes), default=1)
        bottom -= 0.17 * (longest + 1) + 0.05
    if ax is None:
        figure = plt.figure(figsize=(right - left, top - bottom))
        ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.spines[:].set_visible(False)  # a widget redraws artists one by one, ignoring set_axis_off
    ax.set_aspect("equal")
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)

    # Arrows first, each with its value above and its gradient below. The labels sit
    # nearer the end where arrows spread apart (after a fork, before a join).
    arrows, value_texts, gradient_texts = [], [], []
    fan_in = [len(node.drawn_inputs) for node in graph.nodes]
    fan_out = [len(graph.consumers[i]) for i in range(len(graph.nodes))]
    stubs = {i: [e.position for e in graph.consumers[i] if e.target is None] for i in graph.outputs}
    for edge in graph.edges:
        start = positions[edge.source] + [radius, 0.0]
        if edge.target is None:
            siblings = stubs[edge.source]
            rise = 0.9 * ((len(siblings) - 1) / 2 - siblings.index(edge.position))
            end, where = start + [0.95, rise], 0.5
        else:
            end = positions[edge.target] - [radius, 0.0]
            where = 0.5 - 0.1 * (fan_in[edge.target] > 1) + 0.12 * (fan_out[edge.source] > 1)
        arrow = FancyArrowPatch(
            start, end, arrowstyle="-|>", mutation_scale=10, color="0.35", lw=1.1, animated=stepping, zorder=1
        )
        ax.add_patch(arrow)
        arrows.append(arrow)
        label_at = start + where * (end - start)
        style = {"ha": "center", "fontsize": font, "animated": animated, "zorder": 3}
        box = {"boxstyle": "round,pad=0.08", "fc": "white", "ec": "none", "alpha": 0.85}
        value_texts.append(ax.text(*label_at + [0, 0.05], "", va="bottom", color=VALUE_COLOUR, bbox=box, **style))
        gradient_texts.append(ax.text(*label_at - [0, 0.05], "", va="top", color=GRADIENT_COLOUR, bbox=box, **style))

    # Nodes: inputs as rounded boxes, operations and copies as circles; a named
    # operation's name above it, its gate type below it.
    patches = []
    for index, node in enumerate(graph.nodes):
        x, y = positions[index]
        if node.kind == "leaf":
            width = max(0.5, 0.1 * len(node.label) + 0.2)
            patch = FancyBboxPatch(
                (x - width / 2, y - 0.16), width, 0.32, boxstyle="round,pad=0.02", fc="white", ec="0.3", zorder=2,
            )
        else:
            patch = Circle((x, y), radius, fc=NODE_COLOUR, ec="0.3", zorder=2, animated=stepping)
        ax.add_patch(patch)
        patches.append(patch)
        size = font + 1 if len(node.label) <= 3 else font - 1
        ax.text(x, y, node.label, ha="center", va="center", fontsize=size, zorder=4)
        if node.kind == "op" and node.tensor.name:
            ax.text(x, y + radius + 0.03, node.tensor.name, ha="center", va="bottom", fontsize=font, style="italic",
                    zorder=4)
        if show_gate_types and node.kind != "leaf":
            ax.text(x, y - radius - 0.03, gate_type(node.op), ha="center", va="top", fontsize=font - 1,
                    color="0.25", zorder=4)

    caption = ax.text(left + 0.1, bottom + 0.05, "", ha="left", va="bottom", fontsize=font, family="monospace",
                      wrap=True, animated=animated, zorder=5)
    artists = GraphArtists(ax, patches, value_texts, gradient_texts, arrows, caption, precision)
    update_graph(artists, graph, step)
    return artists


def update_graph(artists: GraphArtists, graph: ComputationalGraph, step: int | None = None) -> None:
    """Write ``graph``'s values and gradients into ``artists`` (drawn from a graph of the same shape).

    Parameters
    ----------
    artists : GraphArtists
        From ``draw_graph``.
    graph : ComputationalGraph
        The values to show; it must have the structure the artists were drawn for.
    step : int, optional
        ``None``: every gradient. ``0``: only the seed gradient at the output(s).
        ``k``: the gradients computed by the first k nodes of ``graph.backward_order()``,
        with node k highlighted and its ``upstream x local = downstream`` in the caption.
    """
    if len(artists.node_patches) != len(graph.nodes) or len(artists.value_texts) != len(graph.edges):
        raise ValueError(
            f"these artists were drawn for {len(artists.node_patches)} nodes and {len(artists.value_texts)} edges, "
            f"the graph has {len(graph.nodes)} and {len(graph.edges)}"
        )
    order = graph.backward_order()
    if step is not None and not 0 <= step <= len(order):
        raise ValueError(f"step must lie in [0, {len(order)}] for this graph, got {step}")
    done = set(order if step is None else order[:step])
    current = None if not step else order[step - 1]
    for edge, value_text, gradient_text, arrow in zip(
        graph.edges, artists.value_texts, artists.gradient_texts, artists.arrows, strict=True
    ):
        value_text.set_text(_format_array(graph.edge_value(edge), artists.precision))
        gradient = graph.edge_gradient(edge)
        known = edge.target is None or edge.target in done
        gradient_text.set_text("" if gradient is None or not known else _format_array(gradient, artists.precision))
        fresh = current is not None and edge.target == current
        arrow.set_color(GRADIENT_COLOUR if fresh else "0.35")
        arrow.set_linewidth(2.2 if fresh else 1.2)
        gradient_text.set_fontweight("bold" if fresh else "normal")
    for index, patch in enumerate(artists.node_patches):
        if graph.nodes[index].kind == "leaf":
            continue
        if index == current:
            patch.set_facecolor(HIGHLIGHT_COLOUR)
        elif step is not None and index in done:
            patch.set_facecolor(DONE_COLOUR)
        else:
            patch.set_facecolor(NODE_COLOUR)
    artists.caption.set_text("" if step is None else graph.step_caption(step, artists.precision))


# ------------------------------------------------------------------------------- widgets
def graph_widget(
    build: Callable[..., Tensor | Sequence[Tensor]],
    controls: dict[str, Slider],
    upstream: Sequence[str] = (),
    stepper: bool = False,
    show_gate_types: bool = False,
    show_copies: bool = True,
    static_frames: int = 40,
    precision: int = 2,
) -> InteractiveFigure:
    """A live drawing of the graph ``build(**values)`` records, redrawn as the sliders move.

    Parameters
    ----------
    build : callable
        Takes one keyword argument per control not named in ``upstream`` and returns the
        output tensor(s), computed from fresh tensors on every call.
    controls : dict of str to Slider
        The sliders.
    upstream : sequence of str, optional
        Names of controls that give the upstream gradient of each output (default 1 each).
    stepper : bool, optional
        Add a ``step`` slider that walks the backward pass one node at a time.
    show_gate_types, show_copies, precision : optional
        As in ``draw_graph`` and ``ComputationalGraph``.
    static_frames : int, optional
        Frame budget of the static book.

    Returns
    -------
    InteractiveFigure
    """
    missing = [name for name in upstream if name not in controls]
    if missing:
        raise ValueError(f"upstream controls {missing} are not among the controls {list(controls)}")

    def record(values: dict[str, float]) -> ComputationalGraph:
        inputs = {name: v for name, v in values.items() if name not in upstream and name != "step"}
        outputs = build(**inputs)
        seeds = [values[name] for name in upstream] if upstream else None
        run_backward(outputs, seeds)
        return ComputationalGraph(outputs, seeds, show_copies=show_copies)

    initial = record({name: control.value for name, control in controls.items()})
    steps = len(initial.backward_order())
    all_controls = dict(controls)
    if stepper:
        all_controls["step"] = Slider(0, steps, 1, value=steps, description="backward step")
    artists = draw_graph(
        initial, step=steps if stepper else None, precision=precision, show_gate_types=show_gate_types,
        animated=True,
    )

    def update(**values: float) -> None:
        graph = record(values)
        if graph.signature() != initial.signature():
            raise ValueError("build() recorded a graph of a different shape for these slider values")
        update_graph(artists, graph, int(values["step"]) if stepper else None)

    return interactive(update, all_controls, artists.axes.figure, static_frames=static_frames)


# ------------------------------------------------------------------ the chapters' graphs
def sum_times(x: float = -2.0, y: float = 5.0, z: float = -4.0) -> Tensor:
    """f = (x + y) z, the first graph of chapter 05_backpropagation (q = x + y)."""
    xs, ys, zs = (Tensor(v, requires_grad=True, name=n) for v, n in ((x, "x"), (y, "y"), (z, "z")))
    q = xs + ys
    q.name = "q"
    f = q * zs
    f.name = "f"
    return f


def sigmoid_neuron(
    w0: float = 2.0, x0: float = -1.0, w1: float = -3.0, x1: float = -2.0, w2: float = -3.0
) -> Tensor:
    """sigma(w0 x0 + w1 x1 + w2) written out as 1 / (1 + exp(-(...))), chapter 05's neuron."""
    names = {"w0": w0, "x0": x0, "w1": w1, "x1": x1, "w2": w2}
    t = {n: Tensor(v, requires_grad=True, name=n) for n, v in names.items()}
    z = t["w0"] * t["x0"] + t["w1"] * t["x1"] + t["w2"]
    z.name = "z"
    out = 1.0 / (1.0 + (-z).exp())
    out.name = "\u03c3"
    return out


def circuit(x: float = 3.0, y: float = -4.0, z: float = 2.0, w: float = -1.0) -> Tensor:
    """f = 2 (x y + max(z, w)), the circuit of chapter 06_gate_patterns."""
    xs, ys, zs, ws = (Tensor(v, requires_grad=True, name=n) for v, n in ((x, "x"), (y, "y"), (z, "z"), (w, "w")))
    f = 2.0 * (xs * ys + maximum(zs, ws))
    f.name = "f"
    return f


def scalar_mlp(x: float = 1.5, target: float = 1.0) -> Tensor:
    """Squared error of a 1-2-1 ReLU network written with one Tensor per number (chapter 06).

    h_j = relu(w_j x + b_j), y_hat = v0 h0 + v1 h1, L = (y_hat - target)^2, with fixed
    weights chosen so that at x = 1.5 one hidden unit is active and the other is not.
    """
    weights = {"w0": 1.0, "b0": -0.5, "w1": -1.0, "b1": 0.5, "v0": 1.5, "v1": -2.0}
    t = {n: Tensor(v, requires_grad=True, name=n) for n, v in weights.items()}
    xs = Tensor(x, requires_grad=True, name="x")
    hidden = []
    for j in range(2):
        h = (t[f"w{j}"] * xs + t[f"b{j}"]).relu()
        h.name = f"h{j}"
        hidden.append(h)
    prediction = t["v0"] * hidden[0] + t["v1"] * hidden[1]
    prediction.name = "\u0177"
    loss = (prediction - Tensor(target, name="y")) ** 2
    loss.name = "L"
    return loss


def _gate_outputs(gate: str, x: float, y: float) -> list[Tensor]:
    a, b = Tensor(x, requires_grad=True, name="x"), Tensor(y, requires_grad=True, name="y")
    if gate == "add":
        return [a + b]
    if gate == "mul":
        return [a * b]
    if gate == "max":
        return [maximum(a, b)]
    # copy: x itself is handed on twice, and a gradient comes back along each copy
    return [a, a]


GATES = ("add", "mul", "copy", "max")


def gate_widget(gate: str) -> InteractiveFigure:
    """One gate of chapter 06_gate_patterns, live: sliders for its inputs and upstream gradient(s).

    Parameters
    ----------
    gate : {"add", "mul", "copy", "max"}

    Returns
    -------
    InteractiveFigure
    """
    if gate not in GATES:
        raise ValueError(f"gate must be one of {GATES}, got {gate!r}")
    value = lambda v, name: Slider(-3.0, 3.0, 0.5, value=v, description=name)  # noqa: E731
    if gate == "copy":
        controls = {"x": value(1.0, "x"), "g1": value(2.0, "upstream 1"), "g2": value(-0.5, "upstream 2")}
        return graph_widget(lambda x: _gate_outputs("copy", x, 0.0), controls, upstream=("g1", "g2"),
                            show_gate_types=True)
    controls = {"x": value(2.0, "x"), "y": value(-1.0, "y"), "g": value(1.5, "upstream")}
    return graph_widget(lambda x, y: _gate_outputs(gate, x, y), controls, upstream=("g",), show_gate_types=True)


def _value_slider(value: float, description: str) -> Slider:
    return Slider(-5.0, 5.0, 0.5, value=value, description=description)


def sum_times_widget(stepper: bool = False) -> InteractiveFigure:
    """(x + y) z with sliders for x, y, z; with ``stepper``, its backward pass at x=-2, y=5, z=-4."""
    if stepper:
        return graph_widget(sum_times, {}, stepper=True)
    controls = {"x": _value_slider(-2.0, "x"), "y": _value_slider(5.0, "y"), "z": _value_slider(-4.0, "z")}
    return graph_widget(sum_times, controls, static_frames=64)


def sigmoid_neuron_widget() -> InteractiveFigure:
    """The backward pass of chapter 05's sigmoid neuron, one node per step of the slider."""
    return graph_widget(sigmoid_neuron, {}, stepper=True)


def circuit_widget() -> InteractiveFigure:
    """Chapter 06's circuit 2 (x y + max(z, w)) at x=3, y=-4, with sliders for z and w."""
    controls = {"z": _value_slider(2.0, "z"), "w": _value_slider(-1.0, "w")}
    return graph_widget(lambda z, w: circuit(z=z, w=w), controls, show_gate_types=True, static_frames=25)


def mlp_widget() -> InteractiveFigure:
    """The backward pass of chapter 06's 1-2-1 ReLU network, stepped, every node labelled by gate type."""
    return graph_widget(scalar_mlp, {}, stepper=True, show_gate_types=True)

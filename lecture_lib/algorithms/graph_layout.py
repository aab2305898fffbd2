"""Where to draw each node of a computational graph: a layered layout, inputs to the left.

Columns follow the depth of each operation, rows are chosen so that a tree is drawn as a
tree and edges stay as level as possible (a least-squares spreading of each column, solved
by pooling adjacent violators). An edge that spans several columns gets a *slot* in every
column it crosses, spread together with that column's nodes, so that it passes between
them instead of through them (the dummy nodes of Sugiyama's layered drawing). Pure
geometry: ``lecture_lib.figures.graph`` draws at these positions.

Used in chapters 05_backpropagation and 06_gate_patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lecture_lib.algorithms.graph import ComputationalGraph
from lecture_lib.engine import checks


@dataclass(frozen=True)
class GraphLayout:
    """The positions of a graph's nodes and the routes of its long edges, in column and row units.

    Attributes
    ----------
    positions : numpy.ndarray
        Shape (number of nodes, 2): x is the column, y the row (decreasing downwards).
    slots : dict of int to numpy.ndarray
        For each edge (by its index in ``graph.edges``) that spans more than one column,
        shape (k, 2): the point at which it crosses each of the k columns between its
        ends, at least one row away from every node and every other slot of that column.
    """

    positions: np.ndarray
    slots: dict[int, np.ndarray]


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
        Shape (number of nodes, 2); x is the column, y decreases downwards. The same as
        ``routed_layout(graph).positions``.
    """
    return routed_layout(graph).positions


def routed_layout(graph: ComputationalGraph) -> GraphLayout:
    """Positions of the nodes and slots for the edges that span several columns.

    Parameters
    ----------
    graph : ComputationalGraph

    Returns
    -------
    GraphLayout
    """
    count = len(checks.instance("graph", graph, ComputationalGraph, "from run_backward").nodes)
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

    # Slots: an edge from column c to column c + k (k > 1) gets one slot in each of the
    # columns c + 1 ... c + k - 1, numbered after the nodes. ``feeder[e]`` is what the
    # target of edge e sees as that input when it takes the mean of its inputs' rows: the
    # source, or the edge's last slot.
    slot_column: list[int] = []
    slot_before: list[int] = []  # the node or slot each slot continues
    slots_of: dict[int, list[int]] = {}
    feeder: dict[int, int] = {}
    for number, edge in enumerate(graph.edges):
        if edge.target is None:
            continue
        previous = edge.source
        for col in range(column[edge.source] + 1, column[edge.target]):
            slot_column.append(col)
            slot_before.append(previous)
            previous = count + len(slot_column) - 1
            slots_of.setdefault(number, []).append(previous)
        feeder[number] = previous
    fed_by = [[feeder[n] for n, e in enumerate(graph.edges) if e.target == index] for index in range(count)]
    columns = np.concatenate([column, np.array(slot_column, dtype=int)])

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
    row = np.zeros(len(columns))
    for slot, index in enumerate(i for i in walk if not inputs[i] and i not in late):
        row[index] = -slot

    # Columns are placed left to right, each from the final rows of the columns before
    # it; nodes and slots of one column closer than one row apart are then spread around
    # their wished rows (least squares, order kept), so that edges stay as level as
    # possible. A slot wishes to continue its edge level.
    for col in range(int(column.max()) + 1):
        members = [i for i in range(len(columns)) if columns[i] == col]
        for index in members:
            if index >= count:
                row[index] = row[slot_before[index - count]]
                continue
            main = [i for i in fed_by[index] if i not in late]
            if main:
                row[index] = np.mean([row[i] for i in main])
        for index in members:
            if index in late:
                (target,) = consumers[index]
                main = [i for i in fed_by[target] if i not in late]
                above = graph.nodes[target].inputs.index(index) == 0
                row[index] = np.mean([row[i] for i in main]) + (0.8 if above else -0.8)
        ordered = sorted(members, key=lambda i: (-row[i], i))
        row[ordered] = _spread(row[ordered])
    points = np.column_stack([columns.astype(float), row])
    return GraphLayout(points[:count], {number: points[indices] for number, indices in slots_of.items()})

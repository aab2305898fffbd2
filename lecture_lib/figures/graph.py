"""Drawing a computational graph with matplotlib, and updating its numbers in place.

Inputs are rounded boxes, operations and copies are circles; each arrow carries its forward
value above it (green) and its gradient below it (red), as in the CS231n notes; an arrow
that spans several columns runs around the nodes between its ends, through the slots
``lecture_lib.algorithms.graph_layout`` keeps for it, with its numbers in a slot. At backward
step ``k`` the k-th node of the reverse topological order is highlighted and a caption
spells out ``upstream x local = downstream``. Drawn with matplotlib alone (no graphviz).

Used in chapters 05_backpropagation and 06_gate_patterns.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Patch
from matplotlib.path import Path
from matplotlib.text import Text

from lecture_lib.algorithms.graph import ComputationalGraph, format_values, gate_type
from lecture_lib.algorithms.graph_layout import routed_layout
from lecture_lib.engine import checks

VALUE_COLOUR = "#1a7f37"
GRADIENT_COLOUR = "#c62828"
NODE_COLOUR = "#eef3fb"
HIGHLIGHT_COLOUR = "#ffd54f"
DONE_COLOUR = "#fde0dc"
# The width of the book's content column in CSS pixels (on a 1280 px window).
COLUMN_PIXELS = 690

@dataclass
class GraphArtists:
    """The matplotlib artists of a drawn graph, updated in place by ``update_graph``."""

    axes: Axes
    node_patches: list[Patch]
    value_texts: list[Text]
    gradient_texts: list[Text]
    arrows: list[FancyArrowPatch]
    caption: Text
    digits: int


def draw_graph(
    graph: ComputationalGraph,
    ax: Axes | None = None,
    step: int | None = None,
    digits: int = 3,
    show_gate_types: bool = False,
    animated: bool = False,
    column_width: float = 1.05,
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
    digits : int, optional
        Significant figures of the numbers written on the arrows and in the caption.
    show_gate_types : bool, optional
        Write each operation's gate type (add, mul, max, copy) under its node.
    animated : bool, optional
        Create the artists that change with ``animated=True`` (for widgets): the numbers,
        and when ``step`` is given also the arrows and nodes, whose colours show the step.
    column_width, row_height : float, optional
        Spacing of the layout in inches. A new figure gets a resolution at which it is at
        most ``COLUMN_PIXELS`` wide: the width of the book's content column.

    Returns
    -------
    GraphArtists
        The artists ``update_graph`` changes.
    """
    layout = routed_layout(graph)
    scale = np.array([column_width, row_height])
    positions = layout.positions * scale
    slots = {number: points * scale for number, points in layout.slots.items()}
    radius, font = 0.25, 9.5
    stepping = animated and step is not None
    rows = np.concatenate([positions[:, 1], *(points[:, 1] for points in slots.values())])
    left, right = positions[:, 0].min() - 0.45, positions[:, 0].max() + radius + 1.0
    spread = 0.45 * (max(sum(e.target is None for e in graph.consumers[i]) for i in graph.outputs) - 1)
    bottom, top = rows.min() - 0.5 - spread, rows.max() + 0.5 + spread
    if step is not None:
        longest = max((len(node.inputs) for node in graph.nodes), default=1)
        bottom -= 0.17 * (longest + 1) + 0.05
    if ax is None:
        figure = plt.figure(figsize=(right - left, top - bottom), dpi=min(100.0, COLUMN_PIXELS / (right - left)))
        ax = figure.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_axis_off()
    ax.spines[:].set_visible(False)  # a widget redraws artists one by one, ignoring set_axis_off
    ax.set_aspect("equal")
    ax.set_xlim(left, right)
    ax.set_ylim(bottom, top)

    # Arrows first, each with its value above and its gradient below. The labels sit
    # nearer the end where arrows spread apart (after a fork, before a join). An edge that
    # spans several columns runs through its slots (level across each, a smooth curve
    # between) and carries its labels in its middle slot, a place kept free for it.
    arrows, value_texts, gradient_texts = [], [], []
    fan_in = [len(node.drawn_inputs) for node in graph.nodes]
    fan_out = [len(graph.consumers[i]) for i in range(len(graph.nodes))]
    stubs = {i: [e.position for e in graph.consumers[i] if e.target is None] for i in graph.outputs}
    for number, edge in enumerate(graph.edges):
        start = positions[edge.source] + [radius, 0.0]
        if edge.target is None:
            siblings = stubs[edge.source]
            rise = 0.9 * ((len(siblings) - 1) / 2 - siblings.index(edge.position))
            end = start + [0.8, rise]
            label_at = start + 0.5 * (end - start)
        else:
            end = positions[edge.target] - [radius, 0.0]
            where = 0.5 - 0.1 * (fan_in[edge.target] > 1) + 0.12 * (fan_out[edge.source] > 1)
            label_at = start + where * (end - start)
        style = {"arrowstyle": "-|>", "mutation_scale": 10, "color": "0.35", "lw": 1.1, "animated": stepping,
                 "zorder": 1}
        if number in slots:
            arrow = FancyArrowPatch(path=routed_path(start, end, slots[number], radius), **style)
            label_at = slots[number][len(slots[number]) // 2]
        else:
            arrow = FancyArrowPatch(start, end, **style)
        ax.add_patch(arrow)
        arrows.append(arrow)
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
    artists = GraphArtists(ax, patches, value_texts, gradient_texts, arrows, caption, digits)
    update_graph(artists, graph, step)
    return artists


def routed_path(start: np.ndarray, end: np.ndarray, slots: np.ndarray, half_width: float) -> Path:
    """An arrow's path from ``start`` to ``end`` through ``slots``: level across each slot
    (``half_width`` either side of it), and between them cubic curves that leave and arrive
    level, so that the path bends only in the free space between columns.

    Parameters
    ----------
    start, end : numpy.ndarray
        Shape (2,): where the arrow leaves its source and reaches its target.
    slots : numpy.ndarray
        Shape (k, 2), left to right: the points the path crosses the columns at.
    half_width : float
        Half the width of a column's nodes.

    Returns
    -------
    matplotlib.path.Path
    """
    points = [np.asarray(start, dtype=float)]
    for x, y in slots:
        points += [np.array([x - half_width, y]), np.array([x + half_width, y])]
    points.append(np.asarray(end, dtype=float))
    vertices, codes = [points[0]], [Path.MOVETO]
    for k, (a, b) in enumerate(zip(points[:-1], points[1:], strict=True)):
        if k % 2 == 1:  # across a slot
            vertices.append(b)
            codes.append(Path.LINETO)
        else:
            reach = (b[0] - a[0]) / 2
            vertices += [a + [reach, 0.0], b - [reach, 0.0], b]
            codes += [Path.CURVE4] * 3
    return Path(np.array(vertices), codes)


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
    if step is not None and not 0 <= checks.integer("step", step) <= len(order):
        raise ValueError(f"step must lie in [0, {len(order)}] for this graph, got {step}")
    done = set(order if step is None else order[:step])
    current = None if not step else order[step - 1]
    for edge, value_text, gradient_text, arrow in zip(
        graph.edges, artists.value_texts, artists.gradient_texts, artists.arrows, strict=True
    ):
        value_text.set_text(format_values(graph.edge_value(edge), artists.digits))
        gradient = graph.edge_gradient(edge)
        known = edge.target is None or edge.target in done
        gradient_text.set_text("" if gradient is None or not known else format_values(gradient, artists.digits))
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
    artists.caption.set_text("" if step is None else graph.step_caption(step, artists.digits))

"""Diagrams of a neuron and of a fully connected network, every weight labelled.

The chapters write a neuron as ``y = f(w1 x1 + w2 x2 + b)`` and a network as nodes in
layers joined by weighted edges; these functions draw the same objects with the names the
chapter gives them (as matplotlib mathtext), so that the picture and the formulas use one
notation. Static figures, drawn once.

Used in chapters 02_neuron_and_xor (one neuron) and 03_mlp_and_nonlinearity (the lecture's
2-3-1 network).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyBboxPatch

NODE_RADIUS = 0.3
NODE_FONT, WEIGHT_FONT, CAPTION_FONT = 13, 11, 10.5
INPUT_COLOUR, HIDDEN_COLOUR, OUTPUT_COLOUR = "#deebf7", "#fee6ce", "#e5f5e0"
_LABEL_BOX = {"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.9}


def _math(name: str) -> str:
    return f"${name}$"


def _node(ax: Axes, centre: tuple[float, float], label: str, colour: str, radius: float = NODE_RADIUS) -> None:
    ax.add_patch(Circle(centre, radius, facecolor=colour, edgecolor="0.2", linewidth=1.2, zorder=2))
    ax.text(*centre, label, ha="center", va="center", fontsize=NODE_FONT, zorder=3)


def _arrow(ax: Axes, start: tuple[float, float], end: tuple[float, float], gap_start: float, gap_end: float) -> None:
    """An arrow from ``start`` to ``end``, shortened by the given gaps (node radii) at each end."""
    start_, end_ = np.asarray(start, dtype=float), np.asarray(end, dtype=float)
    direction = (end_ - start_) / np.linalg.norm(end_ - start_)
    ax.annotate("", xy=end_ - gap_end * direction, xytext=start_ + gap_start * direction,
                arrowprops={"arrowstyle": "-|>", "color": "0.3", "linewidth": 1.1, "shrinkA": 0, "shrinkB": 0},
                zorder=1)


def _check_names(names: Sequence[str], count: int, what: str) -> list[str]:
    if isinstance(names, str) or not isinstance(names, Sequence):
        raise TypeError(f"{what} must be a list of names, got {names!r}")
    listed = list(names)
    if len(listed) != count or not all(isinstance(name, str) and name for name in listed):
        raise ValueError(f"{what} needs {count} non-empty names, got {listed!r}")
    return listed


def neuron_diagram(
    inputs: Sequence[str], weights: Sequence[str], bias: str, activation: str = "f", output: str = "y"
) -> Figure:
    """One neuron: inputs, weighted edges, the sum with the bias, the activation, the output.

    Parameters
    ----------
    inputs : sequence of str
        The inputs' names in mathtext without dollars, e.g. ``["x_1", "x_2"]``.
    weights : sequence of str
        One weight name per input, e.g. ``["w_1", "w_2"]``.
    bias : str
        The bias's name, e.g. ``"b"``.
    activation : str, optional
        The activation function's name.
    output : str, optional
        The output's name.

    Returns
    -------
    matplotlib.figure.Figure
    """
    inputs = _check_names(inputs, len(inputs) if isinstance(inputs, Sequence) else 0, "inputs")
    if not inputs:
        raise ValueError("a neuron needs at least one input")
    weights = _check_names(weights, len(inputs), "weights (one per input)")
    bias, activation, output = _check_names([bias, activation, output], 3, "bias, activation and output")
    figure, ax = plt.subplots(figsize=(7.0, 2.9), dpi=80, layout="constrained")
    rows = np.linspace(0.8, -0.8, len(inputs)) if len(inputs) > 1 else np.zeros(1)
    summation, box, end = (2.9, 0.0), (4.9, 0.0), (6.7, 0.0)
    for name, weight, row in zip(inputs, weights, rows, strict=True):
        _node(ax, (0.0, row), _math(name), INPUT_COLOUR)
        _arrow(ax, (0.0, row), summation, NODE_RADIUS, 0.42)
        middle = (0.45 * summation[0], row + 0.45 * (summation[1] - row))
        ax.text(*middle, _math(weight), ha="center", va="bottom" if row >= 0 else "top", fontsize=WEIGHT_FONT,
                bbox=_LABEL_BOX, zorder=3)
    _node(ax, summation, r"$\Sigma$", HIDDEN_COLOUR, radius=0.42)
    ax.text(summation[0], 1.55, _math(bias), ha="center", va="bottom", fontsize=WEIGHT_FONT, bbox=_LABEL_BOX)
    _arrow(ax, (summation[0], 1.55), summation, 0.0, 0.42)
    ax.add_patch(FancyBboxPatch((box[0] - 0.42, box[1] - 0.42), 0.84, 0.84, boxstyle="round,pad=0.02",
                                facecolor=HIDDEN_COLOUR, edgecolor="0.2", linewidth=1.2, zorder=2))
    ax.text(*box, _math(activation), ha="center", va="center", fontsize=NODE_FONT, zorder=3)
    _arrow(ax, summation, box, 0.42, 0.44)
    ax.text((summation[0] + box[0]) / 2, 0.08, "$z$", ha="center", va="bottom", fontsize=WEIGHT_FONT)
    _node(ax, end, _math(output), OUTPUT_COLOUR)
    _arrow(ax, box, end, 0.44, NODE_RADIUS)
    weighted_sum = " + ".join(f"{weight} {name}" for name, weight in zip(inputs, weights, strict=True))
    ax.text(summation[0], -0.62, f"$z = {weighted_sum} + {bias}$", ha="center", va="top", fontsize=CAPTION_FONT)
    ax.text(box[0] + 0.2, -0.62, f"${output} = {activation}(z)$", ha="left", va="top", fontsize=CAPTION_FONT)
    ax.set(xlim=(-0.5, 7.2), ylim=(-1.25, 2.0), aspect="equal")
    ax.set_axis_off()
    return figure


def network_diagram(
    layers: Sequence[Sequence[str]], weights: Sequence[Sequence[str]], captions: Sequence[str] | None = None
) -> Figure:
    """A fully connected network: one column of nodes per layer, every edge with its weight's name.

    Parameters
    ----------
    layers : sequence of sequence of str
        The nodes' names of each layer, input layer first, e.g.
        ``[["x_1", "x_2"], ["h_1", "h_2", "h_3"], ["y"]]``.
    weights : sequence of sequence of str
        For each pair of neighbouring layers, the edges' names row by row of its weight
        matrix: first every edge into the next layer's first node (from each node of the
        layer before, in order), then into its second node, and so on.
    captions : sequence of str, optional
        A line of text under each layer (mathtext allowed).

    Returns
    -------
    matplotlib.figure.Figure
    """
    if isinstance(layers, str) or not isinstance(layers, Sequence):
        raise TypeError(f"layers must be a list of layers, each a list of names, got {layers!r}")
    layers = [_check_names(layer, len(layer) if isinstance(layer, Sequence) else 0, f"layer {k}")
              for k, layer in enumerate(layers)]
    if len(layers) < 2 or any(not layer for layer in layers):
        raise ValueError(f"a network needs at least two non-empty layers, got {layers!r}")
    if len(weights) != len(layers) - 1:
        raise ValueError(f"{len(layers)} layers need {len(layers) - 1} lists of weight names, got {len(weights)}")
    weights = [_check_names(names, len(before) * len(after), f"the weights between layers {k} and {k + 1}")
               for k, (names, before, after) in enumerate(zip(weights, layers, layers[1:], strict=False))]
    if captions is not None:
        captions = _check_names(captions, len(layers), "captions (one per layer)")
    # Every layer spans the height of the tallest one, so that the edges leaving a node fan
    # out widely and their labels, placed near the source, stay apart.
    spacing, row_gap, scale = 3.2, 1.3, 0.75  # data units between layers and rows; inches per unit
    tallest = max(len(layer) for layer in layers)
    height = row_gap * (tallest - 1)

    def rows(count: int) -> np.ndarray:
        gap = row_gap if count == tallest else height / count
        return (np.arange(count)[::-1] - (count - 1) / 2) * gap

    positions = [[(k * spacing, row) for row in rows(len(layer))] for k, layer in enumerate(layers)]
    colours = [INPUT_COLOUR] + [HIDDEN_COLOUR] * (len(layers) - 2) + [OUTPUT_COLOUR]
    bottom = -height / 2 - NODE_RADIUS - 0.3
    x_limits = (-0.9, (len(layers) - 1) * spacing + 0.9)
    y_limits = (bottom - (0.5 if captions else 0.05), height / 2 + NODE_RADIUS + 0.1)
    figure, ax = plt.subplots(figsize=(scale * np.ptp(x_limits), scale * np.ptp(y_limits)), dpi=80,
                              layout="constrained")
    for k, (before, after) in enumerate(zip(positions, positions[1:], strict=False)):
        names = iter(weights[k])
        for target in after:
            for source in before:
                _arrow(ax, source, target, NODE_RADIUS, NODE_RADIUS)
                fraction = 0.22 if len(after) > 1 else 0.35
                label = (source[0] + fraction * (target[0] - source[0]), source[1] + fraction * (target[1] - source[1]))
                ax.text(*label, _math(next(names)), ha="center", va="center", fontsize=WEIGHT_FONT, bbox=_LABEL_BOX,
                        zorder=3)
    for layer, layer_positions, colour in zip(layers, positions, colours, strict=True):
        for name, centre in zip(layer, layer_positions, strict=True):
            _node(ax, centre, _math(name), colour)
    for k, caption in enumerate(captions or []):
        ax.text(k * spacing, bottom, caption, ha="center", va="top", fontsize=CAPTION_FONT)
    ax.set(xlim=x_limits, ylim=y_limits, aspect="equal")
    ax.set_axis_off()
    return figure

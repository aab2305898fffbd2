"""Live computational graphs: a chapter's graph function, redrawn as its inputs move.

A chapter defines its graph once, as a plain function of named tensors (``def
sum_times(x, y, z): ...``), and hands it here with a value or a slider for each input. The
widget records the graph the function builds, runs the engine's backward pass and draws
it; on every move it builds the graph anew from fresh leaves and writes the new numbers
into the same drawing.

Used in chapters 05_backpropagation and 06_gate_patterns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from lecture_lib.algorithms.graph import ComputationalGraph, leaves, run_backward
from lecture_lib.engine.autograd import Tensor
from lecture_lib.figures.graph import draw_graph, update_graph
from lecture_lib.widgets.controls import Slider
from lecture_lib.widgets.interactive import InteractiveFigure, interactive

GraphFunction = Callable[..., Tensor | Sequence[Tensor]]


def graph_widget(
    build: GraphFunction,
    inputs: Mapping[str, float | Slider],
    upstream: Mapping[str, float | Slider] | None = None,
    stepper: bool = False,
    show_gate_types: bool = False,
    show_copies: bool = True,
    digits: int = 3,
    presets: Mapping[str, Mapping[str, float]] | None = None,
) -> InteractiveFigure:
    """A drawing of the graph ``build`` records, live in its inputs and upstream gradients.

    Parameters
    ----------
    build : callable
        The chapter's graph: takes one Tensor per name in ``inputs`` (named leaves that
        require a gradient) and returns the output tensor, or a list of outputs.
    inputs : mapping of str to float or Slider
        Each input's fixed value, or a slider that moves it.
    upstream : mapping of str to float or Slider, optional
        The upstream gradient of each output, in order (default: 1 for each).
    stepper : bool, optional
        Add a ``step`` slider that walks the backward pass one node at a time.
    show_gate_types, show_copies, digits : optional
        As in ``lecture_lib.figures.graph.draw_graph`` and ``ComputationalGraph``.
    presets : mapping of str to mapping, optional
        Named settings of the sliders (see ``lecture_lib.widgets.interactive``).

    Returns
    -------
    InteractiveFigure
    """
    for argument, given in (("inputs", inputs), ("upstream", upstream or {})):
        if not isinstance(given, Mapping):
            raise TypeError(f"{argument} must be a mapping of names to numbers or Sliders, got {given!r}")
    upstream = dict(upstream or {})
    clash = set(inputs) & set(upstream)
    if clash:
        raise ValueError(f"names {sorted(clash)} are both inputs and upstream gradients")
    fixed = {name: value for name, value in {**inputs, **upstream}.items() if not isinstance(value, Slider)}
    controls = {name: value for name, value in {**inputs, **upstream}.items() if isinstance(value, Slider)}

    def record(values: Mapping[str, float]) -> ComputationalGraph:
        everything = {**fixed, **values}
        outputs = build(**leaves(**{name: everything[name] for name in inputs}))
        seeds = [everything[name] for name in upstream] if upstream else None
        run_backward(outputs, seeds)
        return ComputationalGraph(outputs, seeds, show_copies=show_copies)

    initial = record({name: control.value for name, control in controls.items()})
    steps = len(initial.backward_order())
    if stepper:
        controls["step"] = Slider(0, steps, 1, value=steps, description="backward step")
    if not controls:
        raise ValueError("a graph widget needs a slider: give an input as a Slider, or stepper=True")
    artists = draw_graph(
        initial, step=steps if stepper else None, digits=digits, show_gate_types=show_gate_types,
        animated=True,
    )

    def update(**values: float) -> None:
        graph = record({name: value for name, value in values.items() if name != "step"})
        if graph.signature() != initial.signature():
            raise ValueError("the graph function recorded a graph of a different shape for these values")
        update_graph(artists, graph, values["step"] if stepper else None)

    return interactive(update, controls, artists.axes.figure, presets=presets)


def gate_widget(
    gate: GraphFunction,
    inputs: Mapping[str, float],
    upstream: Mapping[str, float],
    presets: Mapping[str, Mapping[str, float]] | None = None,
) -> InteractiveFigure:
    """One gate, live: a slider over the whole numbers -3 to 3 for each input and upstream gradient.

    Parameters
    ----------
    gate : callable
        The chapter's gate, e.g. ``def add_gate(x, y): return x + y``; a fan-out returns
        its input once per use (``[x, x]``).
    inputs, upstream : mapping of str to float
        The starting value of each input, and of the upstream gradient of each output.
    presets : mapping of str to mapping, optional
        Named settings of the sliders.

    Returns
    -------
    InteractiveFigure
    """
    def slider(value: float) -> Slider:
        return Slider(-3, 3, 1, value=value)

    return graph_widget(
        gate,
        {name: slider(value) for name, value in inputs.items()},
        {name: slider(value) for name, value in upstream.items()},
        show_gate_types=True,
        presets=presets,
    )

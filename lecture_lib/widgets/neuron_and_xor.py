"""The live figures of chapter 02_neuron_and_xor: a neuron on the logic gates, a 2-2-1 network on XOR.

The figures are ``lecture_lib.figures.neuron_and_xor``'s; this module only gives them their
controls.
"""

from __future__ import annotations

from collections.abc import Mapping

from lecture_lib.algorithms.two_layer_network import two_layer_network
from lecture_lib.figures.neuron_and_xor import NeuronFigure, XorNetworkFigure
from lecture_lib.widgets.controls import Slider
from lecture_lib.widgets.interactive import InteractiveFigure, interactive


def gate_widget(presets: Mapping[str, Mapping[str, float]] | None = None) -> InteractiveFigure:
    """Sliders w1, w2, b: one step neuron ``w1 x1 + w2 x2 + b > 0`` against the logic gates.

    Parameters
    ----------
    presets : mapping of str to mapping, optional
        Named settings of ``w1``, ``w2`` and ``b`` (the chapter's AND, OR, ...).

    Returns
    -------
    InteractiveFigure
        Sliders in steps of 0.5, which reach every gate one neuron computes: in a kernel the
        reader has the same 9 x 9 x 9 settings as the static book, where every one of them
        is rendered (and an exercise can check any of them).
    """
    view = NeuronFigure(animated=True)
    controls = {
        "w1": Slider(-2.0, 2.0, 0.5, value=1.0, description="w1"),
        "w2": Slider(-2.0, 2.0, 0.5, value=1.0, description="w2"),
        "b": Slider(-2.5, 1.5, 0.5, value=-1.5, description="b"),
    }
    return interactive(view.show, controls, view.figure, presets=presets)


def hidden_space_widget(
    weights: Mapping[str, float], presets: Mapping[str, Mapping[str, float]] | None = None
) -> InteractiveFigure:
    """Sliders for the hidden units' weights of a 2-2-1 network on XOR; the output unit stays fixed.

    Parameters
    ----------
    weights : mapping of str to float
        All nine weights of the network (see ``two_layer_network``): the hidden ones are the
        sliders' starting values, the output ones stay as given.

    Returns
    -------
    InteractiveFigure
    """
    two_layer_network(weights)  # checks that all nine weights are there, and numbers
    view = XorNetworkFigure(animated=True)
    output = {name: weights[name] for name in ("w5", "w6", "b3")}
    hidden_presets = {}
    for name, setting in (presets or {}).items():
        changed = {k: setting[k] for k in output if k in setting and setting[k] != output[k]}
        if changed:
            raise ValueError(f"preset {name!r} changes the fixed output weights {changed}; only hidden ones move")
        hidden_presets[name] = {k: v for k, v in setting.items() if k not in output}

    def update(w1: float, w2: float, b1: float, w3: float, w4: float, b2: float) -> None:
        view.show(two_layer_network({"w1": w1, "w2": w2, "b1": b1, "w3": w3, "w4": w4, "b2": b2, **output}))

    weight, bias = (-10.0, 10.0, 0.5), (-20.0, 10.0, 0.5)
    controls = {
        "w1": Slider(*weight, value=weights["w1"], description="w1 (x1→h1)"),
        "w2": Slider(*weight, value=weights["w2"], description="w2 (x2→h1)"),
        "b1": Slider(*bias, value=weights["b1"], description="b1"),
        "w3": Slider(*weight, value=weights["w3"], description="w3 (x1→h2)"),
        "w4": Slider(*weight, value=weights["w4"], description="w4 (x2→h2)"),
        "b2": Slider(*bias, value=weights["b2"], description="b2"),
    }
    return interactive(update, controls, view.figure, presets=hidden_presets)

"""The 2-2-1 network of the lecture, built in the engine from its named weights.

The lecture names the weights of a network with two inputs, two hidden units and one
output: ``h1 = f(w1 x1 + w2 x2 + b1)``, ``h2 = f(w3 x1 + w4 x2 + b2)`` and
``y = f(w5 h1 + w6 h2 + b3)``, with f the sigmoid. ``two_layer_network`` puts such a set of
weights into an engine ``MLP``, so that the chapter's hand-set weights and trained weights
are drawn and evaluated alike.

Used in chapter 02_neuron_and_xor.
"""

from __future__ import annotations

from collections.abc import Mapping

from lecture_lib.engine import checks, nn

WEIGHT_NAMES = ("w1", "w2", "b1", "w3", "w4", "b2", "w5", "w6", "b3")


def two_layer_network(weights: Mapping[str, float]) -> nn.MLP:
    """The 2-2-1 sigmoid network with the given weights, as an engine ``MLP``.

    Parameters
    ----------
    weights : mapping of str to float
        ``w1, w2, b1`` (unit h1), ``w3, w4, b2`` (unit h2) and ``w5, w6, b3`` (the output),
        finite numbers.

    Returns
    -------
    lecture_lib.engine.nn.MLP
        ``MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid")``.
    """
    if not isinstance(weights, Mapping):
        raise TypeError(f"weights must be a mapping of the names {list(WEIGHT_NAMES)} to numbers, got {weights!r}")
    missing = [name for name in WEIGHT_NAMES if name not in weights]
    unknown = sorted(set(weights) - set(WEIGHT_NAMES))
    if missing or unknown:
        raise ValueError(
            f"a 2-2-1 network needs the weights {list(WEIGHT_NAMES)}; missing {missing}, unknown {unknown}"
        )
    w = {name: checks.number(name, weights[name]) for name in WEIGHT_NAMES}
    model = nn.MLP([2, 2, 1], activation="sigmoid", output_activation="sigmoid")
    first, second = model.layers
    # The engine computes x @ W + b: column j of W holds the weights into unit j.
    first.weight.data[:] = [[w["w1"], w["w3"]], [w["w2"], w["w4"]]]
    first.bias.data[:] = [w["b1"], w["b2"]]
    second.weight.data[:] = [[w["w5"]], [w["w6"]]]
    second.bias.data[:] = [w["b3"]]
    return model

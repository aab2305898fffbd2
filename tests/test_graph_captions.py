"""The step captions of the backward pass name every node they mention.

A node is called by the name the chapter's graph function gave it ("h1"), otherwise by what
it computes from named values ("w0·x"), otherwise, when that would be too long to read, by
its symbol ("the + node"). Chapter 06 steps through its 1-2-1 ReLU network this way.
"""

import pytest
from example_graphs import NEURON, built, named, sigmoid_neuron

from lecture_lib import Tensor, maximum
from lecture_lib.algorithms.graph import LONGEST_EXPRESSION, ComputationalGraph, leaves, run_backward

SYMBOLS = {"+", "\u2212", "\u00d7", "\u00f7", "relu", "max", "exp", "\u03c3", "x\u00b2", "copy"}


def recorded(output):
    run_backward(output)
    return ComputationalGraph(output)


def captions(graph):
    return [graph.step_caption(step) for step in range(len(graph.backward_order()) + 1)]


def receivers(graph):
    """Every name a caption sends a gradient to ("  to NAME: ...")."""
    return [
        line.removeprefix("  to ").rsplit(": ", 1)[0]
        for caption in captions(graph)
        for line in caption.splitlines()[1:]
        if line.startswith("  to ")
    ]


def relu_network(x, w0, b0, w1, b1, v0, v1):
    """Chapter 06's 1-2-1 network, its values named as the chapter names them."""
    hidden = [named(named(w * x + b, f"a{j}").relu(), f"h{j}") for j, (w, b) in enumerate([(w0, b0), (w1, b1)])]
    return named((named(v0 * hidden[0] + v1 * hidden[1], "\u0177") - Tensor(1.0, name="y")) ** 2, "L")


NETWORK = {"x": 1.5, "w0": 1.0, "b0": -0.5, "w1": -1.0, "b1": 0.5, "v0": 1.5, "v1": -2.0}


def test_the_networks_steps_name_the_node_and_every_input():
    steps = captions(recorded(built(relu_network, NETWORK)))
    assert steps[1].splitlines() == ["step 1/12: L = (\u0177\u2212y)\u00b2, upstream 1",
                                     "  to \u0177\u2212y: 1 \u00d7 local 1 = 1"]
    assert steps[5].splitlines() == ["step 5/12: h1 = relu(a1), max gate, upstream \u22122",
                                     "  to a1: \u22122 \u00d7 local 0 = 0"]
    assert steps[6].splitlines() == ["step 6/12: a1 = w1\u00b7x+b1, add gate, upstream 0",
                                     "  to w1\u00b7x: 0 \u00d7 local 1 = 0", "  to b1: 0 \u00d7 local 1 = 0"]
    assert steps[12].splitlines() == ["step 12/12: copy gate, x used 2 times: the gradients add",
                                      "  downstream = 1.5 + 0 = 1.5"]


@pytest.mark.parametrize("graph", ["network", "neuron"])
def test_no_caption_sends_a_gradient_to_a_bare_symbol(graph):
    output = built(relu_network, NETWORK) if graph == "network" else built(sigmoid_neuron, NEURON)
    names = receivers(recorded(output))
    assert names and not set(names) & SYMBOLS


def test_the_neuron_names_its_unnamed_nodes_by_what_they_compute():
    names = set(receivers(recorded(built(sigmoid_neuron, NEURON))))
    assert {"1+exp(\u2212z)", "exp(\u2212z)", "\u2212z", "w0\u00b7x0+w1\u00b7x1", "w0\u00b7x0"} <= names


EXPRESSIONS = {
    "f = exp((a+b)\u00b7c)": lambda a, b, c: ((a + b) * c).exp(),
    "f = a\u2212(b\u2212c), add gate": lambda a, b, c: a - (b - c),
    "f = a\u2212b\u2212c, add gate": lambda a, b, c: (a - b) - c,
    "f = \u2212(a+b)": lambda a, b, c: -(a + b),
    "f = (a+b)\u00b2": lambda a, b, c: (a + b) ** 2,
    "f = a/(b\u00b7c)": lambda a, b, c: a / (b * c),
    "f = a\u00b7b+c, add gate": lambda a, b, c: a * b + c,
    "f = max(a, b)\u00b7c, mul gate": lambda a, b, c: maximum(a, b) * c,
    "f = 1/(1+exp(\u2212a))": lambda a, b, c: 1.0 / (1.0 + (-a).exp()),
    "f = 2\u00b7a, mul gate": lambda a, b, c: 2.0 * a,
}


@pytest.mark.parametrize("expected", list(EXPRESSIONS))
def test_an_expression_has_the_parentheses_its_precedence_needs(expected):
    inputs = leaves(a=0.5, b=-1.5, c=2.0)
    graph = recorded(named(EXPRESSIONS[expected](**inputs), "f"))
    head = graph.step_caption(1).splitlines()[0]
    assert head == f"step 1/{len(graph.backward_order())}: {expected}, upstream 1"



def test_a_long_expression_gives_way_to_the_nodes_symbol():
    inputs = leaves(**{f"u{k}": float(k) for k in range(10)})
    total = inputs["u0"]
    for k in range(1, 10):
        total = total + inputs[f"u{k}"]
    graph = recorded(named(total, "f"))
    assert len("+".join(list(inputs)[:9])) > LONGEST_EXPRESSION  # u0+u1+...+u8, the node before f
    head, first, second = graph.step_caption(1).splitlines()
    assert head == "step 1/9: f, add gate, upstream 1"
    assert (first, second) == ("  to the + node: 1 \u00d7 local 1 = 1", "  to u9: 1 \u00d7 local 1 = 1")
    assert graph.step_caption(9).splitlines()[0] == "step 9/9: u0+u1, add gate, upstream 1"

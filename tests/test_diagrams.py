"""Diagrams of a neuron and of a network: every name drawn once, no two labels on top of each other."""

import itertools

import pytest
from matplotlib.text import Text

from lecture_lib.figures.diagrams import network_diagram, neuron_diagram

LAYERS = [["x_1", "x_2"], ["h_1", "h_2", "h_3"], ["y"]]
WEIGHTS = [[f"w_{k}" for k in range(1, 7)], ["w_7", "w_8", "w_9"]]


def texts(figure) -> dict[str, Text]:
    figure.canvas.draw()
    found = {}
    for text in figure.findobj(Text):
        if text.get_text().strip():
            assert text.get_text() not in found, f"{text.get_text()} drawn twice"
            found[text.get_text()] = text
    return found


def overlapping(figure, labels: list[Text]) -> list[tuple[str, str]]:
    renderer = figure.canvas.get_renderer()
    boxes = {label.get_text(): label.get_window_extent(renderer) for label in labels}
    return [(a, b) for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2) if box_a.overlaps(box_b)]


def test_network_diagram_labels_every_node_and_edge_once_and_apart():
    figure = network_diagram(LAYERS, WEIGHTS, captions=["in", "hidden", "out"])
    drawn = texts(figure)
    names = [f"${name}$" for layer in LAYERS for name in layer] + [f"${w}$" for layer in WEIGHTS for w in layer]
    assert set(names) | {"in", "hidden", "out"} == set(drawn)
    assert overlapping(figure, [drawn[f"${w}$"] for layer in WEIGHTS for w in layer]) == []


def test_network_diagram_puts_each_weight_on_its_edge_row_by_row():
    figure = network_diagram(LAYERS, WEIGHTS)
    drawn = texts(figure)
    # W1's row k holds the weights into h_k: w_1, w_2 lie on the edges into h_1, the highest node.
    heights = {name: drawn[f"${name}$"].get_position()[1] for name in ("w_1", "w_3", "w_5")}
    assert heights["w_1"] > heights["w_3"] > heights["w_5"]
    assert drawn["$w_1$"].get_position()[0] < drawn["$h_1$"].get_position()[0]


def test_neuron_diagram_shows_the_formula_with_the_given_names():
    drawn = texts(neuron_diagram(["x_1", "x_2"], ["w_1", "w_2"], "b"))
    assert {"$x_1$", "$x_2$", "$w_1$", "$w_2$", "$b$", "$f$", "$y$"} <= set(drawn)
    assert "$z = w_1 x_1 + w_2 x_2 + b$" in drawn and "$y = f(z)$" in drawn


def test_diagrams_reject_names_that_do_not_fit():
    with pytest.raises(ValueError, match="one per input"):
        neuron_diagram(["x_1", "x_2"], ["w_1"], "b")
    with pytest.raises(ValueError, match="needs 6 non-empty names"):
        network_diagram(LAYERS, [WEIGHTS[0][:5], WEIGHTS[1]])
    with pytest.raises(ValueError, match="need 2 lists of weight names"):
        network_diagram(LAYERS, WEIGHTS[:1])
    with pytest.raises(ValueError, match="one per layer"):
        network_diagram(LAYERS, WEIGHTS, captions=["a", "b"])

"""The computational-graph drawing: structure, gradients on edges, layout, stepping, artists."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from example_graphs import (
    CIRCUIT,
    NEURON,
    RELU_NET,
    SUM_TIMES,
    built,
    circuit,
    fork,
    sigmoid_neuron,
    sum_times,
    two_unit_relu,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_lib import Tensor, maximum
from lecture_lib.algorithms.graph import ComputationalGraph, gate_type, run_backward
from lecture_lib.algorithms.graph_layout import layered_layout, routed_layout
from lecture_lib.figures.graph import HIGHLIGHT_COLOUR, draw_graph, update_graph
from lecture_lib.widgets import Slider
from lecture_lib.widgets.graph import gate_widget, graph_widget


def recorded(output, **kwargs):
    run_backward(output)
    return ComputationalGraph(output, **kwargs)


def leaf(graph, name):
    return next(i for i, node in enumerate(graph.nodes) if node.kind == "leaf" and node.tensor.name == name)


def gradient_into(graph, index):
    """Total gradient sent back to node ``index`` along all its outgoing edges."""
    parts = [graph.edge_gradient(e) for e in graph.consumers[index]]
    return sum(p for p in parts if p is not None)


def test_sum_times_graph_has_the_lectures_numbers():
    graph = recorded(built(sum_times, SUM_TIMES))
    assert [node.label for node in graph.nodes] == ["x", "y", "+", "z", "\u00d7"]
    q = graph.nodes[2].tensor
    assert q.name == "q" and q.item() == 3.0 and graph.nodes[-1].tensor.item() == -12.0
    assert [float(gradient_into(graph, leaf(graph, n))) for n in "xyz"] == [-4.0, -4.0, 3.0]
    assert float(gradient_into(graph, 2)) == -4.0


def test_edge_gradients_equal_the_engines_gradients():
    graph = recorded(built(sigmoid_neuron, NEURON))
    for index, node in enumerate(graph.nodes):
        if node.tensor.requires_grad and node.kind != "copy":
            np.testing.assert_allclose(gradient_into(graph, index), node.tensor.grad, atol=1e-12)


def test_sigmoid_neuron_matches_the_closed_form():
    graph = recorded(built(sigmoid_neuron, NEURON))
    output = graph.nodes[graph.outputs[0]].tensor.item()
    assert output == pytest.approx(1 / (1 + np.exp(-1.0)))
    local = output * (1 - output)
    expected = {"w0": -1 * local, "x0": 2 * local, "w1": -2 * local, "x1": -3 * local, "w2": local}
    for name, value in expected.items():
        assert float(gradient_into(graph, leaf(graph, name))) == pytest.approx(value)


def test_constants_are_folded_into_the_operation_label():
    graph = recorded(built(circuit, CIRCUIT))
    labels = [node.label for node in graph.nodes]
    assert "\u00d72" in labels and "2" not in labels
    unfolded = recorded(built(circuit, CIRCUIT), fold_constants=False)
    assert len(unfolded.nodes) == len(graph.nodes) + 1
    assert "2" in [node.label for node in unfolded.nodes]


def test_max_gate_sends_the_gradient_to_the_first_input_on_a_tie():
    graph = recorded(built(circuit, CIRCUIT, z=1.5, w=1.5))
    assert float(gradient_into(graph, leaf(graph, "z"))) == 2.0
    assert float(gradient_into(graph, leaf(graph, "w"))) == 0.0


def test_a_fork_gets_a_copy_node_whose_gradient_is_the_sum():
    x = Tensor(2.0, requires_grad=True, name="x")
    y = Tensor(-3.0, requires_grad=True, name="y")
    f = x * y + x.exp()
    graph = recorded(f)
    copies = [i for i, node in enumerate(graph.nodes) if node.kind == "copy"]
    assert len(copies) == 1 and graph.nodes[copies[0]].tensor is x
    branches = [graph.edge_gradient(e) for e in graph.consumers[copies[0]]]
    assert len(branches) == 2
    assert float(sum(branches)) == pytest.approx(x.grad) == pytest.approx(-3.0 + np.exp(2.0))
    without = recorded(x * y + x.exp(), show_copies=False)
    assert all(node.kind != "copy" for node in without.nodes)
    assert len(without.consumers[leaf(without, "x")]) == 2


def test_a_value_used_twice_by_one_operation_gets_two_edges():
    x = Tensor(3.0, requires_grad=True, name="x")
    graph = recorded(x * x)
    copy = next(i for i, node in enumerate(graph.nodes) if node.kind == "copy")
    assert [e.position for e in graph.consumers[copy]] == [0, 1]
    assert float(gradient_into(graph, copy)) == pytest.approx(6.0)


def random_graph(draw_ops, values):
    """A random scalar expression over three inputs: each op reads two earlier nodes."""
    nodes = [Tensor(v, requires_grad=True, name=f"a{i}") for i, v in enumerate(values)]
    for op, i, j in draw_ops:
        a, b = nodes[i % len(nodes)], nodes[j % len(nodes)]
        nodes.append({"add": a + b, "mul": a * b, "max": maximum(a, b), "sig": (a - b).sigmoid()}[op])
    return nodes[-1]


ops = st.lists(
    st.tuples(st.sampled_from(["add", "mul", "max", "sig"]), st.integers(0, 50), st.integers(0, 50)),
    min_size=1,
    max_size=8,
)
values = st.lists(st.floats(-2, 2, allow_nan=False), min_size=3, max_size=3)


@settings(max_examples=60, deadline=None)
@given(ops, values, st.booleans())
def test_gradients_add_at_forks_on_random_graphs(draw_ops, inputs, show_copies):
    graph = recorded(random_graph(draw_ops, inputs), show_copies=show_copies)
    for index, node in enumerate(graph.nodes):
        if node.kind == "copy" or not node.tensor.requires_grad:
            continue
        np.testing.assert_allclose(gradient_into(graph, index), node.tensor.grad, rtol=1e-10, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(ops, values)
def test_every_backward_step_is_upstream_times_local(draw_ops, inputs):
    graph = recorded(random_graph(draw_ops, inputs))
    for index in graph.backward_order():
        node = graph.nodes[index]
        if node.kind == "copy":
            continue
        local = graph.local_gradients(index)
        for edge in graph.consumers.values():
            for e in edge:
                if e.target == index:
                    expected = graph.upstream_gradient(index) * local[e.position]
                    np.testing.assert_allclose(graph.edge_gradient(e), expected, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(ops, values)
def test_layout_puts_inputs_left_and_keeps_nodes_apart(draw_ops, inputs):
    graph = recorded(random_graph(draw_ops, inputs))
    positions = layered_layout(graph)
    assert np.all(np.isfinite(positions))
    for index, node in enumerate(graph.nodes):
        for source in node.drawn_inputs:
            assert positions[source, 0] < positions[index, 0]
    for column in np.unique(positions[:, 0]):
        rows = np.sort(positions[positions[:, 0] == column, 1])
        assert np.all(np.diff(rows) >= 1.0 - 1e-9)


def test_backward_order_visits_every_node_after_its_consumers():
    graph = recorded(built(two_unit_relu, RELU_NET))
    order = graph.backward_order()
    assert sorted(order) == [i for i, node in enumerate(graph.nodes) if node.kind != "leaf"]
    seen = set()
    for index in order:
        for edge in graph.consumers[index]:
            assert edge.target is None or edge.target in seen
        seen.add(index)


def test_step_captions_spell_out_upstream_times_local():
    graph = recorded(built(sum_times, SUM_TIMES))
    assert "upstream gradient f: 1" in graph.step_caption(0)
    assert graph.step_caption(1).splitlines()[1:] == [
        "  to q: 1 \u00d7 local \u22124 = \u22124",
        "  to z: 1 \u00d7 local 3 = 3",
    ]
    assert "add gate" in graph.step_caption(2)
    with pytest.raises(ValueError, match="step must lie in"):
        graph.step_caption(3)


def test_copy_step_caption_adds_the_branches():
    x = Tensor(1.0, requires_grad=True, name="x")
    graph = ComputationalGraph([x, x], upstream=[2.0, -0.5])
    run_backward([x, x], [2.0, -0.5])
    assert graph.step_caption(1).endswith("downstream = 2 + \u22120.5 = 1.5")


def test_artists_show_gradients_up_to_the_step():
    graph = recorded(built(sum_times, SUM_TIMES))
    artists = draw_graph(graph, step=0)
    shown = [t.get_text() for t in artists.gradient_texts]
    assert shown == ["", "", "", "", "1"]
    update_graph(artists, graph, step=1)
    assert [t.get_text() for t in artists.gradient_texts] == ["", "", "\u22124", "3", "1"]
    assert artists.node_patches[4].get_facecolor() == matplotlib.colors.to_rgba(HIGHLIGHT_COLOUR)
    update_graph(artists, graph, step=None)
    assert all(t.get_text() for t in artists.gradient_texts) and artists.caption.get_text() == ""
    assert [t.get_text() for t in artists.value_texts] == ["\u22122", "5", "3", "\u22124", "\u221212"]
    plt.close(artists.axes.figure)


def test_artists_refuse_a_graph_of_another_shape():
    artists = draw_graph(recorded(built(sum_times, SUM_TIMES)))
    with pytest.raises(ValueError, match="drawn for 5 nodes"):
        update_graph(artists, recorded(built(circuit, CIRCUIT)))
    with pytest.raises(ValueError, match="step must lie in"):
        update_graph(artists, recorded(built(sum_times, SUM_TIMES)), step=7)
    plt.close(artists.axes.figure)


def test_gate_types_name_the_four_patterns():
    assert [gate_type(op) for op in ["+", "*", "max", "relu", "copy", "exp"]] == [
        "add", "mul", "max", "max", "copy", "exp"
    ]


def test_widgets_reject_bad_arguments():
    with pytest.raises(ValueError, match=r"names \['x'\] are both inputs and upstream"):
        graph_widget(sum_times, {"x": Slider(-1.0, 1.0, 0.5), "y": 1.0, "z": 1.0}, upstream={"x": 1.0})
    with pytest.raises(ValueError, match="needs a slider"):
        graph_widget(sum_times, SUM_TIMES)
    with pytest.raises(TypeError, match="outputs must be"):
        ComputationalGraph([])
    with pytest.raises(ValueError, match="2 outputs but 1 upstream"):
        ComputationalGraph([built(sum_times, SUM_TIMES)] * 2, upstream=[1.0])


def test_widget_refuses_a_build_that_changes_the_graph():
    def build(x):
        return x * x if x.item() > 0 else x.exp()

    widget = graph_widget(build, {"x": Slider(-1.0, 1.0, 0.5, value=1.0)})
    with pytest.raises(ValueError, match="different shape"):
        widget.render(x=-1.0)


def test_gate_widget_moves_inputs_and_upstream_gradients():
    widget = gate_widget(lambda x, y: x * y, inputs={"x": 2, "y": -1}, upstream={"g": 1})
    assert list(widget.controls) == ["x", "y", "g"]
    widget.render(x=3.0, y=0.0, g=2.0)
    texts = {t.get_text() for t in widget.figure.findobj(matplotlib.text.Text)}
    assert {"0", "6"} <= texts  # y = 0 switches off x's gradient; y receives 3 x 2


def drawn_points(artist, axes, count=60):
    """Points along a drawn arrow, in display coordinates."""
    path = artist.get_path()  # data coordinates, head included
    points = [segment(np.linspace(0, 1, count)) for segment, _ in path.iter_bezier()]
    return axes.transData.transform(np.concatenate(points))


def crossings(artists, graph):
    """(edge, node) pairs where an arrow runs through a node that is neither of its ends."""
    artists.axes.figure.canvas.draw()
    found = []
    for edge, arrow in zip(graph.edges, artists.arrows, strict=True):
        points = drawn_points(arrow, artists.axes)
        for index, patch in enumerate(artists.node_patches):
            if index not in (edge.source, edge.target) and patch.contains_points(points).any():
                found.append((edge, graph.nodes[index].label))
    return found


def label_clashes(artists):
    """Pairs of arrow labels whose drawn boxes overlap, and labels that overlap a node."""
    figure = artists.axes.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    labels = [t for t in artists.value_texts + artists.gradient_texts if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    clashes = [(a.get_text(), b.get_text()) for i, (a, box_a) in enumerate(zip(labels, boxes, strict=True))
               for b, box_b in zip(labels[i + 1:], boxes[i + 1:], strict=True) if box_a.overlaps(box_b)]
    for text, box in zip(labels, boxes, strict=True):
        corners = [(x, y) for x in np.linspace(box.x0, box.x1, 5) for y in np.linspace(box.y0, box.y1, 3)]
        clashes += [(text.get_text(), "node") for patch in artists.node_patches if patch.contains_points(corners).any()]
    return clashes


def test_the_fork_edge_goes_around_the_multiply_node_and_its_labels_stay_clear():
    graph = recorded(built(fork, {"a": 3.0, "b": -4.0}))
    artists = draw_graph(graph)
    assert crossings(artists, graph) == []
    assert label_clashes(artists) == []
    long_edges = [e for e in graph.edges if e.target is not None and graph.nodes[e.target].label == "+"
                  and graph.nodes[e.source].kind == "copy"]
    assert len(long_edges) == 1 and graph.edges.index(long_edges[0]) in routed_layout(graph).slots
    plt.close(artists.axes.figure)


@settings(max_examples=40, deadline=None)
@given(ops, values, st.booleans())
def test_no_arrow_runs_through_a_node_on_random_graphs(draw_ops, inputs, show_copies):
    graph = recorded(random_graph(draw_ops, inputs), show_copies=show_copies)
    artists = draw_graph(graph)
    assert crossings(artists, graph) == []
    plt.close(artists.axes.figure)


@settings(max_examples=40, deadline=None)
@given(ops, values)
def test_slots_keep_a_row_from_the_nodes_and_slots_of_their_column(draw_ops, inputs):
    graph = recorded(random_graph(draw_ops, inputs))
    layout = routed_layout(graph)
    everything = np.concatenate([layout.positions, *layout.slots.values()])
    for number, points in layout.slots.items():
        edge = graph.edges[number]
        source, target = layout.positions[edge.source, 0], layout.positions[edge.target, 0]
        assert list(points[:, 0]) == list(np.arange(source + 1, target))
        for x, y in points:
            same_column = everything[(everything[:, 0] == x)]
            others = same_column[~np.isclose(same_column[:, 1], y)]
            assert np.all(np.abs(others[:, 1] - y) >= 1.0 - 1e-9)
            assert len(same_column) - len(others) == 1

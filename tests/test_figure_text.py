"""Every figure of the book is readable at the width of the page's content column.

The built book shows a figure at its natural size, shrunk to the content column (about
690 CSS px on a 1280 px window) when it is wider. A text of ``s`` points in a figure of
``dpi`` dots per inch and ``w`` pixels then displays at ``s * dpi / 72 * min(1, 690 / w)``
CSS pixels; none may be smaller than 9. Every figure function and live figure of
``lecture_lib`` is drawn here with the arguments its chapter uses (or the same kind).
"""

import example_networks as xor
import numpy as np
import pytest
import skimage.data
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
from matplotlib.figure import Figure
from matplotlib.text import Text

from lecture_lib.algorithms import data
from lecture_lib.algorithms.bag_of_words import bag_of_words, fit_codebook
from lecture_lib.algorithms.best_line import best_line, best_threshold
from lecture_lib.algorithms.collapse import dataset
from lecture_lib.algorithms.feature_comparison import codebook_sweep
from lecture_lib.algorithms.gradient_flow import layer_gradient_norms
from lecture_lib.algorithms.graph import ComputationalGraph, leaves, run_backward
from lecture_lib.algorithms.hidden_features import polar_features
from lecture_lib.algorithms.perceptron import train_perceptron
from lecture_lib.algorithms.playground import Playground, train_runs
from lecture_lib.algorithms.playground_settings import Settings
from lecture_lib.algorithms.two_layer_network import two_layer_network
from lecture_lib.engine import nn
from lecture_lib.engine.autograd import Tensor
from lecture_lib.engine.losses import softmax_cross_entropy
from lecture_lib.figures import activation_effects, diagrams, image_features, learned_features, neuron_and_xor
from lecture_lib.figures.graph import draw_graph
from lecture_lib.figures.playground import PlaygroundFigure
from lecture_lib.widgets import Slider
from lecture_lib.widgets.gradient_descent import descent_widget, training_widget
from lecture_lib.widgets.graph import gate_widget, graph_widget
from lecture_lib.widgets.image_features import codebook_widget, color_histogram_widget, hog_widget
from lecture_lib.widgets.matrix_gradient import weight_gradient_widget
from lecture_lib.widgets.mlp_and_nonlinearity import collapse_widget, dead_unit_widget
from lecture_lib.widgets.neuron_and_xor import gate_widget as neuron_widget
from lecture_lib.widgets.neuron_and_xor import hidden_space_widget
from lecture_lib.widgets.playground import PlaygroundWidget, curated_playground

COLUMN_PX = 690
MIN_TEXT_PX = 9.0
HAND_SET = {"w1": 10.0, "w2": 10.0, "b1": -5.0, "w3": 10.0, "w4": 10.0, "b2": -15.0,
            "w5": 10.0, "w6": -10.0, "b3": -5.0}


def displayed_text_px(figure: Figure) -> dict[str, float]:
    """Each visible text of ``figure`` and its displayed height in CSS pixels in the column."""
    figure.canvas.draw()
    scale = min(1.0, COLUMN_PX / (figure.get_figwidth() * figure.dpi))
    return {
        text.get_text(): text.get_fontsize() * figure.dpi / 72 * scale
        for text in figure.findobj(Text)
        if text.get_visible() and text.get_text().strip()
    }


# The largest network the playground draws: every feature, six hidden layers of eight units.
WIDEST = Settings(dataset="spiral3", features=("x1", "x2", "x1²", "x2²", "x1·x2", "sin x1", "sin x2"),
                  hidden=(8,) * 6, activations=("sigmoid", "linear", "relu", "tanh", "relu", "tanh"))


def playground_figure():
    view = PlaygroundFigure(animated=False)
    view.show(Playground(WIDEST).snapshot(), links="gradients", selected=(3, 4))
    return view.figure


def stepped_graph(function, values, step):
    output = built(function, values)
    run_backward(output)
    return draw_graph(ComputationalGraph(output), step=step).axes.figure


def batched_network_graph():
    """Chapter 06's batched two-layer network (2 examples, 3 inputs, 5 hidden units, 4 classes)."""
    rng = np.random.default_rng(0)
    p = leaves(W1=rng.normal(size=(3, 5)), b1=np.zeros(5), W2=rng.normal(size=(5, 4)), b2=np.zeros(4))
    hidden = (Tensor(rng.normal(size=(2, 3)), name="X") @ p["W1"] + p["b1"]).relu()
    loss = softmax_cross_entropy(hidden @ p["W2"] + p["b2"], np.array([1, 3]))
    loss.backward()
    return draw_graph(ComputationalGraph(loss)).axes.figure


def small_sweep():
    images, labels, _ = data.synthetic_images(n_per_class=4, seed=0)
    return codebook_sweep(images[::2], labels[::2], images[1::2], labels[1::2], sizes=[2, 4], patch_size=4)


def circles_figure(kind):
    X, y = dataset("circles")
    if kind == "features":
        return learned_features.circles_features_figure(X, y, best_line(X, y),
                                                        best_threshold(polar_features(X)[:, 1], y))
    model = nn.MLP([2, 8, 2, 2], activation="tanh", seed=0)
    nn.fit(model, X, y, steps=50, lr=0.1)
    return learned_features.learned_space_figure(model, X, y)


def gradient_norms_figure():
    X, y = dataset("circles")
    sizes = [2] + [16] * 8 + [2]
    return activation_effects.gradient_norms_figure(
        {label: layer_gradient_norms(nn.MLP(sizes, activation=activation, seed=0), X, y)
         for label, activation in (("sigmoid", "sigmoid"), ("ReLU", "relu"))}
    )


def words_figure():
    photos = [skimage.data.astronaut()[::8, ::8] / 255.0, skimage.data.coffee()[::8, ::8] / 255.0]
    codebook = fit_codebook(photos, n_words=8, patch_size=8, stride=8, seed=0)
    return image_features.words_figure(photos, codebook, bag_of_words(photos, codebook), ["astronaut", "coffee"])


FIGURES = {
    "02 activations": lambda: neuron_and_xor.activation_figure(),
    "02 perceptron errors": lambda: neuron_and_xor.perceptron_errors_figure(
        {gate.upper(): train_perceptron(*data.logic_gate(gate), max_epochs=12, stop_at_cycle=False)
         for gate in ("and", "or", "xor")}
    ),
    "02 trained network": lambda: neuron_and_xor.xor_network_figure(two_layer_network(HAND_SET)),
    "02 neuron diagram": lambda: diagrams.neuron_diagram(["x_1", "x_2"], ["w_1", "w_2"], "b"),
    "03 network diagram": lambda: diagrams.network_diagram(
        [["x_1", "x_2"], ["h_1", "h_2", "h_3"], ["y"]], [[f"w_{k}" for k in range(1, 7)], ["w_7", "w_8", "w_9"]],
        ["input $x$", "hidden $h = W_1 x$", "output $y = f(W_2 h)$"],
    ),
    "03 circles features": lambda: circles_figure("features"),
    "03 learned space": lambda: circles_figure("learned"),
    "03 gradient norms": gradient_norms_figure,
    "01 features side by side": lambda: image_features.features_side_by_side(
        [data.synthetic_images(n_per_class=1, seed=0)[0][k] for k in (0, 3)], ["red blobs", "horizontal"]
    ),
    "01 data sets": lambda: image_features.data_sets_figure(
        np.zeros((10, 8, 8)), np.arange(10), *data.synthetic_images(n_per_class=2, seed=0)
    ),
    "01 words": lambda: words_figure(),
    "01 templates": lambda: image_features.templates_figure({
        "digits: rows of W1 as trained": np.random.default_rng(0).normal(size=(40, 8, 8)),
        "synthetic images: rows of W1": np.random.default_rng(1).normal(size=(40, 32, 32, 3)),
        "digits: what training added": np.random.default_rng(2).normal(size=(40, 8, 8)),
        "synthetic images: what training added": np.random.default_rng(3).normal(size=(40, 32, 32, 3)),
    }),
    "05 graph": lambda: stepped_graph(sum_times, SUM_TIMES, None),
    "05 fork": lambda: stepped_graph(fork, {"a": 3.0, "b": -4.0}, None),
    "05 neuron, stepped": lambda: stepped_graph(sigmoid_neuron, NEURON, 3),
    "06 circuit, stepped": lambda: stepped_graph(circuit, CIRCUIT, 2),
    "06 ReLU net, stepped": lambda: stepped_graph(two_unit_relu, RELU_NET, 4),
    "06 batched network": batched_network_graph,
    "07 playground, widest network": lambda: playground_figure(),
}
WIDGETS = {
    "01 colour histogram": lambda: color_histogram_widget(skimage.data.coffee()[::2, ::2] / 255.0),
    "01 HoG": lambda: hog_widget(skimage.data.camera()[::2, ::2] / 255.0),
    "01 codebook": lambda: codebook_widget(small_sweep()),
    "02 neuron": lambda: neuron_widget(),
    "02 hidden space": lambda: hidden_space_widget(HAND_SET),
    "03 collapse": lambda: collapse_widget(precompute_all=False),
    "03 dead unit": lambda: dead_unit_widget(nn.MLP([2, 8, 2], activation="relu", seed=0), *dataset("circles"), unit=0,
                                             biases=np.linspace(-2.5, 0.5, 13), presets={"dead": {"b": -2.0}}),
    "04 descent": lambda: descent_widget(rates=[0.01, 0.1], starts=[(-3.5, 3.0)], steps=[0, 50]),
    "04 training": lambda: training_widget(xor.runs(), xor.predict, xor.hidden_lines, xor.POINTS, xor.LABELS,
                                           epochs=[0, 40], rate=0.3, levels={"\u0177 = 0.5 everywhere": 0.25},
                                           presets={"\u03b1 = 10": {"rate": 10.0}}),
    "05 sum times": lambda: graph_widget(sum_times, {n: Slider(-5, 5, 1, value=v) for n, v in SUM_TIMES.items()}),
    "05 neuron steps": lambda: graph_widget(sigmoid_neuron, NEURON, stepper=True),
    "06 gate": lambda: gate_widget(lambda x, y: x * y, {"x": 2, "y": -1}, {"g": 2}),
    "06 ReLU net steps": lambda: graph_widget(two_unit_relu, RELU_NET, stepper=True, show_gate_types=True),
    "06 weight gradient": lambda: weight_gradient_widget(np.ones((2, 3)), -np.ones((2, 5)) / 3),
    "07 curated runs": lambda: curated_playground(train_runs({"widest": WIDEST}, [0, 1]), [0, 1]),
    "07 live playground": lambda: PlaygroundWidget(WIDEST).frame,
}


@pytest.mark.parametrize("name", list(FIGURES))
def test_static_figure_text_is_readable_in_the_column(name):
    sizes = displayed_text_px(FIGURES[name]())
    small = {text: round(size, 1) for text, size in sizes.items() if size < MIN_TEXT_PX}
    assert small == {}, f"{name}: texts below {MIN_TEXT_PX} px at {COLUMN_PX} px wide"


@pytest.mark.parametrize("name", list(WIDGETS))
def test_live_figure_text_is_readable_in_the_column(name):
    widget = WIDGETS[name]()
    for setting in (widget.initial, *widget.presets.values()):
        widget.render(**setting)
        sizes = displayed_text_px(widget.figure)
        small = {text: round(size, 1) for text, size in sizes.items() if size < MIN_TEXT_PX}
        assert small == {}, f"{name}: texts below {MIN_TEXT_PX} px at {COLUMN_PX} px wide"


def test_the_measure_sees_a_shrunk_figure():
    figure = Figure(figsize=(13.8, 2), dpi=100)  # 1380 px wide: shown at half size
    figure.text(0.5, 0.5, "small", fontsize=12)
    assert displayed_text_px(figure) == {"small": pytest.approx(12 * 100 / 72 / 2)}
    assert np.isclose(displayed_text_px(Figure(figsize=(2, 2), dpi=72)) or 0, 0)

"""Issue 15, "bad input": each class of hostile but realistic input, across the library.

Every case either raises a TypeError or a ValueError whose message names the argument and
the value, or behaves as NumPy and PyTorch do (the expected numbers are PyTorch's).
"""

import re

import example_networks as xor
import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_lib import Tensor, maximum
from lecture_lib.algorithms import data
from lecture_lib.algorithms.bag_of_words import bag_of_words, fit_codebook, reconstruct_from_words
from lecture_lib.algorithms.collapse import equivalent_linear_layer
from lecture_lib.algorithms.color_histogram import color_histogram
from lecture_lib.algorithms.descent import elongated_bowl, gradient_descent
from lecture_lib.algorithms.feature_comparison import linear_classifier
from lecture_lib.algorithms.gradient_flow import layer_gradient_norms
from lecture_lib.algorithms.graph import format_number, gate_type, leaves
from lecture_lib.algorithms.graph_layout import routed_layout
from lecture_lib.algorithms.hand_training import train_by_hand
from lecture_lib.algorithms.hog import hog
from lecture_lib.algorithms.images import extract_features
from lecture_lib.algorithms.kmeans import kmeans
from lecture_lib.algorithms.perceptron import train_perceptron
from lecture_lib.engine import nn
from lecture_lib.engine.gradcheck import gradcheck, numerical_gradient
from lecture_lib.engine.losses import mse_loss, multiclass_hinge, softmax_cross_entropy
from lecture_lib.engine.optim import SGD
from lecture_lib.figures.activation_effects import gradient_norms_figure
from lecture_lib.figures.diagrams import network_diagram, neuron_diagram
from lecture_lib.figures.image_features import features_side_by_side, words_mosaic
from lecture_lib.figures.learned_features import circles_features_figure, learned_space_figure
from lecture_lib.figures.neuron_and_xor import NeuronFigure, XorNetworkFigure
from lecture_lib.figures.plotting import DecisionBoundary, scatter_classes
from lecture_lib.widgets.controls import Slider
from lecture_lib.widgets.exercises import ChoiceExercise
from lecture_lib.widgets.gradient_descent import descent_widget, training_widget
from lecture_lib.widgets.graph import graph_widget
from lecture_lib.widgets.image_features import color_histogram_widget, hog_widget
from lecture_lib.widgets.interactive import interactive

X, Y = data.xor_clouds(20, seed=0)
RGB = np.random.default_rng(0).uniform(size=(8, 8, 3))
GREY = RGB[..., 0]


def mlp():
    return nn.MLP([2, 4, 2], seed=0)


# --------------------------------------------------------------- integers are integers
INTEGER_CASES = [
    (lambda v: Tensor(np.ones((2, 3))).sum(axis=v), "axis", -2),
    (lambda v: Tensor(np.ones((2, 3))).max(axis=(0, v)), "axis", -2),
    (lambda v: Tensor(np.ones(6)).reshape(2, v), r"shape\[1\]", -1),
    (lambda v: nn.fit(mlp(), X, Y, steps=v), "steps", 0),
    (lambda v: nn.fit(mlp(), X, Y, steps=1, batch_size=v), "batch_size", 1),
    (lambda v: train_perceptron(*data.logic_gate("and"), max_epochs=v), "max_epochs", 1),
    (lambda v: nn.MLP([2, v, 1]), r"sizes\[1\]", 1),
    (lambda v: nn.MLP([2, 1], seed=v), "seed", 0),
    (lambda v: data.moons(10, seed=v), "seed", 0),
    (lambda v: kmeans(X, 2, max_iter=v), "max_iter", 1),
    (lambda v: gradient_descent(elongated_bowl, (1.0, 1.0), 0.1, v), "steps", 0),
    (lambda v: hog(GREY, orientations=v, pixels_per_cell=(2, 2), cells_per_block=(1, 1)), "orientations", 1),
]


@pytest.mark.parametrize(("call", "name", "minimum"), INTEGER_CASES)
@settings(max_examples=15, deadline=None)
@given(bad=st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.text(max_size=2), st.integers(max_value=-3),
))
def test_integer_arguments_refuse_anything_else_naming_it(call, name, minimum, bad):
    if isinstance(bad, int) and not isinstance(bad, bool):
        bad += minimum + 2  # below the minimum, whatever it is
    with pytest.raises((TypeError, ValueError), match=rf"^{name}[ [].*{re.escape(repr(bad))}"):
        call(bad)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: nn.MLP([2.5, 3, 1]), TypeError, r"sizes\[0\] must be an integer, got 2.5 \(float\)"),
        (lambda: nn.MLP([2, 3, 1], seed=1.5), TypeError, r"seed must be an integer, got 1.5 \(float\)"),
        (lambda: data.spirals(seed=-1), ValueError, "seed must be an integer >= 0, got -1"),
        (lambda: nn.fit(mlp(), X, Y, steps=1, batch_size=100), ValueError,
         r"batch_size must be an integer in \[1, 20\], got 100"),
        (lambda: nn.fit(mlp(), X, Y, steps=1, batch_size=0), ValueError, r"batch_size .* got 0"),
        (lambda: nn.fit(mlp(), X, Y, steps=-1), ValueError, "steps must be an integer >= 0, got -1"),
        (lambda: Tensor(np.ones(3)).reshape(1.5, 2), TypeError, r"shape\[0\] must be an integer, got 1.5 \(float\)"),
        (lambda: Tensor(np.ones((2, 3))).mean(axis=(1, -1)), ValueError, r"axis \(1, -1\) names the same axis twice"),
    ],
)
def test_integer_examples_of_the_issue(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_a_zero_dimensional_tensor_takes_axis_0_and_minus_1_as_pytorch():
    for reduction in ("sum", "mean", "max"):
        for axis in (0, -1, (0,)):
            x = Tensor(5.0, requires_grad=True)
            out = getattr(x, reduction)(axis=axis)
            out.backward()
            assert (out.item(), x.grad.item()) == (5.0, 1.0)


# -------------------------------------------------------- hyper-parameters are finite
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda v: nn.fit(mlp(), X, Y, steps=1, lr=v), "lr must be a finite number > 0"),
        (lambda v: SGD([], lr=0.1, momentum=v), r"momentum must be a finite number in \[0, 1\)"),
        (lambda v: train_perceptron(*data.logic_gate("or"), lr=v), "lr must be a finite number > 0"),
        (lambda v: gradient_descent(elongated_bowl, (1.0, 1.0), v, 3), "learning_rate must be a finite number > 0"),
        (lambda v: linear_classifier(X, Y, X, Y, steps=1, lr=v), "lr must be a finite number > 0"),
        (lambda v: data.moons(10, noise=v), "noise must be a finite number >= 0"),
        (lambda v: data.xor_clouds(8, noise=v), "noise must be a finite number >= 0"),
        (lambda v: data.circles(10, noise=v), "noise must be a finite number >= 0"),
        (lambda v: data.spirals(noise=v), "noise must be a finite number >= 0"),
        (lambda v: data.blobs(10, std=v), "std must be a finite number >= 0"),
        (lambda v: data.synthetic_images(1, noise=v), "noise must be a finite number >= 0"),
        (lambda v: color_histogram(RGB, value_range=(0, v)), r"value_range\[1\] must be a finite number"),
        (lambda v: gradcheck(lambda t: t * 2, np.ones(2), eps=v), "eps must be a finite number > 0"),
        (lambda v: kmeans(X, 2, tol=v), "tol must be a finite number >= 0"),
        (lambda v: multiclass_hinge(np.zeros((2, 2)), [0, 1], margin=v), "margin must be a finite number"),
    ],
)
@pytest.mark.parametrize("value", [np.inf, -np.inf, np.nan])
def test_hyper_parameters_must_be_finite(call, message, value):
    with pytest.raises(ValueError, match=rf"{message}, got {value}"):
        call(value)


def test_noise_inf_used_to_give_points_at_infinity():
    with pytest.raises(ValueError, match="noise must be a finite number >= 0, got inf"):
        data.moons(10, noise=float("inf"))


# ------------------------------------------------------------- wrong types deep inside
def test_losses_take_numpy_scores_as_the_engine_s_operations_do():
    scores = np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]])
    for loss in (softmax_cross_entropy, multiclass_hinge):
        assert loss(scores, [1, 2]).item() == loss(Tensor(scores), [1, 2]).item()
    assert mse_loss(np.ones((2, 1)), [0.0, 1.0]).item() == 0.5


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: softmax_cross_entropy(Tensor(np.ones((2, 3))), Tensor([0, 1])), TypeError,
         r"softmax_cross_entropy: labels must be integer class numbers, got Tensor\(\[0. 1.\]\) \(Tensor\)"),
        (lambda: nn.accuracy(mlp(), X, Tensor(Y)), TypeError, r"y must be integer class numbers, got Tensor"),
        (lambda: gradcheck(lambda t: t.data * 2, np.ones(3)), TypeError,
         r"f must return a Tensor computed from its Tensor inputs, got array\(\[2., 2., 2.\]\) \(ndarray\)"),
        (lambda: gradcheck(lambda t: t * 2, np.array([1.0, np.nan])), ValueError,
         r"inputs\[0\] contains 1 NaN or infinite value\(s\), the first nan at index \(1,\)"),
        (lambda: color_histogram(RGB, value_range=255), TypeError,
         r"value_range must be a pair \(low, high\) of numbers, got 255 \(int\)"),
        (lambda: color_histogram(RGB, bins=1000), ValueError, r"bins must be an integer in \[1, 256\], got 1000"),
        (lambda: fit_codebook([RGB, GREY], n_words=2), ValueError,
         r"images\[1\] has shape \(8, 8\) and images\[0\] \(8, 8, 3\): every image needs the same channels"),
        (lambda: fit_codebook(RGB, n_words=2), ValueError,
         r"images of shape \(8, 8, 3\) is one image, not a set of images: pass \[image\]"),
        (lambda: fit_codebook(GREY, n_words=2), ValueError, r"images of shape \(8, 8\) is one image"),
        (lambda: fit_codebook([RGB], n_words=500), ValueError, "n_words=500 exceeds the 9 patches"),
        (lambda: bag_of_words(RGB, None), ValueError, r"images of shape \(8, 8, 3\) is one image"),
        (lambda: bag_of_words([RGB], None), TypeError,
         r"codebook must be a Codebook \(from fit_codebook\), got None \(NoneType\)"),
        (lambda: extract_features("abc", hog), TypeError, "images must be a sequence of images, got str"),
        (lambda: nn.Linear(2, 3, rng="a"), TypeError, r"rng must be an integer, got 'a' \(str\)"),
        (lambda: SGD([np.ones(3)], lr=0.1), TypeError, r"parameters\[0\] must be a Tensor, got ndarray"),
        (lambda: SGD(5, lr=0.1), TypeError, "parameters must be an iterable of Tensors, got 5"),
        (lambda: gradient_descent(5, (1.0, 1.0), 0.1, 2), TypeError, r"loss must be a function, got 5 \(int\)"),
        (lambda: gradcheck("f", np.ones(2)), TypeError, r"f must be a function, got 'f' \(str\)"),
        (lambda: words_mosaic(None), TypeError, r"codebook must be a Codebook .*, got None \(NoneType\)"),
        (lambda: reconstruct_from_words(RGB, "words"), TypeError, r"codebook must be a .*, got 'words' \(str\)"),
        (lambda: features_side_by_side([RGB], titles=5), ValueError, "titles must be a list of 1 strings, .*got 5"),
        (lambda: graph_widget(lambda x: x, inputs=5), TypeError, "inputs must be a mapping of names .*got 5"),
        (lambda: descent_widget(0.1, [(1.0, 1.0)], [1, 5]), ValueError, r"rates must be 1-D, got shape \(\)"),
        (lambda: descent_widget([0.1, 0.2], [1.0, 1.0], [1, 5]), ValueError, r"starts must be 2-D, got shape \(2,\)"),
        (lambda: leaves(x="a"), TypeError, r"x must hold real numbers .*got 'a' \(str\)"),
        (lambda: DecisionBoundary(plt.subplots()[1], alpha=2), ValueError,
         r"alpha must be a finite number in \[0, 1\], got 2"),
        (lambda: scatter_classes(plt.subplots()[1], X, Y, size="a"), TypeError, "size must be a real number"),
        (lambda: scatter_classes(plt.subplots()[1], X, Y + 5), ValueError, r"y must lie in \[0, 3\], got 5..6"),
    ],
)
def test_wrong_types_are_named_where_they_enter(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_gradcheck_of_a_function_that_is_not_finite_does_not_pass():
    assert np.isnan(gradcheck(lambda t: t * np.nan, np.array([1.0])))  # max() of the errors would drop the NaN


# ---------------------------------------------------------------- no silent wrong answer
def test_accuracy_refuses_labels_that_would_broadcast():
    model = mlp()
    predictions = nn.predict(model, X)
    column = predictions[:, None]
    with pytest.raises(ValueError, match=r"y must be a 1-D array of 20 class numbers, got shape \(20, 1\)"):
        nn.accuracy(model, X, column)
    with pytest.raises(ValueError, match=r"y must be a 1-D array of 20 class numbers, got shape \(\)"):
        nn.accuracy(model, X, 1)
    assert nn.accuracy(model, X, predictions) == 1.0


def test_a_gradient_of_the_wrong_shape_is_refused():
    x = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(ValueError, match=r"grad must have shape \(3,\), got shape \(2,\)"):
        x.grad = np.ones(2)
    x.grad = [1, 2, 3]
    assert x.grad.dtype == np.float64 and x.grad.tolist() == [1.0, 2.0, 3.0]


def test_the_colour_histogram_widget_wants_an_rgb_image():
    with pytest.raises(ValueError, match=r"image must be 3-D, got shape \(8, 8\)"):
        color_histogram_widget(GREY)
    with pytest.raises(ValueError, match=r"image must be an RGB image \(H, W, 3\) of floats in \[0, 1\], got .*254"):
        color_histogram_widget(RGB * 255)


def test_the_hog_widget_wants_an_image_large_enough_for_its_largest_cells():
    with pytest.raises(ValueError, match=r"image of shape \(8, 8\) is too small for cell_sizes up to 32 px"):
        hog_widget(GREY)


def test_live_figure_settings_are_checked_against_the_controls():
    figure = color_histogram_widget(RGB, max_bins=6)
    with pytest.raises(ValueError, match=r"setting: bins 7 is not one of this slider's values \(1 to 6"):
        figure.set(bins=7)
    with pytest.raises(TypeError, match=r"setting: bins must be a real number, got '3' \(str\)"):
        figure.set(bins="3")
    figure.set(bins=6)
    assert figure.values == {"bins": 6}


# ------------------------------------------------------------------- the Tensor protocol
def test_tensor_truth_length_and_iteration_follow_pytorch():
    assert bool(Tensor(0.0)) is False and bool(Tensor([2.0])) is True
    with pytest.raises(ValueError, match=r"bool\(\) needs a tensor with one element, this one has shape \(2,\)"):
        bool(Tensor([1.0, 2.0]))
    with pytest.raises(ValueError, match=r"bool\(\) needs a tensor with one element, this one has shape \(0,\)"):
        bool(Tensor([]))
    with pytest.raises(TypeError, match=r"a 0-d tensor \(5\) has no len\(\) and cannot be iterated: use .item\(\)"):
        list(Tensor(5.0))
    rows = list(Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True))
    assert len(Tensor(np.ones((4, 2)))) == 4 and [r.data.tolist() for r in rows] == [[1.0, 2.0], [3.0, 4.0]]
    assert rows[0].op == "index" and float(Tensor([2.5])) == 2.5


def test_numpy_conversion_gives_the_data_or_refuses_a_tensor_in_the_graph():
    stacked = np.array([Tensor(1.0), Tensor(2.0)])
    assert stacked.dtype == np.float64 and stacked.tolist() == [1.0, 2.0]
    np.testing.assert_array_equal(np.asarray(Tensor([[1.0, 2.0]])), [[1.0, 2.0]])
    weight = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"a Tensor that requires grad \(shape \(2,\)\) cannot become an array: use"):
        np.asarray(weight)
    with pytest.raises(TypeError, match="cannot become an array"):
        np.array([weight, weight])
    assert isinstance(np.ones(2) + weight, Tensor)  # arithmetic with arrays stays in the graph


# ------------------------------------------------------------------ numerics as PyTorch
def test_relu_maximum_and_powers_give_pytorch_s_numbers():
    x = Tensor([-np.inf, -1.0, 0.0, np.nan, np.inf], requires_grad=True)
    out = x.relu()
    np.testing.assert_array_equal(out.data, [0.0, 0.0, 0.0, np.nan, np.inf])  # torch.relu
    out.backward(np.ones(5))
    np.testing.assert_array_equal(x.grad, [0.0, 0.0, 0.0, 0.0, 1.0])
    assert np.isnan(maximum(np.nan, 0.0).item()) and np.isnan(maximum(0.0, np.nan).item())  # torch.maximum
    zero = Tensor([0.0, 2.0], requires_grad=True)
    (zero**0).sum().backward()
    np.testing.assert_array_equal(zero.grad, [0.0, 0.0])  # d(x^0)/dx = 0, at 0 too


# --------------------------------------------------------------- training that blows up
def test_fit_stops_where_training_diverges_and_says_why():
    with pytest.raises(ValueError, match=r"training diverged: the loss became (inf|nan) at step \d+, after \d+ "
                                         r"updates with lr=10.0; the learning rate is probably too large"):
        nn.fit(nn.MLP([2, 8, 1], seed=0), X, Y.astype(float), loss="mse", steps=300, lr=10.0)


def test_fit_refuses_data_or_parameters_that_are_not_finite():
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match=r"X contains 1 NaN or infinite value\(s\), the first nan at index \(3, 1\)"):
        nn.fit(mlp(), bad, Y)
    model = mlp()
    model.layers[0].bias.data[0] = np.inf
    with pytest.raises(ValueError, match="the loss is nan at step 0, before any update: the inputs or the starting"):
        nn.fit(model, X, Y, steps=5)


def test_hand_training_stops_where_it_diverges_and_keeps_a_nan_check_error():
    def bowl(parameters):  # |theta|^2, reported infinite once it no longer fits a float's square
        theta = parameters["theta"]
        return (float(theta @ theta) if np.abs(theta).max() < 1e150 else np.inf), {"theta": 2 * theta}

    with pytest.raises(ValueError, match=r"the loss became inf at step 118, after 118 updates with "
                                         r"learning_rate=10.0; the learning rate is probably too large"):
        train_by_hand(bowl, {"theta": np.ones(2)}, 10.0, 300)  # theta grows 19-fold a step

    def half_broken(parameters):  # the second gradient cannot be compared: max() would drop its NaN
        return {"W1": xor.engine_gradients(parameters)["W1"], "W2": np.full((1, 2), np.nan)}

    run = train_by_hand(xor.network_gradients, xor.initial_network(), 0.5, 2, reference=half_broken)
    assert np.isnan(run.check_errors).all()


def test_the_training_figure_checks_its_points_labels_and_epochs():
    runs = xor.runs(steps=4)
    with pytest.raises(TypeError, match=r"epochs\[1\] must be an integer, got 2.5 \(float\)"):
        training_widget(runs, xor.predict, xor.hidden_lines, xor.POINTS, xor.LABELS, epochs=[0, 2.5], rate=0.3)
    with pytest.raises(ValueError, match=r"y must lie in \[0, 1\], got 0..2"):
        training_widget(runs, xor.predict, xor.hidden_lines, xor.POINTS, xor.LABELS * 2, epochs=[0, 4], rate=0.3)
    with pytest.raises(TypeError, match=r"predict must be a function, got None \(NoneType\)"):
        training_widget(runs, None, xor.hidden_lines, xor.POINTS, xor.LABELS, epochs=[0, 4], rate=0.3)


def test_numerical_gradient_of_a_one_element_tensor_function():
    np.testing.assert_allclose(numerical_gradient(lambda v: Tensor(v).sum() * 2, np.ones(2)), [2.0, 2.0])


# ------------------------------------------------------------------- sliders that do not fit
@pytest.mark.parametrize(
    ("make", "count"),
    [
        (lambda: Slider(0, 1e7, 1e-3), "10,000,000,001"),
        (lambda: Slider(0.0, 1.0, 1e-320), "more than 10\\^308"),
        (lambda: Slider(-1e308, 1e308, 1.0), "more than 10\\^308"),
    ],
)
def test_a_slider_with_too_many_positions_is_refused_before_listing_them(make, count):
    with pytest.raises(ValueError, match=f"has {count} positions; use a larger step"):
        make()


def test_a_network_with_one_activation_per_layer_is_read_layer_by_layer():
    linear = nn.MLP([2, 3, 3, 2], activation=[None, None], seed=0)
    W, b = equivalent_linear_layer(linear)
    np.testing.assert_allclose(X @ W + b, linear(X).data)
    with pytest.raises(ValueError, match=r"only a network without activations collapses to one layer, got MLP\("):
        equivalent_linear_layer(nn.MLP([2, 3, 3, 2], activation=[None, "relu"]))
    with pytest.raises(TypeError, match=r"model must be a MLP, got \[\[1.0\]\] \(list\)"):
        equivalent_linear_layer([[1.0]])


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: nn.fit(None, X, Y, steps=1), TypeError,
         r"model must be a network with parameters\(\) \(an MLP or a Linear\), got None"),
        (lambda: nn.predict("net", X), TypeError, r"model must be a function, got 'net' \(str\)"),
        (lambda: gate_type(5), TypeError, r"op must be a str, got 5 \(int\)"),
        (lambda: routed_layout("g"), TypeError, r"graph must be a ComputationalGraph \(from run_backward\), got 'g'"),
        (lambda: gradient_norms_figure([1.0]), TypeError, r"norms must be a Mapping, got \[1.0\] \(list\)"),
        (lambda: gradient_norms_figure({"relu": [np.nan, 1.0]}), ValueError,
         r"norms\['relu'\] contains 1 NaN or infinite value\(s\), the first nan at index \(0,\)"),
        (lambda: circles_features_figure(X, Y, None, None), TypeError,
         r"line must be a BestLine \(from best_line\), got None"),
        (lambda: learned_space_figure("net", X, Y), TypeError, r"model must be a MLP, got 'net' \(str\)"),
        (lambda: XorNetworkFigure(animated=False).show(None), TypeError, "model must be a MLP, got None"),
        (lambda: XorNetworkFigure(animated=False).show(nn.MLP([2, 3, 1])), ValueError,
         r"model must be a 2-2-1 network, got MLP\(\[2, 3, 1\]"),
        (lambda: interactive(lambda a: None, {"a": Slider(0, 1, 0.5)}, plt.figure(), presets=5), TypeError,
         "presets must be a Mapping, got 5"),
        (lambda: interactive(lambda a: None, {"a": Slider(0, 1, 0.5)}, plt.figure(), presets={"p": 0.5}), TypeError,
         r"presets\['p'\] must be a Mapping, got 0.5 \(float\)"),
        (lambda: format_number("a"), TypeError, r"value must hold real numbers .*, got 'a' \(str\)"),
        (lambda: neuron_diagram(5, ["w"], "b"), TypeError, "inputs must be a list of names, got 5"),
        (lambda: network_diagram(5, []), TypeError, "layers must be a list of layers, each a list of names, got 5"),
        (lambda: network_diagram([["x"], "y"], [["w"]]), TypeError, "layer 1 must be a list of names, got 'y'"),
        (lambda: ChoiceExercise("Which?", 5, 0, "because", {}), TypeError,
         "options must be a list of answers to choose from, got 5"),
        (lambda: layer_gradient_norms(None, X, Y), TypeError, r"model must be a MLP, got None \(NoneType\)"),
        (lambda: NeuronFigure(animated=False).show(np.nan, 1.0, 0.0), ValueError, "w1 must be a finite number, got"),
    ],
)
def test_objects_handed_to_the_library_are_named_where_they_enter(call, error, message):
    with pytest.raises(error, match=message):
        call()
    plt.close("all")

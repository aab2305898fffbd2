"""Chapter 01's learned feature: the two-layer network on raw pixels and its first-layer templates."""

import numpy as np
import pytest

from lecture_lib.algorithms.learned_features import (
    first_layer_change,
    first_layer_templates,
    parameter_count,
    train_network,
)
from lecture_lib.engine import nn
from lecture_lib.engine.autograd import Tensor
from lecture_lib.engine.gradcheck import gradcheck
from lecture_lib.engine.losses import softmax_cross_entropy


def bright_quarter_images(n, seed):
    """4 x 4 x 3 noise images; class k has its k-th quarter (of 3) made bright in one channel."""
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 3
    images = rng.uniform(0.0, 0.3, (n, 4, 4, 3))
    for image, label in zip(images, labels, strict=True):
        image[:2, :2, label] += 0.7
    return images, labels


@pytest.fixture(scope="module")
def trained():
    train_images, train_labels = bright_quarter_images(60, seed=0)
    test_images, test_labels = bright_quarter_images(30, seed=1)
    return train_network(train_images, train_labels, test_images, test_labels, hidden_units=5, steps=60,
                         lr=0.03, batch_size=16)


def test_the_network_learns_an_easy_image_task_and_its_loss_falls(trained):
    assert trained.model.sizes == (48, 5, 3)
    assert trained.train_accuracy == 1.0 and trained.test_accuracy == 1.0
    assert len(trained.losses) == 60
    assert np.mean(trained.losses[-10:]) < np.mean(trained.losses[:10]) / 10


def test_training_is_deterministic_for_a_seed_and_changes_with_it():
    images, labels = bright_quarter_images(30, seed=2)

    def weights(seed):
        result = train_network(images, labels, images, labels, hidden_units=4, steps=5, batch_size=8, seed=seed)
        return result.model.layers[0].weight.data

    np.testing.assert_array_equal(weights(3), weights(3))
    assert not np.array_equal(weights(3), weights(4))


def test_parameter_count_is_every_weight_and_bias():
    for sizes in ([64, 100, 10], [3072, 100, 10], [3072, 100, 6], [3072, 10]):
        expected = sum(n_in * n_out + n_out for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=False))
        assert parameter_count(nn.MLP(sizes)) == expected
    assert parameter_count(nn.MLP([3072, 100, 10])) == 308_310


def test_template_j_dotted_with_the_input_is_hidden_unit_j(trained):
    # The reshape must keep every weight at its pixel: the unit's input, x W1 + b1, is the
    # dot product of its template with the image (as the network sees it, centred and scaled).
    images, _ = bright_quarter_images(7, seed=5)
    templates = first_layer_templates(trained)
    assert templates.shape == (5, 4, 4, 3)
    flat = images.reshape(7, -1)
    by_template = np.einsum("nhwc,jhwc->nj", images, templates) + trained.model.layers[0].bias.data
    np.testing.assert_allclose(by_template, trained.model.layers[0](flat).data)


def test_subtracting_the_start_leaves_what_training_added(trained):
    start = nn.MLP(trained.model.sizes, seed=0).layers[0].weight.data  # the same seed draws the same start
    np.testing.assert_array_equal(trained.initial_weight, start)
    added = first_layer_templates(trained, subtract_start=True)
    np.testing.assert_allclose(added.reshape(5, -1).T, trained.model.layers[0].weight.data - start)
    assert np.abs(added).max() > 0
    expected = np.linalg.norm(trained.model.layers[0].weight.data - start) / np.linalg.norm(start)
    assert first_layer_change(trained) == pytest.approx(expected)


def test_the_trained_network_gradients_match_finite_differences(trained):
    images, labels = bright_quarter_images(6, seed=7)
    x = images.reshape(6, -1)
    model = trained.model

    def loss(w1, b1, w2, b2):
        return softmax_cross_entropy((x @ w1 + b1).relu() @ w2 + b2, labels)

    parameters = [p.data for p in model.parameters()]
    np.testing.assert_allclose(loss(*map(Tensor, parameters)).item(), softmax_cross_entropy(model(x), labels).item())
    assert gradcheck(loss, *parameters) < 1e-6


@pytest.mark.parametrize(
    "change, error, message",
    [
        ({"train_labels": np.zeros(59, dtype=int)}, ValueError,
         r"train_labels must be a 1-D array of 60 class numbers, got shape \(59,\)"),
        ({"test_labels": np.zeros(30)}, TypeError, "test_labels must be integer class numbers, .* dtype float64"),
        ({"test_labels": -np.ones(30, dtype=int)}, ValueError, "test_labels must be class numbers >= 0, got -1..-1"),
        ({"train_images": np.array(["a"] * 60)}, TypeError, "train_images must hold real numbers"),
        ({"train_images": np.full((60, 4, 4, 3), np.nan)}, ValueError, "train_images contains 2880 NaN or infinite"),
        ({"train_images": np.zeros((0, 4, 4))}, ValueError, r"train_images must be at least one image, .* \(0, 4, 4\)"),
        ({"test_images": np.zeros((30, 5, 5, 3))}, ValueError, "train and test images must have one shape"),
        ({"batch_size": 61}, ValueError, r"batch_size must be an integer in \[1, 60\], got 61"),
        ({"batch_size": 0}, ValueError, r"batch_size must be an integer in \[1, 60\], got 0"),
        ({"hidden_units": 0}, ValueError, "hidden_units must be an integer >= 1, got 0"),
        ({"hidden_units": 2.5}, TypeError, r"hidden_units must be an integer, got 2.5 \(float\)"),
        ({"steps": 0}, ValueError, "steps must be an integer >= 1, got 0"),
        ({"steps": 2.5}, TypeError, r"steps must be an integer, got 2.5 \(float\)"),
        ({"seed": -1}, ValueError, "seed must be an integer >= 0, got -1"),
        ({"lr": float("inf")}, ValueError, "lr must be a finite number > 0, got inf"),
    ],
)
def test_train_network_rejects_bad_arguments_by_name(change, error, message):
    train_images, train_labels = bright_quarter_images(60, seed=0)
    test_images, test_labels = bright_quarter_images(30, seed=1)
    arguments = {"train_images": train_images, "train_labels": train_labels, "test_images": test_images,
                 "test_labels": test_labels, "steps": 1, "batch_size": 16, **change}
    with pytest.raises(error, match=message):
        train_network(**arguments)


def test_the_results_functions_name_what_they_need():
    with pytest.raises(TypeError, match=r"model must be a MLP or Linear, got \[1, 2\] \(list\)"):
        parameter_count([1, 2])
    with pytest.raises(TypeError, match=r"result must be a NetworkResult \(from train_network\), got None"):
        first_layer_templates(None)
    with pytest.raises(TypeError, match=r"result must be a NetworkResult \(from train_network\), got 'x' \(str\)"):
        first_layer_change("x")

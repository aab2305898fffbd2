"""Decision boundaries over a grid (lecture_lib.figures.plotting), the affine check and the activations."""


import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_lib.algorithms.activations import activation_and_derivative
from lecture_lib.algorithms.collapse import affine_fit_residual
from lecture_lib.algorithms.data import grid_points
from lecture_lib.engine.gradcheck import numerical_gradient
from lecture_lib.figures.neuron_and_xor import activation_figure
from lecture_lib.figures.plotting import DecisionBoundary

EXTENT = (-2.0, 3.0, -1.0, 1.0)
finite = st.floats(-3, 3, allow_nan=False)


@pytest.fixture
def ax():
    fig, ax = plt.subplots()
    yield ax
    plt.close(fig)


def test_grid_points_are_cell_centres_row_major_from_the_bottom_left():
    points = grid_points(EXTENT, 4).reshape(4, 4, 2)
    np.testing.assert_allclose(points[0, :, 0], [-1.375, -0.125, 1.125, 2.375])
    np.testing.assert_allclose(points[:, 0, 1], [-0.75, -0.25, 0.25, 0.75])
    assert (points[0, 0] < points[-1, -1]).all()


@pytest.mark.parametrize(
    ("extent", "resolution", "error", "message"),
    [
        ((0, 1, 0), 10, ValueError, r"extent must be four numbers .*got \(0, 1, 0\)"),
        ((1, 0, 0, 1), 10, ValueError, r"extent \(x_min, x_max\) must have low < high, got \(1, 0\)"),
        ((0, 1, 0, np.nan), 10, ValueError, r"extent \(y_min, y_max\)\[1\] must be a finite number, got nan"),
        ((0, 1, 0, 1), 1, ValueError, "resolution must be an integer >= 2, got 1"),
        ((0, 1, 0, 1), 2.5, TypeError, r"resolution must be an integer, got 2.5 \(float\)"),
    ],
)
def test_grid_points_rejects_bad_extent_or_resolution(extent, resolution, error, message):
    with pytest.raises(error, match=message):
        grid_points(extent, resolution)


@settings(max_examples=30, deadline=None)
@given(w1=finite, w2=finite, b=finite)
def test_linear_boundary_lies_exactly_on_the_line_and_regions_match(w1, w2, b):
    fig, ax = plt.subplots()
    boundary = DecisionBoundary(ax, lambda X: X @ np.array([w1, w2]) + b, extent=EXTENT, resolution=40)
    values = boundary.points @ np.array([w1, w2]) + b
    np.testing.assert_array_equal(boundary.labels.ravel(), (values > 0).astype(int))
    np.testing.assert_array_equal(boundary.image.get_array(), boundary.palette[boundary.labels])
    # Marching squares interpolates linearly between cell centres: on an affine field the
    # traced points are exact zeros of it.
    vertices = np.concatenate(boundary.lines.get_segments() or [np.empty((0, 2))])
    scale = abs(w1) * 3 + abs(w2) + abs(b) + 1
    assert np.all(np.abs(vertices @ np.array([w1, w2]) + b) <= 1e-9 * scale)
    if values.min() < 0 < values.max() and np.ptp(values) > 1e-3:
        assert len(vertices) >= 2
    plt.close(fig)


def test_integer_labels_are_shown_and_traced_between_cells(ax):
    boundary = DecisionBoundary(ax, lambda X: (X[:, 0] > 0.5).astype(int), extent=EXTENT, resolution=50)
    np.testing.assert_array_equal(boundary.labels.ravel(), (boundary.points[:, 0] > 0.5).astype(int))
    vertices = np.concatenate(boundary.lines.get_segments())
    cell = (EXTENT[1] - EXTENT[0]) / 50
    assert np.all(np.abs(vertices[:, 0] - 0.5) <= cell)


def test_class_scores_give_argmax_regions_and_tied_boundaries(ax):
    directions = np.array([[1.0, 0.0], [-0.5, 0.8], [-0.5, -0.8]])

    def scores(X):
        return X @ directions.T

    boundary = DecisionBoundary(ax, scores, extent=(-1, 1, -1, 1), resolution=60, n_classes=3)
    np.testing.assert_array_equal(boundary.labels.ravel(), scores(boundary.points).argmax(axis=1))
    vertices = np.concatenate(boundary.lines.get_segments())
    top_two = np.sort(scores(vertices), axis=1)[:, -2:]
    # Where the best two scores tie, up to the interpolation across one grid cell.
    assert np.all(top_two[:, 1] - top_two[:, 0] <= 2.0 * 2 / 60 + 1e-12)


def test_update_changes_data_without_adding_artists(ax):
    boundary = DecisionBoundary(ax, lambda X: X[:, 0], extent=EXTENT, resolution=30)
    children = len(ax.get_children())
    boundary.update(lambda X: -X[:, 1])
    assert len(ax.get_children()) == children
    np.testing.assert_array_equal(boundary.labels.ravel(), (-boundary.points[:, 1] > 0).astype(int))
    assert boundary.image.get_animated() and boundary.lines.get_animated()
    assert boundary.palette.tolist() == [[31, 119, 180, 76], [255, 127, 14, 76]]  # blue, orange at alpha 0.3
    static = DecisionBoundary(ax, lambda X: X[:, 0], extent=EXTENT, resolution=30, animated=False)
    assert not static.image.get_animated() and not static.lines.get_animated()


def test_constant_prediction_draws_no_line(ax):
    boundary = DecisionBoundary(ax, lambda X: np.zeros(len(X)), extent=EXTENT, resolution=20)
    assert boundary.lines.get_segments() == []
    assert (boundary.labels == 0).all()


@pytest.mark.parametrize(
    "outputs, error",
    [
        (np.zeros(99), ValueError),
        (np.full(100, np.nan), ValueError),
        (np.full(100, 2), ValueError),
        (np.full(100, -1), ValueError),
        (np.zeros((100, 3)), ValueError),
        (np.zeros((100, 2), dtype=int), ValueError),
        (np.array(["a"] * 100), TypeError),
    ],
)
def test_show_rejects_bad_outputs_naming_the_problem(ax, outputs, error):
    boundary = DecisionBoundary(ax, extent=EXTENT, resolution=10)
    with pytest.raises(error):
        boundary.show(outputs)


def test_decision_boundary_rejects_bad_class_count(ax):
    with pytest.raises(ValueError, match="n_classes"):
        DecisionBoundary(ax, n_classes=1)


@settings(max_examples=30, deadline=None)
@given(st.lists(finite, min_size=6, max_size=6), st.integers(0, 2**32 - 1))
def test_affine_fit_residual_is_round_off_for_affine_values_only(coefficients, seed):
    points = np.random.default_rng(seed).uniform(-2, 2, (200, 2))
    A = np.array(coefficients[:4]).reshape(2, 2)
    c = np.array(coefficients[4:])
    values = points @ A + c
    assert affine_fit_residual(points, values) < 1e-9
    bent = values + np.column_stack([points[:, 0] ** 2, np.abs(points[:, 1])])
    assert affine_fit_residual(points, bent) > 0.05


def test_affine_fit_residual_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match="shape|points"):
        affine_fit_residual(np.zeros((5, 2)), np.zeros(4))


@pytest.mark.parametrize(
    "name, function, derivative",
    [
        ("sigmoid", lambda z: 1 / (1 + np.exp(-z)), lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2),
        ("tanh", np.tanh, lambda z: 1 / np.cosh(z) ** 2),
        ("relu", lambda z: np.maximum(z, 0), lambda z: (z > 0).astype(float)),
    ],
)
def test_activation_derivatives_match_formula_and_finite_differences(name, function, derivative):
    z = np.random.default_rng(0).uniform(-5, 5, 300)
    z = z[np.abs(z) > 1e-3]
    values, slope = activation_and_derivative(name, z)
    np.testing.assert_allclose(values, function(z), atol=1e-12)
    np.testing.assert_allclose(slope, derivative(z), atol=1e-12)
    numerical = numerical_gradient(lambda v: activation_and_derivative(name, v)[0].sum(), z)
    np.testing.assert_allclose(slope, numerical, atol=1e-7)


def test_relu_derivative_at_zero_is_zero_and_unknown_names_are_rejected():
    assert activation_and_derivative("relu", np.array([0.0]))[1][0] == 0.0
    with pytest.raises(ValueError, match="softplus"):
        activation_and_derivative("softplus", np.zeros(3))


def test_activation_figure_has_a_function_and_a_derivative_per_panel():
    fig = activation_figure()
    assert [ax.get_title() for ax in fig.axes] == ["sigmoid", "tanh", "relu"]
    for ax in fig.axes:
        assert len(ax.get_lines()) >= 2
        for line in ax.get_lines():
            assert np.isfinite(line.get_xydata()).all()
    plt.close(fig)

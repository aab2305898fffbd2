"""Gradient descent on the chapter 04 loss surface."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_lib.algorithms.descent import (
    BOWL_CURVATURES,
    DEFAULT_BOUNDS,
    elongated_bowl,
    gradient_descent,
    loss_and_gradient,
)
from lecture_lib.engine.gradcheck import numerical_gradient

CURVATURES = np.array(BOWL_CURVATURES)
LARGEST_STABLE_RATE = 2 / CURVATURES.max()
coordinate = st.floats(-4.0, 4.0, allow_nan=False)


def bowl_value(theta):
    """The bowl written directly in NumPy, independent of the engine."""
    return float(0.5 * np.sum(CURVATURES * np.asarray(theta) ** 2))


@given(coordinate, coordinate)
def test_engine_gradient_matches_central_differences(a, b):
    value, gradient = loss_and_gradient(elongated_bowl, np.array([a, b]))
    assert value == pytest.approx(bowl_value([a, b]))
    np.testing.assert_allclose(gradient, numerical_gradient(bowl_value, np.array([a, b])), atol=1e-6)


@settings(deadline=None)
@given(coordinate, coordinate, st.floats(1e-3, 1.0), st.integers(0, 40))
def test_path_follows_the_update_rule_and_stays_in_bounds(a, b, rate, steps):
    path = gradient_descent(elongated_bowl, (a, b), rate, steps)
    box = np.array(DEFAULT_BOUNDS)
    assert np.all(np.isfinite(path.points)) and np.all(np.isfinite(path.losses))
    assert np.all((box[:, 0] <= path.points) & (path.points <= box[:, 1]))
    # on this bowl each coordinate is multiplied by (1 - rate * curvature) per step
    k = np.arange(len(path.points))[:, None]
    np.testing.assert_allclose(path.points, (1 - rate * CURVATURES) ** k * [a, b], atol=1e-9)
    if path.left_region:
        assert path.steps_taken < steps
        on_edge = np.isclose(np.abs(path.exit_point), 4.0)
        assert on_edge.any() and np.all(np.abs(path.exit_point) <= 4.0 + 1e-12)
    else:
        assert path.steps_taken == steps


def test_small_rate_crawls_and_large_rate_diverges():
    start = (-3.5, 3.0)
    crawl = gradient_descent(elongated_bowl, start, 1e-3, 50)
    good = gradient_descent(elongated_bowl, start, 0.15, 50)
    wild = gradient_descent(elongated_bowl, start, 1.1 * LARGEST_STABLE_RATE, 50)
    assert not crawl.left_region and abs(crawl.points[-1, 0]) > 0.9 * 3.5  # barely moved along the valley
    assert not good.left_region and good.losses[-1] < 1e-3 * good.losses[0]
    assert wild.left_region and wild.steps_taken < 50


def test_rate_just_below_the_limit_still_converges():
    path = gradient_descent(elongated_bowl, (0.0, 1.0), 0.99 * LARGEST_STABLE_RATE, 50)
    assert not path.left_region and abs(path.points[-1, 1]) < 1.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": (5.0, 0.0)}, "outside the bounds"),
        ({"start": (np.nan, 0.0)}, r"start contains 1 NaN or infinite value\(s\), the first nan at index \(0,\)"),
        ({"start": (1.0, 2.0, 3.0)}, r"start must have shape \(2,\), got shape \(3,\)"),
        ({"learning_rate": 0.0}, "learning_rate must be a finite number > 0, got 0.0"),
        ({"learning_rate": np.inf}, "learning_rate must be a finite number > 0, got inf"),
        ({"steps": -1}, "steps must be an integer >= 0, got -1"),
        ({"bounds": ((1.0, -1.0), (-4.0, 4.0))}, r"bounds\[0\] must have low < high, got \(1.0, -1.0\)"),
        ({"bounds": ((-4.0, 4.0), (-4.0, np.inf))}, r"bounds\[1\]\[1\] must be a finite number, got inf"),
    ],
)
def test_bad_arguments_are_refused(kwargs, message):
    arguments = {"loss": elongated_bowl, "start": (1.0, 1.0), "learning_rate": 0.1, "steps": 5} | kwargs
    with pytest.raises(ValueError, match=message):
        gradient_descent(**arguments)


def test_steps_must_be_an_integer_and_the_loss_a_tensor():
    with pytest.raises(TypeError, match=r"steps must be an integer, got 2.5 \(float\)"):
        gradient_descent(elongated_bowl, (1.0, 1.0), 0.1, 2.5)
    with pytest.raises(TypeError, match=r"loss must return a Tensor .*got 1.0 \(float\)"):
        gradient_descent(lambda t1, t2: 1.0, (1.0, 1.0), 0.1, 2)


def test_a_loss_that_is_not_finite_on_the_path_names_the_step_and_the_point():
    def steep(theta1, theta2):  # finite at the start, infinite once theta1 passes 20
        return (theta1 * 40.0).exp() + theta2 * 0.0

    with pytest.raises(ValueError, match=r"the loss at step 0, theta = \[20.0, 0.0\], is inf"):
        gradient_descent(steep, (20.0, 0.0), 0.1, 3, bounds=((-30.0, 30.0), (-1.0, 1.0)))

"""Training with hand-written gradients (chapter 04): the update rule, the per-step check, bad input."""

import numpy as np
import pytest
from example_networks import INPUTS, TARGETS, engine_gradients, initial_network, network_gradients, sigmoid
from hypothesis import given, settings
from hypothesis import strategies as st

from lecture_lib.algorithms.hand_training import TrainingRun, train_by_hand

CURVATURES = np.array([1.0, 10.0])


def bowl(parameters):
    """J = (theta . (curvatures * theta)) / 2 and its gradient, written out."""
    theta = parameters["theta"]
    return 0.5 * float(np.sum(CURVATURES * theta**2)), {"theta": CURVATURES * theta}


@settings(deadline=None, max_examples=40)
@given(st.floats(-3, 3), st.floats(-3, 3), st.floats(1e-3, 0.25), st.integers(0, 30))
def test_every_step_is_theta_minus_rate_times_gradient(a, b, rate, steps):
    run = train_by_hand(bowl, {"theta": np.array([a, b])}, rate, steps)
    assert run.steps == steps and run.learning_rate == rate and run.check_errors is None
    k = np.arange(steps + 1)[:, None]
    np.testing.assert_allclose(run.history["theta"], (1 - rate * CURVATURES) ** k * [a, b], atol=1e-12)
    np.testing.assert_allclose(run.losses, [bowl({"theta": t})[0] for t in run.history["theta"]])
    np.testing.assert_array_equal(run.parameters(steps)["theta"], run.history["theta"][-1])


def test_hand_written_network_gradients_match_the_engine_at_every_step():
    run = train_by_hand(network_gradients, initial_network(), 0.5, 200, reference=engine_gradients)
    assert run.check_errors.shape == (201,)
    assert run.check_errors.max() < 1e-12
    assert run.losses[-1] < run.losses[0]


def test_a_wrong_gradient_is_caught_by_the_reference():
    def forgets_the_sigmoid_slope(parameters):
        loss, gradients = network_gradients(parameters)
        W2 = parameters["W2"]
        H = sigmoid(parameters["W1"] @ INPUTS)
        upstream = 2 * (W2 @ H - TARGETS) / TARGETS.size
        return loss, {**gradients, "W1": (W2.T @ upstream) @ INPUTS.T}

    run = train_by_hand(forgets_the_sigmoid_slope, initial_network(), 0.5, 5, reference=engine_gradients)
    assert run.check_errors.min() > 1e-3


def test_the_initial_parameters_are_not_changed():
    initial = initial_network()
    copy = {name: value.copy() for name, value in initial.items()}
    run = train_by_hand(network_gradients, initial, 1.0, 10)
    for name in initial:
        np.testing.assert_array_equal(initial[name], copy[name])
        np.testing.assert_array_equal(run.parameters(0)[name], copy[name])
    assert not np.array_equal(run.parameters(10)["W1"], copy["W1"])


def growing(parameters):
    """Loss |theta|, gradient theta: learning rate 3 doubles |theta| at every step; infinite from 1000 on."""
    size = float(np.abs(parameters["theta"]).max())
    return (size if size < 1000 else np.inf), {"theta": parameters["theta"]}


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"gradients": "bowl"}, TypeError, "gradients must be a function"),
        ({"reference": 3}, TypeError, "reference must be a function"),
        ({"initial": {}}, ValueError, "initial must map"),
        ({"initial": [1.0, 2.0]}, ValueError, "initial must map"),
        ({"initial": {"theta": np.array([np.nan, 1.0])}}, ValueError,
         r"initial\['theta'\] contains 1 NaN or infinite value\(s\), the first nan at index \(0,\)"),
        ({"learning_rate": 0.0}, ValueError, "learning_rate must be a finite number > 0, got 0.0"),
        ({"learning_rate": np.nan}, ValueError, "learning_rate must be a finite number > 0, got nan"),
        ({"learning_rate": True}, TypeError, r"learning_rate must be a real number, got True \(bool\)"),
        ({"steps": -1}, ValueError, "steps must be an integer >= 0, got -1"),
        ({"steps": 2.0}, TypeError, r"steps must be an integer, got 2.0 \(float\)"),
        ({"gradients": lambda p: (0.0, {"other": p["theta"]})}, ValueError, "gradients must give a gradient for each"),
        ({"gradients": lambda p: (0.0, {"theta": np.zeros(3)})}, ValueError, "gradients gave theta a gradient of"),
        ({"reference": lambda p: {"theta": np.zeros((2, 1))}}, ValueError, "reference gave theta a gradient of"),
        ({"gradients": lambda p: (np.inf, {"theta": p["theta"]})}, ValueError,
         "the loss is inf at step 0, before any update: the inputs or the starting parameters"),
        ({"gradients": lambda p: ("0", {"theta": p["theta"]})}, TypeError, "the loss at step 0 must be a number"),
        ({"gradients": lambda p: (0.0, {"theta": ["a", "b"]})}, TypeError, r"gradients\['theta'\] must hold real"),
        ({"gradients": growing, "learning_rate": 3.0, "steps": 20}, ValueError,
         "the loss became inf at step 10, after 10 updates with learning_rate=3.0; the learning rate is probably"),
    ],
)
def test_bad_arguments_are_refused_with_the_argument_named(kwargs, error, message):
    arguments = {"gradients": bowl, "initial": {"theta": np.array([1.0, 1.0])}, "learning_rate": 0.1, "steps": 3,
                 **kwargs}
    with pytest.raises(error, match=message):
        train_by_hand(**arguments)


def test_a_run_refuses_a_step_it_does_not_have():
    run = train_by_hand(bowl, {"theta": np.array([1.0, 1.0])}, 0.1, 3)
    assert isinstance(run, TrainingRun)
    for step in (-1, 4):
        with pytest.raises(ValueError, match=rf"step must be an integer in \[0, 3\], got {step}"):
            run.parameters(step)
    for step in (1.5, True):
        with pytest.raises(TypeError, match=rf"step must be an integer, got {step}"):
            run.parameters(step)

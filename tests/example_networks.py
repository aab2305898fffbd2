"""A small network for the tests, written as chapter 04 writes its own: XOR with hand-written gradients.

h = sigmoid(W1 x~) with x~ = (x1, x2, 1), y^ = W2 h, the mean squared error over the four
points. The chapter's own network lives in the chapter (04_gradient_descent) and is checked
there by nbval; this one exercises the training loop and the training figure.
"""

import numpy as np

from lecture_lib import Tensor
from lecture_lib.algorithms import data
from lecture_lib.algorithms.hand_training import train_by_hand

POINTS, LABELS = data.logic_gate("xor")
INPUTS = np.vstack([POINTS.T, np.ones(len(POINTS))])
TARGETS = LABELS[None, :].astype(float)


def sigmoid(a):
    return 0.5 * (1 + np.tanh(a / 2))


def network_gradients(parameters):
    W1, W2 = parameters["W1"], parameters["W2"]
    H = sigmoid(W1 @ INPUTS)
    error = W2 @ H - TARGETS
    upstream = 2 * error / error.size
    hidden = (W2.T @ upstream) * H * (1 - H)
    return float(np.mean(error**2)), {"W1": hidden @ INPUTS.T, "W2": upstream @ H.T}


def engine_gradients(parameters):
    W1, W2 = (Tensor(parameters[name], requires_grad=True) for name in ("W1", "W2"))
    ((W2 @ (W1 @ INPUTS).sigmoid() - TARGETS) ** 2).mean().backward()
    return {"W1": W1.grad, "W2": W2.grad}


def initial_network(seed=0):
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(size=(2, 3)), "W2": rng.normal(size=(1, 2))}


def predict(parameters, points):
    H = sigmoid(parameters["W1"] @ np.vstack([points.T, np.ones(len(points))]))
    return (parameters["W2"] @ H)[0]


def hidden_lines(parameters):
    return parameters["W1"]


def runs(rates=(0.3, 10.0), steps=40, seed=0):
    """One run per learning rate from the same weights."""
    return {rate: train_by_hand(network_gradients, initial_network(seed), rate, steps) for rate in rates}

"""Small graphs for the tests, written as the chapters write theirs: functions of named leaves.

The chapters' own graphs live in the chapters (05_backpropagation, 06_gate_patterns) and
are checked there by nbval; these exercise the graph machinery on the same shapes.
"""

from lecture_lib import Tensor, maximum
from lecture_lib.algorithms.graph import leaves


def named(tensor, name):
    tensor.name = name
    return tensor


def sum_times(x, y, z):
    return named(named(x + y, "q") * z, "f")


def sigmoid_neuron(w0, x0, w1, x1, w2):
    z = named(w0 * x0 + w1 * x1 + w2, "z")
    return 1.0 / (1.0 + (-z).exp())


def circuit(x, y, z, w):
    return named(2.0 * (x * y + maximum(z, w)), "f")


def fork(a, b):
    return named(a * b + a, "g")


def two_unit_relu(x, w0, w1, v0, v1):
    hidden = [named((w * x).relu(), f"h{j}") for j, w in enumerate((w0, w1))]
    return named((v0 * hidden[0] + v1 * hidden[1] - Tensor(1.0, name="y")) ** 2, "L")


SUM_TIMES = {"x": -2.0, "y": 5.0, "z": -4.0}
NEURON = {"w0": 2.0, "x0": -1.0, "w1": -3.0, "x1": -2.0, "w2": -3.0}
CIRCUIT = {"x": 3.0, "y": -4.0, "z": 2.0, "w": -1.0}
RELU_NET = {"x": 1.5, "w0": 1.0, "w1": -1.0, "v0": 1.5, "v1": -2.0}


def built(function, values, **changes):
    return function(**leaves(**{**values, **changes}))



"""The engine against central differences, and the cases chapter 05/06 rely on."""

import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

from lecture_lib import Tensor, maximum
from lecture_lib.engine.gradcheck import gradcheck, numerical_gradient

TOLERANCE = 1e-6
finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)
shapes = array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=4)


def array_of(shape):
    return arrays(np.float64, shape, elements=finite)


@st.composite
def broadcastable_pair(draw):
    """Two arrays whose shapes broadcast: the second drops leading axes or has 1s."""
    shape = draw(shapes)
    other = tuple(1 if draw(st.booleans()) else side for side in shape)
    other = other[draw(st.integers(0, len(other))):]
    return draw(array_of(shape)), draw(array_of(other))


def away_from(values, point, distance=1e-3):
    return np.all(np.abs(np.asarray(values) - point) > distance)


@settings(max_examples=60, deadline=None)
@given(broadcastable_pair(), st.booleans())
def test_binary_ops_broadcast_and_match_finite_differences(pair, swap):
    a, b = pair if not swap else pair[::-1]
    for op in (lambda x, y: x + y, lambda x, y: x - y, lambda x, y: x * y):
        assert gradcheck(op, a, b) < TOLERANCE
    assume(away_from(b, 0.0, 0.1))
    assert gradcheck(lambda x, y: x / y, a, b) < 1e-5


@settings(max_examples=60, deadline=None)
@given(broadcastable_pair())
def test_maximum_matches_finite_differences_away_from_ties(pair):
    a, b = pair
    assume(away_from(np.subtract(*np.broadcast_arrays(a, b)), 0.0))
    assert gradcheck(maximum, a, b) < TOLERANCE


@settings(max_examples=60, deadline=None)
@given(array_of(shapes))
def test_unary_ops_match_finite_differences(x):
    assert gradcheck(lambda t: t.exp(), x) < TOLERANCE
    assert gradcheck(lambda t: t.sigmoid(), x) < TOLERANCE
    assert gradcheck(lambda t: t.tanh(), x) < TOLERANCE
    assert gradcheck(lambda t: -t, x) < TOLERANCE
    assert gradcheck(lambda t: t**3, x) < 1e-5
    assert gradcheck(lambda t: 2.0**t, x) < TOLERANCE
    assume(away_from(x, 0.0))
    assert gradcheck(lambda t: t.relu(), x) < TOLERANCE
    assert gradcheck(lambda t: (t * t).log(), x) < 1e-5


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_reductions_match_finite_differences(data):
    x = data.draw(array_of(array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)))
    axis = data.draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1)))
    keepdims = data.draw(st.booleans())
    assert gradcheck(lambda t: t.sum(axis=axis, keepdims=keepdims), x) < TOLERANCE
    assert gradcheck(lambda t: t.mean(axis=axis, keepdims=keepdims), x) < TOLERANCE
    assert gradcheck(lambda t: t.log_softmax(axis=-1), x) < TOLERANCE
    distinct = np.sort(x.ravel())
    assume(np.all(np.diff(distinct) > 1e-3))
    assert gradcheck(lambda t: t.max(axis=axis, keepdims=keepdims), x) < TOLERANCE


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.sampled_from(["mm", "mv", "vm", "vv"]), st.data())
def test_matmul_matches_finite_differences(m, k, n, kind, data):
    a_shape = {"mm": (m, k), "mv": (m, k), "vm": (k,), "vv": (k,)}[kind]
    b_shape = {"mm": (k, n), "mv": (k,), "vm": (k, n), "vv": (k,)}[kind]
    a, b = data.draw(array_of(a_shape)), data.draw(array_of(b_shape))
    assert gradcheck(lambda x, y: x @ y, a, b) < TOLERANCE
    assert gradcheck(lambda x, y: (x.reshape(-1) * 2).sum() * (y.T @ y.T.T if y.ndim == 2 else y @ y), a, b) < 1e-5


@settings(max_examples=40, deadline=None)
@given(array_of(array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=4)))
def test_reused_inputs_and_indexing(x):
    assert gradcheck(lambda t: t * t + t.T.T * 3 - t.sum(axis=0), x) < 1e-5
    assert gradcheck(lambda t: t[0] * t[0] + t[..., -1].sum(), x) < 1e-5


def test_lecture_example_f_equals_x_plus_y_times_z():
    x, y, z = (Tensor(v, requires_grad=True) for v in (-2.0, 5.0, -4.0))
    q = x + y
    f = q * z
    f.backward()
    assert (q.data, f.data) == (3.0, -12.0)
    assert (f.grad, z.grad, q.grad, x.grad, y.grad) == (1.0, 3.0, -4.0, -4.0, -4.0)


def test_reused_node_accumulates_gradients_from_every_use():
    a = Tensor(3.0, requires_grad=True)
    b = a + a
    c = b + b
    c.backward()
    assert a.grad == 4.0 and b.grad == 2.0


def test_second_backward_accumulates_like_pytorch_and_zero_grad_clears():
    a = Tensor([1.0, 2.0], requires_grad=True)
    loss = (a * a).sum()
    loss.backward()
    loss.backward()
    np.testing.assert_allclose(a.grad, 2 * 2 * a.data)
    loss.zero_grad()
    assert not a.grad.any()
    loss.backward()
    np.testing.assert_allclose(a.grad, 2 * a.data)


def test_hundred_thousand_deep_chain_does_not_hit_the_recursion_limit():
    start = Tensor(0.5, requires_grad=True)
    node = start
    for _ in range(100_000):
        node = node * 1.0 + 0.0
    node.backward()
    assert start.grad == 1.0


def test_max_gate_routes_gradient_to_first_maximum_on_ties():
    x = Tensor([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]], requires_grad=True)
    x.max(axis=1).sum().backward()
    np.testing.assert_array_equal(x.grad, [[0, 1, 0], [1, 0, 0]])
    a, b = Tensor(2.0, requires_grad=True), Tensor(2.0, requires_grad=True)
    maximum(a, b).backward()
    assert (a.grad, b.grad) == (1.0, 0.0)


def test_relu_gradient_at_zero_is_zero():
    x = Tensor([-1.0, 0.0, 2.0], requires_grad=True)
    x.relu().sum().backward()
    np.testing.assert_array_equal(x.grad, [0, 0, 1])


def test_stable_functions_at_plus_minus_1000():
    x = Tensor([[-1000.0, 0.0, 1000.0]], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s, t, ls = x.sigmoid(), x.tanh(), x.log_softmax(axis=1)
        (s.sum() + t.sum() + ls.sum()).backward()
    np.testing.assert_allclose(s.data, [[0.0, 0.5, 1.0]])
    np.testing.assert_allclose(t.data, [[-1.0, 0.0, 1.0]])
    np.testing.assert_allclose(ls.data, [[-2000.0, -1000.0, 0.0]])
    assert np.all(np.isfinite(x.grad))


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Tensor("abc"), TypeError, "real numbers"),
        (lambda: Tensor([1 + 2j]), TypeError, "complex"),
        (lambda: Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 3))), ValueError, r"\(2, 3\) @ \(2, 3\)"),
        (lambda: Tensor(np.ones((2, 3))) + Tensor(np.ones(4)), ValueError, r"\(2, 3\) and \(4,\)"),
        (lambda: Tensor(np.ones(3), requires_grad=True).backward(), ValueError, "shape"),
        (lambda: Tensor(2.0).backward(), ValueError, "requires_grad"),
        (lambda: Tensor(1.0) / Tensor([1.0, 0.0]), ValueError, "division by zero"),
        (lambda: Tensor(-1.0).log(), ValueError, "non-positive"),
        (lambda: Tensor(np.ones(3)).reshape(2, 2), ValueError, r"\(3,\) into \(2, 2\)"),
    ],
)
def test_bad_input_raises_a_clear_error(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_numerical_gradient_of_a_known_function():
    x = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(numerical_gradient(lambda v: np.sum(v**3), x), 3 * x**2, rtol=1e-8)


def test_gradcheck_detects_a_wrong_gradient():
    def wrong_square(t):
        out = t * t
        out._backward = lambda g: (g * t.data, g * 0.0)  # forgets one of the two uses
        return out

    assert gradcheck(wrong_square, np.array([1.0, 2.0])) > 0.1


def test_input_gradients_apply_the_chain_rule_at_one_node():
    a, b = Tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True), Tensor([10.0, 20.0], requires_grad=True)
    out = a * b
    upstream = np.array([[1.0, 0.5], [2.0, -1.0]])
    grad_a, grad_b = out.input_gradients(upstream)
    np.testing.assert_array_equal(grad_a, upstream * b.data)
    np.testing.assert_array_equal(grad_b, (upstream * a.data).sum(axis=0))  # b was broadcast over rows
    assert a.input_gradients(upstream) == ()


def test_leaf_gradients_do_not_share_memory():
    a, b = Tensor(np.ones(3), requires_grad=True), Tensor(np.ones(3), requires_grad=True)
    (a + b).sum().backward()  # the add gate hands both inputs the same upstream array
    a.grad += 1.0
    np.testing.assert_array_equal(b.grad, np.ones(3))
    bias = Tensor(np.zeros(2), requires_grad=True)
    (Tensor(np.ones((4, 2))) + bias).sum().backward()  # a broadcast: the gradient is summed
    bias.grad[0] = 5.0  # writeable

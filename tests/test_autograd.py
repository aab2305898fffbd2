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
        np.testing.assert_array_equal(op(Tensor(a), Tensor(b)).data, op(a, b))
        assert gradcheck(op, a, b) < TOLERANCE
    assume(away_from(b, 0.0, 0.1))
    np.testing.assert_array_equal((Tensor(a) / Tensor(b)).data, a / b)
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
def test_reductions_over_any_axes_match_numpy_and_finite_differences(data):
    x = data.draw(array_of(array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4)))
    several = st.lists(st.integers(-x.ndim, x.ndim - 1), unique_by=lambda a: a % x.ndim).map(tuple)
    axis = data.draw(st.one_of(st.none(), st.integers(-x.ndim, x.ndim - 1), several))
    keepdims = data.draw(st.booleans())
    for reduction in ("sum", "mean", "max"):
        expected = getattr(x, reduction)(axis=axis, keepdims=keepdims)
        np.testing.assert_allclose(getattr(Tensor(x), reduction)(axis=axis, keepdims=keepdims).data, expected)
    assert gradcheck(lambda t: t.sum(axis=axis, keepdims=keepdims), x) < TOLERANCE
    assert gradcheck(lambda t: t.mean(axis=axis, keepdims=keepdims), x) < TOLERANCE
    distinct = np.sort(x.ravel())
    assume(np.all(np.diff(distinct) > 1e-3))
    assert gradcheck(lambda t: t.max(axis=axis, keepdims=keepdims), x) < TOLERANCE


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4), st.sampled_from(["mm", "mv", "vm", "vv"]), st.data())
def test_matmul_reshape_and_transpose_match_finite_differences(m, k, n, kind, data):
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
    square = a * a
    loss = square.sum()
    loss.backward()
    loss.backward()
    np.testing.assert_allclose(a.grad, 2 * 2 * a.data)
    np.testing.assert_array_equal(square.grad, [2.0, 2.0])  # intermediate nodes accumulate too
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
        s, t = x.sigmoid(), x.tanh()
        (s.sum() + t.sum()).backward()
    np.testing.assert_allclose(s.data, [[0.0, 0.5, 1.0]])
    np.testing.assert_allclose(t.data, [[-1.0, 0.0, 1.0]])
    np.testing.assert_allclose(x.grad, [[0.0, 1.25, 0.0]])  # sigma' = 1/4 and tanh' = 1 at 0, both 0 far out


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: Tensor("abc"), TypeError, r"Tensor data must hold real numbers .*got 'abc' \(str\), dtype <U3"),
        (lambda: Tensor([1 + 2j]), TypeError, r"Tensor data must hold real numbers .*\(list\), dtype complex"),
        (lambda: Tensor(np.ones((2, 3))) @ Tensor(np.ones((2, 3))), ValueError, r"got \(2, 3\) @ \(2, 3\)"),
        (lambda: Tensor(np.ones((2, 2, 2))) @ Tensor(np.ones(2)), ValueError, r"got \(2, 2, 2\) @ \(2,\)"),
        (lambda: Tensor(np.ones((2, 3))) + Tensor(np.ones(4)), ValueError, r"shapes \(2,3\) \(4,\)"),
        (lambda: maximum(np.ones((2, 3)), np.ones(4)), ValueError, r"shapes \(2,3\) \(4,\)"),
        (lambda: Tensor(np.ones(3), requires_grad=True).backward(), ValueError, r"without grad=.*shape \(3,\)"),
        (lambda: Tensor(np.ones(3), requires_grad=True).backward(np.ones(2)), ValueError,
         r"backward\(\)'s grad must have shape \(3,\), got shape \(2,\)"),
        (lambda: Tensor(2.0).backward(), ValueError, "requires_grad=True"),
        (lambda: Tensor(1.0) / Tensor([1.0, 0.0]), ValueError, r"divisor of shape \(2,\) contains 0"),
        (lambda: Tensor(-1.0).log(), ValueError, r"log of a non-positive value \(min -1\)"),
        (lambda: Tensor(np.ones(3)).reshape(2, 2), ValueError, r"size 3 into shape \(2,2\)"),
        (lambda: Tensor(np.ones((2, 3))).sum(axis=2), ValueError, "axis 2 is out of range"),
        (lambda: Tensor(np.ones((0, 3))).max(), ValueError, r"empty tensor, shape \(0, 3\)"),
        (lambda: Tensor(np.ones(2)).item(), ValueError, r"one element, this one has shape \(2,\)"),
        (lambda: Tensor(2.0) ** "2", TypeError, r"the exponent must be a real number, got '2' \(str\)"),
        (lambda: Tensor(2.0) ** float("inf"), ValueError, "the exponent must be a finite number, got inf"),
        (lambda: Tensor(-2.0) ** 0.5, ValueError, "negative base .* non-integer power 0.5"),
        (lambda: Tensor(0.0) ** -1, ValueError, "0 cannot be raised to the negative power"),
        (lambda: (-2.0) ** Tensor(1.0), ValueError, "base of a power .* must be a finite number > 0, got -2.0"),
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
    assert a.input_gradients(upstream) == []
    assert not out.grad.any() and not a.grad.any()  # nothing is stored: that is backward's job
    constant = Tensor([[1.0, 2.0]])
    assert (constant @ a).input_gradients(np.ones((1, 2)))[0] is None  # the constant needs no gradient


def test_backward_stores_what_input_gradients_sends_back_at_each_node():
    x = Tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
    w = Tensor([[0.3, -0.1], [0.2, 0.4]], requires_grad=True)
    h = (x @ w).relu()
    loss = (h * h).sum()
    loss.backward()
    square = loss.parents[0]
    np.testing.assert_allclose(square.input_gradients(square.grad)[0] * 2, h.grad)  # h is both inputs of h * h
    (product,) = h.parents
    np.testing.assert_allclose(h.input_gradients(h.grad)[0], product.grad)
    grad_x, grad_w = product.input_gradients(product.grad)
    np.testing.assert_allclose(grad_x, x.grad)
    np.testing.assert_allclose(grad_w, w.grad)


def test_a_constant_gets_no_gradient():
    data = Tensor(np.ones((4, 2)))
    weight = Tensor(np.ones((2, 3)), requires_grad=True)
    (data @ weight).sum().backward()
    np.testing.assert_array_equal(weight.grad, np.full((2, 3), 4.0))
    assert not data.requires_grad and not data.grad.any()


def test_zero_grad_on_the_output_clears_the_whole_graph():
    a = Tensor([1.0, 2.0], requires_grad=True)
    hidden = a * 3.0
    loss = hidden.sum()
    loss.backward()
    loss.zero_grad()
    assert not a.grad.any() and not hidden.grad.any() and not loss.grad.any()


def test_leaf_gradients_do_not_share_memory():
    a, b = Tensor(np.ones(3), requires_grad=True), Tensor(np.ones(3), requires_grad=True)
    (a + b).sum().backward()  # the add gate hands both inputs the same upstream array
    a.grad += 1.0
    np.testing.assert_array_equal(b.grad, np.ones(3))
    bias = Tensor(np.zeros(2), requires_grad=True)
    (Tensor(np.ones((4, 2))) + bias).sum().backward()  # a broadcast: the gradient is summed
    assert bias.grad.flags.writeable and a.grad.flags.writeable
    np.testing.assert_array_equal(bias.grad, [4.0, 4.0])

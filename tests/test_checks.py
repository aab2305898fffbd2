"""lecture_lib.engine.checks: one function per kind of argument, each message naming it and its value."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from lecture_lib import Tensor
from lecture_lib.engine import checks

NOT_INTEGERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.booleans(), st.text(max_size=3), st.none(),
    st.just(np.float64(3.0)), st.just([1]),
)
NOT_NUMBERS = st.one_of(st.booleans(), st.text(max_size=3), st.none(), st.just([1.0]), st.just(1j), st.just(np.ones(2)))


@given(st.integers(-(10**6), 10**6))
def test_integer_returns_any_integer_in_range_as_an_int(value):
    for given_as in (value, np.int64(value)):
        result = checks.integer("n", given_as, minimum=-(10**6), maximum=10**6)
        assert result == value and type(result) is int


@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(-100, 100))
def test_number_returns_finite_reals_as_floats(real, integer):
    assert checks.number("lr", real) == real and checks.number("lr", np.float32(1.5)) == 1.5
    assert type(checks.number("lr", integer)) is float


@pytest.mark.parametrize(
    ("check", "kind", "wrong_kinds"),
    [(checks.integer, "an integer", NOT_INTEGERS), (checks.number, "a real number", NOT_NUMBERS)],
)
@given(data=st.data())
def test_the_wrong_kind_of_thing_is_a_type_error_naming_argument_and_value(check, kind, wrong_kinds, data):
    value = data.draw(wrong_kinds)
    with pytest.raises(TypeError, match=rf"^x must be {kind}, got .* \(\w+\)$"):
        check("x", value)


@pytest.mark.parametrize(
    ("check", "bounds", "value", "message"),
    [
        (checks.integer, {"minimum": 0}, -1, "x must be an integer >= 0, got -1"),
        (checks.integer, {"maximum": 5}, 6, "x must be an integer <= 5, got 6"),
        (checks.integer, {"minimum": 1, "maximum": 20}, 100, r"x must be an integer in \[1, 20\], got 100"),
        (checks.number, {}, float("inf"), "x must be a finite number, got inf"),
        (checks.number, {}, float("nan"), "x must be a finite number, got nan"),
        (checks.number, {"above": 0}, 0.0, "x must be a finite number > 0, got 0.0"),
        (checks.number, {"minimum": 0}, -1, "x must be a finite number >= 0, got -1"),
        (checks.number, {"below": 1}, 1, "x must be a finite number < 1, got 1"),
        (checks.number, {"maximum": 1}, 2, "x must be a finite number <= 1, got 2"),
        (checks.number, {"minimum": 0, "below": 1}, 1.0, r"x must be a finite number in \[0, 1\), got 1.0"),
        (checks.number, {"above": 0, "below": 1}, 0, r"x must be a finite number in \(0, 1\), got 0"),
        (checks.number, {"minimum": 0, "maximum": 1}, 1.5, r"x must be a finite number in \[0, 1\], got 1.5"),
    ],
)
def test_a_value_out_of_bounds_is_a_value_error_naming_the_bounds(check, bounds, value, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        check("x", value, **bounds)


def test_integers_intervals_and_choices():
    assert checks.integers("shape", np.array([2, -1]), minimum=-1) == (2, -1)
    with pytest.raises(TypeError, match=r"sizes\[1\] must be an integer, got 2.5 \(float\)"):
        checks.integers("sizes", [2, 2.5])
    with pytest.raises(TypeError, match=r"sizes must be a sequence of integers, got 3 \(int\)"):
        checks.integers("sizes", 3)
    with pytest.raises(ValueError, match=r"pixels_per_cell must be 2 integers, got 3: \(1, 2, 3\)"):
        checks.integers("pixels_per_cell", (1, 2, 3), length=2)
    assert checks.interval("value_range", np.array([0, 255])) == (0.0, 255.0)
    with pytest.raises(ValueError, match=r"value_range\[1\] must be a finite number, got inf"):
        checks.interval("value_range", (0, np.inf))
    with pytest.raises(ValueError, match=r"value_range must have low < high, got \(1, 1\)"):
        checks.interval("value_range", (1, 1))
    assert checks.one_of("loss", "mse", ("mse", "hinge")) == "mse"
    with pytest.raises(ValueError, match=r"loss must be one of \['mse', 'hinge'\], got \['mse'\]"):
        checks.one_of("loss", ["mse"], {"mse": 1, "hinge": 2})  # unhashable: not one of them


@given(st.data())
def test_axes_agree_with_numpy(data):
    ndim = data.draw(st.integers(0, 4))
    axis = data.draw(st.one_of(st.none(), st.integers(-max(ndim, 1), max(ndim, 1) - 1),
                               st.lists(st.integers(-ndim, ndim - 1), max_size=ndim) if ndim else st.just(())))
    x = np.ones((2,) * ndim)
    try:
        expected = np.sum(x, axis=tuple(axis) if isinstance(axis, list) else axis, keepdims=True).shape
    except ValueError:  # numpy: a repeated axis
        with pytest.raises(ValueError, match="names the same axis twice"):
            checks.axes("axis", axis, ndim)
        return
    axes = checks.axes("axis", axis, ndim)
    assert axes == tuple(sorted(axes)) and tuple(1 if i in axes else 2 for i in range(ndim)) == expected


def test_axes_refuse_out_of_range_and_non_integers():
    with pytest.raises(ValueError, match="axis 2 is out of range for a tensor with 2 dimensions"):
        checks.axes("axis", 2, 2)
    with pytest.raises(TypeError, match=r"axis must be an integer, got 1.5 \(float\)"):
        checks.axes("axis", 1.5, 2)
    with pytest.raises(TypeError, match=r"axis\[1\] must be an integer, got '1' \(str\)"):
        checks.axes("axis", [0, "1"], 2)


@given(arrays(np.float64, st.integers(1, 6)))
def test_real_array_finds_the_first_value_that_is_not_finite(values):
    bad = ~np.isfinite(values)
    if not bad.any():
        np.testing.assert_array_equal(checks.real_array("X", values), values)
        return
    first = int(np.argmax(bad))
    with pytest.raises(ValueError, match=rf"X contains {bad.sum()} NaN or infinite value\(s\), .* index \({first},\)"):
        checks.real_array("X", values)
    assert checks.real_array("X", values, finite=False) is values


@pytest.mark.parametrize(
    ("value", "options", "error", "message"),
    [
        (["a", "b"], {}, TypeError, r"X must hold real numbers \(bool, int or float\), got \['a', 'b'\] \(list\)"),
        # a ragged list: numpy 1.24 on refuse it (inhomogeneous), numpy 1.23 makes an object array
        ([[1.0], [1.0, 2.0]], {}, (TypeError, ValueError),
         r"X must (be an array of real numbers, got .*inhomogeneous|hold real numbers .*dtype object)"),
        (Tensor(1.0, requires_grad=True), {}, TypeError, r"X must be an array .*requires grad .*use .data"),
        (np.ones(3), {"ndim": (2, 3)}, ValueError, r"X must be 2-D or 3-D, got shape \(3,\)"),
        (np.ones(3), {"shape": (2,)}, ValueError, r"X must have shape \(2,\), got shape \(3,\)"),
    ],
)
def test_real_array_says_what_is_wrong(value, options, error, message):
    with pytest.raises(error, match=message):
        checks.real_array("X", value, **options)


def test_class_labels():
    labels = checks.class_labels("y", [True, False], n=2, classes=2)
    assert labels.dtype == np.int64 and labels.tolist() == [1, 0]
    for value, error, message in [
        (np.array([[1], [0]]), ValueError, r"y must be a 1-D array of 2 class numbers, got shape \(2, 1\)"),
        (1, ValueError, r"y must be a 1-D array of 2 class numbers, got shape \(\)"),
        (np.array([0, 2]), ValueError, r"y must lie in \[0, 1\], got 0..2"),
        (np.array([-1, 0]), ValueError, r"y must lie in \[0, 1\], got -1..0"),
        (Tensor([0.0, 1.0]), TypeError, r"y must be integer class numbers, got Tensor\(\[0. 1.\]\) \(Tensor\)"),
    ]:
        with pytest.raises(error, match=message):
            checks.class_labels("y", value, n=2, classes=2)


def test_class_labels_without_a_class_count_need_only_be_non_negative():
    assert checks.class_labels("y", np.array([0, 7])).tolist() == [0, 7]
    with pytest.raises(ValueError, match=r"y must be class numbers >= 0, got -2..1"):
        checks.class_labels("y", np.array([-2, 1]))


def test_arrays_checks_every_element_by_its_index():
    weights = checks.arrays("weights", ([1, 2], np.eye(2)), dtype=np.float64)
    assert [w.dtype for w in weights] == [np.float64, np.float64] and weights[1].shape == (2, 2)
    for value, error, message in [
        (np.eye(2), TypeError, r"weights must be a list of arrays, got array\(\[\[1., 0.\], .* \(ndarray\)"),
        (None, TypeError, r"weights must be a list of arrays, got None \(NoneType\)"),
        ([np.eye(2), [np.nan]], ValueError, r"weights\[1\] contains 1 NaN or infinite value\(s\), the first nan"),
        ([["a"]], TypeError, r"weights\[0\] must hold real numbers"),
    ]:
        with pytest.raises(error, match=message):
            checks.arrays("weights", value)


def test_instance_names_the_kind_needed_and_where_one_comes_from():
    generator = np.random.default_rng(0)
    assert checks.instance("rng", generator, np.random.Generator) is generator
    with pytest.raises(TypeError, match=r"model must be a int or float, got 'x' \(str\)"):
        checks.instance("model", "x", (int, float))
    with pytest.raises(TypeError, match=r"rng must be a Generator \(from numpy.random.default_rng\), got 3 \(int\)"):
        checks.instance("rng", 3, np.random.Generator, "from numpy.random.default_rng")


def test_rng_seeds_deterministically_and_passes_a_generator_on():
    assert checks.rng("seed", 7).normal() == np.random.default_rng(7).normal()
    generator = np.random.default_rng(0)
    assert checks.rng("rng", generator) is generator
    with pytest.raises(ValueError, match="seed must be an integer >= 0, got -1"):
        checks.rng("seed", -1)


def test_training_loss_says_when_and_why_training_stopped():
    assert checks.training_loss(np.float32(0.5), 3, "lr", 0.1) == 0.5
    with pytest.raises(ValueError, match="the loss is nan at step 0, before any update: the inputs or the starting"):
        checks.training_loss(float("nan"), 0, "lr", 0.1)
    with pytest.raises(ValueError, match=r"diverged: the loss became inf at step 12, after 12 updates with lr=5.0;"):
        checks.training_loss(float("inf"), 12, "lr", 5.0)
    with pytest.raises(TypeError, match=r"the loss at step 2 must be a number, got \[1.0\] \(list\)"):
        checks.training_loss([1.0], 2, "lr", 0.1)

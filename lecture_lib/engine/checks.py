"""The checks of what a reader passes to lecture_lib: one function per kind of argument.

Each function takes the argument's name and value and returns the value as the caller
computes with it (an ``int``, a ``float``, an array, ...), or raises a ``TypeError`` (the
wrong kind of thing: a float where an integer is needed, a string where a number is) or
a ``ValueError`` (the right kind, a wrong value: a negative size, an infinite learning
rate). Every message names the argument and shows the value at fault, so the same
mistake reads the same in every layer of lecture_lib, which all use these functions.

Used by every module that takes arguments from a chapter.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Collection, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from lecture_lib.engine.autograd import Tensor


def _shown(value: object) -> str:
    """``value`` as an error message shows it: its repr on one line (at most 60 characters) and its type."""
    text = " ".join(repr(value).split())
    return f"{text if len(text) <= 60 else text[:57] + '...'} ({type(value).__name__})"


def _bounds(minimum: float | None, maximum: float | None, above: float | None = None,
            below: float | None = None) -> str:
    """The allowed range in words: ``>= 1``, ``> 0``, ``in [0, 1)``, or nothing (an integer
    bound in full, 4294967295 rather than 4.29497e+09)."""
    low, low_bracket = (above, "(") if above is not None else (minimum, "[")
    high, high_bracket = (below, ")") if below is not None else (maximum, "]")
    low_text, high_text = (f"{end:g}" if isinstance(end, float) else str(end) for end in (low, high))
    if low is not None and high is not None:
        return f" in {low_bracket}{low_text}, {high_text}{high_bracket}"
    if low is not None:
        return f" {'>' if above is not None else '>='} {low_text}"
    if high is not None:
        return f" {'<' if below is not None else '<='} {high_text}"
    return ""


def integer(name: str, value: object, *, minimum: int | None = None, maximum: int | None = None) -> int:
    """An integer (a count, a size, an axis), as NumPy and PyTorch want one: a float such as
    ``2.5`` or ``3.0``, and a bool, are not integers.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        What was passed.
    minimum, maximum : int, optional
        The smallest and largest allowed values.

    Returns
    -------
    int

    Raises
    ------
    TypeError
        If ``value`` is not an integer.
    ValueError
        If it lies outside [minimum, maximum].
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_shown(value)}")
    if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
        raise ValueError(f"{name} must be an integer{_bounds(minimum, maximum)}, got {value!r}")
    return int(value)


def integers(name: str, value: object, *, minimum: int | None = None, length: int | None = None) -> tuple[int, ...]:
    """A sequence of integers (a shape, the widths of a network's layers) as a tuple of ints.

    Parameters
    ----------
    name : str
        The argument's name; an element is named ``name[i]``.
    value : object
        A list, tuple or 1-D array of integers.
    minimum : int, optional
        The smallest value allowed for every element.
    length : int, optional
        The number of elements required.

    Returns
    -------
    tuple of int
    """
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise TypeError(f"{name} must be a sequence of integers, got {_shown(value)}")
    if length is not None and len(value) != length:
        raise ValueError(f"{name} must be {length} integers, got {len(value)}: {value!r}")
    return tuple(integer(f"{name}[{i}]", v, minimum=minimum) for i, v in enumerate(value))


def axes(name: str, value: object, ndim: int) -> tuple[int, ...]:
    """The axes an axis argument names for an array of ``ndim`` dimensions, each once, as
    non-negative numbers in increasing order (``None``: all of them).

    As in NumPy, axis -1 is the last one. As in PyTorch, a 0-d array takes axis 0 or -1,
    which names no axis: a reduction over it leaves the number as it is.

    Parameters
    ----------
    name : str
        The argument's name, usually ``"axis"``.
    value : None, int or sequence of int
    ndim : int
        The number of dimensions of the array reduced.

    Returns
    -------
    tuple of int
    """
    if value is None:
        return tuple(range(ndim))
    if type(value) is int:  # the usual case, in a reduction on the engine's hot path: no isinstance of an ABC
        listed: tuple[int, ...] = (value,)
    elif isinstance(value, Sequence | np.ndarray) and not isinstance(value, str | bytes):
        listed = integers(name, value)
    else:
        listed = (integer(name, value),)
    count = max(ndim, 1)
    for axis in listed:
        if not -count <= axis < count:
            raise ValueError(f"{name} {axis} is out of range for a tensor with {ndim} dimensions")
    normalised = sorted(axis % count for axis in listed)
    if len(set(normalised)) != len(normalised):
        raise ValueError(f"{name} {value!r} names the same axis twice")
    return tuple(normalised) if ndim else ()


def number(name: str, value: object, *, minimum: float | None = None, maximum: float | None = None,
           above: float | None = None, below: float | None = None) -> float:
    """A finite real number (a learning rate, a noise level), within the bounds given.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        What was passed: an int or a float (a bool is not a number here).
    minimum, maximum : float, optional
        Inclusive bounds.
    above, below : float, optional
        Exclusive bounds (a learning rate is ``above=0``).

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If it is NaN or infinite, or outside the bounds.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_shown(value)}")
    real = float(value)
    inside = (
        math.isfinite(real)
        and (minimum is None or real >= minimum) and (maximum is None or real <= maximum)
        and (above is None or real > above) and (below is None or real < below)
    )
    if not inside:
        raise ValueError(f"{name} must be a finite number{_bounds(minimum, maximum, above, below)}, got {value!r}")
    return real


def interval(name: str, value: object) -> tuple[float, float]:
    """A range ``(low, high)`` of two finite numbers with ``low < high``.

    Parameters
    ----------
    name : str
        The argument's name; the ends are named ``name[0]`` and ``name[1]``.
    value : object
        A pair of numbers.

    Returns
    -------
    (float, float)
    """
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise TypeError(f"{name} must be a pair (low, high) of numbers, got {_shown(value)}")
    if len(value) != 2:
        raise ValueError(f"{name} must be a pair (low, high) of numbers, got {len(value)} of them: {value!r}")
    low, high = (number(f"{name}[{i}]", end) for i, end in enumerate(value))
    if not low < high:
        raise ValueError(f"{name} must have low < high, got {value!r}")
    return low, high


def one_of(name: str, value: Any, options: Collection[Any]) -> Any:
    """``value`` if it is one of ``options`` (a name such as an activation or a loss)."""
    try:
        found = value in options
    except (TypeError, ValueError):  # an unhashable value, or an array compared with the options
        found = False
    if not found:
        raise ValueError(f"{name} must be one of {list(options)}, got {value!r}")
    return value


def real_array(name: str, value: object, *, finite: bool = True, ndim: int | tuple[int, ...] | None = None,
               shape: tuple[int, ...] | None = None, dtype: type | None = None) -> np.ndarray:
    """An array of real numbers (bool, int or float), converted to ``dtype`` if one is given.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : array_like
        What was passed. A Tensor that needs no gradient gives its data (see
        ``Tensor.__array__``).
    finite : bool, optional
        Refuse NaN and infinity (the default; a Tensor's own data may hold them).
    ndim : int or tuple of int, optional
        The number(s) of dimensions allowed.
    shape : tuple of int, optional
        The exact shape required.
    dtype : numpy dtype, optional
        The dtype of the result (default: as given).

    Returns
    -------
    numpy.ndarray
    """
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # a ragged list, or a Tensor that requires grad
        raise type(error)(f"{name} must be an array of real numbers, got {_shown(value)}: {error}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must hold real numbers (bool, int or float), got {_shown(value)}, dtype {array.dtype}")
    if ndim is not None and array.ndim not in (ndim if isinstance(ndim, tuple) else (ndim,)):
        expected = " or ".join(f"{n}-D" for n in (ndim if isinstance(ndim, tuple) else (ndim,)))
        raise ValueError(f"{name} must be {expected}, got shape {array.shape}")
    if shape is not None and array.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got shape {array.shape}")
    if finite and array.dtype.kind == "f" and not np.isfinite(array).all():
        bad = ~np.isfinite(array)
        first = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(
            f"{name} contains {int(bad.sum())} NaN or infinite value(s), the first {array[first]} at index {first}"
        )
    return array if dtype is None else array.astype(dtype, copy=False)


def arrays(name: str, value: object, *, finite: bool = True, dtype: type | None = None) -> list[np.ndarray]:
    """A list of arrays of real numbers, one per layer say, each checked by ``real_array``
    under the name ``name[i]``.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        A list or tuple of array_like (one array alone is refused: it is not a list of them).
    finite, dtype
        As in ``real_array``, for every element.

    Returns
    -------
    list of numpy.ndarray
    """
    if not isinstance(value, list | tuple):
        raise TypeError(f"{name} must be a list of arrays, got {_shown(value)}")
    return [real_array(f"{name}[{i}]", item, finite=finite, dtype=dtype) for i, item in enumerate(value)]


def class_labels(name: str, value: object, *, n: int | None = None, classes: int | None = None) -> np.ndarray:
    """Class numbers 0, 1, ..., one per example: a 1-D array of integers (bools count as 0 and 1).

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : array_like of int
    n : int, optional
        The number of examples: the length required.
    classes : int, optional
        The number of classes: every label must lie in [0, classes - 1].

    Returns
    -------
    numpy.ndarray of int64, shape (n,)
    """
    labels = real_array(name, value, finite=False)
    if labels.dtype.kind not in "biu":
        raise TypeError(f"{name} must be integer class numbers, got {_shown(value)} of dtype {labels.dtype}")
    if labels.ndim != 1 or (n is not None and labels.shape != (n,)):
        count = "" if n is None else f"{n} "
        raise ValueError(f"{name} must be a 1-D array of {count}class numbers, got shape {labels.shape}")
    if labels.size and (labels.min() < 0 or (classes is not None and labels.max() >= classes)):
        allowed = "be class numbers >= 0" if classes is None else f"lie in [0, {classes - 1}]"
        raise ValueError(f"{name} must {allowed}, got {labels.min()}..{labels.max()}")
    return labels.astype(np.int64, copy=False)


def rng(name: str, value: object) -> np.random.Generator:
    """A random generator: ``value`` itself if it is one, else one seeded by ``value``, an
    integer >= 0 (the same seed gives the same numbers on every machine)."""
    if isinstance(value, np.random.Generator):
        return value
    return np.random.default_rng(integer(name, value, minimum=0))


def one_element(name: str, array: np.ndarray) -> np.ndarray:
    """The single element of ``array``, as a 0-d array (``item()`` and ``bool()`` of a tensor)."""
    if array.size != 1:
        raise ValueError(f"{name} needs a tensor with one element, this one has shape {array.shape}")
    return array.reshape(())


def instance(name: str, value: object, kind: type | tuple[type, ...], source: str = "") -> Any:
    """``value`` if it is an instance of ``kind`` (a model, a Settings, a result handed back to
    the library); else a TypeError that says what is needed and, given ``source``, where one
    comes from (``"from fit_codebook"``)."""
    if not isinstance(value, kind):
        kinds = " or ".join(k.__name__ for k in (kind if isinstance(kind, tuple) else (kind,)))
        where = f" ({source})" if source else ""
        raise TypeError(f"{name} must be a {kinds}{where}, got {_shown(value)}")
    return value


def function(name: str, value: object) -> Callable[..., Any]:
    """``value`` if it can be called: a loss, a graph, a feature given to the library."""
    if not callable(value):
        raise TypeError(f"{name} must be a function, got {_shown(value)}")
    return value


def tensor(name: str, value: object) -> Tensor:
    """``value`` if it is a Tensor: what a function given to the engine must return."""
    from lecture_lib.engine.autograd import Tensor  # autograd imports this module

    if not isinstance(value, Tensor):
        raise TypeError(f"{name} must return a Tensor computed from its Tensor inputs, got {_shown(value)}")
    return value


def training_loss(value: object, step: int, rate_name: str, rate: float) -> float:
    """``value``, the loss at ``step`` of a training loop, if it is a finite number; else an
    error that says at which step it stopped being one and the likely cause.

    At step 0 no update has happened yet, so the inputs or the starting parameters are at
    fault; later, the updates themselves: a learning rate (the argument ``rate_name`` of
    value ``rate``) too large makes the loss grow without bound.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"the loss at step {step} must be a number, got {_shown(value)}")
    if math.isfinite(value):
        return float(value)
    if step == 0:
        raise ValueError(
            f"the loss is {value} at step 0, before any update: the inputs or the starting parameters "
            "are too large or hold NaN or infinity"
        )
    raise ValueError(
        f"training diverged: the loss became {value} at step {step}, after {step} updates with {rate_name}={rate!r}; "
        "the learning rate is probably too large, try a smaller one"
    )

"""The controls of a live figure: a slider over numbers and a drop-down over choices.

Each control knows every value it offers, how to label a value, which values the static
book renders (``static_values``), and how to make its ipywidgets counterpart for a kernel.
``lecture_lib.widgets.interactive`` wires controls to a figure.

Used by every live figure of the book.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from lecture_lib.engine import checks

# The static book renders every value of a slider with at most this many; a longer slider
# gets a "nice" subset of at least MIN_STATIC_VALUES (see Slider.static_values).
MAX_STATIC_VALUES = 13
MIN_STATIC_VALUES = 7
# A slider with more positions than this is a mistake (no reader can reach them all).
MAX_SLIDER_POSITIONS = 100_001


def _number(value: object, what: str) -> float:
    """``value`` checked as a finite number but kept as given: ints keep a slider an integer one."""
    checks.number(what, value)
    return value


class Slider:
    """A numeric control: ``min`` to ``max`` in steps of ``step``, or an explicit list of ``values``.

    Parameters
    ----------
    min, max : float, optional
        The ends of the range (``min < max``).
    step : float, optional
        Distance between neighbouring values; integers throughout make an integer slider.
    value : float, optional
        Initial value (default: the first value); it must be one of the slider's values.
    description : str, optional
        The label shown beside the slider (default: the control's name).
    values : sequence of float, optional
        Instead of a range: the values the slider offers, in increasing order (a learning
        rate, say, wants log spacing and the values either side of where it diverges).
    play : bool, optional
        Give the slider a play button that steps it through its values (an epoch axis).

    Examples
    --------
    >>> Slider(-2.0, 2.0, 0.5, value=1.0)
    >>> Slider(values=[0.001, 0.01, 0.05, 0.1, 0.19, 0.21, 1.0], value=0.05)
    """

    def __init__(
        self,
        min: float | None = None,  # noqa: A002 (the names ipywidgets uses)
        max: float | None = None,  # noqa: A002
        step: float | None = None,
        value: float | None = None,
        description: str | None = None,
        *,
        values: Sequence[float] | None = None,
        play: bool = False,
    ) -> None:
        self.description = description
        self.play = bool(play)
        if values is not None:
            if min is not None or max is not None or step is not None:
                raise ValueError("give a Slider either min, max and step, or values, not both")
            listed = [_number(v, f"Slider values[{i}]") for i, v in enumerate(values)]
            if len(listed) < 2 or any(b <= a for a, b in zip(listed, listed[1:], strict=False)):
                raise ValueError(f"Slider values must be at least two increasing numbers, got {list(values)!r}")
            if len(listed) > MAX_SLIDER_POSITIONS:
                raise ValueError(f"Slider values has {len(listed):,} entries, more than {MAX_SLIDER_POSITIONS:,}")
            self._listed: list[float] | None = listed
            self.min, self.max, self.step = listed[0], listed[-1], None
        else:
            self._listed = None
            if min is None or max is None or step is None:
                raise TypeError("a Slider needs min, max and step (or values=[...])")
            self.min, self.max = _number(min, "Slider min"), _number(max, "Slider max")
            self.step = _number(step, "Slider step")
            if not self.min < self.max:
                raise ValueError(f"Slider needs min < max, got min={self.min}, max={self.max}")
            if not self.step > 0:
                raise ValueError(f"Slider step must be > 0, got {self.step}")
            steps = (float(self.max) - float(self.min)) / float(self.step) + 1e-9  # as in count, but may be inf
            if not steps < MAX_SLIDER_POSITIONS:
                count = f"{math.floor(steps) + 1:,}" if math.isfinite(steps) else "more than 10^308"
                raise ValueError(
                    f"a Slider from {self.min} to {self.max} in steps of {self.step} has {count} positions; "
                    f"use a larger step (at most {MAX_SLIDER_POSITIONS:,} positions)"
                )
        self.value = self.values()[0] if value is None else self.snap(value, "Slider value")

    # ------------------------------------------------------------------- the values
    @property
    def is_integer(self) -> bool:
        """True when every value is an integer given as an int (an integer slider in a kernel)."""
        numbers = self._listed or [self.min, self.max, self.step]
        return all(isinstance(v, int | np.integer) for v in numbers)

    @property
    def count(self) -> int:
        """How many values the slider offers."""
        if self._listed is not None:
            return len(self._listed)
        return int(math.floor((self.max - self.min) / self.step + 1e-9)) + 1

    def _at(self, index: int) -> float:
        if self._listed is not None:
            return self._listed[index]
        if self.is_integer:
            return int(self.min + index * self.step)
        decimals = max(0, -math.floor(math.log10(self.step)) + 2)
        return round(self.min + index * self.step, decimals)

    def values(self) -> list[float]:
        """Every value the slider can take, in increasing order."""
        return [self._at(i) for i in range(self.count)]

    def snap(self, value: object, what: str = "value") -> float:
        """``value`` as the slider's own number for it, or a ValueError if the slider lacks it."""
        number = _number(value, what)
        if self._listed is not None:
            index = int(np.argmin([abs(v - number) for v in self._listed]))
        else:
            index = round((number - self.min) / self.step)
        if 0 <= index < self.count:
            candidate = self._at(index)
            if abs(candidate - number) <= 1e-9 * max(1.0, abs(number)):
                return candidate
        raise ValueError(f"{what} {number!r} is not one of this slider's values ({self.describe()})")

    def describe(self) -> str:
        if self._listed is not None:
            return f"one of {self._listed}"
        return f"{self.min} to {self.max} in steps of {self.step}"

    def static_values(self, named: Iterable[float] = ()) -> list[float]:
        """The values the static book renders: all of them, or a nice subset when there are many.

        A slider with at most ``MAX_STATIC_VALUES`` values, or an explicit list, keeps them
        all. A longer range gets every value of the coarsest "nice" step (a multiple of its
        own step of the form 1, 2, 2.5 or 5 x 10^k) that still gives at least
        ``MIN_STATIC_VALUES`` values, laid out from 0 when the range crosses 0; then both
        ends, the initial value and the ``named`` values (those a chapter's presets use).

        Parameters
        ----------
        named : iterable of float
            Values that must be among them.

        Returns
        -------
        list of float
            Increasing.
        """
        named = [self.snap(v, "a named value") for v in named]
        if self._listed is not None or self.count <= MAX_STATIC_VALUES:
            return self.values()
        picks = {0, self.count - 1}
        origin = 0.0 if self.min <= 0 <= self.max else self.min
        for multiple in _nice_multiples(self.count):
            stride = multiple * self.step
            first = math.ceil((self.min - origin) / stride - 1e-9)
            last = math.floor((self.max - origin) / stride + 1e-9)
            if last - first + 1 >= MIN_STATIC_VALUES:
                picks |= {round((origin + k * stride - self.min) / self.step) for k in range(first, last + 1)}
                break
        chosen = {self._at(i) for i in picks} | {self.value, *named}
        return sorted(chosen)

    def label(self, value: float) -> str:
        """``value`` as the readout shows it: as many decimals as the step (or the list) needs."""
        if self.is_integer:
            return str(int(value))
        if self._listed is not None:
            return f"{value:g}"
        return f"{value:.{max(_decimals(self.step), _decimals(self.min))}f}"

    def widget(self, name: str) -> Any:
        """The ipywidgets slider for this control (used in a kernel)."""
        import ipywidgets

        common = {
            "description": self.description or name,
            "continuous_update": True,
            "style": {"description_width": "initial"},
        }
        if self._listed is not None or self.play:  # a play button steps a slider by position
            options = [(self.label(v), v) for v in self.values()]
            return ipywidgets.SelectionSlider(options=options, value=self.value, **common)
        kind = ipywidgets.IntSlider if self.is_integer else ipywidgets.FloatSlider
        return kind(min=self.min, max=self.max, step=self.step, value=self.value, **common)

    def player(self, slider: Any) -> Any:
        """An ipywidgets Play button that steps ``slider`` (this control's widget) through its values.

        Play moves the slider in the browser; where the reader moves the slider, the kernel
        tells Play afterwards, so that it plays on from there. (A two-way browser link made
        every key press send both widgets' values, and the kernel answered Play's first:
        6 ms more before the new image.)
        """
        import ipywidgets

        button = ipywidgets.Play(min=0, max=self.count - 1, step=1, value=slider.index, interval=400)
        ipywidgets.jsdlink((button, "value"), (slider, "index"))
        slider.observe(lambda change: setattr(button, "value", change["new"]), names="index")
        return button

    def __repr__(self) -> str:
        return f"Slider({self.describe()}, value={self.value!r})"


def _decimals(number: float) -> int:
    """How many decimals ``number`` needs: 0.25 needs 2, 0.5 one, 3.0 none."""
    text = f"{number:.10f}".rstrip("0")
    return len(text.split(".")[1])


def _nice_multiples(count: int) -> list[int]:
    """Multiples of a step of the form 1, 2, 2.5, 5 x 10^k (as whole multiples), largest first."""
    multiples = {
        int(round(mantissa * 10**power))
        for power in range(0, len(str(count)) + 1)
        for mantissa in (1, 2, 2.5, 5)
        if mantissa * 10**power == int(mantissa * 10**power) and mantissa * 10**power < count
    }
    return sorted(multiples, reverse=True)


class Dropdown:
    """A choice among ``options``.

    Parameters
    ----------
    options : sequence
        The values to choose from, or ``(label, value)`` pairs. A value may be anything,
        ``None`` included.
    value : optional
        Initial value (default: the first option).
    description : str, optional
        The label shown beside the drop-down (default: the control's name).
    """

    _FIRST = object()

    def __init__(self, options: Sequence[Any], value: Any = _FIRST, description: str | None = None) -> None:
        if isinstance(options, str) or not isinstance(options, Sequence):
            raise TypeError(f"Dropdown needs a list of options, got {options!r}")
        if len(options) == 0:
            raise ValueError(f"Dropdown needs a non-empty list of options, got {options!r}")
        self.pairs = [
            (str(o[0]), o[1]) if isinstance(o, tuple) and len(o) == 2 else (str(o), o) for o in options
        ]
        self.description = description
        self.value = self.pairs[0][1] if value is Dropdown._FIRST else self.snap(value, "Dropdown value")

    @property
    def count(self) -> int:
        return len(self.pairs)

    def values(self) -> list[Any]:
        return [value for _, value in self.pairs]

    def snap(self, value: Any, what: str = "value") -> Any:
        """``value`` if it is one of the options, else a ValueError listing them."""
        for _, choice in self.pairs:
            try:
                if choice is value or bool(choice == value):
                    return choice
            except (TypeError, ValueError):  # an array compared with an option: no match
                continue
        raise ValueError(f"{what} {value!r} is not one of the options {[label for label, _ in self.pairs]}")

    def static_values(self, named: Iterable[Any] = ()) -> list[Any]:
        """Every option: a drop-down is rendered whole in the static book."""
        return self.values()

    def label(self, value: Any) -> str:
        return next(label for label, choice in self.pairs if choice is value or choice == value)

    def widget(self, name: str) -> Any:
        """The ipywidgets drop-down for this control (used in a kernel).

        Its options carry their positions, not the values themselves: ipywidgets shows an
        option whose value is ``None`` as "nothing selected".
        """
        import ipywidgets

        return ipywidgets.Dropdown(
            options=[(label, index) for index, (label, _) in enumerate(self.pairs)],
            value=self.index(self.value),
            description=self.description or name,
            style={"description_width": "initial"},
        )

    def index(self, value: Any) -> int:
        return next(i for i, (_, choice) in enumerate(self.pairs) if choice is value or choice == value)

    def __repr__(self) -> str:
        return f"Dropdown({[label for label, _ in self.pairs]}, value={self.value!r})"


Control = Slider | Dropdown


def widget_value(control: Control, widget_value: Any) -> Any:
    """The control's value for what its ipywidgets counterpart reports (a drop-down reports a position)."""
    return control.pairs[widget_value][1] if isinstance(control, Dropdown) else widget_value

"""The controls of a live figure: a slider over numbers and a drop-down over choices.

Each control knows the values it offers, how to label a value, and how to make its
ipywidgets counterpart for a kernel. ``lecture_lib.widgets.interactive`` wires them to a
figure.

Used by every live figure of the book.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class Slider:
    """A numeric control from ``min`` to ``max`` in steps of ``step``.

    Parameters
    ----------
    min, max : float
        The ends of the range (``min < max``).
    step : float
        Distance between neighbouring values; integers throughout make an integer slider.
    value : float, optional
        Initial value (default: ``min``); it must lie on the range.
    description : str, optional
        The label shown beside the slider (default: the control's name).
    """

    min: float
    max: float
    step: float
    value: float | None = None
    description: str | None = None

    def __post_init__(self) -> None:
        for name in ("min", "max", "step"):
            number = getattr(self, name)
            if isinstance(number, bool) or not isinstance(number, int | float | np.number):
                raise TypeError(f"Slider {name} must be a number, got {number!r}")
            if not math.isfinite(number):
                raise ValueError(f"Slider {name} must be finite, got {number!r}")
        if not self.min < self.max:
            raise ValueError(f"Slider needs min < max, got min={self.min}, max={self.max}")
        if not self.step > 0:
            raise ValueError(f"Slider step must be > 0, got {self.step}")
        if self.value is None:
            self.value = self.min
        if not self.min <= self.value <= self.max:
            raise ValueError(f"Slider value {self.value} lies outside [{self.min}, {self.max}]")

    @property
    def is_integer(self) -> bool:
        return all(isinstance(v, int | np.integer) for v in (self.min, self.max, self.step, self.value))

    def values(self) -> list[float]:
        """Every value the slider can take, from ``min`` to ``max``."""
        count = int(math.floor((self.max - self.min) / self.step + 1e-9)) + 1
        grid = [self.min + i * self.step for i in range(count)]
        if self.is_integer:
            return [int(v) for v in grid]
        decimals = max(0, -math.floor(math.log10(self.step)) + 2)
        return [round(v, decimals) for v in grid]

    def static_values(self, count: int) -> list[float]:
        """At most ``count`` values spread over the range (at least 2): both ends and the
        initial value, which replaces the nearest interior value."""
        grid = self.values()
        if len(grid) > count:
            picks = np.unique(np.round(np.linspace(0, len(grid) - 1, max(count, 2))).astype(int))
            grid = [grid[i] for i in picks]
        if self.value in grid:
            return grid
        if len(grid) > 2:  # the initial value takes the place of the nearest interior value
            nearest = 1 + int(np.argmin([abs(v - self.value) for v in grid[1:-1]]))
            return sorted([*grid[:nearest], self.value, *grid[nearest + 1 :]])
        return sorted([*grid, self.value])

    def label(self, value: float) -> str:
        """``value`` as the readout shows it, with as many decimals as the step has."""
        if self.is_integer:
            return str(int(value))
        decimals = max(0, -math.floor(math.log10(self.step)))
        return f"{value:.{decimals}f}"

    def widget(self, name: str) -> Any:
        """The ipywidgets slider for this control (used in a kernel)."""
        import ipywidgets

        kind = ipywidgets.IntSlider if self.is_integer else ipywidgets.FloatSlider
        return kind(
            min=self.min,
            max=self.max,
            step=self.step,
            value=self.value,
            description=self.description or name,
            continuous_update=True,
            style={"description_width": "initial"},
        )


@dataclass
class Dropdown:
    """A choice among ``options``.

    Parameters
    ----------
    options : sequence
        The values to choose from, or ``(label, value)`` pairs.
    value : optional
        Initial value (default: the first option).
    description : str, optional
        The label shown beside the dropdown (default: the control's name).
    """

    options: Sequence[Any]
    value: Any = None
    description: str | None = None
    pairs: list[tuple[str, Any]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if isinstance(self.options, str) or len(self.options) == 0:
            raise ValueError(f"Dropdown needs a non-empty list of options, got {self.options!r}")
        self.pairs = [
            (str(o[0]), o[1]) if isinstance(o, tuple) and len(o) == 2 else (str(o), o)
            for o in self.options
        ]
        choices = [value for _, value in self.pairs]
        if self.value is None:
            self.value = choices[0]
        if self.value not in choices:
            raise ValueError(f"Dropdown value {self.value!r} is not one of the options {choices!r}")

    def values(self) -> list[Any]:
        return [value for _, value in self.pairs]

    def static_values(self, count: int) -> list[Any]:
        return self.values()

    def label(self, value: Any) -> str:
        return next(label for label, choice in self.pairs if choice == value)

    def widget(self, name: str) -> Any:
        """The ipywidgets dropdown for this control (used in a kernel)."""
        import ipywidgets

        return ipywidgets.Dropdown(
            options=self.pairs,
            value=self.value,
            description=self.description or name,
            style={"description_width": "initial"},
        )


Control = Slider | Dropdown


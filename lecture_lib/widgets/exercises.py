"""Predict-then-reveal exercises: the reader types a gradient, the book says right or wrong, and why.

``check_gradient`` is the whole judgement, a pure function the tests call. ``Exercise``
wraps it for a chapter: in a kernel it shows an ipywidgets text box and a button; in the
static book (``LECTURE_LIB_STATIC=1``) it shows a plain HTML form whose few lines of script
apply the same rule to the same precomputed messages. Nothing is sent anywhere.

Used in chapter 06_gate_patterns.
"""

from __future__ import annotations

import html
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lecture_lib.widgets.interactive import static_mode

_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_ANSWER = re.compile(rf"^\s*({_NUMBER})\s*(?:/\s*({_NUMBER})\s*)?$")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})


def parse_answer(answer: str | float) -> float:
    """Read a typed answer: a number such as ``-4``, ``0.39``, ``\u22124`` or ``1/2``.

    Parameters
    ----------
    answer : str or float

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If ``answer`` is not a finite number or a fraction of two numbers.
    """
    if isinstance(answer, bool):
        raise ValueError(f"expected a number, got {answer!r}")
    if isinstance(answer, int | float):
        value = float(answer)
    else:
        match = _ANSWER.match(str(answer).translate(_MINUS_SIGNS))
        if match is None:
            raise ValueError(f"could not read {str(answer)!r} as a number (try e.g. -4, 0.5 or 1/2)")
        numerator, denominator = match.groups()
        if denominator is not None and float(denominator) == 0:
            raise ValueError(f"{str(answer)!r} divides by zero")
        value = float(numerator) / (float(denominator) if denominator is not None else 1.0)
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {answer!r}")
    return value


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(1.0, abs(b))


def _format(value: float) -> str:
    return f"{value:.4g}".replace("-", "\u2212")


def check_gradient(
    answer: str | float,
    expected: float,
    tolerance: float = 0.01,
    mistakes: Mapping[float, str] | None = None,
    explanation: str = "",
) -> tuple[bool, str]:
    """Judge a typed gradient against the engine's value, and say why.

    Parameters
    ----------
    answer : str or float
        What the reader typed.
    expected : float
        The right gradient (computed by the engine, not typed in).
    tolerance : float, optional
        Accepted error, relative to ``max(1, |expected|)``: 0.01 accepts an answer
        rounded to two decimals.
    mistakes : mapping of float to str, optional
        Known wrong answers and what each one means (e.g. ``{8.0: "that is y, not x"}``).
    explanation : str, optional
        The rule that gives the answer; shown with every verdict.

    Returns
    -------
    (bool, str)
        Whether the answer is right, and a message saying so and why.
    """
    if not (math.isfinite(expected) and tolerance >= 0):
        raise ValueError(f"expected must be finite and tolerance >= 0, got {expected!r} and {tolerance!r}")
    reason = f" {explanation}" if explanation else ""
    try:
        value = parse_answer(answer)
    except ValueError as error:
        return False, f"Not checked: {error}."
    if _close(value, expected, tolerance):
        return True, f"Right: {_format(expected)}.{reason}"
    for wrong, meaning in (mistakes or {}).items():
        if _close(value, wrong, tolerance):
            return False, f"Not {_format(value)}: {meaning}{reason}"
    if expected != 0 and _close(-value, expected, tolerance):
        return False, f"Not {_format(value)}: the size is right but the sign is wrong.{reason}"
    return False, f"Not {_format(value)}.{reason}"


@dataclass
class Exercise:
    """A question whose numerical answer the reader types, checked by ``check_gradient``.

    Display it (last expression of a cell) to get the answer box.

    Parameters
    ----------
    prompt : str
        The short label in front of the box, e.g. ``"df/dx ="``.
    expected : float
        The right answer, from the engine.
    explanation : str, optional
        Why it is right (shown with the verdict).
    mistakes : mapping of float to str, optional
        Known wrong answers and what each one means.
    tolerance : float, optional
        As in ``check_gradient``.
    """

    prompt: str
    expected: float
    explanation: str = ""
    mistakes: Mapping[float, str] = field(default_factory=dict)
    tolerance: float = 0.01

    def __post_init__(self) -> None:
        self.expected = float(self.expected)
        self.mistakes = {float(k): v for k, v in self.mistakes.items()}

    def check(self, answer: str | float) -> tuple[bool, str]:
        """``check_gradient`` with this exercise's answer, mistakes and explanation."""
        return check_gradient(answer, self.expected, self.tolerance, self.mistakes, self.explanation)

    def widget(self) -> Any:
        """In a kernel: a text box, a Check button and the verdict below them."""
        import ipywidgets

        box = ipywidgets.Text(placeholder="a number, e.g. -4 or 0.5", description=self.prompt,
                              style={"description_width": "initial"})
        button = ipywidgets.Button(description="Check")
        verdict = ipywidgets.HTML()

        def on_click(_: Any) -> None:
            right, message = self.check(box.value)
            colour = "#1a7f37" if right else "#c62828"
            verdict.value = f'<span style="color:{colour}">{html.escape(message)}</span>'

        button.on_click(on_click)
        return ipywidgets.VBox([ipywidgets.HBox([box, button]), verdict])

    def static_html(self) -> str:
        """For the static book: a form whose script applies ``check_gradient``'s rule.

        The script only compares numbers; every message it can show is computed here.
        """
        reason = f" {self.explanation}" if self.explanation else ""
        data = {
            "expected": self.expected,
            "tolerance": self.tolerance,
            "right": self.check(self.expected)[1],
            "mistakes": [[value, f": {meaning}{reason}"] for value, meaning in self.mistakes.items()],
            "sign": f": the size is right but the sign is wrong.{reason}",
            "wrong": f".{reason}",
            "unreadable": "Not checked: type a number such as -4, 0.5 or 1/2.",
        }
        return (
            '<div class="lecture-exercise">'
            f"<label>{html.escape(self.prompt)} "
            '<input type="text" class="lecture-exercise-answer" placeholder="a number, e.g. -4 or 0.5"></label> '
            '<button type="button" class="lecture-exercise-check">Check</button>'
            '<p class="lecture-exercise-verdict" aria-live="polite"></p>'
            f'<script type="application/json" class="lecture-exercise-data">{json.dumps(data)}</script>'
            f"<script>{_STATIC_SCRIPT}</script>"
            "</div>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if static_mode():
            return {"text/html": self.static_html(), "text/plain": repr(self)}
        return self.widget()._repr_mimebundle_(include=include, exclude=exclude)


# The same rule as check_gradient: parse (true minus signs and a/b accepted), compare with
# a tolerance relative to max(1, |expected|), then known mistakes, then the sign.
_STATIC_SCRIPT = r"""
(function () {
  var root = document.currentScript.parentElement;
  var data = JSON.parse(root.querySelector('.lecture-exercise-data').textContent);
  var input = root.querySelector('.lecture-exercise-answer');
  var verdict = root.querySelector('.lecture-exercise-verdict');
  var number = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
  var pattern = new RegExp('^\\s*(' + number + ')\\s*(?:/\\s*(' + number + ')\\s*)?$');
  function close(a, b) { return Math.abs(a - b) <= data.tolerance * Math.max(1, Math.abs(b)); }
  function show(text, right) { verdict.textContent = text; verdict.style.color = right ? '#1a7f37' : '#c62828'; }
  function check() {
    var match = pattern.exec(input.value.replace(/[\u2212\u2013]/g, '-'));
    var value = match ? parseFloat(match[1]) / (match[2] === undefined ? 1 : parseFloat(match[2])) : NaN;
    if (!isFinite(value)) { show(data.unreadable, false); return; }
    if (close(value, data.expected)) { show(data.right, true); return; }
    var shown = 'Not ' + Number(value.toPrecision(4)).toString().replace('-', '\u2212');
    for (var i = 0; i < data.mistakes.length; i++) {
      if (close(value, data.mistakes[i][0])) { show(shown + data.mistakes[i][1], false); return; }
    }
    if (data.expected !== 0 && close(-value, data.expected)) { show(shown + data.sign, false); return; }
    show(shown + data.wrong, false);
  }
  root.querySelector('.lecture-exercise-check').addEventListener('click', check);
  input.addEventListener('keydown', function (event) { if (event.key === 'Enter') { check(); } });
})();
"""

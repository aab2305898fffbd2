"""Exercises: the reader predicts a number, picks an option or finds a setting, and the book checks it.

Three kinds, one rule each:

* ``NumberExercise``: a number (a gradient, an accuracy); right within a tolerance. A known
  wrong answer gets the hint written for it, a right size with the wrong sign is named, any
  other wrong answer gets the exercise's general hint.
* ``ChoiceExercise``: one of a few options (what a control will do, which line of a
  derivation is wrong); every wrong option has its own hint.
* ``SettingExercise``: values for a figure's controls (weights that compute NOR, say). The
  verdict of every setting on a grid is computed here, in Python, ahead of time.

A wrong answer never shows the solution: that sits in a folded block of the chapter. Each
exercise reduces its rule to a small table (``spec``); ``check`` applies it in a kernel and
the few lines of script of ``static_html`` apply the same table in the static book, so the
two agree (``tests/test_exercises.py`` runs the script against ``check``). Nothing is sent
anywhere.

Used by the exercises of every chapter.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from lecture_lib.engine import checks
from lecture_lib.widgets.interactive import static_mode

RIGHT_COLOUR, WRONG_COLOUR = "#1a7f37", "#c62828"
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_ANSWER = re.compile(rf"^\s*({_NUMBER})\s*(?:/\s*({_NUMBER})\s*)?$")
_MINUS_SIGNS = str.maketrans({"\u2212": "-", "\u2013": "-"})
UNREADABLE = "Not checked: type a number such as -4, 0.5 or 1/2."


def parse_answer(answer: str | float) -> float:
    """Read a typed answer: a number such as ``-4``, ``0.39``, ``\u22124`` or ``1/2``.

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


def _shown(value: float) -> str:
    """A number as a verdict quotes it: four significant figures, a true minus sign."""
    return f"{float(f'{value:.4g}'):g}".replace("-", "\u2212")


def _close(a: float, b: float, tolerance: float) -> bool:
    return abs(a - b) <= tolerance * max(1.0, abs(b))


class _Exercise:
    """What the three kinds share: the verdict's display in a kernel and in the static page."""

    kind = ""

    def __init__(self, prompt: str) -> None:
        if not isinstance(prompt, str) or not prompt.strip():
            raise ValueError(f"an exercise needs a prompt, got {prompt!r}")
        self.prompt = prompt

    def spec(self) -> dict[str, Any]:
        raise NotImplementedError

    def check(self, answer: Any) -> tuple[bool, str]:
        raise NotImplementedError

    def _inputs(self) -> tuple[list[Any], Callable[[], Any]]:
        """The ipywidgets the reader answers with, and how to read the answer from them."""
        raise NotImplementedError

    def _fields_html(self) -> str:
        raise NotImplementedError

    def widget(self) -> Any:
        """In a kernel: the answer field(s), a Check button and the verdict below them."""
        import ipywidgets

        inputs, read = self._inputs()
        button = ipywidgets.Button(description="Check")
        verdict = ipywidgets.HTML()

        def on_click(_: Any) -> None:
            right, message = self.check(read())
            colour = RIGHT_COLOUR if right else WRONG_COLOUR
            verdict.value = f'<span style="color:{colour}">{html.escape(message)}</span>'

        button.on_click(on_click)
        return ipywidgets.VBox([ipywidgets.HTML(html.escape(self.prompt)), ipywidgets.HBox([*inputs, button]), verdict])

    def static_html(self) -> str:
        """For the static book: a form whose script applies ``check``'s rule to ``spec``."""
        return (
            f'<div class="lecture-exercise" data-kind="{self.kind}">'
            f'<p class="lecture-exercise-prompt">{html.escape(self.prompt)}</p>'
            f"{self._fields_html()} "
            '<button type="button" class="lecture-exercise-check">Check</button>'
            '<p class="lecture-exercise-verdict" aria-live="polite"></p>'
            f'<script type="application/json" class="lecture-exercise-data">{json.dumps(self.spec())}</script>'
            f"<script>{_SCRIPT}</script>"
            "</div>"
        )

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if static_mode():
            return {"text/html": self.static_html(), "text/plain": repr(self)}
        return self.widget()._repr_mimebundle_(include=include, exclude=exclude)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.prompt!r})"


def _text_field(name: str, label: str) -> str:
    return (
        f'<label style="margin-right:0.8em">{html.escape(label)} '
        f'<input type="text" class="lecture-exercise-answer" data-field="{html.escape(name)}" size="8" '
        'placeholder="a number"></label>'
    )


class NumberExercise(_Exercise):
    """A numerical answer, right within a relative tolerance.

    Parameters
    ----------
    prompt : str
        The question, e.g. ``"df/dx at x = 1, y = 2 ="``.
    expected : float
        The right answer, computed by the chapter's code (never typed in).
    explanation : str
        Why it is right: shown with a right answer only.
    hint : str
        Shown with any wrong answer that is not a known mistake: where to look, not the answer.
    mistakes : mapping of float to str, optional
        Known wrong answers and what each one means (``{8.0: "that is y, not x."}``).
    tolerance : float, optional
        Accepted error relative to ``max(1, |expected|)``: 0.01 accepts two decimals.
    """

    kind = "number"

    def __init__(
        self,
        prompt: str,
        expected: float,
        explanation: str,
        hint: str,
        mistakes: Mapping[float, str] | None = None,
        tolerance: float = 0.01,
    ) -> None:
        super().__init__(prompt)
        self.expected = checks.number("expected", expected)
        self.tolerance = checks.number("tolerance", tolerance, minimum=0, below=1)
        self.explanation, self.hint = explanation, hint
        self.mistakes = {checks.number("a wrong answer in mistakes", value): meaning
                         for value, meaning in (mistakes or {}).items()}
        clash = [v for v in self.mistakes if _close(v, self.expected, self.tolerance)]
        if clash:
            raise ValueError(f"mistakes {clash} are within the tolerance of the right answer {self.expected}")

    def spec(self) -> dict[str, Any]:
        return {
            "expected": self.expected,
            "tolerance": self.tolerance,
            "right": f"Right: {_shown(self.expected)}. {self.explanation}".strip(),
            "mistakes": [[value, meaning] for value, meaning in self.mistakes.items()],
            "sign": "the size is right but the sign is wrong.",
            "wrong": f"Hint: {self.hint}",
            "unreadable": UNREADABLE,
        }

    def check(self, answer: str | float) -> tuple[bool, str]:
        """Whether ``answer`` is right, and the verdict: right with why, or wrong with a hint."""
        spec = self.spec()
        try:
            value = parse_answer(answer)
        except ValueError:
            return False, spec["unreadable"]
        if _close(value, self.expected, self.tolerance):
            return True, spec["right"]
        for wrong, meaning in spec["mistakes"]:
            if _close(value, wrong, self.tolerance):
                return False, f"Not {_shown(value)}: {meaning}"
        if self.expected != 0 and _close(-value, self.expected, self.tolerance):
            return False, f"Not {_shown(value)}: {spec['sign']}"
        return False, f"Not {_shown(value)}. {spec['wrong']}"

    def _inputs(self) -> tuple[list[Any], Callable[[], Any]]:
        import ipywidgets

        box = ipywidgets.Text(placeholder="a number, e.g. -4 or 0.5")
        return [box], lambda: box.value

    def _fields_html(self) -> str:
        return _text_field("answer", "answer")


class ChoiceExercise(_Exercise):
    """One right option among a few.

    Parameters
    ----------
    prompt : str
        The question.
    options : sequence of str
        The options, in the order shown.
    right : int
        The position of the right option.
    explanation : str
        Why it is right (shown with the right option only).
    hints : mapping of int to str
        For every wrong option, the mistake it shows.
    """

    kind = "choice"

    def __init__(self, prompt: str, options: Sequence[str], right: int, explanation: str, hints: Mapping[int, str]):
        super().__init__(prompt)
        if isinstance(options, str) or not isinstance(options, Sequence):
            raise TypeError(f"options must be a list of answers to choose from, got {options!r}")
        self.options = [str(option) for option in options]
        if len(self.options) < 2:
            raise ValueError(f"a choice needs at least two options, got {self.options!r}")
        if not isinstance(right, int) or not 0 <= right < len(self.options):
            raise ValueError(f"right must be the position of an option, 0 to {len(self.options) - 1}, got {right!r}")
        missing = sorted(set(range(len(self.options))) - {right} - set(hints))
        if missing:
            raise ValueError(f"every wrong option needs a hint; options {missing} have none")
        self.right, self.explanation, self.hints = right, explanation, dict(hints)

    def spec(self) -> dict[str, Any]:
        verdicts = [
            [True, f"Right. {self.explanation}".strip()] if i == self.right else [False, f"Not quite: {self.hints[i]}"]
            for i in range(len(self.options))
        ]
        return {"options": self.options, "verdicts": verdicts, "unreadable": "Not checked: pick one of the options."}

    def check(self, answer: int | None) -> tuple[bool, str]:
        """The verdict for the option at position ``answer`` (``None``: nothing picked)."""
        spec = self.spec()
        if not isinstance(answer, int) or isinstance(answer, bool) or not 0 <= answer < len(self.options):
            return False, spec["unreadable"]
        right, message = spec["verdicts"][answer]
        return right, message

    def _inputs(self) -> tuple[list[Any], Callable[[], Any]]:
        import ipywidgets

        buttons = ipywidgets.RadioButtons(options=[(o, i) for i, o in enumerate(self.options)], value=None)
        return [buttons], lambda: buttons.value

    def _fields_html(self) -> str:
        name = "choice-" + hashlib.sha256("\n".join([self.prompt, *self.options]).encode()).hexdigest()[:12]
        return "".join(
            f'<label style="display:block"><input type="radio" class="lecture-exercise-option" name="{name}" '
            f'value="{i}"> {html.escape(option)}</label>'
            for i, option in enumerate(self.options)
        )


class SettingExercise(_Exercise):
    """Values for a few named controls, judged by a verdict computed for every setting of a grid.

    Parameters
    ----------
    prompt : str
        The task, e.g. "Find w1, w2 and b for which the neuron computes NOR."
    grid : mapping of str to sequence of float
        The values each field may take (a figure's slider values, say), in field order.
    judge : callable
        ``judge(**setting) -> (bool, str)``: whether one setting is right, and what it does
        (the verdict reads "Right: ..." or "Not yet: ..."); called here for every setting.
    """

    kind = "setting"

    def __init__(
        self, prompt: str, grid: Mapping[str, Sequence[float]], judge: Callable[..., tuple[bool, str]]
    ) -> None:
        super().__init__(prompt)
        checks.function("judge", judge)
        if not isinstance(grid, Mapping) or not grid or any(len(values) == 0 for values in grid.values()):
            raise ValueError(f"every field needs at least one value, got {grid!r}")
        self.grid = {name: [checks.number(f"grid[{name!r}]", v) for v in values] for name, values in grid.items()}
        self.verdicts: dict[str, tuple[bool, str]] = {}
        for positions in _all_positions([len(v) for v in self.grid.values()]):
            setting = {name: values[p] for (name, values), p in zip(self.grid.items(), positions, strict=True)}
            right, message = judge(**setting)
            verdict = f"{'Right' if right else 'Not yet'}: {message}"
            self.verdicts[",".join(map(str, positions))] = (bool(right), verdict)
        if not any(right for right, _ in self.verdicts.values()):
            raise ValueError("no setting of the grid is right: the exercise cannot be solved")

    def spec(self) -> dict[str, Any]:
        choices = ", ".join(f"{name} in {_values(values)}" for name, values in self.grid.items())
        return {
            "fields": list(self.grid),
            "grid": list(self.grid.values()),
            "verdicts": {key: list(verdict) for key, verdict in self.verdicts.items()},
            "off_grid": f"Not checked: use the values the figure offers ({choices}).",
            "unreadable": "Not checked: type a number in every field.",
        }

    def check(self, answer: Mapping[str, str | float]) -> tuple[bool, str]:
        """The verdict for a setting given as ``{field: typed value}``."""
        spec = self.spec()
        positions = []
        for name, values in self.grid.items():
            try:
                value = parse_answer(answer.get(name, ""))
            except ValueError:
                return False, spec["unreadable"]
            matches = [i for i, v in enumerate(values) if _close(value, v, 1e-6)]
            if not matches:
                return False, spec["off_grid"]
            positions.append(matches[0])
        right, message = self.verdicts[",".join(map(str, positions))]
        return right, message

    def _inputs(self) -> tuple[list[Any], Callable[[], Any]]:
        import ipywidgets

        boxes = {name: ipywidgets.Text(description=name, layout={"width": "10em"}) for name in self.grid}
        return list(boxes.values()), lambda: {name: box.value for name, box in boxes.items()}

    def _fields_html(self) -> str:
        return "".join(_text_field(name, name) for name in self.grid)


def _values(values: list[float]) -> str:
    return "{" + ", ".join(f"{v:g}" for v in values) + "}"


def _all_positions(sizes: list[int]) -> list[tuple[int, ...]]:
    positions: list[tuple[int, ...]] = [()]
    for size in sizes:
        positions = [p + (i,) for p in positions for i in range(size)]
    return positions


# The same rules as the check methods above, applied to the same spec: parse (true minus
# signs and a/b accepted), compare with a tolerance relative to max(1, |expected|), then the
# known mistakes, then the sign; a choice reads its verdict; a setting snaps each field to
# the grid and reads the verdict of that setting.
_SCRIPT = r"""
(function () {
  var root = document.currentScript.parentElement;
  var data = JSON.parse(root.querySelector('.lecture-exercise-data').textContent);
  var kind = root.getAttribute('data-kind');
  var verdict = root.querySelector('.lecture-exercise-verdict');
  var number = '[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?';
  var pattern = new RegExp('^\\s*(' + number + ')\\s*(?:/\\s*(' + number + ')\\s*)?$');
  function parse(text) {
    var match = pattern.exec(text.replace(/[\u2212\u2013]/g, '-'));
    return match ? parseFloat(match[1]) / (match[2] === undefined ? 1 : parseFloat(match[2])) : NaN;
  }
  function close(a, b, tolerance) { return Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b)); }
  function shown(v) { return Number(Number(v.toPrecision(4))).toString().replace('-', '\u2212'); }
  function show(right, text) { verdict.textContent = text; verdict.style.color = right ? '#1a7f37' : '#c62828'; }
  function field(name) { return root.querySelector('[data-field="' + name + '"]').value; }
  var rules = {
    number: function () {
      var value = parse(field('answer'));
      if (!isFinite(value)) { return [false, data.unreadable]; }
      if (close(value, data.expected, data.tolerance)) { return [true, data.right]; }
      var not = 'Not ' + shown(value);
      for (var i = 0; i < data.mistakes.length; i++) {
        if (close(value, data.mistakes[i][0], data.tolerance)) { return [false, not + ': ' + data.mistakes[i][1]]; }
      }
      var flipped = data.expected !== 0 && close(-value, data.expected, data.tolerance);
      if (flipped) { return [false, not + ': ' + data.sign]; }
      return [false, not + '. ' + data.wrong];
    },
    choice: function () {
      var picked = root.querySelector('.lecture-exercise-option:checked');
      return picked ? data.verdicts[parseInt(picked.value, 10)] : [false, data.unreadable];
    },
    setting: function () {
      var positions = [];
      for (var f = 0; f < data.fields.length; f++) {
        var value = parse(field(data.fields[f]));
        if (!isFinite(value)) { return [false, data.unreadable]; }
        var found = data.grid[f].findIndex(function (v) { return close(value, v, 1e-6); });
        if (found < 0) { return [false, data.off_grid]; }
        positions.push(found);
      }
      return data.verdicts[positions.join(',')];
    }
  };
  function check() { var result = rules[kind](); show(result[0], result[1]); }
  root.querySelector('.lecture-exercise-check').addEventListener('click', check);
  root.querySelectorAll('input[type=text]').forEach(function (input) {
    input.addEventListener('keydown', function (event) { if (event.key === 'Enter') { check(); } });
  });
})();
"""

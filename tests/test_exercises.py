"""Predict-then-reveal checks: parsing, verdicts, and the static page's script agreeing with Python."""

import json
import math
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lecture_lib.widgets.exercises import Exercise, check_gradient, parse_answer


@pytest.mark.parametrize(
    ("typed", "value"),
    [("-4", -4.0), ("\u22124", -4.0), (" 0.39 ", 0.39), ("4.", 4.0), (".5", 0.5), ("1/2", 0.5),
     ("-3 / 4", -0.75), ("1e-3", 0.001), ("+2", 2.0), (7, 7.0), (-0.25, -0.25)],
)
def test_answers_are_read_as_numbers(typed, value):
    assert parse_answer(typed) == value


@pytest.mark.parametrize("typed", ["", "abc", "4 5", "1/0", "nan", "inf", "--4", "2/", True, math.inf])
def test_unreadable_answers_are_refused(typed):
    with pytest.raises(ValueError):
        parse_answer(typed)


def test_right_answer_within_two_decimals():
    assert check_gradient("-0.39", -0.3932)[0]
    assert check_gradient("-0.2", -0.1966)[0]
    assert not check_gradient("-0.3", -0.3932)[0]


def test_verdicts_say_why():
    right, message = check_gradient("-4", -4.0, explanation="The add gate passes -4 on unchanged.")
    assert right and message == "Right: \u22124. The add gate passes -4 on unchanged."
    right, message = check_gradient("4", -4.0)
    assert not right and "sign is wrong" in message
    right, message = check_gradient("3", -4.0, mistakes={3.0: "that is df/dz, the value of q."})
    assert not right and "that is df/dz" in message
    right, message = check_gradient("seven", -4.0)
    assert not right and message.startswith("Not checked") and "seven" in message


def test_bad_expected_value_is_refused():
    with pytest.raises(ValueError, match="finite"):
        check_gradient("1", math.nan)


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(finite)
def test_the_expected_value_itself_is_always_right(expected):
    assert check_gradient(repr(expected), expected)[0]


@given(finite, st.floats(0.02, 100.0))
def test_answers_off_by_more_than_the_tolerance_are_wrong(expected, offset):
    wrong = expected + offset * max(1.0, abs(expected))
    assert not check_gradient(repr(wrong), expected)[0]


def test_exercise_wraps_check_gradient():
    exercise = Exercise("df/dx =", -4, explanation="Why.", mistakes={3: "That is q."})
    assert exercise.check("-4.0") == check_gradient("-4.0", -4.0, explanation="Why.")
    assert exercise.check("3")[1] == "Not 3: That is q. Why."
    widget = exercise.widget()
    box, button = widget.children[0].children
    box.value = "2"
    button.click()
    assert "Not 2" in widget.children[1].value


# The static book cannot run Python: its script must reach the same verdicts.
DOM_SHIM = """
const html = process.argv[1], answers = JSON.parse(process.argv[2]);
const data = html.match(/<script type="application\\/json" class="lecture-exercise-data">(.*?)<\\/script>/s)[1];
const code = html.match(/<script>(.*?)<\\/script>/s)[1];
const field = {value: '', listeners: {}, addEventListener(kind, f) { this.listeners[kind] = f; }};
const button = {addEventListener(kind, f) { this.click = f; }};
const verdict = {textContent: '', style: {}};
const root = {querySelector(selector) {
  return {'.lecture-exercise-data': {textContent: data}, '.lecture-exercise-answer': field,
          '.lecture-exercise-verdict': verdict, '.lecture-exercise-check': button}[selector];
}};
global.document = {currentScript: {parentElement: root}};
eval(code);
const out = answers.map(a => {
  field.value = a; button.click(); return [verdict.style.color === '#1a7f37', verdict.textContent];
});
console.log(JSON.stringify(out));
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node to run the page's script")
def test_static_script_agrees_with_python():
    exercise = Exercise("df/dx =", -0.3932, explanation="Local gradient times upstream.", mistakes={0.2: "That is w2."})
    answers = ["-0.39", "\u22120.393", "0.39", "0.2", "1/5", "12", "abc", "1/0", "-0.4"]
    result = subprocess.run(
        ["node", "-e", DOM_SHIM, exercise.static_html(), json.dumps(answers)],
        capture_output=True, text=True, check=True, timeout=60,
    )
    in_browser = json.loads(result.stdout)
    for answer, (right, message) in zip(answers, in_browser, strict=True):
        expected_right, expected_message = exercise.check(answer)
        assert right == expected_right, answer
        if expected_message.startswith("Not checked"):
            assert message.startswith("Not checked")
        else:
            assert message == expected_message, answer

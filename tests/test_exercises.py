"""Exercises: parsing, verdicts and hints, and the static page's script agreeing with Python."""

import json
import math
import shutil
import subprocess

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lecture_lib.widgets.exercises import ChoiceExercise, NumberExercise, SettingExercise, parse_answer


@pytest.mark.parametrize(
    ("typed", "value"),
    [("-4", -4.0), ("\u22124", -4.0), (" 0.39 ", 0.39), ("4.", 4.0), (".5", 0.5), ("1/2", 0.5),
     ("-3 / 4", -0.75), ("1e-3", 0.001), ("+2", 2.0), (7, 7.0), (-0.25, -0.25)],
)
def test_answers_are_read_as_numbers(typed, value):
    assert parse_answer(typed) == value


@pytest.mark.parametrize("typed", ["", "abc", "4 5", "1/0", "nan", "inf", "--4", "2/", True, math.inf])
def test_unreadable_answers_are_refused(typed):
    with pytest.raises(ValueError, match="number|divides by zero"):
        parse_answer(typed)


def gradient(expected=-0.3932, **options):
    return NumberExercise("df/dw0 =", expected, explanation="Local gradient times upstream.",
                          hint="multiply the upstream gradient by the other input.", **options)


def test_right_answer_within_two_decimals():
    assert gradient().check("-0.39")[0] and not gradient().check("-0.3")[0]
    assert gradient(-0.1966).check("-0.2")[0]


def test_a_right_answer_explains_and_a_wrong_one_only_hints():
    exercise = gradient(mistakes={0.2: "that is w2, the weight, not its gradient."})
    assert exercise.check("-0.393") == (True, "Right: \u22120.3932. Local gradient times upstream.")
    assert exercise.check("0.2") == (False, "Not 0.2: that is w2, the weight, not its gradient.")
    assert exercise.check("0.3932") == (False, "Not 0.3932: the size is right but the sign is wrong.")
    right, message = exercise.check("12")
    assert not right and message == "Not 12. Hint: multiply the upstream gradient by the other input."
    assert "Local gradient" not in message  # the explanation is the solution: not shown to a wrong answer
    assert exercise.check("seven") == (False, "Not checked: type a number such as -4, 0.5 or 1/2.")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: gradient(math.nan), "expected must be a finite number, got nan"),
        (lambda: gradient(tolerance=2), r"tolerance must be a finite number in \[0, 1\), got 2"),
        (lambda: gradient(mistakes={math.inf: "far"}), "a wrong answer in mistakes must be a finite number, got inf"),
        (lambda: SettingExercise("Find", {"w": [0.0, float("nan")]}, lambda w: (True, "")),
         r"grid\['w'\] must be a finite number, got nan"),
        (lambda: gradient(-4.0, mistakes={-4.001: "close"}), "within the tolerance of the right answer"),
        (lambda: NumberExercise(" ", 1.0, "", ""), "needs a prompt"),
        (lambda: ChoiceExercise("Which?", ["a"], 0, "", {}), "at least two options"),
        (lambda: ChoiceExercise("Which?", ["a", "b"], 2, "", {}), "position of an option, 0 to 1, got 2"),
        (lambda: ChoiceExercise("Which?", ["a", "b", "c"], 0, "", {1: "no"}), r"options \[2\] have none"),
        (lambda: SettingExercise("Find", {"w": [0.0, 1.0]}, lambda w: (False, "no")), "cannot be solved"),
        (lambda: SettingExercise("Find", {"w": []}, lambda w: (True, "")), "at least one value"),
    ],
)
def test_bad_exercises_are_refused_with_a_reason(make, message):
    with pytest.raises(ValueError, match=message):
        make()


finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(finite)
def test_the_expected_value_itself_is_always_right(expected):
    assert gradient(expected).check(repr(expected))[0]


@given(finite, st.floats(0.02, 100.0))
def test_answers_off_by_more_than_the_tolerance_are_wrong(expected, offset):
    wrong = expected + offset * max(1.0, abs(expected))
    assert not gradient(expected).check(repr(wrong))[0]


def direction():
    return ChoiceExercise(
        "Raising b moves the line:", ["towards (0, 0)", "away from (0, 0)", "not at all"], 0,
        explanation="w1 x1 + w2 x2 + b = 0 needs a smaller w1 x1 + w2 x2.",
        hints={1: "the neuron's answer at (0, 0) is b itself.", 2: "b shifts the line; the weights turn it."},
    )


def test_choices_give_each_wrong_option_its_hint():
    assert direction().check(0) == (True, "Right. w1 x1 + w2 x2 + b = 0 needs a smaller w1 x1 + w2 x2.")
    assert direction().check(2) == (False, "Not quite: b shifts the line; the weights turn it.")
    assert direction().check(None) == (False, "Not checked: pick one of the options.")


def nor():
    def judge(w1, w2, b):
        outputs = [int(w1 * x1 + w2 * x2 + b > 0) for x1, x2 in [(0, 0), (0, 1), (1, 0), (1, 1)]]
        return outputs == [1, 0, 0, 0], f"that setting outputs {outputs}"

    return SettingExercise("Find w1, w2, b for NOR.", {"w1": [-1.0, 0.0, 1.0], "w2": [-1.0, 0.0, 1.0],
                                                       "b": [-0.5, 0.5, 1.5]}, judge)


def test_settings_are_judged_on_the_grid():
    assert nor().check({"w1": "-1", "w2": "\u22121", "b": "0.5"}) == (True, "Right: that setting outputs [1, 0, 0, 0]")
    assert nor().check({"w1": "1", "w2": "1", "b": "-0.5"}) == (False, "Not yet: that setting outputs [0, 1, 1, 1]")
    assert nor().check({"w1": "0.3", "w2": "1", "b": "0.5"})[1].startswith("Not checked: use the values the figure")
    assert nor().check({"w1": "", "w2": "1", "b": "0.5"}) == (False, "Not checked: type a number in every field.")


def test_live_widgets_show_the_verdict():
    widget = gradient().widget()
    box, button = widget.children[1].children
    box.value = "2"
    button.click()
    assert "Not 2. Hint:" in widget.children[2].value
    widget = direction().widget()
    options, button = widget.children[1].children
    options.value = 0
    button.click()
    assert "Right." in widget.children[2].value


# The static book cannot run Python: its script must reach the same verdicts, on the same page.
DOM_SHIM = """
const html = process.argv[1], answers = JSON.parse(process.argv[2]);
const data = html.match(/<script type="application\\/json" class="lecture-exercise-data">(.*?)<\\/script>/s)[1];
const kind = html.match(/data-kind="(\\w+)"/)[1];
const code = html.match(/<script>(.*?)<\\/script>/s)[1];
const fields = {};
for (const m of html.matchAll(/data-field="(\\w+)"/g)) { fields[m[1]] = {value: '', addEventListener() {}}; }
const checked = {value: null};
const button = {addEventListener(kind, f) { this.click = f; }};
const verdict = {textContent: '', style: {}};
const root = {
  getAttribute() { return kind; },
  querySelector(selector) {
    if (selector === '.lecture-exercise-option:checked') { return checked.value === null ? null : checked; }
    const field = selector.match(/data-field="(\\w+)"/);
    if (field) { return fields[field[1]]; }
    return {'.lecture-exercise-data': {textContent: data}, '.lecture-exercise-verdict': verdict,
            '.lecture-exercise-check': button}[selector];
  },
  querySelectorAll() { return Object.values(fields); },
};
global.document = {currentScript: {parentElement: root}};
eval(code);
const out = answers.map(answer => {
  if (kind === 'choice') { checked.value = answer; } else if (kind === 'number') { fields.answer.value = answer; }
  else { for (const name in answer) { fields[name].value = answer[name]; } }
  button.click();
  return [verdict.style.color === '#1a7f37', verdict.textContent];
});
console.log(JSON.stringify(out));
"""


def in_the_page(exercise, answers):
    result = subprocess.run(
        ["node", "-e", DOM_SHIM, exercise.static_html(), json.dumps(answers)],
        capture_output=True, text=True, check=True, timeout=60,
    )
    return [tuple(verdict) for verdict in json.loads(result.stdout)]


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node (scripts/setup.sh installs npm) to run the script")
@pytest.mark.parametrize(
    ("exercise", "answers"),
    [
        (gradient(mistakes={0.2: "that is w2."}),
         ["-0.39", "\u22120.393", "0.3932", "0.2", "1/5", "12", "abc", "1/0", "-0.4"]),
        (direction(), [0, 1, 2, None]),
        (nor(), [{"w1": "-1", "w2": "-1", "b": "0.5"}, {"w1": "1", "w2": "1", "b": "1.5"},
                 {"w1": "2", "w2": "1", "b": "0.5"}, {"w1": "x", "w2": "1", "b": "0.5"}]),
    ],
)
def test_static_script_agrees_with_python(exercise, answers):
    assert in_the_page(exercise, answers) == [exercise.check(answer) for answer in answers]

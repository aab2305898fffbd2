"""The static book's exercises in Chromium: a right and a wrong answer submitted on every page.

Every ``div.lecture-exercise`` carries the table of its rule (``lecture_lib.widgets.exercises``);
from it the test takes one right answer and one wrong one, types or picks them as a reader
does, presses *Check* and reads the verdict: green and "Right" for the right answer, red
with a hint (never the explanation of the right answer) for the wrong one. Every chapter
page has at least three exercises.
"""

from __future__ import annotations

import json

import pytest
from test_static_book import DOCNAMES, NOTEBOOK_DOCNAMES, PageVisit, open_page

RIGHT, WRONG = "rgb(26, 127, 55)", "rgb(198, 40, 40)"
MIN_EXERCISES = 3


def answers(kind: str, spec: dict) -> tuple[object, object]:
    """A right and a wrong answer, read off the exercise's rule."""
    if kind == "number":
        return spec["expected"], spec["expected"] + 1000 * max(1.0, abs(spec["expected"]))
    if kind == "choice":
        rights = [i for i, (right, _) in enumerate(spec["verdicts"]) if right]
        return rights[0], next(i for i in range(len(spec["verdicts"])) if i not in rights)
    keys = {right: key for key, (right, _) in spec["verdicts"].items()}

    def setting(key: str) -> dict[str, float]:
        return {name: spec["grid"][f][int(p)] for f, (name, p) in enumerate(zip(spec["fields"], key.split(","),
                                                                                strict=True))}

    return setting(keys[True]), setting(keys[False])


def submit(exercise, kind: str, answer: object) -> tuple[str, str]:
    """Enter ``answer`` as a reader would, press Check, and return the verdict's colour and text."""
    if kind == "number":
        exercise.locator('[data-field="answer"]').fill(repr(answer))
    elif kind == "choice":
        exercise.locator(".lecture-exercise-option").nth(answer).check()
    else:
        for name, value in answer.items():
            exercise.locator(f'[data-field="{name}"]').fill(f"{value:g}")
    exercise.locator(".lecture-exercise-check").click()
    verdict = exercise.locator(".lecture-exercise-verdict")
    return verdict.evaluate("e => getComputedStyle(e).color"), verdict.text_content()


@pytest.mark.parametrize("docname", DOCNAMES)
def test_exercises_accept_the_right_answer_and_hint_at_a_wrong_one(browser, book_url, docname):
    record = PageVisit(docname)
    context, page = open_page(browser, book_url, f"{docname}.html", record)
    try:
        exercises = page.locator(".lecture-exercise")
        if docname in NOTEBOOK_DOCNAMES:
            assert exercises.count() >= MIN_EXERCISES, f"{docname} has {exercises.count()} checked exercises"
        for e in range(exercises.count()):
            exercise = exercises.nth(e)
            kind = exercise.get_attribute("data-kind")
            spec = json.loads(exercise.locator(".lecture-exercise-data").text_content())
            right, wrong = answers(kind, spec)
            where = f"exercise {e} ({kind}) on {docname}"
            colour, text = submit(exercise, kind, right)
            assert colour == RIGHT and text.startswith("Right"), (where, text)
            colour, wrong_text = submit(exercise, kind, wrong)
            assert colour == WRONG and wrong_text != text, (where, wrong_text)
            if kind == "number":
                assert "Hint:" in wrong_text or ": " in wrong_text, (where, wrong_text)
                assert spec["right"] not in wrong_text, f"{where}: a wrong answer shows the solution"
        assert record.unexpected_console_errors() == [], f"console errors on {docname}"
    finally:
        context.close()

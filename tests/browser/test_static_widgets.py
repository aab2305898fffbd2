"""The static book's live figures in Chromium: every control, every preset, frames equal to live renders.

Each ``lecture_lib.widgets`` figure of the built book is a ``div.lecture-widget`` whose
frames are image files (``frames/<id>/<k>.png``) and whose page data lists, per control,
the values it offers. For every widget of every page:

* every slider offers at least 7 values (all of them when it has fewer), and 0 whenever
  its range crosses 0; the values each slider offers are written to
  ``test-artifacts/static-controls.txt``;
* every control, moved as a reader moves it (keyboard, select box), changes the frame, and
  the new frame loads;
* every preset button sets its values and shows a frame that loads: the settings a chapter
  asks the reader to try are in the page;
* the frame the page shows for a few sampled settings equals the picture the figure draws
  live for them (``_build/static/checks``, written by the build).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image
from test_static_book import ARTIFACTS, BUILD, DOCNAMES, PageVisit, open_page, slug

CHECKS = BUILD.parent / "static" / "checks"
MIN_VALUES = 7


def widgets_on(page) -> list:
    widgets = page.locator(".lecture-widget")
    return [widgets.nth(i) for i in range(widgets.count())]


def widget_data(widget) -> dict:
    return json.loads(widget.locator(".lecture-widget-data").text_content())


def frame_loaded(frame) -> bool:
    """Whether the frame shown decodes (scrolled into view first: frames load lazily)."""
    frame.scroll_into_view_if_needed()
    return frame.evaluate("img => img.decode().then(() => img.naturalWidth > 0, () => false)")


@pytest.fixture(scope="module")
def control_report():
    lines: list[str] = []
    yield lines
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "static-controls.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize("docname", DOCNAMES)
def test_every_slider_offers_enough_values(browser, book_url, control_report, docname):
    record = PageVisit(docname)
    context, page = open_page(browser, book_url, f"{docname}.html", record)
    try:
        for w, widget in enumerate(widgets_on(page)):
            data = widget_data(widget)
            names = widget.locator("[data-control]").evaluate_all("fields => fields.map(f => f.dataset.control)")
            for name, facts, labels in zip(names, data["sliders"], data["labels"], strict=True):
                if facts is None:
                    control_report.append(f"{docname} widget {w} {name}: drop-down {labels}")
                    continue
                values = facts["values"]
                control_report.append(
                    f"{docname} widget {w} {name}: {len(values)} of {facts['count']} values {labels}"
                )
                where = f"slider {name!r} of widget {w} on {docname}"
                assert len(values) >= min(MIN_VALUES, facts["count"]), f"{where} offers {labels}"
                if facts["min"] < 0 < facts["max"]:
                    assert 0 in values, f"{where} crosses 0 but offers {labels}"
    finally:
        context.close()


@pytest.mark.parametrize("docname", DOCNAMES)
def test_every_static_control_changes_its_frame(browser, book_url, docname):
    """Move every slider (End / Home keys) and drop-down (another option) of every widget."""
    record = PageVisit(docname)
    context, page = open_page(browser, book_url, f"{docname}.html", record)
    try:
        for w, widget in enumerate(widgets_on(page)):
            widget.scroll_into_view_if_needed()
            frame = widget.locator("img.lecture-widget-frame")
            assert frame.count() == 1 and frame_loaded(frame), f"widget {w} of {docname} shows no frame"
            fields = widget.locator("[data-control]")
            assert fields.count() >= 1, f"widget {w} of {docname} has no controls"
            for c in range(fields.count()):
                control = fields.nth(c)
                where = f"control {control.get_attribute('data-control')!r} of widget {w} on {docname}"
                before, start = frame.get_attribute("src"), control.input_value()
                move_control(control, where)
                assert control.input_value() != start, f"{where} did not move"
                assert frame.get_attribute("src") != before, f"{where} moved but the frame stayed the same"
                assert frame_loaded(frame), f"the frame shown after moving {where} does not load"
                if c == 0:
                    widget.screenshot(path=str(ARTIFACTS / f"{slug(docname)}-widget{w}-moved.png"))
                set_control(control, start)
                assert frame.get_attribute("src") == before, f"{where}: moving back changed the frame"
        assert record.external_requests == [] and record.local_failures == [], f"{docname}: {record}"
        assert record.unexpected_console_errors() == [], f"console errors on {docname}"
    finally:
        context.close()


@pytest.mark.parametrize("docname", DOCNAMES)
def test_every_preset_shows_its_setting(browser, book_url, docname):
    record = PageVisit(docname)
    context, page = open_page(browser, book_url, f"{docname}.html", record)
    try:
        for w, widget in enumerate(widgets_on(page)):
            data = widget_data(widget)
            buttons = widget.locator("[data-preset]")
            assert buttons.count() == len(data["presets"])
            fields = widget.locator("[data-control]")
            for b, (name, positions) in enumerate(data["presets"]):
                where = f"preset {name!r} of widget {w} on {docname}"
                buttons.nth(b).click()
                shown = [int(fields.nth(c).input_value()) for c in range(fields.count())]
                assert shown == positions, f"{where} set the controls to {shown}"
                assert frame_loaded(widget.locator("img.lecture-widget-frame")), f"{where} shows no frame"
                assert widget.locator(".lecture-widget-note").is_hidden()
        assert record.local_failures == [] and record.unexpected_console_errors() == [], f"{docname}: {record}"
    finally:
        context.close()


@pytest.mark.parametrize("docname", DOCNAMES)
def test_play_buttons_step_their_slider(browser, book_url, docname):
    record = PageVisit(docname)
    context, page = open_page(browser, book_url, f"{docname}.html", record)
    try:
        buttons = page.locator(".lecture-widget-play")
        for b in range(buttons.count()):
            button = buttons.nth(b)
            field = button.locator("xpath=..").locator("[data-control]")
            start = int(field.input_value())
            button.click()
            page.wait_for_function("f => parseInt(f.value, 10) >= 2", arg=field.element_handle(), timeout=10_000)
            button.click()  # pause
            stopped = int(field.input_value())
            page.wait_for_timeout(900)
            assert int(field.input_value()) == stopped > start, f"play button {b} on {docname} did not step and pause"
        assert record.local_failures == [] and record.unexpected_console_errors() == [], f"{docname}: {record}"
    finally:
        context.close()


@pytest.mark.parametrize("docname", DOCNAMES)
def test_static_frames_equal_live_renders(browser, book_url, docname):
    record = PageVisit(docname)
    context, page = open_page(browser, book_url, f"{docname}.html", record)
    try:
        for w, widget in enumerate(widgets_on(page)):
            widget_id = widget.get_attribute("data-widget")
            manifest = json.loads((CHECKS / widget_id / "manifest.json").read_text(encoding="utf-8"))
            assert manifest["samples"], f"widget {w} of {docname} has no live renders to compare"
            for sample in manifest["samples"]:
                widget.evaluate("(root, p) => root.lectureShow(p)", sample["positions"])
                frame = widget.locator("img.lecture-widget-frame")
                assert frame_loaded(frame)
                source = frame.get_attribute("src")
                assert source.endswith(f"frames/{widget_id}/{sample['frame']}.png"), (source, sample)
                static = np.asarray(Image.open(BUILD / "frames" / widget_id / f"{sample['frame']}.png").convert("RGB"))
                live = np.asarray(Image.open(CHECKS / widget_id / f"{sample['frame']}.png").convert("RGB"))
                assert static.shape == live.shape, f"widget {w} of {docname}: frame size differs from live"
                difference = np.abs(static.astype(int) - live.astype(int))
                # 256 colours without dithering move a colour a little and no pixel far.
                assert difference.mean() < 2.0 and np.percentile(difference, 99.9) < 40, (docname, w, sample)
    finally:
        context.close()


def move_control(control, where: str) -> None:
    """Move a control as a reader would: a range input by keyboard, a select to another option."""
    tag = control.evaluate("e => e.tagName.toLowerCase()")
    if tag == "input":
        assert control.get_attribute("type") == "range", f"{where} is not a range input"
        at_max = control.input_value() == control.get_attribute("max")
        control.focus()
        control.press("Home" if at_max else "End")
    elif tag == "select":
        options = control.locator("option")
        assert options.count() >= 2, f"{where} has fewer than two options"
        current = control.input_value()
        other = next(
            options.nth(i).get_attribute("value")
            for i in range(options.count())
            if options.nth(i).get_attribute("value") != current
        )
        control.select_option(other)
    else:
        pytest.fail(f"{where} is a <{tag}>, expected <input type=range> or <select>")


def set_control(control, value: str) -> None:
    if control.evaluate("e => e.tagName.toLowerCase()") == "select":
        control.select_option(value)
    else:
        control.evaluate(
            """(e, v) => { e.value = v;
                 e.dispatchEvent(new Event('input', {bubbles: true}));
                 e.dispatchEvent(new Event('change', {bubbles: true})); }""",
            value,
        )

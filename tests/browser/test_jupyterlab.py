"""The book used live: JupyterLab, driven by headless Chromium, runs every chapter and moves sliders.

One JupyterLab server is started the way a reader starts it (``scripts/lab.sh``), on
127.0.0.1 with a random port and token, serving a scratch copy of ``book/`` (so no
checkpoints land in the repository) with user settings and workspaces in the scratch
folder too. One browser is shared by all tests. For every chapter notebook (``book/0*``,
in ``_toc.yml`` order) the test runs all cells and asserts

* that no cell printed an error or anything to stderr and no widget failed to display;
* that every live figure (``lecture_lib.widgets``) with a slider redraws when its first
  slider moves one step (the PNG bytes of the image change) and the kernel is idle again.

A generated fixture notebook (the decision-boundary widget of ``benchmarks/widgets.py``)
also checks the setup itself: the kernel is the project's ``.venv``, the news
notification is off; and it measures the browser-side time from a slider key press to the
new image (p50 over 20 presses), printed and written to ``test-artifacts/`` (never asserted).
The server is stopped by its PID; its kernels are checked to be gone.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
import pytest
import yaml
from chromium import CHROMIUM, CHROMIUM_FLAGS
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
LAB_SCRIPT = ROOT / "scripts" / "lab.sh"
ARTIFACT = ROOT / "test-artifacts" / "jupyterlab_slider_latency.json"
FIXTURE_NOTEBOOK = "lecture_widget_fixture.ipynb"
LATENCY_PRESSES = 20
SERVER_START_TIMEOUT = 90  # seconds
RUN_ALL_TIMEOUT = 300  # seconds per notebook
MOVE_TIMEOUT = 30  # seconds per slider step


# ------------------------------------------------------------------------ the chapters
# Chapters in reading order: the files _toc.yml lists (at any depth), then any other
# book/0*.ipynb (a chapter not yet in the table of contents is still tested).
def _toc_files(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("file"), str):
            yield node["file"]
        for value in node.values():
            yield from _toc_files(value)
    elif isinstance(node, list):
        for item in node:
            yield from _toc_files(item)


def chapter_notebooks() -> list[Path]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    listed = [ROOT / f"{Path(entry).with_suffix('')}.ipynb" for entry in _toc_files(toc)]
    chapters = [path for path in listed if path.parent == BOOK and path.name.startswith("0") and path.exists()]
    chapters += sorted(path for path in BOOK.glob("0*.ipynb") if path not in chapters)
    return chapters


CHAPTERS = chapter_notebooks()


# ---------------------------------------------------------------------------- server
@dataclass
class Lab:
    url: str
    token: str
    root: Path
    process: subprocess.Popen

    def api(self, method: str, path: str) -> object:
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, headers={"Authorization": f"token {self.token}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self) -> None:
        for session in self.api("GET", "/api/sessions"):
            self.api("DELETE", f"/api/sessions/{session['id']}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fixture_notebook() -> nbformat.NotebookNode:
    """The decision-boundary widget of benchmarks/widgets.py, plus a look at the kernel's Python."""
    benchmark = ROOT / "benchmarks" / "widgets.py"
    cells = [
        "import importlib.util\n"
        f"spec = importlib.util.spec_from_file_location('widgets_benchmark', {str(benchmark)!r})\n"
        "bench = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(bench)",
        "import sys\nprint(sys.prefix)",
        "scene = bench.decision_boundary_frames()",
        "bench.fast_widget(scene)",
    ]
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    return notebook


def _wait_for_server(lab: Lab, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {lab.process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            lab.api("GET", "/api/status")
            return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def _stop_server(process: subprocess.Popen) -> list[psutil.Process]:
    """SIGTERM to the server's PID (it shuts its kernels down), then SIGKILL what is left.

    Returns the server's descendants (kernels) that were still alive and had to be killed.
    """
    try:
        descendants = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        descendants = []
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # anything started in the server's process group
    _, alive = psutil.wait_procs(descendants, timeout=10)
    for leftover in alive:
        leftover.kill()
    psutil.wait_procs(alive, timeout=10)
    return alive


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    ARTIFACT.unlink(missing_ok=True)  # this run's latencies only
    scratch = tmp_path_factory.mktemp("jupyterlab")
    root = scratch / "book"
    shutil.copytree(BOOK, root, ignore=shutil.ignore_patterns("vendor", ".ipynb_checkpoints", "_build"))
    nbformat.write(fixture_notebook(), root / FIXTURE_NOTEBOOK)
    token = secrets.token_hex(24)
    port = free_port()
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(scratch / "runtime"), JUPYTER_CONFIG_DIR=str(scratch / "config"))
    log = scratch / "jupyterlab.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                "bash", str(LAB_SCRIPT), "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}", f"--LabApp.user_settings_dir={scratch / 'user-settings'}",
                f"--LabApp.workspaces_dir={scratch / 'workspaces'}",
            ],
            stdout=log_file, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    server = Lab(f"http://127.0.0.1:{port}", token, root, process)
    try:
        _wait_for_server(server, log)
        yield server
    finally:
        leftovers = _stop_server(process)
    assert not leftovers, f"kernels outlived the server and were killed: {[p.pid for p in leftovers]}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: apt-get install chromium (scripts/test.sh does)"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


# ----------------------------------------------------------------------- page driving
# All cells run through the Run menu. A notebook is done when no prompt shows "[*]" and
# the kernel indicator reads idle; widget views render asynchronously after their output
# arrives, so the number of live figures must also have stopped changing.
_RUN_STATE = """() => {
  const prompts = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'), e => e.textContent);
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  return {
    running: prompts.filter(p => p.includes('*')).length,
    executed: prompts.filter(p => /\\[\\d+\\]/.test(p)).length,
    cells: prompts.length,
    idle: indicator !== null && indicator.dataset.status === 'idle',
    widgets: document.querySelectorAll('.lecture-widget-live').length,
  };
}"""

_PROBLEMS = """() => {
  const outputs = document.querySelectorAll([
    '.jp-OutputArea-output[data-mime-type*="error"]',
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]',
  ].join(', '));
  const problems = Array.from(outputs, e => e.textContent.slice(0, 2000));
  document.querySelectorAll('.jp-OutputArea-output').forEach(e => {
    if (e.textContent.includes('Error displaying widget')) problems.push(e.textContent.slice(0, 2000));
  });
  return problems;
}"""

# SHA-256 of the bytes behind the image's (blob) URL: a new URL alone does not prove a new picture.
_IMAGE_DIGEST = """async (img) => {
  const bytes = await (await fetch(img.src)).arrayBuffer();
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), b => b.toString(16).padStart(2, '0')).join('');
}"""

# Browser-side latency: a key press on the handle (capture listener) to the image's src
# being replaced (MutationObserver) and to the new image being decoded (load event).
_WATCH_LATENCY = """([handle, img]) => {
  const log = {presses: [], swaps: [], loads: []};
  handle.addEventListener('keydown', () => log.presses.push(performance.now()), {capture: true});
  new MutationObserver(() => log.swaps.push(performance.now())).observe(img, {attributeFilter: ['src']});
  img.addEventListener('load', () => log.loads.push(performance.now()));
  window.__sliderLatency = log;
}"""


def open_notebook(page: Page, lab: Lab, name: str) -> None:
    """Open ``name`` and wait until its kernel has started and the page shows it idle.

    The page's indicator reads idle before any kernel exists (running cells then would
    raise a "Select Kernel" dialog), so the server must first report the session's kernel.
    """
    page.goto(f"{lab.url}/lab/tree/{name}?token={lab.token}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    deadline = time.monotonic() + 60
    while not any(
        session["path"] == name and session["kernel"]["execution_state"] == "idle"
        for session in lab.api("GET", "/api/sessions")
    ):
        assert time.monotonic() < deadline, f"no idle kernel for {name} after 60 s: {lab.api('GET', '/api/sessions')}"
        time.sleep(0.3)
    page.wait_for_function(
        "Array.from(document.querySelectorAll('.jp-StatusBar-TextItem'), e => e.textContent)"
        ".some(text => text.endsWith('| Idle'))"
    )
    page.wait_for_function(f"({_RUN_STATE})().idle")


def run_all_cells(page: Page) -> dict:
    # A click on the menu right after the page settled is sometimes lost: retry until cells queue.
    for _ in range(5):
        page.locator(".jp-Notebook .jp-Cell").first.click()  # the notebook must be the current widget
        page.click(".lm-MenuBar-item:has-text('Run')")
        page.click(".lm-Menu-item:not(.lm-mod-disabled):has(.lm-Menu-itemLabel:text-is('Run All Cells'))")
        with contextlib.suppress(PlaywrightTimeoutError):
            page.wait_for_function(f"(s => s.running + s.executed > 0)(({_RUN_STATE})())", timeout=5_000)
            break
    else:
        raise AssertionError(f"Run All Cells started no cell: {page.evaluate(_RUN_STATE)}")
    deadline = time.monotonic() + RUN_ALL_TIMEOUT
    stable_since, previous = None, None
    while time.monotonic() < deadline:
        state = page.evaluate(_RUN_STATE)
        done = state["running"] == 0 and state["idle"] and state["executed"] > 0
        if done and state == previous:
            if time.monotonic() - stable_since > 1.0:
                return state
        else:
            stable_since = time.monotonic()
        previous = state
        time.sleep(0.2)
    raise AssertionError(f"run all did not finish within {RUN_ALL_TIMEOUT} s: {page.evaluate(_RUN_STATE)}")


def kernel_idle(page: Page) -> None:
    page.wait_for_function(f"({_RUN_STATE})().idle", timeout=MOVE_TIMEOUT * 1000)


def step_slider(page: Page, widget_index: int) -> tuple[str, str, float]:
    """Move the first slider of live figure ``widget_index`` by one step with the keyboard.

    Returns the image digest before and after (once the kernel is idle again) and the
    browser-side milliseconds from the key press to the new image's src.
    """
    widget = page.locator(".lecture-widget-live").nth(widget_index)
    handle = widget.locator(".widget-slider .noUi-handle").first
    image = widget.locator("img.widget-image").first
    widget.scroll_into_view_if_needed()
    before = image.evaluate(_IMAGE_DIGEST)
    page.evaluate(_WATCH_LATENCY, [handle.element_handle(), image.element_handle()])
    at_end = float(handle.get_attribute("aria-valuenow")) >= float(handle.get_attribute("aria-valuemax"))
    handle.focus()
    handle.press("ArrowLeft" if at_end else "ArrowRight")
    try:
        page.wait_for_function("window.__sliderLatency.swaps.length > 0", timeout=MOVE_TIMEOUT * 1000)
    except PlaywrightTimeoutError:
        after = before  # the kernel sent no new image (identical frames are not sent again)
    else:
        kernel_idle(page)
        after = image.evaluate(_IMAGE_DIGEST)
    log = page.evaluate("window.__sliderLatency")
    return before, after, (log["swaps"] or [math.nan])[0] - log["presses"][0]


def record_latency(name: str, samples: dict) -> None:
    ARTIFACT.parent.mkdir(exist_ok=True)
    results = json.loads(ARTIFACT.read_text()) if ARTIFACT.exists() else {}
    results[name] = samples
    ARTIFACT.write_text(json.dumps(results, indent=2) + "\n")


@pytest.fixture
def page(browser: Browser, lab: Lab) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    try:
        yield tab
    finally:
        context.close()
        lab.shut_down_kernels()


# ----------------------------------------------------------------------------- tests
def test_fixture_widget_in_project_kernel_and_slider_latency(
    lab: Lab, page: Page, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = lab.api("GET", "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert settings["schema"]["properties"]["fetchNews"]["default"] == "false", "overrides.json was not applied"

    open_notebook(page, lab, FIXTURE_NOTEBOOK)
    state = run_all_cells(page)
    assert state["executed"] == state["cells"] == 4, state
    assert page.evaluate(_PROBLEMS) == []
    stdout = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stdout']").first
    kernel_prefix = Path(stdout.inner_text().strip()).resolve()
    assert kernel_prefix == (ROOT / ".venv").resolve(), f"the kernel runs in {kernel_prefix}, not the project's .venv"
    assert state["widgets"] == 1
    assert page.get_by_text("official Jupyter news").count() == 0

    # Twenty single steps, right until the end of the slider and back, one at a time.
    widget = page.locator(".lecture-widget-live").first
    handle = widget.locator(".widget-slider .noUi-handle").first
    image = widget.locator("img.widget-image").first
    widget.scroll_into_view_if_needed()
    page.evaluate(_WATCH_LATENCY, [handle.element_handle(), image.element_handle()])
    handle.focus()
    digests = {image.evaluate(_IMAGE_DIGEST)}
    for press in range(LATENCY_PRESSES):
        handle.press("ArrowRight")
        page.wait_for_function(f"window.__sliderLatency.swaps.length > {press}", timeout=MOVE_TIMEOUT * 1000)
        page.wait_for_function(f"window.__sliderLatency.loads.length > {press}", timeout=MOVE_TIMEOUT * 1000)
        kernel_idle(page)
        digests.add(image.evaluate(_IMAGE_DIGEST))
    log = page.evaluate("window.__sliderLatency")
    assert len(log["presses"]) == len(log["swaps"]) == LATENCY_PRESSES, log
    assert handle.get_attribute("aria-valuenow").startswith(str(LATENCY_PRESSES))
    assert len(digests) == LATENCY_PRESSES + 1, "some slider steps did not change the picture"
    assert page.evaluate(_PROBLEMS) == []

    to_src = [s - p for p, s in zip(log["presses"], log["swaps"], strict=True)]
    to_load = [s - p for p, s in zip(log["presses"], log["loads"], strict=True)]
    summary = {
        "widget": "benchmarks/widgets.py decision boundary (150x150 grid, 2-16-16-1 MLP)",
        "presses": LATENCY_PRESSES,
        "key_to_src_ms_p50": round(statistics.median(to_src), 1),
        "key_to_loaded_ms_p50": round(statistics.median(to_load), 1),
        "key_to_src_ms": [round(t, 1) for t in to_src],
    }
    record_latency("fixture", summary)
    with capsys.disabled():  # shown even when pytest captures output (scripts/test.sh)
        print(
            f"\nJupyterLab slider latency (browser side, {LATENCY_PRESSES} presses): key press -> new img src "
            f"p50 {summary['key_to_src_ms_p50']} ms, -> image loaded p50 {summary['key_to_loaded_ms_p50']} ms "
            f"(written to {ARTIFACT.relative_to(ROOT)})"
        )


@pytest.mark.parametrize(
    "notebook",
    CHAPTERS or [pytest.param(None, id="no-chapters")],
    ids=lambda path: path.stem if isinstance(path, Path) else str(path),
)
def test_chapter_runs_and_sliders_redraw(lab: Lab, page: Page, notebook: Path | None) -> None:
    assert notebook is not None, f"no chapter notebooks (book/0*.ipynb) in {BOOK}"
    open_notebook(page, lab, notebook.name)
    state = run_all_cells(page)
    problems = page.evaluate(_PROBLEMS)
    assert problems == [], f"{notebook.name} printed errors or to stderr:\n" + "\n---\n".join(problems)
    sources = [cell.source.strip() for cell in nbformat.read(notebook, as_version=4).cells if cell.cell_type == "code"]
    assert state["executed"] == sum(1 for source in sources if source), f"not every code cell ran: {state}"

    sliders = [
        index
        for index in range(state["widgets"])
        if page.locator(".lecture-widget-live").nth(index).locator(".widget-slider .noUi-handle").count()
    ]
    assert sliders, f"{notebook.name} shows no live figure with a slider (lecture_lib.widgets)"
    latencies = []
    for index in sliders:
        before, after, latency = step_slider(page, index)
        assert after != before, f"live figure {index} of {notebook.name} did not change when its slider moved one step"
        latencies.append(round(latency, 1))
    assert page.evaluate(_PROBLEMS) == [], f"moving sliders in {notebook.name} raised errors"
    record_latency(notebook.stem, {"key_to_src_ms_one_step_per_figure": latencies})

"""The book used live: JupyterLab, driven by headless Chromium, the way a reader runs it.

The reader's checkout is made from this one: a scratch git repository holding the files of
this working tree (tracked and untracked, not ignored), committed, with the project's
``.venv`` linked in. One JupyterLab server is started there with ``scripts/lab.sh`` (on
127.0.0.1, a random port and token, user settings and workspaces in the scratch folder), so
the first run creates the reader's working copy ``lab/``. One browser is shared by all tests.

* A generated fixture notebook (the decision-boundary widget of ``benchmarks/widgets.py``)
  checks the setup: the kernel is the project's ``.venv``, the news notification is off;
  and it measures key press to new image over 20 presses of one slider. The server takes
  ``scripts/jupyter_config`` (kernel messages leave without Nagle's delay).
* Every chapter (``book/0*``, in ``_toc.yml`` order) runs all its cells without an error or
  anything on stderr, each code cell once and in order (its input prompt's number; a cell
  whose source is hidden shows no prompt, but the numbers after it count it); then in
  every live figure (``lecture_lib.widgets``) every slider moves one step by keyboard,
  every drop-down changes to another option and back, every preset button is clicked and
  every play button plays and pauses. Each action must send a new image (the SHA-256 of
  its bytes changes; back on a drop-down's first option it is the first picture again),
  after which the kernel is idle and no error is shown. Drop-downs must show their option
  (an option whose value is ``None`` once showed as blank): chapter 03's "activation"
  shows "none".
* The training playground (chapter 07): Play trains while the reader watches (the counter
  shows the epoch advance and the train loss fall, the figure changes, Pause stops it),
  and a new data set, an added layer and that layer's activation each redraw the figure.
* The reader's work, with autosave every ``AUTOSAVE_SECONDS`` (user settings of the test's
  lab): a chapter run and edited in JupyterLab is saved into ``lab/`` only; ``book/`` and
  ``git status`` stay clean, and after the whole session (every chapter run, played and
  saved) ``git status --porcelain`` is empty. After a pull that changed another chapter,
  starting ``scripts/lab.sh`` again changes nothing in ``lab/`` (the edit survives) and
  names the changed chapter; ``scripts/lab.sh --reset NAME`` gives that one chapter the
  book's version and leaves the rest of ``lab/`` as it was.

The browser-side time from an action (key press, option chosen, click) to the new image's
src is printed per chapter (median, p95, worst; for the playground also the frames per
second Play sent) and written to ``test-artifacts/`` with the load average, never asserted.
The servers are stopped by their PIDs; their kernels are checked to be gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from unittest import mock

import nbformat
import psutil
import pytest
import yaml
from chromium import CHROMIUM, CHROMIUM_FLAGS
from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[2]
BOOK = ROOT / "book"
ARTIFACT = ROOT / "test-artifacts" / "jupyterlab_latency.json"
FIXTURE_NOTEBOOK = "lecture_widget_fixture.ipynb"
EDITED_CHAPTER = "02_neuron_and_xor"
PULLED_CHAPTER = "04_gradient_descent"
# What a drop-down must show before it is touched, per chapter: label -> option shown.
DROPDOWNS_SHOWN = {"03_mlp_and_nonlinearity": {"activation": "none"}}
LATENCY_PRESSES = 20
# The chapters with the live training playground, whose Play must train while the reader
# watches. At 25 steps per frame a frame is an epoch of the default setting (circle, 2-4-2
# tanh), whose train loss falls from 0.693 to 0.505 by epoch 20.
PLAYGROUND_CHAPTERS = {"07_training_playground"}
PLAY_STEPS_PER_FRAME = "25"
PLAY_EPOCHS = 20
PLAY_TIMEOUT = 60  # seconds
PAUSE_TIMEOUT = 10  # seconds
_PLAYGROUND_COUNTER = re.compile(r"epoch (?P<epoch>[\d,.]+) .*train loss (?P<train_loss>[\d.]+)")
SERVER_START_TIMEOUT = 90  # seconds
AUTOSAVE_SECONDS = 2  # a reader's JupyterLab saves every 120 s
SAVE_TIMEOUT = 30  # seconds
RUN_ALL_TIMEOUT = 300  # seconds per notebook
MOVE_TIMEOUT = 30  # seconds per action


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


# ---------------------------------------------------------------- the reader's checkout
def git(checkout: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=checkout, check=True, capture_output=True, text=True).stdout


def make_checkout(target: Path) -> Path:
    """A git repository with this working tree's files, committed: what a reader clones.

    The project's .venv is linked in (and excluded in .git/info/exclude, as a reader's own
    .venv folder is by .gitignore), so lab.sh finds its environment without installing one.
    """
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is not the reader's
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git(target, "init", "-q")
    git(target, "add", "-A")
    git(target, "-c", "user.name=reader", "-c", "user.email=reader@localhost", "commit", "-q", "-m", "clone")
    (target / ".venv").symlink_to(ROOT / ".venv")
    with (target / ".git" / "info" / "exclude").open("a") as exclude:
        exclude.write("/.venv\n")
    return target


def digests(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


# ---------------------------------------------------------------------------- server
@dataclass
class Lab:
    url: str
    token: str
    checkout: Path
    process: subprocess.Popen
    log: Path

    @property
    def work(self) -> Path:
        return self.checkout / "lab"

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


def start_lab(checkout: Path, scratch: Path) -> Lab:
    """``bash scripts/lab.sh`` in ``checkout``, as a reader starts it; returns once it answers."""
    token = secrets.token_hex(24)
    port = free_port()
    autosave = scratch / "user-settings" / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    autosave.parent.mkdir(parents=True, exist_ok=True)
    autosave.write_text(json.dumps({"autosaveInterval": AUTOSAVE_SECONDS}))
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(scratch / "runtime"), JUPYTER_CONFIG_DIR=str(scratch / "config"))
    log = scratch / f"jupyterlab-{port}.log"
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [
                "bash", "scripts/lab.sh", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
                "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
                f"--LabApp.user_settings_dir={scratch / 'user-settings'}",
                f"--LabApp.workspaces_dir={scratch / 'workspaces'}",
            ],
            cwd=checkout, stdout=log_file, stderr=subprocess.STDOUT, env=env, start_new_session=True,
        )  # fmt: skip
    lab = Lab(f"http://127.0.0.1:{port}", token, checkout, process, log)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            lab.api("GET", "/api/status")
            return lab
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.3)
    stop_lab(lab)
    raise RuntimeError(f"JupyterLab did not answer within {SERVER_START_TIMEOUT} s:\n{log.read_text()[-3000:]}")


def stop_lab(lab: Lab) -> list[psutil.Process]:
    """SIGTERM to the server's PID (it shuts its kernels down), then SIGKILL what is left.

    Returns the server's descendants (kernels) that were still alive and had to be killed.
    """
    process = lab.process
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
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("jupyterlab")


@pytest.fixture(scope="module")
def checkout(scratch: Path) -> Path:
    folder = scratch / "checkout"
    folder.mkdir()
    return make_checkout(folder)


@pytest.fixture(scope="module")
def book_digests(checkout: Path) -> dict[str, str]:
    """The checkout's book/ before any JupyterLab ran on it."""
    return digests(checkout / "book")


@pytest.fixture(scope="module")
def lab(checkout: Path, scratch: Path, book_digests: dict[str, str]) -> Iterator[Lab]:
    ARTIFACT.unlink(missing_ok=True)  # this run's latencies only
    assert not (checkout / "lab").exists()
    server = start_lab(checkout, scratch)
    nbformat.write(fixture_notebook(), server.work / FIXTURE_NOTEBOOK)
    try:
        yield server
    finally:
        leftovers = stop_lab(server)
    assert not leftovers, f"kernels outlived the server and were killed: {[p.pid for p in leftovers]}"
    # Every chapter was run, autosaved into lab/ and closed: the reader's checkout is as cloned.
    status = git(checkout, "status", "--porcelain", "--untracked-files=all")
    assert status == "", f"the JupyterLab session changed the checkout:\n{status}"


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
# arrives, so the number of live figures must also have stopped changing. ``prompts`` are
# the code cells' input prompts as JupyterLab shows them: a cell whose source is hidden
# (``source_hidden`` metadata) shows a placeholder with no prompt, given as null.
_RUN_STATE = """() => {
  const prompts = Array.from(document.querySelectorAll('.jp-Notebook .jp-CodeCell'), cell => {
    const prompt = cell.querySelector('.jp-InputArea .jp-InputPrompt');
    return prompt === null ? null : prompt.textContent.trim();
  });
  const shown = prompts.filter(p => p !== null);
  const indicator = document.querySelector('.jp-Notebook-ExecutionIndicator');
  return {
    prompts,
    running: shown.filter(p => p.includes('*')).length,
    executed: shown.filter(p => /\\[\\d+\\]/.test(p)).length,
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

# Browser-side latency: an action inside the live figure (key press, option chosen, click;
# capture listeners) to the image's src being replaced (MutationObserver).
# window.__live.reset() starts a new action.
_WATCH = """([root, img]) => {
  const log = {actions: [], swaps: []};
  log.reset = () => { log.actions.length = 0; log.swaps.length = 0; };
  for (const type of ['keydown', 'change', 'click']) {
    root.addEventListener(type, () => log.actions.push(performance.now()), {capture: true});
  }
  new MutationObserver(() => log.swaps.push(performance.now())).observe(img, {attributeFilter: ['src']});
  window.__live = log;
}"""


# Before an action the page is at rest, as a reader's pause leaves it: the image shown is
# decoded and two frames have been painted since.
_SETTLED = """async (img) => {
  await img.decode();
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
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


def prompts_after_run_all(notebook: nbformat.NotebookNode) -> list[str | None]:
    """The input prompts JupyterLab shows once Run All Cells has run ``notebook`` in a new kernel.

    The cells with code are numbered in order (an empty cell is not run: ``[ ]:``). A cell
    whose source is hidden shows no prompt (None), yet it runs and takes its number, so the
    numbers shown after it tell that it ran.
    """
    prompts, count = [], 0
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        if cell.source.strip():
            count += 1
        prompt = f"[{count}]:" if cell.source.strip() else "[ ]:"
        prompts.append(None if cell.metadata.get("jupyter", {}).get("source_hidden") else prompt)
    return prompts


def kernel_idle(page: Page) -> None:
    page.wait_for_function(f"({_RUN_STATE})().idle", timeout=MOVE_TIMEOUT * 1000)


@dataclass
class Action:
    what: str  # for messages: "slider 'w1' ArrowRight", ...
    before: str  # image digests
    after: str
    ms: float  # action -> new image src, in the browser


def act(page: Page, image: Locator, what: str, do) -> Action:
    """Do one action in the watched live figure; wait for the new image and the idle kernel.

    Fails when no new image arrives within MOVE_TIMEOUT (an unchanged picture is not sent).
    """
    before = image.evaluate(_IMAGE_DIGEST)
    image.evaluate(_SETTLED)
    page.evaluate("window.__live.reset()")
    do()
    try:
        page.wait_for_function("window.__live.swaps.length > 0", timeout=MOVE_TIMEOUT * 1000)
    except PlaywrightTimeoutError:
        raise AssertionError(f"{what}: no new image within {MOVE_TIMEOUT} s") from None
    kernel_idle(page)
    log = page.evaluate("({actions: window.__live.actions, swaps: window.__live.swaps})")
    assert log["actions"], f"{what}: the action reached no control of the figure"
    problems = page.evaluate(_PROBLEMS)
    assert problems == [], f"{what} showed errors:\n" + "\n---\n".join(problems)
    return Action(what, before, image.evaluate(_IMAGE_DIGEST), log["swaps"][0] - log["actions"][0])


def watch(page: Page, figure: Locator) -> Locator:
    """Start timing the actions in ``figure`` (see ``_WATCH``); returns its image."""
    image = figure.locator("img.widget-image").first
    figure.scroll_into_view_if_needed()
    page.evaluate(_WATCH, [figure.element_handle(), image.element_handle()])
    return image


def exercise_figure(page: Page, index: int, shown: dict[str, str]) -> list[Action]:
    """Every control of live figure ``index``: sliders one step, drop-downs away and back, presets, Play.

    ``shown`` collects each drop-down's label and the option it showed before it was touched.
    """
    figure = page.locator(".lecture-widget-live").nth(index)
    image = watch(page, figure)
    actions = []
    for handle in figure.locator(".widget-slider .noUi-handle").all():
        label = handle.locator("xpath=ancestor::*[contains(@class, 'widget-slider')][1]//label").inner_text()
        at_end = float(handle.get_attribute("aria-valuenow")) >= float(handle.get_attribute("aria-valuemax"))
        key = "ArrowLeft" if at_end else "ArrowRight"
        handle.focus()
        actions.append(act(page, image, f"figure {index}, slider {label!r} {key}", partial(handle.press, key)))
    for dropdown in figure.locator(".widget-dropdown").all():
        label = dropdown.locator("label").inner_text()
        select = dropdown.locator("select")
        first = select.evaluate("s => s.selectedIndex")
        count = select.evaluate("s => s.options.length")
        shown[label] = select.evaluate("s => s.selectedIndex < 0 ? '' : s.options[s.selectedIndex].text")
        assert shown[label], f"drop-down {label!r} shows no option"
        away = (first + 1) % count
        what = f"figure {index}, drop-down {label!r}"
        actions.append(act(page, image, f"{what} to option {away}", partial(select.select_option, index=away)))
        actions.append(act(page, image, f"{what} back to option {first}", partial(select.select_option, index=first)))
        assert actions[-1].after == actions[-2].before, f"drop-down {label!r} back: not the first picture again"
    for button in figure.locator("button.widget-button").all():
        name = button.inner_text()
        actions.append(act(page, image, f"figure {index}, preset {name!r}", button.click))
    # A slider's play button steps it on a timer: the first step's time is mostly the
    # timer's interval, so it is checked but left out of the latencies.
    for player in figure.locator(".widget-play").all():
        toggle = player.locator("button").first
        played = act(page, image, f"figure {index}, play", toggle.click)
        toggle.click()  # pause
        kernel_idle(page)
        assert played.after != played.before, f"figure {index}: Play showed the same picture"
    return actions


def labelled_select(figure: Locator, label: str) -> Locator:
    return figure.locator(f".widget-dropdown:has(> label:text-is({label!r})) select")


def playground_counter(figure: Locator) -> tuple[float, float]:
    """The epoch and the train loss the playground's counter shows."""
    text = figure.locator(".widget-html-content", has_text="train loss").inner_text()
    match = _PLAYGROUND_COUNTER.search(text)
    assert match, f"the playground's counter reads {text!r}"
    return float(match["epoch"].replace(",", "")), float(match["train_loss"])


def play_playground(page: Page, figure: Locator) -> tuple[float, float, float]:
    """Play until the counter shows ``PLAY_EPOCHS``, then pause; the epoch and train loss shown
    when the figure came to rest, and the frames per second the browser received."""
    play = figure.locator(".widget-play button").first
    page.evaluate("window.__live.reset()")
    play.click()
    deadline = time.monotonic() + PLAY_TIMEOUT
    while playground_counter(figure)[0] < PLAY_EPOCHS:
        assert time.monotonic() < deadline, f"Play: epoch {playground_counter(figure)[0]} after {PLAY_TIMEOUT} s"
        time.sleep(0.2)
    play.click()  # now a pause button
    # A tick on its way when Pause was pressed still trains a frame; then the counter rests.
    deadline = time.monotonic() + PAUSE_TIMEOUT
    shown, since = playground_counter(figure), time.monotonic()
    while time.monotonic() - since < 1.0:
        assert time.monotonic() < deadline, f"the counter still moves {PAUSE_TIMEOUT} s after Pause"
        time.sleep(0.2)
        if playground_counter(figure) != shown:
            shown, since = playground_counter(figure), time.monotonic()
    kernel_idle(page)
    swaps = page.evaluate("window.__live.swaps")
    assert len(swaps) > 1, "Play sent no frames"
    return *shown, 1000 * (len(swaps) - 1) / (swaps[-1] - swaps[0])


def exercise_playground(page: Page, index: int) -> tuple[list[Action], float]:
    """Live figure ``index``, the training playground: Play trains while the reader watches, and
    the figure follows a new data set, an added layer and its activation.

    Returns the actions (Play's frames are not among them) and Play's frames per second.
    """
    figure = page.locator(".lecture-widget-live").nth(index)
    image = watch(page, figure)
    epoch, loss = playground_counter(figure)
    assert epoch == 0, f"the playground opens at epoch {epoch}"
    labelled_select(figure, "steps per frame").select_option(PLAY_STEPS_PER_FRAME)
    kernel_idle(page)
    before = image.evaluate(_IMAGE_DIGEST)
    played_epoch, played_loss, frames_per_second = play_playground(page, figure)
    assert played_loss < loss, f"after Play: epoch {played_epoch}, train loss {played_loss} (was {loss} at epoch 0)"
    assert image.evaluate(_IMAGE_DIGEST) != before, "Play trained but the figure stayed the same"

    data = labelled_select(figure, "data")
    actions = [act(page, image, "playground, data set", partial(data.select_option, index=1))]
    assert playground_counter(figure)[0] == 0, "a new data set did not start training again"
    layers = figure.locator(".widget-html-content", has_text=re.compile(r"^layer \d+:"))
    count = layers.count()
    add_layer = figure.locator("button.widget-button", has_text="+ layer")
    actions.append(act(page, image, "playground, + layer", add_layer.click))
    assert layers.count() == count + 1, f"+ layer: {layers.count()} layers shown, not {count + 1}"
    activation = figure.locator("select:has(option[value='sigmoid'])").last
    other = activation.evaluate("s => (s.selectedIndex + 1) % s.options.length")
    actions.append(
        act(page, image, "playground, new layer's activation", partial(activation.select_option, index=other))
    )
    return actions, frames_per_second


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def report_latency(
    name: str, what: str, actions: list[Action], load_before: tuple, capsys, play_fps: float | None = None
) -> None:
    """Print the median, p95 and worst of ``actions``' times (and the frames per second Play
    sent, if given) and add them to the artifact (never asserted)."""
    times = [a.ms for a in actions]
    worst = max(actions, key=lambda a: a.ms)
    summary = {
        "what": f"{what}: action -> new img src, browser side",
        "actions": len(times),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "worst_ms": round(worst.ms, 1),
        "worst": worst.what,
        "samples_ms": {a.what: round(a.ms, 1) for a in actions},
        "load_average": {"before": load_before, "after": os.getloadavg()},
    }
    if play_fps is not None:
        summary["play_frames_per_second"] = round(play_fps, 1)
    ARTIFACT.parent.mkdir(exist_ok=True)
    results = json.loads(ARTIFACT.read_text()) if ARTIFACT.exists() else {}
    results[name] = summary
    ARTIFACT.write_text(json.dumps(results, indent=2) + "\n")
    played = "" if play_fps is None else f"; Play {summary['play_frames_per_second']} frames/s"
    with capsys.disabled():  # shown even when pytest captures output (scripts/test.sh)
        print(f"\nJupyterLab latency, {name}: {len(times)} actions -> new image, "
              f"median {summary['median_ms']} ms, p95 {summary['p95_ms']} ms, "
              f"worst {summary['worst_ms']} ms ({worst.what}){played}")  # fmt: skip


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
    load_before = os.getloadavg()
    settings = lab.api("GET", "/lab/api/settings/@jupyterlab/apputils-extension:notification")
    assert settings["schema"]["properties"]["fetchNews"]["default"] == "false", "overrides.json was not applied"

    open_notebook(page, lab, FIXTURE_NOTEBOOK)
    state = run_all_cells(page)
    assert state["prompts"] == prompts_after_run_all(fixture_notebook()) == ["[1]:", "[2]:", "[3]:", "[4]:"], state
    assert page.evaluate(_PROBLEMS) == []
    stdout = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stdout']").first
    kernel_prefix = Path(stdout.inner_text().strip()).resolve()
    assert kernel_prefix == (ROOT / ".venv").resolve(), f"the kernel runs in {kernel_prefix}, not the project's .venv"
    assert state["widgets"] == 1
    assert page.get_by_text("official Jupyter news").count() == 0

    # Twenty single steps to the right, one at a time.
    figure = page.locator(".lecture-widget-live").first
    handle = figure.locator(".widget-slider .noUi-handle").first
    image = figure.locator("img.widget-image").first
    figure.scroll_into_view_if_needed()
    page.evaluate(_WATCH, [figure.element_handle(), image.element_handle()])
    handle.focus()
    actions = [act(page, image, f"press {k}", partial(handle.press, "ArrowRight")) for k in range(LATENCY_PRESSES)]
    assert handle.get_attribute("aria-valuenow").startswith(str(LATENCY_PRESSES))
    assert len({a.after for a in actions} | {actions[0].before}) == LATENCY_PRESSES + 1, "a step kept the picture"

    report_latency("fixture", "benchmarks/widgets.py decision boundary, one slider", actions, load_before, capsys)


def test_server_sends_kernel_messages_without_delay(lab: Lab, scratch: Path) -> None:
    """lab.sh's server takes scripts/jupyter_config's kernel websocket, which turns Nagle's algorithm off.

    With it on, a slider's new image waited up to 40 ms behind the echo of its value.
    """
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(scratch / "runtime"), JUPYTER_CONFIG_DIR=str(scratch / "config"))
    shown = subprocess.run(
        ["bash", "scripts/lab.sh", "--show-config"], cwd=lab.checkout, env=env, capture_output=True, text=True
    )
    assert shown.returncode == 0, shown.stderr[-3000:]
    assert ".kernel_websocket_connection_class = <class 'ImmediateWebsocketConnection'>" in shown.stdout, shown.stdout

    config = PyFileConfigLoader("jupyter_server_config.py", path=str(ROOT / "scripts" / "jupyter_config")).load_config()
    connection_class = config.ServerApp.kernel_websocket_connection_class
    handler = mock.Mock(spec=KernelWebsocketHandler)
    with mock.patch.object(ZMQChannelsWebsocketConnection, "connect", return_value="connected") as connect:
        assert connection_class(websocket_handler=handler).connect() == "connected"
    handler.set_nodelay.assert_called_once_with(True)
    connect.assert_called_once_with()


@pytest.mark.parametrize(
    "notebook",
    CHAPTERS or [pytest.param(None, id="no-chapters")],
    ids=lambda path: path.stem if isinstance(path, Path) else str(path),
)
def test_chapter_runs_and_every_control_redraws(
    lab: Lab, page: Page, notebook: Path | None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert notebook is not None, f"no chapter notebooks (book/0*.ipynb) in {BOOK}"
    load_before = os.getloadavg()
    open_notebook(page, lab, notebook.name)
    state = run_all_cells(page)
    problems = page.evaluate(_PROBLEMS)
    assert problems == [], f"{notebook.name} printed errors or to stderr:\n" + "\n---\n".join(problems)
    expected = prompts_after_run_all(nbformat.read(notebook, as_version=4))
    assert state["prompts"] == expected, f"not every code cell ran once, in order: {state}"
    assert state["widgets"] > 0, f"{notebook.name} shows no live figure (lecture_lib.widgets)"

    actions: list[Action] = []
    shown: dict[str, str] = {}
    playgrounds = page.locator(".lecture-widget-live").evaluate_all(
        "figures => figures.map(f => f.classList.contains('lecture-playground-live'))"
    )
    assert any(playgrounds) == (notebook.stem in PLAYGROUND_CHAPTERS), f"live playgrounds: {playgrounds}"
    frames_per_second = None
    for index, playground in enumerate(playgrounds):
        if playground:
            done, frames_per_second = exercise_playground(page, index)
        else:
            done = exercise_figure(page, index, shown)
        assert done, f"live figure {index} of {notebook.name} has no control"
        for action in done:
            assert action.after != action.before, f"{notebook.name}, {action.what}: the same picture"
        actions += done
    for label, option in DROPDOWNS_SHOWN.get(notebook.stem, {}).items():
        assert shown.get(label) == option, f"drop-down {label!r} showed {shown.get(label)!r}, not {option!r}"

    report_latency(
        notebook.stem, "every control of every live figure once", actions, load_before, capsys, frames_per_second
    )


def wait_for_save(path: Path, saved: Callable[[str], bool], what: str) -> None:
    """Wait until the text of ``path`` passes ``saved`` (JupyterLab's autosave wrote it)."""
    deadline = time.monotonic() + SAVE_TIMEOUT
    while not saved(path.read_text()):
        assert time.monotonic() < deadline, f"{what}: not saved to {path} within {SAVE_TIMEOUT} s"
        time.sleep(0.2)


def type_into_first_code_cell(page: Page, text: str) -> None:
    """Click into the first code cell's editor and type ``text`` at its start.

    Right after Run All the notebook is still laying out its outputs, and a click there
    sometimes left no editor focused (twice in about ten runs: the keys went nowhere). The typing is
    tried again until the editor shows it.
    """
    editor = page.locator(".jp-CodeCell .cm-content").first
    for _ in range(3):
        editor.click()
        page.keyboard.press("Control+Home")
        page.keyboard.type(text)
        with contextlib.suppress(PlaywrightTimeoutError):
            editor.filter(has_text=text.strip()).wait_for(timeout=5_000)
            return
    raise AssertionError(f"typing into the first code cell did not reach its editor: {editor.inner_text()[:200]!r}")


def reset_chapter(checkout: Path, name: str) -> None:
    """``scripts/lab.sh --reset name``: lab/name.ipynb becomes the book's, and nothing else in lab/ changes."""
    work, chapter = checkout / "lab", f"{name}.ipynb"
    before = digests(work)
    done = subprocess.run(["bash", "scripts/lab.sh", "--reset", name], cwd=checkout, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (work / chapter).read_bytes() == (checkout / "book" / chapter).read_bytes()
    after = digests(work)
    assert after[chapter] != before[chapter], f"lab/{chapter} was the book's version already"
    assert {path: digest for path, digest in after.items() if path != chapter} == {
        path: digest for path, digest in before.items() if path != chapter
    }, f"--reset {name} changed other files in lab/"


def test_reader_work_stays_in_lab_folder_and_reset_restores_a_chapter(
    lab: Lab, page: Page, scratch: Path, book_digests: dict[str, str]
) -> None:
    checkout, saved = lab.checkout, lab.work / f"{EDITED_CHAPTER}.ipynb"
    assert sorted(p.name for p in lab.work.glob("0*.ipynb")) == [p.name for p in sorted(BOOK.glob("0*.ipynb"))]
    book_version = (checkout / "book" / saved.name).read_text()

    # Run the chapter and type into its first code cell; autosave writes both to lab/.
    open_notebook(page, lab, saved.name)
    run_all_cells(page)
    wait_for_save(saved, lambda text: text != book_version, "the run's outputs")
    note = f"# a reader's note {secrets.token_hex(4)}"
    type_into_first_code_cell(page, note + "\n")
    wait_for_save(saved, lambda text: note in text, "the reader's edit")
    on_disk = nbformat.read(saved, as_version=4)
    assert any(cell.get("outputs") for cell in on_disk.cells), "the saved chapter has no outputs"
    assert digests(checkout / "book") == book_digests, "running JupyterLab changed book/"
    assert git(checkout, "status", "--porcelain", "--untracked-files=all") == ""
    page.close()  # the reader closes the lab before pulling
    lab.shut_down_kernels()

    # A pull changes another chapter in book/; starting the lab again overwrites neither
    # the reader's edit nor the old copy of that chapter, and names it.
    pulled = checkout / "book" / f"{PULLED_CHAPTER}.ipynb"
    chapter = nbformat.read(pulled, as_version=4)
    chapter.cells.append(nbformat.v4.new_markdown_cell("A paragraph the pull brought."))
    nbformat.write(chapter, pulled)
    os.utime(pulled, (time.time() + 5, time.time() + 5))  # newer than the copy, whatever the clock's grain
    git(checkout, "-c", "user.name=author", "-c", "user.email=author@localhost", "commit", "-q", "-am", "pull")
    copies = digests(lab.work)
    again = start_lab(checkout, scratch)
    assert stop_lab(again) == []
    assert note in saved.read_text(), "starting scripts/lab.sh again lost the reader's edit"
    assert digests(lab.work) == copies, "starting scripts/lab.sh again changed lab/"
    started = again.log.read_text()
    assert f"--reset {PULLED_CHAPTER} takes it" in started and f"--reset {EDITED_CHAPTER}" not in started, started

    # Each reset gives one chapter the book's version and leaves the rest of lab/ alone.
    reset_chapter(checkout, EDITED_CHAPTER)
    reset_chapter(checkout, PULLED_CHAPTER)
    assert git(checkout, "status", "--porcelain", "--untracked-files=all") == ""

"""The training playground, live: every control of TensorFlow Playground, and the curated runs of the static book.

Two ways to show ``lecture_lib.figures.playground.PlaygroundFigure``:

* ``curated_playground(runs, checkpoints)``: training runs the chapter defines, each
  trained once (``lecture_lib.algorithms.playground.train_runs``) and kept as snapshots at
  log-spaced epochs; a drop-down picks the run, an epoch slider with a play button steps
  through its checkpoints. An ordinary ``interactive`` figure: in the static book every
  frame is rendered ahead of time and loaded on demand.
* ``PlaygroundWidget``: the full playground in a kernel. The data, the features, the layers
  (added and removed, each with its own activation), the learning rate, momentum and
  regularisation reset the network; Play trains it while the reader watches (an
  ``ipywidgets.Play`` timer in the browser asks the kernel for a frame every
  ``FRAME_MS`` ms: between frames the kernel answers the other controls), Step trains one
  epoch, Reset starts again. A frame trains ``steps per frame`` minibatch steps, then
  redraws only the figure's animated artists over a cached background
  (``InteractiveFigure``'s blitting) and sends a quickly compressed PNG. Divergence pauses
  the timer and the figure says "diverged at epoch N". A unit's formula with its current
  weights and "copy as code" show on demand. In the static book the widget cannot train,
  so it shows a note instead.

Used in chapter 07_training_playground.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from lecture_lib.algorithms.playground import Playground, Snapshot
from lecture_lib.algorithms.playground_settings import Settings
from lecture_lib.engine import checks
from lecture_lib.figures.playground import LINKS, PlaygroundFigure
from lecture_lib.widgets.controls import Dropdown, Slider
from lecture_lib.widgets.interactive import InteractiveFigure, encode_png, interactive, static_mode
from lecture_lib.widgets.playground_controls import build_controls, check_offered

STATIC_NOTE = (
    "The full playground trains a network while you watch, so it needs a running kernel: open this chapter in "
    "JupyterLab (the launch button at the top of the page, or scripts/lab.sh) and run all cells. The curated "
    "runs above are the static book's version."
)


def curated_playground(runs: Mapping[str, Sequence[Snapshot]], checkpoints: Sequence[int],
                       links: str = "weights") -> InteractiveFigure:
    """Stored training runs, replayed: a drop-down over the runs and an epoch slider with a play button.

    Parameters
    ----------
    runs : mapping of str to sequence of Snapshot
        The chapter's runs by name, each with one snapshot per checkpoint (``train_runs``).
    checkpoints : sequence of int
        The epochs of the snapshots, increasing.
    links : {"weights", "gradients"}
        What the links of the network show.

    Returns
    -------
    InteractiveFigure
        Controls ``run`` and ``epoch``; it opens on the first run at epoch 0, ready to play.
    """
    checkpoints = list(checks.integers("checkpoints", checkpoints, minimum=0))
    checks.one_of("links", links, LINKS)
    if not checks.instance("runs", runs, Mapping):
        raise ValueError("curated_playground needs at least one run")
    for name, snapshots in runs.items():
        if len(snapshots) != len(checkpoints):
            raise ValueError(f"run {name!r} has {len(snapshots)} snapshots for {len(checkpoints)} checkpoints")
        for index, snapshot in enumerate(snapshots):
            checks.instance(f"runs[{name!r}][{index}]", snapshot, Snapshot, "from train_run")
    view = PlaygroundFigure(animated=True, last_epoch=max(checkpoints[-1], 1))
    controls = {
        "run": Dropdown(list(runs), description="run"),
        "epoch": Slider(values=checkpoints, value=checkpoints[0], description="epoch", play=True),
    }

    def update(run: str, epoch: int) -> bool:
        return view.show(runs[run][checkpoints.index(int(epoch))], links=links)

    return interactive(update, controls, view.figure)


class PlaygroundWidget:
    """The full playground in a kernel (see the module's docstring); display it as a cell's last expression.

    Parameters
    ----------
    settings : Settings, optional
        The first setting (default: the Playground's own, a 2-4-2 tanh network on the circle).
    presets : mapping of str to Settings, optional
        Named settings offered in a "load" drop-down (the chapter's curated runs).
    """

    def __init__(self, settings: Settings | None = None, presets: Mapping[str, Settings] | None = None) -> None:
        self.settings = Settings() if settings is None else checks.instance("settings", settings, Settings)
        self.presets = dict(checks.instance("presets", presets or {}, Mapping))
        for name, preset in self.presets.items():
            checks.instance(f"presets[{name!r}]", preset, Settings)
            check_offered(preset, f"preset {name!r}")
        check_offered(self.settings)
        self.controls: dict[str, Any] = {}  # the ipywidgets by name, once ``widget`` has built them
        self.playground = Playground(self.settings)
        self.links, self.show_test, self.selected, self.steps_per_frame = "weights", True, None, 5
        self.view = PlaygroundFigure(animated=True, status=False)  # the epoch and losses are HTML beside the buttons
        self._current = self.playground.snapshot(with_gradients=False)
        self.frame = interactive(self._draw, {"links": Dropdown(list(LINKS))}, self.view.figure)
        self._widget = None

    # ----------------------------------------------------------- kernel-side actions
    # The buttons and the timer call these; the tests and the benchmark call them directly.
    def reset(self, settings: Settings | None = None) -> None:
        """A new network (and data) at epoch 0, from ``settings`` or the current ones."""
        self.settings = settings or self.settings
        self.playground = Playground(self.settings)
        if self.selected is not None and not self._unit_exists(self.selected):
            self.selected = None

    def train_frame(self) -> bool:
        """One frame of training: ``steps_per_frame`` minibatch steps, then the losses recorded.
        False when training has diverged (then nothing was trained)."""
        trained = all(self.playground.step() for _ in range(self.steps_per_frame))
        self.playground.record()
        return trained

    def step_epoch(self) -> bool:
        """The Step button: one epoch more (False if training diverged)."""
        self.playground.train(1)
        return self.playground.diverged_at is None

    def render(self) -> bytes:
        """The figure for the current state, as a PNG (only the animated artists redrawn, encoded
        as every live figure's frame is: RGB, rows unfiltered, compression level 1)."""
        self._current = self.playground.snapshot(with_gradients=self.links == "gradients")
        self.frame.set(links=self.links)
        return encode_png(self.frame._draw())

    def _draw(self, links: str) -> bool:
        return self.view.show(self._current, links=links, show_test=self.show_test, selected=self.selected)

    def link_scale(self) -> str:
        """The links' scale, which the live figure leaves to the counter: the largest |w| or |dL/dw|."""
        arrays = self._current.weights if self.links == "weights" else self._current.gradients
        largest = max(float(np.abs(a).max()) for a in arrays)
        return f"largest |w| {largest:.2g}" if self.links == "weights" else f"largest |\u2202L/\u2202w| {largest:.2g}"

    def formula(self) -> str:
        """The selected unit's formula with its current weights ("" when no unit is selected)."""
        return "" if self.selected is None else self.playground.unit_formula(*self.selected)

    def code(self) -> str:
        """"Copy as code": the lines of lecture_lib that train the network on screen to its current epoch."""
        return self.playground.as_code(int(self.playground.epoch))

    def _unit_exists(self, unit: tuple[int, int]) -> bool:
        layer, index = unit
        sizes = self.settings.sizes
        return 1 <= layer < len(sizes) and 0 <= index < sizes[layer]

    # ------------------------------------------------------------------- the widget
    @property
    def widget(self) -> Any:
        """The ipywidgets view (built once)."""
        if self._widget is None:
            self._widget = build_controls(self)
        return self._widget

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        if static_mode():
            note = f'<p class="lecture-playground-note"><em>{html.escape(STATIC_NOTE)}</em></p>'
            return {"text/html": note, "text/plain": STATIC_NOTE}
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)

    def __repr__(self) -> str:
        return f"PlaygroundWidget({self.settings})"

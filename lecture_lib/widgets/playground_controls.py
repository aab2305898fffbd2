"""The controls of the live training playground: TensorFlow Playground's panel, in ipywidgets.

Data (set, noise, train share, batch size, seed and "new data"), the seven input features
as toggles, hidden layers added and removed with units and an activation each, learning
rate, momentum, L1/L2 regularisation and its rate, a curated run to load; Play (an
``ipywidgets.Play`` timer whose every tick trains one frame), Step (one epoch) and Reset;
the links' view (weights or gradients), the test points, a unit's formula and "copy as
code". The state they act on is ``lecture_lib.widgets.playground.PlaygroundWidget``.

Used in chapter 07_training_playground.
"""

from __future__ import annotations

import contextlib
import html
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from lecture_lib.algorithms.playground_data import DATASETS, FEATURES
from lecture_lib.algorithms.playground_settings import (
    ACTIVATIONS,
    MAX_BATCH_SIZE,
    MAX_HIDDEN_LAYERS,
    MAX_UNITS,
    REGULARIZATIONS,
    Settings,
    unit_name,
)
from lecture_lib.engine import checks

if TYPE_CHECKING:  # the state lives in lecture_lib.widgets.playground, which imports this module
    from lecture_lib.widgets.playground import PlaygroundWidget

LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
MOMENTA = (0.0, 0.5, 0.9, 0.99)
REGULARIZATION_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
STEPS_PER_FRAME = (1, 5, 25, 100)
FRAME_MS = 40  # the Play timer's interval: 25 frames a second when the kernel keeps up


def build_controls(playground: PlaygroundWidget) -> Any:
    """The ipywidgets view of ``playground``: its controls, wired so that each change of a
    setting resets the network, above the figure's image.

    Parameters
    ----------
    playground : PlaygroundWidget

    Returns
    -------
    ipywidgets.VBox
        With the CSS classes ``lecture-widget-live`` and ``lecture-playground-live``.
    """
    import ipywidgets

    wide = {"description_width": "initial"}
    s = playground.settings
    image = ipywidgets.Image(value=playground.render(), format="png")
    counter = ipywidgets.HTML()
    formula = ipywidgets.HTML()
    code = ipywidgets.Textarea(layout={"width": "100%", "height": "16em", "display": "none"})
    errors = ipywidgets.Output()
    updating = False  # set while several controls are set at once: one reset at the end

    @contextlib.contextmanager
    def reported() -> Iterator[None]:
        # A failure's traceback goes under the figure. The Output widget is entered only
        # then: entering it sends two messages to the browser, four per frame of Play.
        try:
            yield
        except Exception:
            with errors:
                raise

    def redraw() -> None:
        with reported():
            image.value = playground.render()
            pg = playground.playground
            state = (f"diverged at epoch {pg.diverged_at:.3g}" if pg.diverged_at is not None
                     else f"train loss {pg.history[-1][1]:.3f}, test loss {pg.history[-1][2]:.3f}")
            counter.value = (f"<b>epoch {pg.epoch:,.2f}</b> ({pg.steps:,} steps): {state}; "
                             f"{html.escape(playground.link_scale())}")
            formula.value = f"<code>{html.escape(playground.formula())}</code>"
            if code.layout.display != "none":
                code.value = playground.code()

    data = {
        "dataset": ipywidgets.Dropdown(options=[(label, name) for name, (_, _, label) in DATASETS.items()],
                                       value=s.dataset, description="data", style=wide),
        "noise": ipywidgets.IntSlider(value=round(100 * s.noise), min=0, max=50, step=5, description="noise %",
                                      style=wide),
        "train_share": ipywidgets.IntSlider(value=round(100 * s.train_share), min=10, max=90, step=10,
                                            description="train %", style=wide),
        "batch_size": ipywidgets.IntSlider(value=s.batch_size, min=1, max=MAX_BATCH_SIZE, description="batch",
                                           style=wide),
        "seed": ipywidgets.BoundedIntText(value=s.seed, min=0, max=2**31, description="seed",
                                          layout={"width": "9em"}, style=wide),
    }
    regenerate = ipywidgets.Button(description="new data", tooltip="the next seed: new points, new initial weights")
    features = {name: ipywidgets.ToggleButton(value=name in s.features, description=name, layout={"width": "5.5em"})
                for name in FEATURES}
    training = {
        "learning_rate": ipywidgets.Dropdown(options=[(f"{r:g}", r) for r in LEARNING_RATES], value=s.learning_rate,
                                             description="learning rate", style=wide),
        "momentum": ipywidgets.Dropdown(options=[(f"{m:g}", m) for m in MOMENTA], value=s.momentum,
                                        description="momentum", style=wide),
        "regularization": ipywidgets.Dropdown(options=list(REGULARIZATIONS), value=s.regularization,
                                              description="regularisation", style=wide),
        "regularization_rate": ipywidgets.Dropdown(options=[(f"{r:g}", r) for r in REGULARIZATION_RATES],
                                                   value=s.regularization_rate, description="rate", style=wide),
    }
    hidden = list(s.hidden)
    activations = list(s.activations)
    layers_box = ipywidgets.HBox()

    def settings_from_controls() -> Settings:
        chosen = [name for name, toggle in features.items() if toggle.value]
        return Settings(
            dataset=data["dataset"].value, noise=data["noise"].value / 100, train_share=data["train_share"].value / 100,
            batch_size=data["batch_size"].value, seed=int(data["seed"].value), features=tuple(chosen),
            hidden=tuple(hidden), activations=tuple(activations),
            **{name: box.value for name, box in training.items()},
        )

    def changed(_: object = None) -> None:
        if updating:
            return
        play.playing = False
        with reported():
            playground.reset(settings_from_controls())
            units.options = unit_options()
            units.value = playground.selected
        redraw()

    columns: list = []  # per hidden layer: its label, activation, and - and + buttons

    def layer_column(index: int) -> Any:
        choice = ipywidgets.Dropdown(options=list(ACTIVATIONS), value=activations[index], layout={"width": "7em"})
        more = ipywidgets.Button(description="+", layout={"width": "2.6em"}, tooltip="one unit more")
        fewer = ipywidgets.Button(description="\u2212", layout={"width": "2.6em"}, tooltip="one unit fewer")
        choice.observe(lambda change: set_activation(index, change["new"]), names="value")
        more.on_click(lambda _: resize(index, +1))
        fewer.on_click(lambda _: resize(index, -1))
        return ipywidgets.VBox([ipywidgets.HTML(), choice, ipywidgets.HBox([fewer, more])])

    def layer_controls() -> None:
        # Only a new layer gets new widgets (each is a message to the browser, and the new
        # image waits behind them); the others are relabelled.
        while len(columns) > len(hidden):
            column = columns.pop()
            label, choice, buttons = column.children
            for widget in (label, choice, *buttons.children, buttons, column):
                widget.close()
        while len(columns) < len(hidden):
            columns.append(layer_column(len(columns)))
        for index, (column, size, activation) in enumerate(zip(columns, hidden, activations, strict=True)):
            label, choice, _ = column.children
            label.value = f"layer {index + 1}: {size} unit{'s' if size > 1 else ''}"
            choice.value = activation
        layers_box.children = tuple(columns)

    def set_activation(index: int, activation: str) -> None:
        activations[index] = activation
        changed()

    def resize(index: int, delta: int) -> None:
        hidden[index] = int(np.clip(hidden[index] + delta, 1, MAX_UNITS))
        layer_controls()
        changed()

    def add_or_remove_layer(delta: int) -> None:
        if delta > 0 and len(hidden) < MAX_HIDDEN_LAYERS:
            hidden.append(hidden[-1] if hidden else 4)
            activations.append(activations[-1] if activations else "tanh")
        elif delta < 0 and hidden:
            hidden.pop()
            activations.pop()
        layer_controls()
        changed()

    add_layer = ipywidgets.Button(description="+ layer", tooltip=f"add a hidden layer (at most {MAX_HIDDEN_LAYERS})")
    remove_layer = ipywidgets.Button(description="\u2212 layer", tooltip="remove the last hidden layer")
    add_layer.on_click(lambda _: add_or_remove_layer(+1))
    remove_layer.on_click(lambda _: add_or_remove_layer(-1))

    # Transport: Play's timer ticks in the browser; each tick that moves it forward trains one frame.
    play = ipywidgets.Play(value=0, min=0, max=10**9, step=1, interval=FRAME_MS, show_repeat=False,
                           description="play")
    step = ipywidgets.Button(description="step", tooltip="train one epoch")
    reset = ipywidgets.Button(description="reset", tooltip="new initial weights, epoch 0")
    speed = ipywidgets.Dropdown(options=STEPS_PER_FRAME, value=playground.steps_per_frame,
                                description="steps per frame", style=wide, layout={"width": "13em"})

    finished = [0.0]  # when the last frame was sent

    def tick(change: dict) -> None:
        # A tick that arrives right as the last frame ends was queued while the kernel drew:
        # it is dropped, so that a slow kernel draws every other tick instead of falling ever
        # further behind the timer (and Pause takes effect at once).
        if change["new"] <= change["old"] or time.perf_counter() - finished[0] < FRAME_MS / 4000:
            return  # also Play's stop button, which sets the value back to 0
        with reported():
            if not playground.train_frame():
                play.playing = False
        redraw()
        finished[0] = time.perf_counter()

    def step_clicked(_: object) -> None:
        play.playing = False
        with reported():
            playground.step_epoch()
        redraw()

    def reset_clicked(_: object) -> None:
        play.playing = False
        with reported():
            playground.reset()
        redraw()

    play.observe(tick, names="value")
    step.on_click(step_clicked)
    reset.on_click(reset_clicked)
    speed.observe(lambda change: setattr(playground, "steps_per_frame", change["new"]), names="value")

    # The view: links, test points, a unit's formula, copy as code.
    links = ipywidgets.ToggleButtons(options=[("weights", "weights"), ("gradients (backward view)", "gradients")],
                                     value=playground.links, description="links",
                                     style={**wide, "button_width": "16em"})
    test_points = ipywidgets.Checkbox(value=playground.show_test, description="show test points", indent=False)

    def unit_options() -> list[tuple[str, Any]]:
        sizes = playground.settings.sizes
        return [("none", None)] + [(unit_name(playground.settings, layer, unit), (layer, unit))
                                   for layer in range(1, len(sizes)) for unit in range(sizes[layer])]

    units = ipywidgets.Dropdown(options=unit_options(), value=None, description="formula of", style=wide)
    show_code = ipywidgets.ToggleButton(value=False, description="copy as code", tooltip="the lines that train this")

    def view_changed(_: object = None) -> None:
        playground.links, playground.show_test = links.value, test_points.value
        playground.selected = units.value
        code.layout.display = "block" if show_code.value else "none"
        redraw()

    for control in (links, test_points, units, show_code):
        control.observe(view_changed, names="value")

    def regenerate_clicked(_: object) -> None:
        data["seed"].value += 1  # observed: resets

    regenerate.on_click(regenerate_clicked)
    for control in [*data.values(), *training.values()]:
        control.observe(changed, names="value")

    def feature_toggled(change: dict) -> None:
        if not any(toggle.value for toggle in features.values()):
            change["owner"].value = True  # the network needs an input: the last one stays on
            return
        changed()

    for toggle in features.values():
        toggle.observe(feature_toggled, names="value")

    preset = ipywidgets.Dropdown(options=[("\u2014", None)] + [(name, name) for name in playground.presets],
                                 value=None, description="load a curated run", style=wide)

    def load(change: dict) -> None:
        nonlocal updating
        if change["new"] is None:
            return
        chosen = playground.presets[change["new"]]
        updating = True
        try:
            for name in data:
                value = getattr(chosen, name)
                data[name].value = round(100 * value) if name in ("noise", "train_share") else value
            for name, toggle in features.items():
                toggle.value = name in chosen.features
            for name, box in training.items():
                box.value = getattr(chosen, name)
            hidden[:], activations[:] = list(chosen.hidden), list(chosen.activations)
            layer_controls()
        finally:
            updating = False
        changed()

    preset.observe(load, names="value")
    layer_controls()
    redraw()
    rows = [
        ipywidgets.HBox([play, step, reset, speed, counter]),
        ipywidgets.HBox([data["dataset"], data["noise"], data["train_share"]]),
        ipywidgets.HBox([data["batch_size"], data["seed"], regenerate, preset]),
        ipywidgets.HBox([ipywidgets.Label("features:"), *features.values()]),
        ipywidgets.HBox([ipywidgets.Label("hidden layers:"), remove_layer, add_layer, layers_box]),
        ipywidgets.HBox(list(training.values())),
        ipywidgets.HBox([links, test_points]),
        image,
        ipywidgets.HBox([units, formula]),
        show_code,
        code,
        errors,
    ]
    box = ipywidgets.VBox(rows)
    box.add_class("lecture-widget-live")
    box.add_class("lecture-playground-live")
    playground.controls = {
        "play": play, "step": step, "reset": reset, "speed": speed, "counter": counter, **data,
        "new data": regenerate, "preset": preset, **{f"feature {name}": toggle for name, toggle in features.items()},
        "add layer": add_layer, "remove layer": remove_layer, "layers": layers_box, **training, "links": links,
        "test points": test_points, "image": image, "unit": units, "formula": formula, "show code": show_code,
        "code": code, "errors": errors,
    }
    return box


def check_offered(settings: Settings, what: str = "settings") -> None:
    """A ValueError unless the controls offer every value of ``settings`` (noise in steps of
    5 %, train share of 10 %, the listed learning rates, momenta and regularisation rates)."""
    checks.instance(what, settings, Settings)
    offered = {
        "noise": [k / 20 for k in range(11)], "train_share": [k / 10 for k in range(1, 10)],
        "learning_rate": LEARNING_RATES, "momentum": MOMENTA, "regularization_rate": REGULARIZATION_RATES,
    }
    for name, values in offered.items():
        value = getattr(settings, name)
        if not any(abs(value - v) < 1e-12 for v in values):
            raise ValueError(f"{what}: {name}={value:g} is not offered by the playground's controls ({list(values)})")

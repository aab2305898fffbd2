"""The playground's figure, its curated replay and the live widget (chapter 07_training_playground)."""

import io
import time

import numpy as np
import pytest
from matplotlib.colors import to_rgb
from PIL import Image
from widget_sweep import assert_everything_drawn_is_finite, sweep_extremes

from lecture_lib.algorithms.playground import Playground, train_runs
from lecture_lib.algorithms.playground_settings import Settings
from lecture_lib.figures.graph import GRADIENT_COLOUR
from lecture_lib.figures.playground import (
    NEGATIVE,
    POSITIVE,
    NetworkLayout,
    PlaygroundFigure,
    class_colours,
    describe,
    diverging_colours,
)
from lecture_lib.widgets.controls import Dropdown
from lecture_lib.widgets.interactive import interactive
from lecture_lib.widgets.playground import STATIC_NOTE, PlaygroundWidget, curated_playground
from lecture_lib.widgets.playground_controls import check_offered

TINY = Settings(dataset="xor", hidden=(3,), activations=("tanh",), batch_size=25, learning_rate=0.1)
DIVERGING = Settings(dataset="circle", features=("x1", "x2", "x1²", "x2²"), hidden=(4, 2),
                     activations=("linear", "linear"), learning_rate=0.3)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


# ---------------------------------------------------------------------------- the colours
def test_colours_follow_the_playground():
    assert np.allclose(diverging_colours(np.array([-1.0, 0.0, 1.0])), [NEGATIVE, np.ones(3), POSITIVE])
    assert np.allclose(diverging_colours(np.array([5.0])), [POSITIVE])  # clipped
    sure = class_colours(np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]))
    assert np.allclose(sure[1], 1.0)  # unsure: white
    assert np.argmax(sure[0]) == 2 and np.argmax(sure[2]) == 0  # blue class 0, orange class 1


def test_the_drawing_helpers_refuse_what_they_would_draw_wrong():
    with pytest.raises(ValueError, match=r"values contains 1 NaN or infinite .* the first nan at index \(0,\)"):
        diverging_colours(np.array([np.nan]))
    with pytest.raises(TypeError, match="values must hold real numbers"):
        diverging_colours(["a"])
    with pytest.raises(ValueError, match=r"probabilities must be 2-D, got shape \(2,\)"):
        class_colours(np.array([0.5, 0.5]))
    with pytest.raises(ValueError, match=r"probabilities must have 2 to \d+ classes \(columns\), got 20"):
        class_colours(np.full((2, 20), 0.05))
    with pytest.raises(ValueError, match=r"strength must be a finite number in \[0, 1\], got inf"):
        class_colours(np.full((2, 2), 0.5), float("inf"))
    with pytest.raises(TypeError, match=r"sizes\[0\] must be an integer, got 2.5 \(float\)"):
        NetworkLayout((2.5, 1))
    with pytest.raises(ValueError, match=r"sizes must be at least two layer widths, inputs and outputs, got \(2,\)"):
        NetworkLayout((2,))
    with pytest.raises(TypeError, match="settings must be a Settings, got None"):
        describe(None)
    with pytest.raises(TypeError, match=r"settings must be a Settings, got \{\} \(dict\)"):
        check_offered({})


# ------------------------------------------------------------------------------ the figure
def test_the_figure_draws_links_by_weight_and_by_gradient():
    playground = Playground(TINY)
    playground.train(2)
    snapshot = playground.snapshot()
    view = PlaygroundFigure(animated=False)
    assert view.show(snapshot) is True  # the first drawing builds the network
    weights = np.concatenate([w.ravel() for w in snapshot.weights])
    widths = view.links.get_linewidths()
    assert len(widths) == len(weights) == 2 * 3 + 3 * 2
    assert np.argmax(widths) == np.argmax(np.abs(weights))
    colours = view.links.get_colors()[:, :3]
    assert np.allclose(colours[weights >= 0], POSITIVE) and np.allclose(colours[weights < 0], NEGATIVE)
    assert view.show(snapshot) is False  # nothing outside the animated artists changed
    assert view.note.get_text().endswith(f"largest |w| {np.abs(weights).max():.2g}")
    assert view.show(snapshot, links="gradients") is False  # the note under the network is animated
    gradients = np.concatenate([g.ravel() for g in snapshot.gradients])
    assert np.argmax(view.links.get_linewidths()) == np.argmax(np.abs(gradients))
    reds = view.links.get_colors()[:, :3]
    assert np.allclose(reds[gradients >= 0], to_rgb(GRADIENT_COLOUR))
    assert view.note.get_text().endswith(f"widest {np.abs(gradients).max():.2g}")
    assert "train loss" in view.status.get_text() and "epoch 2" in view.status.get_text()
    with pytest.raises(ValueError, match=r"links must be one of \['weights', 'gradients'\], got 'biases'"):
        view.show(snapshot, links="biases")
    with pytest.raises(TypeError, match=r"snapshot must be a Snapshot \(from Playground.snapshot or .*\), got None"):
        view.show(None)


def test_the_figure_rebuilds_for_another_network_and_outlines_a_unit():
    view = PlaygroundFigure(animated=False)
    assert view.show(Playground(TINY).snapshot()) is True  # the first drawing
    wider = Playground(TINY.replace(hidden=(3, 5), activations=("tanh", "relu"), features=("x1", "x2", "sin x1")))
    assert view.show(wider.snapshot(), selected=(2, 4)) is False  # the network's artists are moved, not made
    assert len(view.links.get_segments()) == 3 * 3 + 3 * 5 + 5 * 2
    assert view.highlight.get_visible()
    x, y = view.highlight.get_xy()
    assert np.allclose([x + 0.65, y + 0.65], view.layout.centres[2][4])
    assert [label.get_text() for label in view.labels] == ["x1", "x2", "sin x1", "inputs", "tanh", "relu", "output"]
    with pytest.raises(ValueError, match="unit heatmaps"):
        view.show(wider.snapshot(unit_grid=8))
    with pytest.raises(ValueError, match=r"selected must be a .* of the network \[3, 3, 5, 2\], got \(2, 5"):
        view.show(wider.snapshot(), selected=(2, 5))
    with pytest.raises(TypeError, match=r"selected\[0\] must be an integer, got 1.5 \(float\)"):
        view.show(wider.snapshot(), selected=(1.5, 0))


def test_another_network_or_data_set_redraws_only_the_animated_artists():
    settings = {
        "tiny": TINY,
        "wider, other features": TINY.replace(hidden=(3, 5), activations=("tanh", "relu"),
                                              features=("x1", "x2", "sin x1", "x1·x2")),
        "no hidden layer, blobs": TINY.replace(dataset="blobs", hidden=(), activations=()),
    }
    snapshots = {name: Playground(chosen).snapshot() for name, chosen in settings.items()}

    def replay(first):
        view = PlaygroundFigure(animated=True)
        figure = interactive(lambda network: view.show(snapshots[network]),
                             {"network": Dropdown(list(settings), value=first)}, view.figure)
        assert figure._blit
        return figure

    moving = replay("tiny")
    moving.render()
    for name in settings:
        background = moving._background
        frame = pixels(moving.render(network=name))
        assert moving._background is background, f"{name}: the background was drawn again"
        difference = np.abs(frame.astype(int) - pixels(replay(name).render()).astype(int)).max(axis=2)
        assert np.count_nonzero(difference > 2) == 0, f"{name}: {np.count_nonzero(difference > 2)} pixels differ"


def test_the_epoch_axis_widens_tenfold_unless_fixed():
    playground = Playground(TINY)
    view = PlaygroundFigure(animated=False)
    view.show(playground.snapshot())
    assert view.loss_axes.get_xlim() == (0, 100)
    playground.train(101, record_every_epoch=False)
    assert view.show(playground.snapshot()) is True and view.loss_axes.get_xlim() == (0, 1000)
    fixed = PlaygroundFigure(animated=False, last_epoch=50)
    fixed.show(playground.snapshot())
    assert fixed.loss_axes.get_xlim() == (0, 500)
    with pytest.raises(ValueError, match="last_epoch must be an integer >= 1, got 0"):
        PlaygroundFigure(last_epoch=0)
    with pytest.raises(TypeError, match=r"last_epoch must be an integer, got 10.0 \(float\)"):
        PlaygroundFigure(last_epoch=10.0)


def test_a_diverged_run_says_so_and_draws_no_nan():
    playground = Playground(DIVERGING)
    playground.train(5)
    view = PlaygroundFigure(animated=False)
    view.show(playground.snapshot())
    assert view.diverged.get_visible()
    assert view.diverged.get_text() == f"diverged at epoch {playground.diverged_at:.3g}"
    assert "diverged" in view.status.get_text()
    view.figure.canvas.draw()
    assert_everything_drawn_is_finite(view.figure)


# ------------------------------------------------------------------------ the curated runs
@pytest.fixture(scope="module")
def runs():
    return train_runs({"tiny": TINY, "diverging": DIVERGING, "three classes": TINY.replace(dataset="blobs")},
                      [0, 1, 3], workers=2)


def test_curated_runs_replay_every_checkpoint(runs):
    figure = curated_playground(runs, [0, 1, 3])
    assert list(figure.controls) == ["run", "epoch"] and figure.controls["epoch"].play
    assert figure.initial == {"run": "tiny", "epoch": 0}  # ready to play
    assert figure.figure.axes[2].get_xlim() == (0, 3)  # the loss curves' axis ends at the last checkpoint
    sweep_extremes(figure)
    frames = {(run, epoch): pixels(figure.render(run=run, epoch=epoch)) for run in runs for epoch in (0, 1, 3)}
    assert len({frame.tobytes() for frame in frames.values()}) == len(frames) - 1  # a diverged run stops moving
    assert np.array_equal(frames["diverging", 1], frames["diverging", 3])


def test_workers_do_not_change_the_runs(runs):
    alone = train_runs({"tiny": TINY}, [0, 1, 3])
    for ours, theirs in zip(runs["tiny"], alone["tiny"], strict=True):
        assert np.array_equal(ours.probabilities, theirs.probabilities)


def test_bad_curated_runs_are_refused(runs):
    with pytest.raises(ValueError, match="snapshots for 2 checkpoints"):
        curated_playground(runs, [0, 1])
    with pytest.raises(ValueError, match="at least one run"):
        curated_playground({}, [0])
    with pytest.raises(TypeError, match=r"runs must be a Mapping, got \[\["):
        curated_playground([runs["tiny"]], [0, 1, 3])
    with pytest.raises(TypeError, match=r"runs\['tiny'\]\[0\] must be a Snapshot \(from train_run\), got 1 \(int\)"):
        curated_playground({"tiny": [1, 2, 3]}, [0, 1, 3])
    with pytest.raises(TypeError, match=r"checkpoints\[1\] must be an integer, got 1.5 \(float\)"):
        curated_playground(runs, [0, 1.5, 3])
    with pytest.raises(ValueError, match=r"links must be one of \['weights', 'gradients'\], got 'bogus'"):
        curated_playground(runs, [0, 1, 3], links="bogus")


# ---------------------------------------------------------------------------- the live widget
def test_play_trains_a_frame_per_tick_and_redraws():
    live = PlaygroundWidget(TINY)
    live.widget  # noqa: B018 (builds the controls)
    controls = live.controls
    first = controls["image"].value
    controls["speed"].value = 5
    for tick in (1, 2, 3):
        time.sleep(0.02)  # a tick right after a frame was queued behind it, and is dropped
        controls["play"].value = tick
    assert live.playground.steps == 15
    controls["play"].value = 4  # at once: dropped
    assert live.playground.steps == 15
    assert controls["image"].value != first
    assert "epoch 1.50" in controls["counter"].value and "train loss" in controls["counter"].value
    time.sleep(0.02)
    controls["play"].value = 0  # Play's stop button: no training
    assert live.playground.steps == 15
    controls["step"].click()
    assert live.playground.steps == 15 + live.playground.steps_per_epoch
    controls["reset"].click()
    assert live.playground.steps == 0 and live.playground.history[-1][0] == 0


def test_every_setting_resets_the_network():
    live = PlaygroundWidget(TINY)
    live.widget  # noqa: B018
    controls = live.controls
    changes = {"dataset": "spiral3", "noise": 20, "train_share": 70, "batch_size": 7, "seed": 5,
               "learning_rate": 0.3, "momentum": 0.9, "regularization": "L1", "regularization_rate": 0.01}
    for name, value in changes.items():
        time.sleep(0.02)
        controls["play"].value += 1
        controls[name].value = value
        assert live.playground.steps == 0, name
    expected = TINY.replace(dataset="spiral3", noise=0.2, train_share=0.7, batch_size=7, seed=5, learning_rate=0.3,
                            momentum=0.9, regularization="L1", regularization_rate=0.01)
    assert live.settings == expected
    controls["feature x1²"].value = True
    controls["feature x1"].value = False
    assert live.settings.features == ("x2", "x1²")
    controls["feature x2"].value = False
    controls["feature x1²"].value = False  # the last input stays on
    assert live.settings.features == ("x1²",) and controls["feature x1²"].value is True
    controls["new data"].click()
    assert live.settings.seed == 6


def test_layers_are_added_removed_resized_and_given_activations():
    live = PlaygroundWidget(TINY)
    live.widget  # noqa: B018
    controls = live.controls
    first = controls["layers"].children[0]
    controls["add layer"].click()
    assert live.settings.hidden == (3, 3) and live.settings.activations == ("tanh", "tanh")
    assert controls["layers"].children[0] is first  # only the new layer gets new widgets
    second = controls["layers"].children[1]
    activation, more = second.children[1], second.children[2].children[1]
    more.click()
    more.click()
    activation.value = "sigmoid"
    assert live.settings.hidden == (3, 5) and live.settings.activations == ("tanh", "sigmoid")
    assert [column.children[0].value for column in controls["layers"].children] == ["layer 1: 3 units",
                                                                                   "layer 2: 5 units"]
    for _ in range(10):
        controls["layers"].children[0].children[2].children[0].click()  # fewer units, down to 1
    assert live.settings.hidden == (1, 5)
    for _ in range(8):
        controls["add layer"].click()
    assert len(live.settings.hidden) == 6
    for _ in range(8):
        controls["remove layer"].click()
    assert live.settings.hidden == () and live.playground.model.sizes == (2, 2)
    assert controls["layers"].children == () and first.comm is None and first.children[1].comm is None  # closed
    assert controls["errors"].outputs == ()


def test_formula_code_view_and_presets():
    preset = TINY.replace(dataset="blobs", hidden=(2, 2), activations=("relu", "tanh"), learning_rate=0.3)
    live = PlaygroundWidget(TINY, presets={"blobs": preset})
    live.widget  # noqa: B018
    controls = live.controls
    controls["unit"].value = (1, 2)
    assert controls["formula"].value == f"<code>{live.playground.unit_formula(1, 2)}</code>".replace("·", "·")
    controls["show code"].value = True
    controls["step"].click()
    assert controls["code"].layout.display == "block"
    assert "for epoch in range(1):" in controls["code"].value and controls["code"].value == live.code()
    controls["links"].value = "gradients"
    controls["test points"].value = False
    assert live.links == "gradients" and live.show_test is False
    largest = max(np.abs(g).max() for g in live.playground.gradients())
    assert controls["counter"].value.endswith(f"largest |\u2202L/\u2202w| {largest:.2g}")
    assert live.view.note.get_text() == "links: \u2202L/\u2202w on the training set, dark red > 0, pink < 0"
    shown = sum(len(collection.get_offsets()) for collection in live.view.points.values())
    assert shown == len(live.playground.y_train)
    controls["preset"].value = "blobs"
    assert live.settings == preset and live.selected is None  # unit (1, 2) is gone: 2 units
    assert [box.children[1].value for box in controls["layers"].children] == ["relu", "tanh"]
    assert controls["errors"].outputs == ()


def test_divergence_pauses_play_and_shows_in_the_counter():
    live = PlaygroundWidget(DIVERGING)
    live.widget  # noqa: B018
    controls = live.controls
    controls["speed"].value = 25
    controls["play"].playing = True
    for tick in range(1, 4):
        time.sleep(0.02)
        controls["play"].value = tick
    assert live.playground.diverged_at is not None
    assert controls["play"].playing is False
    assert "diverged at epoch" in controls["counter"].value
    assert "nan" not in controls["counter"].value.lower()


def test_a_failure_shows_under_the_figure_and_success_sends_nothing_through_it(monkeypatch):
    shown = []

    class Shell:  # as much of IPython in a kernel as the Output widget asks of it (ipywidgets 8.0 asks the kernel)
        def get_parent(self):
            return {"header": {"msg_id": "the action's message"}}

        kernel = type("Kernel", (), {"get_parent": get_parent})()

        def set_parent(self, parent):
            pass

        def showtraceback(self, exc_tuple, tb_offset=None):
            shown.append(exc_tuple[1])

    monkeypatch.setattr("ipywidgets.widgets.widget_output.get_ipython", Shell)
    live = PlaygroundWidget(TINY)
    live.widget  # noqa: B018
    controls = live.controls
    entered = []  # the Output widget sends its msg_id to the browser when entered and left
    controls["errors"].observe(lambda change: entered.append(change["new"]), names="msg_id")
    controls["step"].click()
    controls["dataset"].value = "circle"
    assert entered == [] and live.settings.dataset == "circle"

    def broken():
        raise RuntimeError("the drawing failed")

    monkeypatch.setattr(live, "render", broken)
    controls["step"].click()  # no exception escapes the button's handler
    assert [str(error) for error in shown] == ["the drawing failed"]
    assert entered == ["the action's message", ""]


def test_unoffered_settings_are_refused():
    with pytest.raises(ValueError, match="learning_rate=0.05"):
        PlaygroundWidget(TINY.replace(learning_rate=0.05))
    with pytest.raises(ValueError, match="preset 'odd': noise=0.12"):
        PlaygroundWidget(TINY, presets={"odd": TINY.replace(noise=0.12)})
    with pytest.raises(TypeError, match=r"presets\['raw'\] must be a Settings, got \{'dataset': 'xor'\}"):
        PlaygroundWidget(TINY, presets={"raw": {"dataset": "xor"}})
    with pytest.raises(TypeError, match=r"presets must be a Mapping, got \[Settings"):
        PlaygroundWidget(TINY, presets=[TINY])
    with pytest.raises(TypeError, match=r"settings must be a Settings, got \{\} \(dict\)"):
        PlaygroundWidget({})


def test_the_static_book_gets_a_note(monkeypatch):
    monkeypatch.setenv("LECTURE_LIB_STATIC", "1")
    bundle = PlaygroundWidget(TINY)._repr_mimebundle_()
    assert bundle["text/plain"] == STATIC_NOTE and "JupyterLab" in bundle["text/html"]

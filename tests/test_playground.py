"""The playground's data, features, settings and training (lecture_lib.algorithms.playground*),
and the engine's MLP with one activation per hidden layer."""

import numpy as np
import pytest

from lecture_lib.algorithms.data import grid_points
from lecture_lib.algorithms.playground import (
    DIVERGENCE_LIMIT,
    Playground,
    layer_outputs,
    log_checkpoints,
    mean_cross_entropy,
    objective,
    penalty,
    softmax,
    train_run,
    train_runs,
)
from lecture_lib.algorithms.playground_data import (
    DATASETS,
    EXTENT,
    FEATURES,
    N_POINTS,
    class_count,
    feature_matrix,
    make_dataset,
    train_test_split,
)
from lecture_lib.algorithms.playground_settings import Settings, unit_formula, unit_name
from lecture_lib.engine import nn
from lecture_lib.engine.gradcheck import gradcheck
from lecture_lib.engine.losses import softmax_cross_entropy

SMALL = Settings(dataset="circle", hidden=(3,), activations=("tanh",), batch_size=25, learning_rate=0.1)


# ------------------------------------------------------------------------------ the data
@pytest.mark.parametrize("name", list(DATASETS))
@pytest.mark.parametrize("noise", [0.0, 0.5])
def test_every_data_set_is_seeded_balanced_and_on_the_square(name, noise):
    X, y = make_dataset(name, noise=noise, seed=3)
    again, labels = make_dataset(name, noise=noise, seed=3)
    assert X.shape == (N_POINTS, 2) and y.shape == (N_POINTS,)
    assert np.array_equal(X, again) and np.array_equal(y, labels)
    if noise > 0 or name != "spiral":  # the two-armed spiral without noise is the same for every seed
        assert not np.array_equal(X, make_dataset(name, noise=noise, seed=4)[0])
    assert set(np.unique(y)) == set(range(class_count(name)))
    inside = np.mean(np.all(np.abs(X) <= EXTENT[1], axis=1))
    assert inside > 0.94, f"{name}: only {inside:.0%} of the points lie in the square"
    if name != "xor" and (noise == 0.0 or name != "circle"):  # XOR is uniform; noise relabels circle points
        assert np.bincount(y).min() >= N_POINTS // class_count(name) - 1


def test_noise_relabels_points_as_the_playground_does():
    X, y = make_dataset("circle", noise=0.0, seed=0)
    assert np.array_equal(y, (np.hypot(X[:, 0], X[:, 1]) >= 2.5).astype(int))  # no noise: the radius decides
    X, y = make_dataset("circle", noise=0.5, seed=0)
    wrong = np.mean(y != (np.hypot(X[:, 0], X[:, 1]) >= 2.5))
    assert 0.1 < wrong < 0.5
    X, y = make_dataset("xor", noise=0.0, seed=0)
    assert np.array_equal(y, (X[:, 0] * X[:, 1] < 0).astype(int))
    assert np.min(np.abs(X)) >= 0.3


@pytest.mark.parametrize("n", [498, 499, 500])
def test_the_three_armed_spiral_takes_any_count(n):
    X, y = make_dataset("spiral3", n=n)
    assert len(X) == n and np.bincount(y).max() - np.bincount(y).min() <= 1


@pytest.mark.parametrize(
    ("arguments", "error", "words"),
    [
        ({"name": "moon"}, ValueError, r"dataset must be one of \['circle', .*\], got 'moon'"),
        ({"name": ["circle"]}, ValueError, r"dataset must be one of .*, got \['circle'\]"),
        ({"name": "circle", "noise": 0.6}, ValueError, r"noise must be a finite number in \[0, 0.5\], got 0.6"),
        ({"name": "circle", "noise": float("nan")}, ValueError, "noise must be a finite number .*, got nan"),
        ({"name": "circle", "noise": True}, TypeError, r"noise must be a real number, got True \(bool\)"),
        ({"name": "circle", "seed": -1}, ValueError, "seed must be an integer >= 0, got -1"),
        ({"name": "circle", "seed": 1.5}, TypeError, r"seed must be an integer, got 1.5 \(float\)"),
        ({"name": "circle", "n": 3}, ValueError, "n must be an integer >= 4, got 3"),
        ({"name": "circle", "n": 10.0}, TypeError, r"n must be an integer, got 10.0 \(float\)"),
    ],
)
def test_bad_data_arguments_are_named(arguments, error, words):
    with pytest.raises(error, match=words):
        make_dataset(**arguments)


def test_the_split_is_seeded_disjoint_and_complete():
    X, y = make_dataset("xor", seed=1)
    X_train, y_train, X_test, y_test = train_test_split(X, y, 0.3, seed=2)
    assert len(X_train) == 150 and len(X_test) == 350
    together = np.vstack([X_train, X_test])
    assert sorted(map(tuple, together)) == sorted(map(tuple, X))
    assert np.array_equal(X_train, train_test_split(X, y, 0.3, seed=2)[0])
    with pytest.raises(ValueError, match=r"train_share must be a finite number in \(0, 1\), got 1.0"):
        train_test_split(X, y, 1.0)
    with pytest.raises(ValueError, match="seed must be an integer >= 0, got -3"):
        train_test_split(X, y, 0.5, seed=-3)
    with pytest.raises(ValueError, match=r"y must be a 1-D array of 500 class numbers, got shape \(499,\)"):
        train_test_split(X, y[1:], 0.5)
    with pytest.raises(ValueError, match=r"X contains 1 NaN or infinite value\(s\), the first inf at index \(0, 0\)"):
        train_test_split(np.vstack([[np.inf, 0.0], X[1:]]), y, 0.5)


def test_features_are_the_playgrounds_seven():
    X = np.array([[1.0, -2.0], [0.5, 3.0]])
    columns = feature_matrix(X, list(FEATURES))
    x1, x2 = X.T
    expected = np.column_stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)])
    assert np.array_equal(columns, expected)
    assert np.array_equal(feature_matrix(X, ["x2²", "x1"]), np.column_stack([x2**2, x1]))
    for bad, message in [([], r"features must name at least one of .*, each once, got \[\]"),
                         (["x1", "x3"], r"features\[1\] must be one of \['x1', .*\], got 'x3'"),
                         ([["x1"]], r"features\[0\] must be one of .*, got \['x1'\]"),
                         (["x1", "x1"], r"features must name .* each once, got \['x1', 'x1'\]")]:
        with pytest.raises(ValueError, match=message):
            feature_matrix(X, bad)
    for bad in ("x1", None):
        with pytest.raises(TypeError, match=f"features must be a sequence of names, got {bad!r}"):
            feature_matrix(X, bad)
    with pytest.raises(ValueError, match=r"X contains 1 NaN or infinite value\(s\), the first inf at index \(0, 0\)"):
        feature_matrix(np.array([[np.inf, 0.0]]), ["x1"])
    with pytest.raises(TypeError, match="X must hold real numbers"):
        feature_matrix([["a", "b"]], ["x1"])


# -------------------------------------------------------------------------- the settings
@pytest.mark.parametrize(
    ("changes", "error", "message"),
    [
        ({"dataset": "moon"}, ValueError, "dataset must be one of .*, got 'moon'"),
        ({"noise": 0.7}, ValueError, r"noise must be a finite number in \[0, 0.5\], got 0.7"),
        ({"train_share": 0.95}, ValueError, r"train_share must be a finite number in \[0.1, 0.9\], got 0.95"),
        ({"batch_size": 0}, ValueError, r"batch_size must be an integer in \[1, 30\], got 0"),
        ({"batch_size": 31}, ValueError, r"batch_size must be an integer in \[1, 30\], got 31"),
        ({"batch_size": 2.5}, TypeError, r"batch_size must be an integer, got 2.5 \(float\)"),
        ({"seed": -1}, ValueError, r"seed must be an integer in \[0, 4294967295\], got -1"),
        ({"seed": True}, TypeError, r"seed must be an integer, got True \(bool\)"),
        ({"features": ()}, ValueError, r"features must name at least one of .*, got \[\]"),
        ({"features": 5}, TypeError, "features must be a sequence of names, got 5"),
        ({"hidden": 4}, TypeError, r"hidden must be a sequence of integers, got 4 \(int\)"),
        ({"hidden": (2.5,), "activations": ("tanh",)}, TypeError, r"hidden\[0\] must be an integer, got 2.5"),
        ({"hidden": (4,) * 7, "activations": ("tanh",) * 7}, ValueError, "hidden must be 0 to 6 layers of 1 to 8"),
        ({"hidden": (9,), "activations": ("tanh",)}, ValueError, r"hidden must be .*, got \(9,\)"),
        ({"hidden": (4,), "activations": ("tanh", "tanh")}, ValueError,
         r"activations must name one of .* for each of the 1 hidden layers, got \('tanh', 'tanh'\)"),
        ({"hidden": (4,), "activations": ("softplus",)}, ValueError, r"activations\[0\] must be one of .*'softplus'"),
        ({"hidden": (4,), "activations": "tanh"}, TypeError, "activations must be a sequence of names, .* got 'tanh'"),
        ({"learning_rate": 0.0}, ValueError, r"learning_rate must be a finite number in \[1e-06, 100\], got 0.0"),
        ({"learning_rate": float("nan")}, ValueError, "learning_rate must be a finite number .*, got nan"),
        ({"momentum": 1.0}, ValueError, r"momentum must be a finite number in \[0, 0.99\], got 1.0"),
        ({"regularization": "L3"}, ValueError, r"regularization must be one of \['none', 'L1', 'L2'\], got 'L3'"),
        ({"regularization": ["L1"]}, ValueError, r"regularization must be one of .*, got \['L1'\]"),
        ({"regularization_rate": -0.1}, ValueError, r"regularization_rate must be a finite number in \[0, 10\]"),
    ],
)
def test_bad_settings_are_named(changes, error, message):
    with pytest.raises(error, match=message):
        Settings(**changes)


def test_replace_names_a_setting_that_does_not_exist():
    with pytest.raises(TypeError, match=r"Settings has no setting 'bogus'; the settings are \['dataset', "):
        Settings().replace(bogus=1)


def test_settings_hold_plain_numbers_and_know_the_shape():
    settings = Settings(dataset="spiral3", noise=np.float64(0.1), features=["x1", "sin x2"], hidden=[np.int64(3)],
                        activations=["relu"])
    assert type(settings.noise) is float and settings.hidden == (3,) and type(settings.hidden[0]) is int
    assert settings.sizes == (2, 3, 3) and settings.classes == 3
    with pytest.raises(TypeError, match="features"):
        Settings(features="x1")
    with pytest.raises(TypeError, match=r"settings must be a Settings, got \{'dataset': 'circle'\} \(dict\)"):
        Playground({"dataset": "circle"})


# ------------------------------------------------------------ the engine: one activation per layer
def test_mlp_takes_one_activation_per_hidden_layer():
    model = nn.MLP([2, 3, 4, 2], activation=["relu", None], seed=1)
    X = np.random.default_rng(0).normal(size=(5, 2))
    first, second, last = model.layers
    expected = (np.maximum(X @ first.weight.data + first.bias.data, 0) @ second.weight.data + second.bias.data)
    expected = expected @ last.weight.data + last.bias.data
    assert np.allclose(model(X).data, expected)
    assert model.activations == ("relu", None)
    # the initial scale follows the activation after each layer: He for ReLU, LeCun otherwise
    wide = nn.MLP([400, 400, 400, 2], activation=["relu", "tanh"], seed=0)
    assert wide.layers[0].weight.data.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert wide.layers[1].weight.data.std() == pytest.approx(np.sqrt(1 / 400), rel=0.02)
    with pytest.raises(ValueError, match="2 activations for 1 hidden layers"):
        nn.MLP([2, 3, 1], activation=["relu", "tanh"])
    with pytest.raises(ValueError, match=r"activation\[0\] must be one of .*got 'softplus'"):
        nn.MLP([2, 3, 1], activation=["softplus"])
    with pytest.raises(TypeError, match="activation must be a name or a sequence of names, got 3"):
        nn.MLP([2, 3, 1], activation=3)


def test_one_activation_name_still_builds_the_same_network():
    named, listed = nn.MLP([2, 5, 5, 1], activation="tanh", seed=4), nn.MLP([2, 5, 5, 1], ["tanh", "tanh"], seed=4)
    for a, b in zip(named.parameters(), listed.parameters(), strict=True):
        assert np.array_equal(a.data, b.data)
    assert named.activation == "tanh" and named.activations == ("tanh", "tanh")
    relu = nn.MLP([3, 2], activation="relu", seed=0)  # no hidden layer: the name still sets the scale
    assert np.array_equal(relu.layers[0].weight.data,
                          nn.Linear(3, 2, np.random.default_rng(0), np.sqrt(2.0)).weight.data)


# ------------------------------------------------------------------- objective and gradients
@pytest.mark.parametrize("regularization", ["none", "L1", "L2"])
def test_the_objective_matches_central_differences(regularization):
    model = nn.MLP([2, 3, 3], activation=["tanh"], seed=0)
    inputs, labels = np.random.default_rng(1).normal(size=(6, 2)), np.array([0, 1, 2, 0, 1, 2])
    first, last = model.layers

    def as_function(w1, b1, w2, b2):
        first.weight, first.bias, last.weight, last.bias = w1, b1, w2, b2
        return objective(model, inputs, labels, regularization, 0.3)

    weights = [p.data.copy() for p in model.parameters()]
    assert gradcheck(as_function, *weights) < 1e-7


def test_the_penalties_are_what_they_say():
    model = nn.MLP([2, 2, 2], activation="tanh", seed=0)
    weights = np.concatenate([layer.weight.data.ravel() for layer in model.layers])
    assert penalty(model, "L1").item() == pytest.approx(np.abs(weights).sum())
    assert penalty(model, "L2").item() == pytest.approx(0.5 * (weights**2).sum())
    assert penalty(model, "none").item() == 0
    with pytest.raises(ValueError, match="regularization"):
        penalty(model, "L3")


def test_layer_outputs_end_in_the_softmax_of_the_engines_scores():
    model = nn.MLP([2, 4, 3], activation=["sigmoid"], seed=2)
    inputs = np.random.default_rng(0).normal(size=(7, 2))
    outputs = layer_outputs(model, inputs)
    assert [o.shape for o in outputs] == [(7, 2), (7, 4), (7, 3)]
    scores = model(inputs)
    assert np.allclose(outputs[-1], np.exp(scores.data) / np.exp(scores.data).sum(axis=1, keepdims=True))
    labels = np.array([0, 1, 2, 0, 1, 2, 0])
    assert mean_cross_entropy(outputs[-1], labels) == pytest.approx(softmax_cross_entropy(scores, labels).item())


# ------------------------------------------------------------------------------ training
def test_training_is_deterministic_and_lowers_the_loss():
    first, second = Playground(SMALL), Playground(SMALL)
    first.train(20)
    second.train(20)
    assert first.history == second.history
    assert first.steps == 20 * first.steps_per_epoch == 200
    assert [round(h[0]) for h in first.history] == list(range(21))
    assert first.history[-1][1] < 0.8 * first.history[0][1]
    other = Playground(SMALL.replace(seed=1))
    other.train(1)
    assert other.history[-1] != first.history[1]


def test_copy_as_code_trains_the_same_network():
    settings = SMALL.replace(regularization="L1", regularization_rate=0.003, momentum=0.5, features=("x1", "x1·x2"))
    playground = Playground(settings)
    playground.train(3)
    namespace: dict = {}
    exec(playground.as_code(3), namespace)  # noqa: S102 (the code the widget shows)
    trained = namespace["model"]
    for ours, theirs in zip(playground.model.parameters(), trained.parameters(), strict=True):
        assert np.array_equal(ours.data, theirs.data)


def test_a_diverging_run_stops_with_finite_weights_and_says_when():
    settings = Settings(dataset="circle", hidden=(4, 2), activations=("linear", "linear"), learning_rate=0.3,
                        features=("x1", "x2", "x1²", "x2²"))
    playground = Playground(settings)
    playground.train(50)
    assert playground.diverged_at is not None and playground.diverged_at < 50
    assert playground.epoch == playground.diverged_at
    size = sum(float(np.vdot(p.data, p.data)) for p in playground.model.parameters())
    assert np.isfinite(size) and size <= DIVERGENCE_LIMIT**2
    steps = playground.steps
    assert playground.step() is False and playground.steps == steps  # nothing more happens
    snapshot = playground.snapshot()
    assert snapshot.diverged_at == playground.diverged_at
    assert all(np.isfinite(a).all() for a in [snapshot.probabilities, *snapshot.units, *snapshot.gradients])
    assert np.isfinite(snapshot.train_loss) and np.isfinite(snapshot.history).all()


def test_a_snapshot_holds_what_the_figure_draws():
    playground = Playground(SMALL.replace(features=("x1", "x2", "sin x1")))
    playground.train(2)
    snapshot = playground.snapshot(grid=10, unit_grid=4)
    assert snapshot.probabilities.shape == (100, 2)
    assert np.allclose(snapshot.probabilities.sum(axis=1), 1)
    assert [u.shape for u in snapshot.units] == [(16, 3), (16, 3), (16, 2)]
    assert np.allclose(snapshot.units[0][:, 2], np.sin(grid_points(EXTENT, 4)[:, 0]))
    assert [w.shape for w in snapshot.weights] == [g.shape for g in snapshot.gradients] == [(3, 3), (3, 2)]
    assert snapshot.history.shape == (3, 3) and snapshot.epoch == 2
    assert (snapshot.train_loss, snapshot.test_loss) == playground.losses()
    assert playground.snapshot(with_gradients=False).gradients == []


def test_the_gradients_are_those_of_the_training_objective():
    settings = SMALL.replace(regularization="L2", regularization_rate=0.01)
    playground = Playground(settings)
    gradients = playground.gradients()
    fresh = Playground(settings)  # the same seed: the same weights
    objective(fresh.model, fresh.inputs_train, fresh.y_train, "L2", 0.01).backward()
    for gradient, layer in zip(gradients, fresh.model.layers, strict=True):
        assert np.array_equal(gradient, layer.weight.grad)
    assert not any(p.grad.any() for p in playground.model.parameters())  # nothing left for the next step


def test_unit_formulas_carry_the_current_weights():
    playground = Playground(SMALL)
    first = playground.model.layers[0]
    first.weight.data[:, 1] = [0.5, -1.25]
    first.bias.data[1] = -0.125
    assert playground.unit_formula(1, 1) == "h1,2 = tanh(0.50\u00b7x1 \u2212 1.25\u00b7x2 \u2212 0.12)"
    last = playground.model.layers[1]
    last.weight.data[:, 0] = [-2.0, 0.0, 1.0]
    last.bias.data[0] = 0.5
    assert playground.unit_formula(2, 0) == "s0 = \u22122.00\u00b7h1,1 + 0.00\u00b7h1,2 + 1.00\u00b7h1,3 + 0.50"
    weights = [layer.weight.data for layer in playground.model.layers]
    biases = [layer.bias.data for layer in playground.model.layers]
    for layer, unit, error, message in [
        (0, 0, ValueError, r"layer must be an integer in \[1, 2\], got 0"),
        (3, 0, ValueError, r"layer must be an integer in \[1, 2\], got 3"),
        (True, 0, TypeError, r"layer must be an integer, got True \(bool\)"),
        (1, 3, ValueError, r"unit must be an integer in \[0, 2\], got 3"),
        (1, 1.0, TypeError, r"unit must be an integer, got 1.0 \(float\)"),
    ]:
        with pytest.raises(error, match=message):
            unit_formula(SMALL, weights, biases, layer, unit)
    with pytest.raises(ValueError, match=r"weights and biases must have the shapes of the network \[2, 3, 2\]"):
        unit_formula(SMALL, weights[:1], biases[:1], 1, 0)
    with pytest.raises(TypeError, match="weights must be a list of arrays, got None"):
        unit_formula(SMALL, None, biases, 1, 0)
    with pytest.raises(ValueError, match="digits must be an integer in \\[0, 15\\], got -1"):
        playground.unit_formula(1, 0, digits=-1)
    assert unit_name(SMALL, 0, 1) == "x2" and unit_name(SMALL, np.int64(2), 1) == "s1"
    with pytest.raises(ValueError, match=r"unit must be an integer in \[0, 1\], got 7"):
        unit_name(SMALL, 0, 7)
    with pytest.raises(TypeError, match="settings must be a Settings, got None"):
        unit_name(None, 1, 0)


def test_checkpoints_are_log_spaced_whole_epochs():
    checkpoints = log_checkpoints(300, 25)
    assert checkpoints[0] == 0 and checkpoints[1] == 1 and checkpoints[-1] == 300
    assert len(checkpoints) >= 26 and checkpoints == sorted(set(checkpoints))
    ratios = np.diff(np.log(checkpoints[10:]))
    assert ratios.max() < 2 * ratios.min()  # evenly spread on a log axis, past the crowded first epochs
    with pytest.raises(ValueError, match="last_epoch must be an integer >= 25, got 10"):
        log_checkpoints(10, 25)
    with pytest.raises(TypeError, match=r"last_epoch must be an integer, got 100.0 \(float\)"):
        log_checkpoints(100.0)
    assert log_checkpoints(np.int64(300), 25) == checkpoints


def test_bad_training_arguments_are_named():
    playground = Playground(SMALL)
    with pytest.raises(ValueError, match="epochs must be an integer >= 0, got -1"):
        playground.train(-1)
    with pytest.raises(TypeError, match=r"epochs must be an integer, got 1.5 \(float\)"):
        playground.train(1.5)
    with pytest.raises(TypeError, match=r"epochs must be an integer, got 2.7 \(float\)"):
        playground.as_code(2.7)
    with pytest.raises(ValueError, match="grid must be an integer >= 2, got 0"):
        playground.snapshot(grid=0)
    with pytest.raises(ValueError, match="workers must be an integer >= 1, got 0"):
        train_runs({"small": SMALL}, [0, 1], workers=0)
    with pytest.raises(TypeError, match=r"runs\['raw'\] must be a Settings, got \{'dataset': 'xor'\} \(dict\)"):
        train_runs({"raw": {"dataset": "xor"}}, [0, 1])
    with pytest.raises(TypeError, match=r"runs must be a Mapping, got \[Settings"):
        train_runs([SMALL], [0, 1])
    with pytest.raises(TypeError, match=r"checkpoints\[0\] must be an integer, got 0.5 \(float\)"):
        train_runs({"small": SMALL}, [0.5])


def test_the_objective_and_its_parts_refuse_what_would_be_silently_wrong():
    model, inputs, labels = nn.MLP([2, 2]), np.zeros((3, 2)), np.array([0, 1, 1])
    with pytest.raises(ValueError, match=r"regularization must be one of \['none', 'L1', 'L2'\], got 'L3'"):
        objective(model, inputs, labels, "L3", 0.0)
    with pytest.raises(ValueError, match="rate must be a finite number >= 0, got inf"):
        objective(model, inputs, labels, "L2", float("inf"))
    with pytest.raises(ValueError, match="rate must be a finite number >= 0, got -1.0"):
        objective(model, inputs, labels, "L2", -1.0)
    with pytest.raises(ValueError, match=r"labels must be a 1-D array of 3 class numbers, got shape \(3, 1\)"):
        objective(model, inputs, labels[:, None])
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 1\], got 0..2"):
        objective(model, inputs, np.array([0, 1, 2]))
    with pytest.raises(ValueError, match=r"inputs must have shape \(n, 2\) for MLP\(\[2, 2\], .*\), got \(3, 1\)"):
        objective(model, inputs[:, :1], labels)
    with pytest.raises(ValueError, match=r"inputs contains 6 NaN or infinite value\(s\)"):
        layer_outputs(model, np.full((3, 2), np.nan))
    with pytest.raises(TypeError, match="model must be a MLP, got None"):
        layer_outputs(None, inputs)
    with pytest.raises(TypeError, match=r"model must be a MLP, got \[1\] \(list\)"):
        penalty([1], "L1")
    with pytest.raises(ValueError, match=r"scores must be 2-D, got shape \(2,\)"):
        softmax(np.array([1.0, 2.0]))
    with pytest.raises(ValueError, match="scores contains 1 NaN or infinite value"):
        softmax(np.array([[np.inf, 1.0]]))
    with pytest.raises(TypeError, match="labels must be integer class numbers"):
        mean_cross_entropy(np.full((2, 2), 0.5), np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"labels must lie in \[0, 1\], got 0..5"):
        mean_cross_entropy(np.full((2, 2), 0.5), np.array([0, 5]))
    with pytest.raises(ValueError, match=r"mean_cross_entropy needs at least one example, .* shape \(0, 2\)"):
        mean_cross_entropy(np.zeros((0, 2)), np.zeros(0, dtype=int))


def test_a_run_keeps_a_snapshot_per_checkpoint():
    snapshots = train_run(SMALL, [0, 1, 3])
    assert [s.epoch for s in snapshots] == [0, 1, 3]
    playground = Playground(SMALL)
    playground.train(3)
    assert np.array_equal(snapshots[-1].weights[0], playground.model.layers[0].weight.data)
    assert snapshots[-1].history.shape == (4, 3)
    with pytest.raises(ValueError, match=r"checkpoints must be increasing epochs >= 0, got \[3, 1\]"):
        train_run(SMALL, [3, 1])
    with pytest.raises(TypeError, match=r"checkpoints\[1\] must be an integer, got 1.5 \(float\)"):
        train_run(SMALL, [0, 1.5])

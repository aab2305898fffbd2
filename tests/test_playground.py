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
    train_run,
    train_runs,
    unit_formula,
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
from lecture_lib.algorithms.playground_settings import Settings
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
        ({"name": "moon"}, ValueError, "dataset"),
        ({"name": "circle", "noise": 0.6}, ValueError, "noise"),
        ({"name": "circle", "noise": True}, ValueError, "noise"),
        ({"name": "circle", "seed": -1}, ValueError, "seed"),
        ({"name": "circle", "n": 3}, ValueError, "n must"),
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
    with pytest.raises(ValueError, match="train_share"):
        train_test_split(X, y, 1.0)


def test_features_are_the_playgrounds_seven():
    X = np.array([[1.0, -2.0], [0.5, 3.0]])
    columns = feature_matrix(X, list(FEATURES))
    x1, x2 = X.T
    expected = np.column_stack([x1, x2, x1**2, x2**2, x1 * x2, np.sin(x1), np.sin(x2)])
    assert np.array_equal(columns, expected)
    assert np.array_equal(feature_matrix(X, ["x2²", "x1"]), np.column_stack([x2**2, x1]))
    for bad in ([], ["x3"], ["x1", "x1"]):
        with pytest.raises(ValueError, match="features"):
            feature_matrix(X, bad)
    with pytest.raises(TypeError, match="features"):
        feature_matrix(X, "x1")


# -------------------------------------------------------------------------- the settings
@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"dataset": "moon"}, "dataset"),
        ({"noise": 0.7}, "noise"),
        ({"train_share": 0.95}, "train_share"),
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": 31}, "batch_size"),
        ({"batch_size": 2.5}, "batch_size"),
        ({"seed": -1}, "seed"),
        ({"features": ()}, "features"),
        ({"hidden": (4,) * 7, "activations": ("tanh",) * 7}, "hidden"),
        ({"hidden": (9,), "activations": ("tanh",)}, "hidden"),
        ({"hidden": (4,), "activations": ("tanh", "tanh")}, "activations"),
        ({"hidden": (4,), "activations": ("softplus",)}, "activations"),
        ({"learning_rate": 0.0}, "learning_rate"),
        ({"momentum": 1.0}, "momentum"),
        ({"regularization": "L3"}, "regularization"),
        ({"regularization_rate": -0.1}, "regularization_rate"),
    ],
)
def test_bad_settings_are_named(changes, words):
    with pytest.raises(ValueError, match=words):
        Settings(**changes)


def test_settings_hold_plain_numbers_and_know_the_shape():
    settings = Settings(dataset="spiral3", noise=np.float64(0.1), features=["x1", "sin x2"], hidden=[np.int64(3)],
                        activations=["relu"])
    assert type(settings.noise) is float and settings.hidden == (3,) and type(settings.hidden[0]) is int
    assert settings.sizes == (2, 3, 3) and settings.classes == 3
    with pytest.raises(TypeError, match="features"):
        Settings(features="x1")
    with pytest.raises(TypeError, match="settings"):
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
    for layer, unit in [(0, 0), (3, 0), (1, 3)]:
        with pytest.raises(ValueError, match="layer|unit"):
            unit_formula(SMALL, [], [], layer, unit)


def test_checkpoints_are_log_spaced_whole_epochs():
    checkpoints = log_checkpoints(300, 25)
    assert checkpoints[0] == 0 and checkpoints[1] == 1 and checkpoints[-1] == 300
    assert len(checkpoints) >= 26 and checkpoints == sorted(set(checkpoints))
    ratios = np.diff(np.log(checkpoints[10:]))
    assert ratios.max() < 2 * ratios.min()  # evenly spread on a log axis, past the crowded first epochs
    with pytest.raises(ValueError, match="last_epoch"):
        log_checkpoints(10, 25)


def test_bad_training_arguments_are_named():
    with pytest.raises(ValueError, match="epochs"):
        Playground(SMALL).train(-1)
    with pytest.raises(ValueError, match="workers"):
        train_runs({"small": SMALL}, [0, 1], workers=0)
    with pytest.raises(TypeError, match="settings"):
        train_runs({"raw": {"dataset": "xor"}}, [0, 1])
    with pytest.raises(ValueError, match="regularization"):
        objective(nn.MLP([2, 2]), np.zeros((1, 2)), np.array([0]), "L3", 0.0)


def test_a_run_keeps_a_snapshot_per_checkpoint():
    snapshots = train_run(SMALL, [0, 1, 3])
    assert [s.epoch for s in snapshots] == [0, 1, 3]
    playground = Playground(SMALL)
    playground.train(3)
    assert np.array_equal(snapshots[-1].weights[0], playground.model.layers[0].weight.data)
    assert snapshots[-1].history.shape == (4, 3)
    with pytest.raises(ValueError, match="checkpoints"):
        train_run(SMALL, [3, 1])

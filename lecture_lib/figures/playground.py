"""The training playground's figure: the network with a heatmap per unit, the output heatmap, the losses.

``PlaygroundFigure.show(snapshot)`` draws one ``lecture_lib.algorithms.playground.Snapshot``,
laid out as TensorFlow Playground lays it out: on the left the network, one small heatmap
per input feature and per unit (what that unit outputs over the square [-6, 6]^2: blue
where it is positive, orange where negative, white at 0; an output unit shows its class's
probability), joined by links whose width and colour show the weights (blue > 0, orange
< 0) or, in the backward view, the gradient of the training objective on each weight (red
as in the book's graph drawings: dark red > 0, pink < 0); on the right the epoch, the train
and test losses, the class probabilities over the square with the points, and the loss
curves on a log-spaced epoch axis.

Every heatmap of the network is one image, composed in NumPy, so that a redraw blits a
handful of artists whatever the network's size: a live update redraws only the animated
artists (``lecture_lib.widgets``). The network's artists and the caption are animated and
made once, for every shape of network, so that another network or data set redraws only
them, not the whole figure. Used in chapter 07_training_playground, by the curated
runs of the static book and by the live playground alike.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle
from matplotlib.path import Path as MatplotlibPath

from lecture_lib.algorithms.playground import Snapshot
from lecture_lib.algorithms.playground_data import DATASETS, EXTENT, FEATURES
from lecture_lib.algorithms.playground_settings import MAX_HIDDEN_LAYERS, Settings
from lecture_lib.engine import checks
from lecture_lib.figures.graph import GRADIENT_COLOUR
from lecture_lib.figures.plotting import CLASS_COLORS

POSITIVE, NEGATIVE = np.array(to_rgb("#1f77b4")), np.array(to_rgb("#ff7f0e"))  # TF Playground's blue and orange
GRADIENT_NEGATIVE = "#f4a6a6"
WHITE = np.ones(3)
FONT = 9.0
SIZE, DPI = (8.6, 4.4), 80  # 688 x 352 px: the book's content column
PIXELS_PER_NODE = 16  # the composite image: each node is a block of 16 x 16 cells
ROW_PITCH = 22 / 16  # node centres 1.375 node sizes apart vertically
NETWORK_WIDTH = 12.25  # from the input column to the output column, in node sizes
LOSS_RANGE = (0.005, 5.0)
LINKS = ("weights", "gradients")
LINK_NOTES = {
    "weights": "links: weights w, blue > 0, orange < 0; largest |w| {largest:.2g}",
    "gradients": "links: \u2202L/\u2202w on the training set, dark red > 0, pink < 0; widest {largest:.2g}",
}


def diverging_colours(values: np.ndarray) -> np.ndarray:
    """RGB of values in [-1, 1] (finite; beyond is clipped): orange at -1, white at 0, blue at 1 (shape (..., 3))."""
    values = np.clip(checks.real_array("values", values), -1, 1)[..., None]
    return np.where(values >= 0, WHITE + values * (POSITIVE - WHITE), WHITE - values * (NEGATIVE - WHITE))


def class_colours(probabilities: np.ndarray, strength: float = 0.65) -> np.ndarray:
    """RGB of class probabilities (n, classes): the classes' colours mixed by probability,
    faded to white where the network is unsure (every class at 1/classes); ``strength`` in [0, 1]."""
    probabilities = checks.real_array("probabilities", probabilities, ndim=2)
    classes = probabilities.shape[1]
    if not 2 <= classes <= len(CLASS_COLORS):
        raise ValueError(f"probabilities must have 2 to {len(CLASS_COLORS)} classes (columns), got {classes}")
    strength = checks.number("strength", strength, minimum=0, maximum=1)
    palette = np.array([to_rgb(c) for c in CLASS_COLORS[:classes]])
    certainty = (probabilities.max(axis=1, keepdims=True) - 1 / classes) / (1 - 1 / classes)
    return WHITE - strength * certainty * (WHITE - probabilities @ palette)


class NetworkLayout:
    """Where each node of a network with ``sizes`` sits, in node sizes (a node is 1 x 1)."""

    def __init__(self, sizes: tuple[int, ...]) -> None:
        self.sizes = sizes = checks.integers("sizes", sizes, minimum=1)
        if len(sizes) < 2:
            raise ValueError(f"sizes must be at least two layer widths, inputs and outputs, got {sizes}")
        columns = len(sizes)
        pitch = round(NETWORK_WIDTH / (columns - 1) * PIXELS_PER_NODE) / PIXELS_PER_NODE
        self.centres = [
            np.column_stack([np.full(n, c * pitch), ((n - 1) / 2 - np.arange(n)) * ROW_PITCH])
            for c, n in enumerate(sizes)
        ]
        every = np.vstack(self.centres)
        self.low = every.min(axis=0) - 0.5
        self.high = every.max(axis=0) + 0.5

    def block(self, column: int, row: int) -> tuple[slice, slice]:
        """The rows and columns of the composite image that node (column, row) fills."""
        left, bottom = (self.centres[column][row] - 0.5 - self.low) * PIXELS_PER_NODE
        left, bottom = int(round(left)), int(round(bottom))
        return slice(bottom, bottom + PIXELS_PER_NODE), slice(left, left + PIXELS_PER_NODE)

    def links(self, column: int) -> np.ndarray:
        """Segments (n_in * n_out, 2, 2) from every node of ``column`` to every node of the next, row-major as W."""
        sources, targets = self.centres[column], self.centres[column + 1]
        return np.array([[s, t] for s in sources for t in targets])


class PlaygroundFigure:
    """One snapshot of the playground, redrawn in place by ``show``.

    Parameters
    ----------
    animated : bool
        Create the moving artists with ``animated=True`` (a live figure) or not (a static one).
    status : bool
        Write the epoch and the losses above the heatmap, and the links' scale under the
        network (the live playground shows these numbers beside its buttons instead: text
        is the slowest artist to redraw).
    last_epoch : int, optional
        Where the loss curves' epoch axis ends at first (stored runs know their last
        epoch), 100 by default; it widens tenfold whenever training passes its end.
    """

    def __init__(self, animated: bool = True, status: bool = True, last_epoch: int | None = None) -> None:
        self.animated = animated
        self.last_epoch = None if last_epoch is None else checks.integer("last_epoch", last_epoch, minimum=1)
        self.figure = plt.figure(figsize=SIZE, dpi=DPI)
        self.network_axes = self.figure.add_axes((0.005, 0.06, 0.585, 0.82))
        self.network_axes.set_axis_off()
        self.network_axes.spines[:].set_visible(False)
        self.heatmap_axes = self.figure.add_axes((0.66, 0.36, 2.25 / SIZE[0], 2.25 / SIZE[1]))
        self.loss_axes = self.figure.add_axes((0.66, 0.085, 2.3 / SIZE[0], 0.16))
        style = {"animated": animated}
        # Animated: what changes from frame to frame, and the caption, which changes with the settings.
        self.status = self.figure.text(0.60, 0.93, "", fontsize=FONT + 0.5, va="top", visible=status, **style)
        self.caption = self.figure.text(0.01, 0.985, "", fontsize=FONT, va="top", **style)
        self.note = self.figure.text(0.01, 0.015, "", fontsize=FONT, va="bottom", color="0.3",
                                     animated=animated and status)
        self.status_shown = status

        ax = self.heatmap_axes
        ax.set_xlim(EXTENT[0], EXTENT[1])
        ax.set_ylim(EXTENT[2], EXTENT[3])
        ax.set_xticks([-6, 0, 6])
        ax.set_yticks([-6, 0, 6])
        ax.tick_params(labelsize=FONT, length=2, pad=1)
        self.heatmap = ax.imshow(np.ones((2, 2, 3), dtype=np.uint8), extent=EXTENT, origin="lower",
                                 interpolation="bilinear", interpolation_stage="rgba", zorder=0, **style)
        # Training points with a white edge, test points with a black one above them. One
        # collection per class and kind: a collection of identical markers is drawn by
        # stamping one marker (about three times faster than markers that differ), and a
        # 16-gon for a marker spares matplotlib measuring a circle's Bezier curves each time.
        dot = MatplotlibPath.unit_regular_polygon(16)
        self.points = {
            (kind, label): ax.scatter([], [], s=11, c=[colour], marker=dot, edgecolors=edge, linewidths=width,
                                      zorder=z, **style)
            for kind, edge, width, z in (("train", "white", 0.5, 2), ("test", "black", 0.8, 3))
            for label, colour in enumerate(CLASS_COLORS[:3])
        }
        self.diverged = ax.text(0, 0, "", ha="center", va="center", fontsize=FONT + 3, fontweight="bold",
                                color=GRADIENT_COLOUR, zorder=4, bbox={"fc": "white", "ec": GRADIENT_COLOUR},
                                **style)

        ax = self.loss_axes
        ax.set_xscale("symlog", linthresh=1)
        ax.set_yscale("log")
        ax.set_ylim(*LOSS_RANGE)
        ax.tick_params(labelsize=FONT, length=2, pad=1)
        ax.set_xlabel("epoch", fontsize=FONT, labelpad=1)
        ax.set_ylabel("loss", fontsize=FONT, labelpad=1)
        (self.train_curve,) = ax.plot([], [], color="0.15", lw=1.3, label="train", **style)
        (self.test_curve,) = ax.plot([], [], color="0.55", lw=1.3, ls="--", label="test", **style)
        ax.legend(fontsize=FONT, loc="upper right", frameon=False, handlelength=1.5, borderaxespad=0.1,
                  ncols=2).set_zorder(0)  # under the curves: a frame redraws the curves, not the legend
        self.epoch_range = 0
        self._set_epoch_range(100)

        # The network: links, one image of every node's heatmap, the outline of a selected unit
        # and enough labels for the largest network. A new network moves and relabels them
        # (``_build_network``): a new background would cost two full draws, ~35 ms a frame.
        ax = self.network_axes
        self.links = ax.add_collection(LineCollection([], zorder=1, **style))
        self.units = ax.imshow(np.zeros((1, 1, 4), dtype=np.uint8), origin="lower", interpolation="nearest",
                               interpolation_stage="rgba", zorder=2, **style)
        self.highlight = ax.add_patch(Rectangle((0, 0), 1.3, 1.3, fill=False, ec="black", lw=2, visible=False,
                                                zorder=3, **style))
        self.feature_labels = [ax.text(0, 0, "", ha="right", va="center", fontsize=FONT, zorder=0, **style)
                               for _ in FEATURES]
        self.headings = [ax.text(0, 0, "", ha="center", va="bottom", fontsize=FONT, zorder=0, **style)
                         for _ in range(MAX_HIDDEN_LAYERS + 2)]
        ax.set_xlim(-2.6, NETWORK_WIDTH + 0.8)
        ax.set_ylim(-4.0 * ROW_PITCH - 0.1, 4.9 * ROW_PITCH)
        ax.set_aspect("equal")
        self.layout: NetworkLayout | None = None
        self.labels: list = []  # the labels the current network shows: its features, then the headings
        self.units_shape = (1, 1, 4)

    # ------------------------------------------------------------------- the network
    def _set_epoch_range(self, last: float) -> bool:
        """Widen the loss axis tenfold until it shows epoch ``last``; True if it changed."""
        needed = self.last_epoch or 100
        while needed < last:
            needed *= 10
        if needed == self.epoch_range:
            return False
        self.epoch_range = needed
        self.loss_axes.set_xlim(0, needed)
        return True

    def _build_network(self, settings: Settings) -> None:
        """Lay out the nodes, the links and the labels of this network."""
        self.layout = layout = NetworkLayout(settings.sizes)
        self.links.set_segments(np.vstack([layout.links(c) for c in range(len(settings.sizes) - 1)]))
        self.units.set_extent((layout.low[0], layout.high[0], layout.low[1], layout.high[1]))
        self.units_shape = (int(round((layout.high[1] - layout.low[1]) * PIXELS_PER_NODE)),
                            int(round((layout.high[0] - layout.low[0]) * PIXELS_PER_NODE)), 4)
        top = 3.5 * ROW_PITCH + 0.75
        features = list(zip(settings.features, layout.centres[0] - [0.65, 0], strict=True))
        headings = [(heading, (layout.centres[column][0, 0], top))
                    for column, heading in enumerate(["inputs", *settings.activations, "output"])]
        self.labels = []
        for texts, wanted in ((self.feature_labels, features), (self.headings, headings)):
            for index, text in enumerate(texts):
                text.set_visible(index < len(wanted))
                if index < len(wanted):
                    name, position = wanted[index]
                    text.set_text(name)
                    text.set_position(position)
                    self.labels.append(text)

    def _unit_image(self, snapshot: Snapshot) -> np.ndarray:
        layout = self.layout
        image = np.zeros(self.units_shape)  # RGBA in [0, 1], made bytes at the end
        r = PIXELS_PER_NODE
        for column, outputs in enumerate(snapshot.units):
            if outputs.shape[0] != r * r:
                raise ValueError(f"the snapshot's unit heatmaps must be {r} x {r} (unit_grid={r}), "
                                 f"got {outputs.shape[0]} points")
            last = column == len(snapshot.units) - 1
            for row in range(outputs.shape[1]):
                values = outputs[:, row].reshape(r, r)
                if last:
                    colour = np.array(to_rgb(CLASS_COLORS[row]))
                    rgb = WHITE - values[..., None] * (WHITE - colour)
                else:
                    rgb = diverging_colours(values / max(1.0, float(np.abs(values).max())))
                rows, cols = layout.block(column, row)
                image[rows, cols, :3] = rgb
                image[rows, cols, 3] = 1.0
                frame = image[rows, cols]
                frame[[0, -1], :, :3] = frame[:, [0, -1], :3] = 0.45
        return _bytes(image)

    # ----------------------------------------------------------------------- showing
    def show(self, snapshot: Snapshot, links: str = "weights", show_test: bool = True,
             selected: tuple[int, int] | None = None) -> bool:
        """Draw ``snapshot``.

        Parameters
        ----------
        snapshot : Snapshot
        links : {"weights", "gradients"}
            What the links show: the weights, or the backward view, dObjective/dW.
        show_test : bool
            Draw the test points (black edge) besides the training points (white edge).
        selected : (layer, unit), optional
            A unit to outline (layer 1 is the first hidden layer).

        Returns
        -------
        bool
            True when something outside the animated artists changed (the first drawing,
            the epoch axis widened, or the static note under the network): a live figure
            must redraw its background.
        """
        checks.instance("snapshot", snapshot, Snapshot, "from Playground.snapshot or train_run")
        checks.one_of("links", links, LINKS)
        settings = snapshot.settings
        if selected is not None:
            layer, unit = checks.integers("selected", selected, minimum=0, length=2)
            if layer >= len(settings.sizes) or unit >= settings.sizes[layer]:
                raise ValueError(f"selected must be a (layer, unit) of the network {list(settings.sizes)}, "
                                 f"got {tuple(selected)}")
        first = self.layout is None
        names = [*settings.features, "inputs", *settings.activations, "output"]
        if first or self.layout.sizes != settings.sizes or [label.get_text() for label in self.labels] != names:
            self._build_network(settings)
        self.units.set_data(self._unit_image(snapshot))
        renoted = self._show_links(snapshot, links)
        self._show_selected(selected)

        grid = int(round(np.sqrt(snapshot.probabilities.shape[0])))
        self.heatmap.set_data(_bytes(class_colours(snapshot.probabilities).reshape(grid, grid, 3)))
        self._show_points(snapshot, show_test)

        history = snapshot.history
        self.train_curve.set_data(history[:, 0], np.clip(history[:, 1], *LOSS_RANGE))
        self.test_curve.set_data(history[:, 0], np.clip(history[:, 2], *LOSS_RANGE))
        widened = self._set_epoch_range(snapshot.epoch)

        epoch = f"{snapshot.epoch:,.0f}" if snapshot.epoch == round(snapshot.epoch) else f"{snapshot.epoch:,.2f}"
        if snapshot.diverged_at is None:
            losses = f"train loss {snapshot.train_loss:.3f}   test loss {snapshot.test_loss:.3f}"
        else:
            losses = "train and test loss: diverged"
        self.status.set_text(f"epoch {epoch}   {losses}")
        self.diverged.set_text("" if snapshot.diverged_at is None else f"diverged at epoch {snapshot.diverged_at:.3g}")
        self.diverged.set_visible(snapshot.diverged_at is not None)
        self.caption.set_text(describe(settings))
        return first or widened or renoted

    def _show_points(self, snapshot: Snapshot, show_test: bool) -> None:
        parts = {"train": (snapshot.X_train, snapshot.y_train), "test": (snapshot.X_test, snapshot.y_test)}
        for (kind, label), collection in self.points.items():
            X, y = parts[kind]
            shown = kind == "train" or show_test
            collection.set_offsets(X[y == label] if shown else np.empty((0, 2)))

    def _show_links(self, snapshot: Snapshot, links: str) -> bool:
        """Weights: width grows with |w| up to |w| = 4. Gradients: the widest link carries the
        largest |dL/dw| of the frame, whose size the note under the network gives."""
        values = np.concatenate([a.ravel() for a in (snapshot.weights if links == "weights" else snapshot.gradients)])
        largest = float(np.abs(values).max())
        if links == "weights":
            widths = 0.3 + 0.8 * np.minimum(np.abs(values), 4.0)
            colours = np.where(values[:, None] >= 0, POSITIVE, NEGATIVE)
        else:
            widths = 0.3 + 3.2 * np.abs(values) / (largest if largest > 0 else 1.0)
            colours = np.where(values[:, None] >= 0, to_rgb(GRADIENT_COLOUR), to_rgb(GRADIENT_NEGATIVE))
        self.links.set_linewidths(widths)
        self.links.set_colors(colours)
        note = LINK_NOTES[links].format(largest=largest) if self.status_shown else LINK_NOTES[links].split(";")[0]
        renoted = not self.status_shown and note != self.note.get_text()  # a static note changed
        self.note.set_text(note)
        return renoted

    def _show_selected(self, selected: tuple[int, int] | None) -> None:
        if selected is None:
            self.highlight.set_visible(False)
            return
        layer, unit = selected
        x, y = self.layout.centres[layer][unit]
        self.highlight.set_xy((x - 0.65, y - 0.65))
        self.highlight.set_visible(True)


def _bytes(image: np.ndarray) -> np.ndarray:
    """Colours in [0, 1] as uint8: matplotlib draws a uint8 image about twice as fast as a float one."""
    return np.round(np.clip(image, 0, 1) * 255).astype(np.uint8)


def describe(settings: Settings) -> str:
    """Two lines naming the data, the network and the training settings."""
    checks.instance("settings", settings, Settings)
    shape = "-".join(str(n) for n in settings.sizes)
    regular = f", {settings.regularization} {settings.regularization_rate:g}" if settings.regularization_rate else ""
    momentum = f", momentum {settings.momentum:g}" if settings.momentum else ""
    noise = f" ({settings.noise:.0%} noise)" if settings.noise else ""
    return (f"{DATASETS[settings.dataset][2]}{noise}; network {shape}\n"
            f"learning rate {settings.learning_rate:g}, batch {settings.batch_size}{momentum}{regular}")

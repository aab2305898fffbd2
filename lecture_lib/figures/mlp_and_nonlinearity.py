"""The figure of chapter 03: an MLP's regions on a data set, with or without a nonlinearity.

``CollapseFigure.show`` draws one network trained by ``lecture_lib.algorithms.collapse``:
its predicted class over the plane, the decision boundaries, the data, and a caption with
the training accuracy and whether the scores are affine in the input.

Used in chapter 03_mlp_and_nonlinearity.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from lecture_lib.algorithms.collapse import EXTENT, RESOLUTION, dataset, trained_network
from lecture_lib.figures.plotting import CLASS_COLORS, DecisionBoundary

ACTIVATION_LABELS = {None: "none", "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU"}


class CollapseFigure:
    """One trained MLP of chapter 03 on its data set, redrawn by ``show``.

    Parameters
    ----------
    animated : bool
        True for a live figure (``lecture_lib.widgets``), False for a static one.
    """

    def __init__(self, animated: bool = True) -> None:
        self.figure, ax = plt.subplots(figsize=(4.0, 4.0), dpi=80, layout="constrained")
        self.boundary = DecisionBoundary(ax, extent=EXTENT, resolution=RESOLUTION, n_classes=3, animated=animated)
        self.palette = np.array(CLASS_COLORS[:3])
        self.points = ax.scatter([], [], s=9, linewidths=0, zorder=3, animated=animated)
        self.caption = ax.text(0.02, 0.98, "", transform=ax.transAxes, va="top", fontsize=9, zorder=4,
                               animated=animated, bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "none"})
        ax.set(xlabel="$x_1$ (standardised)", ylabel="$x_2$ (standardised)", aspect="equal")

    def show(self, dataset_name: str, activation: str | None, depth: int, width: int) -> None:
        """Draw the network with ``depth`` hidden layers of ``width`` units trained on ``dataset_name``."""
        X, y = dataset(dataset_name)
        trained = trained_network(dataset_name, activation, depth, width)
        self.boundary.show(trained.scores)
        self.points.set_offsets(X)
        self.points.set_facecolors(self.palette[y])
        layers = "1 hidden layer" if depth == 1 else f"{depth} hidden layers"
        shape = "affine: every boundary straight" if trained.is_affine else "not affine"
        self.caption.set_text(
            f"{ACTIVATION_LABELS[activation]}, {layers} of {width}\n"
            f"train accuracy {trained.accuracy:.2f}\n"
            f"scores {shape}\n(affine misfit {trained.affine_residual:.0e})"
        )

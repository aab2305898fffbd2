"""The live figures of chapter 03_mlp_and_nonlinearity: an MLP with or without a nonlinearity, a dying ReLU unit.

The collapse figure is ``lecture_lib.figures.mlp_and_nonlinearity.CollapseFigure``; every
network it can show is trained by ``lecture_lib.algorithms.collapse``. The dying unit is
``lecture_lib.figures.activation_effects.DeadUnitFigure``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from lecture_lib.algorithms.collapse import DATASET_NAMES, DEPTHS, WIDTHS, precompute
from lecture_lib.engine import nn
from lecture_lib.figures.activation_effects import DeadUnitFigure
from lecture_lib.figures.mlp_and_nonlinearity import ACTIVATION_LABELS, CollapseFigure
from lecture_lib.widgets.controls import Dropdown, Slider
from lecture_lib.widgets.interactive import InteractiveFigure, interactive


def collapse_widget(
    workers: int = 1,
    precompute_all: bool = True,
    presets: Mapping[str, Mapping[str, Any]] | None = None,
) -> InteractiveFigure:
    """The live figure: with the activation "none" every boundary is straight, whatever the depth.

    Parameters
    ----------
    workers : int
        Processes used to train all the networks up front (see ``precompute``).
    precompute_all : bool, optional
        Train every network up front, in ``workers`` processes, so that every move is
        instant (default: yes; the static book shows them all). Networks not trained up
        front are trained, once, when first shown.
    presets : mapping of str to mapping, optional
        Named settings of ``dataset_name``, ``activation``, ``depth`` and ``width``.

    Returns
    -------
    InteractiveFigure
    """
    if precompute_all:
        precompute(workers)
    view = CollapseFigure(animated=True)
    controls = {
        "dataset_name": Dropdown(list(DATASET_NAMES), value="circles", description="data"),
        "activation": Dropdown([(label, value) for value, label in ACTIVATION_LABELS.items()], value=None,
                               description="activation"),
        "depth": Slider(DEPTHS[0], DEPTHS[-1], DEPTHS[1] - DEPTHS[0], value=DEPTHS[-1], description="hidden layers"),
        "width": Slider(WIDTHS[0], WIDTHS[-1], WIDTHS[1] - WIDTHS[0], value=WIDTHS[-1], description="units per layer"),
    }
    return interactive(view.show, controls, view.figure, presets=presets)


def dead_unit_widget(
    model: nn.MLP,
    X: np.ndarray,
    y: np.ndarray,
    unit: int,
    biases: Sequence[float],
    value: float | None = None,
    presets: Mapping[str, Mapping[str, float]] | None = None,
) -> InteractiveFigure:
    """A bias slider for one first-layer ReLU unit: it dies when no point is left on its active side.

    Parameters
    ----------
    model : lecture_lib.engine.nn.MLP
        ReLU hidden layers, two inputs; it is not changed.
    X, y : numpy.ndarray
        The data (n, 2) and labels (n,) of the loss.
    unit : int
        Which unit of the first hidden layer.
    biases : sequence of float
        The slider's values, increasing; the gradient curves span them on a finer grid.
    value : float, optional
        The initial bias, one of ``biases`` (default: the largest).
    presets : mapping of str to mapping, optional
        Named settings of ``b``.

    Returns
    -------
    InteractiveFigure
    """
    slider = Slider(values=list(biases), value=biases[-1] if value is None else value, description="bias b")
    fine = np.linspace(slider.min, slider.max, 8 * (slider.count - 1) + 1)
    view = DeadUnitFigure(model, X, y, unit, fine, animated=True)
    return interactive(view.show, {"b": slider}, view.figure, presets=presets)

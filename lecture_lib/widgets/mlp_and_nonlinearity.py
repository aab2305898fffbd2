"""The live figure of chapter 03_mlp_and_nonlinearity: data set, activation, depth and width of an MLP.

The figure is ``lecture_lib.figures.mlp_and_nonlinearity.CollapseFigure``; every network it
can show is trained by ``lecture_lib.algorithms.collapse``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lecture_lib.algorithms.collapse import DATASET_NAMES, DEPTHS, WIDTHS, precompute
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

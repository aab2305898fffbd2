"""The live figure of chapter 06's matrix section: pick an entry of dL/dW = X^T G and see its sum.

The figure is ``lecture_lib.figures.matrix_gradient.WeightGradientFigure``.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from lecture_lib.figures.matrix_gradient import WeightGradientFigure
from lecture_lib.widgets.controls import Slider
from lecture_lib.widgets.interactive import InteractiveFigure, interactive


def weight_gradient_widget(
    X: np.ndarray,
    G: np.ndarray,
    weight_name: str = "W_1",
    presets: Mapping[str, Mapping[str, int]] | None = None,
) -> InteractiveFigure:
    """Two sliders, the row and the column of an entry of X^T G, counted from 1.

    Parameters
    ----------
    X : numpy.ndarray
        A layer's input for a batch, shape (n, d).
    G : numpy.ndarray
        The gradient of the loss with respect to the layer's output, shape (n, h).
    weight_name : str, optional
        What X^T G is the gradient of, as mathtext.
    presets : mapping of str to mapping, optional
        Named entries, e.g. ``{"entry (2, 5)": {"row": 2, "column": 5}}``.

    Returns
    -------
    InteractiveFigure
    """
    view = WeightGradientFigure(X, G, animated=True, weight_name=weight_name)
    d, h = view.product.shape
    if d < 2 or h < 2:
        raise ValueError(f"X^T G of shape {d}x{h} leaves nothing to choose: X and G need at least two columns each")
    controls = {
        "row": Slider(1, d, 1, value=1, description="row k"),
        "column": Slider(1, h, 1, value=1, description="column j"),
    }
    return interactive(view.show, controls, view.figure, presets=presets)

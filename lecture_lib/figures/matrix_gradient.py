"""The figure of chapter 06's matrix section: dL/dW = X^T G, one entry at a time.

The three matrices are laid out as for a multiplication by hand: G above the result, X^T to
its left, so that entry (k, j) of the result sits where row k of X^T (column k of X) meets
column j of G. ``WeightGradientFigure.show`` highlights that row, that column and that
entry, and writes the sum over the batch, sum_i X[i, k] G[i, j], with its numbers.

Used in chapter 06_gate_patterns.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from lecture_lib.algorithms.graph import format_number
from lecture_lib.engine import checks

ROW_COLOUR = "#1f77b4"
COLUMN_COLOUR = "#ff7f0e"
ENTRY_COLOUR = "#ffd54f"
CELL_WIDTH, CELL_HEIGHT, GAP = 1.0, 0.42, 0.5  # inches; GAP in cells
FONT_SIZE = 11.0


class WeightGradientFigure:
    """X^T (left), G (top) and X^T G (bottom right), with one entry of X^T G explained by ``show``.

    Parameters
    ----------
    X : numpy.ndarray
        A layer's input for a batch, shape (n, d): one example per row.
    G : numpy.ndarray
        The gradient of the loss with respect to the layer's output, shape (n, h).
    animated : bool, optional
        True for a live figure (``lecture_lib.widgets``), False for a static one.
    weight_name : str, optional
        What X^T G is the gradient of, as mathtext (default ``W_1``).
    """

    def __init__(self, X: np.ndarray, G: np.ndarray, animated: bool = True, weight_name: str = "W_1") -> None:
        self.X = checks.real_array("X", X, dtype=np.float64)
        self.G = checks.real_array("G", G, dtype=np.float64)
        if self.X.ndim != 2:
            raise ValueError(f"X must be a matrix (n, d), got shape {self.X.shape}")
        if self.G.ndim != 2 or len(self.G) != len(self.X):
            raise ValueError(f"G must be a matrix with one row per row of X ({len(self.X)}), got shape {self.G.shape}")
        n, d = self.X.shape
        h = self.G.shape[1]
        self.product = self.X.T @ self.G
        # Positions in inches: column c of X^T at x = c, column j of G and of the product at
        # n + GAP + j; row i of G at y = -i, row k of X^T and of the product at -(n + GAP + k).
        # Below the product: its name, then three lines of caption.
        self.left, self.top = n + GAP, -(n + GAP)
        (x_min, x_max), (y_min, y_max) = (-0.6, n + GAP + h - 0.4), (self.top - d + 0.5 - 3.3, 1.2)
        self.figure = plt.figure(figsize=((x_max - x_min) * CELL_WIDTH, (y_max - y_min) * CELL_HEIGHT), dpi=80)
        ax = self.figure.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_axis_off()
        ax.set(xlim=(x_min, x_max), ylim=(y_min, y_max), aspect=CELL_HEIGHT / CELL_WIDTH)

        def grid(values: np.ndarray, x0: float, y0: float) -> None:
            for (i, j), value in np.ndenumerate(values):
                ax.add_patch(Rectangle((x0 + j - 0.5, y0 - i - 0.5), 1, 1, fc="white", ec="0.75", lw=0.8, zorder=1))
                ax.text(x0 + j, y0 - i, format_number(value), ha="center", va="center", fontsize=FONT_SIZE, zorder=4)

        grid(self.X.T, 0.0, self.top)
        grid(self.G, self.left, 0.0)
        grid(self.product, self.left, self.top)
        label = {"fontsize": FONT_SIZE, "ha": "center", "va": "bottom"}
        ax.text((n - 1) / 2, self.top + 0.55, rf"$X^\top$ ({d}$\times${n})", color=ROW_COLOUR, **label)
        ax.text(self.left + (h - 1) / 2, 0.55, rf"$G = \partial L/\partial A$ ({n}$\times${h})", color=COLUMN_COLOUR,
                **label)
        product_name = rf"$\partial L/\partial {weight_name} = X^\top G$ ({d}$\times${h})"
        ax.text(self.left - 0.55, self.top - d + 0.45, product_name, fontsize=FONT_SIZE, ha="left", va="top")

        style = {"fill": False, "lw": 2.4, "zorder": 3, "animated": animated}
        self.row_box = ax.add_patch(Rectangle((0, 0), 1, 1, ec=ROW_COLOUR, **style))
        self.column_box = ax.add_patch(Rectangle((0, 0), 1, 1, ec=COLUMN_COLOUR, **style))
        self.entry_box = ax.add_patch(Rectangle((0, 0), 1, 1, fc=ENTRY_COLOUR, ec="0.3", lw=1.2, zorder=2,
                                                animated=animated))
        self.caption = ax.text(-0.5, self.top - d - 0.6, "", fontsize=FONT_SIZE, ha="left", va="top", linespacing=1.5,
                               animated=animated, zorder=4)

    def show(self, row: int, column: int) -> None:
        """Explain entry (``row``, ``column``) of X^T G, counted from 1 as in the chapter's formulas."""
        n, d = self.X.shape
        h = self.G.shape[1]
        row = checks.integer("row", row, minimum=1, maximum=d)
        column = checks.integer("column", column, minimum=1, maximum=h)
        k, j = row - 1, column - 1
        self.row_box.set_bounds(-0.5, self.top - k - 0.5, n, 1)
        self.column_box.set_bounds(self.left + j - 0.5, -n + 0.5, 1, n)
        self.entry_box.set_bounds(self.left + j - 0.5, self.top - k - 0.5, 1, 1)
        terms = " + ".join(f"X[{i + 1},{row}] G[{i + 1},{column}]" for i in range(n))
        numbers = " + ".join(f"({format_number(self.X[i, k])})({format_number(self.G[i, j])})" for i in range(n))
        self.caption.set_text(
            f"entry ({row}, {column}) = row {row} of X\u1d40 times column {column} of G, summed over the batch:\n"
            f"= {terms}\n= {numbers} = {format_number(self.product[k, j])}"
        )

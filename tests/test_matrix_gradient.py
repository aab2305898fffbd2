"""The figure that explains dL/dW = X^T G one entry at a time, and its live version."""

import numpy as np
import pytest
from matplotlib.text import Text
from widget_sweep import sweep_extremes

from lecture_lib.algorithms.graph import format_number
from lecture_lib.figures.matrix_gradient import WeightGradientFigure
from lecture_lib.widgets.matrix_gradient import weight_gradient_widget

X = np.array([[0.6, 0.3, -1.0], [-1.5, -1.3, -0.5]])
G = np.array([[0.227, 0.0, 0.033, -0.195, 0.122], [-0.183, -0.033, 0.102, 0.0, 0.477]])


def texts(figure):
    return [t.get_text() for t in figure.findobj(Text) if t.get_text()]


def test_every_entry_of_the_three_matrices_is_written_out():
    view = WeightGradientFigure(X, G, animated=False)
    written = texts(view.figure)
    for matrix in (X.T, G, X.T @ G):
        for value in matrix.ravel():
            assert format_number(value) in written


def test_an_entry_is_the_sum_over_the_batch_with_its_numbers():
    view = WeightGradientFigure(X, G, animated=False)
    view.show(row=2, column=3)
    lines = view.caption.get_text().splitlines()
    assert lines[1] == "= X[1,2] G[1,3] + X[2,2] G[2,3]"
    expected = 0.3 * 0.033 + (-1.3) * 0.102
    assert lines[2] == f"= (0.3)(0.033) + (\u22121.3)(0.102) = {format_number(expected)}"


def test_the_highlights_cover_the_row_the_column_and_the_entry():
    view = WeightGradientFigure(X, G, animated=False)
    view.show(row=3, column=5)
    n = len(X)
    row, column, entry = view.row_box, view.column_box, view.entry_box
    assert (row.get_x(), row.get_y(), row.get_width(), row.get_height()) == (-0.5, view.top - 2.5, n, 1)
    assert (column.get_x(), column.get_width(), column.get_height()) == (view.left + 3.5, 1, n)
    assert (entry.get_x(), entry.get_y()) == (column.get_x(), row.get_y())


def test_bad_arguments_are_named():
    with pytest.raises(ValueError, match=r"X must be a matrix \(n, d\)"):
        WeightGradientFigure(X[0], G)
    with pytest.raises(ValueError, match=r"G must be a matrix with one row per row of X \(2\)"):
        WeightGradientFigure(X, G[:1])
    view = WeightGradientFigure(X, G, animated=False)
    with pytest.raises(ValueError, match=r"row must be an integer in \[1, 3\], got 0"):
        view.show(row=0, column=1)
    with pytest.raises(ValueError, match=r"column must be an integer in \[1, 5\], got 6"):
        view.show(row=1, column=6)
    with pytest.raises(TypeError, match=r"row must be an integer, got 1.5 \(float\)"):
        view.show(row=1.5, column=1)
    with pytest.raises(TypeError, match=r"row must be an integer, got True \(bool\)"):
        view.show(row=True, column=1)
    with pytest.raises(ValueError, match=r"X contains 1 NaN or infinite value\(s\), the first nan at index \(0, 0\)"):
        WeightGradientFigure(np.where(np.arange(X.size).reshape(X.shape) == 0, np.nan, X), G)
    with pytest.raises(TypeError, match="G must hold real numbers"):
        WeightGradientFigure(X, np.full(G.shape, "g"))
    with pytest.raises(ValueError, match="leaves nothing to choose"):
        weight_gradient_widget(X[:, :1], G)


def test_the_widget_offers_every_entry_and_draws_each_cleanly():
    widget = weight_gradient_widget(X, G, presets={"entry (2, 3)": {"row": 2, "column": 3}})
    assert widget.controls["row"].values() == [1, 2, 3]
    assert widget.controls["column"].values() == [1, 2, 3, 4, 5]
    sweep_extremes(widget)
    widget.render(row=2, column=3)
    assert any(text.endswith(f"= {format_number(0.3 * 0.033 - 1.3 * 0.102)}") for text in texts(widget.figure))

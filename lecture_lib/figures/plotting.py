"""Shared plotting: decision boundaries drawn over a grid and updated in place, class scatters.

A classifier of 2-D points splits the plane into regions, one per predicted class. The
``DecisionBoundary`` evaluates any ``predict`` function on a regular grid of points,
shades each grid cell with the colour of its predicted class and traces the lines where
the prediction changes. Its artists are created once with ``animated=True``; ``update``
only changes their data, so a live figure of ``lecture_lib.widgets`` redraws them alone
over a cached background.

Used in chapters 02_neuron_and_xor (a neuron, a 2-2-1 network) and
03_mlp_and_nonlinearity (MLPs with and without a nonlinearity).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import contourpy
import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgba

from lecture_lib.algorithms.data import check_extent, grid_points
from lecture_lib.engine import checks

# One colour per class (colour-blind safe: blue, orange, green, as in matplotlib's "tab10").
CLASS_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728")



class DecisionBoundary:
    """A classifier's regions and boundary lines over a rectangle, redrawn in place.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw. Its limits are set to ``extent``.
    predict : callable, optional
        Maps points of shape (n, 2) to integer class labels (n,) in ``0 .. n_classes - 1``,
        to decision values (n,) positive for class 1, or to class scores (n, n_classes);
        see ``show``. If given, the regions are drawn at once.
    extent : (x_min, x_max, y_min, y_max)
        The rectangle shown.
    resolution : int
        Grid cells per side; each is coloured by the prediction at its centre.
    n_classes : int
        Number of classes (colours).
    colors : sequence of colour specs, optional
        One colour per class (default ``CLASS_COLORS``).
    alpha : float
        Opacity of the shading.
    animated : bool
        Create the artists animated (for ``lecture_lib.widgets``, the default) or as plain
        artists of a static figure.

    Attributes
    ----------
    points : numpy.ndarray, shape (resolution**2, 2)
        The grid cell centres ``predict`` is evaluated at (see ``grid_points``).
    labels : numpy.ndarray of int, shape (resolution, resolution)
        The labels shown, row 0 at the bottom.
    palette : numpy.ndarray of uint8, shape (n_classes, 4)
        Each class's shading as RGBA bytes: the image shows ``palette[labels]``.
    image, lines :
        The artists that ``update`` changes: the shaded regions and the boundary lines.
    """

    def __init__(
        self,
        ax: Axes,
        predict: Callable[[np.ndarray], np.ndarray] | None = None,
        extent: Sequence[float] = (-1.5, 1.5, -1.5, 1.5),
        resolution: int = 150,
        n_classes: int = 2,
        colors: Sequence[str] | None = None,
        alpha: float = 0.3,
        animated: bool = True,
    ) -> None:
        colors = tuple(colors or CLASS_COLORS)
        self.n_classes = checks.integer("n_classes", n_classes, minimum=2, maximum=len(colors))
        alpha = checks.number("alpha", alpha, minimum=0, maximum=1)
        self.extent = check_extent(extent)
        self.points = grid_points(self.extent, resolution)
        self.resolution = int(resolution)
        self._xs = np.unique(self.points[:, 0])
        self._ys = np.unique(self.points[:, 1])
        self.labels = np.zeros((self.resolution, self.resolution), dtype=np.int64)
        # The regions are an image of RGBA bytes, each class's colour at the shading's alpha:
        # matplotlib draws it without colour-mapping it, 4.9 -> 1.9 ms for 120 x 120 cells.
        self.palette = np.array([np.round(np.multiply(to_rgba(c, alpha), 255)) for c in colors[: self.n_classes]],
                                dtype=np.uint8)
        self.image = ax.imshow(
            self.palette[self.labels],
            extent=self.extent,
            origin="lower",
            interpolation="nearest",
            aspect="auto",
            animated=animated,
            zorder=0,
        )
        self.lines = LineCollection([], colors="0.15", linewidths=1.5, animated=animated, zorder=1)
        ax.add_collection(self.lines)
        ax.set_xlim(self.extent[0], self.extent[1])
        ax.set_ylim(self.extent[2], self.extent[3])
        if predict is not None:
            self.update(predict)

    def update(self, predict: Callable[[np.ndarray], np.ndarray]) -> None:
        """Evaluate ``predict`` on the grid points and show the result (see ``show``)."""
        self.show(predict(self.points))

    def show(self, outputs: np.ndarray) -> None:
        """Show a classifier's outputs at the grid points, precomputed or fresh.

        Parameters
        ----------
        outputs : numpy.ndarray
            One of, for the ``resolution**2`` grid points in order:

            * integer labels, shape (N,): the regions as given, boundaries traced between
              grid cells (slightly stepped);
            * float decision values, shape (N,) or (N, 1): class 1 where the value is > 0,
              class 0 elsewhere; the boundary is the value's zero line (smooth);
            * float class scores, shape (N, n_classes): the arg-max class; the boundary of
              class c is where its score ties with the best other score (smooth).
        """
        outputs = np.asarray(outputs)
        count = self.resolution**2
        if outputs.dtype.kind not in "biuf":
            raise TypeError(f"outputs must be numbers, got dtype {outputs.dtype}")
        if outputs.ndim == 2 and outputs.shape[1] == 1:
            outputs = outputs[:, 0]
        if outputs.shape not in ((count,), (count, self.n_classes)) or (
            outputs.ndim == 2 and outputs.dtype.kind != "f"
        ):
            raise ValueError(
                f"expected labels or decision values of shape ({count},) or float scores of shape "
                f"({count}, {self.n_classes}) for a {self.resolution}x{self.resolution} grid, got {outputs.shape}"
            )
        if not np.isfinite(outputs).all():
            raise ValueError("the classifier's outputs contain NaN or infinity")
        # Each class gets a "margin" field, positive inside its region and negative outside;
        # its boundary is the margin's zero line, traced by marching squares between
        # neighbouring cell centres. Integer labels give a 0/1 indicator shifted by 1/2.
        # With two classes one margin's zero line is the whole boundary.
        if outputs.dtype.kind != "f":
            if outputs.min() < 0 or outputs.max() >= self.n_classes:
                raise ValueError(f"labels must lie in 0..{self.n_classes - 1}, got {outputs.min()}..{outputs.max()}")
            labels = outputs.astype(np.int64)
            margins = [(labels == c).astype(np.float64) - 0.5 for c in range(self.n_classes)]
        elif outputs.ndim == 1:
            labels = (outputs > 0).astype(np.int64)
            margins = [outputs]
        else:
            labels = outputs.argmax(axis=1)
            margins = [outputs[:, c] - np.delete(outputs, c, axis=1).max(axis=1) for c in range(self.n_classes)]
        if len(margins) == 2:
            margins = margins[1:]
        self.labels = labels.reshape(self.resolution, self.resolution)
        self.image.set_data(self.palette[self.labels])
        self.lines.set_segments(self._zero_lines(margins))

    def _zero_lines(self, margins: list[np.ndarray]) -> list[np.ndarray]:
        segments: list[np.ndarray] = []
        for margin in margins:
            field = margin.reshape(self.resolution, self.resolution)
            if field.min() > 0 or field.max() <= 0:
                continue
            generator = contourpy.contour_generator(self._xs, self._ys, field, line_type="Separate")
            segments += [line for line in generator.lines(0.0) if len(line) > 1]
        return segments


def scatter_classes(
    ax: Axes, X: np.ndarray, y: np.ndarray, colors: Sequence[str] | None = None, size: float = 16, **kwargs: object
) -> PathCollection:
    """Scatter points coloured by class with a thin dark edge (drawn above a ``DecisionBoundary``).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    X : numpy.ndarray, shape (n, 2)
    y : numpy.ndarray of int, shape (n,)
    colors : sequence of colour specs, optional
        One per class (default ``CLASS_COLORS``).
    size : float
        Marker area in points squared.
    **kwargs
        Passed on to ``Axes.scatter``.

    Returns
    -------
    matplotlib.collections.PathCollection
    """
    X = checks.real_array("X", X, ndim=2)
    if X.shape[1] != 2:
        raise ValueError(f"scatter_classes needs X of shape (n, 2), got {X.shape}")
    palette = np.array(colors or CLASS_COLORS)
    y = checks.class_labels("y", y, n=len(X), classes=len(palette))
    options = {"edgecolors": "0.1", "linewidths": 0.5, "zorder": 3, **kwargs}
    return ax.scatter(X[:, 0], X[:, 1], c=palette[y], s=checks.number("size", size, minimum=0), **options)

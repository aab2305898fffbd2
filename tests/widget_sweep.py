"""Shared by the chapters' widget tests: move every control to its extremes and check
that the figure draws cleanly (no warning, nothing NaN or infinite, something drawn)."""

import io
import itertools
import re
import warnings

import numpy as np
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.image import AxesImage
from matplotlib.lines import Line2D
from matplotlib.text import Text
from PIL import Image

from lecture_lib.widgets import Dropdown, InteractiveFigure

# A number gone wrong, as Python prints it ("NAND" and "information" are fine).
NOT_A_NUMBER = re.compile(r"(?<![A-Za-z])(nan|-?inf)(?![A-Za-z])", re.IGNORECASE)


def extreme_settings(figure: InteractiveFigure) -> list[dict]:
    """Every combination of the controls' extremes: both ends of each slider, every option."""
    ends = {
        name: control.values() if isinstance(control, Dropdown) else [control.values()[0], control.values()[-1]]
        for name, control in figure.controls.items()
    }
    return [dict(zip(ends, values, strict=True)) for values in itertools.product(*ends.values())]


def assert_everything_drawn_is_finite(figure) -> None:
    for artist in figure.findobj():
        if isinstance(artist, AxesImage):
            assert np.isfinite(np.asarray(artist.get_array(), dtype=float)).all(), artist
        elif isinstance(artist, Line2D):
            assert np.isfinite(np.asarray(artist.get_xydata(), dtype=float)).all(), artist
        elif isinstance(artist, LineCollection):
            for segment in artist.get_segments():
                assert np.isfinite(segment).all(), artist
        elif isinstance(artist, PathCollection):
            assert np.isfinite(artist.get_offsets()).all(), artist
        elif isinstance(artist, Text):
            assert not NOT_A_NUMBER.search(artist.get_text()), artist.get_text()


def sweep_extremes(figure: InteractiveFigure, check=None) -> list[dict]:
    """Render every extreme setting with warnings as errors; ``check(setting)`` after each."""
    settings = extreme_settings(figure)
    for setting in settings:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            png = figure.render(**setting)
        image = Image.open(io.BytesIO(png))
        assert image.size == figure.figure.canvas.get_width_height()
        assert np.asarray(image).std() > 0  # something was drawn
        assert_everything_drawn_is_finite(figure.figure)
        if check is not None:
            check(setting)
    return settings

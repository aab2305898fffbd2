"""The interactive layer: live figures and exercises, in a kernel and in the static book.

Everything a reader moves or types goes through this package: the controls
(``controls``), the figure that redraws as they move (``interactive``, whose renderer
keeps glyph images in ``glyph_cache``), the answer
checks of the exercises (``exercises``), and one module of ready-made live figures per
chapter topic. It imports from every layer below it; nothing imports from it.
"""

from lecture_lib.widgets.controls import Dropdown, Slider
from lecture_lib.widgets.interactive import InteractiveFigure, interactive, static_mode

__all__ = ["Dropdown", "InteractiveFigure", "Slider", "interactive", "static_mode"]

"""Glyph images kept by a live figure's renderer, so that a new text costs its layout, not its rasterising.

matplotlib (3.11 on) draws a text glyph by glyph: FreeType rasterises each glyph at its
position, to 1/64 of a pixel, and the Agg renderer blends the image in. A glyph's image
depends only on the font, its size, the glyph and where in its pixel it starts: moved by
whole pixels it is the same image, moved. So each image is kept under that key and blended
in at the glyph's whole-pixel position, with the pixels matplotlib would have drawn.

``remember_text`` (``lecture_lib.widgets.interactive``) replays whole texts drawn before at
the same place; this module serves the texts that are new (a caption with new numbers, a
label at a new place), about half of whose drawing time is the rasterising. Used by every
chapter's live figures.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.backends import backend_agg
from matplotlib.backends.backend_agg import RendererAgg

# The glyph images a renderer keeps (a few hundred bytes each).
GLYPH_CACHE_ENTRIES = 20_000
_IDENTITY = np.array([[0x10000, 0], [0, 0x10000]])


def cache_glyphs(renderer: RendererAgg) -> None:
    """Make ``renderer`` keep the image of every glyph it rasterises, and reuse it.

    Only glyphs drawn upright (no angle, slant or stretch) and antialiased are kept; others
    are drawn as matplotlib draws them, as is everything where matplotlib has no per-glyph
    drawing (before 3.11).

    Parameters
    ----------
    renderer : matplotlib.backends.backend_agg.RendererAgg
    """
    original = getattr(renderer, "_draw_text_glyphs_and_boxes", None)
    if original is None or getattr(renderer, "_glyph_images", None) is not None:
        return
    images: dict[tuple, tuple[np.ndarray, int, int]] = {}
    hinting = backend_agg.get_hinting_flag
    normal = backend_agg.RenderMode.NORMAL

    def drawing(gc: Any, x: float, y: float, angle: float, glyphs: Any, boxes: Any) -> None:
        glyphs = list(glyphs)
        if angle or not gc.get_antialiased() or any(g[3] or g[4] != 1 for g in glyphs):
            original(gc, x, y, angle, glyphs, boxes)
            return
        flags, height, core = hinting(), renderer.height, renderer._renderer
        for font, size, glyph_index, _, _, dx, dy in glyphs:
            # The glyph's origin in 1/64 px, FreeType's y upwards, as matplotlib computes it.
            left, bottom = round(0x40 * (x + dx)), round(0x40 * (height - y + dy))
            key = (font.fname, font.postscript_name, size, renderer.dpi, glyph_index, left & 63, bottom & 63, flags)
            kept = images.get(key)
            if kept is None:
                font.set_size(size, renderer.dpi)
                font._set_transform(_IDENTITY, [left & 63, bottom & 63])
                bitmap = font._render_glyph(glyph_index, flags, normal)
                kept = images[key] = (np.array(bitmap.buffer, copy=True), bitmap.left, bitmap.top)
                if len(images) > GLYPH_CACHE_ENTRIES:
                    del images[next(iter(images))]  # the oldest
            image, image_left, image_top = kept
            core.draw_text_image(image, image_left + (left >> 6),
                                 int(height) - (image_top + (bottom >> 6)) + image.shape[0], 0, gc)
        if boxes:
            original(gc, x, y, angle, [], boxes)

    renderer._draw_text_glyphs_and_boxes = drawing
    renderer._glyph_images = images

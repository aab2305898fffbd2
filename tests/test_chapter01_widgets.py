"""Chapter 01's live figures at every control's extremes (no warning, no NaN) and its helpers.

The chapter's cells call the same functions (``color_histogram_widget(coffee)``,
``hog_widget(camera)``, ``codebook_widget(sweep)``), so what is tested here is what the
reader moves.
"""

import warnings

import numpy as np
import pytest
import skimage.data
from matplotlib.collections import LineCollection
from widget_sweep import assert_everything_drawn_is_finite, sweep_extremes

from lecture_lib.algorithms.bag_of_words import Codebook, reconstruct_from_words
from lecture_lib.algorithms.color_histogram import color_histogram
from lecture_lib.algorithms.data import synthetic_images
from lecture_lib.algorithms.feature_comparison import codebook_sweep, linear_classifier
from lecture_lib.algorithms.hog import hog
from lecture_lib.figures.image_features import features_side_by_side, templates_figure, tile_mosaic, words_mosaic
from lecture_lib.widgets.image_features import codebook_widget, color_histogram_widget, hog_widget

COFFEE = skimage.data.coffee()[::2, ::2] / 255.0
CAMERA = skimage.data.camera().reshape(256, 2, 256, 2).mean(axis=(1, 3)) / 255.0


@pytest.fixture(scope="module")
def small_sweep():
    images, labels, _ = synthetic_images(n_per_class=10, seed=1)
    return codebook_sweep(images[:42], labels[:42], images[42:], labels[42:], sizes=[2, 8, 128])


def test_color_histogram_widget_extremes():
    figure = color_histogram_widget(COFFEE)
    bars = next(a for a in figure.figure.findobj(LineCollection))

    def check(setting):
        bins = setting["bins"]
        heights = np.array([segment[1, 1] for segment in bars.get_segments()])
        np.testing.assert_allclose(heights, color_histogram(COFFEE, bins))

    assert [s["bins"] for s in sweep_extremes(figure, check)] == [1, 12]


def test_hog_widget_extremes_show_the_hog_glyphs():
    figure = hog_widget(CAMERA)
    glyph_image = figure.figure.axes[1].images[0]

    def check(setting):
        _, glyphs = hog(
            CAMERA, setting["orientations"], (setting["cell_size"],) * 2, (3, 3), visualize=True
        )
        shown = np.asarray(glyph_image.get_array())
        # Same picture up to the display scale: lit exactly where the glyphs are lit.
        np.testing.assert_array_equal(shown > 0, glyphs > 0)
        assert shown.max() == 1.0

    settings = sweep_extremes(figure, check)
    assert {(s["cell_size"], s["orientations"]) for s in settings} == {
        (4, 1), (4, 18), (32, 1), (32, 18)
    }


def test_codebook_widget_extremes_mark_the_stored_accuracy(small_sweep):
    figure = codebook_widget(small_sweep)
    marker = next(
        line for line in figure.figure.axes[1].lines if line.get_marker() == "o" and line.get_animated()
    )

    def check(setting):
        index = small_sweep.sizes.index(setting["n_words"])
        np.testing.assert_array_equal(
            marker.get_xydata(), [[setting["n_words"], small_sweep.test_accuracy[index]]]
        )

    assert [s["n_words"] for s in sweep_extremes(figure, check)] == [2, 8, 128]


def test_codebook_sweep_has_one_codebook_and_two_accuracies_per_size(small_sweep):
    assert [codebook.n_words for codebook in small_sweep.codebooks] == [2, 8, 128]
    for accuracy in small_sweep.train_accuracy + small_sweep.test_accuracy:
        assert 0.0 <= accuracy <= 1.0


def test_linear_classifier_separates_separable_data_and_survives_constant_features():
    rng = np.random.default_rng(0)
    labels = np.arange(90) % 3
    features = np.column_stack([labels * 5.0 + rng.normal(0, 0.3, 90), np.ones(90)])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = linear_classifier(features[:60], labels[:60], features[60:], labels[60:])
    assert result.train_accuracy == 1.0 and result.test_accuracy == 1.0
    np.testing.assert_array_equal(result.test_predictions, labels[60:])
    with pytest.raises(ValueError, match="same d"):
        linear_classifier(features, labels, features[:, :1], labels)


def test_words_mosaic_and_reconstruction_from_exact_words():
    # A 4 x 4-pixel image made of two different 2 x 2 tiles; with those tiles as the
    # codebook's words, rebuilding from words gives the image back.
    dark, light = np.full((2, 2, 3), 0.1), np.full((2, 2, 3), 0.9)
    image = np.concatenate(
        [np.concatenate([dark, light], axis=1), np.concatenate([light, dark], axis=1)], axis=0
    )
    codebook = Codebook(words=np.stack([dark.ravel(), light.ravel()]), patch_size=2, stride=1)
    np.testing.assert_allclose(reconstruct_from_words(image, codebook), image)
    mosaic = words_mosaic(codebook)
    assert mosaic.shape == (5, 5, 3)  # 2 x 2 grid of 2-pixel tiles with a 1-pixel gap
    np.testing.assert_allclose(mosaic[:2, :2], dark)
    np.testing.assert_allclose(mosaic[:2, 3:], light)
    np.testing.assert_allclose(mosaic[3:, :], 1.0)  # empty tiles and gaps are white


def test_features_side_by_side_draws_one_row_per_image():
    images, labels, names = synthetic_images(n_per_class=1, seed=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = features_side_by_side(images[:2], names[:2])
    assert len(figure.axes) == 6
    assert_everything_drawn_is_finite(figure)


def test_tile_mosaic_lays_tiles_out_row_by_row():
    tiles = np.stack([np.full((2, 3, 3), value) for value in (0.1, 0.2, 0.3)])
    mosaic = tile_mosaic(tiles, columns=2, gap=1, background=0.5)
    assert mosaic.shape == (5, 7, 3)  # two rows of 2-pixel tiles, two columns of 3-pixel tiles
    np.testing.assert_allclose(mosaic[:2, :3], 0.1)
    np.testing.assert_allclose(mosaic[:2, 4:], 0.2)
    np.testing.assert_allclose(mosaic[3:, :3], 0.3)
    np.testing.assert_allclose(mosaic[3:, 4:], 0.5)  # the empty fourth place
    np.testing.assert_allclose(mosaic[2], 0.5)  # the gap between the rows


def test_templates_figure_draws_signs_and_colours_around_a_neutral_zero():
    grey = np.zeros((2, 3, 3))
    grey[0, 0, 0], grey[0, 0, 1], grey[1, 2, 2] = 2.0, -1.0, 0.5
    colour = np.zeros((1, 2, 2, 3))
    colour[0, 1, 1] = [4.0, -4.0, 0.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure = templates_figure({"grey": grey, "colour": colour}, columns=2)
    grey_picture, colour_picture = (ax.images[0].get_array() for ax in figure.axes[:2])
    red, blue, white = grey_picture[0, 0], grey_picture[0, 1], grey_picture[1, 1]
    assert red[0] > red[2] + 0.2 and blue[2] > blue[0] + 0.2  # positive red, negative blue
    np.testing.assert_allclose(white, 1.0, atol=0.05)  # zero is (nearly) white
    np.testing.assert_allclose(grey_picture[2, 6], red)  # each template scaled on its own: its 0.5 is its top
    np.testing.assert_allclose(colour_picture[0, 0], 0.5)  # zero is grey
    np.testing.assert_allclose(colour_picture[1, 1], [1.0, 0.0, 0.5])
    assert_everything_drawn_is_finite(figure)


@pytest.mark.parametrize(
    ("panels", "options", "error", "message"),
    [
        ({}, {}, ValueError, "templates_figure needs at least one panel"),
        ([np.zeros((1, 2, 2))], {}, TypeError, r"panels must be a Mapping, got \[array"),
        ({"flat": np.zeros((3, 4))}, {}, ValueError, r"panel 'flat': templates must be \(n, h, w\) or \(n, h, w, 3\)"),
        ({"two": np.zeros((1, 2, 2, 2))}, {}, ValueError, r"panel 'two': templates must be .*, got \(1, 2, 2, 2\)"),
        ({"holed": np.full((1, 2, 2), np.nan)}, {}, ValueError, r"panels\['holed'\] contains 4 NaN or infinite"),
        ({"words": np.full((1, 2, 2), "w")}, {}, TypeError, r"panels\['words'\] must hold real numbers"),
        ({"a": np.zeros((1, 2, 2))}, {"columns": 2.5}, TypeError, r"columns must be an integer, got 2.5 \(float\)"),
        ({"a": np.zeros((1, 2, 2))}, {"panels_per_row": 0}, ValueError, "panels_per_row must be an integer >= 1"),
    ],
)
def test_templates_figure_rejects_what_it_cannot_draw(panels, options, error, message):
    with pytest.raises(error, match=message):
        templates_figure(panels, **options)


@pytest.mark.parametrize(
    ("tiles", "options", "error", "message"),
    [
        (np.zeros((3, 2, 2)), {}, ValueError, r"tiles must be 4-D, got shape \(3, 2, 2\)"),
        (np.zeros((0, 2, 2, 3)), {}, ValueError, r"tiles must be at least one RGB tile, .* got \(0, 2, 2, 3\)"),
        (np.zeros((3, 2, 2, 3)), {"columns": 0}, ValueError, "columns must be an integer >= 1, got 0"),
        (np.zeros((3, 2, 2, 3)), {"gap": -1}, ValueError, "gap must be an integer >= 0, got -1"),
        (np.zeros((3, 2, 2, 3)), {"background": float("nan")}, ValueError,
         r"background must be a finite number in \[0, 1\], got nan"),
    ],
)
def test_tile_mosaic_refuses_what_would_draw_wrong(tiles, options, error, message):
    with pytest.raises(error, match=message):
        tile_mosaic(tiles, **{"columns": 2, **options})

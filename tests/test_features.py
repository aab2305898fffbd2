"""Image features: HoG against scikit-image, colour histograms, k-means++, bag of words."""

import numpy as np
import pytest
import skimage.data
import skimage.draw
import skimage.feature
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from skimage.color import rgb2gray

from lecture_lib.algorithms.bag_of_words import assign_words, bag_of_words, dense_patches, fit_codebook
from lecture_lib.algorithms.color_histogram import color_histogram
from lecture_lib.algorithms.data import synthetic_images
from lecture_lib.algorithms.hog import BLOCK_NORMS, _line_pixels, _orientation_bins, hog
from lecture_lib.algorithms.images import extract_features, to_grayscale
from lecture_lib.algorithms.kmeans import kmeans, kmeans_plus_plus

# skimage adds up each cell in single precision, lecture_lib in double precision.
HOG_TOLERANCE = 1e-6


def _test_images() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    camera = skimage.data.camera()[100:196, 200:296] / 255.0
    astronaut = rgb2gray(skimage.data.astronaut())[50:130, 180:250]
    steps = np.add.outer(np.arange(60), np.arange(52)) % 7 / 6.0  # angles on bin edges
    checker = np.kron((np.indices((6, 6)).sum(axis=0) % 2), np.ones((9, 9))).astype(float)
    return {
        "camera": camera,
        "astronaut": astronaut,
        "noise": rng.random((45, 61)),
        "quantised noise": np.round(rng.random((40, 40)) * 3) / 3,
        "diagonal steps": steps,
        "checkerboard": checker,
    }


TEST_IMAGES = _test_images()


def _assert_hog_matches_skimage(image, **parameters):
    expected = skimage.feature.hog(image, **parameters)
    actual = hog(image, **parameters)
    if parameters.get("visualize"):
        (expected, expected_picture), (actual, actual_picture) = expected, actual
        assert actual_picture.shape == expected_picture.shape
        assert actual_picture.dtype == expected_picture.dtype
        assert np.abs(actual_picture - expected_picture).max() <= HOG_TOLERANCE
    assert actual.shape == expected.shape
    assert actual.dtype == expected.dtype
    assert np.abs(actual - expected).max() <= HOG_TOLERANCE


@pytest.mark.parametrize("image_name", sorted(TEST_IMAGES))
@pytest.mark.parametrize("block_norm", BLOCK_NORMS)
@pytest.mark.parametrize(
    ("orientations", "pixels_per_cell", "cells_per_block"),
    [(9, (8, 8), (3, 3)), (4, (6, 6), (2, 2)), (7, (5, 9), (1, 2)), (12, (4, 3), (2, 1))],
)
@pytest.mark.parametrize("transform_sqrt", [False, True])
def test_hog_matches_skimage_over_a_parameter_sweep(
    image_name, block_norm, orientations, pixels_per_cell, cells_per_block, transform_sqrt
):
    _assert_hog_matches_skimage(
        TEST_IMAGES[image_name],
        orientations=orientations,
        pixels_per_cell=pixels_per_cell,
        cells_per_block=cells_per_block,
        block_norm=block_norm,
        transform_sqrt=transform_sqrt,
        visualize=True,
        feature_vector=image_name != "camera",
    )


def test_hog_matches_skimage_on_a_full_size_photograph():
    _assert_hog_matches_skimage(rgb2gray(skimage.data.astronaut()), visualize=True)


@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.uint8, np.int64, bool])
def test_hog_follows_skimage_for_other_dtypes(dtype):
    image = (TEST_IMAGES["camera"] * (255 if dtype in (np.uint8, np.int64) else 1)).astype(dtype)
    expected = skimage.feature.hog(image, pixels_per_cell=(6, 6), cells_per_block=(2, 2))
    actual = hog(image, pixels_per_cell=(6, 6), cells_per_block=(2, 2))
    assert actual.dtype == expected.dtype
    assert np.abs(actual - expected).max() <= HOG_TOLERANCE


@settings(max_examples=60, deadline=None)
@given(
    image=arrays(
        np.float64,
        st.tuples(st.integers(4, 40), st.integers(4, 40)),
        elements=st.floats(0, 1, allow_nan=False),
    ),
    orientations=st.integers(1, 12),
    pixels_per_cell=st.tuples(st.integers(2, 8), st.integers(2, 8)),
    cells_per_block=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    block_norm=st.sampled_from(BLOCK_NORMS),
    transform_sqrt=st.booleans(),
)
def test_hog_matches_skimage_property(
    image, orientations, pixels_per_cell, cells_per_block, block_norm, transform_sqrt
):
    rows, cols = image.shape
    if rows // pixels_per_cell[0] < cells_per_block[0]:
        return
    if cols // pixels_per_cell[1] < cells_per_block[1]:
        return
    _assert_hog_matches_skimage(
        image,
        orientations=orientations,
        pixels_per_cell=pixels_per_cell,
        cells_per_block=cells_per_block,
        block_norm=block_norm,
        transform_sqrt=transform_sqrt,
        visualize=True,
    )


def test_hog_with_one_pixel_wide_cells_matches_skimage_and_keeps_glyphs_inside():
    # skimage's picture raises IndexError here (a segment leaves the image); the
    # features still agree and lecture_lib's picture leaves out the outside pixels.
    image = TEST_IMAGES["noise"][:20, :20]
    parameters = dict(orientations=9, pixels_per_cell=(3, 1), cells_per_block=(2, 3))
    with pytest.raises(IndexError):
        skimage.feature.hog(image, visualize=True, **parameters)
    _assert_hog_matches_skimage(image, **parameters)
    features, picture = hog(image, visualize=True, **parameters)
    assert picture.shape == image.shape
    assert np.isfinite(picture).all() and picture.min() >= 0


def test_line_pixels_match_skimage_draw_line():
    deltas = np.array([(dr, dc) for dr in range(-9, 10) for dc in range(-9, 10)])
    starts = np.random.default_rng(0).integers(-5, 30, size=deltas.shape)
    ends = starts + deltas
    rows, cols, valid = _line_pixels(starts[:, 0], starts[:, 1], ends[:, 0], ends[:, 1])
    for k in range(len(deltas)):
        expected_rows, expected_cols = skimage.draw.line(*starts[k], *ends[k])
        np.testing.assert_array_equal(rows[k][valid[k]], expected_rows)
        np.testing.assert_array_equal(cols[k][valid[k]], expected_cols)


def test_hog_is_blind_to_brightness_offset_but_not_to_rotation():
    image = TEST_IMAGES["astronaut"]
    base = hog(image, pixels_per_cell=(8, 8), cells_per_block=(2, 2))
    np.testing.assert_allclose(
        hog(image + 0.3, pixels_per_cell=(8, 8), cells_per_block=(2, 2)), base, atol=1e-12
    )
    square = image[:64, :64]
    square_features = hog(square, pixels_per_cell=(8, 8), cells_per_block=(2, 2))
    rotated = hog(np.rot90(square), pixels_per_cell=(8, 8), cells_per_block=(2, 2))
    assert np.abs(rotated - square_features).max() > 0.1


@pytest.mark.parametrize(
    ("image", "parameters", "error", "message"),
    [
        (np.zeros((30, 30, 3)), {}, ValueError, "2-D grayscale"),
        (np.zeros(30), {}, ValueError, "2-D grayscale"),
        (np.zeros((20, 30)), {}, ValueError, "too small"),
        (np.zeros((7, 30)), {"cells_per_block": (1, 1)}, ValueError, "too small"),
        (np.full((30, 30), np.nan), {}, ValueError, "NaN"),
        (np.full((30, 30), np.inf), {}, ValueError, "infinite"),
        (np.full((30, 30), "a"), {}, TypeError, "real numbers"),
        (np.zeros((30, 30), dtype=complex), {}, TypeError, "real numbers"),
        (np.zeros((30, 30), dtype=object), {}, TypeError, "real numbers"),
        (np.zeros((30, 30)), {"block_norm": "L3"}, ValueError, "block_norm"),
        (np.zeros((30, 30)), {"orientations": 0}, ValueError, "orientations"),
        (np.zeros((30, 30)), {"pixels_per_cell": (0, 8)}, ValueError, "pixels_per_cell"),
        (np.zeros((30, 30)), {"cells_per_block": (2, 2, 2)}, ValueError, "cells_per_block"),
        (-np.ones((30, 30)), {"transform_sqrt": True}, ValueError, "non-negative"),
    ],
)
def test_hog_rejects_bad_input(image, parameters, error, message):
    with pytest.raises(error, match=message):
        hog(image, **parameters)


# --- colour histogram ------------------------------------------------------------------------


@pytest.mark.parametrize("bins", [1, 2, 3, 5, 8, 17])
def test_color_histogram_equals_normalised_histogramdd(bins):
    rgb = skimage.data.astronaut()
    for image, value_range in [(rgb, (0, 255)), (rgb / 255.0, (0, 1)), (rgb / 51.0, (0, 5))]:
        expected, _ = np.histogramdd(image.reshape(-1, 3), bins=bins, range=[value_range] * 3)
        actual = color_histogram(image, bins, value_range=value_range)
        np.testing.assert_allclose(actual, expected.ravel() / expected.sum(), rtol=0, atol=1e-15)


@settings(max_examples=50, deadline=None)
@given(
    image=arrays(
        np.float64,
        st.tuples(st.integers(1, 12), st.integers(1, 12), st.just(3)),
        elements=st.sampled_from([0.0, 0.1, 0.25, 0.3, 1 / 3, 0.5, 0.7, 0.75, 1.0]),
    ),
    bins=st.integers(1, 10),
    seed=st.integers(0, 2**16),
)
def test_color_histogram_properties(image, bins, seed):
    histogram = color_histogram(image, bins)
    expected, _ = np.histogramdd(image.reshape(-1, 3), bins=bins, range=[(0, 1)] * 3)
    # counts / n times n is the count again up to one rounding (5 / 7 * 7 is 4.999999999999999)
    np.testing.assert_allclose(histogram * image[..., 0].size, expected.ravel(), rtol=1e-12)
    assert histogram.shape == (bins**3,)
    assert histogram.min() >= 0 and np.isclose(histogram.sum(), 1.0)
    # Moving the pixels around changes nothing: the histogram ignores position.
    pixels = image.reshape(-1, 3)
    shuffled = np.random.default_rng(seed).permutation(pixels).reshape(image.shape)
    np.testing.assert_array_equal(color_histogram(shuffled, bins), histogram)


def test_color_histogram_of_a_grayscale_image_is_the_intensity_histogram():
    image = skimage.data.camera()
    expected, _ = np.histogram(image, bins=16, range=(0, 255))
    np.testing.assert_allclose(color_histogram(image, 16), expected / image.size, atol=1e-15)


def test_color_histogram_puts_a_pure_colour_in_its_cell():
    red = np.zeros((5, 5, 3))
    red[..., 0] = 1.0
    histogram = color_histogram(red, bins=4).reshape(4, 4, 4)
    assert histogram[3, 0, 0] == 1.0 and histogram.sum() == 1.0


@pytest.mark.parametrize(
    ("image", "parameters", "error", "message"),
    [
        (np.zeros((4, 4, 4)), {}, ValueError, r"\(H, W, 3\)"),
        (np.zeros(4), {}, ValueError, r"\(H, W, 3\)"),
        (np.full((4, 4, 3), 1.5), {}, ValueError, "value_range"),
        (np.full((4, 4, 3), np.nan), {}, ValueError, "NaN"),
        (np.full((4, 4, 3), "x"), {}, TypeError, "real numbers"),
        (np.zeros((4, 4, 3)), {"bins": 0}, ValueError, "bins"),
        (np.zeros((4, 4, 3)), {"value_range": (1, 1)}, ValueError, "low < high"),
        (np.zeros((0, 4, 3)), {}, ValueError, "at least one pixel"),
    ],
)
def test_color_histogram_rejects_bad_input(image, parameters, error, message):
    with pytest.raises(error, match=message):
        color_histogram(image, **parameters)


def test_to_grayscale_matches_skimage_rgb2gray():
    rgb = skimage.data.coffee() / 255.0
    np.testing.assert_allclose(to_grayscale(rgb), rgb2gray(rgb), atol=1e-12)
    with pytest.raises(ValueError, match="shape"):
        to_grayscale(np.zeros((4, 4, 4)))


# --- k-means++ and k-means -------------------------------------------------------------------


def _three_blobs(seed=0, n=150):
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0], [10.0, 0.0], [0.0, 10.0]])
    labels = np.repeat(np.arange(3), n // 3)
    return centres[labels] + rng.normal(scale=0.5, size=(n, 2)), labels


def test_kmeans_plus_plus_is_deterministic_for_a_seed():
    points, _ = _three_blobs()
    first = kmeans_plus_plus(points, 3, np.random.default_rng(5))
    again = kmeans_plus_plus(points, 3, np.random.default_rng(5))
    other = kmeans_plus_plus(points, 3, np.random.default_rng(6))
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


@pytest.mark.parametrize("seed", range(10))
def test_kmeans_plus_plus_spreads_its_starting_centres(seed):
    # With blobs 10 apart and spread 0.5, D^2 sampling picks one point per blob with
    # probability above 0.999 for every seed.
    points, labels = _three_blobs(seed)
    centres = kmeans_plus_plus(points, 3, np.random.default_rng(seed))
    rows = [np.flatnonzero((points == centre).all(axis=1))[0] for centre in centres]
    assert sorted(labels[rows]) == [0, 1, 2]


def test_kmeans_recovers_blobs_and_is_deterministic():
    points, labels = _three_blobs()
    result = kmeans(points, 3, seed=0)
    again = kmeans(points, 3, seed=0)
    np.testing.assert_array_equal(result.centres, again.centres)
    np.testing.assert_array_equal(result.labels, again.labels)
    # Each found cluster is exactly one true blob.
    for cluster in range(3):
        assert len(set(labels[result.labels == cluster])) == 1
    expected_inertia = sum(
        ((points[labels == k] - points[labels == k].mean(axis=0)) ** 2).sum() for k in range(3)
    )
    assert result.inertia == pytest.approx(expected_inertia, rel=1e-9)


def test_kmeans_with_one_centre_per_point_has_zero_inertia():
    points = np.random.default_rng(1).normal(size=(12, 3))
    result = kmeans(points, 12, seed=0)
    assert result.inertia == pytest.approx(0.0, abs=1e-12)
    assert sorted(result.labels) == list(range(12))


def test_kmeans_rejects_bad_input():
    with pytest.raises(ValueError, match="exceeds"):
        kmeans(np.zeros((3, 2)), 4)
    with pytest.raises(ValueError, match=r"\(n, d\)"):
        kmeans(np.zeros(5), 2)
    with pytest.raises(ValueError, match="NaN"):
        kmeans(np.full((5, 2), np.nan), 2)


# --- bag of visual words ---------------------------------------------------------------------


def test_dense_patches_are_the_grid_of_windows():
    image = np.random.default_rng(0).random((9, 11, 3))
    patches = dense_patches(image, patch_size=3, stride=2)
    expected = [
        image[r : r + 3, c : c + 3].ravel() for r in range(0, 7, 2) for c in range(0, 9, 2)
    ]
    np.testing.assert_array_equal(patches, np.array(expected))
    with pytest.raises(ValueError, match="smaller"):
        dense_patches(image, patch_size=10)


def test_bag_of_words_rows_are_word_frequencies():
    images = [im for im in skimage.data.lfw_subset()[:20]]
    codebook = fit_codebook(images[:10], n_words=16, patch_size=5, stride=3, seed=0)
    again = fit_codebook(images[:10], n_words=16, patch_size=5, stride=3, seed=0)
    np.testing.assert_array_equal(codebook.words, again.words)
    histograms = bag_of_words(images, codebook)
    assert histograms.shape == (20, 16)
    np.testing.assert_allclose(histograms.sum(axis=1), 1.0)
    n_patches = dense_patches(images[0], 5, 3).shape[0]
    np.testing.assert_allclose(histograms * n_patches, np.round(histograms * n_patches))


def test_bag_of_words_forgets_where_patches_are():
    # With non-overlapping patches, swapping two patch positions keeps the histogram.
    image = np.random.default_rng(2).random((8, 8, 3))
    swapped = image.copy()
    swapped[:4, :4], swapped[4:, 4:] = image[4:, 4:], image[:4, :4]
    codebook = fit_codebook([image], n_words=3, patch_size=4, stride=4, seed=0)
    np.testing.assert_array_equal(bag_of_words([image], codebook), bag_of_words([swapped], codebook))


def test_bag_of_words_rejects_images_with_other_channels():
    codebook = fit_codebook([np.zeros((8, 8, 3)) + 0.5, np.ones((8, 8, 3))], n_words=2)
    with pytest.raises(ValueError, match="channels"):
        bag_of_words([np.zeros((8, 8))], codebook)


def test_extract_features_stacks_one_row_per_image():
    images = [TEST_IMAGES["noise"][:32, :32], TEST_IMAGES["checkerboard"][:32, :32]]
    matrix = extract_features(images, hog, pixels_per_cell=(8, 8), cells_per_block=(2, 2))
    assert matrix.shape == (2, 3 * 3 * 2 * 2 * 9)
    np.testing.assert_array_equal(
        matrix[1], hog(images[1], pixels_per_cell=(8, 8), cells_per_block=(2, 2))
    )


@pytest.mark.parametrize("orientations", range(1, 40))
def test_orientation_bins_agree_with_searchsorted_on_and_next_to_every_edge(orientations):
    edges = (180.0 / orientations) * np.arange(orientations + 1)
    near = np.concatenate([edges, np.nextafter(edges, -1), np.nextafter(edges, 200)])
    angles = np.concatenate([near, np.linspace(0, 180, 1001)])
    angles = angles[(angles >= 0) & (angles <= 180)]
    expected = np.searchsorted(edges, angles, side="right") - 1
    np.testing.assert_array_equal(_orientation_bins(angles, orientations), expected)


# --- the synthetic image set -----------------------------------------------------------------


def test_synthetic_images_shape_range_balance_and_seed():
    images, labels, names = synthetic_images(n_per_class=5, seed=3)
    assert images.shape == (30, 32, 32, 3) and images.dtype == np.float64
    assert images[0].size == 3072
    assert images.min() >= 0.0 and images.max() <= 1.0
    assert len(names) == 6 and np.bincount(labels).tolist() == [5] * 6
    again, _, _ = synthetic_images(n_per_class=5, seed=3)
    other, _, _ = synthetic_images(n_per_class=5, seed=4)
    np.testing.assert_array_equal(images, again)
    assert not np.allclose(images, other)


def test_synthetic_images_without_noise_are_the_same_draws():
    # Chapter 01 shows an image next to its noise-free version: same seed, noise=0.
    noisy, labels, _ = synthetic_images(n_per_class=10, seed=0)
    clean, clean_labels, _ = synthetic_images(n_per_class=10, seed=0, noise=0.0)
    np.testing.assert_array_equal(labels, clean_labels)
    unclipped = (noisy > 0) & (noisy < 1)
    assert abs((noisy - clean)[unclipped].std() - 0.05) < 0.002
    assert np.abs(noisy - clean).max() < 0.4


def test_synthetic_colour_classes_are_their_colour():
    images, labels, names = synthetic_images(n_per_class=40, seed=0)
    for image, label in zip(images, labels, strict=True):
        if label < 3:
            assert names[label].startswith(("red", "green", "blue")[label])
            assert image.reshape(-1, 3).mean(axis=0).argmax() == label


def test_synthetic_texture_classes_are_their_stripe_orientation():
    # Dominant gradient direction by the doubled-angle mean of the gradients (so that
    # opposite directions add up): horizontal stripes have gradients along the rows, angle
    # 90 degrees (doubled 180); vertical stripes 0 (0); diagonal stripes 135 (270).
    expected_doubled_angle = {3: 180.0, 4: 0.0, 5: 270.0}
    images, labels, _ = synthetic_images(n_per_class=40, seed=0, noise=0.0)
    for image, label in zip(images, labels, strict=True):
        if label >= 3:
            g_row, g_col = np.gradient(to_grayscale(image))
            doubled = np.angle(np.sum((g_col + 1j * g_row) ** 2), deg=True) % 360
            difference = (doubled - expected_doubled_angle[label] + 180) % 360 - 180
            assert abs(difference) < 30


@pytest.mark.parametrize(
    ("parameters", "message"),
    [({"n_per_class": 0}, "n_per_class"), ({"size": 4}, "size"), ({"noise": -1.0}, "noise")],
)
def test_synthetic_images_rejects_bad_arguments(parameters, message):
    with pytest.raises(ValueError, match=message):
        synthetic_images(**parameters)


def test_assign_words_lays_word_numbers_out_like_the_patches():
    image = np.zeros((10, 7))
    image[:, 4:] = 1.0
    codebook = fit_codebook([image], n_words=2, patch_size=3, stride=2, seed=0)
    words = assign_words(image, codebook)
    assert words.shape == (4, 3)
    # The patch columns start at 0, 2 and 4: the first two see mostly dark pixels, the
    # last one only light pixels, so the last column of words differs from the first.
    assert (words[:, 0] == words[0, 0]).all() and (words[:, 2] != words[0, 0]).all()

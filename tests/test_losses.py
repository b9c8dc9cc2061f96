"""The per-texel (quadratic) patch loss the optimiser evaluates equals the patch-by-patch definition."""

import numpy as np
import pytest
import tensorflow as tf

from texturegen.synthesis import filters
from texturegen.synthesis.neural import losses
from texturegen.synthesis.neural.patches import extract

pytestmark = pytest.mark.slow  # TensorFlow or doit in every test


@pytest.mark.parametrize("mode", ["wrap", "reflect"])
def test_quadratic_style_equals_patch_style_in_value_and_gradient(mode: str) -> None:
    """Same loss and same gradient for random features, matches and weights (some patches weightless)."""
    rng = np.random.default_rng(3)
    shape = (1, 6, 5, 4)
    feat = tf.constant(rng.normal(size=shape), tf.float32)
    n = shape[1] * shape[2]
    matched = tf.constant(rng.normal(size=(n, 9 * shape[3])), tf.float32)
    weight = rng.uniform(size=n).astype(np.float32)
    weight[rng.uniform(size=n) < 0.3] = 0.0
    weight = tf.constant(weight)
    norm = tf.constant(0.7, tf.float32)
    sq = np.square(matched.numpy().astype(np.float64)).sum(axis=1)
    target = losses.style_target(matched, sq, weight, norm, shape, mode)
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(feat)
        direct = losses.style(extract(feat, mode), matched, weight, norm)
        quadratic = losses.style_quadratic(feat, target)
    assert float(direct) > 0.1
    assert float(quadratic) == pytest.approx(float(direct), rel=1e-5)
    np.testing.assert_allclose(
        tape.gradient(quadratic, feat).numpy(), tape.gradient(direct, feat).numpy(), rtol=1e-4, atol=1e-6
    )


def test_out_of_range_is_zero_inside_the_box_and_squared_distance_outside() -> None:
    """The soft box replacing L-BFGS-B's bounds: nothing inside [0, 1], mean squared overshoot outside."""
    inside = tf.constant([[0.0, 0.5, 1.0, 0.999]])
    outside = tf.constant([[-0.2, 0.5, 1.1, 3.0]])
    assert float(losses.out_of_range(inside)) == 0.0
    assert float(losses.out_of_range(outside)) == pytest.approx((0.04 + 0.01 + 4.0) / 4, rel=1e-6)


@pytest.mark.parametrize(("mode", "np_mode"), [("wrap", "wrap"), ("reflect", "reflect")])
@pytest.mark.parametrize("sigma", [0.5, 2.0])
def test_blur_matrices_equal_padded_convolution(mode: str, np_mode: str, sigma: float) -> None:
    """The matrix blur equals padding (circular or mirrored) then convolving each axis with the kernel."""
    rng = np.random.default_rng(5)
    img = rng.uniform(size=(7, 6, 2))
    radius = max(1, int(np.ceil(2 * sigma)))
    kern = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    kern /= kern.sum()
    r = (len(kern) - 1) // 2
    padded = np.pad(img, ((r, r), (r, r), (0, 0)), mode=np_mode)
    expected = np.zeros_like(img)
    for dy in range(-r, r + 1):
        for dx in range(-r, r + 1):
            expected += kern[dy + r] * kern[dx + r] * padded[r + dy : r + dy + 7, r + dx : r + dx + 6]
    rows, cols = filters.blur_matrix(7, kern, mode), filters.blur_matrix(6, kern, mode)
    got = np.einsum("ij,jwc->iwc", rows, img)
    got = np.einsum("ij,hjc->hic", cols, got)
    assert np.abs(got - expected).max() < 1e-5
    assert np.abs(expected - img).max() > 0.05

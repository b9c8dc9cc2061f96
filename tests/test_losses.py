"""The per-texel (quadratic) patch loss the optimiser evaluates equals the patch-by-patch definition."""

import numpy as np
import pytest
import tensorflow as tf

from texturegen.synthesis import losses
from texturegen.synthesis.patches import extract


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
    np.testing.assert_allclose(tape.gradient(quadratic, feat).numpy(), tape.gradient(direct, feat).numpy(),
                               rtol=1e-4, atol=1e-6)


def test_out_of_range_is_zero_inside_the_box_and_squared_distance_outside() -> None:
    """The soft box replacing L-BFGS-B's bounds: nothing inside [0, 1], mean squared overshoot outside."""
    inside = tf.constant([[0.0, 0.5, 1.0, 0.999]])
    outside = tf.constant([[-0.2, 0.5, 1.1, 3.0]])
    assert float(losses.out_of_range(inside)) == 0.0
    assert float(losses.out_of_range(outside)) == pytest.approx((0.04 + 0.01 + 4.0) / 4, rel=1e-6)

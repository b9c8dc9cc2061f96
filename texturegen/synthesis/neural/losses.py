"""Pure loss terms: patch (style), low-pass content and smoothness."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import tensorflow as tf

from texturegen.synthesis.neural.patches import fold
from texturegen.synthesis.shapes import STEP_OFFSETS


def style(out_patches: tf.Tensor, target: tf.Tensor, weight: tf.Tensor, norm: tf.Tensor) -> tf.Tensor:
    """Weighted mean squared difference of output patches and their matches (what `style_target` folds)."""
    per = tf.reduce_mean(tf.square(out_patches - target), axis=1)
    return tf.reduce_sum(per * weight) / (tf.reduce_sum(weight) + 1e-8) / norm


@dataclass(frozen=True)
class StyleTarget:
    """One layer's patch loss per texel: sum(coef * (features - centre)^2) + rest."""

    centre: tf.Tensor
    coef: tf.Tensor
    rest: tf.Tensor


def style_target(
    matched: tf.Tensor,
    sq_norms: np.ndarray,
    weight: tf.Tensor,
    norm: tf.Tensor,
    shape: tuple[int, ...],
    mode: str | None,
) -> StyleTarget:
    """`style` rewritten exactly as a quadratic in the (1, h, w, C) feature map, so evaluating needs no patches."""
    # sq_norms: each matched patch's squared length (float64); only the constant term needs it.
    size = int(matched.shape[1])
    total, cover = _fold_both(matched, weight, shape, mode)
    total, cover = total.numpy().astype(np.float64), cover.numpy().astype(np.float64)
    centre = np.divide(total, cover, out=np.zeros_like(total), where=cover > 0)
    w64 = weight.numpy().astype(np.float64)
    rest = float(w64 @ sq_norms - (total * centre).sum())
    denom = size * (w64.sum() + 1e-8) * float(norm)
    return StyleTarget(
        tf.constant(centre, tf.float32), tf.constant(cover / denom, tf.float32), tf.constant(rest / denom, tf.float32)
    )


@tf.function(autograph=False)
def _fold_both(
    matched: tf.Tensor, weight: tf.Tensor, shape: tuple[int, ...], mode: str | None
) -> tuple[tf.Tensor, tf.Tensor]:
    """Fold the weighted patches and the weights themselves back onto the feature map's texels."""
    n = tf.shape(matched)[0]
    total = fold(matched * weight[:, None], shape, mode)
    cover = fold(tf.broadcast_to(weight[:, None], (n, 9)), (*shape[:-1], 1), mode)
    return total, cover


def style_quadratic(feat: tf.Tensor, t: StyleTarget) -> tf.Tensor:
    """The patch loss of one layer from its feature map and its StyleTarget (equal to `style`)."""
    return tf.reduce_sum(t.coef * tf.square(feat - t.centre)) + t.rest


def region_mean(x: tf.Tensor, rows: tf.Tensor, cols: tf.Tensor) -> tf.Tensor:
    """Local mean of an NHWC image over like neighbours (shapes.region_weights): along rows, then columns."""
    x = tf.einsum("xyk,bkxc->byxc", rows, x)
    return tf.einsum("yxk,bykc->byxc", cols, x)


def content(x: tf.Tensor, target_low: tf.Tensor, alpha: tf.Tensor, rows: tf.Tensor, cols: tf.Tensor) -> tf.Tensor:
    """Mean squared difference of the output's and the target's region means: each region's level, not its grain."""
    return tf.reduce_mean(alpha * tf.square(region_mean(x, rows, cols) - target_low))


def smoothness(x: tf.Tensor, alpha: tf.Tensor, mode: str) -> tf.Tensor:
    """Squared total variation over opaque texels (across the wrap edge when tiling)."""
    if mode == "wrap":
        dx = tf.roll(x, -1, axis=2) - x
        dy = tf.roll(x, -1, axis=1) - x
    else:
        dx = tf.pad(x[:, :, 1:] - x[:, :, :-1], [[0, 0], [0, 0], [0, 1], [0, 0]])
        dy = tf.pad(x[:, 1:] - x[:, :-1], [[0, 0], [0, 1], [0, 0], [0, 0]])
    return tf.reduce_mean(alpha * (tf.square(dx) + tf.square(dy)))


def out_of_range(x: tf.Tensor) -> tf.Tensor:
    """Mean squared distance of each value from [0, 1] (zero inside it)."""
    return tf.reduce_mean(tf.square(tf.nn.relu(-x)) + tf.square(tf.nn.relu(x - 1.0)))


def edge_steps(x: tf.Tensor, weights: tf.Tensor, target_steps: tf.Tensor) -> tf.Tensor:
    """Weighted mean squared difference between the output's and the target's steps across strong edges."""
    steps = tf.stack([tf.roll(x, (-dy, -dx), axis=(1, 2)) - x for dy, dx in STEP_OFFSETS], axis=-1)
    return tf.reduce_sum(weights * tf.square(steps - target_steps)) / tf.cast(tf.size(x), tf.float32)

"""Pure loss terms: patch (style), low-pass content and smoothness."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import tensorflow as tf
from scipy.ndimage import correlate1d

from texturegen.synthesis.patches import fold


def gaussian_kernel(sigma: float) -> np.ndarray:
    """A normalised 1-D Gaussian reaching 2 sigma each side."""
    radius = max(1, int(np.ceil(2 * sigma)))
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    k = np.exp(-0.5 * (x / sigma) ** 2)
    return (k / k.sum()).astype(np.float32)


def blur_matrix(n: int, kernel: np.ndarray, mode: str) -> np.ndarray:
    """(n, n) matrix applying the 1-D kernel along one axis, the edges wrapped (`wrap`) or mirrored."""
    # Column j is the kernel's response to texel j alone; SciPy's `mirror` is tf.pad's REFLECT.
    impulses = np.eye(n, dtype=np.float64)
    return correlate1d(impulses, kernel.astype(np.float64), axis=0, mode="wrap" if mode == "wrap" else "mirror"
                       ).astype(np.float32)


def blur(x: tf.Tensor, rows: tf.Tensor, cols: tf.Tensor) -> tf.Tensor:
    """Separable blur of an NHWC tensor by its two blur matrices (as matrix products: fast under XLA)."""
    x = tf.einsum("ij,bjwc->biwc", rows, x)
    return tf.einsum("ij,bhjc->bhic", cols, x)


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


def style_target(matched: tf.Tensor, sq_norms: np.ndarray, weight: tf.Tensor, norm: tf.Tensor,
                 shape: tuple[int, ...], mode: str | None) -> StyleTarget:
    """`style` rewritten exactly as a quadratic in the (1, h, w, C) feature map, so evaluating needs no patches."""
    # sq_norms: each matched patch's squared length (float64); only the constant term needs it.
    size = int(matched.shape[1])
    total, cover = _fold_both(matched, weight, shape, mode)
    total, cover = total.numpy().astype(np.float64), cover.numpy().astype(np.float64)
    centre = np.divide(total, cover, out=np.zeros_like(total), where=cover > 0)
    w64 = weight.numpy().astype(np.float64)
    rest = float(w64 @ sq_norms - (total * centre).sum())
    denom = size * (w64.sum() + 1e-8) * float(norm)
    return StyleTarget(tf.constant(centre, tf.float32), tf.constant(cover / denom, tf.float32),
                       tf.constant(rest / denom, tf.float32))


@tf.function
def _fold_both(matched: tf.Tensor, weight: tf.Tensor, shape: tuple[int, ...], mode: str | None
               ) -> tuple[tf.Tensor, tf.Tensor]:
    """Fold the weighted patches and the weights themselves back onto the feature map's texels."""
    n = tf.shape(matched)[0]
    total = fold(matched * weight[:, None], shape, mode)
    cover = fold(tf.broadcast_to(weight[:, None], (n, 9)), (*shape[:-1], 1), mode)
    return total, cover


def style_quadratic(feat: tf.Tensor, t: StyleTarget) -> tf.Tensor:
    """The patch loss of one layer from its feature map and its StyleTarget (equal to `style`)."""
    return tf.reduce_sum(t.coef * tf.square(feat - t.centre)) + t.rest


def region_weights(target: np.ndarray, sigma: float, tol: float, knee: int, mode: str) -> np.ndarray:
    """(2, 2r+1, H, W, 1): per pixel, normalised weights of its neighbours along columns and rows, by the target.

    A neighbour counts as much as it is near and alike in the target (a hard-kneed range, as the structure's
    own smoothing): averaging with them never reaches across one of the target's strong edges.
    """
    radius = max(1, int(np.ceil(2 * sigma)))
    pad = ((radius, radius), (radius, radius), (0, 0))
    padded = np.pad(target.astype(np.float64), pad, mode="wrap" if mode == "wrap" else "reflect")
    h, w = target.shape[:2]
    out = np.zeros((2, 2 * radius + 1, h, w, 1))
    for axis in (0, 1):
        for k, d in enumerate(range(-radius, radius + 1)):
            dy, dx = (d, 0) if axis == 0 else (0, d)
            moved = padded[radius + dy : radius + dy + h, radius + dx : radius + dx + w]
            dist2 = ((moved - target) ** 2).mean(axis=2)
            out[axis, k, ..., 0] = np.exp(-0.5 * (d / sigma) ** 2) * np.exp(-((dist2 / tol**2) ** knee))
        out[axis] /= out[axis].sum(axis=0, keepdims=True)
    return out.astype(np.float32)


def region_mean(x: tf.Tensor, weights: tf.Tensor, mode: str) -> tf.Tensor:
    """Local mean of an NHWC image over like neighbours (region_weights): along columns, then along rows."""
    radius = (int(weights.shape[1]) - 1) // 2
    for axis in (1, 2):
        pads = [[0, 0], [0, 0], [0, 0], [0, 0]]
        pads[axis] = [radius, radius]
        padded = tf.pad(x, pads, mode="SYMMETRIC") if mode != "wrap" else tf.concat(
            [tf.gather(x, tf.range(-radius, 0) % tf.shape(x)[axis], axis=axis), x,
             tf.gather(x, tf.range(radius) % tf.shape(x)[axis], axis=axis)], axis=axis)
        n = int(x.shape[axis])
        w = weights[axis - 1]
        parts = [w[k][None] * (padded[:, k : k + n] if axis == 1 else padded[:, :, k : k + n])
                 for k in range(2 * radius + 1)]
        x = tf.add_n(parts)
    return x


def content(x: tf.Tensor, target_low: tf.Tensor, alpha: tf.Tensor, weights: tf.Tensor, mode: str) -> tf.Tensor:
    """Mean squared difference of the output's and the target's region means: each region's level, not its grain."""
    return tf.reduce_mean(alpha * tf.square(region_mean(x, weights, mode) - target_low))


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


STEP_OFFSETS = ((0, 1), (1, 0), (0, 2), (2, 0))
"""Pixel pairs whose steps the edge term compares: neighbours, and pixels two apart across a one-pixel edge."""


def step_weights(target: np.ndarray, tol: float, knee: int, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """(weights, target steps), each (H, W, c, 4): how much each pixel pair is a strong edge of the target.

    A pair counts as much as its two pixels are unlike (the complement of the region likeness), so the term
    holds the target's strong steps where they are and nowhere else; pairs across the border of a window
    that does not wrap are left out.
    """
    h, w, c = target.shape
    weights, steps = [], []
    for dy, dx in STEP_OFFSETS:
        moved = np.roll(target, (-dy, -dx), axis=(0, 1))
        step = moved - target
        dist2 = (step**2).mean(axis=2, keepdims=True)
        weight = 1.0 - np.exp(-((dist2 / tol**2) ** knee))
        if mode != "wrap":
            weight[h - dy :] = 0.0
            weight[:, w - dx :] = 0.0
        weights.append(np.repeat(weight, c, axis=2))
        steps.append(step)
    return np.stack(weights, axis=-1).astype(np.float32), np.stack(steps, axis=-1).astype(np.float32)


def edge_steps(x: tf.Tensor, weights: tf.Tensor, target_steps: tf.Tensor) -> tf.Tensor:
    """Weighted mean squared difference between the output's and the target's steps across strong edges."""
    steps = tf.stack([tf.roll(x, (-dy, -dx), axis=(1, 2)) - x for dy, dx in STEP_OFFSETS], axis=-1)
    return tf.reduce_sum(weights * tf.square(steps - target_steps)) / tf.cast(tf.size(x), tf.float32)

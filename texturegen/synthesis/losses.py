"""Pure loss terms: patch (style), low-pass content, edge keeping and smoothness."""

from __future__ import annotations

import numpy as np
import tensorflow as tf

from texturegen.synthesis.network import pad


def gaussian_kernel(sigma: float) -> np.ndarray:
    """A normalised 1-D Gaussian reaching 2 sigma each side."""
    radius = max(1, int(np.ceil(2 * sigma)))
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    k = np.exp(-0.5 * (x / sigma) ** 2)
    return (k / k.sum()).astype(np.float32)


def blur(x: tf.Tensor, kernel: tf.Tensor, mode: str) -> tf.Tensor:
    """Separable Gaussian blur of an NHWC tensor with the given 1-D kernel."""
    r = (kernel.shape[0] - 1) // 2
    ch = x.shape[-1]
    kx = tf.tile(tf.reshape(kernel, (1, -1, 1, 1)), (1, 1, ch, 1))
    ky = tf.tile(tf.reshape(kernel, (-1, 1, 1, 1)), (1, 1, ch, 1))
    x = pad(x, r, mode)
    x = tf.nn.depthwise_conv2d(x, kx, [1, 1, 1, 1], "VALID")
    return tf.nn.depthwise_conv2d(x, ky, [1, 1, 1, 1], "VALID")


def style(out_patches: tf.Tensor, target: tf.Tensor, weight: tf.Tensor, norm: tf.Tensor) -> tf.Tensor:
    """Weighted mean squared difference of raw output patches and their matched reference patches."""
    per = tf.reduce_mean(tf.square(out_patches - target), axis=1)
    return tf.reduce_sum(per * weight) / (tf.reduce_sum(weight) + 1e-8) / norm


def content(x: tf.Tensor, target_low: tf.Tensor, alpha: tf.Tensor, kernel: tf.Tensor, mode: str) -> tf.Tensor:
    """Mean squared difference of the low-passed output and low-passed structure target."""
    return tf.reduce_mean(alpha * tf.square(blur(x, kernel, mode) - target_low))


def edges(x: tf.Tensor, target: tf.Tensor, mask: tf.Tensor) -> tf.Tensor:
    """Mean squared difference to the structure target in the bands along strong seed edges."""
    return tf.reduce_mean(mask * tf.square(x - target))


def smoothness(x: tf.Tensor, alpha: tf.Tensor, mode: str) -> tf.Tensor:
    """Squared total variation over opaque texels (across the wrap edge when tiling)."""
    if mode == "wrap":
        dx = tf.roll(x, -1, axis=2) - x
        dy = tf.roll(x, -1, axis=1) - x
    else:
        dx = tf.pad(x[:, :, 1:] - x[:, :, :-1], [[0, 0], [0, 0], [0, 1], [0, 0]])
        dy = tf.pad(x[:, 1:] - x[:, :-1], [[0, 0], [0, 1], [0, 0], [0, 0]])
    return tf.reduce_mean(alpha * (tf.square(dx) + tf.square(dy)))

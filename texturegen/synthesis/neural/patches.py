"""3x3 feature patches and exact chunked nearest-patch matching with a variety penalty."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import tensorflow as tf

from texturegen.synthesis.neural.network import pad


def extract(feat: tf.Tensor, mode: str | None) -> tf.Tensor:
    """(N, 9C) 3x3 patches of a (1, h, w, C) map: one per texel (`wrap`/`reflect`) or VALID (None)."""
    if mode is not None:
        feat = pad(feat, 1, mode)
    p = tf.image.extract_patches(feat, [1, 3, 3, 1], [1, 1, 1, 1], [1, 1, 1, 1], "VALID")
    return tf.reshape(p, (-1, p.shape[-1]))


def fold(values: tf.Tensor, shape: tuple[int, ...], mode: str | None) -> tf.Tensor:
    """The transpose of `extract`: add each (N, 9C) patch row back onto the texels it was taken from."""
    zero = tf.zeros(shape, values.dtype)
    with tf.GradientTape() as tape:
        tape.watch(zero)
        total = tf.reduce_sum(extract(zero, mode) * values)
    return tape.gradient(total, zero)


def pooled(img: np.ndarray, stride: int) -> np.ndarray:
    """A (H, W) map averaged over stride x stride blocks: its value per texel of a layer of that stride."""
    h, w = img.shape[0] // stride, img.shape[1] // stride
    return img[: h * stride, : w * stride].reshape(h, stride, w, stride).mean(axis=(1, 3))


def guide_patches(guide: np.ndarray, stride: int, mode: str | None) -> tf.Tensor:
    """(N, 9) 3x3 patches of a (H, W) guide pooled to a layer's stride, laid out as `extract`'s."""
    return extract(tf.constant(pooled(guide, stride)[None, ..., None], tf.float32), mode)


def normalise(p: tf.Tensor) -> tf.Tensor:
    """Scale each patch (row) to unit length, for normalised cross-correlation."""
    return p / tf.maximum(tf.norm(p, axis=1, keepdims=True), 1e-8)


@dataclass(frozen=True)
class Matches:
    """Best reference patch per output patch, and each reference patch's best raw NCC (what variety remembers)."""

    index: np.ndarray
    history: np.ndarray


def chunk_sizes(n: int, m: int, memory_mb: int, arrays: int = 2) -> tuple[int, int]:
    """Output and reference chunk lengths whose score-sized arrays fit a quarter of memory_mb: two per block (the
    correlations and their penalised copy), three when guides add their own product."""
    share = max(16, memory_mb * 2 // arrays)  # memory_mb itself for two arrays (it is 16 or more)
    budget = max(share * 1024 * 1024 // 8 // 4, 1024)  # float32 entries
    n_chunk = min(n, max(1, int(np.sqrt(budget))))
    m_chunk = min(m, max(1, budget // n_chunk))
    if m_chunk == m:
        n_chunk = min(n, max(1, budget // m))
    return n_chunk, m_chunk


@dataclass(frozen=True)
class Guides:
    """3x3 guide patches of the output and of the reference rows, and the weight of their squared distance."""

    out: tf.Tensor
    ref: tf.Tensor
    weight: float


def match(
    out_norm: tf.Tensor,
    ref_norm: tf.Tensor,
    penalty: np.ndarray | None,
    chunks: tuple[int, int],
    guides: Guides | None = None,
) -> Matches:
    """For each output row, argmax_j ncc - penalty[j] (- weight x guide distance), chunked; exactly brute force.

    What variety remembers (history) is each reference row's best ncc alone. The guide distance
    |g - r|^2 = |g|^2 - 2 g.r + |r|^2 is a rank-9 product beside the features' one; |g|^2 is the same for every j.
    """
    n_chunk, m_chunk = chunks
    n, m = int(out_norm.shape[0]), int(ref_norm.shape[0])
    pen = tf.zeros((m,), tf.float32) if penalty is None else tf.constant(penalty, tf.float32)
    if guides is not None:
        pen = pen + guides.weight * tf.reduce_sum(tf.square(guides.ref), axis=1)
    best = np.full(n, -np.inf, np.float32)
    index = np.zeros(n, np.int64)
    history = np.full(m, -np.inf, np.float32)
    for j0 in range(0, m, m_chunk):
        ref = ref_norm[j0 : j0 + m_chunk]
        pj = pen[j0 : j0 + m_chunk]
        col = np.full(ref.shape[0], -np.inf, np.float32)
        for i0 in range(0, n, n_chunk):
            ncc = tf.matmul(out_norm[i0 : i0 + n_chunk], ref, transpose_b=True)
            score = ncc - pj[None, :]
            if guides is not None:
                tone = tf.matmul(guides.out[i0 : i0 + n_chunk], guides.ref[j0 : j0 + m_chunk], transpose_b=True)
                score = score + (2.0 * guides.weight) * tone
            arg = tf.argmax(score, axis=1, output_type=tf.int64).numpy()
            top = tf.reduce_max(score, axis=1).numpy()
            col = np.maximum(col, tf.reduce_max(ncc, axis=0).numpy())
            sl = slice(i0, i0 + len(top))
            better = top > best[sl]
            best[sl] = np.where(better, top, best[sl])
            index[sl] = np.where(better, arg + j0, index[sl])
        history[j0 : j0 + len(col)] = col
    return Matches(index, history)

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


def guide_patches(guide: np.ndarray, stride: int, mode: str | None) -> tf.Tensor:
    """(N, 9) 3x3 patches of a (H, W) guide averaged over stride x stride blocks, laid out as `extract`'s."""
    h, w = guide.shape[0] // stride, guide.shape[1] // stride
    pooled = guide[: h * stride, : w * stride].reshape(h, stride, w, stride).mean(axis=(1, 3))
    return extract(tf.constant(pooled[None, ..., None], tf.float32), mode)


def normalise(p: tf.Tensor) -> tf.Tensor:
    """Scale each patch (row) to unit length, for normalised cross-correlation."""
    return p / tf.maximum(tf.norm(p, axis=1, keepdims=True), 1e-8)


@dataclass(frozen=True)
class Matches:
    """Best reference patch per output patch, and each reference patch's best raw NCC (what variety remembers)."""

    index: np.ndarray
    history: np.ndarray


def chunk_sizes(n: int, m: int, memory_mb: int) -> tuple[int, int]:
    """Output and reference chunk lengths whose score block (and its penalised copy) fit a quarter of memory_mb."""
    budget = max(memory_mb * 1024 * 1024 // 8 // 4, 1024)  # float32 entries
    n_chunk = min(n, max(1, int(np.sqrt(budget))))
    m_chunk = min(m, max(1, budget // n_chunk))
    if m_chunk == m:
        n_chunk = min(n, max(1, budget // m))
    return n_chunk, m_chunk


def match(
    out_norm: tf.Tensor,
    ref_norm: tf.Tensor,
    penalty: np.ndarray | None,
    chunks: tuple[int, int],
    plain: int | None = None,
) -> Matches:
    """For each output row, argmax_j ncc - penalty[j], chunked; exactly the brute-force result.

    With `plain`, the rows carry more than features (guides) and what variety remembers (history) is the
    correlation of their first `plain` columns only.
    """
    n_chunk, m_chunk = chunks
    n, m = int(out_norm.shape[0]), int(ref_norm.shape[0])
    pen = tf.zeros((m,), tf.float32) if penalty is None else tf.constant(penalty, tf.float32)
    best = np.full(n, -np.inf, np.float32)
    index = np.zeros(n, np.int64)
    history = np.full(m, -np.inf, np.float32)
    for j0 in range(0, m, m_chunk):
        ref = ref_norm[j0 : j0 + m_chunk]
        pj = pen[j0 : j0 + m_chunk]
        col = np.full(ref.shape[0], -np.inf, np.float32)
        for i0 in range(0, n, n_chunk):
            out = out_norm[i0 : i0 + n_chunk]
            ncc = tf.matmul(out, ref, transpose_b=True)
            score = ncc - pj[None, :]
            arg = tf.argmax(score, axis=1, output_type=tf.int64).numpy()
            top = tf.reduce_max(score, axis=1).numpy()
            if plain is not None:
                ncc = tf.matmul(out[:, :plain], ref[:, :plain], transpose_b=True)
            col = np.maximum(col, tf.reduce_max(ncc, axis=0).numpy())
            sl = slice(i0, i0 + len(top))
            better = top > best[sl]
            best[sl] = np.where(better, top, best[sl])
            index[sl] = np.where(better, arg + j0, index[sl])
        history[j0 : j0 + len(col)] = col
    return Matches(index, history)

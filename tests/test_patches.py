"""Chunked matching is exactly brute force, for any chunk size, with and without variety."""

import numpy as np
import pytest
import tensorflow as tf

from texturegen.synthesis.neural.patches import chunk_sizes, match, normalise

pytestmark = pytest.mark.slow  # TensorFlow or doit in every test


@pytest.mark.parametrize(("n_chunk", "m_chunk"), [(1, 1), (7, 13), (64, 5), (100, 1000), (33, 250)])
@pytest.mark.parametrize("variety", [0.0, 0.5])
def test_chunked_equals_brute_force(n_chunk, m_chunk, variety):
    rng = np.random.default_rng(3)
    out = normalise(tf.constant(rng.normal(size=(100, 27)), tf.float32))
    ref = normalise(tf.constant(rng.normal(size=(250, 27)), tf.float32))
    penalty = variety * rng.uniform(0, 1, 250).astype(np.float32) if variety else None
    got = match(out, ref, penalty, (n_chunk, m_chunk))
    ncc = (out.numpy() @ ref.numpy().T).astype(np.float64)
    score = ncc - (penalty if penalty is not None else 0)
    np.testing.assert_array_equal(got.index, np.argmax(score, axis=1))
    np.testing.assert_allclose(got.history, ncc.max(axis=0), atol=1e-5)


def test_variety_spreads_matches_over_more_reference_patches():
    rng = np.random.default_rng(5)
    ref = normalise(tf.constant(rng.normal(size=(400, 27)), tf.float32))
    out = normalise(tf.constant(rng.normal(size=(300, 27)) + 2.0, tf.float32))
    plain = match(out, ref, None, (300, 400))
    varied = match(out, ref, 1.0 * plain.history, (300, 400))
    assert len(np.unique(varied.index)) > len(np.unique(plain.index))


def test_chunk_sizes_fit_the_budget():
    for mb in (16, 64, 512):
        n, m = chunk_sizes(50_000, 80_000, mb)
        assert n * m * 4 <= mb * 1024 * 1024 // 8
        assert n >= 1 and m >= 1


def test_guided_matching_is_the_argmax_of_ncc_minus_the_guide_distance_and_remembers_ncc_only():
    from texturegen.synthesis.neural.patches import Guides

    rng = np.random.default_rng(7)
    out = normalise(tf.constant(rng.normal(size=(60, 27)), tf.float32))
    ref = normalise(tf.constant(rng.normal(size=(90, 27)), tf.float32))
    g_out = tf.constant(rng.uniform(0, 1, (60, 9)), tf.float32)
    g_ref = tf.constant(rng.uniform(0, 1, (90, 9)), tf.float32)
    penalty = rng.uniform(0, 0.3, 90).astype(np.float32)
    got = match(out, ref, penalty, (17, 23), Guides(g_out, g_ref, 10.0))
    ncc = out.numpy() @ ref.numpy().T
    dist = ((g_out.numpy()[:, None, :] - g_ref.numpy()[None, :, :]) ** 2).sum(axis=2)
    np.testing.assert_array_equal(got.index, np.argmax(ncc - penalty - 10.0 * dist, axis=1))
    np.testing.assert_allclose(got.history, ncc.max(axis=0), atol=1e-5)
    assert (got.index != np.argmax(ncc - penalty, axis=1)).any()

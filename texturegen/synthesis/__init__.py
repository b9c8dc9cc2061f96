"""The only package that imports TensorFlow: neural patch synthesis of one texture."""

from __future__ import annotations

import os

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from texturegen.errors import TexturegenError  # noqa: E402

try:
    import tensorflow as tf
except ImportError as exc:  # pragma: no cover - depends on the install
    raise TexturegenError(
        f"TensorFlow is not installed ({exc}): pip install 'texturegen[cpu]' (or 'texturegen[gpu]' for CUDA)"
    ) from None

tf.config.experimental.enable_op_determinism()
tf.get_logger().setLevel("ERROR")

from texturegen.synthesis.engine import frame_count, synthesize_array  # noqa: E402

__all__ = ["frame_count", "synthesize_array"]

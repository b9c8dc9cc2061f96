"""The TensorFlow part of the synthesis, and the only package importing TensorFlow: feature nets, patches, losses."""

from __future__ import annotations

import os
from types import ModuleType

os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "1")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from texturegen.core.errors import TexturegenError  # noqa: E402


def _limit_malloc_arenas() -> None:
    """Cap glibc's malloc arenas at 2 (unless MALLOC_ARENA_MAX is set); TensorFlow threads each keep one."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux") or "MALLOC_ARENA_MAX" in os.environ:
        return
    try:
        ctypes.CDLL("libc.so.6").mallopt(-8, 2)  # M_ARENA_MAX; glibc only
    except (OSError, AttributeError):  # pragma: no cover - musl or another libc
        pass


_limit_malloc_arenas()


def _import_tensorflow() -> ModuleType:
    """Import TensorFlow with its C++ start-up banner kept off stderr (Python errors still raise)."""
    saved = os.dup(2)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 2)
            import tensorflow

            return tensorflow
    finally:
        os.dup2(saved, 2)
        os.close(saved)


try:
    tf = _import_tensorflow()
except ImportError as exc:  # pragma: no cover - depends on the install
    raise TexturegenError(
        f"TensorFlow is not installed ({exc}): pip install 'texturegen[cpu]' (or 'texturegen[gpu]' for CUDA)"
    ) from None

tf.config.experimental.enable_op_determinism()
tf.get_logger().setLevel("ERROR")


def _absl_to_real_stderr() -> None:
    """Point absl's log handler at the process's stderr, not a capture (e.g. doit's) it may outlive."""
    import sys

    try:
        from absl import logging as absl_logging

        absl_logging.get_absl_handler().python_handler.stream = sys.__stderr__
    except (ImportError, AttributeError):  # pragma: no cover - absl layout differs
        pass


_absl_to_real_stderr()

from texturegen.synthesis.neural.engine import synthesize_array  # noqa: E402

__all__ = ["synthesize_array"]

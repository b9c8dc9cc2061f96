"""Shared fixtures: paths to the repository's own real pack data, tiny images, fast settings."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from texturegen.synthesis.settings import SynthesisSettings

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resourcepacks" / "sample"
PACK = SAMPLE
BLOCKS = SAMPLE / "assets" / "minecraft" / "textures" / "block"
REFS = ROOT / "references"
PART = ROOT / "tests" / "data" / "pixel-perfection-part"
"""Blockstates, models and block textures of Pixel Perfection (CC BY-SA 4.0) for the world tests."""


def tree_hash(root: Path) -> str:
    """SHA-256 over every file's relative path, bytes and mode under `root` (symlinks by target)."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix().encode()
        if path.is_symlink():
            digest.update(b"L" + rel + str(path.readlink()).encode())
        elif path.is_file():
            digest.update(b"F" + rel + path.read_bytes() + oct(path.stat().st_mode).encode())
        else:
            digest.update(b"D" + rel)
    return digest.hexdigest()


@pytest.fixture(scope="session", autouse=True)
def inputs_untouched():
    """No test may change the sample pack, the references or the test pack (hashed before and after)."""
    watched = [p for p in (SAMPLE, REFS, PART) if p.exists()]
    before = [tree_hash(p) for p in watched]
    yield
    assert [tree_hash(p) for p in watched] == before, "a test modified an input pack or reference"


SLOW_MODULE = "pytestmark = pytest.mark.slow"
"""A test module holding this line is slow throughout (TensorFlow at import, or doit runs in every test)."""


def _slow_deselected(config: pytest.Config) -> bool:
    """True when `-m` leaves out tests marked slow (the fast tier, `pytest -m "not slow"`)."""
    from _pytest.mark.expression import Expression

    expr = config.getoption("markexpr") or ""
    return bool(expr) and not Expression.compile(expr).evaluate(lambda name: name == "slow")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """In the fast tier a module slow throughout is not even imported (its imports may load TensorFlow)."""
    if collection_path.suffix == ".py" and _slow_deselected(config):
        if any(line.startswith(SLOW_MODULE) for line in collection_path.read_text(encoding="utf-8").splitlines()):
            return True
    return None


class _NoTensorFlow:
    """An import finder that refuses TensorFlow while a test not marked slow runs."""

    active = False

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
        """Raise for tensorflow while active; otherwise let the other finders look."""
        if self.active and name.split(".")[0] == "tensorflow":
            raise ImportError("a test not marked slow imports TensorFlow: mark it @pytest.mark.slow")


_GUARD = _NoTensorFlow()
sys.meta_path.insert(0, _GUARD)


@pytest.fixture(autouse=True)
def fast_tier_guard(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A test not marked slow may load no TensorFlow and start no doit: the fast tier keeps that promise."""
    if request.node.get_closest_marker("slow") is not None:
        yield
        return
    popen = subprocess.Popen

    def no_doit(args: Any, *rest: Any, **kwargs: Any) -> Any:
        if "doit" in " ".join(map(str, [args] if isinstance(args, (str, Path)) else args)):
            raise AssertionError("a test not marked slow runs doit: mark it @pytest.mark.slow")
        return popen(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", no_doit)
    before = "tensorflow" in sys.modules
    assert not (before and _slow_deselected(request.config)), "the fast tier loaded TensorFlow while collecting"
    _GUARD.active = True
    try:
        yield
    finally:
        _GUARD.active = False
    assert before or "tensorflow" not in sys.modules, "a test not marked slow loaded TensorFlow: mark it slow"


@pytest.fixture
def fast() -> SynthesisSettings:
    """Settings for a real but quick synthesis: small scale, few evaluations."""
    return SynthesisSettings(scale=4, iterations=4, match_every=2)


def checker_seed(size: int = 8, seed: int = 0, alpha: bool = False) -> np.ndarray:
    """A random pixel-art RGBA seed with a few flat colours (and a binary alpha cutout if asked)."""
    rng = np.random.default_rng(seed)
    palette = rng.uniform(0.2, 0.8, size=(4, 3))
    idx = rng.integers(0, 4, size=(size, size))
    rgba = np.ones((size, size, 4), np.float32)
    rgba[..., :3] = palette[idx]
    if alpha:
        rgba[..., 3] = (rng.uniform(size=(size, size)) > 0.4).astype(np.float32)
    return rgba


def photo(size: int = 48, seed: int = 1, grey: bool = False) -> np.ndarray:
    """A small noisy 'photo' reference, RGBA."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(0, 1, size=(size // 4, size // 4, 3))
    img = np.repeat(np.repeat(base, 4, 0), 4, 1) * 0.6 + rng.uniform(0, 0.4, size=(size, size, 3))
    if grey:
        img = np.repeat(img.mean(axis=2, keepdims=True), 3, axis=2)
    return np.dstack([img, np.ones((size, size))]).astype(np.float32)

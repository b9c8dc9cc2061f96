"""Build real broken and hostile inputs on disk: PNGs, packs, projects, tree hashes."""

from __future__ import annotations

import io
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
from PIL import Image

from tests.conftest import REFS, ROOT, SAMPLE, tree_hash  # noqa: F401 - tree_hash re-exported

TEX = "assets/minecraft/textures/block"
FAST_HEAD = """\
input: pack
output: build/pack
scale: 2
synthesis:
  iterations: 2
  match_every: 1
"""
"""The top of a test pipeline.yaml: pack/ to build/pack at x2 with a real but very short synthesis."""


def run_doit(root: Path, *args: str) -> subprocess.CompletedProcess:
    """A complete doit run in a project, output captured."""
    return subprocess.run([sys.executable, "-m", "doit", *args], cwd=root, capture_output=True, text=True, timeout=600)


def png_bytes(im: Image.Image) -> bytes:
    """An image as PNG bytes."""
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def texture(mode: str = "RGBA", size: tuple[int, int] = (16, 16), seed: int = 0) -> bytes:
    """A small noisy texture in a PNG mode (RGBA, RGB, L, LA, P, I;16)."""
    rng = np.random.default_rng(seed)
    grey = rng.integers(40, 220, size=(size[1], size[0]), dtype=np.uint8)
    if mode == "I;16":
        return png_bytes(Image.fromarray(grey.astype(np.uint16) * 257))
    rgb = Image.fromarray(np.dstack([grey, grey[::-1], grey[:, ::-1]]), "RGB")
    if mode == "P":
        return png_bytes(rgb.quantize(16))
    return png_bytes(rgb.convert(mode))


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk with its CRC."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb_png(width: int = 100_000, height: int = 100_000) -> bytes:
    """A tiny PNG whose header declares huge dimensions (a decompression bomb)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(b"\0" * 64)) + _chunk(b"IEND", b"")
    )


def project(
    root: Path, config: str, files: dict[str, bytes], refs: dict[str, bytes] | None = None, mcmeta: bytes | None = None
) -> Path:
    """A doit project: pack/ with `files` (and the sample's pack.mcmeta unless given), refs/, dodo.py, config."""
    pack = root / "pack"
    pack.mkdir(parents=True)
    pack_meta = mcmeta if mcmeta is not None else (SAMPLE / "pack.mcmeta").read_bytes()
    if pack_meta != b"<none>":
        (pack / "pack.mcmeta").write_bytes(pack_meta)
    for rel, data in files.items():
        (pack / rel).parent.mkdir(parents=True, exist_ok=True)
        (pack / rel).write_bytes(data)
    (root / "refs").mkdir()
    shutil.copy(REFS / "rock_01.png", root / "refs" / "a.png")
    for name, data in (refs or {}).items():
        (root / "refs" / name).write_bytes(data)
    shutil.copy(ROOT / "dodo.py", root / "dodo.py")
    (root / "pipeline.yaml").write_text(config)
    return root

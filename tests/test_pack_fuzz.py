"""Property tests: random bytes and random zip structures either read as a pack or raise TexturegenError."""

import io
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from texturegen.core.errors import TexturegenError
from texturegen.pack.resourcepack import ResourcePack, ZipLimits

SEGMENT = st.sampled_from(
    [
        "assets",
        "minecraft",
        "textures",
        "block",
        "Stone.png",
        "stone.png",
        "..",
        ".",
        "",
        "pack.mcmeta",
        "a b",
        "ü",
        "C:",
        "x\\y",
        "sub",
    ]
)
NAME = st.one_of(
    st.lists(SEGMENT, min_size=1, max_size=5).map("/".join),
    st.text(min_size=1, max_size=30),
    st.just("/etc/passwd"),
    st.just("../../escape.png"),
)
ENTRY = st.tuples(
    NAME, st.binary(max_size=200), st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED]), st.integers(0, 0o177777)
)
LIMITS = ZipLimits(max_entries=50, max_total_bytes=4000, max_ratio=50.0)
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _zip(entries: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip with the given (name, data, compression, unix mode) entries, duplicates and all."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, data, method, mode in entries:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type, info.external_attr = method, mode << 16
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)  # duplicate names are wanted here
                archive.writestr(info, data)
    return buf.getvalue()


def _read_all(path: Path, dest: Path) -> None:
    """Open the pack, read every file, and extract it; only TexturegenError may escape."""
    try:
        pack = ResourcePack(path, LIMITS)
        for rel in pack.files():
            pack.read(rel)
        pack.materialise(dest)
    except TexturegenError as exc:
        assert str(exc) and "\n" not in str(exc)


def _outside(root: Path) -> set[str]:
    """Everything under root's parent except the sandbox itself (to see stray writes)."""
    return {p.name for p in root.parent.iterdir()} - {root.name}


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes(tmp_path_factory, data):
    box = tmp_path_factory.mktemp("bytes")
    before = _outside(box)
    (box / "pack.zip").write_bytes(data)
    _read_all(box / "pack.zip", box / "out")
    assert _outside(box) == before


@FUZZ
@given(entries=st.lists(ENTRY, max_size=8), corrupt=st.integers(0, 400), flip=st.integers(0, 255))
def test_random_zip_structures(tmp_path_factory, entries, corrupt, flip):
    box = tmp_path_factory.mktemp("zip")
    before = _outside(box)
    raw = bytearray(_zip(entries))
    if raw and corrupt < len(raw):
        raw[corrupt] ^= flip
    (box / "pack.zip").write_bytes(bytes(raw))
    _read_all(box / "pack.zip", box / "out")
    assert _outside(box) == before
    out = box / "out"
    if out.exists():
        resolved = out.resolve()
        assert all(resolved in p.resolve().parents for p in out.rglob("*"))

"""Folder and zip packs read identically; unsafe packs are refused."""

import os
import shutil
import zipfile

import pytest

from tests.conftest import SAMPLE
from texturegen.core.errors import PackError
from texturegen.pack.resourcepack import ResourcePack, texture_id


def _zip_folder(folder, dest, prefix=""):
    with zipfile.ZipFile(dest, "w") as z:
        for root, _, files in os.walk(folder):
            for f in sorted(files):
                full = os.path.join(root, f)
                z.write(full, prefix + os.path.relpath(full, folder))
    return dest


@pytest.mark.parametrize("prefix", ["", "sample/"])
def test_folder_and_zip_read_identically(tmp_path, prefix):
    folder = ResourcePack(SAMPLE)
    packed = ResourcePack(_zip_folder(SAMPLE, tmp_path / "sample.zip", prefix))
    assert folder.files() == packed.files()
    for rel in folder.files():
        assert folder.read(rel) == packed.read(rel)
    local = packed.materialise(tmp_path / "extracted")
    assert local.files() == folder.files()


def test_texture_ids():
    assert texture_id("assets/minecraft/textures/block/stone.png") == "minecraft:block/stone"
    assert texture_id("assets/mymod/textures/item/a/b.png") == "mymod:item/a/b"
    assert texture_id("pack.png") is None


@pytest.mark.parametrize("name", ["../evil.png", "/abs/evil.png", "assets/../../evil.png", ".", "", "./."])
def test_zip_slip_is_refused(tmp_path, name):
    path = tmp_path / "bad.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("pack.mcmeta", "{}")
        z.writestr(zipfile.ZipInfo(name), b"x")
    with pytest.raises(PackError, match="bad.zip"):
        ResourcePack(path)


def test_duplicate_and_case_colliding_entries_are_refused(tmp_path):
    dup = tmp_path / "dup.zip"
    with zipfile.ZipFile(dup, "w") as z:
        z.writestr("a.png", b"1")
        with pytest.warns(UserWarning):
            z.writestr("a.png", b"2")
    with pytest.raises(PackError, match="twice"):
        ResourcePack(dup)
    case = tmp_path / "case.zip"
    with zipfile.ZipFile(case, "w") as z:
        z.writestr("A.png", b"1")
        z.writestr("a.png", b"2")
    with pytest.raises(PackError, match="differ only in case"):
        ResourcePack(case)


def test_zip_bomb_is_refused(tmp_path):
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("pack.mcmeta", "{}")
        z.writestr("big.bin", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(PackError, match="zip bomb"):
        ResourcePack(bomb)


def test_symlink_out_of_a_folder_pack_is_refused(tmp_path):
    pack = tmp_path / "pack"
    shutil.copytree(SAMPLE, pack)
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    os.symlink(secret, pack / "leak.txt")
    with pytest.raises(PackError, match="leak.txt.*outside"):
        ResourcePack(pack)


def test_entry_inside_a_file_is_refused(tmp_path):
    path = tmp_path / "nested.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("assets", b"a file")
        z.writestr("assets/minecraft/x.png", b"1")
    with pytest.raises(PackError, match="'assets/minecraft/x.png' lies inside 'assets', which is a file"):
        ResourcePack(path)


def _patched_zip(path, flag: int = 0, method: int | None = None) -> None:
    """A one-entry stored zip with its general-purpose flag and/or compression method overwritten."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("assets/minecraft/textures/block/stone.png", b"x" * 40)
    raw = bytearray(path.read_bytes())
    for sig, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local header, central directory entry
        at = raw.index(sig)
        raw[at + flag_at] |= flag
        if method is not None:
            raw[at + flag_at + 2 : at + flag_at + 4] = method.to_bytes(2, "little")
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("flag, method", [(1, None), (0, 99)], ids=["encrypted", "unknown-method"])
def test_an_unreadable_zip_entry_is_a_one_line_pack_error(tmp_path, flag, method):
    path = tmp_path / "pack.zip"
    _patched_zip(path, flag, method)
    pack = ResourcePack(path)
    with pytest.raises(PackError, match=r"pack\.zip: cannot read 'assets/minecraft/textures/block/stone\.png'") as exc:
        pack.read("assets/minecraft/textures/block/stone.png")
    assert "\n" not in str(exc.value)
    with pytest.raises(PackError, match="cannot read"):
        pack.materialise(tmp_path / "out")

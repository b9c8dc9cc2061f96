"""ResourcePack: a pack folder or .zip, read safely; the only module doing pack I/O."""

from __future__ import annotations

import os
import stat
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from texturegen.core.atomic import atomic_write
from texturegen.core.errors import PackError
from texturegen.core.jsonfile import parse_json

ZIP_ERRORS = (
    OSError,
    EOFError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    UnicodeDecodeError,
    NotImplementedError,
    RuntimeError,
)
"""What zipfile raises on a damaged or unsupported archive: entry names that are not UTF-8, compression
methods or zip versions it cannot read (NotImplementedError), encrypted entries (RuntimeError)."""

NAME_MAX = 255
"""Longest file or folder name most file systems hold, in bytes."""
READ_CHUNK = 1 << 16
"""Bytes inflated at a time from a zip entry."""


@dataclass(frozen=True)
class ZipLimits:
    """Zip-bomb guards: entry count, total uncompressed bytes, and per-entry compression ratio."""

    max_entries: int = 100_000
    max_total_bytes: int = 2 * 1024**3
    max_ratio: float = 200.0


class PackFiles(Protocol):
    """What readers of a pack's files need: a ResourcePack or a stack of inputs (pack.layers.LayeredPack)."""

    def files(self) -> list[str]:
        """All file paths, sorted."""
        ...

    def __contains__(self, rel: str) -> bool:
        """True when the pack has this file."""
        ...

    def read_json(self, rel: str) -> Any:
        """Parse one JSON file, naming it in errors."""
        ...


def _safe_name(name: str, where: str) -> str:
    """Return a normalised relative posix path or raise PackError for one that escapes."""
    if "\\" in name:
        name = name.replace("\\", "/")
    path = PurePosixPath(name)
    if path.is_absolute() or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise PackError(f"{where}: entry {name!r} has an absolute path")
    if any(part == ".." for part in path.parts):
        raise PackError(f"{where}: entry {name!r} points outside the pack ('..')")
    if str(path) == ".":
        raise PackError(f"{where}: entry {name!r} names the pack's root folder, not a file")
    if any(len(part.encode("utf-8")) > NAME_MAX for part in path.parts):
        raise PackError(f"{where}: entry {name!r} has a name part longer than {NAME_MAX} bytes")
    return str(path)


class ResourcePack:
    """Files of a resource pack, as posix paths relative to its root (pack.mcmeta's folder)."""

    def __init__(self, path: str | os.PathLike[str], limits: ZipLimits = ZipLimits()) -> None:
        """Open a folder or .zip pack; raise PackError if it is neither or is unsafe."""
        self.path = Path(path)
        self.limits = limits
        self.warnings: list[str] = []
        self._files: dict[str, Path] | dict[str, str]
        if self.path.is_dir():
            self.is_zip = False
            self._files = self._scan_folder()
        elif self.path.is_file():
            self.is_zip = True
            self._files = self._scan_zip()
        else:
            raise PackError(f"{self.path}: pack not found (a folder or a .zip)")

    def _scan_folder(self) -> dict[str, Path]:
        """Map relative paths to files; symlinks that leave the pack are refused, unreadable folders noted."""
        root = self.path.resolve()
        files: dict[str, Path] = {}
        for dirpath, dirnames, filenames in os.walk(self.path, onerror=self._unlisted, followlinks=False):
            here = Path(dirpath)
            for name in list(dirnames):
                if (here / name).is_symlink():
                    self._check_link(here / name, root)
                    dirnames.remove(name)
                elif not self._utf8(here, name):
                    dirnames.remove(name)
            for name in filenames:
                full = here / name
                if not self._utf8(here, name):
                    continue
                if full.is_symlink():
                    self._check_link(full, root)
                    continue
                if not stat.S_ISREG(full.lstat().st_mode):
                    # Opening a FIFO blocks until a writer comes: refuse it (and sockets, devices) by name here.
                    raise PackError(f"{full}: not a regular file (a FIFO, socket or device) refused")
                rel = full.relative_to(self.path).as_posix()
                files[rel] = full
        self._check_case(files)
        return dict(sorted(files.items()))

    def _unlisted(self, exc: OSError) -> None:
        """Note a folder that cannot be listed (mode 000): its files are missing from the build, so say so."""
        self.warnings.append(f"{exc.filename}: folder cannot be read ({exc.strerror or exc}); its files are skipped")

    def _utf8(self, folder: Path, name: str) -> bool:
        """True for a UTF-8 name; otherwise note it as skipped (a zip, and Minecraft, cannot hold it)."""
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(name).decode("utf-8", "backslashreplace")
            self.warnings.append(f"{folder}/{shown}: name is not UTF-8; skipped (Minecraft cannot load it)")
            return False
        return True

    def _check_link(self, link: Path, root: Path) -> None:
        """Raise PackError for a symlink leaving the pack; note and skip one that stays inside."""
        try:
            target = link.resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # a loop, or a link to nothing
            raise PackError(f"{link}: broken or looping symbolic link refused ({exc})") from None
        if not (target == root or root in target.parents):
            raise PackError(f"{link}: symbolic link to outside the pack ({target}) refused")
        self.warnings.append(f"{link}: symbolic link skipped (links are not followed)")

    def _scan_zip(self) -> dict[str, str]:
        """Map relative paths to zip entry names after the safety checks."""
        try:
            archive = zipfile.ZipFile(self.path)
        except ZIP_ERRORS as exc:
            raise PackError(f"{self.path}: not a readable zip ({exc})") from None
        with archive:
            infos = archive.infolist()
        if len(infos) > self.limits.max_entries:
            raise PackError(f"{self.path}: {len(infos)} entries, more than the limit of {self.limits.max_entries}")
        files: dict[str, str] = {}
        total = 0
        prefix = self._zip_prefix([i.filename for i in infos])
        for info in infos:
            if not info.filename:
                raise PackError(f"{self.path}: an entry has an empty name")
            if info.is_dir():
                continue
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise PackError(f"{self.path}: entry {info.filename!r} is a symbolic link")
            name = _safe_name(info.filename, str(self.path))
            if prefix and not name.startswith(prefix):
                continue
            rel = name[len(prefix) :]
            if rel in files:
                raise PackError(f"{self.path}: entry {rel!r} appears twice")
            total += info.file_size
            if total > self.limits.max_total_bytes:
                raise PackError(f"{self.path}: unpacks to more than {self.limits.max_total_bytes} bytes (zip bomb?)")
            if info.file_size > 1024 * 1024 and info.file_size > self.limits.max_ratio * max(info.compress_size, 1):
                ratio = info.file_size / max(info.compress_size, 1)
                raise PackError(
                    f"{self.path}: entry {rel!r} compresses {ratio:.0f}:1 "
                    f"(limit {self.limits.max_ratio:.0f}:1, zip bomb?)"
                )
            files[rel] = info.filename
        self._check_nesting(files)
        self._check_case(files)
        return dict(sorted(files.items()))

    def _check_nesting(self, files: dict[str, Any]) -> None:
        """Raise PackError when one entry is a file and also the folder of another."""
        for rel in files:
            parent = rel.rsplit("/", 1)[0] if "/" in rel else ""
            while parent:
                if parent in files:
                    raise PackError(f"{self.path}: entry {rel!r} lies inside {parent!r}, which is a file")
                parent = parent.rsplit("/", 1)[0] if "/" in parent else ""

    @staticmethod
    def _zip_prefix(names: list[str]) -> str:
        """The folder inside the zip that holds pack.mcmeta ('' at the top)."""
        if "pack.mcmeta" in names:
            return ""
        tops = sorted(n for n in names if n.endswith("/pack.mcmeta") and n.count("/") == 1)
        return tops[0][: -len("pack.mcmeta")] if tops else ""

    def _check_case(self, files: dict[str, Any]) -> None:
        """Raise PackError for two paths that differ only in case (they collide on some systems)."""
        seen: dict[str, str] = {}
        for rel in files:
            low = rel.lower()
            if low in seen:
                raise PackError(f"{self.path}: '{seen[low]}' and '{rel}' differ only in case")
            seen[low] = rel

    def files(self) -> list[str]:
        """All file paths, sorted."""
        return list(self._files)

    def __contains__(self, rel: str) -> bool:
        """True when the pack has this file."""
        return rel in self._files

    def read(self, rel: str) -> bytes:
        """The bytes of one file."""
        if rel not in self._files:
            raise PackError(f"{self.path}: no file '{rel}'")
        try:
            if not self.is_zip:
                return Path(self._files[rel]).read_bytes()
            with zipfile.ZipFile(self.path) as archive:
                return self._read_entry(archive, rel)
        except ZIP_ERRORS as exc:
            raise self._unreadable(rel, exc) from None

    def _read_entry(self, archive: zipfile.ZipFile, rel: str) -> bytes:
        """An entry's bytes, inflated in chunks, which zipfile stops at the size the header states.

        `ZipFile.read` inflates to the stream's end whatever the header claims (an entry stating 1,000 bytes
        that inflates to 1 GiB took 2 GB before its CRC error); read in chunks, the stated size (already
        within the limits) bounds the memory and the CRC check names the lie.
        """
        chunks: list[bytes] = []
        with archive.open(str(self._files[rel])) as stream:
            while chunk := stream.read(READ_CHUNK):
                chunks.append(chunk)
        return b"".join(chunks)

    def _unreadable(self, rel: str, exc: Exception) -> PackError:
        """The one-line error for a file of the pack that cannot be read."""
        return PackError(f"{self.path}: cannot read {rel!r} ({exc})")

    def read_json(self, rel: str) -> Any:
        """Parse one JSON file (mcmeta, model, blockstate), naming it in errors."""
        data = self.read(rel)
        try:
            return parse_json(data)
        except ValueError as exc:  # bad UTF-8, bad JSON, or nested too deep
            raise PackError(f"{self.path}/{rel}: malformed JSON ({exc})") from None

    def local_path(self, rel: str) -> Path:
        """A real file path for a folder pack's file (zip packs have to be materialised first)."""
        if self.is_zip:
            raise PackError(f"{self.path}: zip packs have no local file for '{rel}'; materialise first")
        return Path(self._files[rel])

    def materialise(self, dest: Path) -> ResourcePack:
        """Extract a zip pack to `dest` (writing only changed files) and return it as a folder pack."""
        if not self.is_zip:
            return self
        dest.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(self.path) as archive:
            for rel in self._files:
                out = dest / rel
                try:
                    data = self._read_entry(archive, rel)
                except ZIP_ERRORS as exc:
                    raise self._unreadable(rel, exc) from None
                if not out.is_file() or out.read_bytes() != data:
                    atomic_write(out, data)
        wanted = set(self._files)
        for dirpath, _, filenames in os.walk(dest):
            for name in filenames:
                full = Path(dirpath) / name
                if full.relative_to(dest).as_posix() not in wanted:
                    full.unlink()
        return ResourcePack(dest, self.limits)


SPRITE_FOLDERS = ("block", "item")
"""Texture folders whose images must be square or strips of square frames (the game refuses others)."""


def texture_folder(texture: str) -> str:
    """The first folder of a texture id under its namespace: `block` for `minecraft:block/stone`."""
    return texture.split(":", 1)[1].split("/", 1)[0]


def texture_id(rel: str) -> str | None:
    """`namespace:path` of a texture file (`assets/<ns>/textures/<path>.png`), else None."""
    parts = rel.split("/")
    if len(parts) >= 4 and parts[0] == "assets" and parts[2] == "textures" and rel.endswith(".png"):
        return f"{parts[1]}:{'/'.join(parts[3:])[:-4]}"
    return None

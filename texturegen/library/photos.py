"""A photo library: a folder of photos, each with its material family (index.json, or the words of its name), and
in index.json the other families it may stand for as well."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from texturegen.core.errors import ConfigError
from texturegen.core.limits import MAX_PHOTO_PIXELS
from texturegen.core.png import png_size
from texturegen.library.words import FAMILIES, family_of

SHIPPED = Path(__file__).resolve().parents[2] / "references" / "library"
"""The library the repository ships (references/library/), the default of `library:`."""
INDEX = "index.json"
SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_PHOTOS = 4096
"""Photos one library may hold: a few hundred is plenty; more is a mistake (a whole photo collection)."""


@dataclass(frozen=True)
class Photo:
    """One library photo: its path, its name within the library, its family (None: its name says none) and the
    families it stands for as well (index.json's `also`: a fine gravel is also sand's grain)."""

    path: Path
    name: str
    family: str | None
    digest: str
    also: tuple[str, ...] = ()

    @property
    def families(self) -> tuple[str, ...]:
        """Its family first, then the others it stands for."""
        return ((self.family,) if self.family else ()) + self.also


@dataclass(frozen=True)
class Library:
    """The photos of one folder, in name order, and a digest of them all (names, families and bytes)."""

    root: Path
    photos: tuple[Photo, ...]
    digest: str

    @cached_property
    def stands_for(self) -> dict[str, tuple[str, ...]]:
        """Each photo's families by its name, its own first, then those it stands for as well."""
        return {p.name: p.families for p in self.photos}


def _index(root: Path) -> dict[str, tuple[str, ...]]:
    """The families index.json gives, by photo name, its own first (empty without an index); a malformed index is
    an error naming the photo."""
    file = root / INDEX
    if not file.is_file():
        return {}
    try:
        raw = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{file}: not a readable JSON index ({exc})") from None
    if not isinstance(raw, dict):
        raise ConfigError(f'{file}: must map each photo\'s name to {{"family": ...}}')
    out = {}
    for name, entry in raw.items():
        family = entry.get("family") if isinstance(entry, dict) else None
        if family not in FAMILIES:
            raise ConfigError(f"{file}: '{name}' has family {family!r}; known: {', '.join(FAMILIES)}")
        also = entry.get("also", [])
        if not isinstance(also, list) or any(f not in FAMILIES or f == family for f in also):
            raise ConfigError(f"{file}: '{name}' has also {also!r}; a list of other families: {', '.join(FAMILIES)}")
        out[str(name)] = (str(family), *(str(f) for f in also))
    return out


def load_library(root: Path, max_pixels: int = MAX_PHOTO_PIXELS) -> Library:
    """Read a library folder (photos in sub-folders too); ConfigError or ImageError naming the file at fault."""
    if not root.is_dir():
        raise ConfigError(f"library '{root}': not a folder")
    index = _index(root)
    files = sorted(p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file())
    if not files:
        raise ConfigError(f"library '{root}': holds no photo ({', '.join(SUFFIXES)})")
    if len(files) > MAX_PHOTOS:
        raise ConfigError(f"library '{root}': {len(files)} photos, more than {MAX_PHOTOS}")
    photos = []
    whole = hashlib.sha256()
    for path in files:
        name = path.relative_to(root).as_posix()
        data = path.read_bytes()
        png_size(data, str(path), max_pixels)
        family, *also = index.get(name) or (family_of(name.rsplit(".", 1)[0]),)
        digest = hashlib.sha256(data).hexdigest()
        photos.append(Photo(path=path, name=name, family=family, digest=digest, also=tuple(also)))
        whole.update(f"{name}\0{family}\0{','.join(also)}\0{digest}\n".encode())
    return Library(root=root, photos=tuple(photos), digest=whole.hexdigest())

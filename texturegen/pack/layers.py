"""Inputs stacked like Minecraft's resource pack list: packs and mod jars, later files overriding earlier ones."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from texturegen.core.errors import PackError
from texturegen.pack.resourcepack import ResourcePack

LICENCE = re.compile(r"^(licen[cs]e|copying|notice|credits?|authors|attribution)([._ -].*)?$", re.IGNORECASE)
"""File names that carry a licence or an attribution (LICENSE, LICENCE.txt, COPYING, NOTICE.md, CREDITS)."""
LICENCES = "licences"
"""Output folder holding each input's licence files when there are several inputs."""
CREDITS = "credits.txt"


def is_licence(rel: str) -> bool:
    """True for a licence or attribution file at a pack's root or in a jar's META-INF/."""
    parts = rel.split("/")
    at_root = len(parts) == 1 or (len(parts) == 2 and parts[0] == "META-INF")
    return at_root and bool(LICENCE.match(parts[-1]))


@dataclass(frozen=True)
class Layer:
    """One input: its label in the output (`licences/<name>/`) and its files."""

    name: str
    pack: ResourcePack

    @property
    def is_mod(self) -> bool:
        """A mod jar or zip: no pack.mcmeta at its root, so only assets/ and licences are read."""
        return "pack.mcmeta" not in self.pack


def _names(paths: list[Path]) -> list[str]:
    """A distinct label per input: its file or folder name, numbered when two share one."""
    seen: dict[str, int] = {}
    out = []
    for path in paths:
        seen[path.name] = seen.get(path.name, 0) + 1
        out.append(path.name if seen[path.name] == 1 else f"{path.name}-{seen[path.name]}")
    return out


class LayeredPack:
    """The files of one or more inputs as one pack: posix paths mapped to the input that provides each."""

    def __init__(self, layers: list[Layer]) -> None:
        """Stack the layers, bottom first; raise PackError for paths of two inputs that differ only in case."""
        if not layers:
            raise PackError("no input pack")
        self.layers = layers
        self.warnings = [w for layer in layers for w in layer.pack.warnings]
        self._files: dict[str, tuple[int, str]] = {}
        lower: dict[str, tuple[str, int]] = {}
        for index, layer in enumerate(layers):
            for rel in layer.pack.files():
                out = self._output_rel(layer, rel)
                if out is None:
                    continue
                other = lower.get(out.lower())
                if other is not None and other[0] != out:
                    first = layers[other[1]].pack.path
                    raise PackError(f"{layer.pack.path}: '{out}' and {first}: '{other[0]}' differ only in case")
                lower[out.lower()] = (out, index)
                self._files[out] = (index, rel)
        self._files = dict(sorted(self._files.items()))

    @classmethod
    def open(cls, paths: list[Path]) -> LayeredPack:
        """Open each input (a pack folder, a .zip pack, a mod .jar or .zip) with every safety check."""
        return cls([Layer(name, ResourcePack(path)) for name, path in zip(_names(paths), paths, strict=True)])

    def _output_rel(self, layer: Layer, rel: str) -> str | None:
        """Where a layer's file goes in the output, or None when it is not read (a mod's classes)."""
        if len(self.layers) > 1 and is_licence(rel):
            return f"{LICENCES}/{layer.name}/{rel}"
        if rel.startswith("assets/") or not layer.is_mod:
            return rel
        return None

    @property
    def path(self) -> Path:
        """The input's path (the topmost one when there are several), for messages."""
        return self.layers[-1].pack.path

    @property
    def is_layered(self) -> bool:
        """True with more than one input."""
        return len(self.layers) > 1

    def files(self) -> list[str]:
        """All output-relative file paths, sorted."""
        return list(self._files)

    def __contains__(self, rel: str) -> bool:
        """True when some input provides this file."""
        return rel in self._files

    def source(self, rel: str) -> tuple[Layer, str]:
        """The layer providing a file and the file's path inside it."""
        if rel not in self._files:
            raise PackError(f"{self.path}: no file '{rel}'")
        index, inner = self._files[rel]
        return self.layers[index], inner

    def read(self, rel: str) -> bytes:
        """The bytes of one file, from the input that provides it."""
        layer, inner = self.source(rel)
        return layer.pack.read(inner)

    def read_json(self, rel: str) -> Any:
        """Parse one JSON file, naming its input and path in errors."""
        layer, inner = self.source(rel)
        return layer.pack.read_json(inner)

    def local_path(self, rel: str) -> Path:
        """A real file path for a file (zip inputs have to be materialised first)."""
        layer, inner = self.source(rel)
        return layer.pack.local_path(inner)

    @property
    def has_zip(self) -> bool:
        """True when some input is a zip or jar (its files need extracting before tasks can depend on them)."""
        return any(layer.pack.is_zip for layer in self.layers)

    def extract_dirs(self, dest: Path) -> list[Path]:
        """The folder each zip input is extracted to under `dest` (`dest` itself for a single input)."""
        if not self.is_layered:
            return [dest] if self.has_zip else []
        return [dest / f"{i:02d}-{layer.name}" for i, layer in enumerate(self.layers) if layer.pack.is_zip]

    def materialise(self, dest: Path) -> LayeredPack:
        """Extract every zip input under `dest` (only changed files written) and return the stack of folders."""
        if not self.has_zip:
            return self
        if not self.is_layered:
            return LayeredPack([Layer(self.layers[0].name, self.layers[0].pack.materialise(dest))])
        folders = iter(self.extract_dirs(dest))
        return LayeredPack(
            [Layer(x.name, x.pack.materialise(next(folders)) if x.pack.is_zip else x.pack) for x in self.layers]
        )

    def credits(self) -> str:
        """The text of credits.txt: each input, what it gave the output, and where its licence files are."""
        lines = ["Built by texturegen from these inputs, bottom first (later ones override earlier ones):", ""]
        given = Counter(index for index, _ in self._files.values())
        licences: dict[int, list[str]] = {}
        for rel, (index, _) in self._files.items():
            if rel.startswith(f"{LICENCES}/"):
                licences.setdefault(index, []).append(rel)
        for index, layer in enumerate(self.layers):
            kind = "mod" if layer.is_mod else "resource pack"
            lines.append(f"{index + 1}. {layer.name} ({kind}, {given[index]} files in the output)")
            lines.extend(f"   {r}" for r in licences.get(index, []))
            if index not in licences:
                lines.append("   no licence file found in this input; check its terms before publishing")
        return "\n".join(lines) + "\n"

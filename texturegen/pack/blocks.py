"""Block ids -> texture ids through the pack's blockstates and models, with a fallback for the rest."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import resources
from typing import Any

from texturegen.core.errors import PackError
from texturegen.pack.models import ModelIndex, _norm_id
from texturegen.pack.resourcepack import PackFiles, texture_id

FACES = ("", "_top", "_side", "_bottom", "_front", "_end", "_back", "_inner", "_on")
SHAPES = (
    "_stairs",
    "_slab",
    "_wall",
    "_fence_gate",
    "_fence",
    "_button",
    "_pressure_plate",
    "_wall_sign",
    "_sign",
    "_wall_hanging_sign",
    "_hanging_sign",
    "_carpet",
    "_pane",
)
MATERIAL = ("", "s", "_planks", "_block")
PREFIXES = ("waxed_", "infested_", "potted_", "stripped_")


@lru_cache(maxsize=1)
def fallback_table() -> dict[str, tuple[str, ...]]:
    """The shipped block id -> texture ids table for blocks a pack does not describe."""
    text = resources.files("texturegen.pack.data").joinpath("block_textures.json").read_text(encoding="utf-8")
    return {k: tuple(_norm_id(t) for t in v) for k, v in json.loads(text).items() if not k.startswith("_")}


def _model_specs(state: Any) -> Iterator[dict[str, Any]]:
    """Every `{model: ...}` entry of a blockstate's `variants` and `multipart`."""

    def flat(spec: Any) -> Iterator[dict[str, Any]]:
        for item in spec if isinstance(spec, list) else [spec]:
            if isinstance(item, dict):
                yield item

    if not isinstance(state, dict):
        return
    variants = state.get("variants")
    if isinstance(variants, dict):
        for spec in variants.values():
            yield from flat(spec)
    multipart = state.get("multipart")
    if isinstance(multipart, list):
        for part in multipart:
            if isinstance(part, dict):
                yield from flat(part.get("apply"))


class BlockTextures:
    """Which textures draw a block, learnt from one pack."""

    def __init__(self, pack: PackFiles, models: ModelIndex | None = None) -> None:
        """Index the pack's textures; models are resolved lazily."""
        self.pack = pack
        self.models = models or ModelIndex(pack)
        self.textures = {t for t in (texture_id(rel) for rel in pack.files()) if t}
        self.missing: list[str] = []

    def _blockstate(self, block: str) -> Any:
        """The block's blockstate JSON from the pack, or None."""
        ns, name = block.split(":", 1)
        rel = f"assets/{ns}/blockstates/{name}.json"
        if rel not in self.pack:
            return None
        try:
            return self.pack.read_json(rel)
        except PackError as exc:
            self.models.warnings.append(str(exc))
            return None

    def _by_name(self, block: str) -> set[str]:
        """Textures named after the block (`<name>`, `<name>_top`, ... and the base of stairs, slabs...)."""
        ns, name = block.split(":", 1)
        names = [name]
        for prefix in PREFIXES:
            if name.startswith(prefix):
                names.append(name[len(prefix) :])
        for base in list(names):
            for shape in SHAPES:
                if base.endswith(shape):
                    names.extend(base[: -len(shape)] + m for m in MATERIAL)
        return {f"{ns}:block/{n}{face}" for n in names for face in FACES} & self.textures

    def _fallback(self, block: str) -> set[str]:
        """The shipped table's textures (those the pack has), else the naming convention."""
        listed = fallback_table().get(block)
        if listed:
            return set(listed) & self.textures
        return self._by_name(block)

    def of(self, block: str) -> set[str]:
        """Texture ids drawing one block (empty when nothing is known about it)."""
        block = _norm_id(block)
        found: set[str] = set()
        needs_fallback = False
        for spec in _model_specs(self._blockstate(block)):
            model = spec.get("model")
            if not isinstance(model, str):
                continue
            model = _norm_id(model)
            if model not in self.models.paths:
                needs_fallback = True
                found |= {f"{model}{face}" for face in FACES} & self.textures
                continue
            found |= self.models.textures(model) & self.textures
        if needs_fallback or not found:
            found |= self._fallback(block)
        return found

    def used(self, blocks: Iterable[str]) -> set[str]:
        """Texture ids drawing any of the blocks; blocks with none are listed once in `missing`."""
        out: set[str] = set()
        for block in sorted(set(blocks)):
            textures = self.of(block)
            if not textures:
                self.missing.append(block)
            out |= textures
        return out

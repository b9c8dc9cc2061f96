"""Block models: parent chains, texture variables, and which textures are tinted."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from texturegen.core.errors import PackError
from texturegen.core.globs import matches
from texturegen.pack.resourcepack import PackFiles


def _norm_id(ref: str, default_ns: str = "minecraft") -> str:
    """`minecraft:block/stone` from `block/stone` or `minecraft:block/stone`."""
    return ref if ":" in ref else f"{default_ns}:{ref}"


class ModelIndex:
    """The pack's models, resolved through `parent` chains."""

    def __init__(self, pack: PackFiles) -> None:
        """Index the model files of every namespace."""
        self.pack = pack
        self.paths: dict[str, str] = {}
        self.warnings: list[str] = []
        for rel in pack.files():
            parts = rel.split("/")
            if len(parts) >= 4 and parts[0] == "assets" and parts[2] == "models" and rel.endswith(".json"):
                self.paths[f"{parts[1]}:{'/'.join(parts[3:])[:-5]}"] = rel

    def _load(self, model_id: str) -> dict[str, Any] | None:
        """One model's JSON, or None when the pack lacks it or it is malformed (noted once)."""
        rel = self.paths.get(model_id)
        if rel is None:
            return None
        try:
            data = self.pack.read_json(rel)
        except PackError as exc:
            self.warnings.append(str(exc))
            return None
        return data if isinstance(data, dict) else None

    def resolve(self, model_id: str) -> tuple[dict[str, str], list[Any]]:
        """Merged texture variables and the effective elements of a model (child wins)."""
        textures: dict[str, str] = {}
        elements: list[Any] | None = None
        seen: set[str] = set()
        current: str | None = _norm_id(model_id)
        while current and current not in seen:
            seen.add(current)
            data = self._load(current)
            if data is None:
                break
            for key, value in (data.get("textures") or {}).items():
                if isinstance(value, str):
                    textures.setdefault(key, value)
            if elements is None and isinstance(data.get("elements"), list):
                elements = data["elements"]
            parent = data.get("parent")
            current = _norm_id(parent) if isinstance(parent, str) else None
        return textures, elements or []

    @staticmethod
    def texture_of(var: str, textures: dict[str, str]) -> str | None:
        """Follow `#name` references to a texture id."""
        seen = set()
        while isinstance(var, str) and var.startswith("#"):
            if var in seen:
                return None
            seen.add(var)
            var = textures.get(var[1:], "")
        return _norm_id(var) if var else None

    def textures(self, model_id: str) -> set[str]:
        """Every texture id a model uses."""
        textures, _ = self.resolve(model_id)
        out = {self.texture_of(v, textures) for v in textures.values()}
        return {t for t in out if t}

    def tinted(self) -> set[str]:
        """Texture ids drawn on faces that carry a tintindex, over all block models."""
        out: set[str] = set()
        for model_id in self.paths:
            if ":block/" not in model_id:
                continue
            textures, elements = self.resolve(model_id)
            for element in elements:
                faces = element.get("faces", {}) if isinstance(element, dict) else {}
                for face in faces.values() if isinstance(faces, dict) else []:
                    if isinstance(face, dict) and "tintindex" in face:
                        tex = self.texture_of(face.get("texture", ""), textures)
                        if tex and not tex.startswith("#"):
                            out.add(tex)
        return out


@lru_cache(maxsize=1)
def tinted_globs() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The built-in tinted list: (include globs, exclude globs)."""
    text = resources.files("texturegen.pack.data").joinpath("tinted.txt").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return (tuple(ln for ln in lines if not ln.startswith("!")), tuple(ln[1:] for ln in lines if ln.startswith("!")))


def is_tinted_name(tex_id: str) -> bool:
    """True when the built-in list says this texture is tinted."""
    include, exclude = tinted_globs()
    return any(matches(tex_id, g) for g in include) and not any(matches(tex_id, g) for g in exclude)

"""One synthesized texture as a frozen job: made with the plan, settings fully resolved, run by its action."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from texturegen.core.limits import Limits
from texturegen.pack.resourcepack import SPRITE_FOLDERS, texture_folder
from texturegen.pbr.maps import MAPS_VERSION
from texturegen.remote.executor import Executor, Local
from texturegen.synthesis.settings import SynthesisSettings


@dataclass(frozen=True, kw_only=True)
class MapTargets:
    """The LabPBR maps a texture's task writes beside it (`pbr: labpbr`); None where the pack has its own."""

    material: str
    normal: str | None
    specular: str | None
    mcmeta: tuple[str, ...] = ()
    """Copies of the texture's animation .mcmeta, one per map written (a strip's maps animate like it)."""
    mcmeta_source: str | None = None
    """The texture's own .mcmeta, which those copies are of."""

    @property
    def targets(self) -> list[str]:
        """Every file these maps add to the texture's task."""
        return [t for t in (self.normal, self.specular) if t] + list(self.mcmeta)

    def key(self) -> dict[str, Any]:
        """What decides the maps' bytes beside the texture's own key: the material, which maps, the maps' version."""
        return {"material": self.material, "normal": bool(self.normal), "specular": bool(self.specular)} | {
            "version": MAPS_VERSION,
            "mcmeta": len(self.mcmeta),
        }


@dataclass(frozen=True, kw_only=True)
class TextureJob:
    """Everything that decides one synthesized texture's bytes, and where it is made and kept."""

    seed: str
    target: str
    references: tuple[str, ...]
    settings: SynthesisSettings
    """Resolved for this texture: tiling (none outside block/ unless the rule says). A tinted texture keeps what the
    pack stores: the engine keeps a greyscale seed greyscale and a coloured one coloured, both with their mean."""
    sprite: bool
    limits: Limits
    engine: str
    cache: str | None = None
    """The shared store of synthesized textures; where it is does not change the bytes, so not in key()."""
    executor: Executor = field(default_factory=Local)
    """Where the synthesis runs (this process or a Dask cluster), chosen once per build; not in key() either."""
    maps: MapTargets | None = None
    """The LabPBR maps written with the texture (`pbr: labpbr`), or None."""

    @property
    def targets(self) -> list[str]:
        """The texture and, with `pbr: labpbr`, its maps and their .mcmeta."""
        return [self.target] + (self.maps.targets if self.maps else [])

    @classmethod
    def of(
        cls,
        *,
        texture: str,
        seed: str,
        target: str,
        references: tuple[str, ...],
        settings: SynthesisSettings,
        overrides: tuple[str, ...],
        limits: Limits,
        engine: str,
        cache: str | None = None,
        executor: Executor | None = None,
        maps: MapTargets | None = None,
    ) -> TextureJob:
        """The job for texture `namespace:path`, resolving the settings its folder and tint call for.

        `overrides` names the settings the texture's rule sets itself.
        """
        folder = texture_folder(texture)
        if "tiling" not in overrides and folder != "block":
            settings = settings.replace(tiling="none")
        return cls(
            seed=seed,
            target=target,
            references=references,
            settings=settings,
            sprite=folder in SPRITE_FOLDERS,
            limits=limits,
            engine=engine,
            cache=cache,
            executor=executor or Local(),
            maps=maps,
        )

    def settings_for(self, width: int, height: int) -> SynthesisSettings:
        """The settings for a seed of this size: a tall strip gets a smaller scale (ImageError past a limit)."""
        scale = self.limits.scale_for(self.seed, width, height, self.settings.scale, synthesized=True)
        return self.settings.replace(scale=scale)

    def texture_key(self) -> dict[str, Any]:
        """What decides the texture's own bytes, beside its seed's: all but the paths and the maps."""
        return {
            "references": list(self.references),
            "settings": self.settings.as_dict(),
            "sprite": self.sprite,
            "limits": self.limits.as_dict(),
            "engine": self.engine,
        }

    def key(self) -> dict[str, Any]:
        """Plain values doit compares between runs (config_changed): the texture's key and its maps'."""
        return self.texture_key() | ({"maps": self.maps.key()} if self.maps else {})

"""What each material's maps are made of: relief, grain, smoothness, F0 or metal id, porosity or subsurface.

A rule's `material:` names one of MATERIALS; without it the texture's path words name one (through the
library's families, texturegen/library/words.py), else DEFAULT. Values are LabPBR 1.3 codes where they are
codes (F0 0-229 linear, 230-254 a predefined metal, 255 a metal whose albedo is its F0; blue 0-64 porosity,
65-255 subsurface scattering) and fractions otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass

from texturegen.library.words import family_of, words


@dataclass(frozen=True)
class Material:
    """One material's look under a shader."""

    relief: float
    """Depth, in texels, of one unit of the art's clean-shape luminance: lighter regions stand out of darker joints."""
    grain: float
    """Depth, in texels, of one unit of the output's finer-than-a-texel luminance (the photo's placed structure)."""
    smoothness: float
    """Perceptual smoothness (0 rough, 1 polished) where the photo's detail is as busy as on average."""
    f0: int
    """The specular map's green: 0-229 F0 (linear, code/255), 230-254 a predefined metal, 255 albedo as F0."""
    blue: int
    """The specular map's blue: 0-64 porosity, 65-255 subsurface scattering (0 on metals: reserved)."""


DIELECTRIC = 10
"""F0 0.04 (4 % reflectance, most stone, wood, soil, glass), stored linearly: round(0.04 * 255)."""

MATERIALS: dict[str, Material] = {
    "stone": Material(relief=2.5, grain=4.0, smoothness=0.30, f0=DIELECTRIC, blue=20),
    "granite": Material(relief=2.0, grain=3.0, smoothness=0.45, f0=DIELECTRIC, blue=10),
    "marble": Material(relief=1.0, grain=1.5, smoothness=0.70, f0=DIELECTRIC, blue=5),
    "cobble": Material(relief=5.0, grain=4.0, smoothness=0.25, f0=DIELECTRIC, blue=25),
    "porous": Material(relief=3.0, grain=5.0, smoothness=0.15, f0=DIELECTRIC, blue=45),
    "netherrack": Material(relief=3.0, grain=5.0, smoothness=0.15, f0=DIELECTRIC, blue=45),
    "bricks": Material(relief=5.0, grain=3.0, smoothness=0.20, f0=DIELECTRIC, blue=35),
    "stonebricks": Material(relief=5.0, grain=3.0, smoothness=0.30, f0=DIELECTRIC, blue=20),
    "tiles": Material(relief=4.0, grain=1.5, smoothness=0.60, f0=DIELECTRIC, blue=5),
    "concrete": Material(relief=1.5, grain=2.0, smoothness=0.35, f0=DIELECTRIC, blue=25),
    "clay": Material(relief=1.5, grain=2.5, smoothness=0.20, f0=DIELECTRIC, blue=50),
    "dirt": Material(relief=2.0, grain=4.0, smoothness=0.05, f0=DIELECTRIC, blue=55),
    "sand": Material(relief=1.0, grain=3.0, smoothness=0.10, f0=DIELECTRIC, blue=64),
    "gravel": Material(relief=3.0, grain=4.0, smoothness=0.15, f0=DIELECTRIC, blue=40),
    "wood": Material(relief=4.0, grain=4.0, smoothness=0.35, f0=DIELECTRIC, blue=12),
    "planks": Material(relief=4.0, grain=4.0, smoothness=0.35, f0=DIELECTRIC, blue=12),
    "bark": Material(relief=5.0, grain=5.0, smoothness=0.15, f0=DIELECTRIC, blue=20),
    "leaves": Material(relief=1.5, grain=3.0, smoothness=0.35, f0=DIELECTRIC, blue=160),
    "grass": Material(relief=1.5, grain=3.0, smoothness=0.30, f0=DIELECTRIC, blue=140),
    "moss": Material(relief=2.0, grain=3.0, smoothness=0.15, f0=DIELECTRIC, blue=120),
    "thatch": Material(relief=2.0, grain=3.0, smoothness=0.20, f0=DIELECTRIC, blue=40),
    "fabric": Material(relief=1.0, grain=2.5, smoothness=0.10, f0=DIELECTRIC, blue=38),
    "snow": Material(relief=1.0, grain=2.0, smoothness=0.40, f0=DIELECTRIC, blue=120),
    "ice": Material(relief=0.3, grain=1.0, smoothness=0.90, f0=5, blue=0),
    "glass": Material(relief=0.0, grain=0.5, smoothness=0.95, f0=DIELECTRIC, blue=0),
    "rust": Material(relief=2.0, grain=4.0, smoothness=0.15, f0=DIELECTRIC, blue=10),
    "metal": Material(relief=2.0, grain=2.0, smoothness=0.65, f0=255, blue=0),
    "iron": Material(relief=2.0, grain=2.0, smoothness=0.65, f0=230, blue=0),
    "gold": Material(relief=2.0, grain=2.0, smoothness=0.75, f0=231, blue=0),
    "copper": Material(relief=2.0, grain=2.0, smoothness=0.60, f0=234, blue=0),
}
"""Every value `material:` may take: the library's families plus the predefined metals LabPBR names."""

DEFAULT = "stone"
"""The material of a texture whose path names none."""

METAL_WORDS = {"iron": "iron", "gold": "gold", "golden": "gold", "copper": "copper"}
"""Path words that name one of LabPBR's predefined metals (iron_block, gold_block, cut_copper)."""


def material_for(texture: str, given: str | None = None, photo_family: str | None = None) -> str:
    """The material of texture `namespace:path`: the rule's `material:`, else the family of its auto-picked photo,
    else its path words', else DEFAULT."""
    if given is not None:
        return given
    if photo_family in MATERIALS:
        return str(photo_family)
    for word in words(texture):
        if word in METAL_WORDS and "ore" not in words(texture):
            return METAL_WORDS[word]
    family = family_of(texture)
    return family if family in MATERIALS else DEFAULT

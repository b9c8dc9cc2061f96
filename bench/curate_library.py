"""Curate the shipped photo library (references/library/) from the shared ambientCG photos.

    python bench/curate_library.py [--source DIR] [--out references/library]

Copies the chosen photos (PNG, re-encoded at the highest compression; none is larger than 256 px on its short
side, so none is resized; a flat line left at an edge by the preview's crop is trimmed), writes index.json (each
photo's family and source) and README.md (the licence).
The families are texturegen.library.words.FAMILIES; the choice is by eye, a few photos per family that differ
in the size of their elements, their stripes and their detail.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent))
from shared_data import SHARED  # noqa: E402

CHOICE: dict[str, tuple[str, ...]] = {
    "stone": ("rock_00", "rock_04", "rock_22", "rock_28", "rock_30", "rock_42", "rock_50"),
    "granite": ("granite_00", "granite_04", "granite_12", "terrazzo_00", "terrazzo_02"),
    "cobble": ("rocks_00", "rocks_04", "rocks_22", "rocks_24", "pavingstones_110", "pavingstones_112"),
    "marble": ("marble_00", "marble_04", "marble_16", "travertine_00", "travertine_06"),
    "porous": ("rock_38", "terrazzo_18", "terrazzo_20", "concrete_14", "cork_00"),
    "dirt": ("ground_00", "ground_16", "ground_38", "ground_52", "ground_70", "ground_82"),
    "sand": ("ground_24", "ground_30", "ground_46", "ground_78"),
    "gravel": ("gravel_00", "gravel_12", "gravel_16", "gravel_22", "gravel_34"),
    "clay": ("clay_00", "clay_02", "plaster_04", "glazedterracotta_00"),
    "planks": ("planks_00", "planks_16", "planks_22", "planks_40", "planks_46", "woodfloor_00"),
    "bark": ("bark_00", "bark_02", "bark_04", "wood_36", "bamboo_00"),
    "wood": ("wood_00", "wood_04", "wood_12", "wood_28", "wood_86"),
    "leaves": ("scatteredleaves_00", "grass_02"),
    "grass": ("grass_00", "grass_04", "grass_06"),
    "moss": ("moss_00", "ground_34", "ground_44", "ground_68"),
    "snow": ("snow_00", "snow_02", "snow_10", "snow_14"),
    "ice": ("marble_02", "rock_16", "snow_12"),
    "bricks": ("bricks_02", "bricks_08", "bricks_12", "bricks_14", "bricks_22", "bricks_50", "bricks_66"),
    "stonebricks": (
        "bricks_04",
        "bricks_28",
        "bricks_60",
        "bricks_62",
        "bricks_72",
        "pavingstones_00",
        "pavingstones_74",
    ),
    "tiles": ("tiles_06", "tiles_10", "tiles_26", "tiles_36", "tiles_92", "tiles_94", "tiles_114"),
    "concrete": ("concrete_00", "concrete_10", "concrete_16", "concrete_20", "concrete_30", "plaster_00", "asphalt_02"),
    "fabric": ("fabric_10", "fabric_12", "fabric_14", "fabric_28", "fabric_32", "fabric_42", "carpet_12", "carpet_14"),
    "metal": ("metal_00", "metal_10", "metal_36", "metal_38", "metal_52", "diamondplate_00", "corrugatedsteel_04"),
    "rust": ("rust_00", "rust_04", "metal_22", "metal_70"),
    "glass": ("plastic_00", "plastic_24", "foil_00"),
    "netherrack": ("cork_02", "rock_40", "rock_52", "ground_66"),
    "thatch": ("thatchedroof_00", "thatchedroof_02"),
}

ALSO: dict[str, tuple[str, ...]] = {
    "gravel_00": ("sand",),
    "concrete_00": ("clay",),
    "bark_00": ("wood",),
}
"""Photos that stand for another family as well (index.json's `also`), where blind judges chose them over every
photo of that family: fine gravel as sand's and concrete powder's grain ("real sand grain" against "smooth
airbrushed bands"), rough concrete as terracotta's matte clay ("fired clay with pits" against "soft cloudy
blobs"), bark as stripped and cut wood's fibre (rounds auto3 and auto4, docs/benchmarks.md)."""


def trimmed(photo: Image.Image) -> Image.Image:
    """The photo without border rows or columns of one flat colour unlike what lies inside them.

    Some previews keep a white line from their crop at an edge (wood_86: one column each side); a flat line
    across the whole photo outweighs its grain in every direction measure (orient.anisotropy read wood_86's
    horizontal boards as upright) and would be drawn as a seam.
    """
    grey = np.asarray(photo.convert("L"), np.float32) / 255
    top, bottom, left, right = 0, grey.shape[0], 0, grey.shape[1]

    def flat(line: np.ndarray, inside: np.ndarray) -> bool:
        return bool(line.std() < 0.02 and abs(line.mean() - inside.mean()) > 0.1)

    while bottom - top > 8 and flat(grey[top, left:right], grey[top + 1 : top + 4, left:right]):
        top += 1
    while bottom - top > 8 and flat(grey[bottom - 1, left:right], grey[bottom - 4 : bottom - 1, left:right]):
        bottom -= 1
    while right - left > 8 and flat(grey[top:bottom, left], grey[top:bottom, left + 1 : left + 4]):
        left += 1
    while right - left > 8 and flat(grey[top:bottom, right - 1], grey[top:bottom, right - 4 : right - 1]):
        right -= 1
    return photo.crop((left, top, right, bottom))


def main() -> int:
    """Copy the chosen photos and write index.json and README.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SHARED / "references" / "library")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "references" / "library")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    index: dict[str, dict[str, str]] = {}
    for family, names in CHOICE.items():
        for name in names:
            with Image.open(args.source / f"{name}.png") as im:
                photo = trimmed(im.convert("RGB"))
            photo.save(args.out / f"{name}.png", optimize=True)
            index[f"{name}.png"] = {
                "family": family,
                **({"also": list(ALSO[name])} if name in ALSO else {}),
                "source": f"ambientCG, category '{name.rsplit('_', 1)[0]}' (preview crop {name}), CC0 1.0",
            }
    (args.out / "index.json").write_text(json.dumps(dict(sorted(index.items())), indent=1) + "\n")
    print(f"{len(index)} photos of {len(CHOICE)} families in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""LabPBR maps on five textures of the shared pack: their lighter regions stand above their darker joints, and cost.

Run: python bench/pbr.py [--reuse]   (about 5 minutes on 2 cores; --reuse takes the synthesized textures from a run
before). Synthesizes cobblestone, stone_bricks, bricks, oak_planks and oak_log x8 with texturegen.synthesize against
the photo bench/pixel-perfection.yaml gives each, makes their maps (texturegen.pbr, as `pbr: labpbr` does), and
prints per texture: the mean height (the `_n` alpha, 0-255) of the art's lighter texels (its top half by luminance)
minus that of its darker ones (its bottom quarter), the same in output pixels, the mean height of its faces (stones,
brick faces, boards) minus that of its joints (mortar, gaps: pbr.maps.joints), and the seconds of synthesis and maps.
Sheets (colour, height, normals, lit from the upper left) go to out/bench-pbr/.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np
from PIL import Image
from shared_data import BLOCKS, REPO, WHOLE_PACK

from texturegen.core.globs import matches
from texturegen.core.images import luma
from texturegen.core.png import read_png, to_uint8, write_png
from texturegen.pbr.maps import joints, labpbr
from texturegen.pbr.materials import material_for
from texturegen.pipeline.config import load_config

NAMES = ["cobblestone", "stone_bricks", "bricks", "oak_planks", "oak_log"]
OUT = REPO / "out" / "bench-pbr"
LIGHT = np.array([-0.5, -0.5, 0.7071])
"""Light from the upper left, 45 degrees up, in image space (x right, y down, z out of the face)."""


def lit(rgb: np.ndarray, normal: np.ndarray) -> np.ndarray:
    """The colour lit by LIGHT through a LabPBR normal map (DirectX: green points down), ambient times its AO."""
    x, y = normal[..., 0] / 255 * 2 - 1, normal[..., 1] / 255 * 2 - 1
    z = np.sqrt(np.clip(1 - x * x - y * y, 0, 1))
    diffuse = np.clip(x * LIGHT[0] + y * LIGHT[1] + z * LIGHT[2], 0, 1)
    ambient = 0.3 * normal[..., 2] / 255
    return np.clip(rgb * (ambient + 0.7 * diffuse / LIGHT[2])[..., None], 0, 1)


def sheet(out: np.ndarray, normal: np.ndarray) -> np.ndarray:
    """Colour, height (the `_n` alpha as grey), normals (x, y; blue full) and lit, side by side, uint8 RGB."""
    height = np.repeat(normal[..., 3:4], 3, axis=2)
    normals = normal[..., :3].copy()
    normals[..., 2] = 255
    parts = [to_uint8(out[..., :3]), height, normals, to_uint8(lit(out[..., :3], normal.astype(np.float64)))]
    gap = np.full((out.shape[0], 8, 3), 40, np.uint8)
    return np.concatenate([p for part in parts for p in (part, gap)][:-1], axis=1)


def lifted(normal: np.ndarray, height: np.ndarray, high: np.ndarray, low: np.ndarray, f: int) -> tuple[float, float]:
    """(alpha, px): the mean height over texels `high` minus over texels `low` (seed-size masks)."""
    up = np.ones((f, f))
    big_high, big_low = np.kron(high, up).astype(bool), np.kron(low, up).astype(bool)
    a = normal[..., 3].astype(np.float64)
    return float(a[big_high].mean() - a[big_low].mean()), float(height[big_high].mean() - height[big_low].mean())


def relief(seed: np.ndarray, normal: np.ndarray, height: np.ndarray, f: int) -> tuple[float, float, float]:
    """(lighter minus darker in alpha, the same in px, faces minus joints in alpha).

    Lighter: the seed's top half of texels by luminance; darker: its bottom quarter. Joints: pbr.maps.joints (the
    luminance class covering less); faces: the rest.
    """
    lum = luma(seed[..., :3].astype(np.float64))
    opaque = seed[..., 3] > 0
    light = opaque & (lum >= np.quantile(lum[opaque], 0.5))
    dark = opaque & (lum <= np.quantile(lum[opaque], 0.25))
    low = joints(seed)
    alpha, px = lifted(normal, height, light, dark, f)
    return alpha, px, lifted(normal, height, opaque & ~low, low, f)[0]


def main() -> None:
    """Synthesize (or reuse), make the maps, write the sheets and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--reuse", action="store_true", help="take the synthesized textures of a run before")
    args = parser.parse_args()
    config = load_config(WHOLE_PACK)
    OUT.mkdir(parents=True, exist_ok=True)
    rows, sheets = [], []
    for name in NAMES:
        texture = f"minecraft:block/{name}"
        rule = next(r for r in config.rules if matches(texture, r.match))
        seed = read_png(BLOCKS / f"{name}.png")
        settings = rule.settings.replace(scale=8)
        made = OUT / f"{name}.png"
        start = time.monotonic()
        if args.reuse and made.exists():
            out, synth = read_png(made), float("nan")
        else:
            from texturegen import synthesize

            out = synthesize(seed, [str(p) for p in rule.references], settings)
            synth = time.monotonic() - start
            write_png(made, out)
        material = material_for(texture, rule.material)
        start = time.monotonic()
        maps = labpbr(seed, out, settings.tiling == "wrap", material)
        took = time.monotonic() - start
        Image.fromarray(maps.normal, "RGBA").save(OUT / f"{name}_n.png")
        Image.fromarray(maps.specular, "RGBA").save(OUT / f"{name}_s.png")
        sheets.append(sheet(out, maps.normal))
        alpha, px, faces = relief(seed, maps.normal, maps.height, settings.scale)
        rows.append((name, rule.references[0].name, material, alpha, px, faces, synth, took))
        print(f"{name}: {alpha:+.1f} alpha, {px:+.2f} px; synthesis {synth:.1f} s, maps {took:.2f} s", file=sys.stderr)
    gap = np.full((8, sheets[0].shape[1], 3), 40, np.uint8)
    Image.fromarray(np.concatenate([p for s in sheets for p in (s, gap)][:-1])).save(OUT / "sheet.png")
    print("| texture | photo | material | lighter - darker (_n alpha) | in px | faces - joints | synth s | maps s |")
    print("|---|---|---|---|---|---|---|---|")
    for name, photo, material, alpha, px, faces, synth, took in rows:
        print(f"| {name} | {photo} | {material} | {alpha:+.1f} | {px:+.2f} | {faces:+.1f} | {synth:.1f} | {took:.2f} |")
    print(f"sheets: {OUT / 'sheet.png'} (colour, height, normals, lit from the upper left)")


if __name__ == "__main__":
    main()

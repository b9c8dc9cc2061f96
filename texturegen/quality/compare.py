"""One texture against several photos: a picture to choose a rule's photo by (`texturegen compare`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw

from texturegen.quality.preview import CELL, LABEL, checker, first_frame, fit

ZOOM = 4
"""How much the corner of each result is enlarged, nearest-neighbour, so single pixels can be told apart."""
GAP = 12
BACKGROUND = (40, 40, 40, 255)


@dataclass(frozen=True)
class Candidate:
    """One photo's result: the label to print, the photo and the synthesized texture (float RGBA)."""

    label: str
    photo: np.ndarray
    result: np.ndarray


def _image(px: np.ndarray) -> Image.Image:
    """A float RGBA array as a Pillow image."""
    return Image.fromarray(np.clip(np.rint(px * 255), 0, 255).astype(np.uint8), "RGBA")


def _on_checker(part: Image.Image) -> Image.Image:
    """An image over the grey checkerboard, so transparent texels show."""
    back = checker(part.width, part.height)
    back.alpha_composite(part)
    return back


def _panels(c: Candidate) -> list[Image.Image]:
    """The photo, the result tiled 2x2 at 1:1 (at most 2 CELL wide per tile) and its corner zoomed ZOOM x."""
    out = first_frame(c.result)
    tile = out if out.shape[1] <= 2 * CELL else np.asarray(fit(out, 2 * CELL, False), np.float32) / 255
    tiled = _image(np.tile(tile, (2, 2, 1)))
    side = max(1, min(out.shape[0], out.shape[1], 4 * CELL // ZOOM) // 2)
    corner = _image(out[:side, :side]).resize((side * ZOOM, side * ZOOM), Image.Resampling.NEAREST)
    return [fit(c.photo, CELL, False), tiled, corner]


def _row(label: str, panels: list[Image.Image]) -> Image.Image:
    """Panels side by side under a label."""
    width = sum(p.width for p in panels) + GAP * (len(panels) - 1)
    row = Image.new("RGBA", (width, LABEL + max(p.height for p in panels)), BACKGROUND)
    x = 0
    for p in panels:
        row.alpha_composite(_on_checker(p), (x, LABEL))
        x += p.width + GAP
    ImageDraw.Draw(row).text((2, 1), label, fill=(255, 255, 255, 255))
    return row


def compare_sheet(seed_label: str, seed: np.ndarray, candidates: list[Candidate]) -> np.ndarray:
    """(H, W, 4) uint8: the seed, then per photo the photo, the result tiled 2x2 and one corner zoomed."""
    rows = [_row(seed_label, [fit(first_frame(seed), CELL, True)])]
    rows += [_row(c.label, _panels(c)) for c in candidates]
    sheet = Image.new("RGBA", (max(r.width for r in rows), sum(r.height + GAP for r in rows)), BACKGROUND)
    y = 0
    for r in rows:
        sheet.alpha_composite(r, (0, y))
        y += r.height + GAP
    return np.asarray(sheet)

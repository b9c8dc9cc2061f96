"""One texture against several photos: a picture to choose a rule's photo by (`texturegen compare`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from texturegen.quality.preview import CELL, first_frame, fit, labelled_row, stacked, to_image

ZOOM = 4
"""How much the corner of each result is enlarged, nearest-neighbour, so single pixels can be told apart."""


@dataclass(frozen=True)
class Candidate:
    """One photo's result: the label to print, the photo and the synthesized texture (float RGBA)."""

    label: str
    photo: np.ndarray
    result: np.ndarray


def _tiled(tile: Image.Image) -> Image.Image:
    """An image repeated 2x2, as the texture lies in the world."""
    out = Image.new("RGBA", (2 * tile.width, 2 * tile.height))
    for x in (0, tile.width):
        for y in (0, tile.height):
            out.paste(tile, (x, y))
    return out


def _panels(c: Candidate) -> list[Image.Image]:
    """The photo, the result tiled 2x2 at 1:1 (at most 2 CELL wide per tile) and its corner zoomed ZOOM x."""
    out = first_frame(c.result)
    tile = to_image(out) if out.shape[1] <= 2 * CELL else fit(out, 2 * CELL, False)
    side = max(1, min(out.shape[0], out.shape[1], 4 * CELL // ZOOM) // 2)
    corner = to_image(out[:side, :side]).resize((side * ZOOM, side * ZOOM), Image.Resampling.NEAREST)
    return [fit(c.photo, CELL, False), _tiled(tile), corner]


def compare_sheet(seed_label: str, seed: np.ndarray, candidates: list[Candidate]) -> np.ndarray:
    """(H, W, 4) uint8: the seed, then per photo the photo, the result tiled 2x2 and one corner zoomed."""
    rows = [labelled_row(seed_label, [fit(first_frame(seed), CELL, True)])]
    rows += [labelled_row(c.label, _panels(c)) for c in candidates]
    return np.asarray(stacked(rows))

"""Before/after preview: a contact sheet PNG and an HTML page with seed, result and result tiled 2x2."""

from __future__ import annotations

import html
import os
from pathlib import Path
from urllib.parse import quote

import numpy as np
from PIL import Image, ImageDraw

from texturegen.core.atomic import atomic_write
from texturegen.core.png import encode_png, read_png
from texturegen.core.strips import frame_count

CELL = 128
LABEL = 14
GAP = 12
"""Pixels between the panels of a row."""
BACKGROUND = (40, 40, 40, 255)
MAX_ROWS = 60
"""The contact sheet shows at most this many textures; the HTML page shows all."""


def html_path(png: Path | str) -> Path:
    """`<output>-preview.html` beside the PNG."""
    p = Path(png)
    return p.with_suffix(".html")


def first_frame(px: np.ndarray) -> np.ndarray:
    """The top square of a strip."""
    h, w = px.shape[:2]
    return px[:w] if frame_count(h, w) > 1 else px


def to_image(px: np.ndarray) -> Image.Image:
    """A float RGBA array as a Pillow image."""
    return Image.fromarray(np.clip(np.rint(px * 255), 0, 255).astype(np.uint8), "RGBA")


def fit(px: np.ndarray, side: int, nearest: bool) -> Image.Image:
    """An RGBA image scaled to `side` wide."""
    im = to_image(px)
    h = max(1, round(side * im.height / im.width))
    return im.resize((side, h), Image.Resampling.NEAREST if nearest else Image.Resampling.LANCZOS)


def checker(w: int, h: int) -> Image.Image:
    """A grey checkerboard behind transparent texels."""
    yy, xx = np.mgrid[0:h, 0:w]
    v = np.where(((yy // 8) + (xx // 8)) % 2 == 0, 200, 150).astype(np.uint8)
    return Image.fromarray(np.dstack([v, v, v, np.full_like(v, 255)]), "RGBA")


def labelled_row(label: str, parts: list[Image.Image]) -> Image.Image:
    """Panels side by side under a label, each over the grey checkerboard so transparent texels show."""
    width = sum(p.width for p in parts) + GAP * (len(parts) - 1)
    row = Image.new("RGBA", (width, LABEL + max(p.height for p in parts)), BACKGROUND)
    x = 0
    for part in parts:
        row.alpha_composite(checker(part.width, part.height), (x, LABEL))
        row.alpha_composite(part, (x, LABEL))
        x += part.width + GAP
    ImageDraw.Draw(row).text((2, 1), label, fill=(255, 255, 255, 255))
    return row


def _row(name: str, seed: np.ndarray, out: np.ndarray) -> Image.Image:
    """One labelled row: seed, result, result tiled 2x2."""
    s, o = first_frame(seed), first_frame(out)
    tiled = np.tile(o, (2, 2, 1))
    parts = [fit(s, CELL, True), fit(o, CELL, o.shape[1] <= CELL), fit(tiled, 2 * CELL, tiled.shape[1] <= 2 * CELL)]
    return labelled_row(name, parts)


def _url(path: str, page: Path) -> str:
    """A file's address relative to the HTML page."""
    return html.escape(quote(os.path.relpath(path, page.parent).replace(os.sep, "/")))


def _html(items: list[tuple[str, str, str]], page: Path, scale: int) -> str:
    """The page: every texture's seed, result (first frame) and result tiled 2x2, linked to the files."""
    side = 160
    cells = []
    for name, seed_file, out_file in items:
        seed, out = _url(seed_file, page), _url(out_file, page)
        cells.append(
            f"<tr><td>{html.escape(name)}</td>"
            f"<td><div class=px style=\"width:{side}px;height:{side}px;background:url('{seed}');"
            f'background-size:{side}px auto"></div></td>'
            f"<td><div style=\"width:{side}px;height:{side}px;background:url('{out}');"
            f'background-size:{side}px auto"></div></td>'
            f"<td><div style=\"width:{2 * side}px;height:{2 * side}px;background:url('{out}');"
            f'background-size:{side}px auto"></div></td></tr>'
        )
    return (
        "<!doctype html><meta charset=utf-8><title>texturegen preview</title>"
        "<style>body{background:#282828;color:#eee;font-family:sans-serif}"
        ".px{image-rendering:pixelated}td{padding:4px;vertical-align:top}</style>"
        f"<h1>texturegen preview (x{scale}, {len(items)} textures)</h1>"
        "<table><tr><th>texture<th>seed<th>result<th>result tiled 2x2</tr>" + "".join(cells) + "</table>\n"
    )


def write_preview(items: list[tuple[str, str, str]], png: str, scale: int, tmp_dir: str | None = None) -> None:
    """Write the contact sheet (at most MAX_ROWS textures, evenly chosen) and the HTML page (all of them)."""
    step = max(1, -(-len(items) // MAX_ROWS))
    rows = [_row(name, read_png(seed), read_png(out)) for name, seed, out in items[::step]]
    width = max((r.width for r in rows), default=4 * CELL + 2 * GAP)
    sheet = Image.new("RGBA", (width, max(1, sum(r.height + 4 for r in rows))), BACKGROUND)
    y = 0
    for r in rows:
        sheet.alpha_composite(r, (0, y))
        y += r.height + 4
    atomic_write(png, encode_png(np.asarray(sheet)), tmp_dir)
    page = html_path(png)
    atomic_write(page, _html(items, page, scale).encode("utf-8"), tmp_dir)

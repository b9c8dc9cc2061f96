"""Before/after preview: a contact sheet PNG and an HTML page with seed, result and result tiled 2x2."""

from __future__ import annotations

import base64
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


def stacked(rows: list[Image.Image]) -> Image.Image:
    """Rows one under another, GAP apart, on the background (a comparison sheet)."""
    sheet = Image.new("RGBA", (max(r.width for r in rows), sum(r.height + GAP for r in rows)), BACKGROUND)
    y = 0
    for r in rows:
        sheet.alpha_composite(r, (0, y))
        y += r.height + GAP
    return sheet


def _row(name: str, seed: np.ndarray, out: np.ndarray) -> Image.Image:
    """One labelled row: seed, result, result tiled 2x2."""
    s, o = first_frame(seed), first_frame(out)
    tiled = np.tile(o, (2, 2, 1))
    parts = [fit(s, CELL, True), fit(o, CELL, o.shape[1] <= CELL), fit(tiled, 2 * CELL, tiled.shape[1] <= 2 * CELL)]
    return labelled_row(name, parts)


def _url(path: str, page: Path) -> str:
    """A file's address relative to the HTML page."""
    return html.escape(quote(os.path.relpath(path, page.parent).replace(os.sep, "/")))


def _inline(path: str) -> str:
    """A small PNG as a data: address, so the page does not depend on where the input pack lies."""
    return "data:image/png;base64," + base64.b64encode(Path(path).read_bytes()).decode("ascii")


def _html(items: list[tuple[str, str, str]], page: Path, scale: int) -> str:
    """The page: every texture's seed (inlined), result (first frame) and result tiled 2x2, linked to the results
    beside it, so it travels with the output."""
    side = 160
    cells = []
    for name, seed_file, out_file in items:
        seed, out = _inline(seed_file), _url(out_file, page)
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
        ".px{image-rendering:pixelated}td{padding:4px;vertical-align:top}"
        ".lit{display:inline-block;margin:6px}.lit img,.lit canvas{margin-right:6px}</style>"
        f"<h1>texturegen preview (x{scale}, {len(items)} textures)</h1>"
        "<table><tr><th>texture<th>seed<th>result<th>result tiled 2x2</tr>" + "".join(cells) + "</table>\n"
    )


LIT_SIDE = 256
"""CSS pixels of each lit block on the page."""

LIT_SCRIPT = """
(function () {
  var az = document.getElementById('az'), el = document.getElementById('el'), probe = document.getElementById('probe');
  var m = /light=(-?[0-9.]+),(-?[0-9.]+)/.exec(location.hash);
  if (m) { az.value = m[1]; el.value = m[2]; }
  function pixels(img) {
    var c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    var g = c.getContext('2d');
    g.drawImage(img, 0, 0);
    return g.getImageData(0, 0, c.width, c.height).data;
  }
  var blocks = [].map.call(document.querySelectorAll('.lit'), function (b) {
    var colour = b.querySelector('.colour'), normal = b.querySelector('.normal'), canvas = b.querySelector('canvas');
    canvas.width = colour.naturalWidth; canvas.height = colour.naturalHeight;
    return {canvas: canvas, colour: pixels(colour), normal: pixels(normal)};
  });
  function draw() {
    // The light in image space: x right, y down, z out of the face; azimuth counter-clockwise from the right.
    var a = az.value * Math.PI / 180, e = el.value * Math.PI / 180;
    var lx = Math.cos(e) * Math.cos(a), ly = -Math.cos(e) * Math.sin(a), lz = Math.sin(e);
    blocks.forEach(function (b) {
      var g = b.canvas.getContext('2d'), out = g.createImageData(b.canvas.width, b.canvas.height), d = out.data;
      for (var i = 0; i < d.length; i += 4) {
        // LabPBR 1.3 _n: x, y (DirectX, green down) in red and green, z rebuilt, AO in blue.
        var x = b.normal[i] / 255 * 2 - 1, y = b.normal[i + 1] / 255 * 2 - 1;
        var z = Math.sqrt(Math.max(0, 1 - x * x - y * y)), ao = b.normal[i + 2] / 255;
        var light = 0.25 * ao + 0.75 * Math.max(0, x * lx + y * ly + z * lz);
        d[i] = b.colour[i] * light; d[i + 1] = b.colour[i + 1] * light; d[i + 2] = b.colour[i + 2] * light;
        d[i + 3] = b.colour[i + 3];
      }
      g.putImageData(out, 0, 0);
    });
    if (blocks.length) {
      var c = blocks[0].canvas, p = c.getContext('2d').getImageData(c.width >> 1, c.height >> 1, 1, 1).data;
      probe.textContent = [p[0], p[1], p[2], p[3]].join(',');
      probe.setAttribute('data-light', az.value + ',' + el.value);
    }
  }
  az.oninput = el.oninput = draw;
  blocks.forEach(function (b) {
    b.canvas.onmousemove = function (ev) {
      var r = b.canvas.getBoundingClientRect(), dx = ev.clientX - r.left - r.width / 2;
      var dy = ev.clientY - r.top - r.height / 2, reach = Math.hypot(dx, dy) / (r.width / 2);
      az.value = (Math.atan2(-dy, dx) * 180 / Math.PI + 360) % 360;
      el.value = Math.max(5, 90 - 85 * Math.min(1, reach));
      draw();
    };
  });
  draw();
})();
"""
"""The lit blocks' shading (canvas 2D, no download): each pixel's colour times ambient x AO plus Lambert's term."""


def _data_url(px: np.ndarray) -> str:
    """A PNG of an RGBA array as a data: URL (the page reads its pixels, which a file:// image would forbid)."""
    return "data:image/png;base64," + base64.b64encode(encode_png(px)).decode("ascii")


def _lit_html(lit: list[tuple[str, str, str]]) -> str:
    """The lit section: per texture its flat colour beside a canvas lit through its normal map, and the light."""
    blocks = []
    for name, out_file, normal_file in lit:
        colour = to_image(first_frame(read_png(out_file)))
        normal = first_frame(np.asarray(Image.open(normal_file).convert("RGBA")))
        blocks.append(
            f"<div class=lit><div>{html.escape(name)}</div>"
            f'<img class="colour px" width={LIT_SIDE} src="{_data_url(np.asarray(colour))}">'
            f'<canvas class=px style="width:{LIT_SIDE}px;height:{LIT_SIDE}px"></canvas>'
            f'<img class=normal hidden src="{_data_url(normal)}"></div>'
        )
    return (
        "<h2>Lit: LabPBR normal maps under a light</h2><p>Flat colour, then the block lit through its normal map. "
        "Move the mouse over a lit block, or the sliders: azimuth "
        "<input type=range id=az min=0 max=360 value=135> elevation <input type=range id=el min=5 max=90 value=45> "
        "(the page address may end in #light=AZIMUTH,ELEVATION). Centre of the first: <output id=probe></output></p>"
        + "".join(blocks)
        + "<script>window.addEventListener('load', function () {"
        + LIT_SCRIPT
        + "});</script>\n"
    )


def write_preview(
    items: list[tuple[str, str, str]],
    png: str,
    scale: int,
    tmp_dir: str | None = None,
    lit: list[tuple[str, str, str]] | None = None,
) -> None:
    """Write the contact sheet (at most MAX_ROWS textures, evenly chosen) and the HTML page (all of them).

    `lit` lists (name, output, normal map) of textures with LabPBR maps (`pbr: labpbr`): the page shows them lit.
    """
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
    text = _html(items, page, scale) + (_lit_html(lit) if lit else "")
    atomic_write(page, text.encode("utf-8"), tmp_dir)

"""The before/after preview: a bounded contact sheet and an HTML page linking every texture's files."""

import base64
import re
from pathlib import Path
from urllib.parse import unquote

from PIL import Image

from tests.badinput import texture
from texturegen.quality.preview import MAX_ROWS, write_preview


def test_sheet_is_bounded_and_page_links_every_file(tmp_path):
    items = []
    for i in range(MAX_ROWS + 10):
        seed, out = tmp_path / "in" / f"t {i}.png", tmp_path / "out" / f"t {i}.png"
        for path, size in ((seed, (16, 16)), (out, (32, 64))):  # results are 2-frame strips
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(texture(size=size, seed=i))
        items.append((f"minecraft:block/t{i}", str(seed), str(out)))
    png = tmp_path / "pack-preview.png"
    write_preview(items, str(png), 2)
    rows = -(-len(items) // 2)  # every second texture
    assert Image.open(png).size[1] == rows * (2 * 128 + 14 + 4)
    page = (tmp_path / "pack-preview.html").read_text()
    links = re.findall(r"url\('([^']+)'\)", page)
    assert len(links) == 3 * len(items)
    seeds = [link for link in links if link.startswith("data:image/png;base64,")]  # inlined: the page travels
    assert [base64.b64decode(link.split(",", 1)[1]) for link in seeds] == [Path(s).read_bytes() for _, s, _ in items]
    assert all((tmp_path / unquote(link)).is_file() for link in links if link not in seeds)  # results, beside it
    assert not list(tmp_path.glob(".tmp-*"))

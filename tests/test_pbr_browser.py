"""The preview's lit blocks in a real headless browser: the page draws, and a pixel read back follows the light.

Needs Chromium (Debian/Ubuntu: `apt-get install -y chromium`; elsewhere any Chromium or Chrome on PATH); skipped
without one. The page is loaded from file:// with a `#light=AZIMUTH,ELEVATION` address and its DOM dumped after it
ran: the page writes the centre pixel of its first lit block, read back from its canvas, into `<output id=probe>`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from texturegen.core.images import nearest_up
from texturegen.core.png import write_png
from texturegen.pbr.maps import labpbr
from texturegen.quality.preview import html_path, write_preview

pytestmark = pytest.mark.slow

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--virtual-time-budget=5000",
]


def browser() -> str:
    """The first Chromium found on PATH, or skip saying how to get one."""
    found = next((shutil.which(b) for b in BROWSERS if shutil.which(b)), None)
    if found is None:
        pytest.skip("no Chromium on PATH: install it (Debian/Ubuntu: apt-get install -y chromium) to test the page")
    return found


def probe(page: Path, light: str, profile: Path) -> tuple[int, ...]:
    """The centre pixel of the first lit block, as the page read it back with the light at `light`."""
    dom = subprocess.run(
        [browser(), *FLAGS, f"--user-data-dir={profile}", "--dump-dom", f"{page.as_uri()}#light={light}"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    found = re.search(r'<output id="probe" data-light="([0-9.,]+)">([0-9,]+)</output>', dom)
    assert found, "the page drew nothing:\n" + dom[-2000:]
    assert found.group(1) == light
    return tuple(int(v) for v in found.group(2).split(","))


def test_the_lit_block_draws_and_follows_the_light(tmp_path: Path) -> None:
    browser()
    seed = np.full((8, 8, 4), 0.7, np.float32)
    seed[::4, :, :3] = 0.2
    seed[..., 3] = 1
    out = nearest_up(seed, 8)
    write_png(tmp_path / "seed.png", seed)
    write_png(tmp_path / "out.png", out)
    Image.fromarray(labpbr(seed, out, True, "bricks").normal, "RGBA").save(tmp_path / "out_n.png")
    png = tmp_path / "p-preview.png"
    # The probe's centre pixel sits on the lower rim of a mortar course: its normal leans down-ish.
    write_preview(
        [("b", str(tmp_path / "seed.png"), str(tmp_path / "out.png"))],
        str(png),
        8,
        None,
        [("b", str(tmp_path / "out.png"), str(tmp_path / "out_n.png"))],
    )
    page = html_path(png)
    profile = tmp_path / "profile"
    from_above, from_below = probe(page, "90,30", profile), probe(page, "270,30", profile)
    assert from_above[3] == 255 and max(from_above[:3] + from_below[:3]) > 0, "the block was drawn"
    assert from_above != from_below, "the pixel read back changes when the light moves"

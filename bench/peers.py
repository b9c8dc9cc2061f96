"""What texturegen is compared with: nearest, bicubic, xBRZ and DESIGN.md's two no-neural overlays.

xBRZ is Debian's `xbrzscale` (apt-get install xbrzscale): x4 then x2 on a 3x3 wrapped tile of the seed, the middle
cut out. Where the program is missing, peers() says so once on stderr and leaves xBRZ out.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
from PIL import Image
from scipy.ndimage import gaussian_filter

from texturegen.core.images import luma, nearest_up, resize

XBRZ = "xbrzscale"
_warned: list[bool] = []


def to_rgba8(img: np.ndarray) -> Image.Image:
    """A float RGBA array as an 8-bit RGBA image."""
    return Image.fromarray(np.clip(np.rint(img * 255), 0, 255).astype(np.uint8), "RGBA")


def bicubic(seed: np.ndarray, f: int) -> np.ndarray:
    """Bicubic upscale."""
    im = to_rgba8(seed)
    return np.asarray(im.resize((im.width * f, im.height * f), Image.BICUBIC), np.float32) / 255


def xbrz(seed: np.ndarray, wrap: bool = True) -> np.ndarray | None:
    """xBRZ x8 (x4 then x2) on a 3x3 wrapped tile of the seed (or, for a sprite, the seed in a transparent
    border as wide as itself), the middle cut out; None without xbrzscale."""
    if shutil.which(XBRZ) is None:
        if not _warned:
            print(f"xBRZ skipped: '{XBRZ}' is not on PATH (apt-get install xbrzscale)", file=sys.stderr)
            _warned.append(True)
        return None
    h, w = seed.shape[:2]
    with tempfile.TemporaryDirectory() as tmp:
        src, mid, dst = (Path(tmp) / n for n in ("in.png", "x4.png", "x8.png"))
        around = np.tile(seed, (3, 3, 1)) if wrap else np.pad(seed, ((h, h), (w, w), (0, 0)))
        to_rgba8(around).save(src)
        for factor, a, b in ((4, src, mid), (2, mid, dst)):
            subprocess.run([XBRZ, str(factor), str(a), str(b)], check=True, capture_output=True)
        big = np.asarray(Image.open(dst).convert("RGBA"), np.float32) / 255
    return big[h * 8 : 2 * h * 8, w * 8 : 2 * w * 8]


def bilateral(img: np.ndarray, spatial: float, tonal: float) -> np.ndarray:
    """Wrapped bilateral filter of an (H, W, 3) image: Gaussian in space (px) and in RGB distance."""
    radius = int(np.ceil(2 * spatial))
    acc = np.zeros_like(img, dtype=np.float64)
    wsum = np.zeros(img.shape[:2])
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            moved = np.roll(img, (dy, dx), axis=(0, 1))
            dist2 = ((moved - img) ** 2).sum(axis=2) / 3
            w = np.exp(-0.5 * (dy * dy + dx * dx) / spatial**2 - 0.5 * dist2 / tonal**2)
            acc += moved * w[..., None]
            wsum += w
    return acc / wsum[..., None]


def photo_highpass(ref: np.ndarray, shape: tuple[int, int], sigma: float) -> np.ndarray:
    """The photo's luminance at the output's size minus its wrapped Gaussian blur of `sigma` px."""
    photo = luma(resize(ref[..., :3], shape)).astype(np.float64)
    return photo - gaussian_filter(photo, sigma, mode="wrap")


def _with_alpha(rgb: np.ndarray, seed: np.ndarray, f: int) -> np.ndarray:
    """Clipped RGB with the nearest seed's alpha."""
    return np.dstack([np.clip(rgb, 0, 1), nearest_up(seed[..., 3:4], f)]).astype(np.float32)


def overlay(seed: np.ndarray, ref: np.ndarray, f: int, sigma: float = 2.0) -> np.ndarray:
    """Bilateral-smoothed nearest seed (range 0.03, 2 px, wrapped) plus the photo's luminance minus its `sigma` blur.

    sigma 2 is the first overlay (the control), sigma f/2 the texel-band overlay."""
    base = bilateral(nearest_up(seed[..., :3], f).astype(np.float64), 2.0, 0.03)
    return _with_alpha(base + photo_highpass(ref, base.shape[:2], sigma)[..., None], seed, f)


def control(seed: np.ndarray, ref: np.ndarray, f: int) -> np.ndarray:
    """The first overlay: the photo's 2 px high-pass over the bilateral-smoothed nearest seed."""
    return overlay(seed, ref, f, 2.0)


def texel_overlay(seed: np.ndarray, ref: np.ndarray, f: int) -> np.ndarray:
    """The second overlay: the photo's texel band (minus its f/2 blur) over the bilateral-smoothed nearest seed."""
    return overlay(seed, ref, f, f / 2)


def photo_lines(seed: np.ndarray, ref: np.ndarray, f: int) -> np.ndarray:
    """The nearest seed plus the photo's 2 px high-pass luminance: the photo's own lines, edge_ringing's yardstick."""
    near = nearest_up(seed[..., :3], f).astype(np.float64)
    return _with_alpha(near + photo_highpass(ref, near.shape[:2], 2.0)[..., None], seed, f)


def peers(seed: np.ndarray, ref: np.ndarray, f: int) -> dict[str, np.ndarray]:
    """Every peer's output for one seed and photo, and photo_lines (xBRZ only at x8 and where xbrzscale is found)."""
    out = {"nearest": nearest_up(seed, f), "bicubic": bicubic(seed, f)}
    x = xbrz(seed) if f == 8 else None
    if x is not None:
        out["xbrz"] = x
    out["overlay_2px"] = control(seed, ref, f)
    out["overlay_texel"] = texel_overlay(seed, ref, f)
    out["photo_lines"] = photo_lines(seed, ref, f)
    return out


def shown(outputs: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """The peers a picture shows: all but photo_lines, which is a yardstick, not a candidate."""
    return {m: o for m, o in outputs.items() if m != "photo_lines"}

"""Read any PNG as float RGBA and write PNGs byte-for-byte reproducibly (the default limit is a photo's)."""

from __future__ import annotations

import io
import os
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from texturegen.core.atomic import atomic_write
from texturegen.core.errors import ImageError
from texturegen.core.limits import MAX_PHOTO_PIXELS


def _to_rgba(im: Image.Image) -> np.ndarray:
    """Convert an opened image of any mode to float32 RGBA in [0, 1]."""
    if im.mode in ("I;16", "I;16B", "I;16L", "I"):
        grey = np.asarray(im, dtype=np.float64)
        grey = grey / (65535.0 if grey.max(initial=0) > 255 else 255.0)
        grey = np.clip(grey, 0, 1).astype(np.float32)
        return np.dstack([grey, grey, grey, np.ones_like(grey)])
    if im.mode == "F":
        grey = np.clip(np.asarray(im, dtype=np.float32), 0, 1)
        return np.dstack([grey, grey, grey, np.ones_like(grey)])
    rgba = im.convert("RGBA")
    return np.asarray(rgba, dtype=np.float32) / 255.0


@contextmanager
def own_size_check() -> Iterator[None]:
    """Lift Pillow's decompression-bomb limit for one decode whose size texturegen checks itself, then restore it.

    Only this block sees the change: the limit a library user (or Pillow's default) set holds everywhere else.
    """
    saved = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = None
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = saved


def decode_png(data: bytes, name: str, max_pixels: int = MAX_PHOTO_PIXELS) -> np.ndarray:
    """Decode PNG bytes to float32 RGBA (H, W, 4); `name` is quoted in errors."""
    return _open(data, name, max_pixels, load=True)


def png_size(data: bytes, name: str, max_pixels: int) -> tuple[int, int]:
    """Width and height from a PNG's header, checked against `max_pixels`; its pixels are decoded later, once."""
    width, height = _open(data, name, max_pixels, load=False)
    return width, height


def _open(data: bytes, name: str, max_pixels: int, load: bool) -> Any:
    """Open PNG bytes within a pixel limit: float RGBA pixels when `load`, else only (width, height)."""
    if not data:
        raise ImageError(f"{name}: empty file, not a PNG")
    try:
        with warnings.catch_warnings(), own_size_check():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            width, height = im.size
            if width * height > max_pixels:
                raise ImageError(f"{name}: {width}x{height} is more than the limit of {max_pixels} pixels")
            if width == 0 or height == 0:
                raise ImageError(f"{name}: image has no pixels")
            if not load:
                return width, height
            im.load()
            return _to_rgba(im)
    except ImageError:
        raise
    except Image.UnidentifiedImageError:
        raise ImageError(f"{name}: not a PNG (unrecognised image data)") from None
    except (
        OSError,
        SyntaxError,
        ValueError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        EOFError,
    ) as exc:
        raise ImageError(f"{name}: not a readable PNG ({exc})") from None


def read_png(path: str | os.PathLike[str], max_pixels: int = MAX_PHOTO_PIXELS) -> np.ndarray:
    """Read a PNG file to float32 RGBA (H, W, 4)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ImageError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return decode_png(data, str(path), max_pixels)


def to_uint8(rgba: np.ndarray) -> np.ndarray:
    """Round float [0, 1] pixels to uint8."""
    return np.clip(np.rint(np.asarray(rgba, dtype=np.float64) * 255.0), 0, 255).astype(np.uint8)


def encode_png(rgba: np.ndarray, keep_alpha: bool = False) -> bytes:
    """Encode float or uint8 RGBA/RGB to PNG bytes; opaque images are written as RGB unless `keep_alpha` (a LabPBR
    normal map's alpha is its height, so 255 everywhere still means something)."""
    pixels = rgba if rgba.dtype == np.uint8 else to_uint8(rgba)
    if not keep_alpha and pixels.shape[2] == 4 and bool(np.all(pixels[..., 3] == 255)):
        pixels = pixels[..., :3]
    mode = "RGBA" if pixels.shape[2] == 4 else "RGB"
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels), mode).save(buf, format="PNG", optimize=False, compress_level=9)
    return buf.getvalue()


def write_png(path: str | os.PathLike[str], rgba: np.ndarray) -> None:
    """Write an RGBA float or uint8 image as a PNG, atomically."""
    atomic_write(path, encode_png(rgba))

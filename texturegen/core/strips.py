"""Animation strips: a vertical strip of square frames."""

from __future__ import annotations

from texturegen.core.errors import ImageError


def frame_count(height: int, width: int) -> int:
    """Frames in an image: a strip of square frames when its height is a multiple of its width, else 1."""
    return height // width if height > width and height % width == 0 else 1


def check_shape(name: str, width: int, height: int) -> None:
    """Raise for a block/item sprite that is neither square nor a strip of square frames."""
    if height != width and (height < width or height % width):
        raise ImageError(
            f"{name}: {width}x{height} is neither square nor a strip of square frames (height a multiple of width)"
        )

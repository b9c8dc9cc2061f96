"""Animation strips: a vertical strip of square frames, and how far a tall one may be scaled."""

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


def strip_scale(width: int, height: int, scale: int, max_height: int) -> int:
    """The largest power-of-two scale <= `scale` keeping the output height within max_height."""
    while scale > 1 and height * scale > max_height:
        scale //= 2
    return scale


def cap_note(width: int, height: int, scale: int, wanted: int, max_height: int) -> dict[str, str]:
    """A note for the reporter when a tall strip got a smaller scale than asked."""
    if scale == wanted:
        return {}
    return {
        "note": f"{width}x{height} strip scaled x{scale}, not x{wanted}, to stay within "
        f"max_strip_height {max_height} px"
    }

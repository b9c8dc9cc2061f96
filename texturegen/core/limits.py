"""How large a build may read and make: texture and photo pixels, a strip's output height, synthesized pixels."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from texturegen.core.errors import ImageError

MAX_IMAGE_PIXELS = 16 * 1024 * 1024
"""Default pixels of an input texture (a seed or a nearest-scaled image)."""
MAX_PHOTO_PIXELS = 64 * 1024 * 1024
"""Default pixels of a reference photo: admits a 24-megapixel camera photo (6000x4000) and more."""
MAX_OUTPUT_PIXELS = 2048 * 2048
"""Default synthesized pixels per texture: a 256x256 seed at x8; about half an hour on 2 cores."""


@dataclass(frozen=True)
class Limits:
    """The size limits of one build (pipeline.yaml's max_image_pixels, max_photo_pixels, max_strip_height and
    max_output_pixels), applied wherever a texture or a photo is read, a Dask worker included."""

    max_image_pixels: int = MAX_IMAGE_PIXELS
    max_strip_height: int = 16384
    max_output_pixels: int = MAX_OUTPUT_PIXELS
    max_photo_pixels: int = MAX_PHOTO_PIXELS

    def scale_for(self, name: str, width: int, height: int, scale: int, synthesized: bool) -> int:
        """The largest power-of-two scale <= `scale` keeping a strip within max_strip_height, or ImageError.

        A strip already taller than the limit is refused (scaling it by 1 would still break the limit), and
        a synthesized output over max_output_pixels is refused, since its time grows with its pixels.
        """
        if height > self.max_strip_height:
            raise ImageError(
                f"{name}: {width}x{height} is taller than max_strip_height {self.max_strip_height} px before "
                "any scaling; refused"
            )
        while scale > 1 and height * scale > self.max_strip_height:
            scale //= 2
        pixels = width * height * scale * scale
        if synthesized and pixels > self.max_output_pixels:
            raise ImageError(
                f"{name}: {width}x{height} at x{scale} is {width * scale}x{height * scale} = {pixels} pixels, more "
                f"than max_output_pixels {self.max_output_pixels}; raise it or scale this texture by `nearest`"
            )
        return scale

    def cap_note(self, width: int, height: int, scale: int, wanted: int) -> dict[str, str]:
        """A note for the reporter when a tall strip got a smaller scale than asked."""
        if scale == wanted:
            return {}
        return {
            "note": f"{width}x{height} strip scaled x{scale}, not x{wanted}, to stay within "
            f"max_strip_height {self.max_strip_height} px"
        }

    def as_dict(self) -> dict[str, int]:
        """Plain values for doit's config_changed; the photo limit is left out: it admits or refuses a photo but
        never changes a texture, so builds made before it existed stay up to date."""
        values = asdict(self)
        del values["max_photo_pixels"]
        return values

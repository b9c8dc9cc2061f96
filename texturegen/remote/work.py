"""What a Dask worker runs: bytes in, PNG bytes out (texturegen must be installed on the worker)."""

from __future__ import annotations

from texturegen.core.png import decode_png, encode_png
from texturegen.synthesis.settings import SynthesisSettings


def synthesize_bytes(
    seed: bytes, seed_name: str, references: list[tuple[str, bytes]], settings: SynthesisSettings
) -> tuple[bytes, str]:
    """The synthesized PNG of a seed against references, and the address of the worker that made it."""
    from distributed import get_worker

    from texturegen.api import synthesize

    pixels = decode_png(seed, seed_name)
    refs = [decode_png(data, name) for name, data in references]
    return encode_png(synthesize(pixels, refs, settings)), get_worker().address

"""One synthesis as bytes, run where the executor sends it: this process or a Dask worker (texturegen installed)."""

from __future__ import annotations

from dataclasses import dataclass

from texturegen.core.limits import Limits
from texturegen.core.png import decode_png, encode_png
from texturegen.synthesis.settings import SynthesisSettings


@dataclass(frozen=True)
class Made:
    """A texture's PNG bytes, where they came from ("made" or "from cache") and the Dask worker that made them."""

    png: bytes
    source: str = "made"
    worker: str | None = None


@dataclass(frozen=True, kw_only=True)
class Work:
    """What one synthesis needs, read once by the action: the seed's and photos' bytes, settings and limits.

    The bytes are decoded once, where the work runs, with the build's own limits (a texture's for the seed, a
    photo's for the references), so a Dask worker refuses exactly what this process would.
    """

    seed_name: str
    seed: bytes
    references: tuple[tuple[str, bytes], ...]
    settings: SynthesisSettings
    limits: Limits

    def run(self) -> bytes:
        """The synthesized PNG (TensorFlow loads here, on first use)."""
        seed = decode_png(self.seed, self.seed_name, self.limits.max_image_pixels)
        photos = [(name, decode_png(data, name, self.limits.max_photo_pixels)) for name, data in self.references]
        from texturegen.synthesis.neural import synthesize_array  # after the checks: a refused photo loads nothing

        return encode_png(synthesize_array(seed, photos, self.settings))


def run_on_worker(work: Work) -> Made:
    """What a Dask worker runs: the work's PNG, named with this worker's address."""
    from distributed import get_worker

    return Made(work.run(), worker=get_worker().address)

"""The Python API: synthesize a texture from a seed and references (TensorFlow loads on first use)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from texturegen.core.errors import OutputError, ReferenceImageError
from texturegen.core.limits import MAX_IMAGE_PIXELS, MAX_PHOTO_PIXELS
from texturegen.core.png import read_png, write_png
from texturegen.synthesis.settings import SynthesisSettings

ImageLike = str | os.PathLike[str] | np.ndarray


def _load(image: ImageLike, what: str) -> tuple[str, np.ndarray]:
    """Name and float RGBA pixels of a path (read within the default limit of a texture or a photo) or an array.

    An array's values are read by its type: floats are 0-1, integers span their type's range (uint8 0-255).
    """
    if isinstance(image, np.ndarray):
        arr = image.astype(np.float32)
        if np.issubdtype(image.dtype, np.integer):
            arr = arr / float(np.iinfo(image.dtype).max)
        if arr.ndim == 2:
            arr = np.dstack([arr, arr, arr])
        if arr.shape[2] == 3:
            arr = np.dstack([arr, np.ones(arr.shape[:2], np.float32)])
        return what, arr
    path = Path(image)
    if what == "reference" and not path.is_file():
        raise ReferenceImageError(f"{path}: reference file not found")
    return str(path), read_png(path, MAX_PHOTO_PIXELS if what == "reference" else MAX_IMAGE_PIXELS)


def synthesize(
    seed: ImageLike,
    references: Sequence[ImageLike],
    settings: SynthesisSettings | None = None,
    progress: Callable[[str], None] | None = None,
) -> np.ndarray:
    """Return the float RGBA (H*scale, W*scale, 4) synthesis of `seed` against `references`."""
    settings = settings or SynthesisSettings()
    _, seed_px = _load(seed, "seed")
    refs = [_load(r, "reference") for r in references]
    from texturegen.synthesis.neural import synthesize_array

    return synthesize_array(seed_px, refs, settings, progress)


def synthesize_file(
    seed: str | os.PathLike[str],
    references: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    settings: SynthesisSettings | None = None,
    progress: Callable[[str], None] | None = None,
) -> None:
    """Synthesize `seed` and write the PNG to `out` atomically."""
    _check_out(out)
    write_png(out, synthesize(seed, references, settings, progress))


def compare_file(
    seed: str | os.PathLike[str],
    references: Sequence[str | os.PathLike[str]],
    out: str | os.PathLike[str],
    settings: SynthesisSettings | None = None,
    progress: Callable[[str], None] | None = None,
    picks: Sequence[tuple[float, str]] | None = None,
) -> None:
    """Synthesize `seed` against each reference on its own and write one comparison picture to `out` atomically.

    `picks`, one per reference, gives each its own reference_scale and label (`compare --auto`). Every file is read
    before the first synthesis, so a missing photo fails at once and nothing is written.
    """
    from texturegen.quality.compare import Candidate, compare_sheet
    from texturegen.synthesis.neural import synthesize_array

    settings = settings or SynthesisSettings()
    _check_out(out)
    seed_name, seed_px = _load(seed, "seed")
    refs = [_load(r, "reference") for r in references]
    if not refs:
        raise ReferenceImageError("at least one reference image is needed")
    candidates = []
    for i, (name, px) in enumerate(refs, 1):
        if progress:
            progress(f"photo {i}/{len(refs)}: {name}")
        scale, label = picks[i - 1] if picks else (settings.reference_scale, Path(name).name)
        result = synthesize_array(seed_px, [(name, px)], replace(settings, reference_scale=scale), progress)
        candidates.append(Candidate(label, px, result))
    label = f"{Path(seed_name).name} x{settings.scale}"
    write_png(out, compare_sheet(label, seed_px, candidates))


def _check_out(out: str | os.PathLike[str]) -> None:
    """Raise OutputError when `out` cannot name a PNG file to write."""
    target = Path(out)
    if target.is_dir():
        raise OutputError(f"{target}: is a folder; the output must name a PNG file")
    if target.parent.exists() and not target.parent.is_dir():
        raise OutputError(f"{target.parent}: is a file, not a folder to write {target.name} into")

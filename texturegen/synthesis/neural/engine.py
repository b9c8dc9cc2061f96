"""Synthesize one texture (all frames of a strip) from its seed and references."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from texturegen.core.errors import ImageError, ReferenceImageError
from texturegen.core.images import luma
from texturegen.core.strips import frame_count
from texturegen.synthesis import guide, shapes, start
from texturegen.synthesis import prepare as prep
from texturegen.synthesis.detail import clean_detail, detail_model
from texturegen.synthesis.neural.network import get_net
from texturegen.synthesis.neural.optimize import Optimizer, RefBank, get_optimizer
from texturegen.synthesis.orient import photo_turns, stripes_of
from texturegen.synthesis.problem import Problem
from texturegen.synthesis.settings import SynthesisSettings
from texturegen.synthesis.tiles import run_tiled, tile_side

Progress = Callable[[str], None]


def _phase_count(settings: SynthesisSettings) -> int:
    """Phases that fit the scale: the coarsest phase keeps an integer factor of at least 1."""
    return min(settings.phases, settings.scale.bit_length())


def _reference_factor(shape: tuple[int, ...], block: int, settings: SynthesisSettings) -> float:
    """Resize factor for a reference of `shape`: `auto` shrinks a photo larger than the output frame to it."""
    if settings.reference_scale == "auto":
        return min(1.0, block / min(shape[:2]))
    return float(settings.reference_scale)


def _scaled_shape(shape: tuple[int, ...], factor: float) -> tuple[int, int]:
    """A reference's (height, width) after resizing by `factor`."""
    return round(shape[0] * factor), round(shape[1] * factor)


def _min_reference_side(opt: Optimizer, settings: SynthesisSettings) -> int:
    """Smallest reference side that holds one 3x3 patch at the coarsest layer of the coarsest phase."""
    return 3 * max(opt.net.stride(n) for n in settings.layers) * 2 ** (_phase_count(settings) - 1)


def _check_references(
    refs: Sequence[tuple[str, np.ndarray]], factors: list[float], need: int, settings: SynthesisSettings
) -> None:
    """Raise ReferenceImageError for a reference too small for a 3x3 patch at the coarsest layer."""
    for (name, pixels), factor in zip(refs, factors):
        h, w = _scaled_shape(pixels.shape, factor)
        if min(h, w) < need:
            raise ReferenceImageError(
                f"{name}: {w}x{h} px (after reference_scale) is smaller than the {need}x{need} px "
                f"needed for a 3x3 patch at layer {settings.layers[-1]} with {_phase_count(settings)} phase(s)"
            )


def synthesize_array(
    seed: np.ndarray,
    references: Sequence[tuple[str, np.ndarray]],
    settings: SynthesisSettings,
    progress: Progress | None = None,
) -> np.ndarray:
    """Return the (H*scale, W*scale, 4) float RGBA synthesis of an RGBA seed from named RGBA references.

    NumPy's BLAS runs on one thread meanwhile: its idle threads spin after each call and took the cores
    from TensorFlow's next ops (a quarter of the time per texture, measured); the products are small.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        return _synthesize(seed, references, settings, progress)


def _synthesize(
    seed: np.ndarray,
    references: Sequence[tuple[str, np.ndarray]],
    settings: SynthesisSettings,
    progress: Progress | None,
) -> np.ndarray:
    """synthesize_array's work."""
    if seed.ndim != 3 or seed.shape[2] != 4:
        raise ImageError(f"seed must be an RGBA image, got shape {seed.shape}")
    if not references:
        raise ReferenceImageError("at least one reference image is needed")
    net = get_net(settings.network, settings.weights, settings.seed)
    net.check_layers(settings.layers)
    opt = get_optimizer(net, settings.layers, "wrap" if settings.tiling == "wrap" else "reflect")
    h, w = seed.shape[:2]
    frames = frame_count(h, w)
    side = h // frames
    need = _min_reference_side(opt, settings)
    block = max(min(side, w) * settings.scale, need)
    factors = [_reference_factor(pixels.shape, block, settings) for _, pixels in references]
    _check_references(references, factors, need, settings)
    if min(side, w) * settings.scale < need:
        raise ImageError(
            f"seed {w}x{h}: at scale {settings.scale} a frame is {min(side, w) * settings.scale} px, smaller than "
            f"the {need} px the network needs (scale it by nearest-neighbour instead)"
        )
    grey = settings.greyscale or prep.is_greyscale(seed)
    rgb = prep.fill_transparent(seed)
    if grey:
        rgb = luma(rgb)[..., None]
    opaque = seed[..., 3] > 0.5
    natives = [_native(pixels, grey, factor) for (_, pixels), factor in zip(references, factors)]
    photos = _photos(natives, rgb, opaque, frames, settings)
    model = detail_model([t for turns in photos for t in turns], settings.scale / 2)
    banks: dict[int, RefBank] = {}
    out = []
    for i in range(frames):
        rows = slice(i * side, (i + 1) * side)
        if progress and frames > 1:
            progress(f"frame {i + 1}/{frames}")
        frame, target = _synthesize_frame(rgb[rows], opaque[rows], photos, opt, banks=banks, settings=settings)
        out.append(clean_detail(frame, target, settings.tiling == "wrap", model))
    result = np.concatenate(out, axis=0)
    result = _keep_mean(result, rgb, opaque, settings.scale)
    if grey:
        result = np.repeat(result, 3, axis=2)
    alpha = prep.nearest_up(seed[..., 3:4], settings.scale)
    return np.concatenate([result, alpha], axis=2).astype(np.float32)


def _photos(
    natives: list[np.ndarray], rgb: np.ndarray, opaque: np.ndarray, frames: int, settings: SynthesisSettings
) -> list[list[np.ndarray]]:
    """Each photo's orientations (orient.photo_turns), colour-matched to the whole seed (all frames alike) above a
    texel's size; finer grain stays the photo's."""
    photos = [[r] for r in natives]
    if settings.orient:
        photos = [photo_turns(r, rgb, opaque, frames, settings.tiling == "wrap") for r in natives]
    if settings.colour == "seed":
        photos = [[prep.colour_transfer(t, rgb, opaque, settings.scale / 2) for t in turns] for turns in photos]
    return photos


def _native(pixels: np.ndarray, grey: bool, factor: float) -> np.ndarray:
    """A reference as the photo is (scaled, greyed if needed, colours untouched): its grain is the goal."""
    ref = pixels[..., :3].astype(np.float32)
    if factor != 1.0:
        ref = prep.resize(ref, _scaled_shape(ref.shape, factor))
    return luma(ref)[..., None] if grey else ref


def _synthesize_frame(
    rgb: np.ndarray,
    opaque: np.ndarray,
    photos: list[list[np.ndarray]],
    opt: Optimizer,
    banks: dict[int, RefBank],
    settings: SynthesisSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """Coarse-to-fine phases for one square frame; returns it (H, W, c) in [0, 1] and its structure target.

    `photos` holds each photo's orientations (orient.photo_turns): all of them are matched against, and the start
    grain comes from one photo, laid by the local stripes where it has two.
    """
    wrap = settings.tiling == "wrap"
    phases = _phase_count(settings)
    rng = np.random.default_rng(settings.seed)
    pick = int(rng.integers(0, len(photos)))
    window = tile_side(settings.memory_mb)
    contrast = shapes.edge_contrast(rgb, opaque, wrap)  # the same for every phase
    art = start.Art.of(rgb, opaque, wrap, shapes.LIKENESS * contrast)
    image = None
    for k in range(phases):
        div = 2 ** (phases - 1 - k)
        f = settings.scale // div
        level = [[_shrunk(t, div) for t in turns] for turns in photos]
        rounded = shapes.structure(rgb, opaque, f, wrap, contrast)
        out_guide = guide.output_guide(rounded, f / 2, wrap)
        guides = [[guide.photo_guide(t, f / 2, out_guide) for t in turns] for turns in level]
        if k not in banks:
            banks[k] = opt.reference_bank([t for turns in level for t in turns], [g for gs in guides for g in gs])
        stripes = stripes_of(art.runs, f, wrap) if len(level[pick]) > 1 else None
        sigma = start.GRAIN_TEXELS * f if image is None else 1.0
        grain = start.photo_grain(level[pick], (out_guide, guides[pick]), stripes, (sigma, f), (rng, settings.variety))
        target = start.shaped(rounded, grain, art, f, settings.variety)
        alpha = prep.nearest_up(opaque[..., None].astype(np.float32), f)
        problem = Problem(
            target, alpha, float(f), opt.mode, region_range=shapes.SMOOTH_RANGE * contrast, guide=out_guide
        )
        base = target if image is None else _upsample2(image)
        init = np.clip(base + start.START_GRAIN * settings.detail * grain, 0, 1)

        def solve(sub: Problem, begin: np.ndarray, bank: RefBank = banks[k]) -> np.ndarray:
            return opt.run(sub, bank, begin, settings)

        image = run_tiled(problem, init, window, solve)
    assert image is not None
    return image, problem.target


def _shrunk(img: np.ndarray, div: int) -> np.ndarray:
    """A photo at 1/div of its size, for a coarse phase."""
    return prep.resize(img, (max(1, img.shape[0] // div), max(1, img.shape[1] // div)))


def _upsample2(img: np.ndarray) -> np.ndarray:
    """Double the size of a float image with bilinear filtering."""
    return prep.resize(img, (img.shape[0] * 2, img.shape[1] * 2))


def _keep_mean(result: np.ndarray, rgb: np.ndarray, opaque: np.ndarray, f: int) -> np.ndarray:
    """Shift each channel so the opaque mean equals the seed's (tinted textures keep their luminance)."""
    if not opaque.any():
        return result
    mask = prep.nearest_up(opaque, f)
    shift = rgb[opaque].mean(axis=0) - result[mask].mean(axis=0)
    return np.clip(result + shift, 0, 1)

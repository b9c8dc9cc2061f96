"""Synthesize one texture (all frames of a strip) from its seed and references."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from texturegen.core.errors import ImageError, ReferenceImageError
from texturegen.core.images import luma
from texturegen.core.strips import frame_count
from texturegen.synthesis import prepare as prep
from texturegen.synthesis import shapes
from texturegen.synthesis.detail import clean_detail, detail_model
from texturegen.synthesis.grain import FADE_TEXELS, oriented_grain, scattered_grain
from texturegen.synthesis.neural.network import get_net
from texturegen.synthesis.neural.optimize import Optimizer, RefBank, get_optimizer
from texturegen.synthesis.orient import photo_turns, stripe_map
from texturegen.synthesis.problem import Problem
from texturegen.synthesis.settings import SynthesisSettings
from texturegen.synthesis.tiles import run_tiled, tile_side

Progress = Callable[[str], None]

START_GRAIN = 1.5
"""The photo's detail in the start image, per unit of `detail`: the content terms pull part of it back
(measured on the benchmark's six: detail_ratio 0.68-1.36 from 1.5, 0.90-1.61 from 2)."""


def _phase_count(s: SynthesisSettings) -> int:
    """Phases that fit the scale: the coarsest phase keeps an integer factor of at least 1."""
    return min(s.phases, s.scale.bit_length())


def _reference_factor(shape: tuple[int, ...], block: int, s: SynthesisSettings) -> float:
    """Resize factor for a reference of `shape`: `auto` shrinks a photo larger than the output frame to it."""
    if s.reference_scale == "auto":
        return min(1.0, block / min(shape[:2]))
    return float(s.reference_scale)


def _scaled_shape(shape: tuple[int, ...], factor: float) -> tuple[int, int]:
    """A reference's (height, width) after resizing by `factor`."""
    return round(shape[0] * factor), round(shape[1] * factor)


def _min_reference_side(opt: Optimizer, s: SynthesisSettings) -> int:
    """Smallest reference side that holds one 3x3 patch at the coarsest layer of the coarsest phase."""
    return 3 * max(opt.net.stride(n) for n in s.layers) * 2 ** (_phase_count(s) - 1)


def _check_references(
    refs: Sequence[tuple[str, np.ndarray]], factors: list[float], need: int, s: SynthesisSettings
) -> None:
    """Raise ReferenceImageError for a reference too small for a 3x3 patch at the coarsest layer."""
    for (name, pixels), factor in zip(refs, factors):
        h, w = _scaled_shape(pixels.shape, factor)
        if min(h, w) < need:
            raise ReferenceImageError(
                f"{name}: {w}x{h} px (after reference_scale) is smaller than the {need}x{need} px "
                f"needed for a 3x3 patch at layer {s.layers[-1]} with {_phase_count(s)} phase(s)"
            )


def synthesize_array(
    seed: np.ndarray,
    references: Sequence[tuple[str, np.ndarray]],
    s: SynthesisSettings,
    progress: Progress | None = None,
) -> np.ndarray:
    """Return the (H*scale, W*scale, 4) float RGBA synthesis of an RGBA seed from named RGBA references.

    NumPy's BLAS runs on one thread meanwhile: its idle threads spin after each call and took the cores
    from TensorFlow's next ops (a quarter of the time per texture, measured); the products are small.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        return _synthesize(seed, references, s, progress)


def _synthesize(
    seed: np.ndarray, references: Sequence[tuple[str, np.ndarray]], s: SynthesisSettings, progress: Progress | None
) -> np.ndarray:
    """synthesize_array's work."""
    if seed.ndim != 3 or seed.shape[2] != 4:
        raise ImageError(f"seed must be an RGBA image, got shape {seed.shape}")
    if not references:
        raise ReferenceImageError("at least one reference image is needed")
    net = get_net(s.network, s.weights, s.seed)
    net.check_layers(s.layers)
    opt = get_optimizer(net, s.layers, "wrap" if s.tiling == "wrap" else "reflect")
    h, w = seed.shape[:2]
    frames = frame_count(h, w)
    side = h // frames
    need = _min_reference_side(opt, s)
    block = max(min(side, w) * s.scale, need)
    factors = [_reference_factor(pixels.shape, block, s) for _, pixels in references]
    _check_references(references, factors, need, s)
    if min(side, w) * s.scale < need:
        raise ImageError(
            f"seed {w}x{h}: at scale {s.scale} a frame is {min(side, w) * s.scale} px, smaller than "
            f"the {need} px the network needs (scale it by nearest-neighbour instead)"
        )
    grey = s.greyscale or prep.is_greyscale(seed)
    rgb = prep.fill_transparent(seed)
    if grey:
        rgb = luma(rgb)[..., None]
    opaque = seed[..., 3] > 0.5
    natives = [_native(pixels, grey, factor) for (_, pixels), factor in zip(references, factors)]
    photos = [[r] for r in natives]
    if s.orient:
        photos = [photo_turns(r, rgb, opaque, frames, s.tiling == "wrap") for r in natives]
    # Colour-matched to the whole seed (all frames alike) above a texel's size; finer grain stays the photo's.
    if s.colour == "seed":
        photos = [[prep.colour_transfer(t, rgb, opaque, s.scale / 2) for t in turns] for turns in photos]
    model = detail_model([t for turns in photos for t in turns], s.scale / 2)
    banks: dict[int, RefBank] = {}
    out = []
    for i in range(frames):
        rows = slice(i * side, (i + 1) * side)
        if progress and frames > 1:
            progress(f"frame {i + 1}/{frames}")
        frame, target = _synthesize_frame(rgb[rows], opaque[rows], photos, opt, banks, s)
        out.append(clean_detail(frame, target, s.tiling == "wrap", model))
    result = np.concatenate(out, axis=0)
    result = _keep_mean(result, rgb, opaque, s.scale)
    if grey:
        result = np.repeat(result, 3, axis=2)
    alpha = prep.nearest_up(seed[..., 3:4], s.scale)
    return np.concatenate([result, alpha], axis=2).astype(np.float32)


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
    s: SynthesisSettings,
) -> tuple[np.ndarray, np.ndarray]:
    """Coarse-to-fine phases for one square frame; returns it (H, W, c) in [0, 1] and its structure target.

    `photos` holds each photo's orientations (orient.photo_turns): all of them are matched against, and the start
    grain comes from one photo, laid by the local stripes where it has two.
    """
    wrap = s.tiling == "wrap"
    phases = _phase_count(s)
    rng = np.random.default_rng(s.seed)
    pick = int(rng.integers(0, len(photos)))
    window = tile_side(s.memory_mb)
    contrast = shapes.edge_contrast(rgb, opaque, wrap)  # the same for every phase
    image = None
    for k in range(phases):
        div = 2 ** (phases - 1 - k)
        f = s.scale // div
        level = [[_shrunk(t, div) for t in turns] for turns in photos]
        if k not in banks:
            banks[k] = opt.reference_bank([t for turns in level for t in turns])
        target = shapes.structure(rgb, opaque, f, wrap, contrast)
        alpha = prep.nearest_up(opaque[..., None].astype(np.float32), f)
        problem = Problem(target, alpha, float(f), opt.mode, shapes.SMOOTH_RANGE * contrast)
        sigma = f / 2 if image is None else 1.0
        fade = round(FADE_TEXELS * f)
        if len(level[pick]) == 1:
            detail = scattered_grain(level[pick][0], sigma, target.shape[:2], rng, fade)
        else:
            stripes = stripe_map(rgb, opaque, f, wrap, shapes.LIKENESS * contrast)
            detail = oriented_grain(level[pick], stripes, sigma, rng, fade)
        base = target if image is None else _upsample2(image)
        init = np.clip(base + START_GRAIN * s.detail * detail, 0, 1)

        def solve(sub: Problem, start: np.ndarray, bank: RefBank = banks[k]) -> np.ndarray:
            return opt.run(sub, bank, start, s)

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

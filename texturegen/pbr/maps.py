"""LabPBR 1.3 maps of one synthesized texture: height, normals, ambient occlusion, smoothness, F0 (NumPy only).

The height is (1) the art's clean shapes as relief (synthesis.shapes.structure of the seed: lighter regions,
stones, brick faces, boards, stand out of their darker joints), bevelled and weighted by the material, plus (2)
the output's own finer-than-a-texel luminance (the output minus its Gaussian blur of sigma f/2, wrapped where the
texture tiles): the photo's structure the synthesis placed, so a crack in the colour is a crack in the height.
Normals and occlusion come from that height, wrapped where the texture tiles; smoothness is the material's, lower
where the photo's detail is busier than average. Transparent texels get neutral maps. Each frame of a strip on its
own. Encodings: https://shaderlabs.org/wiki/LabPBR_Material_Standard (docs/pbr.md).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from texturegen.core.images import luma, nearest_up
from texturegen.core.strips import frame_count
from texturegen.pbr.materials import MATERIALS, Material
from texturegen.synthesis.shapes import structure

MAPS_VERSION = "1"
"""Bump when the maps change for the same texture and material, so doit and the cache make them again."""
FLAT_NORMAL = (128, 128, 255, 255)
"""A transparent texel's normal map: normal straight out (x = y = 128), no occlusion (255), no depth (255)."""
NEUTRAL_SPECULAR = (0, 0, 0, 255)
"""A transparent texel's specular map: rough, F0 0, no porosity, no emission (255 is 'not emissive')."""
MAX_SLOPE = 3.0
"""Steepest height slope a normal shows: |x, y| <= 3 / sqrt(10) = 0.949, so quantised x^2 + y^2 stays below 1."""
BEVEL = 0.25
"""Blur of the shapes' relief, in texels: a stone's rim is rounded over about a quarter texel."""
DEPTH_RANGE = 0.25
"""LabPBR: height 0 is 25 % of the block deep, 255 the surface."""
MIN_HEIGHT = 1
"""LabPBR recommends 1, not 0, as the deepest height (some shaders' parallax mapping fails at 0)."""
OCCLUSION_RADII = (0.5, 1.0, 2.0)
"""Radii, in texels, over which a pixel's depth below its surroundings occludes it."""
SMOOTH_SPREAD = 0.5
"""How much the photo's local detail moves smoothness: twice the mean detail halves it."""


@dataclass(frozen=True)
class Maps:
    """The two LabPBR images (uint8 RGBA, the output's size) and the height they encode (px, before quantising)."""

    normal: np.ndarray
    specular: np.ndarray
    height: np.ndarray


def blur(img: np.ndarray, sigma: float, wrap: bool) -> np.ndarray:
    """Gaussian blur of a 2-D array along each axis by FFT: wrapped round, or over a mirrored border."""
    work = np.asarray(img, dtype=np.float64)
    if sigma <= 0:
        return work
    pad = 0 if wrap else int(np.ceil(3 * sigma))
    if pad:
        work = np.pad(work, pad, mode="symmetric")
    for axis in (0, 1):
        n = work.shape[axis]
        gain = np.exp(-2.0 * (np.pi * sigma * np.fft.rfftfreq(n)) ** 2)
        gain = gain[:, None] if axis == 0 else gain[None, :]
        work = np.fft.irfft(np.fft.rfft(work, axis=axis) * gain, n=n, axis=axis)
    return work[pad : pad + img.shape[0], pad : pad + img.shape[1]] if pad else work


def fine_detail(lum: np.ndarray, f: int, wrap: bool) -> np.ndarray:
    """What is finer than a texel: luminance minus its Gaussian blur of sigma f/2 (DESIGN.md's texel band)."""
    return np.asarray(lum, dtype=np.float64) - blur(lum, f / 2, wrap)


def _fill(values: np.ndarray, inside: np.ndarray, sigma: float, wrap: bool) -> np.ndarray:
    """Values kept inside the mask, and outside it the mask-weighted blur of those inside (no rim at a cutout)."""
    if inside.all():
        return values
    weight = blur(inside.astype(np.float64), sigma, wrap)
    spread = blur(np.where(inside, values, 0.0), sigma, wrap) / np.maximum(weight, 1e-9)
    fallback = float(values[inside].mean()) if inside.any() else 0.0
    return np.where(inside, values, np.where(weight > 1e-6, spread, fallback))


def _slopes(height: np.ndarray, wrap: bool) -> tuple[np.ndarray, np.ndarray]:
    """Central differences along columns (x, right) and rows (y, down); one-sided at a border that does not wrap."""
    if wrap:
        gx = (np.roll(height, -1, axis=1) - np.roll(height, 1, axis=1)) / 2
        gy = (np.roll(height, -1, axis=0) - np.roll(height, 1, axis=0)) / 2
        return gx, gy
    gy, gx = np.gradient(height)
    return gx, gy


def encode_signed(v: np.ndarray) -> np.ndarray:
    """A component in [-1, 1] as LabPBR's 0-255 (decoded v = code / 255 * 2 - 1, within 1/255; 0 is 128)."""
    return np.clip(np.floor(np.asarray(v) * 127.5 + 128.0), 0, 255).astype(np.uint8)


def _spans(mask: np.ndarray) -> bool:
    """Whether a mask holds a whole row or column of texels: a joint running across the tile (a mortar course)."""
    return bool(mask.all(axis=1).any() or mask.all(axis=0).any())


def joints(seed: np.ndarray) -> np.ndarray:
    """(h, w) the art's joints (mortar, gaps): of its texels split in two by luminance (Otsu), the darker class,
    unless only the lighter one runs right across the tile (light mortar: Pixel Perfection's bricks)."""
    opaque = seed[..., 3] > 0
    lum = luma(seed[..., :3].astype(np.float64))
    values = np.sort(lum[opaque])
    if values.size < 2 or values[-1] - values[0] < 1e-6:
        return np.zeros(lum.shape, bool)
    n = values.size
    below = np.cumsum(values)[:-1]
    count = np.arange(1, n)
    between = (below / count - (values.sum() - below) / (n - count)) ** 2 * count * (n - count)
    dark = opaque & (lum <= values[int(np.argmax(between))])
    light = opaque & ~dark
    return light if _spans(light) and not _spans(dark) else dark


def shape_relief(seed: np.ndarray, f: int, wrap: bool) -> np.ndarray:
    """The art's clean shapes' luminance at output size, minus its mean over the opaque texels (seed one frame),
    signed so that the joints (see `joints`) lie low: negated where the joints are the lighter class."""
    opaque = seed[..., 3] > 0
    rgb = seed[..., :3].astype(np.float32)
    if opaque.any() and not opaque.all():
        rgb = np.where(opaque[..., None], rgb, rgb[opaque].mean(axis=0))
    shapes = luma(structure(rgb, opaque, f, wrap).astype(np.float64))
    inside = nearest_up(opaque, f)
    centred = shapes - (float(shapes[inside].mean()) if inside.any() else 0.0)
    low = joints(seed)
    lum = luma(seed[..., :3].astype(np.float64))
    lighter_joints = low.any() and (~low & opaque).any() and lum[low].mean() > lum[~low & opaque].mean()
    return -centred if lighter_joints else centred


def height_px(seed: np.ndarray, out: np.ndarray, fine: np.ndarray, wrap: bool, material: Material) -> np.ndarray:
    """The height of one frame in output pixels (higher is nearer the viewer), filled past transparent texels;
    `fine` is the output's fine detail (fine_detail of its luminance)."""
    f = out.shape[1] // seed.shape[1]
    relief = blur(material.relief * f * shape_relief(seed, f, wrap), BEVEL * f, wrap)
    return _fill(relief + material.grain * f * fine, out[..., 3] > 0, f, wrap)


def occlusion(height: np.ndarray, f: int, wrap: bool) -> np.ndarray:
    """Ambient light reaching each pixel (1 open, 0 shut): how far it lies below its surroundings, radius by radius."""
    shut = np.zeros_like(height)
    for radius in OCCLUSION_RADII:
        r = radius * f
        below = np.maximum(blur(height, r, wrap) - height, 0.0)
        shut += below / (below + r)
    return 1.0 - shut / len(OCCLUSION_RADII)


def normal_map(height: np.ndarray, surface: np.ndarray, f: int, wrap: bool) -> np.ndarray:
    """LabPBR `_n` of one frame: normal x, y (DirectX, green pointing down) in R, G; occlusion in B; height in A."""
    gx, gy = _slopes(height, wrap)
    steep = np.maximum(np.hypot(gx, gy) / MAX_SLOPE, 1.0)
    gx, gy = gx / steep, gy / steep
    length = np.sqrt(gx * gx + gy * gy + 1.0)
    side = height.shape[1]
    top = float(height[surface].max()) if surface.any() else 0.0
    depth = (top - height) / (DEPTH_RANGE * side) * 255.0
    channels = [
        encode_signed(-gx / length),
        encode_signed(-gy / length),
        np.clip(np.rint(occlusion(height, f, wrap) * 255.0), 0, 255).astype(np.uint8),
        np.clip(np.rint(255.0 - depth), MIN_HEIGHT, 255).astype(np.uint8),
    ]
    made = np.dstack(channels)
    made[~surface] = FLAT_NORMAL
    return made


def specular_map(out: np.ndarray, fine: np.ndarray, f: int, wrap: bool, material: Material) -> np.ndarray:
    """LabPBR `_s` of one frame: smoothness in R, F0 or metal id in G, porosity or subsurface in B, no emission;
    `fine` is the output's fine detail, as for height_px."""
    surface = out[..., 3] > 0
    busy = np.sqrt(np.maximum(blur(fine * fine, f / 2, wrap), 0.0))
    mean = float(busy[surface].mean()) if surface.any() else 0.0
    rel = busy / mean if mean > 1e-4 else np.ones_like(busy)
    smooth = material.smoothness * np.clip(1.0 + SMOOTH_SPREAD * (1.0 - rel), 0.25, 1.5)
    made = np.empty(out.shape[:2] + (4,), dtype=np.uint8)
    made[..., 0] = np.clip(np.rint(smooth * 255.0), 0, 255)
    made[..., 1] = material.f0
    made[..., 2] = 0 if material.f0 >= 230 else material.blue
    made[..., 3] = 255
    made[~surface] = NEUTRAL_SPECULAR
    return made


def frame_maps(seed: np.ndarray, out: np.ndarray, wrap: bool, material: Material) -> Maps:
    """The maps of one square frame: seed (h, w, 4) and output (h*f, w*f, 4), float RGBA in [0, 1]."""
    f = out.shape[1] // seed.shape[1]
    surface = out[..., 3] > 0
    if not surface.any():
        shape = out.shape[:2]
        flat = np.broadcast_to(np.array(FLAT_NORMAL, np.uint8), shape + (4,)).copy()
        plain = np.broadcast_to(np.array(NEUTRAL_SPECULAR, np.uint8), shape + (4,)).copy()
        return Maps(flat, plain, np.zeros(shape))
    fine = fine_detail(luma(out[..., :3].astype(np.float64)), f, wrap)
    height = height_px(seed, out, fine, wrap, material)
    return Maps(normal_map(height, surface, f, wrap), specular_map(out, fine, f, wrap, material), height)


def labpbr(seed: np.ndarray, out: np.ndarray, wrap: bool, material: str | Material) -> Maps:
    """The maps of a texture (a strip: frame by frame, each tiling on its own), at the output's size."""
    mat = MATERIALS[material] if isinstance(material, str) else material
    frames = frame_count(seed.shape[0], seed.shape[1])
    side, big = seed.shape[0] // frames, out.shape[0] // frames
    parts = [
        frame_maps(seed[i * side : (i + 1) * side], out[i * big : (i + 1) * big], wrap, mat) for i in range(frames)
    ]
    return Maps(
        np.concatenate([p.normal for p in parts]),
        np.concatenate([p.specular for p in parts]),
        np.concatenate([p.height for p in parts]),
    )

"""The structure a synthesis keeps: the seed redrawn at output size with clean, contour-following shapes.

Pixel art is read as regions of like colour joined by edges. Each output pixel is owned by one of the nine
texels around it: the one whose region of like-coloured texels, smoothed, covers that spot most (a soft vote,
weighted towards nearer texels). Smoothing a region's mask rounds its corners and turns its staircases into
diagonals, and the vote between regions that differ is sharp, so a strong step becomes one clean edge on a
smooth contour. Texels whose colours are alike belong to one region; between them the vote is even and the
colour a smooth blend. An edge-preserving smoothing then takes out the weak steps the vote left (no pixel
grid), and what it took from each texel's level is put back, spread over the output by a joint bilateral
upsampling guided by the smoothed image: the correction blends smoothly across like colour, stops at the strong
edges, and after a few passes each texel keeps its level across its whole area.
The same rule holds everywhere: no bands, no place treated apart.
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

from texturegen.core.images import colour_steps

REGION_SIGMA = 0.25
"""Blur of each region's mask, in texels: how much corners round and staircases straighten. At 0.5 a single
texel's smoothed mask falls below one half everywhere and it would vanish; 0.35 keeps it as a round dot."""
BLEND_SIGMA = 0.5
"""Reach of the blend over nearby texel centres, in texels: the smoothing across weak steps."""
LIKENESS = 0.5
"""Colour distance, as a share of the seed's edge contrast, at which two texels stop counting as one region."""
LEVEL_RANGE = 0.3
"""Colour distance in the smoothed image, as a share of the edge contrast, past which a texel's level correction
does not reach a pixel: it spreads over like colour and stops at the strong edges (0.45: it reaches across the
weakest of them and blurs graded seeds' edges)."""
LEVEL_PASSES = 3
"""Times the level correction is spread: each pass puts back what the previous one's smoothness left off."""
KNEE = 2
"""How suddenly likeness falls at that distance (likeness = exp(-(distance / LIKENESS)^(2 KNEE)))."""
SMOOTH_SIGMA = 0.5
"""Reach of the edge-preserving smoothing that removes weak steps, in texels."""
SMOOTH_RANGE = 1.1
"""Colour distance, as a share of the edge contrast, beyond which the smoothing does not mix two pixels. It
reaches past the weakest strong steps because the level correction restores them; at 0.6 shading steps just
under the seed's edges stayed crisp (a grid), and without the correction 1.1 flattened graded seeds' edges."""
SHARPNESS = 24.0
"""How hard the vote between unlike regions is: about one output pixel of transition at the default."""
EDGE_FLOOR = 0.08
"""Smallest edge contrast (flat seeds: only clearly different colours are separate regions)."""
EDGE_QUANTILE = 0.75
"""Which of the seed's texel steps sets its edge contrast: its top quarter are its shapes' edges."""
OFFSETS = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
"""The 3x3 neighbourhood of a texel, row by row."""


def edge_contrast(seed_rgb: np.ndarray, opaque: np.ndarray, wrap: bool) -> float:
    """The seed's edge contrast: the EDGE_QUANTILE of its colour steps between opaque texels, >= EDGE_FLOOR.

    A step is the RMS over channels, the colour distance the likeness and the smoothing measure, so an outline
    of another hue at the same brightness counts as the edge it is.
    """
    dx, x_ok, dy, y_ok = colour_steps(seed_rgb, opaque, wrap)
    steps = np.concatenate([dx[x_ok], dy[y_ok]])
    return max(float(np.quantile(steps, EDGE_QUANTILE)) if steps.size else 0.0, EDGE_FLOOR)


def neighbourhoods(img: np.ndarray, wrap: bool) -> np.ndarray:
    """(H, W, 9, ...) each texel's 3x3 neighbourhood (past the border wrapped or held)."""
    h, w = img.shape[:2]
    rows, cols = np.arange(h), np.arange(w)
    out = []
    for dy, dx in OFFSETS:
        ry = (rows + dy) % h if wrap else np.clip(rows + dy, 0, h - 1)
        rx = (cols + dx) % w if wrap else np.clip(cols + dx, 0, w - 1)
        out.append(img[np.ix_(ry, rx)])
    return np.stack(out, axis=2)


def _subpixel(f: int) -> np.ndarray:
    """Each output pixel's offset from its texel's centre, in texels, along one axis."""
    return (np.arange(f) + 0.5) / f - 0.5


def _coverage(f: int, s: float = REGION_SIGMA) -> np.ndarray:
    """(f, f, 9): how much of each neighbour texel's square, blurred by `s` texels, covers each output pixel."""
    u = _subpixel(f)[:, None]
    d = np.array([-1, 0, 1])[None, :]
    one = ndtr((d + 0.5 - u) / s) - ndtr((d - 0.5 - u) / s)  # (f, 3)
    cover = np.stack([one[:, dy + 1][:, None] * one[:, dx + 1][None, :] for dy, dx in OFFSETS], axis=2)
    return cover / cover.sum(axis=2, keepdims=True)


def _nearness(f: int) -> np.ndarray:
    """(f, f, 9): log weight of each neighbour texel by its centre's distance from each output pixel."""
    u = _subpixel(f)
    return np.stack(
        [
            -0.5 * (((u - dy) / BLEND_SIGMA) ** 2)[:, None] - 0.5 * (((u - dx) / BLEND_SIGMA) ** 2)[None, :]
            for dy, dx in OFFSETS
        ],
        axis=2,
    )


BRIDGE_REACH = 0.3
"""Reach of a thin line's bridge over a corner, in texels: about the line's width there."""
LINE_LIKENESS = 2.0
"""How much farther apart two texels of a thin line may be than two of a region, as a multiple of LIKENESS."""
QUADRANTS = ((-1, -1), (-1, 1), (1, -1), (1, 1))
"""The four corners of a texel, as the diagonal neighbour each one touches."""


def _bump(f: int, dy: int, dx: int, s: float) -> np.ndarray:
    """(f, f): a Gaussian bump of `s` texels on a texel's corner towards its neighbour (dy, dx)."""
    u = _subpixel(f)
    return np.exp(-0.5 * (((u - dy / 2) ** 2)[:, None] + ((u - dx / 2) ** 2)[None, :]) / s**2)


def bridges(alike: np.ndarray, f: int, s: float) -> np.ndarray:
    """(H, W, f, f, 9): extra region cover that joins a thin line's texels across the corners where they touch.

    In a 2x2 of texels where one diagonal pair is alike and each texel of the other pair is unlike both of it,
    which pair joins across the corner is ambiguous (and without this both break into dots): the pair with fewer
    alike texels around it, the thinner one, is the line and gets a bump of cover on the shared corner. The line's
    own two texels need not be alike (a shaded string), only unlike what it crosses.
    """
    index = {offset: i for i, offset in enumerate(OFFSETS)}
    centre = index[(0, 0)]
    counts = alike.sum(axis=3)
    h, w = alike.shape[:2]
    extra = np.zeros((h, w, f, f, alike.shape[2]))
    for dy, dx in QUADRANTS:
        d, o1, o2 = index[(dy, dx)], index[(dy, 0)], index[(0, dx)]
        apart = np.prod([1 - alike[:, :, x, y] for x in (centre, d) for y in (o1, o2)], axis=0)
        ours, theirs = counts[:, :, centre] + counts[:, :, d], counts[:, :, o1] + counts[:, :, o2]
        member = np.where((ours < theirs)[..., None], alike[:, :, o1, o2][..., None] * alike[:, :, :, centre], 0.0)
        member += np.where((theirs < ours)[..., None], alike[:, :, centre, d][..., None] * alike[:, :, :, o1], 0.0)
        extra += (apart[..., None] * member)[:, :, None, None, :] * _bump(f, dy, dx, s)[None, None, :, :, None]
    return extra


def _softmax(logits: np.ndarray) -> np.ndarray:
    """Weights over the last axis that sum to one, from log weights (stable for large ones)."""
    weights = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return weights / weights.sum(axis=-1, keepdims=True)


def vote(
    seed_rgb: np.ndarray,
    contrast: float,
    f: int,
    wrap: bool,
    likeness: float = LIKENESS,
    region_sigma: float = REGION_SIGMA,
    bridge: float = 0.0,
) -> np.ndarray:
    """(H, W, f, f, 9): each output pixel's weights over its texel's 3x3 neighbours, by region cover and nearness.

    `bridge` > 0 joins thin diagonal lines across their texels' corners by that much cover (see bridges)."""
    colours = neighbourhoods(seed_rgb.astype(np.float64), wrap)  # (H, W, 9, c)
    tol = likeness * contrast
    dist2 = ((colours[:, :, :, None, :] - colours[:, :, None, :, :]) ** 2).mean(axis=-1)  # (H, W, 9, 9)
    alike = np.exp(-((dist2 / tol**2) ** KNEE))
    region = np.einsum("hwkj,abj->hwabk", alike, _coverage(f, region_sigma))  # each candidate's cover at each pixel
    if bridge > 0:
        # A line's texels may differ more than a region's (shading along it): they join at LINE_LIKENESS x tol.
        region += bridge * bridges(np.exp(-((dist2 / (LINE_LIKENESS * tol) ** 2) ** KNEE)), f, BRIDGE_REACH)
    logits = SHARPNESS * region + _nearness(f)[None, None]
    return _softmax(logits)


def draw(weights: np.ndarray, texels: np.ndarray, wrap: bool) -> np.ndarray:
    """(H*f, W*f, c): per-texel values (H, W, c) drawn at output size with a vote's weights."""
    h, w, f = weights.shape[0], weights.shape[1], weights.shape[2]
    near = neighbourhoods(texels.astype(np.float64), wrap)  # (H, W, 9, c)
    return np.einsum("hwabk,hwkc->hawbc", weights, near).reshape(h * f, w * f, texels.shape[2])


def texel_levels(img: np.ndarray, f: int) -> np.ndarray:
    """(H, W, c): the mean of each f x f texel of an output-size image."""
    h, w, c = img.shape
    return img.reshape(h // f, f, w // f, f, c).mean(axis=(1, 3))


def guided_weights(guide: np.ndarray, f: int, wrap: bool, tol: float) -> np.ndarray:
    """(H, W, f, f, 9): weights that spread per-texel values to output size as a joint bilateral guided by `guide`.

    Each pixel takes a blend of its 3x3 texels' values (drawn with `draw`), weighted by nearness to their
    centres and by how alike the guide is at the pixel and at the texel's centre, so values blend smoothly
    across like colour and not across the guide's edges. The centre, not the texel's mean, stands for a texel
    cut by a rounded contour.
    """
    h, w, c = guide.shape[0] // f, guide.shape[1] // f, guide.shape[2]
    blocks = guide.reshape(h, f, w, f, c)
    middle = slice((f - 1) // 2, f // 2 + 1)
    centres = neighbourhoods(blocks[:, middle, :, middle].mean(axis=(1, 3)), wrap)  # (H, W, 9, c)
    pixels = blocks.transpose(0, 2, 1, 3, 4)  # (H, W, f, f, c)
    dist2 = sum((pixels[..., i, None] - centres[:, :, None, None, :, i]) ** 2 for i in range(c)) / c  # (H, W, f, f, 9)
    logits = _nearness(f)[None, None] - (dist2 / tol**2) ** KNEE
    return _softmax(logits)


def edge_preserving_smooth(img: np.ndarray, sigma: float, tol: float, wrap: bool) -> np.ndarray:
    """Bilateral filter with a hard-kneed range: mixes pixels closer than about `tol` in colour, never farther."""
    radius = max(1, int(np.ceil(2 * sigma)))
    widths = ((radius, radius), (radius, radius), (0, 0))
    pad = np.pad(img, widths, mode="wrap") if wrap else np.pad(img, widths, mode="edge")
    h, w = img.shape[:2]
    acc = np.zeros_like(img)
    wsum = np.zeros(img.shape[:2])
    for dy in range(-radius, radius + 1):
        for dx in range(-radius, radius + 1):
            near = np.exp(-0.5 * (dy * dy + dx * dx) / sigma**2)
            if near < 0.01:
                continue
            moved = pad[radius + dy : radius + dy + h, radius + dx : radius + dx + w]
            dist2 = ((moved - img) ** 2).mean(axis=2)
            weight = near * np.exp(-((dist2 / tol**2) ** KNEE))
            acc += weight[..., None] * moved
            wsum += weight
    return acc / wsum[..., None]


def structure(
    seed_rgb: np.ndarray,
    opaque: np.ndarray,
    f: int,
    wrap: bool,
    contrast: float | None = None,
    likeness: float = LIKENESS,
    smooth_range: float = SMOOTH_RANGE,
    region_sigma: float = REGION_SIGMA,
    bridge: float = 0.0,
    regions: np.ndarray | None = None,
) -> np.ndarray:
    """The structure target (H*f, W*f, c): clean contour-following strong edges, weak steps smoothed, no grid.

    `contrast` is the seed's edge_contrast, when the caller has it already; `likeness` and `smooth_range`
    (shares of it) are the region likeness and the smoothing's range; `region_sigma` how far contours round,
    `bridge` how strongly thin diagonal lines are joined; `regions`, per texel, what decides which texels are
    alike when it is not the drawn values themselves (a sprite's colours premultiplied by its alpha).
    """
    if contrast is None:
        contrast = edge_contrast(seed_rgb, opaque, wrap)
    weights = vote(seed_rgb if regions is None else regions, contrast, f, wrap, likeness, region_sigma, bridge)
    seed = seed_rgb.astype(np.float64)
    smooth = edge_preserving_smooth(draw(weights, seed, wrap), SMOOTH_SIGMA * f, smooth_range * contrast, wrap)
    spreading = guided_weights(smooth, f, wrap, LEVEL_RANGE * contrast)
    levelled = smooth
    for _ in range(LEVEL_PASSES):
        levelled = levelled + draw(spreading, seed - texel_levels(levelled, f), wrap)
    colours = seed.reshape(-1, seed.shape[2])
    return np.clip(levelled, colours.min(axis=0), colours.max(axis=0)).astype(np.float32)  # no overshoot


def region_weights(target: np.ndarray, sigma: float, tol: float, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols): per pixel, normalised weights of its neighbours along each axis, by the target, as matrices.

    A neighbour counts as much as it is near and alike in the target (the hard-kneed range of the structure's
    own smoothing), so averaging with them never reaches across one of the target's strong edges. `rows` is
    (W, H, H): for column x, the matrix mixing its pixels; `cols` is (H, W, W), the same for each row.
    """
    radius = max(1, int(np.ceil(2 * sigma)))
    h, w = target.shape[:2]
    mats = []
    for axis, n, m in ((0, h, w), (1, w, h)):
        line = np.moveaxis(target.astype(np.float64), axis, 1)  # (m, n, c): lines along the axis
        mat = np.zeros((m, n, n))
        total = np.zeros((m, n))
        idx = np.arange(n)
        for d in range(-radius, radius + 1):
            other = _index(idx + d, n, mode)
            dist2 = ((line[:, other] - line) ** 2).mean(axis=2)
            weight = np.exp(-0.5 * (d / sigma) ** 2) * np.exp(-((dist2 / tol**2) ** KNEE))
            mat[:, idx, other] += weight  # one offset never repeats an (i, j) pair: no need for np.add.at
            total += weight
        mats.append((mat / total[..., None]).astype(np.float32))
    return mats[0], mats[1]


def _index(i: np.ndarray, n: int, mode: str) -> np.ndarray:
    """Indices past either end wrapped (tiling) or mirrored about the end pixel."""
    if mode == "wrap":
        return i % n
    period = 2 * (n - 1) if n > 1 else 1
    j = np.abs(i) % period
    return np.where(j >= n, period - j, j)


STEP_OFFSETS = ((0, 1), (1, 0), (0, 2), (2, 0))
"""Pixel pairs whose steps the edge term compares: neighbours, and pixels two apart across a one-pixel edge."""


def step_weights(target: np.ndarray, tol: float, mode: str) -> tuple[np.ndarray, np.ndarray]:
    """(weights, target steps), each (H, W, c, 4): how much each pixel pair is a strong edge of the target.

    A pair counts as much as its two pixels are unlike (the complement of the region likeness), so the term
    holds the target's strong steps where they are and nowhere else; pairs across the border of a window
    that does not wrap are left out.
    """
    h, w, c = target.shape
    weights, steps = [], []
    for dy, dx in STEP_OFFSETS:
        moved = np.roll(target, (-dy, -dx), axis=(0, 1))
        step = moved - target
        dist2 = (step**2).mean(axis=2, keepdims=True)
        weight = 1.0 - np.exp(-((dist2 / tol**2) ** KNEE))
        if mode != "wrap":
            weight[h - dy :] = 0.0
            weight[:, w - dx :] = 0.0
        weights.append(np.repeat(weight, c, axis=2))
        steps.append(step)
    return np.stack(weights, axis=-1).astype(np.float32), np.stack(steps, axis=-1).astype(np.float32)

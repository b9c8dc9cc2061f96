"""Quality figures of an upscaled texture O (scale f, seed S, reference R), as in DESIGN.md."""

from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter

from texturegen.core.images import LUMA, nearest_up, resize


def luminance(img: np.ndarray) -> np.ndarray:
    """Luminance of an RGB(A) float image."""
    return np.asarray(img[..., :3], dtype=np.float64) @ LUMA.astype(np.float64)


def box_down(img: np.ndarray, f: int) -> np.ndarray:
    """Average f x f blocks."""
    h, w = img.shape[0] // f, img.shape[1] // f
    cut = np.asarray(img[: h * f, : w * f], dtype=np.float64)
    return cut.reshape(h, f, w, f, *img.shape[2:]).mean(axis=(1, 3))


def _opaque(img: np.ndarray) -> np.ndarray:
    """Boolean mask of opaque texels (all true for RGB)."""
    if img.shape[-1] == 4:
        return img[..., 3] > 0.5
    return np.ones(img.shape[:2], dtype=bool)


def _steps(img: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Mean |RGB| steps right and down, and masks where both texels are opaque."""
    rgb, op = np.asarray(img[..., :3], dtype=np.float64), _opaque(img)
    dx = np.abs(rgb[:, 1:] - rgb[:, :-1]).mean(axis=2)
    dy = np.abs(rgb[1:] - rgb[:-1]).mean(axis=2)
    return dx, dy, op[:, 1:] & op[:, :-1], op[1:] & op[:-1]


def fidelity_db(out: np.ndarray, seed: np.ndarray, f: int) -> float:
    """PSNR of O box-downsampled by f against S over opaque texels."""
    down = box_down(out[..., :3], f)
    mask = _opaque(seed)
    err = ((down - np.asarray(seed[..., :3], dtype=np.float64)) ** 2).mean(axis=2)[mask]
    mse = float(err.mean()) if err.size else 0.0
    return float("inf") if mse <= 1e-12 else float(10 * np.log10(1.0 / mse))


def _boundary_split(img: np.ndarray, f: int) -> tuple[float, float]:
    """Mean step across old pixel boundaries and mean step elsewhere."""
    dx, dy, mx, my = _steps(img)
    bx = np.zeros(dx.shape[1], dtype=bool)
    bx[f - 1 :: f] = True
    by = np.zeros(dy.shape[0], dtype=bool)
    by[f - 1 :: f] = True
    on = np.concatenate([dx[:, bx][mx[:, bx]], dy[by][my[by]]])
    off = np.concatenate([dx[:, ~bx][mx[:, ~bx]], dy[~by][my[~by]]])
    return (float(on.mean()) if on.size else 0.0), (float(off.mean()) if off.size else 0.0)


def grid_ratio(out: np.ndarray, f: int) -> float:
    """Mean step across old pixel boundaries / mean step elsewhere; 1 = no pixel grid."""
    on, off = _boundary_split(out, f)
    return on / max(off, 1e-9)


def seam_ratio(out: np.ndarray, f: int) -> float:
    """Mean step across the wrap edges / mean step at interior old pixel boundaries."""
    rgb = np.asarray(out[..., :3], dtype=np.float64)
    op = _opaque(out)
    sx = np.abs(rgb[:, 0] - rgb[:, -1]).mean(axis=1)[op[:, 0] & op[:, -1]]
    sy = np.abs(rgb[0] - rgb[-1]).mean(axis=1)[op[0] & op[-1]]
    seam = np.concatenate([sx, sy])
    on, _ = _boundary_split(out, f)
    return (float(seam.mean()) if seam.size else 0.0) / max(on, 1e-9)


def highpass(lum: np.ndarray, sigma: float = 1.5) -> np.ndarray:
    """Luminance minus its Gaussian blur."""
    return lum - gaussian_filter(lum, sigma, mode="reflect")


def detail_ratio(out: np.ndarray, ref: np.ndarray) -> float:
    """Std of high-passed luminance of O / of R resized to O's size."""
    r = resize(np.asarray(ref[..., :3]), out.shape[:2]).astype(np.float64)
    return float(highpass(luminance(out)).std() / max(highpass(luminance(r)).std(), 1e-9))


def offgrid_detail(out: np.ndarray, ref: np.ndarray, f: int) -> float:
    """Mean step of O away from old pixel boundaries / mean step of R at O's size."""
    _, off = _boundary_split(out, f)
    r = resize(np.asarray(ref[..., :3]), out.shape[:2]).astype(np.float64)
    dx, dy, _, _ = _steps(r)
    return off / max(float(np.concatenate([dx.ravel(), dy.ravel()]).mean()), 1e-9)


def patches(
    img: np.ndarray, size: int, limit: int, rng: np.random.Generator, where: np.ndarray | None = None
) -> np.ndarray:
    """Up to `limit` size x size patches of a 2-D array, flattened (only those centred where `where` holds)."""
    win = np.lib.stride_tricks.sliding_window_view(img, (size, size)).reshape(-1, size * size)
    if where is not None:
        half = size // 2
        win = win[where[half : img.shape[0] - half, half : img.shape[1] - half].ravel()]
    if len(win) > limit:
        win = win[np.sort(rng.choice(len(win), limit, replace=False))]
    return win


def sliced_wasserstein(a: np.ndarray, b: np.ndarray, projections: int = 64, seed: int = 0) -> float:
    """Sliced Wasserstein-1 distance between two point sets (rows), fixed random directions."""
    rng = np.random.default_rng(seed)
    dirs = rng.normal(size=(a.shape[1], projections))
    dirs /= np.linalg.norm(dirs, axis=0, keepdims=True)
    q = np.linspace(0, 1, 256)
    pa = np.quantile(a @ dirs, q, axis=0)
    pb = np.quantile(b @ dirs, q, axis=0)
    return float(np.abs(pa - pb).mean())


def detail_swd(out: np.ndarray, ref: np.ndarray) -> float:
    """SWD between 7x7 high-pass luminance patches of O and R at O's size."""
    rng = np.random.default_rng(0)
    r = resize(np.asarray(ref[..., :3]), out.shape[:2]).astype(np.float64)
    return sliced_wasserstein(
        patches(highpass(luminance(out)), 7, 4096, rng), patches(highpass(luminance(r)), 7, 4096, rng)
    )


def structure_swd(out: np.ndarray, ref: np.ndarray) -> float:
    """SWD between 5x5 high-pass luminance patches of O and R box-downsampled by 4."""
    rng = np.random.default_rng(0)
    r = resize(np.asarray(ref[..., :3]), out.shape[:2]).astype(np.float64)
    lo, lr = box_down(luminance(out), 4), box_down(luminance(r), 4)
    return sliced_wasserstein(patches(highpass(lo), 5, 4096, rng), patches(highpass(lr), 5, 4096, rng))


Boundary = tuple[int, int, int, float]
"""A texel boundary of the seed: (axis, i, j, signed luminance step); axis 1 = vertical edge."""


def _boundaries(seed: np.ndarray) -> list[Boundary]:
    """Every opaque texel boundary of the seed as (axis, i, j, signed luminance step); axis 1 = vertical edge."""
    ls, op = luminance(seed), _opaque(seed)
    h, w = ls.shape
    out = [
        (1, i, j, float(ls[i, j + 1] - ls[i, j])) for i in range(h) for j in range(w - 1) if op[i, j] and op[i, j + 1]
    ]
    out += [
        (0, i, j, float(ls[i + 1, j] - ls[i, j])) for i in range(h - 1) for j in range(w) if op[i, j] and op[i + 1, j]
    ]
    return out


def _strong_cut(bounds: list[Boundary]) -> float:
    """Weakest step that counts as strong: the top quarter of boundary steps, at least 0.08."""
    strength = np.abs([b[3] for b in bounds])
    return max(float(np.quantile(strength, 0.75)), 0.08)


def split_boundaries(seed: np.ndarray) -> tuple[list[Boundary], list[Boundary], float]:
    """The seed's strong and weak texel boundaries, as DESIGN.md defines them, and the strong cut between them."""
    bounds = _boundaries(seed)
    if not bounds:
        return [], [], 0.0
    cut = _strong_cut(bounds)
    return [b for b in bounds if abs(b[3]) >= cut], [b for b in bounds if abs(b[3]) < cut], cut


def strong_boundaries(seed: np.ndarray) -> list[Boundary]:
    """The seed's strong texel boundaries (axis, i, j, signed step), as DESIGN.md defines them."""
    return split_boundaries(seed)[0]


def _across(lum: np.ndarray, axis: int, i: int, j: int, f: int, reach: int) -> np.ndarray:
    """O's luminance across one texel boundary over `reach` px each side, averaged along its f px."""
    x = (j + 1) * f if axis == 1 else (i + 1) * f
    if axis == 1:
        return lum[i * f : (i + 1) * f, x - reach : x + reach].mean(axis=0)
    return lum[x - reach : x + reach, j * f : (j + 1) * f].mean(axis=1)


def _contrast_kept(out: np.ndarray, seed: np.ndarray, f: int, side: int) -> float:
    """Median over strong boundaries of the output contrast (sides averaged over `side` px) / seed contrast."""
    lo = luminance(out)
    ratios = []
    for axis, i, j, step in strong_boundaries(seed):
        prof = _across(lo, axis, i, j, f=f, reach=side)
        ratios.append((prof[side:].mean() - prof[:side].mean()) / step)
    return float(np.median(ratios)) if ratios else 1.0


def edge_keep(out: np.ndarray, seed: np.ndarray, f: int) -> float:
    """Median output/seed contrast over the strong boundaries, sides averaged over f/4 px (1 = crisp, in place)."""
    return _contrast_kept(out, seed, f, max(f // 4, 1))


def edge_hold(out: np.ndarray, seed: np.ndarray, f: int) -> float:
    """As edge_keep with each side averaged over f/2 px: the texel's level held across half a texel."""
    return _contrast_kept(out, seed, f, max(f // 2, 1))


def mean_edge_profile(out: np.ndarray, seed: np.ndarray, f: int) -> np.ndarray | None:
    """O's luminance across the strong edges over 2f px, each minus its mean and over its signed step, averaged."""
    lo = luminance(out)
    profiles = []
    for axis, i, j, step in strong_boundaries(seed):
        prof = _across(lo, axis, i, j, f=f, reach=f)
        profiles.append((prof - prof.mean()) / step)
    return np.mean(profiles, axis=0) if profiles else None


def edge_ringing(out: np.ndarray, seed: np.ndarray, f: int) -> float:
    """Rims along the shapes: total variation of the mean normalised profile across strong edges / its rise, - 1."""
    mean = mean_edge_profile(out, seed, f)
    if mean is None:
        return 0.0
    q = max(f // 4, 1)
    rise = abs(float(mean[:q].mean() - mean[-q:].mean()))
    return float(np.abs(np.diff(mean)).sum() / max(rise, 1e-9) - 1.0)


def steps_across(out: np.ndarray, bounds: list[Boundary], f: int) -> list[np.ndarray]:
    """For each seed boundary, the output's |RGB| steps across it at scale f, where both pixels are opaque."""
    dx, dy, mx, my = _steps(out)
    across = []
    for axis, i, j, _step in bounds:
        x = ((j if axis == 1 else i) + 1) * f - 1
        if axis == 1:
            across.append(dx[i * f : (i + 1) * f, x][mx[i * f : (i + 1) * f, x]])
        else:
            across.append(dy[x, j * f : (j + 1) * f][my[x, j * f : (j + 1) * f]])
    return across


def weak_grid_ratio(out: np.ndarray, seed: np.ndarray, f: int) -> float:
    """Mean |RGB step| across old pixel boundaries where the seed's step is weak / mean step off the boundaries."""
    strong, weak_bounds, _ = split_boundaries(seed)
    if not strong and not weak_bounds:
        return 1.0
    on = steps_across(out, weak_bounds, f)
    weak = np.concatenate(on) if on else np.zeros(0)
    _, off = _boundary_split(out, f)
    return (float(weak.mean()) if weak.size else 0.0) / max(off, 1e-9)


def _wrap_boundaries(seed: np.ndarray, cut: float) -> list[Boundary]:
    """The seed's boundaries across its wrap edges (last column to first, last row to first) at least `cut` strong.

    Tiled, these texels are neighbours: a shape's edge there is an edge like any other. Recorded as the boundary
    after the last texel (j = w - 1 or i = h - 1), so their output position is the image's own edge.
    """
    ls, op = luminance(seed), _opaque(seed)
    h, w = ls.shape
    out = [(1, i, w - 1, float(ls[i, 0] - ls[i, -1])) for i in range(h) if op[i, 0] and op[i, -1]]
    out += [(0, h - 1, j, float(ls[0, j] - ls[-1, j])) for j in range(w) if op[0, j] and op[-1, j]]
    return [b for b in out if abs(b[3]) >= cut] if cut > 0 else []


def _torus_gap(pos: np.ndarray, lo: float, hi: float, size: int) -> np.ndarray:
    """Distance from each coordinate in `pos` to the interval [lo, hi] on a circle of length `size`."""
    gaps = [np.maximum(0.0, np.maximum(lo - (pos + k), (pos + k) - hi)) for k in (-size, 0, size)]
    return np.minimum.reduce(gaps)


def far_from_strong(seed: np.ndarray, f: int) -> np.ndarray:
    """Output pixels (scale f) whose centres lie at least f px from every strong boundary, across the wrap too,
    on opaque texels of the seed: the insides of the art's shapes."""
    strong, _, cut = split_boundaries(seed)
    h, w = seed.shape[0] * f, seed.shape[1] * f
    ys, xs = np.arange(h) + 0.5, np.arange(w) + 0.5
    near = np.zeros((h, w), dtype=bool)
    for axis, i, j, _step in strong + _wrap_boundaries(seed, cut):
        if axis == 1:  # vertical segment x = (j + 1) f, y in [i f, (i + 1) f]
            dy, dx = _torus_gap(ys, i * f, (i + 1) * f, h), _torus_gap(xs, (j + 1) * f, (j + 1) * f, w)
        else:
            dy, dx = _torus_gap(ys, (i + 1) * f, (i + 1) * f, h), _torus_gap(xs, j * f, (j + 1) * f, w)
        near |= dy[:, None] ** 2 + dx[None, :] ** 2 < f * f
    return ~near & nearest_up(_opaque(seed), f)


TEXEL_PATCHES = 3000
"""Patches of O and of R that texel_realism compares."""
TEXEL_MIN_PIXELS = 50
"""With fewer output pixels this far from every strong boundary, texel_realism is undefined (NaN)."""


def texel_band(lum: np.ndarray, f: int) -> np.ndarray:
    """What is finer than a texel: luminance minus its wrapped Gaussian blur of sigma f/2."""
    return lum - gaussian_filter(lum, f / 2, mode="wrap")


def texel_realism(out: np.ndarray, seed: np.ndarray, ref: np.ndarray, f: int) -> float:
    """SWD of 9x9 texel-band patches of O inside the shapes against R's, over the SWD between two samples of R.

    1 = inside its shapes O has the photo's own texture at every scale up to a texel. O's patches are centred at
    least f px from every strong boundary (far_from_strong), wrapping round O as the texture tiles; R's anywhere
    inside R. NaN (undefined) with fewer than TEXEL_MIN_PIXELS such pixels: a texture of edges only. Benchmarks
    leave it out of counts and medians and report how many they left out.
    """
    inside = far_from_strong(seed, f)
    if inside.sum() < TEXEL_MIN_PIXELS:
        return float("nan")
    r = resize(np.asarray(ref[..., :3]), out.shape[:2]).astype(np.float64)
    band_o, band_r = texel_band(luminance(out), f), texel_band(luminance(r), f)
    rng = np.random.default_rng(0)
    ours = patches(np.pad(band_o, 4, mode="wrap"), 9, TEXEL_PATCHES, rng, np.pad(inside, 4))
    theirs, one, two = (patches(band_r, 9, TEXEL_PATCHES, rng) for _ in range(3))
    return sliced_wasserstein(ours, theirs) / max(sliced_wasserstein(one, two), 1e-12)


def all_figures(out: np.ndarray, seed: np.ndarray, ref: np.ndarray, f: int) -> dict[str, float]:
    """Every quality figure of DESIGN.md, keyed by name (texel_realism is NaN where it is undefined)."""
    return {
        "fidelity_db": fidelity_db(out, seed, f),
        "grid_ratio": grid_ratio(out, f),
        "seam_ratio": seam_ratio(out, f),
        "detail_ratio": detail_ratio(out, ref),
        "offgrid_detail": offgrid_detail(out, ref, f),
        "detail_swd": detail_swd(out, ref),
        "structure_swd": structure_swd(out, ref),
        "edge_keep": edge_keep(out, seed, f),
        "edge_hold": edge_hold(out, seed, f),
        "edge_ringing": edge_ringing(out, seed, f),
        "weak_grid_ratio": weak_grid_ratio(out, seed, f),
        "texel_realism": texel_realism(out, seed, ref, f),
    }

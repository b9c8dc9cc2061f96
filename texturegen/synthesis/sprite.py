"""`smooth`: a sprite (an item, a particle, a flower) redrawn at output size with clean shapes and no photo.

A frame with a binary alpha (most items) is traced (traced_frame): its texels are joined into regions of like
colour (cells.py: crossing diagonals settled, thin diagonal lines joined), the borders between regions followed as
curves and smoothed (curves.py: a staircase of any slope becomes a straight line, square corners between straight
edges of two texels stay square, thin lines and narrow gaps keep their width), and each region drawn with its own
texels' colours blended within it, the silhouette anti-aliased one pixel wide. Blind, judges put it above xBRZ on
27 to 36 of 40 items (docs/benchmarks.md).

Tiling frames (a block's cutout), soft alphas and large frames are drawn by the vote the synthesis's structure
starts from (shapes.vote: each output pixel takes the texels whose region of like colour covers it), with the
alpha as one more channel whose steps always separate regions, every transparent texel alike whatever colour it
hides, and thin diagonal lines joined across their corners; their silhouette is the half level of a cubic spline
through the texel centres' alpha (binary for a block's cutout). Before that, each transparent texel takes the colour
of the nearest opaque one: what the art never shows (the black or white under its alpha 0) cannot bleed into the
edge as a fringe.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage as ndi
from scipy.ndimage import distance_transform_edt, map_coordinates

from texturegen.core.images import nearest_up
from texturegen.core.strips import frame_count
from texturegen.synthesis import cells, curves
from texturegen.synthesis.shapes import LIKENESS, draw, edge_contrast, vote

MAX_SIDE = 128
"""Frames larger than this (texels a side) are scaled by nearest-neighbour instead: the redraw's memory grows with
every output pixel times nine neighbours (a 128x128 frame at x8 takes about half a gigabyte)."""
OPAQUE = 0.5
"""An alpha at or above this is opaque (for the binary outline and the colour fill)."""
ROUNDING = 0.5
"""How far a sprite's colour regions round (shapes.REGION_SIGMA, texels): more than a block's 0.25, as a sprite's
staircases are meant as diagonals and curves; a lone texel still wins the vote at its own centre."""
BRIDGE = 1.0
"""Cover added where a thin diagonal line's texels touch at a corner (shapes.bridges): strings, stems, rods."""
CLEAR = 0.05
"""An alpha below this, or above 1 minus it, is drawn as fully transparent or opaque: a texel of alpha 2/255 in
an item's border is a left-over, not a glow."""
ALPHA_STEP = 8.0
"""An alpha step of 1, in units of the region likeness: far beyond it, so inside and outside never blend."""


STANDING_EDGE = 0.65
"""A frame whose outermost texels are at least this share transparent stands inside it (a flower, a torch, a rail)
and need not tile: a block's cutout of that kind is traced like an item, its alpha kept binary."""


def edge_share(rgba: np.ndarray) -> float:
    """The share of transparent texels among the outermost texels of the first square frame."""
    frame = rgba[: rgba.shape[1], :, 3] < OPAQUE
    edge = np.concatenate([frame[0], frame[-1], frame[1:-1, 0], frame[1:-1, -1]])
    return float(edge.mean())


def fill_hidden(rgb: np.ndarray, shown: np.ndarray) -> np.ndarray:
    """Each texel not shown takes the colour of the nearest shown texel (the first by row order on a tie)."""
    if shown.all() or not shown.any():
        return rgb
    _, (rows, cols) = distance_transform_edt(~shown, return_indices=True)
    return rgb[rows, cols]


def is_binary(alpha: np.ndarray) -> bool:
    """Every texel (about) fully opaque or fully transparent."""
    return bool(np.all((alpha < CLEAR) | (alpha > 1 - CLEAR)))


def outline(alpha: np.ndarray, f: int, wrap: bool) -> np.ndarray:
    """(H*f, W*f): the alpha interpolated by a cubic spline through the texel centres (outside: transparent).

    Its half level is the silhouette: a one-step staircase becomes a straight diagonal, a lone texel a round dot,
    and a line of texels touching at corners stays joined (the spline stays above one half across the corner).
    """
    h, w = alpha.shape
    ys = (np.arange(h * f) + 0.5) / f - 0.5
    xs = (np.arange(w * f) + 0.5) / f - 0.5
    grid = np.meshgrid(ys, xs, indexing="ij")
    return map_coordinates(alpha, grid, order=3, mode="grid-wrap" if wrap else "constant", cval=0.0)


def square_corners(shown: np.ndarray, f: int, wrap: bool) -> np.ndarray:
    """(H*f, W*f): where the outline keeps the art's square corner: the quarter texels around each lattice point
    where a shape's corner meets two straight edges at least two texels long (a sign's board, a book's cover).
    A staircase's corners fail that test and round into diagonals."""
    h, w = shown.shape
    pad = np.pad(shown, 2, mode="wrap" if wrap else "constant")

    def at(dy: int, dx: int) -> np.ndarray:
        """shown[y + dy, x + dx] for every lattice point (y, x), the point above-left of texel (y, x)."""
        return pad[2 + dy : 2 + dy + h + 1, 2 + dx : 2 + dx + w + 1]

    keep = np.zeros((h + 1, w + 1), bool)
    for sy in (-1, 0):  # the corner texel's row and column relative to the lattice point
        for sx in (-1, 0):
            oy, ox = -1 - sy, -1 - sx  # the texel across the point, diagonally
            ny, nx = sy + (1 if sy == 0 else -1), sx + (1 if sx == 0 else -1)  # one further along each edge
            for value in (True, False):  # a convex corner of the shape, or a convex corner of a hole
                one = at(sy, sx) == value
                others = (at(oy, sx) != value) & (at(sy, ox) != value) & (at(oy, ox) != value)
                edges = (at(ny, sx) == value) & (at(ny, ox) != value) & (at(sy, nx) == value) & (at(oy, nx) != value)
                keep |= one & others & edges
    half = f // 2
    if half == 0:
        return np.zeros((h * f, w * f), bool)
    nearest_point = (np.arange(h * f) + half) // f, (np.arange(w * f) + half) // f  # each pixel's lattice point
    return keep[np.ix_(*nearest_point)]


TRACED_SIDE = 64
"""Frames up to this side (texels) with a binary alpha are traced as curves (traced_frame); larger ones, tiling ones
and soft alphas are drawn by the vote (the tracing's cost grows with every border step)."""
COLOUR_SIGMA = 0.3
"""Reach (Gaussian sigma, texels) of the colour blend within one region: its shading steps soften, no texel blurs."""


def _spread(big_rgb: np.ndarray, member: np.ndarray, f: int) -> np.ndarray:
    """(H*f, W*f, 3): the member texels' colours (`big_rgb`: the frame's colours at output size) spread over the
    output by a Gaussian normalised by their cover."""
    inside = nearest_up(member[..., None].astype(np.float64), f)
    cover = ndi.gaussian_filter(inside[..., 0], COLOUR_SIGMA * f)
    mixed = ndi.gaussian_filter(big_rgb * inside, (COLOUR_SIGMA * f, COLOUR_SIGMA * f, 0))
    return mixed / np.maximum(cover[..., None], 1e-12)


def _traced(
    rgba: np.ndarray, f: int, shown: np.ndarray, corners: set[tuple[int, int]]
) -> tuple[np.ndarray, np.ndarray]:
    """The regions of a frame (H, W) and each one's coverage of the output (n, H*f, W*f), their borders traced."""
    lk = cells.resolve(cells.links(rgba))
    labels = cells.regions(lk)
    clear = sorted({int(r) for r in np.unique(labels[~shown])})
    outside = clear[0] if clear else -1  # beyond the frame is transparent, or nothing when the frame is all shown
    found = curves.borders(cells.reshaped(labels, lk), outside, corners)
    curves.smooth(found, corners, {-1})
    cover = curves.coverage(found, int(labels.max()) + 1, labels.shape, f)
    bordered = {r for b in found for r in (b.left, b.right)}
    for r in set(range(cover.shape[0])) - bordered:  # a region with no border fills the frame
        cover[r] = 1.0
    return labels, cover


def traced_frame(rgba: np.ndarray, f: int) -> np.ndarray:
    """One frame (H, W, 4) with a binary alpha redrawn at f x its size, its regions' borders traced as curves.

    The silhouette comes from the texels shown against the transparent ones alone, so a line of unlike colours (a
    bow's string) is one outline; the colours from the regions of like colour, each blended within itself, filling
    that silhouette (where no region reaches it, the nearest shown colours do).
    """
    shown = rgba[..., 3] >= OPAQUE
    corners = curves.square_corners(shown)
    flat = np.dstack([np.zeros(shown.shape + (3,)), shown.astype(np.float64)])
    outline_labels, outline_cover = _traced(flat, f, shown, corners)
    alpha = sum((outline_cover[r] for r in np.unique(outline_labels[shown])), np.zeros(outline_cover.shape[1:]))
    rgb = rgba[..., :3].astype(np.float64)
    labels, cover = _traced(np.dstack([rgb, shown.astype(np.float64)]), f, shown, corners)
    colours = np.zeros(cover.shape[1:] + (3,))
    total = np.zeros(cover.shape[1:])
    big_rgb = nearest_up(rgb, f)
    for r in np.unique(labels[shown]):
        colours += cover[r][..., None] * _spread(big_rgb, labels == r, f)
        total += cover[r]
    least = 1e-3  # where no region covers a pixel of the silhouette, the shown texels' blend decides
    colours = (colours + least * _spread(big_rgb, shown, f)) / (total[..., None] + least)
    return np.dstack([np.clip(colours, 0.0, 1.0), np.clip(alpha, 0.0, 1.0)]).astype(np.float32)


def smooth_frame(rgba: np.ndarray, f: int, wrap: bool = False, cutout: bool = False) -> np.ndarray:
    """One frame (H, W, 4) floats in [0, 1] redrawn at f x its size.

    Where the art's alpha is binary the outline is drawn anti-aliased, one output pixel wide (an item in the
    inventory or in hand is drawn with blending), or binary for a `cutout` (a block's leaves or flowers).
    """
    alpha = rgba[..., 3].astype(np.float64)
    shown = alpha >= OPAQUE
    if not shown.any():
        return nearest_up(rgba, f)
    if is_binary(alpha) and max(alpha.shape) <= TRACED_SIDE:
        if not wrap and not cutout:
            return traced_frame(rgba, f)
        if cutout and edge_share(rgba) >= STANDING_EDGE:  # a flower or a rail: nothing to tile across its edge
            traced = traced_frame(rgba, f)
            traced[..., 3] = (traced[..., 3] >= OPAQUE).astype(np.float32)
            return traced
    rgb = fill_hidden(rgba[..., :3].astype(np.float64), shown)
    contrast = edge_contrast(rgb, shown, wrap)
    regions = np.dstack([rgb * alpha[..., None], alpha * ALPHA_STEP * LIKENESS * contrast])
    colours = draw(vote(regions, contrast, f, wrap, region_sigma=ROUNDING, bridge=BRIDGE), rgb, wrap)
    spline = outline(alpha, f, wrap)
    if not is_binary(alpha):
        out_alpha = np.clip(spline, 0.0, 1.0)
    else:
        # The spline rises about one unit per texel across an edge: times f, one unit per output pixel.
        out_alpha = (spline >= OPAQUE).astype(np.float64) if cutout else np.clip((spline - OPAQUE) * f + 0.5, 0, 1)
        square = square_corners(shown, f, wrap)
        out_alpha = np.where(square, nearest_up(shown, f), out_alpha)
    return np.dstack([np.clip(colours, 0.0, 1.0), out_alpha]).astype(np.float32)


def smooth_sprite(rgba: np.ndarray, f: int, wrap: bool = False, cutout: bool = False) -> np.ndarray:
    """A sprite or a strip of square frames (H, W, 4) redrawn at f x its size, frame by frame."""
    frames = frame_count(*rgba.shape[:2])
    return np.concatenate([smooth_frame(frame, f, wrap, cutout) for frame in np.split(rgba, frames)], axis=0)

"""A sprite's texels joined into regions of like colour, and their cells reshaped where a diagonal line joins them.

Two texels are alike when their colours differ by less than a step a pixel artist would draw as an edge (in luma
and in both chroma axes); every transparent texel is alike every other. Where two diagonals of a 2x2 block cross,
one must give way, or a thin line and the background it crosses would both stay joined: the one on the longer
line, around the smaller patch, or keeping a texel from being cut off, stays (the rules Kopf and Lischinski
describe for depixelizing pixel art). Each texel is then split into G x G sub-cells, and where a diagonal is the
only link between its two texels, the sub-cells of the other two texels at the shared corner go to the line, so
it reads as one piece and its neighbours' corners are cut.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from texturegen.core.images import luma

G = 4
"""Sub-cells per texel side: a reshaped corner takes one sub-cell from each of two texels."""
LIKE = (24 / 255, 3.5 / 255, 3 / 255)
"""Largest luma, blue-difference and red-difference steps between two texels of one region (0-1 colour)."""
LINE = 2.0
"""How much farther apart two texels touching at a corner may be and still be one line, when both texels they
cross are unlike both of them (a shaded rod or string drawn diagonally)."""
OPAQUE = 0.5
"""An alpha at or above this is shown."""
WINDOW = 8
"""Side of the window, in texels, in which the sizes of two crossing patches are compared."""
ISLAND = 5
"""Weight of keeping a texel from being cut off from every other texel of its region."""


@dataclass
class Links:
    """Which neighbours are alike: right (y, x)-(y, x+1), down (y, x)-(y+1, x), diagonal (y, x)-(y+1, x+1) and
    anti-diagonal (y, x+1)-(y+1, x), the last two stored at the block's top-left texel (y, x)."""

    right: np.ndarray
    down: np.ndarray
    diagonal: np.ndarray
    anti: np.ndarray

    def neighbours(self) -> list[list[list[tuple[int, int]]]]:
        """Per texel, the texels it is linked to."""
        h, w = self.right.shape
        out: list[list[list[tuple[int, int]]]] = [[[] for _ in range(w)] for _ in range(h)]
        pairs = (
            (self.right, (0, 0), (0, 1)),
            (self.down, (0, 0), (1, 0)),
            (self.diagonal, (0, 0), (1, 1)),
            (self.anti, (0, 1), (1, 0)),
        )
        for mask, (ay, ax), (by, bx) in pairs:
            for y, x in zip(*np.nonzero(mask)):
                a, b = (int(y) + ay, int(x) + ax), (int(y) + by, int(x) + bx)
                out[a[0]][a[1]].append(b)
                out[b[0]][b[1]].append(a)
        return out


def _colour_axes(rgb: np.ndarray) -> np.ndarray:
    """(H, W, 3): luma and the blue and red differences from it (YUV without scaling)."""
    y = luma(rgb)
    return np.stack([y, 0.492 * (rgb[..., 2] - y), 0.877 * (rgb[..., 0] - y)], axis=-1)


def links(rgba: np.ndarray) -> Links:
    """Which neighbouring texels of a frame (H, W, 4) are alike."""
    shown = rgba[..., 3] >= OPAQUE
    axes = _colour_axes(rgba[..., :3].astype(np.float64))
    limit = np.array(LIKE)

    def alike(a: tuple[slice, slice], b: tuple[slice, slice], loose: float = 1.0) -> np.ndarray:
        both_shown = shown[a] & shown[b]
        close = np.all(np.abs(axes[a] - axes[b]) <= loose * limit, axis=-1)
        return (~shown[a] & ~shown[b]) | (both_shown & close)

    h, w = shown.shape
    every, top, bottom, left, right_ = slice(None), slice(0, -1), slice(1, None), slice(0, -1), slice(1, None)
    right, down = np.zeros((h, w), bool), np.zeros((h, w), bool)
    diagonal, anti = np.zeros((h, w), bool), np.zeros((h, w), bool)
    right[:, :-1] = alike((every, left), (every, right_))
    down[:-1] = alike((top, every), (bottom, every))
    corners = {"tl": (top, left), "tr": (top, right_), "bl": (bottom, left), "br": (bottom, right_)}
    for mask, pair, other in ((diagonal, ("tl", "br"), ("tr", "bl")), (anti, ("tr", "bl"), ("tl", "br"))):
        a, b = (corners[k] for k in pair)
        crossed = np.ones((h - 1, w - 1), bool)  # each texel of the other diagonal unlike both of this one
        for c in (corners[k] for k in other):
            crossed &= ~alike(c, a) & ~alike(c, b)
        mask[:-1, :-1] = alike(a, b) | (alike(a, b, LINE) & crossed)
    return Links(right, down, diagonal, anti)


def _line_length(near: list[list[list[tuple[int, int]]]], a: tuple[int, int], b: tuple[int, int]) -> int:
    """Texels of the line (a run of texels with two links each) through the link a-b."""
    length = 1
    for start, step in ((a, b), (b, a)):
        previous, current, seen = start, step, {start, step}
        while len(near[current[0]][current[1]]) == 2:
            onward = [n for n in near[current[0]][current[1]] if n != previous]
            if not onward or onward[0] in seen:
                break
            previous, current = current, onward[0]
            seen.add(current)
            length += 1
    return length


def _patch(near: list[list[list[tuple[int, int]]]], start: tuple[int, int], corner: tuple[int, int]) -> int:
    """Texels linked to `start` within the WINDOW x WINDOW window around the block whose top-left is `corner`."""
    top, left = corner[0] - WINDOW // 2 + 1, corner[1] - WINDOW // 2 + 1
    seen, todo = {start}, [start]
    while todo:
        y, x = todo.pop()
        for n in near[y][x]:
            if n not in seen and top <= n[0] < top + WINDOW and left <= n[1] < left + WINDOW:
                seen.add(n)
                todo.append(n)
    return len(seen)


def resolve(lk: Links) -> Links:
    """Drop the diagonals of blocks whose four texels are alike, and settle each crossing of two diagonals."""
    full = lk.right[:-1, :-1] & lk.right[1:, :-1] & lk.down[:-1, :-1] & lk.down[:-1, 1:]
    lk.diagonal[:-1, :-1] &= ~full
    lk.anti[:-1, :-1] &= ~full
    near = lk.neighbours()
    for y, x in zip(*np.nonzero(lk.diagonal & lk.anti)):
        y, x = int(y), int(x)
        a1, a2, b1, b2 = (y, x), (y + 1, x + 1), (y, x + 1), (y + 1, x)
        score = _line_length(near, a1, a2) - _line_length(near, b1, b2)  # > 0: the diagonal is the longer line
        score += _patch(near, b1, (y, x)) - _patch(near, a1, (y, x))  # > 0: the diagonal's patch is the smaller
        score += ISLAND * (
            any(len(near[p][q]) == 1 for p, q in (a1, a2)) - any(len(near[p][q]) == 1 for p, q in (b1, b2))
        )
        if score >= 0:
            lk.anti[y, x] = False
        if score <= 0:
            lk.diagonal[y, x] = False
    return lk


def regions(lk: Links) -> np.ndarray:
    """(H, W) region numbers 0..n-1: the texels joined by links, in order of their first texel."""
    h, w = lk.right.shape
    parent = list(range(h * w))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for mask, dy, dx, sx in ((lk.right, 0, 1, 0), (lk.down, 1, 0, 0), (lk.diagonal, 1, 1, 0), (lk.anti, 1, -1, 1)):
        for y, x in zip(*np.nonzero(mask)):
            a, b = root(int(y) * w + int(x) + sx), root((int(y) + dy) * w + int(x) + sx + dx)
            if a != b:
                parent[max(a, b)] = min(a, b)
    roots = np.array([root(i) for i in range(h * w)])
    _, numbers = np.unique(roots, return_inverse=True)
    return numbers.reshape(h, w)


def reshaped(labels: np.ndarray, lk: Links) -> np.ndarray:
    """(H*G, W*G) sub-cell regions: each texel's G x G, with the corner of a block whose diagonal is the only link
    of its two texels given to them (a diagonal also joined through the block's third texel changes nothing)."""
    cells = np.kron(labels, np.ones((G, G), labels.dtype))
    h, w = labels.shape
    for y in range(h - 1):
        for x in range(w - 1):
            cy, cx = G * (y + 1), G * (x + 1)
            if lk.diagonal[y, x]:
                via = (lk.right[y, x] and lk.down[y, x + 1]) or (lk.down[y, x] and lk.right[y + 1, x])
                if not via:
                    cells[cy - 1, cx] = cells[cy, cx - 1] = labels[y, x]
            elif lk.anti[y, x]:
                via = (lk.right[y, x] and lk.down[y, x]) or (lk.down[y, x + 1] and lk.right[y + 1, x])
                if not via:
                    cells[cy - 1, cx - 1] = cells[cy, cx] = labels[y, x + 1]
    return cells

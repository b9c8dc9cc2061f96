"""The borders between a sprite's regions as curves: traced on the sub-cell grid, smoothed, and drawn anti-aliased.

Each border between two regions is followed from one fixed point to the next: a point where three or more
regions meet moves with its neighbours, the silhouette's square corners (two straight edges of two texels or more,
a sign's board) stay where they are, and so does every point on the frame's edge. Along a border, the midpoints of
its unit steps are smoothed towards their neighbours' mean (a staircase becomes a straight line at its own slope,
a lone texel a round dot), each point held within REACH of where it started and within a share of the distance
to any other border, so a thin line or a narrow gap keeps its width. A closed border keeps its area. A region's
coverage of each output pixel is the even-odd rule on its borders, sampled SS x SS times per pixel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.spatial import cKDTree

from texturegen.synthesis.cells import G

REACH = 0.4 * G
"""How far a border point may move, in sub-cells (0.4 texel)."""
THIN = 0.4
"""The share of its distance to another border a point may move: a gap or a line one texel wide keeps 0.2 of it."""
LOCAL = 6
"""Points of one border this many steps apart or fewer are its own stretch of curve, not another border."""
PASSES = 30
"""Smoothing passes."""
RATE = 0.5
"""How far a point moves towards its neighbours' mean in one pass."""
SS = 4
"""Samples per output pixel side for the even-odd coverage."""
CORNER_TEXELS = 2
"""The straight edges on both sides of a silhouette corner kept square, in texels."""

Point = tuple[int, int]


@dataclass
class Border:
    """One border between two regions: its points (N, 2) as (row, column) in sub-cells, the region on its left
    and on its right (walking from the first point), whether it is closed, and its ends' keys (None if closed)."""

    points: np.ndarray
    left: int
    right: int
    closed: bool
    ends: tuple[Point, Point] | None
    start: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        """Keep where the points started."""
        self.start = self.points.copy()


def _edges(cells: np.ndarray, outside: int) -> dict[tuple[Point, Point], tuple[int, int]]:
    """Every unit step between two unlike sub-cells, as (from, to) -> (left region, right region)."""
    h, w = cells.shape
    pad = np.full((h + 2, w + 2), outside)
    pad[1:-1, 1:-1] = cells
    edges: dict[tuple[Point, Point], tuple[int, int]] = {}
    for y, x in zip(*np.nonzero(pad[:-1, 1:-1] != pad[1:, 1:-1])):  # between rows y-1 and y, walking east
        edges[((int(y), int(x)), (int(y), int(x) + 1))] = (int(pad[y, x + 1]), int(pad[y + 1, x + 1]))
    for y, x in zip(*np.nonzero(pad[1:-1, :-1] != pad[1:-1, 1:])):  # between columns x-1 and x, walking south
        edges[((int(y), int(x)), (int(y) + 1, int(x)))] = (int(pad[y + 1, x + 1]), int(pad[y + 1, x]))
    return edges


def _is_square_corner(pad: np.ndarray, corner: Point, away: Point) -> bool:
    """Whether the texel at `corner` (in `pad`) is a convex corner whose two edges run CORNER_TEXELS texels or more
    in the directions `away` (rows, columns) from the grid point it touches: everything across that point unlike
    it, and each edge's texels like it with their neighbours across the edge unlike it."""
    (y, x), (dy, dx) = corner, away
    inside = pad[y, x]
    if inside in (pad[y - dy, x], pad[y, x - dx], pad[y - dy, x - dx]):
        return False
    rows = all(pad[y + i * dy, x] == inside and pad[y + i * dy, x - dx] != inside for i in range(CORNER_TEXELS))
    cols = all(pad[y, x + i * dx] == inside and pad[y - dy, x + i * dx] != inside for i in range(CORNER_TEXELS))
    return rows and cols


def square_corners(shown: np.ndarray) -> set[Point]:
    """Sub-cell grid points of the silhouette's convex corners (of the shape or of a hole) between two straight
    edges of CORNER_TEXELS texels or more."""
    h, w = shown.shape
    n = CORNER_TEXELS
    pad = np.pad(shown, n)
    found: set[Point] = set()
    for y in range(h + 1):
        for x in range(w + 1):
            for sy, sx in ((-1, -1), (-1, 0), (0, -1), (0, 0)):  # the four texels around grid point (y, x)
                away = (1 if sy == 0 else -1, 1 if sx == 0 else -1)
                if _is_square_corner(pad, (n + y + sy, n + x + sx), away):
                    found.add((G * y, G * x))
    return found


def borders(cells: np.ndarray, outside: int, fixed: set[Point]) -> list[Border]:
    """The borders between regions, each from one fixed point (a meeting of three regions or more, or `fixed`) to
    the next, or closed; `outside` is the region beyond the frame (-1 for none)."""
    edges = _edges(cells, outside)
    around: dict[Point, list[Point]] = {}
    for a, b in edges:
        around.setdefault(a, []).append(b)
        around.setdefault(b, []).append(a)
    stops = {p for p, n in around.items() if len(n) != 2} | (fixed & around.keys())
    used: set[tuple[Point, Point]] = set()

    def key(a: Point, b: Point) -> tuple[Point, Point]:
        return (a, b) if (a, b) in edges else (b, a)

    def walk(first: Point, second: Point) -> list[Point]:
        path = [first, second]
        used.add(key(first, second))
        previous, current = first, second
        while current not in stops and current != first:
            onward = [n for n in around[current] if n != previous and key(current, n) not in used]
            if not onward:
                break
            previous, current = current, onward[0]
            used.add(key(previous, current))
            path.append(current)
        return path

    paths = [walk(p, n) for p in sorted(stops) for n in sorted(around[p]) if key(p, n) not in used]
    paths += [walk(*e) for e in sorted(edges) if key(*e) not in used]
    out = []
    for path in paths:
        first = (path[0], path[1])
        left, right = edges[first] if first in edges else edges[(path[1], path[0])][::-1]
        closed = path[0] == path[-1] and path[0] not in stops
        pts = np.array(path, np.float64)
        if closed:
            out.append(Border((pts[:-1] + pts[1:]) / 2, left, right, True, None))
        else:
            mids = np.vstack([pts[:1], (pts[:-1] + pts[1:]) / 2, pts[-1:]])
            out.append(Border(mids, left, right, False, (path[0], path[-1])))
    return out


def _limits(found: list[Border]) -> list[np.ndarray]:
    """Per border, each point's reach: REACH, or THIN times its distance to the nearest point of another border
    (or of its own, LOCAL steps away or more)."""
    pts = np.vstack([b.start for b in found])
    owner = np.concatenate([np.full(len(b.start), i) for i, b in enumerate(found)])
    index = np.concatenate([np.arange(len(b.start)) for b in found])
    sizes = np.array([len(b.start) for b in found])
    closed = np.array([b.closed for b in found])
    tree = cKDTree(pts)
    k = min(len(pts), 2 * LOCAL + 8)
    dist, near = tree.query(pts, k=k)
    dist, near = dist.reshape(len(pts), -1), near.reshape(len(pts), -1)
    steps = np.abs(index[near] - index[:, None])
    steps = np.where(closed[owner][:, None], np.minimum(steps, sizes[owner][:, None] - steps), steps)
    own = (owner[near] == owner[:, None]) & (steps <= LOCAL)
    dist = np.where(own, np.inf, dist)
    nearest = dist.min(axis=1)  # inf when every neighbour found is local: nothing else close
    reach = np.minimum(REACH, THIN * nearest)
    return np.split(reach, np.cumsum(sizes)[:-1])


def smooth(found: list[Border], fixed: set[Point], frame_edge: set[int]) -> None:
    """Smooth every border in place; meeting points move to their borders' mean, unless fixed or on the frame's
    edge; borders with a region in `frame_edge` (beyond the frame) do not move."""
    if not found:
        return
    reach = _limits(found)
    meets = {e: np.array(e, np.float64) for b in found if b.ends for e in b.ends}
    held = fixed | {e for b in found if b.ends and {b.left, b.right} & frame_edge for e in b.ends}
    for _ in range(PASSES):
        for b, r in zip(found, reach):
            if b.left in frame_edge or b.right in frame_edge:
                continue
            p = b.points
            if b.closed:
                new = p + RATE * ((np.roll(p, 1, 0) + np.roll(p, -1, 0)) / 2 - p)
            else:
                new = p.copy()
                new[1:-1] += RATE * ((p[:-2] + p[2:]) / 2 - p[1:-1])
            moved = new - b.start
            length = np.linalg.norm(moved, axis=1)
            b.points = b.start + moved * np.minimum(1.0, r / np.maximum(length, 1e-9))[:, None]
        sums: dict[Point, list[np.ndarray]] = {}
        for b in found:
            if b.ends and len(b.points) > 2:
                sums.setdefault(b.ends[0], []).append(b.points[1])
                sums.setdefault(b.ends[1], []).append(b.points[-2])
        for end, nexts in sums.items():
            if end in held:
                continue
            home = np.array(end, np.float64)
            target = meets[end] + RATE * (np.mean(nexts, axis=0) - meets[end])
            moved = target - home
            meets[end] = home + moved * min(1.0, REACH / max(float(np.linalg.norm(moved)), 1e-9))
        for b in found:
            if b.ends:
                b.points[0], b.points[-1] = meets[b.ends[0]], meets[b.ends[1]]
    for b in found:
        if b.closed:
            before, after = abs(_area(b.start)), abs(_area(b.points))
            if 0 < after < before:
                centre = b.points.mean(axis=0)
                b.points = centre + (b.points - centre) * np.sqrt(before / after)


def _area(p: np.ndarray) -> float:
    """The signed area of a closed polygon (N, 2)."""
    y, x = p[:, 0], p[:, 1]
    return 0.5 * float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def coverage(found: list[Border], regions: int, shape: tuple[int, int], f: int) -> np.ndarray:
    """(regions, H*f, W*f): each region's share of each output pixel (frame of `shape` texels), by the even-odd
    rule on its borders at SS x SS samples per pixel."""
    h, w = shape[0] * f, shape[1] * f
    rows, cols = h * SS, w * SS
    step = G / (f * SS)  # sub-cells per sample
    ys = (np.arange(rows) + 0.5) * step
    segments: list[list[np.ndarray]] = [[] for _ in range(regions)]
    for b in found:
        p = np.vstack([b.points, b.points[:1]]) if b.closed else b.points
        seg = np.hstack([p[:-1], p[1:]])
        for r in (b.left, b.right):
            if 0 <= r < regions:
                segments[r].append(seg)
    out = np.zeros((regions, h, w))
    for r, parts in enumerate(segments):
        if not parts:
            continue
        s = np.vstack(parts)
        low, high = np.minimum(s[:, 0], s[:, 2]), np.maximum(s[:, 0], s[:, 2])
        row, seg = np.nonzero((ys[:, None] >= low[None]) & (ys[:, None] < high[None]))
        t = (ys[row] - s[seg, 0]) / (s[seg, 2] - s[seg, 0])
        x = s[seg, 1] + t * (s[seg, 3] - s[seg, 1])
        first = np.clip(np.ceil(x / step - 0.5).astype(np.int64), 0, cols)  # first sample right of the crossing
        flips = np.zeros((rows, cols + 1), np.int32)
        np.add.at(flips, (row, first), 1)
        inside = np.cumsum(flips, axis=1)[:, :cols] % 2
        out[r] = inside.reshape(h, SS, w, SS).mean(axis=(1, 3))
    return out

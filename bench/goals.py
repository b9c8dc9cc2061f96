"""DESIGN.md's goal set, checked on one output against its peers' figures (bench/peers.py's names)."""

from __future__ import annotations

import math

import numpy as np

KEYS = (
    "fidelity_db",
    "weak_grid_ratio",
    "seam_ratio",
    "detail_ratio",
    "offgrid_detail",
    "detail_swd",
    "structure_swd",
    "edge_keep",
    "edge_hold",
    "edge_ringing",
    "texel_realism",
)
"""The figures the tables show, in table order (structure_swd is information only, no goal)."""
RANGES = {
    "fidelity_db": (26.0, np.inf),
    "weak_grid_ratio": (0.0, 1.2),
    "detail_ratio": (0.7, 1.4),
    "offgrid_detail": (0.7, 1.4),
    "edge_keep": (0.7, np.inf),
    "edge_hold": (0.8, np.inf),
}
"""Goals with fixed bounds."""
SWD_PEERS = ("nearest", "bicubic", "xbrz")
"""detail_swd must be below each of these (those present: xBRZ needs xbrzscale)."""
TEXEL_MEDIAN = 2.0
"""texel_realism's goal for the median over a set."""


def undefined(value: float) -> bool:
    """A figure that is undefined on this texture (texel_realism on a texture of edges only)."""
    return isinstance(value, float) and math.isnan(value)


def misses(fig: dict[str, float], peers: dict[str, dict[str, float]]) -> list[str]:
    """Each goal the figures miss, as 'name value' ('name value/bound' where the bound comes from a peer).

    An undefined texel_realism misses nothing: the texture is left out of texel_realism's counts."""
    out = [f"{k} {fig[k]:.3g}" for k, (lo, hi) in RANGES.items() if not lo <= fig[k] <= hi]
    seam_goal = max(1.2, 1.1 * peers["nearest"]["seam_ratio"])
    if fig["seam_ratio"] > seam_goal:
        out.append(f"seam_ratio {fig['seam_ratio']:.3g}/{seam_goal:.3g}")
    best = min(peers[m]["detail_swd"] for m in SWD_PEERS if m in peers)
    if fig["detail_swd"] >= best:
        out.append(f"detail_swd {fig['detail_swd']:.3g}/{best:.3g}")
    ring_goal = max(0.5, 1.25 * peers["photo_lines"]["edge_ringing"])
    if fig["edge_ringing"] > ring_goal:
        out.append(f"edge_ringing {fig['edge_ringing']:.3g}/{ring_goal:.3g}")
    texel = fig["texel_realism"]
    if not undefined(texel):
        below = peers["overlay_2px"]["texel_realism"]
        if not texel < below:
            out.append(f"texel_realism {texel:.3g}/{below:.3g} (2 px overlay)")
        near = 1.25 * peers["overlay_texel"]["texel_realism"]
        if texel > near:
            out.append(f"texel_realism {texel:.3g}/{near:.3g} (1.25 x texel-band overlay)")
    return out


def cell(value: float) -> str:
    """One figure as a table cell ('undef' where it is undefined)."""
    return "undef" if undefined(value) else f"{value:.3g}"


def row(fig: dict[str, float]) -> str:
    """The KEYS figures as markdown table cells."""
    return " | ".join(cell(fig[k]) for k in KEYS)


def defined(values: list[float]) -> tuple[list[float], int]:
    """The values that are defined, and how many were left out."""
    kept = [v for v in values if not undefined(v)]
    return kept, len(values) - len(kept)


def texel_counts(figs: list[dict[str, dict[str, float]]], method: str = "texturegen") -> dict[str, int | float]:
    """Over a set of textures (per texture: method -> figures), how often `method`'s texel_realism meets each part
    of its goal, the median, and how many textures were left out because it is undefined on them."""
    ours, left_out = defined([f[method]["texel_realism"] for f in figs])
    kept = [f for f in figs if not undefined(f[method]["texel_realism"])]
    below = sum(f[method]["texel_realism"] < f["overlay_2px"]["texel_realism"] for f in kept)
    near = sum(f[method]["texel_realism"] <= 1.25 * f["overlay_texel"]["texel_realism"] for f in kept)
    return {
        "textures": len(kept),
        "undefined": left_out,
        "below_2px_overlay": below,
        "within_1.25x_texel_overlay": near,
        "median": float(np.median(ours)) if ours else float("nan"),
    }


def texel_line(counts: dict[str, int | float]) -> str:
    """texel_counts as one line of text."""
    med = counts["median"]
    verdict = "" if undefined(float(med)) else (" (goal met)" if med <= TEXEL_MEDIAN else f" (goal <= {TEXEL_MEDIAN})")
    return (
        f"texel_realism: below the 2 px overlay's on {counts['below_2px_overlay']} of {counts['textures']}, at most "
        f"1.25 x the texel-band overlay's on {counts['within_1.25x_texel_overlay']} of {counts['textures']}, median "
        f"{cell(float(med))}{verdict}; undefined (left out) on {counts['undefined']}"
    )


def collect(table: dict[str, dict[str, list[float]]], figs: dict[str, dict[str, float]]) -> None:
    """Append one texture's figures (method -> figures) to a table of method -> figure -> values."""
    for method, values in figs.items():
        for key in KEYS:
            table.setdefault(method, {}).setdefault(key, []).append(values[key])


def worst(key: str, values: list[float]) -> float:
    """The worst value of a figure: the one furthest outside (or nearest to leaving) its goal."""
    lo, hi = RANGES.get(key, (-np.inf, np.inf))
    if key in ("detail_ratio", "offgrid_detail"):
        return max(values, key=lambda v: abs(np.log(v)) if v > 0 else np.inf)
    if np.isfinite(hi):
        return max(values)
    return min(values) if np.isfinite(lo) else max(values)


def summary(table: dict[str, dict[str, list[float]]]) -> str:
    """Per method, the median (worst) of every KEYS figure over the textures where it is defined, as a markdown
    table; a figure undefined on some textures says on how many."""
    lines = ["| method | " + " | ".join(KEYS) + " |", "|---|" + "---|" * len(KEYS)]
    for method, cols in table.items():
        cells = []
        for k in KEYS:
            kept, left_out = defined(cols[k])
            text = f"{np.median(kept):.3g} ({worst(k, kept):.3g})" if kept else "undef"
            cells.append(text + (f" [{left_out} undef]" if left_out else ""))
        lines.append(f"| {method} median (worst) | " + " | ".join(cells) + " |")
    return "\n".join(lines)

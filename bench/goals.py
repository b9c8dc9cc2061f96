"""DESIGN.md's goal set, checked on one output against its peers' figures."""

from __future__ import annotations

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
)
"""The figures the goals read, in table order."""
RANGES = {
    "fidelity_db": (26.0, np.inf),
    "weak_grid_ratio": (0.0, 1.2),
    "detail_ratio": (0.7, 1.4),
    "offgrid_detail": (0.7, 1.4),
    "edge_keep": (0.7, np.inf),
    "edge_hold": (0.8, np.inf),
    "edge_ringing": (-np.inf, 0.5),
}
"""Goals with fixed bounds."""


def misses(fig: dict[str, float], peers: dict[str, dict[str, float]]) -> list[str]:
    """Each goal the figures miss, as 'name value' ('name value/bound' where the bound comes from a peer)."""
    out = [f"{k} {fig[k]:.3g}" for k, (lo, hi) in RANGES.items() if not lo <= fig[k] <= hi]
    seam_goal = max(1.2, 1.1 * peers["nearest"]["seam_ratio"])
    if fig["seam_ratio"] > seam_goal:
        out.append(f"seam_ratio {fig['seam_ratio']:.3g}/{seam_goal:.3g}")
    best = min(p["detail_swd"] for p in peers.values())
    if fig["detail_swd"] >= best:
        out.append(f"detail_swd {fig['detail_swd']:.3g}/{best:.3g}")
    best = min(p["structure_swd"] for p in peers.values())
    if fig["structure_swd"] >= best:
        out.append(f"structure_swd {fig['structure_swd']:.3g}/{best:.3g}")
    return out


def row(fig: dict[str, float]) -> str:
    """The KEYS figures as markdown table cells."""
    return " | ".join(f"{fig[k]:.3g}" for k in KEYS)

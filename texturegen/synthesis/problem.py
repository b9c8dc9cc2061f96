"""What one synthesis phase (or window of one) optimises towards."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Problem:
    """What one phase (or tile) optimises towards: the structure target and the alpha, both (H, W, c)."""

    target: np.ndarray
    alpha: np.ndarray
    factor: float
    mode: str
    region_range: float
    """Colour distance beyond which two target pixels belong to different regions (never averaged together): the
    structure's own smoothing range (shapes.SMOOTH_RANGE times the seed's edge contrast), so the loss's regions are
    the ones the target was smoothed within."""
    guide: np.ndarray | None = None
    """(H, W) the art's layout at the texel scale (guide.output_guide), matched against the photos' guides."""

    def crop(self, rows: np.ndarray, cols: np.ndarray) -> Problem:
        """The same problem on a window (its borders mirrored, not wrapped)."""
        box = np.ix_(rows, cols)
        guide = None if self.guide is None else self.guide[box]
        return Problem(
            self.target[box], self.alpha[box], self.factor, "reflect", region_range=self.region_range, guide=guide
        )

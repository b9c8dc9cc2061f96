"""Is a texture's edge_ringing a rim the engine draws, or grain the figure's average does not cancel?

Run: python bench/ringing_noise.py [TEXTURE ...]   (default oak_planks bricks; needs ../shared beside the repo)
Synthesizes each texture x8 against bench/quality.py's photo with four random seeds and prints, per seed,
edge_ringing and the mean normalised luminance profile across the strong edges that the figure reads
(DESIGN.md). A rim drawn along the shapes sits at the same offset from the edge whatever the seed; grain that
only adds up because all strong edges lie on a few rows moves with it.
"""

from __future__ import annotations

import sys

from quality import fitting_photo
from shared_data import BLOCKS, REFS

from texturegen import SynthesisSettings, metrics, synthesize
from texturegen.core.png import read_png


def main() -> None:
    """Print one line per texture and random seed."""
    names = sys.argv[1:] or ["oak_planks", "bricks"]
    for name in names:
        seed, ref = read_png(BLOCKS / f"{name}.png"), read_png(REFS / f"{fitting_photo(name)}.png")
        for random_seed in range(4):
            out = synthesize(seed, [ref], SynthesisSettings(scale=8, seed=random_seed))
            profile = " ".join(f"{v:+.2f}" for v in metrics.mean_edge_profile(out, seed, 8))
            print(
                f"{name} seed {random_seed}: edge_ringing {metrics.edge_ringing(out, seed, 8):.2f}  profile {profile}"
            )
            sys.stdout.flush()


if __name__ == "__main__":
    main()

"""Output bytes change only with the engine version: a few real outputs at small settings against stored ones.

How to update honestly: when a change is meant to alter the synthesis, bump ENGINE_VERSION in
texturegen/synthesis/version.py (so doit rebuilds every texture), then run
`python -m tests.test_golden` and commit the new tests/data/golden.json with the reason in the message.
A failure without a version bump means output changed by accident: find why before touching the file.
The stored values are 2x2 px box means of each output's grey level in 8-bit steps: float noise between CPUs
stays within a step or two, while a change to the engine moves many of them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.conftest import BLOCKS, REFS
from texturegen import SynthesisSettings, synthesize
from texturegen.core.png import read_png
from texturegen.quality.metrics import box_down
from texturegen.synthesis.version import ENGINE_VERSION

pytestmark = pytest.mark.slow  # TensorFlow or doit in every test

GOLDEN = Path(__file__).with_name("data") / "golden.json"
CASES = {"stone": "rock_01", "oak_planks": "planks_00", "bricks": "bricks_02"}
"""Seed (from the sample pack) and photo (from references/) of each stored output."""
SETTINGS = SynthesisSettings(scale=4, iterations=8, match_every=3)


def fingerprint(name: str) -> list[list[int]]:
    """2x2 px box means of one output's mean RGB, in 8-bit steps."""
    out = synthesize(read_png(BLOCKS / f"{name}.png"), [read_png(REFS / f"{CASES[name]}.png")], SETTINGS)
    means = box_down(out[..., :3], 2).mean(axis=2)
    return np.rint(means * 255).astype(int).tolist()


def test_outputs_match_the_stored_ones_for_this_engine_version():
    stored = json.loads(GOLDEN.read_text())
    assert stored["engine"] == ENGINE_VERSION, (
        f"engine version {ENGINE_VERSION} has no stored outputs (golden.json has {stored['engine']}): "
        "run `python -m tests.test_golden` and commit the file with the reason"
    )
    for name in CASES:
        diff = np.abs(np.array(fingerprint(name)) - np.array(stored["outputs"][name]))
        assert diff.max() <= 4 and diff.mean() <= 0.25, (
            f"{name}: output changed without an engine version bump (max {diff.max()}, mean {diff.mean():.2f} steps)"
        )


if __name__ == "__main__":
    GOLDEN.write_text(json.dumps({"engine": ENGINE_VERSION, "outputs": {n: fingerprint(n) for n in CASES}}) + "\n")
    print(f"wrote {GOLDEN} for engine {ENGINE_VERSION}", file=sys.stderr)

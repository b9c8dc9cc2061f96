"""Where the benchmarks find ../shared (the CC BY-SA pack and CC0 photos), and the whole-pack benchmark's settings."""

from __future__ import annotations

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
PACK = SHARED / "packs" / "pixel-perfection-1.19.3"
BLOCKS = PACK / "assets" / "minecraft" / "textures" / "block"
REFS = SHARED / "references" / "color"
WHOLE_PACK = REPO / "bench" / "pixel-perfection.yaml"


def whole_pack_synthesis() -> str:
    """The `synthesis:` block of bench/pixel-perfection.yaml, for configs the benchmarks write."""
    settings = yaml.safe_load(WHOLE_PACK.read_text(encoding="utf-8"))["synthesis"]
    return yaml.safe_dump({"synthesis": settings}, sort_keys=False)

"""The plan's photo picks for `references: auto` rules: one library photo and scale per texture, cached."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

import numpy as np

from texturegen.core.errors import ImageError, PackError
from texturegen.core.png import decode_png
from texturegen.library.choose import Pick, Picker
from texturegen.library.photos import Library, load_library
from texturegen.library.words import unpictured
from texturegen.pack.layers import LayeredPack
from texturegen.pipeline.classify import SYNTH, Entry
from texturegen.pipeline.config import PipelineConfig
from texturegen.synthesis.sprite import STANDING_EDGE, edge_share

PICKS = "picks.json"
"""The pick cache in the output's .texturegen/ folder."""
SPRITE_SHARE = 0.4
"""A texture whose first frame has more than this share of transparent texels is a sprite (a flower, a torch, a
rail, a sapling), not a surface: an auto rule leaves it to `unmatched`. Leaves, at 0.23-0.36 in Pixel Perfection,
are surfaces with holes and get a photo."""
STANDING = (0.25, STANDING_EDGE)
"""Below SPRITE_SHARE, a frame more than STANDING[0] transparent whose edge (its outermost texels) is at least
STANDING[1] transparent is a sprite too: a plant or a rail stands inside its frame with space around it, where a
surface with holes tiles and reaches its edges as often as anywhere (Pixel Perfection: fern 0.39 of it transparent
and 0.70 of its edge, detector_rail 0.35 and 0.82; its leaves under 0.4 transparent at most 0.43 of their edge, and
bamboo_large_leaves 0.58)."""


@dataclass
class Picks:
    """Each auto texture's pick by its pack path, or why none was made (a seed that cannot be read)."""

    library: Library | None = None
    chosen: dict[str, Pick] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    left: dict[str, str] = field(default_factory=dict)
    """Textures of auto rules given no photo (sprites, liquids), and why."""
    standing: set[str] = field(default_factory=set)
    """Those of them that stand in their frame (a flower, a torch, a rail): `sprites:` says what they get."""

    def family(self, rel: str) -> str | None:
        """The family a texture's pick stands for: the texture's own when the photo stands for it (concrete_00 for a
        terracotta is clay), else the photo's own (None: no pick, or a photo of no family)."""
        if self.library is None or rel not in self.chosen:
            return None
        pick = self.chosen[rel]
        families = self.library.stands_for.get(pick.photo, ())
        if pick.family is not None and pick.family in families:
            return pick.family
        return families[0] if families else None

    def photo(self, rel: str) -> str:
        """The path of the photo picked for a texture."""
        assert self.library is not None
        return str(self.library.root / self.chosen[rel].photo)


def transparent_share(rgba: np.ndarray) -> float:
    """The share of transparent texels (alpha under one half) in the first square frame."""
    side = rgba.shape[1]
    return float((rgba[:side, :, 3] < 0.5).mean())


def _measured(measure: Callable[[np.ndarray], float], seed: Callable[[], np.ndarray]) -> float:
    """A figure of a seed decoded when first asked for."""
    return measure(seed())


def stands(share: float, edge: float) -> bool:
    """Whether a frame `share` transparent, `edge` of its outermost texels so, stands in its frame (STANDING)."""
    return share > STANDING[0] and edge >= STANDING[1]


def pick_all(config: PipelineConfig, pack: LayeredPack, entries: list[Entry], state: Path, write: bool) -> Picks:
    """Pick a photo for every texture an auto rule synthesizes (the cache in `state` read, and written if `write`)."""
    auto = [e for e in entries if e.action == SYNTH and e.rule is not None and e.rule.auto]
    if not auto:
        return Picks()
    library = load_library(config.library, config.limits.max_photo_pixels)
    picker = Picker(library, state / PICKS, config.limits.max_photo_pixels)
    picks = Picks(library)
    limits = config.limits.max_image_pixels
    for entry in auto:
        assert entry.texture is not None
        liquid = unpictured(entry.texture)
        if liquid:
            picks.left[entry.rel] = f"'{liquid}': no photo of the library shows it"
            continue
        try:
            data = pack.read(entry.rel)
            # one decode serves both figures when neither is cached; none when both are
            seed = cache(partial(decode_png, data, entry.rel, limits))
            share = picker.seed_figure("transparent_share", data, partial(_measured, transparent_share, seed))
            if share > STANDING[0]:
                edge = picker.seed_figure("transparent_edge", data, partial(_measured, edge_share, seed))
                if stands(share, edge):
                    picks.standing.add(entry.rel)
                    picks.left[entry.rel] = f"a sprite, not a surface: {share:.0%} transparent, {edge:.0%} of its edge"
                    continue
            if share > SPRITE_SHARE:
                picks.left[entry.rel] = f"a sprite, not a surface: {share:.0%} transparent"
                continue
            picks.chosen[entry.rel] = picker.pick(entry.texture, data, config.scale, entry.rel)
        except (ImageError, PackError) as exc:  # the texture's own task reports it
            picks.failed[entry.rel] = str(exc)
    if write:
        picker.save()
    return picks

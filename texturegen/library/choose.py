"""`references: auto`: for one texture, the library photo its path and pixels call for, and the zoom to use it at."""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from texturegen.core.atomic import atomic_write
from texturegen.core.limits import MAX_PHOTO_PIXELS
from texturegen.core.png import decode_png
from texturegen.library.looks import Look, art_look, photo_look, texel_pixels
from texturegen.library.photos import Library
from texturegen.library.words import KIN, family_of

PICK_FORMAT = 9
"""Bump when the scoring changes, so cached picks are made again."""
WEIGHTS = {"name": 4.0, "stripes": 1.5, "detail": 1.0, "fit": 1.0, "colour": 0.3}
"""What each part of the score weighs. The name outweighs all pixels together when it names a family;
colour counts little (the palette is transferred anyway)."""
KIN_NAME = 0.5
"""The name score of a photo of a related family (bricks for stone bricks)."""
ZOOM = (0.25, 3.0)
"""Zooms a photo is used at without penalty: smaller shows too little of it, larger costs matching time."""
SCALE_RANGE = (0.05, 1.0)
"""The zooms a pick may have: reference_scale's lower bound (synthesis/settings.py), and never enlarged: an
enlarged photo has no detail of its own at the texel scale. Blind, on the 57 textures of packcheck's 92 whose pick
differs from the hand rules' family, two judges put the same picks at most 1x above them enlarged up to 4x on 40 and
39 (docs/benchmarks.md), though at 1x a brick photo's courses may be smaller than the art's."""
DETAIL_CAP = 2.0
"""A photo with twice the fine detail the art needs scores twice one with just enough: blind judges chose the
candidate with more of the photo's grain, pores and fibre (docs/benchmarks.md, auto1 and auto2)."""
JOINTED = frozenset({"bricks", "stonebricks", "tiles"})
"""Masonry, whose photos show the joints between its courses: used at a smaller zoom than the art's courses call for
(a pick is never enlarged), such a photo draws mortar lines inside the art's bricks ("brick-within-brick grid
lines", blind). Planks are left out: boards within boards run along the grain, and blind the same rule on them was
a wash (docs/benchmarks.md)."""
FINE = frozenset({"sand", "snow"})
"""Materials whose grains are far finer than a texel (a block is a metre, a texel 6 cm; sand grains and snow crystals
are about a millimetre). Above ZOOM's upper bound a photo's elements are much smaller than the art's texels, so it
brings no structure of a texel's size: a fault for stone or bark, but what sand looks like, so for these the fit
has no upper bound: sand then takes gravel_00, whose grain two rounds of judges chose over every sand photo's
(docs/benchmarks.md, picks9 and auto6)."""
GRAIN_NEED = 0.375
"""A photo's grain finer than a quarter texel (its std, in luminance), per unit of the art's mean weak step, that fills
the art. Both are absolute: the synthesis keeps the photo's fine grain as it is (prepare.colour_transfer moves only
what is coarser than a texel), so a photo of low contrast brings little grain however fine it is. Set so that the
median over packcheck's 92 textures and every library photo is what it was when both were relative to their
image's spread (0.6)."""


@dataclass(frozen=True)
class Candidate:
    """One photo scored for one texture: its total, its parts and the zoom it would be used at."""

    photo: str
    score: float
    parts: dict[str, float]
    scale: float

    def why(self) -> str:
        """`name 4.00 stripes 1.20 ...`: the weighted parts."""
        return " ".join(f"{k} {v:.2f}" for k, v in self.parts.items())


@dataclass(frozen=True)
class Pick:
    """The chosen photo (its name in the library), its reference_scale, and the runner-up with both scores' parts."""

    photo: str
    scale: float
    best: Candidate
    runner_up: Candidate | None
    family: str | None

    def line(self, root: Path) -> str:
        """What `texturegen classify` prints: the photo's path first, then its scale, then the runner-up and why."""
        runner = self.runner_up
        text = f"{root / self.photo} scale {self.scale:g}"
        text += f" [{self.family or 'no family in the name'}: {self.best.score:.2f} = {self.best.why()}]"
        if runner is not None:
            text += f" runner-up {runner.photo} scale {runner.scale:g} [{runner.score:.2f} = {runner.why()}]"
        return text

    def as_dict(self) -> dict[str, Any]:
        """Plain JSON values (the pick cache)."""
        return {
            "photo": self.photo,
            "scale": self.scale,
            "family": self.family,
            "best": vars(self.best),
            "runner_up": vars(self.runner_up) if self.runner_up else None,
        }

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Pick:
        """The Pick as_dict wrote."""
        runner = raw.get("runner_up")
        return cls(
            photo=str(raw["photo"]),
            scale=float(raw["scale"]),
            family=raw.get("family"),
            best=Candidate(**raw["best"]),
            runner_up=Candidate(**runner) if runner else None,
        )


def _stripedness(look: Look, art: bool) -> float:
    """0-1: how striped. Pixel art's random texels already give a coherence near 0.35; a photo's noise near 0."""
    return min(1.0, max(0.0, (look.stripes - 0.35) / 0.5)) if art else min(1.0, look.stripes / 0.6)


def _fit(scale: float, shortfall: float, fine: bool = False) -> float:
    """1 within ZOOM (above its lower bound for a FINE material), falling off by the log of how far outside it and by
    the log of a jointed photo's shortfall."""
    low, high = ZOOM[0], math.inf if fine else ZOOM[1]
    outside = math.log(low / scale) if scale < low else math.log(scale / high) if scale > high else 0.0
    return math.exp(-outside - math.log(shortfall))


def _named(name: float, shortfall: float) -> float:
    """The name score of a jointed photo whose courses come out `shortfall` times smaller than the art's: from the
    family's own at 1 to a related family's at 2 and more, as it then brings the bricks' material, not their form."""
    if name < 1.0 or shortfall <= 1.0:
        return name
    return 1.0 - (1.0 - KIN_NAME) * min(1.0, math.log2(shortfall))


def score(texture_family: str | None, families: tuple[str, ...], art: Look, photo: Look, out_scale: int) -> Candidate:
    """Score one photo (its families, its own first) for one texture (photo is filled in by the caller)."""
    texel = texel_pixels(art, photo)
    zoom = out_scale / max(texel, 1e-6)
    family = families[0] if families else None
    name = 0.0
    if texture_family is not None:
        kin = KIN.get(texture_family, ())
        name = 1.0 if texture_family in families else KIN_NAME if any(f in kin for f in families) else 0.0
    sa, sp = _stripedness(art, True), _stripedness(photo, False)
    turn = abs(art.angle - photo.angle) % 180.0
    along = math.cos(math.radians(min(turn, 180.0 - turn))) ** 2
    stripes = 1.0 - abs(sa - sp) - 0.25 * sa * sp * (1.0 - along)
    need = GRAIN_NEED * art.detail[0]
    low, high = SCALE_RANGE
    used_zoom = min(high, max(low, zoom))
    # a masonry photo used smaller than its courses call for draws them inside the art's
    shortfall = max(1.0, zoom / used_zoom) if family in JOINTED else 1.0
    used = out_scale / used_zoom  # photo px per texel at the zoom used
    detail = min(DETAIL_CAP, photo.detail_at(used / 4) / need) if need > 0 else 1.0
    colour = 1.0 - min(1.0, 2.0 * math.dist(art.colour, photo.colour))
    raw = {
        "name": _named(name, shortfall),
        "stripes": stripes,
        "detail": detail,
        "fit": _fit(zoom, shortfall, texture_family in FINE),
        "colour": colour,
    }
    parts = {k: round(WEIGHTS[k] * v, 4) for k, v in raw.items()}
    return Candidate(photo="", score=round(sum(parts.values()), 4), parts=parts, scale=round(used_zoom, 2))


class Picker:
    """Picks photos from a library for textures, keeping the photos' looks and the picks in a JSON cache.

    The cache is keyed by the library's digest (a changed library starts it afresh), then by the output scale,
    the texture's id and its seed's digest, so the same inputs and library give the same picks without work.
    """

    def __init__(self, library: Library, cache: Path | None = None, max_pixels: int = MAX_PHOTO_PIXELS) -> None:
        """Open the cache (a missing or stale one is empty)."""
        self.library, self.cache, self.max_pixels = library, cache, max_pixels
        self.looks: dict[str, Look] = {}
        self.picks: dict[str, dict[str, Any]] = {}
        self.figures: dict[str, float] = {}
        self.changed = False
        raw = self._read()
        if raw.get("format") == PICK_FORMAT and raw.get("library") == library.digest:
            self.looks = {k: Look.from_dict(v) for k, v in raw.get("photos", {}).items()}
            self.picks = dict(raw.get("picks", {}))
            self.figures = {k: float(v) for k, v in raw.get("figures", {}).items()}

    def _read(self) -> dict[str, Any]:
        """The cache file's content, or {} when there is none or it cannot be read."""
        if self.cache is None:
            return {}
        try:
            raw = json.loads(self.cache.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return raw if isinstance(raw, dict) else {}

    def _photo_looks(self) -> dict[str, Look]:
        """Every library photo's Look, measured once (and cached)."""
        for photo in self.library.photos:
            if photo.name not in self.looks:
                self.looks[photo.name] = photo_look(
                    decode_png(photo.path.read_bytes(), str(photo.path), self.max_pixels)
                )
                self.changed = True
        return self.looks

    def candidates(self, texture: str, seed: bytes, out_scale: int, seed_name: str = "") -> list[Candidate]:
        """Every photo scored for one texture, best first (ties broken by name: deterministic)."""
        art = art_look(decode_png(seed, seed_name or texture))
        family = family_of(texture)
        looks = self._photo_looks()
        scored = []
        for photo in self.library.photos:
            candidate = score(family, photo.families, art, looks[photo.name], out_scale)
            scored.append(Candidate(photo.name, candidate.score, candidate.parts, candidate.scale))
        return sorted(scored, key=lambda c: (-c.score, c.photo))

    def pick(self, texture: str, seed: bytes, out_scale: int, seed_name: str = "") -> Pick:
        """The best photo for one texture and its scale, from the cache when this seed was picked for before."""
        key = f"{out_scale}|{texture}|{hashlib.sha256(seed).hexdigest()}"
        if key in self.picks:
            return Pick.from_dict(self.picks[key])
        ranked = self.candidates(texture, seed, out_scale, seed_name)
        best = ranked[0]
        chosen = Pick(
            photo=best.photo,
            scale=best.scale,
            best=best,
            runner_up=ranked[1] if len(ranked) > 1 else None,
            family=family_of(texture),
        )
        self.picks[key] = chosen.as_dict()
        self.changed = True
        return chosen

    def seed_figure(self, what: str, seed: bytes, measure: Callable[[], float]) -> float:
        """A figure of a seed (`what` names it) from the cache, measured once per seed digest: a plan with
        nothing new decodes no seed."""
        key = f"{what}|{hashlib.sha256(seed).hexdigest()}"
        if key not in self.figures:
            self.figures[key] = float(measure())
            self.changed = True
        return self.figures[key]

    def save(self) -> None:
        """Write the cache when something was added to it."""
        if self.cache is None or not self.changed:
            return
        data = {
            "format": PICK_FORMAT,
            "library": self.library.digest,
            "photos": {k: v.as_dict() for k, v in sorted(self.looks.items())},
            "picks": dict(sorted(self.picks.items())),
            "figures": dict(sorted(self.figures.items())),
        }
        atomic_write(self.cache, (json.dumps(data, sort_keys=True) + "\n").encode("utf-8"))
        self.changed = False

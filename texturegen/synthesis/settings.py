"""Synthesis settings: one frozen object, validated before any TensorFlow work."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from texturegen.core.errors import SettingError

NETWORKS = ("random", "vgg19")
TILINGS = ("wrap", "none")
COLOURS = ("seed", "reference")
RANDOM_LAYERS = (
    "conv1_1",
    "conv1_2",
    "conv2_1",
    "conv2_2",
    "conv3_1",
    "conv3_2",
    "conv3_3",
    "conv4_1",
    "conv4_2",
    "conv4_3",
)


@dataclass(frozen=True)
class SynthesisSettings:
    """How one texture is synthesized; every field documents effect, hint, range and default."""

    scale: int = 8
    """Output side / seed side. Power of two, 1-64. Default 8 (16 px -> 128 px)."""
    network: str = "random"
    """Feature network: `random` (built in, fixed seed) or `vgg19` (needs `weights`). Default random."""
    weights: str | None = None
    """Local Keras weights file for `vgg19`. Never downloaded. Default none."""
    layers: tuple[str, ...] = ("conv2_1", "conv3_1")
    """Layers whose 3x3 patches are matched; deeper = larger structures. Default conv2_1, conv3_1."""
    iterations: int = 30
    """L-BFGS-B evaluations per phase, all spent; more = closer to the references, slower. 1-1000, default 30."""
    phases: int = 1
    """Coarse-to-fine passes at 1/2^k size; 2 helps large outputs. 1-4, default 1."""
    match_every: int = 6
    """Evaluations between patch re-matchings; 1 re-matches every evaluation (slowest). Default 6."""
    variety: float = 0.5
    """How far the photo takes over from the pixels. 0: every texel keeps its level and outline (the pixels stay
    visible), each piece of the photo from the one place that fits the art best. 0.5: lone texels and short runs
    give way to the photo (their weak steps smoothed), pieces drawn from three places. 1: half of every weak step
    too, small marks' outlines wandering with the photo's grain, five places; the patch matching also penalises
    reference patches already used. 0-2, default 0.5."""
    style_weight: float = 1.0
    """Weight of the patch (photo likeness) loss; its matches are chosen on the features and the guides. >= 0,
    default 1."""
    content_weight: float = 1.0
    """Weight of keeping the seed's colours and shapes; raise if results drift. >= 0, default 1."""
    smoothness: float = 0.05
    """Total-variation weight; raise against speckle noise. >= 0, default 0.05."""
    detail: float = 1.0
    """Photo grain laid on the seed's shapes in the start image: 1 = the photo's own amplitude. 0-4, default 1."""
    memory_mb: int = 512
    """Upper bound for the patch score matrix and the tile size. 16-65536, default 512."""
    tiling: str = "wrap"
    """`wrap`: output tiles seamlessly (blocks). `none`: sprites that do not repeat. Default wrap."""
    colour: str = "seed"
    """`seed`: references take the seed's colour statistics; `reference`: keep the photo's. Default seed."""
    greyscale: bool = False
    """Force a greyscale result (tinted textures). A greyscale seed always gives one. Default false."""
    reference_scale: float | str = "auto"
    """`auto`: a photo covers one block, so one larger than the output frame shrinks to it; or a factor 0.05-8."""
    orient: bool = True
    """Lay a striped photo's grain along the seed's stripes: turned 90 degrees when they cross (board photos for
    planks), and board by board on a seed striped both ways (fences, doors, trapdoors). Default true."""
    seed: int = 0
    """Random seed for the network weights and detail placement. Default 0."""

    def __post_init__(self) -> None:
        """Take a list of layers as a tuple, then check every field against its range."""
        if isinstance(self.layers, list):
            object.__setattr__(self, "layers", tuple(self.layers))
        validate(self)

    def replace(self, **changes: Any) -> SynthesisSettings:
        """Return a copy with some fields changed (validated)."""
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """Return the settings as plain JSON-able values."""
        out = dataclasses.asdict(self)
        out["layers"] = list(self.layers)
        return out


FIELDS = {f.name: f for f in dataclasses.fields(SynthesisSettings)}
REMOVED = {
    "edge_keep": "engine version 15 keeps shapes with its structure target, not a contrast goal",
    "edge_weight": "engine version 15 has no separate edge term; content_weight holds the shapes",
}
"""Settings an older engine had, with why they are gone (a config naming one gets a clear error)."""


def _check(ok: bool, name: str, value: Any, allowed: str) -> None:
    """Raise a SettingError quoting the setting, its value and the allowed range."""
    if not ok:
        raise SettingError(f"setting '{name}' = {value!r}: must be {allowed}")


def _is_int(value: Any) -> bool:
    """True for a real int (not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool)


def _is_num(value: Any) -> bool:
    """True for an int or float (not a bool)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


SCALES = (1, 2, 4, 8, 16, 32, 64)
"""The output scales: powers of two up to 64 (the config's `scale` and `texturegen init --scale`)."""


def validate(s: SynthesisSettings) -> None:
    """Raise SettingError for the first field outside its range."""
    _check(
        _is_int(s.scale) and s.scale in SCALES,
        "scale",
        s.scale,
        "a power of two from 1 to 64",
    )
    _check(s.network in NETWORKS, "network", s.network, "one of " + ", ".join(NETWORKS))
    _check(s.weights is None or isinstance(s.weights, (str, Path)), "weights", s.weights, "a file path")
    if s.network == "vgg19":
        _check(s.weights is not None, "weights", s.weights, "a local Keras weights file for network vgg19")
    _check(isinstance(s.layers, tuple) and len(s.layers) > 0, "layers", s.layers, "a non-empty list")
    if s.network == "random":
        for layer in s.layers:
            _check(layer in RANDOM_LAYERS, "layers", layer, "one of " + ", ".join(RANDOM_LAYERS))
    _check(_is_int(s.iterations) and 1 <= s.iterations <= 1000, "iterations", s.iterations, "an integer from 1 to 1000")
    _check(_is_int(s.phases) and 1 <= s.phases <= 4, "phases", s.phases, "an integer from 1 to 4")
    _check(
        _is_int(s.match_every) and 1 <= s.match_every <= 1000, "match_every", s.match_every, "an integer from 1 to 1000"
    )
    _check(_is_num(s.variety) and 0 <= s.variety <= 2, "variety", s.variety, "a number from 0 to 2")
    for name in ("style_weight", "content_weight", "smoothness"):
        value = getattr(s, name)
        _check(_is_num(value) and 0 <= value <= 1e6, name, value, "a number from 0 to 1e6")
    _check(_is_num(s.detail) and 0 <= s.detail <= 4, "detail", s.detail, "a number from 0 to 4")
    _check(_is_int(s.memory_mb) and 16 <= s.memory_mb <= 65536, "memory_mb", s.memory_mb, "an integer from 16 to 65536")
    _check(s.tiling in TILINGS, "tiling", s.tiling, "one of " + ", ".join(TILINGS))
    _check(s.colour in COLOURS, "colour", s.colour, "one of " + ", ".join(COLOURS))
    _check(isinstance(s.greyscale, bool), "greyscale", s.greyscale, "true or false")
    _check(isinstance(s.orient, bool), "orient", s.orient, "true or false")
    _check(
        s.reference_scale == "auto" or (_is_num(s.reference_scale) and 0.05 <= float(s.reference_scale) <= 8),
        "reference_scale",
        s.reference_scale,
        "auto or a number from 0.05 to 8",
    )
    _check(_is_int(s.seed) and 0 <= s.seed < 2**31, "seed", s.seed, "an integer from 0 to 2^31-1")


def settings_from_mapping(
    values: dict[str, Any], base: SynthesisSettings | None = None, where: str = "synthesis"
) -> SynthesisSettings:
    """Build settings from a mapping of overrides, naming `where` for unknown keys."""
    base = base or SynthesisSettings()
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key in REMOVED:
            raise SettingError(f"{where}: setting '{key}' was removed ({REMOVED[key]}): delete it")
        if key not in FIELDS:
            raise SettingError(f"{where}: unknown setting '{key}' (known: {', '.join(sorted(FIELDS))})")
        if key == "layers" and isinstance(value, (list, tuple)):
            value = tuple(value)
        if key == "weights" and value is not None:
            value = str(value)
        if FIELDS[key].type in ("float", "float | str") and _is_int(value):
            value = float(value)
        changes[key] = value
    return base.replace(**changes)

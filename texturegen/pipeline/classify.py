"""What each file of a pack is, and what the pipeline does with it."""

from __future__ import annotations

from dataclasses import dataclass

from texturegen.core.globs import matches
from texturegen.pack.models import ModelIndex, is_tinted_name
from texturegen.pack.resourcepack import PackFiles, texture_folder, texture_id
from texturegen.pipeline.config import PipelineConfig, Rule

SYNTH, COPY, NEAREST, SMOOTH, MCMETA = "synth", "copy", "nearest", "smooth", "mcmeta"

SMOOTH_FOLDERS = ("block", "item", "entity", "particle", "mob_effect", "painting", "models", "trims")
"""Texture folders whose images are pictures, safe to redraw smoothly. Everything else stays nearest when
`smooth` is asked for: GUI slices, map icons and sky images are drawn to the pixel or read as data."""

# Format facts (MINECRAFT.md): these are never synthesized, whatever the rules say.
BUILTIN = (
    ("*:colormap/*", COPY, "colormap (lookup table)"),
    ("*:trims/color_palettes/*", COPY, "trim palette (exact colours)"),
    ("*:font/*", NEAREST, "font sheet (glyph widths from alpha)"),
    ("*_n", NEAREST, "LabPBR normal map (channels are codes)"),
    ("*_s", NEAREST, "LabPBR specular map (channels are codes)"),
    ("*_e", NEAREST, "emissive overlay (keeps its base's geometry)"),
)


@dataclass(frozen=True)
class Entry:
    """One pack file and its fate: synth (with a rule), copy, nearest, or the pack.mcmeta task."""

    rel: str
    action: str
    reason: str
    texture: str | None = None
    rule: Rule | None = None
    tinted: bool = False


def _first(globs: tuple[str, ...], tex: str) -> str | None:
    """The first glob matching a texture id."""
    return next((g for g in globs if matches(tex, g)), None)


def classify_texture(
    tex: str, config: PipelineConfig, tinted: set[str], used: set[str] | None = None
) -> tuple[str, str, Rule | None]:
    """(action, reason, rule) for one texture id."""
    hit = _first(config.copy, tex)
    if hit:
        return COPY, f"copy: {hit}", None
    hit = _first(config.nearest, tex)
    if hit:
        return NEAREST, f"nearest: {hit}", None
    for glob, action, why in BUILTIN:
        if matches(tex, glob):
            return action, why, None
    hit = _first(config.smooth, tex)
    if hit:
        return safe_action(SMOOTH, tex, f"smooth: {hit}")
    for rule in config.rules:
        if matches(tex, rule.match):
            if used is not None and tex not in used:
                return safe_action(config.unmatched, tex, "not used by only_used_by")
            return SYNTH, f"rules[{rule.index}]: {rule.match}", rule
    return safe_action(config.unmatched, tex, "unmatched")


def safe_action(action: str, tex: str, reason: str) -> tuple[str, str, None]:
    """`smooth` only where SMOOTH_FOLDERS allow it; nearest elsewhere, saying why."""
    folder = texture_folder(tex)
    if action == SMOOTH and folder not in SMOOTH_FOLDERS:
        return NEAREST, f"{reason}; nearest, not smooth: {folder}/ is drawn to the pixel", None
    return action, reason, None


def classify(
    pack: PackFiles, config: PipelineConfig, used: set[str] | None = None, models: ModelIndex | None = None
) -> list[Entry]:
    """Classify every file of the pack, in path order (reading its models once, or using `models`)."""
    tinted = (models or ModelIndex(pack)).tinted()
    entries = []
    for rel in pack.files():
        if rel == "pack.mcmeta":
            entries.append(Entry(rel, MCMETA, "pack metadata"))
            continue
        tex = texture_id(rel)
        if tex is None:
            action = config.unmatched if rel.endswith(".png") and rel != "pack.png" else COPY
            action = NEAREST if action == SMOOTH else action
            entries.append(Entry(rel, action, "not a texture" if action == COPY else "image outside textures/"))
            continue
        action, reason, rule = classify_texture(tex, config, tinted, used)
        is_tint = tex in tinted or is_tinted_name(tex)
        entries.append(Entry(rel, action, reason, texture=tex, rule=rule, tinted=is_tint))
    return entries


def unmatched_rules(entries: list[Entry], config: PipelineConfig) -> list[Rule]:
    """Rules whose `match` found no texture (a warning, not an error)."""
    hit = {e.rule.index for e in entries if e.rule is not None}
    textures = [e.texture for e in entries if e.texture]
    return [r for r in config.rules if r.index not in hit and not any(matches(t, r.match) for t in textures)]

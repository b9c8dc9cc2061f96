"""Load and validate pipeline.yaml into frozen dataclasses (no TensorFlow here)."""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from texturegen.core.errors import ConfigError, SettingError
from texturegen.core.globs import MAX_ALTERNATIVES, alternatives
from texturegen.core.limits import Limits
from texturegen.library.photos import SHIPPED
from texturegen.pbr.materials import MATERIALS
from texturegen.synthesis.settings import FIELDS, SynthesisSettings, settings_from_mapping

TOP_KEYS = (
    "input",
    "output",
    "scale",
    "synthesis",
    "rules",
    "copy",
    "nearest",
    "smooth",
    "unmatched",
    "sprites",
    "only_used_by",
    "pack_format",
    "max_strip_height",
    "max_image_pixels",
    "max_photo_pixels",
    "max_output_pixels",
    "cache",
    "executor",
    "library",
    "pbr",
)
RULE_KEYS = ("match", "references", "material")
PBR = ("off", "labpbr")
"""`pbr:` values: no maps (the default), or LabPBR `_n`/`_s` maps beside each synthesized texture (texturegen/pbr/)."""
AUTO = "auto"
"""`references: auto`: each texture's photo is picked from the library (texturegen/library/)."""
UNMATCHED = ("nearest", "smooth", "copy")
"""`unmatched:` values. `nearest` is the default: particles, status-effect icons and paintings stay as drawn (blind,
judges preferred their plain pixels to `smooth`), entities too; `smooth:` globs choose where the clean-shape redraw
goes (the sample smooths items)."""
SPRITES = ("nearest", "smooth", "unmatched")
"""`sprites:` values: what an auto rule does with a sprite-like block texture it gives no photo (a flower, a torch, a
rail: standing in its frame): nearest (the default: blind, two judges preferred the plain pixels on 37 and 30 of 40;
candles, torches and levers are wrapped on small models, whose corners `smooth` rounds into holes, and vines and bars
must meet the next block), redrawn by `smooth`, or whatever `unmatched` says."""


class _Map(dict):
    """A YAML mapping that remembers the line of each key."""

    line: int = 0
    lines: dict[Any, int]


class _List(list):
    """A YAML sequence that remembers the line of each item."""

    line: int = 0
    lines: list[int]


class _Duplicate(Exception):
    """A key that appears twice in one mapping (converted to a ConfigError with the file name)."""

    def __init__(self, line: int, key: Any) -> None:
        """Keep the line and key."""
        super().__init__(line, key)
        self.line, self.key = line, key


MAX_ALIASES = 64
"""YAML aliases (`*name`) one config may use: a handful share settings; nested thousands are a bomb."""


class _Aliases(Exception):
    """More aliases than MAX_ALIASES (converted to a ConfigError naming the line)."""

    def __init__(self, line: int) -> None:
        """Keep the line of the alias over the bound."""
        super().__init__(line)
        self.line = line


class _Loader(yaml.SafeLoader):
    """SafeLoader keeping line numbers, refusing duplicate keys and more than MAX_ALIASES aliases."""

    aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        """Count aliases as they are read, before anything expands them."""
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                raise _Aliases(self.peek_event().start_mark.line + 1)
        return super().compose_node(parent, index)


def _mapping(loader: _Loader, node: yaml.MappingNode) -> _Map:
    """Construct a mapping with key lines; duplicate keys are errors."""
    out = _Map()
    out.line, out.lines = node.start_mark.line + 1, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in out:
            raise _Duplicate(key_node.start_mark.line + 1, key)
        out[key] = loader.construct_object(value_node, deep=True)
        out.lines[key] = key_node.start_mark.line + 1
    return out


def _sequence(loader: _Loader, node: yaml.SequenceNode) -> _List:
    """Construct a sequence with item lines."""
    out = _List(loader.construct_object(n, deep=True) for n in node.value)
    out.line, out.lines = node.start_mark.line + 1, [n.start_mark.line + 1 for n in node.value]
    return out


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _sequence)


@dataclass(frozen=True)
class Rule:
    """One rule: textures matching `match` are synthesized against `references` with `settings`."""

    index: int
    match: str
    references: tuple[Path, ...]
    settings: SynthesisSettings
    overrides: tuple[str, ...]
    line: int
    auto: bool = False
    """`references: auto`: `references` is empty and each texture's photo is picked from the library."""
    material: str | None = None
    """`material:` (a key of pbr.materials.MATERIALS) for the LabPBR maps; None guesses it from the path's words."""


@dataclass(frozen=True)
class PipelineConfig:
    """A validated pipeline.yaml; paths are absolute."""

    path: Path
    inputs: tuple[Path, ...]
    """Packs and mod jars, bottom first: later files override earlier ones."""
    output: Path
    scale: int
    synthesis: SynthesisSettings
    rules: tuple[Rule, ...]
    copy: tuple[str, ...]
    nearest: tuple[str, ...]
    unmatched: str
    only_used_by: tuple[Path, ...]
    pack_format: str | int
    limits: Limits
    smooth: tuple[str, ...] = ()
    """Globs of textures redrawn with clean shapes and no photo (texturegen/synthesis/sprite.py)."""
    sprites: str = "nearest"
    """What an auto rule does with the sprite-like block textures it gives no photo (SPRITES)."""
    cache: Path | None = None
    """The shared store of synthesized textures (`cache:` or TEXTUREGEN_CACHE), or None."""
    dask: str | None = None
    """The Dask scheduler that runs the syntheses (`executor: {dask: ADDRESS}` or TEXTUREGEN_DASK_SCHEDULER)."""
    library: Path = SHIPPED
    """The photos `references: auto` picks from (`library:`; default the shipped references/library/)."""
    pbr: bool = False
    """`pbr: labpbr`: each synthesized texture also gets LabPBR `_n` and `_s` maps (texturegen/pbr/)."""

    @property
    def zip_path(self) -> Path:
        """`<output>.zip`, beside the output folder."""
        return self.output.with_name(self.output.name + ".zip")

    @property
    def preview_path(self) -> Path:
        """`<output>-preview.png`, beside the output folder."""
        return self.output.with_name(self.output.name + "-preview.png")


class _Ctx:
    """Error helper: `file:line: message`."""

    def __init__(self, path: Path) -> None:
        """Remember the config file."""
        self.path = path

    def fail(self, line: int, message: str) -> ConfigError:
        """A ConfigError at a line of the file."""
        return ConfigError(f"{self.path}:{line}: {message}")


def _line(node: Any, key: Any = None) -> int:
    """Line of a key in a mapping, or of the node itself."""
    if isinstance(node, _Map) and key is not None:
        return node.lines.get(key, node.line)
    return getattr(node, "line", 0)


def _str_list(ctx: _Ctx, doc: _Map, key: str) -> tuple[str, ...]:
    """A list of strings (a single string counts as a list of one)."""
    value = doc.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ctx.fail(_line(doc, key), f"'{key}' must be a list of strings, got {value!r}")
    return tuple(value)


def _globs(ctx: _Ctx, doc: _Map, key: str) -> tuple[str, ...]:
    """A list of `namespace:path` globs, none standing for more than MAX_ALTERNATIVES plain ones."""
    out = _str_list(ctx, doc, key)
    for pattern in out:
        if alternatives(pattern) > MAX_ALTERNATIVES:
            raise ctx.fail(
                _line(doc, key), f"'{key}': '{pattern[:60]}' has more than {MAX_ALTERNATIVES} {{a,b}} alternatives"
            )
    return out


def _int(ctx: _Ctx, doc: _Map, key: str, default: int, *, low: int, high: int) -> int:
    """An integer within [low, high]."""
    value = doc.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ctx.fail(_line(doc, key), f"'{key}' = {value!r}: must be an integer from {low} to {high}")
    return value


def _settings(ctx: _Ctx, node: Any, base: SynthesisSettings, where: str) -> SynthesisSettings:
    """Synthesis settings overridden by a mapping's synthesis keys, errors at the key's line."""
    values = {k: v for k, v in node.items() if k in FIELDS}
    for key, value in values.items():
        try:
            settings_from_mapping({key: value}, base, where)
        except SettingError as exc:
            raise ctx.fail(_line(node, key), f"{where}.{key}: {exc}") from None
    try:
        return settings_from_mapping(values, base, where)
    except SettingError as exc:
        raise ctx.fail(_line(node), f"{where}: {exc}") from None


def _expand(ctx: _Ctx, pattern: str) -> list[Path]:
    """The paths a glob relative to the config file's folder matches, sorted."""
    full = pattern if os.path.isabs(pattern) else str(ctx.path.parent / pattern)
    return sorted(Path(p) for p in glob.glob(full))


def _references(ctx: _Ctx, rule: _Map, where: str) -> tuple[Path, ...]:
    """Reference files from globs relative to the config file; a glob finding nothing is an error."""
    patterns = _str_list(ctx, rule, "references")
    if not patterns:
        raise ctx.fail(_line(rule), f"{where}: 'references' must list at least one file or glob")
    found: list[Path] = []
    for pattern in patterns:
        hits = [h for h in _expand(ctx, pattern) if h.is_file()]
        if not hits:
            raise ctx.fail(_line(rule, "references"), f"{where}.references: '{pattern}' matches no file")
        found.extend(h.resolve() for h in hits if h.resolve() not in found)
    return tuple(found)


def _rule_references(ctx: _Ctx, rule: _Map, where: str, auto: bool) -> tuple[Path, ...] | None:
    """A rule's photos from its globs, or None for `references: auto` (said, or the `synthesis` default)."""
    raw = rule.get("references")
    if raw == AUTO or (raw is None and auto):
        return None
    if raw is None:
        raise ctx.fail(_line(rule), f"{where}: 'references' must list at least one file or glob, or be auto")
    return _references(ctx, rule, where)


def _rules(ctx: _Ctx, doc: _Map, base: SynthesisSettings, auto: bool) -> tuple[Rule, ...]:
    """Validate the ordered rule list; `auto` when `synthesis` says `references: auto`."""
    raw = doc.get("rules", [])
    if not isinstance(raw, list):
        raise ctx.fail(_line(doc, "rules"), f"'rules' must be a list, got {type(raw).__name__}")
    rules = []
    for i, rule in enumerate(raw):
        where = f"rules[{i}]"
        line = raw.lines[i] if isinstance(raw, _List) else 0
        if not isinstance(rule, _Map):
            raise ctx.fail(line, f"{where} must be a mapping with 'match' and 'references'")
        for key in rule:
            if key not in RULE_KEYS and key not in FIELDS:
                raise ctx.fail(
                    _line(rule, key),
                    f"{where}: unknown key '{key}' (known: match, references, material, or a synthesis setting)",
                )
        if "scale" in rule:
            raise ctx.fail(_line(rule, "scale"), f"{where}: 'scale' is set once, at the top level")
        match = rule.get("match")
        if not isinstance(match, str) or ":" not in match:
            raise ctx.fail(_line(rule, "match"), f"{where}.match = {match!r}: must be a glob on 'namespace:path'")
        if alternatives(match) > MAX_ALTERNATIVES:
            raise ctx.fail(_line(rule, "match"), f"{where}.match has more than {MAX_ALTERNATIVES} {{a,b}} alternatives")
        settings = _settings(ctx, rule, base, where)
        overrides = tuple(sorted(k for k in rule if k in FIELDS))
        references = _rule_references(ctx, rule, where, auto)
        material = rule.get("material")
        if material is not None and material not in MATERIALS:
            raise ctx.fail(
                _line(rule, "material"), f"{where}.material = {material!r}: must be one of {', '.join(MATERIALS)}"
            )
        rules.append(
            Rule(
                index=i,
                match=match,
                references=references or (),
                settings=settings,
                overrides=overrides,
                line=line,
                auto=references is None,
                material=material,
            )
        )
    return tuple(rules)


def _inputs(ctx: _Ctx, doc: _Map, base_dir: Path) -> tuple[Path, ...]:
    """`input`: one path or a list; each may be a glob (`mods/*.jar`), expanded in sorted order."""
    raw = doc.get("input")
    entries = [raw] if isinstance(raw, str) else raw
    if not isinstance(entries, list) or not entries or not all(isinstance(e, str) and e for e in entries):
        raise ctx.fail(_line(doc, "input"), f"'input' must be a path or a list of paths, got {raw!r}")
    found: list[Path] = []
    for entry in entries:
        if any(c in entry for c in "*?["):
            hits = _expand(ctx, entry)
            if not hits:
                raise ctx.fail(_line(doc, "input"), f"input: '{entry}' matches no pack or jar")
        else:
            hits = [Path(entry) if os.path.isabs(entry) else base_dir / entry]
        for hit in hits:
            if hit.resolve() in found:
                raise ctx.fail(_line(doc, "input"), f"input: '{hit}' is listed twice")
            found.append(hit.resolve())
    return tuple(found)


def _folder(ctx: _Ctx, doc: _Map, key: str, base_dir: Path) -> Path | None:
    """A folder path relative to the config, or None when the key is absent."""
    raw = doc.get(key)
    if raw is None:
        return None
    if not isinstance(raw, str) or not raw:
        raise ctx.fail(_line(doc, key), f"'{key}' must be a folder path, got {raw!r}")
    return (base_dir / raw).resolve()


def _cache(ctx: _Ctx, doc: _Map, base_dir: Path) -> Path | None:
    """The cache folder: TEXTUREGEN_CACHE when set (a CI job's shared folder), else `cache:`, else None."""
    env = os.environ.get("TEXTUREGEN_CACHE")
    if env:
        return Path(env).resolve()
    path = _folder(ctx, doc, "cache", base_dir)
    if path is not None and path.exists() and not path.is_dir():
        raise ctx.fail(_line(doc, "cache"), f"cache '{path}' is a file, not a folder")
    return path


def _executor(ctx: _Ctx, doc: _Map) -> str | None:
    """The Dask scheduler's address, or None to synthesize locally (`executor: local`, the default)."""
    env = os.environ.get("TEXTUREGEN_DASK_SCHEDULER")
    if env:
        return env
    raw = doc.get("executor", "local")
    if raw == "local":
        return None
    address = raw.get("dask") if isinstance(raw, dict) and set(raw) == {"dask"} else None
    if not isinstance(address, str) or not address:
        raise ctx.fail(_line(doc, "executor"), f"'executor' = {raw!r}: must be local or {{dask: \"tcp://host:8786\"}}")
    return address


def _check_output_path(ctx: _Ctx, doc: _Map, base_dir: Path) -> None:
    """Refuse an output that is a symbolic link (zip and preview would land beside its target) or is under a file."""
    raw = base_dir / str(doc["output"])
    if raw.is_symlink():
        raise ctx.fail(_line(doc, "output"), f"output '{raw}' is a symbolic link; give the folder it points to")
    for parent in raw.resolve().parents:
        if parent.exists() and not parent.is_dir():
            raise ctx.fail(_line(doc, "output"), f"output '{raw}': '{parent}' is a file, not a folder")


def _read(ctx: _Ctx, path: str | os.PathLike[str], file: Path) -> _Map:
    """The config file's top mapping with only known keys (ConfigError naming its line otherwise)."""
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        line = file.read_bytes()[: exc.start].count(b"\n") + 1
        raise ctx.fail(line, "not UTF-8 text") from None
    try:
        doc = yaml.load(text, Loader=_Loader)
    except _Duplicate as dup:
        raise ctx.fail(dup.line, f"key '{dup.key}' appears twice") from None
    except _Aliases as bomb:
        raise ctx.fail(bomb.line, f"more than {MAX_ALIASES} YAML aliases (*name): refused as a bomb") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        raise ctx.fail(line, f"not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    if not isinstance(doc, _Map):  # the loader builds every mapping as a _Map
        raise ctx.fail(1, "must be a mapping of keys (input, output, scale, rules, ...)")
    for key in doc:
        if key not in TOP_KEYS:
            raise ctx.fail(_line(doc, key), f"unknown key '{key}' (known: {', '.join(TOP_KEYS)})")
    return doc


def _base_settings(ctx: _Ctx, doc: _Map) -> SynthesisSettings:
    """The top-level scale and `synthesis` defaults; the settings hold the one scale rule."""
    try:
        scale = SynthesisSettings(scale=doc.get("scale", SynthesisSettings.scale)).scale
    except SettingError as exc:
        raise ctx.fail(_line(doc, "scale"), str(exc).removeprefix("setting ")) from None
    synth = doc.get("synthesis", {}) or {}
    if not isinstance(synth, dict):
        raise ctx.fail(_line(doc, "synthesis"), "'synthesis' must be a mapping of settings")
    for key in synth:
        if key == "references":
            if synth[key] != AUTO:
                raise ctx.fail(_line(synth, key), f"synthesis.references = {synth[key]!r}: only auto is a default")
            continue
        if key not in FIELDS or key == "scale":
            raise ctx.fail(
                _line(synth, key),
                f"synthesis: unknown setting '{key}' (known: {', '.join(k for k in sorted(FIELDS) if k != 'scale')})",
            )
    return _settings(ctx, synth, SynthesisSettings(scale=scale), "synthesis")


def _library(ctx: _Ctx, doc: _Map, base_dir: Path) -> Path:
    """`library:`, a folder of photos relative to the config (default the shipped one); it must exist."""
    path = _folder(ctx, doc, "library", base_dir)
    if path is None:
        return SHIPPED
    if not path.is_dir():
        raise ctx.fail(_line(doc, "library"), f"library '{path}': not a folder")
    return path


def _limits(ctx: _Ctx, doc: _Map) -> Limits:
    """The size limits of textures, photos, strips and synthesized outputs."""
    return Limits(
        max_image_pixels=_int(ctx, doc, "max_image_pixels", Limits.max_image_pixels, low=256, high=1 << 30),
        max_strip_height=_int(ctx, doc, "max_strip_height", Limits.max_strip_height, low=16, high=1 << 20),
        max_output_pixels=_int(ctx, doc, "max_output_pixels", Limits.max_output_pixels, low=256, high=1 << 32),
        max_photo_pixels=_int(ctx, doc, "max_photo_pixels", Limits.max_photo_pixels, low=256, high=1 << 30),
    )


def load_config(path: str | os.PathLike[str]) -> PipelineConfig:
    """Read and validate a pipeline.yaml; raise ConfigError naming file, line and key."""
    file = Path(path).resolve()
    ctx = _Ctx(Path(path))
    doc = _read(ctx, path, file)
    base_dir = file.parent
    if not isinstance(doc.get("output"), str) or not doc.get("output"):
        raise ctx.fail(_line(doc, "output"), f"'output' must be a path, got {doc.get('output')!r}")
    base = _base_settings(ctx, doc)
    unmatched = doc.get("unmatched", "nearest")
    if unmatched not in UNMATCHED:
        raise ctx.fail(_line(doc, "unmatched"), f"'unmatched' = {unmatched!r}: must be nearest, smooth or copy")
    sprites = doc.get("sprites", "nearest")
    if sprites not in SPRITES:
        raise ctx.fail(_line(doc, "sprites"), f"'sprites' = {sprites!r}: must be nearest, smooth or unmatched")
    pack_format = doc.get("pack_format", "keep")
    if pack_format not in ("keep", "auto") and not (
        isinstance(pack_format, int) and not isinstance(pack_format, bool) and pack_format > 0
    ):
        raise ctx.fail(_line(doc, "pack_format"), f"'pack_format' = {pack_format!r}: must be keep, auto or an integer")
    _check_output_path(ctx, doc, base_dir)
    used = tuple((base_dir / p).resolve() for p in _str_list(ctx, doc, "only_used_by"))
    for p in used:
        if not p.exists():
            raise ctx.fail(_line(doc, "only_used_by"), f"only_used_by: '{p}' not found")
    return PipelineConfig(
        path=file,
        inputs=_inputs(ctx, doc, base_dir),
        output=(base_dir / doc["output"]).resolve(),
        scale=base.scale,
        synthesis=base,
        rules=_rules(ctx, doc, base, (doc.get("synthesis") or {}).get("references") == AUTO),
        copy=_globs(ctx, doc, "copy"),
        nearest=_globs(ctx, doc, "nearest"),
        smooth=_globs(ctx, doc, "smooth"),
        unmatched=unmatched,
        sprites=sprites,
        only_used_by=used,
        pack_format=pack_format,
        cache=_cache(ctx, doc, base_dir),
        dask=_executor(ctx, doc),
        limits=_limits(ctx, doc),
        library=_library(ctx, doc, base_dir),
        pbr=_pbr(ctx, doc),
    )


def _pbr(ctx: _Ctx, doc: _Map) -> bool:
    """`pbr: labpbr` (maps beside each synthesized texture) or `off` (the default)."""
    value = doc.get("pbr", "off")
    if value is False:  # YAML reads a bare `off` as false
        value = "off"
    if value not in PBR:
        raise ctx.fail(_line(doc, "pbr"), f"'pbr' = {value!r}: must be off or labpbr")
    return value == "labpbr"

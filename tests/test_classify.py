"""The classification table of the sample pack."""

from tests.conftest import ROOT
from texturegen.pipeline.classify import COPY, MCMETA, NEAREST, SMOOTH, SYNTH, classify_texture
from texturegen.pipeline.plan import load_plan


def test_sample_pack_classification(tmp_path):
    cfg = tmp_path / "pipeline.yaml"
    text = (ROOT / "pipeline.yaml").read_text()
    text = text.replace("input: resourcepacks/sample", f"input: {ROOT / 'resourcepacks' / 'sample'}")
    cfg.write_text(text.replace("references/", f"{ROOT / 'references'}/"))
    plan = load_plan(cfg)
    table = {e.rel.removeprefix("assets/minecraft/textures/"): (e.action, e.tinted) for e in plan.entries}
    expected = {
        "block/stone.png": (SYNTH, False),
        "block/oak_leaves.png": (SYNTH, True),
        "block/grass_block_top.png": (SYNTH, True),
        "block/water_still.png": (NEAREST, True),  # a liquid: no library photo shows it
        "block/water_still.png.mcmeta": (COPY, False),
        "block/glass.png": (NEAREST, False),  # more than 40 % transparent: a sprite under `auto`
        "colormap/grass.png": (COPY, False),
        "font/ascii.png": (NEAREST, False),
        "gui/checkbox.png": (NEAREST, False),
        "item/bow.png": (SMOOTH, False),  # the sample smooths items: 4 judges of 6 preferred it
        "item/ender_pearl.png": (SMOOTH, False),
        "item/ender_pearl.png.mcmeta": (COPY, False),
        "pack.mcmeta": (MCMETA, False),
        "pack.png": (COPY, False),
        "LICENSE.txt": (COPY, False),
    }
    for rel, want in expected.items():
        assert table[rel] == want, rel
    assert sum(1 for a, _ in table.values() if a == SYNTH) == 20
    assert not plan.warnings


def _config(tmp_path, extra: str):
    """A config with one rule for stone and `extra` lines."""
    from texturegen.pipeline.config import load_config

    (tmp_path / "pack").mkdir(exist_ok=True)
    cfg = tmp_path / "pipeline.yaml"
    rule = "rules:\n  - match: 'minecraft:block/stone'\n    references: auto\n"
    cfg.write_text(f"input: pack\noutput: out\n{rule}{extra}")
    return load_config(cfg)


def test_smooth_where_safe_and_nearest_where_pixels_are_data(tmp_path):
    assert _config(tmp_path, "").unmatched == NEAREST  # the default: smooth lost blind to nearest on items
    config = _config(tmp_path, "unmatched: smooth\n")
    assert config.unmatched == SMOOTH
    for tex, action in [
        ("minecraft:item/apple", SMOOTH),
        ("minecraft:entity/pig/pig", SMOOTH),
        ("minecraft:particle/flame", SMOOTH),
        ("minecraft:block/poppy", SMOOTH),
        ("minecraft:gui/sprites/hud/heart/full", NEAREST),
        ("minecraft:environment/clouds", NEAREST),
        ("minecraft:map/map_background", NEAREST),
        ("minecraft:font/ascii", NEAREST),
        ("minecraft:colormap/grass", COPY),
        ("minecraft:block/stone", SYNTH),
    ]:
        got, reason, _ = classify_texture(tex, config, set())
        assert got == action, (tex, reason)
    assert "gui/ is drawn to the pixel" in classify_texture("minecraft:gui/bars", config, set())[1]


def test_smooth_globs_and_unmatched_nearest(tmp_path):
    config = _config(tmp_path, "unmatched: nearest\nsmooth: ['*:item/*', '*:gui/x']\n")
    assert classify_texture("minecraft:item/apple", config, set())[0] == SMOOTH
    assert classify_texture("minecraft:entity/pig", config, set())[0] == NEAREST
    assert classify_texture("minecraft:gui/x", config, set())[0] == NEAREST  # never smooth, even when asked


def test_a_bad_unmatched_value_is_one_error_naming_the_choices(tmp_path):
    import pytest

    from texturegen.core.errors import ConfigError

    with pytest.raises(ConfigError, match="'unmatched' = 'blur': must be nearest, smooth or copy"):
        _config(tmp_path, "unmatched: blur\n")
    with pytest.raises(
        ConfigError, match=r"pipeline\.yaml:\d+: 'sprites' = 'pixels': must be nearest, smooth or unmatched"
    ):
        _config(tmp_path, "sprites: pixels\n")
    assert _config(tmp_path, "").sprites == "nearest"

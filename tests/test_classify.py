"""The classification table of the sample pack."""

from tests.conftest import ROOT
from texturegen.pipeline.classify import COPY, MCMETA, NEAREST, SYNTH
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
        "block/water_still.png": (SYNTH, True),
        "block/water_still.png.mcmeta": (COPY, False),
        "block/glass.png": (SYNTH, False),
        "colormap/grass.png": (COPY, False),
        "font/ascii.png": (NEAREST, False),
        "gui/checkbox.png": (NEAREST, False),
        "pack.mcmeta": (MCMETA, False),
        "pack.png": (COPY, False),
        "LICENSE.txt": (COPY, False),
    }
    for rel, want in expected.items():
        assert table[rel] == want, rel
    assert sum(1 for a, _ in table.values() if a == SYNTH) == 22
    assert not plan.warnings

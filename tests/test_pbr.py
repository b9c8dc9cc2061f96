"""LabPBR maps (`pbr: labpbr`, texturegen/pbr/): encodings per LabPBR 1.3, flat, tiling, cutouts, strips, the graph.

Fast tier: no TensorFlow (a fake executor stands in for the synthesis), no doit run.
"""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.test_graph import TEX, fake_project, png
from texturegen.core.errors import ConfigError
from texturegen.core.images import nearest_up
from texturegen.pbr.maps import FLAT_NORMAL, NEUTRAL_SPECULAR, encode_signed, joints, labpbr
from texturegen.pbr.materials import MATERIALS, material_for
from texturegen.pipeline import actions, tasks
from texturegen.pipeline.config import load_config
from texturegen.pipeline.plan import load_plan
from texturegen.remote.work import Made, Work

F = 4


def bricks(size: int = 8) -> np.ndarray:
    """A float RGBA seed of light faces between dark mortar rows and joints."""
    seed = np.ones((size, size, 4), np.float32)
    seed[..., :3] = 0.7
    seed[::4, :, :3] = 0.2
    seed[1:4, ::4, :3] = 0.2
    seed[5:8, 2::4, :3] = 0.2
    return seed


def grainy(seed: np.ndarray, f: int = F, amount: float = 0.08) -> np.ndarray:
    """A stand-in synthesis: the nearest seed plus fine noise (the photo's detail)."""
    out = nearest_up(seed, f).copy()
    noise = np.random.default_rng(0).normal(0, amount, out.shape[:2])
    out[..., :3] = np.clip(out[..., :3] + noise[..., None], 0, 1)
    return out


def decoded(normal: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LabPBR 1.3's decoding of the normal's x and y: code / 255 * 2 - 1."""
    return normal[..., 0] / 255 * 2 - 1, normal[..., 1] / 255 * 2 - 1


def test_encodings_and_ranges_are_labpbr_1_3s() -> None:
    assert encode_signed(np.array([0.0, 1.0, -1.0])).tolist() == [128, 255, 0]
    for name, material in MATERIALS.items():
        maps = labpbr(bricks(), grainy(bricks()), True, name)
        n, s = maps.normal, maps.specular
        assert n.dtype == s.dtype == np.uint8 and n.shape == s.shape == (8 * F, 8 * F, 4)
        assert n[..., 3].min() >= 1, "height: 1 is the recommended lowest (0 is 25 % deep)"
        assert n[..., 3].max() == 255, "the surface's top is at no depth"
        assert np.all(s[..., 1] == material.f0)
        assert material.f0 <= 229 or material.f0 >= 230  # F0 linear 0-229, 230-254 metals, 255 albedo as F0
        if material.f0 >= 230:
            assert np.all(s[..., 2] == 0), "blue is reserved on metals"
        assert 0 <= material.blue <= 255
        assert np.all(s[..., 3] == 255), "emission 255: not emissive"
    assert MATERIALS["sand"].blue == 64 and MATERIALS["planks"].blue == 12, "porosity examples of the standard"
    assert all(MATERIALS[m].blue >= 65 for m in ("leaves", "grass")), "subsurface scattering from 65"


def test_stored_normals_stay_in_the_unit_disc_even_on_steep_relief() -> None:
    seed = np.random.default_rng(1).random((8, 8, 4)).astype(np.float32)
    seed[..., 3] = 1
    for material in ("cobble", "bark", "glass"):
        x, y = decoded(labpbr(seed, grainy(seed, amount=0.4), True, material).normal)
        assert float((x * x + y * y).max()) <= 1.0


def test_a_flat_seed_and_a_flat_output_give_flat_normals_and_no_occlusion() -> None:
    seed = np.full((8, 8, 4), 0.5, np.float32)
    seed[..., 3] = 1
    maps = labpbr(seed, nearest_up(seed, F), True, "stone")
    assert np.all(maps.normal == np.array(FLAT_NORMAL, np.uint8))
    assert len(np.unique(maps.specular.reshape(-1, 4), axis=0)) == 1


def test_maps_tile_like_the_texture() -> None:
    seed = bricks()
    out = grainy(seed)
    maps = labpbr(seed, out, True, "bricks")
    moved = labpbr(np.roll(seed, 3, axis=1), np.roll(out, 3 * F, axis=1), True, "bricks")
    assert np.abs(moved.normal.astype(int) - np.roll(maps.normal, 3 * F, axis=1)).max() <= 1
    # Across the wrap edge the normals step no more than inside: the last column meets the first.
    n = maps.normal[..., :2].astype(int)
    across = np.abs(n[:, 0] - n[:, -1]).mean()
    inside = np.abs(np.diff(n, axis=1)).mean()
    assert across <= 2 * inside


def test_lighter_faces_stand_above_their_darker_joints() -> None:
    seed = bricks()
    maps = labpbr(seed, grainy(seed), True, "bricks")
    mortar = np.kron(joints(seed), np.ones((F, F))).astype(bool)
    assert joints(seed).sum() < (~joints(seed)).sum()
    assert maps.normal[..., 3][~mortar].mean() > maps.normal[..., 3][mortar].mean() + 5
    light_mortar = bricks()
    light_mortar[..., :3] = 1 - light_mortar[..., :3]  # light mortar courses across the tile, dark faces
    assert np.array_equal(joints(light_mortar), joints(seed))


def test_transparent_texels_get_neutral_maps() -> None:
    seed = bricks()
    seed[2:5, 2:6, 3] = 0
    maps = labpbr(seed, grainy(seed), False, "leaves")
    hole = np.kron(seed[..., 3] == 0, np.ones((F, F))).astype(bool)
    assert np.all(maps.normal[hole] == np.array(FLAT_NORMAL, np.uint8))
    assert np.all(maps.specular[hole] == np.array(NEUTRAL_SPECULAR, np.uint8))
    empty = np.zeros((8, 8, 4), np.float32)
    assert np.all(labpbr(empty, nearest_up(empty, F), True, "stone").normal == np.array(FLAT_NORMAL, np.uint8))


def test_a_strip_gets_maps_frame_by_frame() -> None:
    first, second = bricks(), np.roll(bricks(), 2, axis=0)
    strip = np.concatenate([first, second, first])
    maps = labpbr(strip, grainy(strip), True, "stone")
    side = 8 * F
    assert maps.normal.shape == (3 * side, side, 4)
    alone = labpbr(first, grainy(strip)[:side], True, "stone").normal
    assert np.array_equal(maps.normal[:side], alone), "each frame is its own tile"
    assert not np.array_equal(maps.normal[:side], maps.normal[side : 2 * side])


def test_the_material_comes_from_the_rule_else_the_path() -> None:
    assert material_for("minecraft:block/oak_planks") == "planks"
    assert material_for("minecraft:block/cobblestone") == "cobble"
    assert material_for("minecraft:block/gold_block") == "gold"
    assert material_for("minecraft:block/gold_ore") != "gold"
    assert material_for("minecraft:block/whatever", "metal") == "metal"
    assert material_for("minecraft:block/qwzx") == "stone"


def _project(tmp_path: Path, extra: str = "pbr: labpbr\n", files: dict[str, bytes] | None = None) -> Path:
    return fake_project(tmp_path, extra, files)


def test_config_pbr_is_off_by_default_and_material_is_checked(tmp_path: Path) -> None:
    assert load_config(fake_project(tmp_path)).pbr is False
    text = (tmp_path / "pipeline.yaml").read_text()
    (tmp_path / "pipeline.yaml").write_text(text + "pbr: labpbr\n")
    assert load_config(tmp_path / "pipeline.yaml").pbr is True
    (tmp_path / "pipeline.yaml").write_text(text + "pbr: seus\n")
    with pytest.raises(ConfigError, match="off or labpbr"):
        load_config(tmp_path / "pipeline.yaml")
    (tmp_path / "pipeline.yaml").write_text(text.replace("variety: 1.5", "variety: 1.5\n    material: chocolate"))
    with pytest.raises(ConfigError, match="material"):
        load_config(tmp_path / "pipeline.yaml")


def test_the_texture_task_writes_its_maps_and_the_packs_own_survive(tmp_path: Path) -> None:
    own = {f"{TEX}/block/stone_n.png": png(seed=9)}
    plan = load_plan(_project(tmp_path, files=own), prepare_output=False)
    graph = {t["name"]: t for t in tasks.texture_tasks(plan)}
    stone, lamp = graph["minecraft/block/stone"], graph["minecraft/block/lamp"]
    out = plan.target(f"{TEX}/block/lamp").as_posix()
    assert lamp["targets"] == [
        f"{out}.png",
        f"{out}_n.png",
        f"{out}_s.png",
        f"{out}_n.png.mcmeta",
        f"{out}_s.png.mcmeta",
    ]
    assert stone["targets"] == [str(plan.target(f"{TEX}/block/{n}.png")) for n in ("stone", "stone_s")]
    nearest = {t["name"] for t in tasks.nearest_tasks(plan)}
    assert f"{TEX}/block/stone_n.png" in nearest, "the pack's own map is nearest-scaled as it always was"
    assert tasks.kept_maps(plan) == ["minecraft:block/stone"]
    reporter = tasks.doit_config(plan)["reporter"]
    assert "keep the pack's own _n/_s" in reporter.notes[0]
    assert f"{TEX}/block/lamp_n.png.mcmeta" in tasks.output_files(plan)
    preview = tasks.preview_task(plan)
    assert str(plan.target(f"{TEX}/block/lamp_n.png")) in preview["file_dep"]


def test_without_pbr_nothing_changes(tmp_path: Path) -> None:
    plan = load_plan(fake_project(tmp_path), prepare_output=False)
    lamp = {t["name"]: t for t in tasks.texture_tasks(plan)}["minecraft/block/lamp"]
    assert lamp["targets"] == [str(plan.target(f"{TEX}/block/lamp.png"))]
    assert "maps" not in lamp["actions"][0][1][0].key()


class Nearest:
    """A fake executor: the seed nearest-scaled with a little noise, counted."""

    calls = 0

    def run(self, work: Work, key: str) -> Made:
        Nearest.calls += 1
        seed = np.asarray(Image.open(io.BytesIO(work.seed)).convert("RGBA"), np.float32) / 255
        buf = io.BytesIO()
        made = grainy(seed, work.settings.scale)
        Image.fromarray(np.rint(made * 255).astype(np.uint8), "RGBA").save(buf, format="PNG")
        return Made(buf.getvalue())


def test_the_action_writes_maps_per_frame_with_the_mcmeta_and_caches_them(tmp_path: Path) -> None:
    plan = load_plan(_project(tmp_path, "pbr: labpbr\ncache: cache\n"), prepare_output=False)
    lamp = {t["name"]: t for t in tasks.texture_tasks(plan)}["minecraft/block/lamp"]
    job = dataclasses.replace(lamp["actions"][0][1][0], executor=Nearest())
    Path(job.target).parent.mkdir(parents=True)
    assert isinstance(actions.synthesize_texture(job), dict)
    normal = np.asarray(Image.open(job.maps.normal))
    assert normal.shape == (8 * 4, 4 * 4, 4), "a 4x8 strip of two frames at x4"
    assert Path(job.maps.mcmeta[0]).read_bytes() == b'{"animation": {}}'
    first = {t: Path(t).read_bytes() for t in job.targets}
    for t in job.targets:
        Path(t).unlink()
    calls = Nearest.calls
    assert isinstance(actions.synthesize_texture(job), dict)
    assert Nearest.calls == calls, "the texture came from the cache"
    assert {t: Path(t).read_bytes() for t in job.targets} == first, "and its maps too, the same bytes"

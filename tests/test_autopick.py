"""`references: auto`: words of a path, looks of pixels, picks, their scale, the cache and the task keys (fast)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from texturegen.core.errors import ConfigError, ImageError
from texturegen.library.choose import Picker, score
from texturegen.library.looks import art_look, photo_look, texel_pixels
from texturegen.library.photos import SHIPPED, load_library
from texturegen.library.words import FAMILIES, family_of, words
from texturegen.pbr.materials import material_for
from texturegen.pipeline import tasks
from texturegen.pipeline.autopick import PICKS
from texturegen.pipeline.config import load_config
from texturegen.pipeline.plan import load_plan
from texturegen.remote.executor import Local

TEX = "assets/minecraft/textures/block"


def _png(lum: np.ndarray) -> bytes:
    """An opaque grey PNG from luminance in [0, 1]."""
    grey = (np.clip(lum, 0, 1) * 255).round().astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(np.dstack([grey, grey, grey])).save(buf, format="PNG")
    return buf.getvalue()


def bricks(side: int, texel: int, seed: int = 0, noise: float = 0.03) -> np.ndarray:
    """Bricks of 8x4 texels with a 1-texel mortar, `texel` px per texel, over `side` px, with pixel noise."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:side, 0:side] // texel
    row = y // 4
    shifted = x + (row % 2) * 4
    level = 0.35 + 0.25 * rng.random((side, side))[row, shifted // 8]
    mortar = (y % 4 == 0) | (shifted % 8 == 0)
    return np.where(mortar, 0.85, level) + noise * rng.standard_normal((side, side))


def stripes(side: int, period: int, seed: int = 0) -> np.ndarray:
    """Lying stripes (boards) of `period` px, each a little different, with grain along them."""
    rng = np.random.default_rng(seed)
    y = np.arange(side)[:, None] // period
    grain = _smooth_x(rng.standard_normal((side, side)))
    return 0.4 + 0.2 * rng.random(side)[y] + 0.05 * grain + 0.08 * (np.arange(side)[:, None] % period == 0)


def _smooth_x(noise: np.ndarray) -> np.ndarray:
    """Noise smoothed along x only (grain lines)."""
    kernel = np.ones(9) / 9
    return np.apply_along_axis(lambda r: np.convolve(np.tile(r, 3), kernel, "same")[len(r) : 2 * len(r)], 1, noise)


def blotches(side: int, cell: int, seed: int = 0) -> np.ndarray:
    """Random square blotches of `cell` px with pixel noise (no direction)."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:side, 0:side] // cell
    return 0.3 + 0.4 * rng.random((side, side))[y, x] + 0.03 * rng.standard_normal((side, side))


def library(root: Path, photos: dict[str, np.ndarray], index: dict[str, str] | None = None) -> Path:
    """A library folder of grey photos (and an index.json of families if given)."""
    root.mkdir(parents=True, exist_ok=True)
    for name, lum in photos.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(_png(lum))
    if index is not None:
        (root / "index.json").write_text(json.dumps({k: {"family": v} for k, v in index.items()}))
    return root


# --- what a path says


@pytest.mark.parametrize(
    ("texture", "family"),
    [
        ("minecraft:block/oak_planks", "planks"),
        ("minecraft:block/oak_log", "bark"),
        ("minecraft:block/oak_log_top", "wood"),
        ("minecraft:block/stripped_birch_log", "wood"),
        ("minecraft:block/stone_bricks", "stonebricks"),
        ("minecraft:block/nether_bricks", "bricks"),
        ("minecraft:block/deepslate_iron_ore", "stone"),
        ("minecraft:block/mossy_cobblestone", "cobble"),
        ("minecraft:block/white_wool", "fabric"),
        ("minecraft:block/white_concrete_powder", "sand"),
        ("minecraft:block/oxidized_copper", "rust"),
        ("create:block/palettes/marbleBricks", "stonebricks"),
        ("mymod:block/GraniteTile2", "tiles"),
        ("minecraft:block/iron_door_top", "metal"),  # an object's shape suggests a material, the name's material wins
        ("minecraft:block/oak_trapdoor", "planks"),
        ("minecraft:block/crimson_door_top", "planks"),
        ("minecraft:block/lantern", "metal"),
        ("minecraft:block/soul_lantern", "metal"),
        ("minecraft:block/soul_sand", "sand"),
        ("minecraft:block/bamboo_door_top", "planks"),
        ("minecraft:block/bamboo_block", "bark"),
        ("mymod:block/xyzzy", None),
    ],
)
def test_a_path_names_its_family_by_its_words(texture: str, family: str | None) -> None:
    assert family_of(texture) == family


def test_a_mods_path_is_split_into_words() -> None:
    assert words("create:block/palettes/marbleBricks2_top") == [
        "create",
        "block",
        "palettes",
        "marble",
        "bricks",
        "top",
    ]


def test_the_shipped_library_covers_every_family_and_keeps_its_licence() -> None:
    lib = load_library(SHIPPED)
    assert {p.family for p in lib.photos} == set(FAMILIES)
    assert "CC0" in (SHIPPED / "README.md").read_text()
    index = json.loads((SHIPPED / "index.json").read_text())
    assert {p.name for p in lib.photos} == set(index) and all("CC0" in e["source"] for e in index.values())


# --- what pixels say


@pytest.mark.parametrize("texel", [2, 3, 4, 6])
def test_the_scale_brings_the_photos_bricks_to_the_arts(texel: int) -> None:
    art = art_look(np.dstack([np.repeat(bricks(16, 1)[..., None], 3, 2), np.ones((16, 16))]))
    photo = photo_look(np.dstack([np.repeat(bricks(160, texel, seed=1)[..., None], 3, 2), np.ones((160, 160))]))
    assert texel_pixels(art, photo) == pytest.approx(texel, rel=0.3)


@pytest.mark.parametrize("texel", [2, 3, 5])
def test_one_photo_course_is_brought_to_one_art_course_though_joints_are_offset(texel: int) -> None:
    art = art_look(np.dstack([np.repeat(bricks(16, 1)[..., None], 3, 2), np.ones((16, 16))]))
    photo = photo_look(np.dstack([np.repeat(bricks(200, texel, seed=1)[..., None], 3, 2), np.ones((200, 200))]))
    assert (art.period[1], photo.period[1]) == (pytest.approx(4, rel=0.05), pytest.approx(4 * texel, rel=0.05))
    assert texel_pixels(art, photo) == pytest.approx(texel, rel=0.1)


def test_noise_has_no_repeat_and_a_pick_never_enlarges_its_photo() -> None:
    rng = np.random.default_rng(5)
    art = art_look(np.dstack([np.repeat(rng.random((16, 16, 1)), 3, 2), np.ones((16, 16))]))
    assert art.period == (0.0, 0.0)
    tiny = photo_look(np.dstack([np.repeat(bricks(160, 1, seed=2)[..., None], 3, 2), np.ones((160, 160))]))
    assert score(None, (), art, tiny, 32).scale == 1.0


def test_a_striped_seed_picks_a_striped_photo_and_a_blotchy_one_a_blotchy_photo(tmp_path: Path) -> None:
    lib = load_library(library(tmp_path / "lib", {"alpha.png": stripes(128, 12), "beta.png": blotches(128, 6)}))
    picker = Picker(lib)
    striped = picker.pick("mymod:block/xyzzy", _png(stripes(16, 4, seed=2)), 8)
    blotchy = picker.pick("mymod:block/plugh", _png(blotches(16, 2, seed=3)), 8)
    assert (striped.photo, blotchy.photo) == ("alpha.png", "beta.png")
    assert striped.family is None and striped.runner_up is not None and striped.runner_up.photo == "beta.png"


def test_the_path_outweighs_the_pixels_and_a_library_without_index_reads_names(tmp_path: Path) -> None:
    lib = load_library(library(tmp_path / "lib", {"planks/a.png": blotches(128, 6), "rock_1.png": stripes(128, 12)}))
    assert [p.family for p in lib.photos] == ["planks", "stone"]
    pick = Picker(lib).pick("minecraft:block/oak_planks", _png(stripes(16, 4)), 8)
    assert pick.photo == "planks/a.png" and pick.best.parts["name"] > pick.runner_up.parts["name"]  # type: ignore[union-attr]


@pytest.mark.parametrize(("brick_texel", "picked"), [(2, "stone.png"), (8, "walls.png")])
def test_a_brick_photo_whose_courses_come_out_smaller_than_the_arts_gives_way_to_the_material(
    tmp_path: Path, brick_texel: int, picked: str
) -> None:
    # x8, a photo is never enlarged: courses of 4 x 2 px draw four photo bricks in each art brick
    photos = {"walls.png": bricks(256, brick_texel, seed=1), "stone.png": blotches(256, 3, seed=4)}
    lib = load_library(library(tmp_path / "lib", photos, {"walls.png": "stonebricks", "stone.png": "stone"}))
    pick = Picker(lib).pick("minecraft:block/stone_bricks", _png(bricks(16, 1, seed=2)), 8)
    assert pick.photo == picked
    walls = pick.best if picked == "walls.png" else pick.runner_up
    assert walls is not None and walls.parts["name"] == (4.0 if brick_texel == 8 else 2.0)


def test_of_two_photos_with_the_same_pattern_the_one_with_more_grain_scores_more_detail(tmp_path: Path) -> None:
    # the synthesis keeps a photo's fine grain as it is, so a faint copy brings less of it; a score relative to
    # each photo's own spread saw the two alike
    rng = np.random.default_rng(7)
    grain = rng.standard_normal((128, 128))
    photos = {"faint.png": 0.5 + 0.02 * grain, "strong.png": 0.5 + 0.08 * grain}
    lib = load_library(library(tmp_path / "lib", photos, {"faint.png": "sand", "strong.png": "sand"}))
    ranked = Picker(lib).candidates("minecraft:block/sand", _png(blotches(16, 1, seed=3)), 8)
    detail = {c.photo: c.parts["detail"] for c in ranked}
    assert ranked[0].photo == "strong.png" and detail["strong.png"] > 2 * detail["faint.png"]


def test_a_photo_far_finer_than_a_texel_fits_sand_but_not_stone(tmp_path: Path) -> None:
    # sand's grains are a millimetre in a metre block: a photo of one-pixel grain shows them as they are, while a
    # stone's texels call for structure of their own size
    grain = 0.5 + 0.08 * np.random.default_rng(5).standard_normal((128, 128))
    lib = load_library(library(tmp_path / "lib", {"grit.png": grain}, {"grit.png": "gravel"}))
    seed = _png(blotches(16, 2, seed=3))
    fit = {t: Picker(lib).candidates(f"minecraft:block/{t}", seed, 8)[0].parts["fit"] for t in ("sand", "stone")}
    assert fit["sand"] == 1.0 and fit["stone"] < 0.7


def test_a_photo_may_stand_for_another_family_too_and_a_bad_also_is_one_error(tmp_path: Path) -> None:
    root = library(tmp_path / "lib", {"grit.png": blotches(96, 2), "dune.png": blotches(96, 6)})
    (root / "index.json").write_text(
        json.dumps({"grit.png": {"family": "gravel", "also": ["sand"]}, "dune.png": {"family": "sand"}})
    )
    lib = load_library(root)
    assert [p.families for p in lib.photos] == [("sand",), ("gravel", "sand")]
    ranked = Picker(lib).candidates("minecraft:block/sand", _png(blotches(16, 1, seed=3)), 8)
    assert {c.photo: c.parts["name"] for c in ranked} == {"dune.png": 4.0, "grit.png": 4.0}
    (root / "index.json").write_text(json.dumps({"grit.png": {"family": "gravel", "also": ["lava"]}}))
    with pytest.raises(ConfigError, match="grit.png"):
        load_library(root)


def test_picks_are_deterministic_and_cached_by_the_librarys_digest(tmp_path: Path) -> None:
    photos = {"alpha.png": stripes(96, 10), "beta.png": blotches(96, 5), "gamma.png": bricks(96, 3)}
    lib = load_library(library(tmp_path / "lib", photos))
    seed = _png(bricks(16, 1, seed=4))
    cache = tmp_path / PICKS
    first = Picker(lib, cache)
    pick = first.pick("minecraft:block/bricks", seed, 8)
    first.save()
    assert Picker(lib).pick("minecraft:block/bricks", seed, 8) == pick
    again = Picker(lib, cache)
    assert again.pick("minecraft:block/bricks", seed, 8) == pick and not again.changed
    (tmp_path / "lib" / "delta.png").write_bytes(_png(blotches(96, 7)))
    assert Picker(load_library(tmp_path / "lib"), cache).picks == {}


def test_a_broken_photo_in_the_library_is_one_error_naming_it(tmp_path: Path) -> None:
    root = library(tmp_path / "lib", {"alpha.png": stripes(64, 8)})
    (root / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    with pytest.raises(ImageError, match="broken.png"):
        load_library(root)
    with pytest.raises(ConfigError, match="no photo"):
        load_library(library(tmp_path / "empty", {}))


# --- the config and the task graph

CONFIG = """\
input: pack
output: build/pack
scale: 8
{synthesis}
rules:
  - match: "minecraft:block/stone"
    references: ["refs/rock.png"]
  - match: "minecraft:block/*"
{auto}
"""


def project(root: Path, synthesis: str = "", auto: str = "    references: auto", extra: str = "") -> Path:
    """A pack of four block textures, a photo for one rule and a library of two photos."""
    files = {
        "pack.mcmeta": b'{"pack": {"pack_format": 15, "description": "fake"}}',
        f"{TEX}/stone.png": _png(blotches(16, 1)),
        f"{TEX}/oak_planks.png": _png(stripes(16, 4)),
        f"{TEX}/xyzzy.png": _png(stripes(16, 3, seed=5)),
        f"{TEX}/plugh.png": _png(blotches(16, 2, seed=6)),
    }
    for rel, data in files.items():
        (root / "pack" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "pack" / rel).write_bytes(data)
    library(root / "refs", {"rock.png": blotches(64, 4)})
    library(root / "photos", {"planks_1.png": stripes(96, 10), "blotchy.png": blotches(96, 5)})
    (root / "pipeline.yaml").write_text(CONFIG.format(synthesis=synthesis, auto=auto) + "library: photos\n" + extra)
    return root / "pipeline.yaml"


def _jobs(root: Path) -> dict[str, tasks.TextureJob]:
    """The texture jobs of the project's plan, by texture name."""
    plan = load_plan(root / "pipeline.yaml", prepare_output=True)
    return {e.rel.rsplit("/", 1)[1]: tasks.texture_job(plan, e, Local()) for e in plan.of("synth")}


def test_auto_picks_a_photo_and_scale_per_texture_and_globs_still_win(tmp_path: Path) -> None:
    project(tmp_path)
    jobs = _jobs(tmp_path)
    assert jobs["stone.png"].references == (str((tmp_path / "refs" / "rock.png").resolve()),)
    assert jobs["stone.png"].settings.reference_scale == "auto"
    assert jobs["oak_planks.png"].references == (str((tmp_path / "photos" / "planks_1.png").resolve()),)
    scale = jobs["oak_planks.png"].settings.reference_scale
    assert isinstance(scale, float) and 0.05 <= scale <= 8
    assert (tmp_path / "build" / "pack" / ".texturegen" / PICKS).is_file()


def test_auto_as_the_synthesis_default_and_a_number_that_wins(tmp_path: Path) -> None:
    project(tmp_path, synthesis="synthesis: {references: auto, reference_scale: 0.5}", auto="")
    jobs = _jobs(tmp_path)
    assert len(jobs["xyzzy.png"].references) == 1 and jobs["xyzzy.png"].settings.reference_scale == 0.5


def test_a_changed_library_changes_the_key_of_exactly_the_textures_whose_pick_changed(tmp_path: Path) -> None:
    project(tmp_path)
    before = {name: job.key() for name, job in _jobs(tmp_path).items()}
    assert {job.references[0].rsplit("/", 1)[1] for job in _jobs(tmp_path).values()} == {
        "rock.png",
        "planks_1.png",
        "blotchy.png",
    }
    # the same photo under a name sorted first: it wins every tie with planks_1.png, and nothing else changes
    (tmp_path / "photos" / "planks_0.png").write_bytes((tmp_path / "photos" / "planks_1.png").read_bytes())
    after_jobs = _jobs(tmp_path)
    after = {name: job.key() for name, job in after_jobs.items()}
    changed = {n for n in before if before[n] != after[n]}
    picked = {n for n, job in after_jobs.items() if job.references[0].endswith("planks_0.png")}
    assert changed == picked and "oak_planks.png" in changed and "plugh.png" not in changed


@pytest.mark.parametrize(
    ("synthesis", "auto", "extra", "message"),
    [
        ("", "    references: auto", "library: nowhere\n", "library '.*nowhere': not a folder"),
        ("", "    references: auto", "library: 3\n", "'library' must be a folder path"),
        ("synthesis: {references: [a.png]}", "", "", "synthesis.references = .*only auto"),
        ("", "    variety: 0.5", "", r"rules\[1\]: 'references' must list .* or be auto"),
    ],
)
def test_config_errors_name_the_key(tmp_path: Path, synthesis: str, auto: str, extra: str, message: str) -> None:
    path = project(tmp_path, synthesis=synthesis, auto=auto)
    text = path.read_text().replace("library: photos\n", extra or "library: photos\n")
    path.write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_config(path)


def test_the_maps_material_is_the_picked_photos_family_unless_the_rule_names_one(tmp_path: Path) -> None:
    project(tmp_path, extra="pbr: labpbr\n")
    plan = load_plan(tmp_path / "pipeline.yaml", prepare_output=True)
    by_name = {e.rel.rsplit("/", 1)[1]: e for e in plan.of("synth")}
    xyzzy = tasks.texture_job(plan, by_name["xyzzy.png"], Local())
    assert xyzzy.references[0].endswith("planks_1.png")
    assert plan.picks.family(by_name["xyzzy.png"].rel) == "planks"
    assert xyzzy.maps is not None and xyzzy.maps.material == "planks"  # its name says nothing; its photo does
    stone = tasks.texture_job(plan, by_name["stone.png"], Local())
    assert stone.maps is not None and stone.maps.material == "stone"  # a named photo: the path's words
    labels = {label for label, _, _ in tasks.preview_task(plan)["actions"][0][1][0]}
    assert "minecraft:block/xyzzy  <- planks_1.png" in labels  # the preview names the picked photo
    assert material_for("minecraft:block/xyzzy", "metal", "planks") == "metal"
    assert material_for("minecraft:block/xyzzy", None, "no-such-family") == "stone"


def test_a_photo_standing_for_the_textures_family_gives_that_family_as_the_material(tmp_path: Path) -> None:
    from texturegen.pipeline.autopick import Picks

    root = library(tmp_path / "lib", {"grit.png": blotches(96, 2)})
    (root / "index.json").write_text(json.dumps({"grit.png": {"family": "gravel", "also": ["sand"]}}))
    lib = load_library(root)
    seed = _png(blotches(16, 1, seed=3))
    picker = Picker(lib)
    picks = Picks(
        lib, {"a": picker.pick("minecraft:block/sand", seed, 8), "b": picker.pick("minecraft:block/x", seed, 8)}
    )
    assert (picks.family("a"), picks.family("b")) == ("sand", "gravel")
    assert material_for("minecraft:block/sand", None, picks.family("a")) == "sand"


def test_a_sprite_under_an_auto_rule_is_left_to_unmatched_and_leaves_keep_their_photo(tmp_path: Path) -> None:
    project(tmp_path, extra="unmatched: smooth\nsprites: unmatched\n")
    flower = np.zeros((16, 16, 4), np.uint8)
    flower[4:12, 7:9] = (60, 140, 50, 255)  # a stem and a head: 30 texels of 256 opaque
    flower[3:6, 5:11] = (200, 40, 40, 255)
    leaves = np.dstack([np.full((16, 16, 3), 90, np.uint8), np.full((16, 16), 255, np.uint8)])
    leaves[::3, ::2, 3] = 0  # holes: 25 % transparent
    fern = np.zeros((16, 16, 4), np.uint8)
    fern[2:, 2:14] = (70, 120, 60, 255)  # 34 % transparent, but standing in its frame: 80 % of its edge is clear
    for name, px in (("poppy", flower), ("oak_leaves", leaves), ("fern", fern)):
        buf = io.BytesIO()
        Image.fromarray(px, "RGBA").save(buf, format="PNG")
        (tmp_path / "pack" / TEX / f"{name}.png").write_bytes(buf.getvalue())
    plan = load_plan(tmp_path / "pipeline.yaml", prepare_output=True)
    entry = {e.rel.rsplit("/", 1)[-1]: e for e in plan.entries}
    assert (
        entry["poppy.png"].action == "smooth"
        and "a sprite, not a surface: 88% transparent" in entry["poppy.png"].reason
    )
    assert entry["oak_leaves.png"].action == "synth" and f"{TEX}/oak_leaves.png" in plan.picks.chosen
    assert "a sprite, not a surface: 34% transparent, 80% of its edge" in entry["fern.png"].reason


def test_water_and_lava_under_an_auto_rule_are_left_to_unmatched(tmp_path: Path) -> None:
    project(tmp_path, extra="unmatched: smooth\n")
    for name in ("water_still", "lava_flow"):
        (tmp_path / "pack" / TEX / f"{name}.png").write_bytes(_png(blotches(16, 7)))
    plan = load_plan(tmp_path / "pipeline.yaml", prepare_output=True)
    entry = {e.rel.rsplit("/", 1)[-1]: e for e in plan.entries}
    assert entry["water_still.png"].action == "smooth"
    assert "'water': no photo of the library shows it" in entry["water_still.png"].reason
    assert entry["lava_flow.png"].action == "smooth" and f"{TEX}/lava_flow.png" not in plan.picks.chosen
    assert entry["plugh.png"].action == "synth"


def test_a_plan_whose_picks_are_all_cached_decodes_no_seed(tmp_path: Path, monkeypatch) -> None:
    project(tmp_path)
    first = load_plan(tmp_path / "pipeline.yaml", prepare_output=True).picks.chosen
    assert len(first) == 3

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a seed was decoded")

    monkeypatch.setattr("texturegen.pipeline.autopick.decode_png", refuse)
    monkeypatch.setattr("texturegen.library.choose.decode_png", refuse)
    assert load_plan(tmp_path / "pipeline.yaml", prepare_output=True).picks.chosen == first


def test_init_writes_a_config_that_builds_the_pack_with_auto_photos(tmp_path: Path, capsys) -> None:
    from texturegen.pipeline.cli import main
    from texturegen.pipeline.config import load_config

    project(tmp_path)
    config = tmp_path / "mine.yaml"
    assert main(["init", str(tmp_path / "pack"), "--config", str(config), "--scale", "4"]) == 0
    loaded = load_config(config)
    assert loaded.inputs == ((tmp_path / "pack").resolve(),) and loaded.scale == 4
    assert loaded.output == (tmp_path / "out" / "pack").resolve() and loaded.rules[0].auto
    assert loaded.smooth == ("*:item/*",) and loaded.unmatched == "nearest"  # items smoothed, the rest nearest
    assert main(["init", str(tmp_path / "pack"), "--config", str(config)]) == 2  # never overwritten silently
    assert main(["init", str(tmp_path / "pack"), "--config", str(tmp_path / "x32.yaml"), "--scale", "32"]) == 0
    assert load_config(tmp_path / "x32.yaml").scale == 32  # any scale the config takes
    assert main(["init", str(tmp_path / "nothing.zip"), "--config", str(tmp_path / "x.yaml")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert "already exists" in err[0] and "nothing.zip: no such pack" in err[1] and not (tmp_path / "x.yaml").exists()


def test_classify_counts_the_picks_made_by_the_pixels_alone(tmp_path: Path, capsys) -> None:
    from texturegen.pipeline.cli import main

    project(tmp_path)  # xyzzy and plugh name no material; oak_planks does; stone has its own rule
    assert main(["classify", "--config", str(tmp_path / "pipeline.yaml")]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("2 of 3 auto picks by the pixels alone") and "(plugh, xyzzy)" in last


def test_a_sprite_standing_in_its_frame_is_nearest_or_smoothed_and_glass_follows_unmatched(tmp_path: Path) -> None:
    project(tmp_path)  # unmatched: nearest (the default)
    flower = np.zeros((16, 16, 4), np.uint8)
    flower[4:14, 7:9] = (60, 140, 50, 255)  # a stem and a head, clear all round: it stands in its frame
    flower[3:6, 5:11] = (200, 40, 40, 255)
    glass = np.zeros((16, 16, 4), np.uint8)
    glass[[0, -1], :] = glass[:, [0, -1]] = (200, 220, 230, 255)  # a frame round clear panes: edges opaque
    for name, px in (("poppy", flower), ("glass", glass)):
        buf = io.BytesIO()
        Image.fromarray(px, "RGBA").save(buf, format="PNG")
        (tmp_path / "pack" / TEX / f"{name}.png").write_bytes(buf.getvalue())
    entry = {e.rel.rsplit("/", 1)[-1]: e for e in load_plan(tmp_path / "pipeline.yaml").entries}
    assert entry["poppy.png"].action == "nearest" and "of its edge" in entry["poppy.png"].reason  # the default
    with (tmp_path / "pipeline.yaml").open("a") as cfg:
        cfg.write("sprites: smooth\n")
    entry = {e.rel.rsplit("/", 1)[-1]: e for e in load_plan(tmp_path / "pipeline.yaml").entries}
    assert entry["poppy.png"].action == "smooth"
    assert (
        entry["glass.png"].action == "nearest"
        and "a sprite, not a surface: 77% transparent" in entry["glass.png"].reason
    )

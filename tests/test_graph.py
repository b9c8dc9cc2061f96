"""The fast tier's fake pack: the plan, the task graph (tasks.py), jobs, executors and settings, no TensorFlow."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from texturegen.core.errors import ImageError
from texturegen.core.limits import Limits
from texturegen.pipeline import actions, tasks
from texturegen.pipeline.classify import COPY, NEAREST, SYNTH
from texturegen.pipeline.cli import FIELDS, _settings, main
from texturegen.pipeline.jobs import TextureJob
from texturegen.pipeline.plan import Plan, load_plan
from texturegen.remote import client
from texturegen.remote.executor import Dask, Local, executor_for
from texturegen.remote.work import Made, Work
from texturegen.synthesis.settings import SynthesisSettings
from texturegen.synthesis.version import ENGINE_VERSION

TEX = "assets/minecraft/textures"


def png(width: int = 4, height: int = 4, seed: int = 0) -> bytes:
    """A tiny noisy RGB PNG."""
    pixels = np.random.default_rng(seed).integers(0, 255, (height, width, 3), dtype=np.uint8)
    buf = io.BytesIO()
    Image.fromarray(pixels).save(buf, format="PNG")
    return buf.getvalue()


CONFIG = """\
input: pack
output: build/pack
scale: 4
rules:
  - match: "*:{block,item}/*"
    references: ["refs/a.png"]
    variety: 1.5
copy: ["*:block/copied"]
"""


def fake_project(root: Path, extra: str = "", files: dict[str, bytes] | None = None) -> Path:
    """A pack of tiny PNGs (a block, an item, a strip, a GUI texture, a mod's copy of the block) and a config."""
    layout = {
        "pack.mcmeta": b'{"pack": {"pack_format": 15, "description": "fake"}}',
        f"{TEX}/block/stone.png": png(),
        f"{TEX}/block/lamp.png": png(4, 8, seed=1),
        f"{TEX}/block/lamp.png.mcmeta": b'{"animation": {}}',
        f"{TEX}/block/copied.png": png(seed=2),
        f"{TEX}/item/stick.png": png(seed=3),
        f"{TEX}/gui/icons.png": png(seed=4),
        "assets/mod/textures/block/stone.png": png(),
        **(files or {}),
    }
    for rel, data in layout.items():
        (root / "pack" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "pack" / rel).write_bytes(data)
    (root / "refs").mkdir()
    (root / "refs" / "a.png").write_bytes(png(16, 16, seed=5))
    (root / "pipeline.yaml").write_text(CONFIG + extra)
    return root / "pipeline.yaml"


@pytest.fixture
def plan(tmp_path: Path) -> Plan:
    return load_plan(fake_project(tmp_path), prepare_output=False)


def test_the_plan_classifies_every_file_of_the_fake_pack(plan: Plan) -> None:
    actions_of = {e.rel: e.action for e in plan.entries}
    assert {rel for rel, action in actions_of.items() if action == SYNTH} == {
        f"{TEX}/block/stone.png",
        f"{TEX}/block/lamp.png",
        f"{TEX}/item/stick.png",
        "assets/mod/textures/block/stone.png",
    }
    assert actions_of[f"{TEX}/gui/icons.png"] == NEAREST
    assert actions_of[f"{TEX}/block/copied.png"] == COPY
    assert actions_of[f"{TEX}/block/lamp.png.mcmeta"] == COPY
    assert plan.warnings == []


def test_texture_tasks_depend_on_the_seed_its_mcmeta_and_the_photos(plan: Plan) -> None:
    graph = {t["name"]: t for t in tasks.texture_tasks(plan)}
    assert set(graph) == {"minecraft/block/stone", "minecraft/block/lamp", "minecraft/item/stick", "mod/block/stone"}
    lamp = graph["minecraft/block/lamp"]
    seed = str(plan.pack.local_path(f"{TEX}/block/lamp.png"))
    ref = str(plan.config.path.parent / "refs" / "a.png")
    assert lamp["file_dep"] == [seed, seed + ".mcmeta", ref]
    assert lamp["targets"] == [str(plan.target(f"{TEX}/block/lamp.png"))]
    action, (job,) = lamp["actions"][0]
    assert action is actions.synthesize_texture
    assert job.executor == Local() and job.cache is None and job.engine == ENGINE_VERSION
    assert job.settings.scale == 4 and job.settings.variety == 1.5 and job.settings.tiling == "wrap"


def test_a_seed_met_twice_is_synthesized_once_and_copied(plan: Plan) -> None:
    graph = {t["name"]: t for t in tasks.texture_tasks(plan)}
    action, (source, target, twin) = graph["mod/block/stone"]["actions"][0]
    assert action is actions.copy_twin and twin == "texture:minecraft/block/stone"
    assert source == str(plan.target(f"{TEX}/block/stone.png")) == graph["mod/block/stone"]["file_dep"][0]
    assert graph["minecraft/block/stone"]["actions"][0][0] is actions.synthesize_texture


def test_with_maps_a_seed_met_twice_is_still_synthesized_once(tmp_path: Path) -> None:
    """Under pbr the two copies get maps of different materials (stone, planks), made per copy by copy_twin."""
    files = {f"{TEX}/block/oak_planks.png": png()}
    plan = load_plan(fake_project(tmp_path, "pbr: labpbr\n", files), prepare_output=False)
    graph = {t["name"]: t for t in tasks.texture_tasks(plan)}
    copy, (_, _, twin, job) = graph["minecraft/block/stone"]["actions"][0]
    assert copy is actions.copy_twin and twin == "texture:minecraft/block/oak_planks"
    assert job.maps is not None and job.maps.material == "stone"
    assert graph["minecraft/block/oak_planks"]["actions"][0][0] is actions.synthesize_texture


def test_the_executor_is_chosen_once_from_the_config(tmp_path: Path) -> None:
    plan = load_plan(fake_project(tmp_path, 'executor: {dask: "tcp://10.0.0.5:8786"}\n'), prepare_output=False)
    jobs = [
        t["actions"][0][1][0] for t in tasks.texture_tasks(plan) if t["actions"][0][0] is actions.synthesize_texture
    ]
    assert {job.executor for job in jobs} == {Dask("tcp://10.0.0.5:8786")}
    assert executor_for(None) == Local() and executor_for("tcp://x:1") == Dask("tcp://x:1")


def test_the_preview_names_each_textures_photo(plan: Plan) -> None:
    items = tasks.preview_task(plan)["actions"][0][1][0]
    labels = {label for label, _, _ in items}
    assert "minecraft:block/stone  <- a.png" in labels and all(label.endswith("<- a.png") for label in labels)


def test_nearest_copy_mcmeta_and_zip_tasks(plan: Plan) -> None:
    (nearest,) = tasks.nearest_tasks(plan)
    assert nearest["name"] == f"{TEX}/gui/icons.png" and nearest["actions"][0][1][2] == 4
    assert {t["name"] for t in tasks.copy_tasks(plan)} == {f"{TEX}/block/copied.png", f"{TEX}/block/lamp.png.mcmeta"}
    mcmeta = tasks.mcmeta_task(plan)
    assert mcmeta["actions"][0][0] is actions.write_pack_mcmeta and mcmeta["actions"][0][1][2] == 4
    assert sorted(tasks.zip_task(plan)["actions"][0][1][1]) == sorted(e.rel for e in plan.entries)
    assert tasks.credits_task(plan) is None and tasks.usage_task(plan) is None


def job(**changes: Any) -> TextureJob:
    """A texture job with plain values."""
    values: dict[str, Any] = {
        "texture": "minecraft:block/stone",
        "seed": "seed.png",
        "target": "out.png",
        "references": ("a.png",),
        "settings": SynthesisSettings(scale=4),
        "overrides": (),
        "limits": Limits(),
        "engine": "e",
    }
    return TextureJob.of(**(values | changes))


def test_a_job_resolves_tiling_and_sprite_from_its_folder_and_never_forces_greyscale() -> None:
    assert job().settings.tiling == "wrap" and job().sprite
    assert job(texture="minecraft:item/stick").settings.tiling == "none" and job(texture="minecraft:item/x").sprite
    gui = job(texture="minecraft:gui/icons")
    assert gui.settings.tiling == "none" and not gui.sprite
    assert job(texture="minecraft:gui/icons", overrides=("tiling",)).settings.tiling == "wrap"
    assert not job(texture="minecraft:block/grass_block_top").settings.greyscale


def test_a_job_takes_keywords_only_and_its_key_leaves_out_where_it_runs() -> None:
    with pytest.raises(TypeError):
        TextureJob.of("minecraft:block/stone", "seed.png")  # type: ignore[misc]
    here, there = job(), job(cache="/srv/cache", executor=Dask("tcp://x:1"))
    assert here.key() == there.key() and "max_photo_pixels" not in here.key()["limits"]
    assert job(references=("b.png",)).key() != here.key()


def test_a_tall_strip_gets_a_smaller_scale_and_an_oversized_one_fails_by_name() -> None:
    tall = job(limits=Limits(max_strip_height=64))
    assert tall.settings_for(16, 32).scale == 2 and tall.settings_for(16, 8).scale == 4
    with pytest.raises(ImageError, match="seed.png: 16x128 is taller than max_strip_height 64"):
        tall.settings_for(16, 128)


class Recorder:
    """An executor that makes a fixed PNG and records the work it was given."""

    def __init__(self) -> None:
        self.works: list[Work] = []

    def run(self, work: Work, key: str) -> Made:
        self.works.append(work)
        return Made(png(8, 8), worker="tcp://worker:1")


def test_the_action_reads_once_asks_the_executor_and_writes(tmp_path: Path) -> None:
    (tmp_path / "seed.png").write_bytes(png())
    (tmp_path / "a.png").write_bytes(png(16, 16))
    executor = Recorder()
    made = job(
        seed=str(tmp_path / "seed.png"),
        target=str(tmp_path / "out" / "x.png"),
        references=(str(tmp_path / "a.png"),),
        cache=str(tmp_path / "cache"),
        executor=executor,
    )
    values = actions.synthesize_texture(made)
    assert values["worker"] == "tcp://worker:1" and values["source"] == "made" and values["scale"] == 4
    (work,) = executor.works
    assert work.references == ((str(tmp_path / "a.png"), (tmp_path / "a.png").read_bytes()),)
    assert work.limits == Limits() and work.settings == made.settings
    assert (tmp_path / "out" / "x.png").read_bytes() == png(8, 8)
    again = actions.synthesize_texture(made)
    assert again["source"] == "from cache" and "worker" not in again and len(executor.works) == 1


def test_work_decodes_with_the_builds_limits_before_loading_tensorflow() -> None:
    work = Work(
        seed_name="s.png",
        seed=png(),
        references=(("big.png", png(32, 32)),),
        settings=SynthesisSettings(),
        limits=Limits(max_photo_pixels=1000),
    )
    with pytest.raises(ImageError, match="big.png: 32x32 is more than the limit of 1000 pixels"):
        work.run()
    with pytest.raises(ImageError, match="s.png: 4x4 is more than the limit of 10 pixels"):
        Work(
            seed_name="s.png",
            seed=png(),
            references=(),
            settings=SynthesisSettings(),
            limits=Limits(max_image_pixels=10),
        ).run()


def test_dask_submits_the_work_under_its_key_and_a_lost_scheduler_is_one_error(monkeypatch) -> None:
    submitted: list[tuple[Any, ...]] = []

    class Future:
        def __init__(self, fails: bool) -> None:
            self.fails = fails

        def result(self) -> Made:
            if self.fails:
                raise OSError("connection reset")
            return Made(b"png", worker="tcp://w:2")

    class FakeClient:
        fails = False

        def submit(self, fn: Any, work: Work, key: str, retries: int) -> Future:
            submitted.append((fn.__name__, work, key, retries))
            return Future(self.fails)

    fake = FakeClient()
    monkeypatch.setattr(client, "client_for", lambda address: fake)
    work = Work(seed_name="s.png", seed=b"", references=(), settings=SynthesisSettings(), limits=Limits())
    assert Dask("tcp://s:1").run(work, "abc") == Made(b"png", worker="tcp://w:2")
    assert submitted == [("run_on_worker", work, "texturegen-abc", client.RETRIES)]
    fake.fails = True
    with pytest.raises(client.SchedulerError, match=r"dask scheduler tcp://s:1: lost during the build \(OSError"):
        Dask("tcp://s:1").run(work, "abc")


def test_every_setting_is_an_option_of_synth_with_its_range(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["synth", "--help"])
    text = capsys.readouterr().out
    for name in FIELDS:
        assert ("--random-seed" if name == "seed" else "--" + name.replace("_", "-")) in text
    assert "0-2, default 0.5" in text and "1-1000, default 30" in text


def test_synth_options_become_settings_checked_by_the_settings() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    from texturegen.pipeline.cli import _synth_parser

    _synth_parser(sub)
    args = parser.parse_args(
        [
            "synth",
            "s.png",
            "--reference",
            "a.png",
            "--out",
            "o.png",
            "--no-orient",
            "--greyscale",
            "--layers",
            "conv1_1,conv2_1",
            "--reference-scale",
            "0.5",
            "--random-seed",
            "7",
            "--style-weight",
            "2",
        ]
    )
    assert _settings(args) == SynthesisSettings(
        orient=False, greyscale=True, layers=("conv1_1", "conv2_1"), reference_scale=0.5, seed=7, style_weight=2.0
    )
    assert main(["synth", "s.png", "--reference", "a.png", "--out", "o.png", "--detail", "5"]) == 2


def test_the_photo_limit_is_configured_and_admits_a_24_megapixel_photo(tmp_path: Path) -> None:
    assert Limits().max_photo_pixels >= 6000 * 4000
    plan = load_plan(fake_project(tmp_path, "max_photo_pixels: 100000000\n"), prepare_output=False)
    assert plan.config.limits.max_photo_pixels == 100_000_000

"""The output folder: never the input, never a folder texturegen did not write; classify writes nothing."""

import shutil

import pytest

from tests.conftest import SAMPLE
from texturegen.core.errors import OutputError
from texturegen.pipeline.plan import MARKER, STATE, load_plan


def _config(tmp_path, output: str) -> object:
    shutil.copytree(SAMPLE, tmp_path / "pack")
    path = tmp_path / "pipeline.yaml"
    path.write_text(f"input: pack\noutput: {output}\nscale: 2\n")
    return path


@pytest.mark.parametrize("output", ["pack", "pack/out", "."])
def test_output_overlapping_input_or_config_is_refused(tmp_path, output):
    with pytest.raises(OutputError, match="overlaps|contain"):
        load_plan(_config(tmp_path, output))


def test_foreign_non_empty_output_is_refused_and_untouched(tmp_path):
    path = _config(tmp_path, "mine")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(OutputError, match="not written by texturegen"):
        load_plan(path)
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]


def test_plan_marks_its_output_and_classify_mode_writes_nothing(tmp_path):
    path = _config(tmp_path, "out/pack")
    load_plan(path, prepare_output=False)
    assert not (tmp_path / "out").exists()
    load_plan(path)
    assert (tmp_path / "out" / "pack" / STATE / MARKER).is_file()
    load_plan(path)  # a previous output of ours is fine

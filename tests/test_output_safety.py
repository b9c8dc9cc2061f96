"""The output folder: never the input, never a folder texturegen did not write; classify writes nothing."""

import shutil

import pytest

from tests.conftest import SAMPLE
from texturegen.core.errors import OutputError
from texturegen.pipeline.cli import main
from texturegen.pipeline.output import record_beside
from texturegen.pipeline.plan import MARKER, STATE, load_plan, unknown_variables


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


def test_a_zip_input_the_build_would_zip_over_is_refused_and_untouched(tmp_path):
    shutil.make_archive(str(tmp_path / "pack"), "zip", SAMPLE)  # pack.zip; the output `pack` would write pack.zip
    before = (tmp_path / "pack.zip").read_bytes()
    path = tmp_path / "pipeline.yaml"
    path.write_text("input: pack.zip\noutput: pack\nscale: 2\n")
    with pytest.raises(OutputError, match=r"writes '.*pack\.zip' beside the output, and that is the input pack"):
        load_plan(path)
    assert (tmp_path / "pack.zip").read_bytes() == before and not (tmp_path / "pack").exists()


def test_a_file_beside_the_output_is_overwritten_only_if_texturegen_wrote_it(tmp_path):
    path = _config(tmp_path, "out/pack")
    page = tmp_path / "out" / "pack-preview.html"
    page.parent.mkdir()
    page.write_text("my notes")
    with pytest.raises(OutputError, match="pack-preview.html: exists beside the output and texturegen did not write"):
        load_plan(path)
    assert page.read_text() == "my notes" and not (tmp_path / "out" / "pack").exists()
    page.unlink()
    load_plan(path)
    page.write_text("<html>a preview</html>")  # as the preview task writes it, then records its digest
    record_beside(tmp_path / "out" / "pack", page)
    load_plan(path)
    page.write_text("<html>edited by hand</html>")
    with pytest.raises(OutputError, match="or it changed since"):
        load_plan(path)


def test_an_output_written_before_digests_were_kept_owns_its_zip(tmp_path):
    path = _config(tmp_path, "out/pack")
    load_plan(path)
    (tmp_path / "out" / "pack.zip").write_bytes(b"PK\x05\x06" + bytes(18))  # an older build's zip, no digest kept
    load_plan(path)


def test_check_refuses_what_the_build_would_refuse_and_writes_nothing(tmp_path, capsys):
    shutil.make_archive(str(tmp_path / "pack"), "zip", SAMPLE)
    path = tmp_path / "pipeline.yaml"
    path.write_text("input: pack.zip\noutput: pack\nscale: 2\n")
    assert main(["check", "--config", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and "pack.zip' beside the output, and that is the input pack" in err
    path.write_text("input: pack.zip\noutput: out/pack\nscale: 2\n")
    assert main(["check", "--config", str(path)]) == 0
    assert "ok (0 rules, scale x2)" in capsys.readouterr().out
    path.write_text("input: missing.zip\noutput: out/pack\nscale: 2\n")
    assert main(["check", "--config", str(path)]) == 2
    assert "input pack" in (err := capsys.readouterr().err) and "missing.zip' not found" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.zip", "pipeline.yaml"]


def test_a_misspelt_doit_variable_is_named_not_ignored():
    assert unknown_variables(["doit", "-n", "2", "conifg=mine.yaml"]) == ["conifg=mine.yaml"]
    assert unknown_variables(["doit", "--db-file=x", "config=mine.yaml", "texture:minecraft/block/stone"]) == []


def test_a_bare_command_prints_the_help_and_version_names_the_engines(capsys):
    assert main([]) == 0
    assert "usage: texturegen" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and "(engine " in capsys.readouterr().out

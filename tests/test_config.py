"""pipeline.yaml errors name the file, the line and the key."""

import textwrap

import pytest

from tests.conftest import ROOT
from texturegen.core.errors import ConfigError
from texturegen.pipeline.config import load_config


def _write(tmp_path, body: str):
    (tmp_path / "refs").mkdir(exist_ok=True)
    (tmp_path / "refs" / "rock.png").write_bytes(b"x")
    path = tmp_path / "pipeline.yaml"
    path.write_text(textwrap.dedent(body))
    return path


BASE = """\
input: pack
output: out/pack
scale: 8
rules:
  - match: "minecraft:block/stone"
    references: ["refs/rock.png"]
"""


def test_repository_pipeline_is_valid():
    cfg = load_config(ROOT / "pipeline.yaml")
    assert cfg.scale == 8 and cfg.rules and cfg.inputs == (ROOT / "resourcepacks" / "sample",)


def test_valid_config_resolves_paths_and_overrides(tmp_path):
    cfg = load_config(_write(tmp_path, BASE + "    variety: 0.25\n"))
    assert cfg.inputs == (tmp_path / "pack",) and cfg.output == tmp_path / "out" / "pack"
    assert cfg.rules[0].references == ((tmp_path / "refs" / "rock.png").resolve(),)
    assert cfg.rules[0].settings.variety == 0.25 and cfg.synthesis.variety == 0.5
    assert cfg.zip_path == tmp_path / "out" / "pack.zip"


@pytest.mark.parametrize(
    ("body", "line", "needle"),
    [
        (BASE + "colour_mode: x\n", 7, "unknown key 'colour_mode'"),
        (BASE.replace("scale: 8", "scale: 3"), 3, "'scale' = 3: must be a power of two"),
        (BASE.replace("scale: 8", "scale: eight"), 3, "'scale' = 'eight'"),
        (BASE + "    variety: -1\n", 7, "rules[0].variety"),
        (BASE + "    varety: 1\n", 7, "unknown key 'varety'"),
        (BASE.replace("refs/rock.png", "refs/none*.png"), 6, "'refs/none*.png' matches no file"),
        (BASE + "synthesis:\n  iterations: many\n", 8, "iterations"),
        (BASE + "unmatched: delete\n", 7, "'unmatched' = 'delete'"),
        (BASE + "copy: 5\n", 7, "'copy' must be a list of strings"),
        ("input: [unclosed\n", 2, "not valid YAML"),
        (BASE + "scale: 4\n", 7, "appears twice"),
    ],
)
def test_errors_name_file_line_and_key(tmp_path, body, line, needle):
    path = _write(tmp_path, body)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}:"), message
    assert needle in message
    assert "\n" not in message

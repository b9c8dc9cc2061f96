"""`texturegen compare`: one seed against each of several photos, drawn side by side in one picture."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from tests.conftest import BLOCKS, REFS
from texturegen import SynthesisSettings, synthesize
from texturegen.api import compare_file
from texturegen.core.png import read_png, to_uint8
from texturegen.pipeline.cli import main
from texturegen.quality.compare import ZOOM
from texturegen.quality.preview import CELL, GAP, LABEL

pytestmark = pytest.mark.slow  # TensorFlow or doit in every test

SEED = BLOCKS / "stone.png"
PHOTOS = [REFS / "rock_00.png", REFS / "rock_01.png"]


def test_each_photo_gets_a_row_with_its_own_result_tiled_and_zoomed(tmp_path: Path, fast: SynthesisSettings) -> None:
    out, again = tmp_path / "sheet.png", tmp_path / "again.png"
    compare_file(SEED, PHOTOS, out, fast)
    compare_file(SEED, PHOTOS, again, fast)
    assert out.read_bytes() == again.read_bytes()
    sheet = to_uint8(read_png(out))
    side = 16 * fast.scale  # the result of a 16x16 seed
    row = LABEL + CELL + GAP
    assert sheet.shape[:2] == ((1 + len(PHOTOS)) * row, CELL + GAP + 2 * side + GAP + side // 2 * ZOOM)
    for i, photo in enumerate(PHOTOS):
        result = to_uint8(synthesize(SEED, [photo], fast))
        top, left = (1 + i) * row + LABEL, CELL + GAP
        np.testing.assert_array_equal(sheet[top : top + 2 * side, left : left + 2 * side], np.tile(result, (2, 2, 1)))
        corner = sheet[top : top + side // 2 * ZOOM, left + 2 * side + GAP :]
        zoomed = np.kron(result[: side // 2, : side // 2], np.ones((ZOOM, ZOOM, 1), np.uint8))
        np.testing.assert_array_equal(corner, zoomed)
    # Two photos this different give visibly different results.
    first, second = (sheet[(1 + i) * row + LABEL :][:side, CELL + GAP :][:, :side].astype(float) for i in range(2))
    assert np.abs(first - second).mean() > 2


def test_a_missing_photo_is_one_line_naming_it_and_nothing_is_written(tmp_path: Path, capsys) -> None:
    out = tmp_path / "sheet.png"
    missing = tmp_path / "no such photo.png"
    code = main(["compare", str(SEED), "--reference", str(PHOTOS[0]), "--reference", str(missing), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2
    assert len(err) == 1 and str(missing) in err[0] and err[0].startswith("Error:")
    assert list(tmp_path.iterdir()) == []


def test_auto_draws_the_librarys_best_picks_each_at_its_own_scale(tmp_path: Path, fast: SynthesisSettings) -> None:
    from texturegen.library.choose import Picker
    from texturegen.library.photos import load_library

    library = tmp_path / "lib"
    library.mkdir()
    for photo in (REFS / "rock_00.png", REFS / "rock_01.png", REFS / "planks_00.png"):
        (library / photo.name).write_bytes(photo.read_bytes())
    out = tmp_path / "picks.png"
    options = ["--scale", "4", "--iterations", "4", "--match-every", "2", "--quiet"]
    assert main(["compare", str(SEED), "--auto", "2", "--library", str(library), "--out", str(out), *options]) == 0
    best = Picker(load_library(library)).candidates("minecraft:block/stone", SEED.read_bytes(), fast.scale)[:2]
    assert [c.photo for c in best] == ["rock_00.png", "rock_01.png"]  # the words: stone is rock
    row = LABEL + CELL + GAP
    assert to_uint8(read_png(out)).shape[0] == 3 * row
    for i, pick in enumerate(best):
        settings = SynthesisSettings(scale=4, iterations=4, match_every=2, reference_scale=pick.scale)
        result = to_uint8(synthesize(SEED, [library / pick.photo], settings))
        top, left = (1 + i) * row + LABEL, CELL + GAP
        side = result.shape[0]
        np.testing.assert_array_equal(to_uint8(read_png(out))[top : top + side, left : left + side], result)


def test_compare_needs_photos_or_auto_not_both(tmp_path: Path, capsys) -> None:
    out = tmp_path / "sheet.png"
    assert main(["compare", str(SEED), "--out", str(out)]) == 2
    assert main(["compare", str(SEED), "--auto", "--reference", str(PHOTOS[0]), "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and "--auto" in err[0] and "--reference" in err[1]
    assert list(tmp_path.iterdir()) == []

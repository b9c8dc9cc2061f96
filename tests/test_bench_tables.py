"""The benchmarks' bookkeeping without the shared data: goal counts that leave an undefined texel_realism out,
and bench/blind.py's key and tally."""

import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import blind  # noqa: E402
import goals  # noqa: E402

NAN = float("nan")


def _figs(ours: float, px2: float, texel: float) -> dict[str, dict[str, float]]:
    """One texture's texel_realism for texturegen and the two overlays."""
    return {
        "texturegen": {"texel_realism": ours},
        "overlay_2px": {"texel_realism": px2},
        "overlay_texel": {"texel_realism": texel},
    }


def test_an_undefined_texel_realism_is_left_out_of_counts_and_reported():
    figs = [_figs(1.5, 2.0, 1.5), _figs(3.0, 2.0, 3.0), _figs(NAN, NAN, NAN)]
    counts = goals.texel_counts(figs)
    assert counts["textures"] == 2 and counts["undefined"] == 1
    assert counts["below_2px_overlay"] == 1 and counts["within_1.25x_texel_overlay"] == 2
    assert counts["median"] == 2.25
    assert "undefined (left out) on 1" in goals.texel_line(counts)
    table: dict[str, dict[str, list[float]]] = {}
    for f in figs:
        goals.collect(table, {m: {k: v["texel_realism"] for k in goals.KEYS} for m, v in f.items()})
    assert "[1 undef]" in goals.summary(table)


def test_goals_follow_design_md():
    fig = {k: 1.0 for k in goals.KEYS} | {"fidelity_db": 40.0, "detail_swd": 0.01, "structure_swd": 9.0}
    peer = {k: 1.0 for k in goals.KEYS} | {"detail_swd": 0.02, "edge_ringing": 0.2, "texel_realism": 2.0}
    peers = {m: dict(peer) for m in ("nearest", "bicubic", "xbrz", "overlay_2px", "overlay_texel", "photo_lines")}
    peers["overlay_2px"]["detail_swd"] = 0.001  # the overlays do not bound detail_swd
    fig["edge_ringing"], peers["photo_lines"]["edge_ringing"] = 0.55, 0.6  # 1.25 x the photo's own lines allows it
    assert goals.misses(fig, peers) == []  # structure_swd is information only
    fig["texel_realism"] = 2.0
    assert [m.split()[0] for m in goals.misses(fig, peers)] == ["texel_realism"]
    fig["texel_realism"] = NAN
    assert goals.misses(fig, peers) == []
    fig["edge_ringing"] = 0.8
    assert goals.misses(fig, peers) == ["edge_ringing 0.8/0.75"]
    assert goals.row(fig).count("undef") == 1


def test_letters_are_shuffled_per_sheet_and_fixed():
    methods = ["texturegen", "overlay_2px", "xbrz", "nearest"]
    orders = [blind.shuffled_letters(methods, sheet) for sheet in range(1, 9)]
    assert orders == [blind.shuffled_letters(methods, sheet) for sheet in range(1, 9)]
    assert all(sorted(o.values()) == sorted(methods) and list(o) == ["A", "B", "C", "D"] for o in orders)
    assert len({tuple(o.values()) for o in orders}) > 4


def test_tally_counts_firsts_mean_ranks_and_ships():
    key = {
        "sheets": {
            "01": {"texture": "stone", "letters": {"A": "overlay_2px", "B": "texturegen", "C": "xbrz"}},
            "02": {"texture": "dirt", "letters": {"A": "texturegen", "B": "xbrz", "C": "overlay_2px"}},
            "03": {"texture": "sand", "letters": {"A": "xbrz", "B": "overlay_2px", "C": "texturegen"}},
        }
    }
    text = blind.template(["01", "02", "03"]).replace("01: ", "01: B A C  Ship: B,A").replace("02: ", "02: c,a,b")
    rankings = blind.parse_rankings(text)
    assert rankings == {"01": (["B", "A", "C"], ["B", "A"]), "02": (["C", "A", "B"], [])}
    stats = blind.tally(key, rankings)
    assert stats["texturegen"] == {"ranked": 2, "first": 1, "ship": 1, "mean_rank": 1.5}
    assert stats["overlay_2px"] == {"ranked": 2, "first": 1, "ship": 1, "mean_rank": 1.5}
    assert stats["xbrz"]["first"] == 0 and math.isclose(stats["xbrz"]["mean_rank"], 3.0)
    report = blind.tally_report(key, rankings)
    assert "01 stone: texturegen > overlay_2px > xbrz; would ship: texturegen, overlay_2px" in report
    assert "2 of 3 sheets ranked" in report
    with pytest.raises(SystemExit, match="no candidate D"):
        blind.tally(key, blind.parse_rankings("01: A B D"))
    with pytest.raises(SystemExit, match="ranked twice"):
        blind.parse_rankings("01: A A B")
    assert blind.parse_rankings("03: A C B  ship: none") == {"03": (["A", "C", "B"], [])}  # not N, O, N, E


def test_a_ranking_of_more_candidates_gives_the_pairs_and_the_firsts_of_any_subset():
    letters = {"A": "new", "B": "old", "C": "overlay_2px", "D": "xbrz"}
    key = {"sheets": {"01": {"texture": "stone", "letters": letters}, "02": {"texture": "dirt", "letters": letters}}}
    order = blind.orders(key, blind.parse_rankings("01: B A C D\n02: A C B D"))
    assert order == {"01": ["old", "new", "overlay_2px", "xbrz"], "02": ["new", "overlay_2px", "old", "xbrz"]}
    assert blind.above(order, "new", "old") == 1 and blind.above(order, "new", "overlay_2px") == 2
    # with "old" left out, "new" comes first on both sheets
    assert blind.first_among(order, ["new", "overlay_2px", "xbrz"]) == {"new": 2, "overlay_2px": 0, "xbrz": 0}
    assert blind.first_among(order, ["new", "old"]) == {"new": 1, "old": 1}
    assert "first among new, overlay_2px, xbrz: new 2, overlay_2px 0, xbrz 0" in blind.pairs_report(
        order, ["new", "overlay_2px", "xbrz"]
    )
    with pytest.raises(SystemExit, match="no method e99"):
        blind.pairs_report(order, ["e99"])


def test_sheets_where_two_candidates_are_one_picture_are_left_out_of_their_comparison():
    img = np.zeros((4, 4, 4), np.float32)
    assert blind.same_pictures({"hand": img, "auto": img + 0.5 / 255, "old": img + 0.5}) == [["auto", "hand"]]
    letters = {"A": "auto", "B": "hand"}
    key = {
        "sheets": {
            "01": {"texture": "sand", "letters": letters, "same": [["auto", "hand"]]},
            "02": {"texture": "clay", "letters": letters},
        }
    }
    order = blind.orders(key, blind.parse_rankings("01: B A\n02: A B"))
    same = blind.alike(key)
    assert blind.above(order, "hand", "auto", same) == 0 and blind.above(order, "auto", "hand", same) == 1
    assert blind.above(order, "hand", "auto") == 1  # counted when the key says nothing
    assert "| auto | - | 1 of 1 |" in blind.pairs_report(order, [], same)


def test_the_overlays_take_the_photo_at_the_scale_the_synthesis_uses_it():
    # an --auto pick used at half size: the overlay must lay that photo's grain, not the full-size photo's
    from packcheck import as_used
    from peers import control

    from texturegen import SynthesisSettings

    rng = np.random.default_rng(3)
    seed = np.concatenate([rng.random((16, 16, 3)), np.ones((16, 16, 1))], axis=2).astype(np.float32)
    ref = np.concatenate([rng.random((96, 96, 3)), np.ones((96, 96, 1))], axis=2).astype(np.float32)
    half = SynthesisSettings(scale=8, reference_scale=0.5)
    shown = blind.candidate_images(seed, ref, "t", ["overlay_2px"], {}, half)["overlay_2px"]
    assert np.allclose(shown, control(seed, as_used(ref, half), 8))
    assert not np.allclose(shown, control(seed, ref, 8), atol=0.01)
    as_before = blind.candidate_images(seed, ref, "t", ["overlay_2px"], {}, SynthesisSettings(scale=8))
    assert np.allclose(as_before["overlay_2px"], control(seed, ref, 8))


def test_agreement_counts_each_judge_and_compares_pairs_with_coin_flips(tmp_path: Path) -> None:
    letters = {"A": "new", "B": "old"}
    key = {"sheets": {f"0{i}": {"texture": t, "letters": letters} for i, t in enumerate(["a", "b", "c", "d"], 1)}}
    (tmp_path / "key.json").write_text(json.dumps(key))
    (tmp_path / "judge_A.txt").write_text("01: A B\n02: A B\n03: B A\n04: B A\n")
    (tmp_path / "judge_B.txt").write_text("01: A B\n02: B A\n03: B A\n04: A B\n")
    prefs = blind.preferences([(tmp_path, "new")], "old")
    assert prefs == {"A": dict(a=True, b=True, c=False, d=False), "B": dict(a=True, b=False, c=False, d=True)}
    # they agree on a and c (0.50); at 2 of 4 each, coin flips agree half the time too
    report = blind.agreement_report(prefs)
    assert "A: above on 2 of 4" in report
    assert "1 pairs of judges agree on a texture's order: median 0.50 (range 0.50-0.50)" in report
    assert report.endswith("give 0.50")

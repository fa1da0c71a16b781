"""Synthetic editions: valid under the data contract, scaled as promised, deterministic."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from paths import EDITION_2025, HANDMADE, TINY

from benchmarks.synthetic import scale_edition, scaled_tables
from competency_framework import load_edition
from competency_framework.edition.contract import TABLES
from competency_framework.edition.validate import edition_problems

SCALED = ("institutes", "institute_occupations", "essential_ksas")
KEPT = ("technology_areas", "agencies", "competencies", "ksas", "occupations")  # by default


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("base", [TINY, HANDMADE], ids=["tiny", "handmade"])
@pytest.mark.parametrize("factor", [1, 2, 7])
def test_scaled_edition_is_valid_and_scaled(tmp_path, base, factor):
    out = scale_edition(base, factor, tmp_path / "out", seed=3)
    assert edition_problems(out) == []
    fw, scaled = load_edition(base), load_edition(out)
    for name in SCALED:
        assert len(getattr(scaled, name)) == factor * len(getattr(fw, name)), name
    for name in KEPT:
        pd.testing.assert_frame_equal(getattr(scaled, name), getattr(fw, name))
    assert scaled.provenance == "reconstructed"
    assert scaled.edition == f"{fw.edition}-x{factor}"
    assert "Synthetic" in scaled.title


def test_copy_zero_is_the_base_and_copies_keep_area_agency_and_counts(tmp_path):
    fw = load_edition(HANDMADE)
    scaled = load_edition(scale_edition(fw, 4, tmp_path, seed=1))
    n = len(fw.essential_ksas)
    pd.testing.assert_frame_equal(scaled.essential_ksas.iloc[:n], fw.essential_ksas)
    inst = scaled.institutes.assign(base=scaled.institutes["institute_id"]
                                    .str.replace(r"_x[0-9]+$", "", regex=True))
    original = fw.institutes.set_index("institute_id")
    assert (inst["area_id"] == inst["base"].map(original["area_id"])).all()
    assert (inst["agency_id"] == inst["base"].map(original["agency_id"])).all()
    assert set(inst.loc[inst["institute_id"].str.endswith("_x3"), "name"]) == {
        f"{name}, copy 3" for name in fw.institutes["name"]}
    # KSAs move only within their competency code: connections per code scale exactly
    code = fw.ksas.set_index("ksa_id")["code"]
    per_code = scaled.essential_ksas["ksa_id"].map(code).value_counts().sort_index()
    base_code = fw.essential_ksas["ksa_id"].map(code).value_counts().sort_index()
    pd.testing.assert_series_equal(per_code, base_code * 4)
    # and each institute copy has as many connections as its original
    per_inst = scaled.essential_ksas.groupby(
        scaled.essential_ksas["institute_id"].str.replace(r"_x[0-9]+$", "", regex=True)).size()
    pd.testing.assert_series_equal(per_inst, fw.essential_ksas.groupby("institute_id").size() * 4)


def test_same_seed_same_bytes_other_seed_other_connections(tmp_path):
    a = scale_edition(HANDMADE, 9, tmp_path / "a", seed=5)
    b = scale_edition(HANDMADE, 9, tmp_path / "b", seed=5)
    c = scale_edition(HANDMADE, 9, tmp_path / "c", seed=6)
    assert _files(a) == _files(b)
    assert (a / "essential_ksas.csv").read_bytes() != (c / "essential_ksas.csv").read_bytes()
    for name in ("institutes.csv", "occupations.csv", "institute_occupations.csv"):
        assert (a / name).read_bytes() == (c / name).read_bytes()


def test_ksas_are_permuted_within_their_code(tmp_path):
    """Copies differ at KSA level (else the seed would do nothing) but never leave a code."""
    fw = load_edition(HANDMADE)
    tables = scaled_tables(fw, 20, seed=0)
    ek = tables["essential_ksas"]
    n = len(fw.essential_ksas)
    copies = [ek["ksa_id"].iloc[k * n:(k + 1) * n].tolist() for k in range(20)]
    assert any(c != copies[0] for c in copies[1:])
    code = fw.ksas.set_index("ksa_id")["code"]
    for c in copies:
        assert [code[k] for k in c] == [code[k] for k in copies[0]]


def test_a_larger_factor_extends_a_smaller_one(tmp_path):
    small = scaled_tables(load_edition(HANDMADE), 3, seed=2)["essential_ksas"]
    large = scaled_tables(load_edition(HANDMADE), 8, seed=2)["essential_ksas"]
    pd.testing.assert_frame_equal(large.iloc[:len(small)], small)


def test_scaling_a_scaled_edition_keeps_keys_unique(tmp_path):
    once = scale_edition(TINY, 3, tmp_path / "once")
    twice = scale_edition(once, 2, tmp_path / "twice")
    assert edition_problems(twice) == []
    ids = load_edition(twice).institutes["institute_id"]
    assert ids.is_unique and len(ids) == 18
    assert "alpha_x1_xx1" in set(ids)


def test_every_table_written_with_its_contract_header(tmp_path):
    out = scale_edition(TINY, 2, tmp_path)
    for table in TABLES:
        header = (out / table.filename).read_text(encoding="utf-8").splitlines()[0]
        assert header == ",".join(table.needed_columns)  # tiny describes no area


def test_institute_copies_split_the_factor(tmp_path):
    fw = load_edition(TINY)
    out = scale_edition(fw, 12, tmp_path / "split", seed=4, institute_copies=3)
    assert edition_problems(out) == []
    scaled = load_edition(out)
    assert len(scaled.institutes) == 3 * len(fw.institutes)
    assert len(scaled.occupations) == 4 * len(fw.occupations)
    for name in ("institute_occupations", "essential_ksas"):
        assert len(getattr(scaled, name)) == 12 * len(getattr(fw, name))
    # each institute copy holds 4 copies of its original's selections and connections
    base_id = scaled.essential_ksas["institute_id"].str.replace(r"_x[0-9]+$", "", regex=True)
    per_inst = scaled.essential_ksas.groupby("institute_id").size()
    expected = base_id.groupby(scaled.essential_ksas["institute_id"]).first().map(
        fw.essential_ksas.groupby("institute_id").size() * 4)
    pd.testing.assert_series_equal(per_inst, expected, check_names=False)
    default = scale_edition(fw, 12, tmp_path / "default", seed=4)
    explicit = scale_edition(fw, 12, tmp_path / "explicit", seed=4, institute_copies=12)
    assert _files(default) == _files(explicit)


@pytest.mark.parametrize("factor", [0, -2, 1.5, True, "3"])
def test_factor_must_be_a_positive_whole_number(tmp_path, factor):
    with pytest.raises(ValueError, match="factor"):
        scale_edition(TINY, factor, tmp_path)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("copies", [0, 5, 2.0])
def test_institute_copies_must_divide_the_factor(tmp_path, copies):
    with pytest.raises(ValueError, match="institute_copies"):
        scale_edition(TINY, 12, tmp_path, institute_copies=copies)
    assert not any(tmp_path.iterdir())


def test_a_generated_edition_has_the_shape_asked_for_and_is_valid(tmp_path):
    """`benchmarks.generated`: 12 areas and 50 institutes from the 2025 catalogue, every KSA
    connected, the same bytes from the same seed, areas told apart in the figures."""
    from benchmarks.generated import generate_edition
    from competency_framework.present.figures.network_map import network_map_model

    out = generate_edition(EDITION_2025, tmp_path / "a", areas=12, institutes=50, seed=1)
    assert edition_problems(out) == []
    fw = load_edition(out)
    assert (len(fw.technology_areas), len(fw.institutes)) == (12, 50)
    assert fw.institutes.groupby("area_id").size().between(4, 5).all()
    again = generate_edition(EDITION_2025, tmp_path / "b", areas=12, institutes=50, seed=1)
    assert _files(out) == _files(again)
    nodes = network_map_model(fw).nodes
    areas = nodes.loc[nodes["kind"] == "area"]
    assert len(set(zip(areas["colour"], areas["marker"], strict=True))) == 12
    style = dict(zip(areas["node_id"].str.removeprefix("area:"),
                     zip(areas["colour"], areas["marker"], strict=True), strict=True))
    institutes = nodes.loc[nodes["kind"] == "institute"].assign(
        area=lambda f: f["node_id"].str.removeprefix("institute:").map(
            fw.institutes.set_index("institute_id")["area_id"]))
    assert all(style[a] == (c, m) for a, c, m in
               zip(institutes["area"], institutes["colour"], institutes["marker"], strict=True))
    # the interactive Figure 2 draws the same shapes
    from competency_framework.present.figures.network_explorer import network_explorer_data

    explored = {n["id"]: (n["colour"], n["marker"]) for n in network_explorer_data(fw)["nodes"]}
    assert {explored["area:" + a] for a in style} == set(style.values())

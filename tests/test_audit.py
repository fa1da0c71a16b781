"""The audit on tests/data/handmade with hand-written published entries; every expected status
and number worked out by hand (the edition's arithmetic is in test_statistics_*.py).

Handmade edition in brief: institutes b1 b2 b3 (bio), d1 d2 (dig), m1 (mat); 10 KSAs, 22
connections, 10 occupation selections. k01 6 connections / 5 institutes / 3 areas; k02 3/3/1;
bio's KSAs k01 k02 k03 k05 k06 (specific k02 k06); dig's k01 k03 k05 k07 k08 k09 k10
(specific k07-k10, shared by both dig institutes k07 k08).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
import yaml

from competency_framework.audit import KEYS, STATUSES, audit, audit_records
from competency_framework.cli.audit import audit_command
from competency_framework.edition.load import load_edition
from competency_framework.edition.problems import InputError
from competency_framework.reference.published import Entry, load_published

DATA = Path(__file__).parent / "data"
NICE = DATA / "nice_minimal"

pytestmark = pytest.mark.edition("handmade")


def E(id: str, kind: str, value, statistic: str | None = None, params: dict | None = None,
      **extra) -> Entry:
    return Entry(id=id, source="report_2025", section="Section", location="paragraph",
                 printed=extra.pop("printed", f"printed {id}"), kind=kind, value=value,
                 statistic=statistic, params=params or {}, **extra)


def rows(fw, entries, nice=NICE):
    frame = audit(fw, entries, nice_dir=nice)
    return {r["id"]: r for r in audit_records(frame)}


def test_counts(fw):
    out = rows(fw, [
        E("a.institutes", "count", 6, "institutes_total"),
        E("b.institutes", "count", 7, "institutes_total"),
        E("c.connections", "count", 20, "connections_total", comparison="greater_than"),
        E("d.connections", "count", 22, "connections_total", comparison="greater_than"),
        E("e.core", "count", 6, "competencies", {"tiers": [4, 5]}),  # 4.1 4.2 4.3 5.1 5.3 5.4
        E("f.tier4", "count", 2, "competencies_with_ksas", {"tiers": [4]}),  # 4.3 has none
    ])
    assert out["a.institutes"]["status"] == "match"
    assert out["a.institutes"]["recomputed"] == 6
    assert out["b.institutes"]["status"] == "mismatch"
    assert "recomputed 6, published 7" in out["b.institutes"]["note"]
    assert out["c.connections"]["status"] == "match"  # 22 > 20
    assert out["d.connections"]["status"] == "mismatch"  # 22 is not over 22
    assert out["e.core"]["status"] == "match"
    assert out["f.tier4"]["status"] == "match"
    assert "2 of the tiers' 3 competencies" in out["f.tier4"]["note"]


def test_percent_statuses(fw):
    out = rows(fw, [
        # 3 of 10 KSAs cross areas (k01 k03 k05): 30 %
        E("p.cross", "percent", 30, "ksas_crossing_areas", denominator=10),
        # reading 1: 3+ connections: k01 (6), k02 (3) -> 2 of 10 = 20 %
        E("p.conn", "percent", 20, "ksas_with_connections", {"min_connections": 3}, reading=1),
        # dig KSAs shared by both dig institutes: k07 k08 -> 2 of 7 = 28.57 %, printed 28
        E("p.trunc", "percent", 28, "area_ksas_by_institute_count",
          {"area": "dig", "min_institutes": 2}, numerator=2, denominator=7, reading=4),
        # a wrong count: bio has 5 KSAs, not 6
        E("p.wrong", "percent", 40, "area_ksas_by_institute_count",
          {"area": "bio", "min_institutes": 2}, numerator=2, denominator=6, reading=4),
    ])
    assert out["p.cross"]["status"] == "match"
    assert out["p.cross"]["published"] == {"percent": 30, "numerator": None, "denominator": 10}
    assert out["p.cross"]["recomputed"] == {"numerator": 3, "denominator": 10, "percent": 30}
    assert out["p.conn"]["status"] == "depends-on-reading"
    assert out["p.conn"]["reading"] == 1 and "reading 1" in out["p.conn"]["note"]
    # the counts agree, the printed percent does not round from them
    assert out["p.trunc"]["status"] == "inconsistent-in-report"
    assert "rounds half up to 29%" in out["p.trunc"]["note"]
    assert out["p.trunc.rounding"]["status"] == "inconsistent-in-report"
    assert "truncated" in out["p.trunc.rounding"]["note"]
    assert out["p.trunc.rounding"]["recomputed"] == 29
    assert out["p.wrong"]["status"] == "mismatch"
    assert "2/5" in out["p.wrong"]["note"]
    # 30 % of 10: only the numerator 3 gives it
    assert out["p.cross.rounding"]["status"] == "match"
    assert out["p.cross.rounding"]["recomputed"] == [3]


def test_area_percent_base_named(fw):
    out = rows(fw, [
        # 2 of dig's 4 specific KSAs are shared by both institutes (k07 k08): base = specific
        E("s.a", "percent", 50, "area_ksas_by_institute_count",
          {"area": "dig", "min_institutes": 2, "specific": True}, numerator=2, denominator=4),
        # the same numerator over dig's 2 KSAs shared by 2+ (both specific): 100 %
        E("s.b", "percent", 100, "area_ksas_by_institute_count",
          {"area": "dig", "min_institutes": 2, "specific": True}, numerator=2, denominator=2),
        # dig's specific tier-5 KSAs: all 4 of its 4 specific KSAs
        E("s.c", "percent", 100, "area_ksas_by_institute_count",
          {"area": "dig", "specific": True, "tier": 5}, numerator=4, denominator=4),
    ])
    assert out["s.a"]["status"] == "match"
    assert "base: the area's KSAs except the filter 'shared by" in out["s.a"]["note"]
    assert out["s.b"]["status"] == "match"
    assert "except the filter 'specific to the area'" in out["s.b"]["note"]
    assert out["s.c"]["status"] == "match"


def test_area_connections_and_pair(fw):
    out = rows(fw, [
        # bio -> dig: k01 4 + k03 1 + k05 1 = 6; dig -> bio: 1 + 1 + 1 = 3
        E("ac.bio.dig", "count", 6, "area_connections_to_other_area",
          {"area": "bio", "other_area": "dig"}, reading=3),
        E("ac.dig.bio", "count", 3, "area_connections_to_other_area",
          {"area": "dig", "other_area": "bio"}, reading=3),
        E("ac.mat.dig", "count", 2, "area_connections_to_other_area",
          {"area": "mat", "other_area": "dig"}, reading=3),  # really 1
    ])
    assert out["ac.bio.dig"]["status"] == "depends-on-reading"
    assert out["ac.dig.bio"]["status"] == "depends-on-reading"
    assert out["ac.mat.dig"]["status"] == "mismatch"
    pair = out["consistency.area_connections.bio.dig"]
    assert pair["status"] == "depends-on-reading" and pair["reading"] == 3
    assert pair["published"] == {"bio->dig": 6, "dig->bio": 3}


def _item(code, statement, **kw):
    return {"code": code, "statement": statement, "row": f"{code} {statement}", **kw}


def test_top_ksas(fw):
    top2 = [_item("4.1.1", "Data collection and analysis", letter="A"),
            _item("4.1.1", "Follow standard operating procedures", letter="B")]
    top3 = [*top2, _item("4.1.2", "Read blueprints and schematics", letter="C")]
    out = rows(fw, [E("t2", "list", top2, "top_ksas", {"n": 2}, reading=2)])
    assert out["t2"]["status"] == "depends-on-reading"
    assert [r["ksa_id"] for r in out["t2"]["recomputed"]] == ["k01", "k02"]
    # the third place ties (k03 and k05 both have 2 connections): the top 3 is not settled
    out = rows(fw, [E("t3", "list", top3, "top_ksas", {"n": 3}, reading=2)])
    assert out["t3"]["status"] == "mismatch"
    assert "tie on connections" in out["t3"]["note"]
    # a KSA that is not in the top 2
    wrong = [top2[0], _item("5.4.1", "Cyber-resiliency response", letter="B")]
    out = rows(fw, [E("tw", "list", wrong, "top_ksas", {"n": 2}, reading=2)])
    assert out["tw"]["status"] == "mismatch"
    assert "not in the top 2 (rank 10)" in out["tw"]["note"]


def test_frequent_lists_and_name_variants(fw):
    table = [
        {"competency_code": "4.1", "competency_name": "Manufacturing Process Design/Development",
         "sub_competency_code": "4.1.1", "sub_competency_name": "Critical Work Functions",
         "essential_ksas": 2},
        {"competency_code": "4.1", "competency_name": "Manufacturing Process Design/Development",
         "sub_competency_code": "4.1.2", "sub_competency_name": "Technical Drawings and Schematics",
         "essential_ksas": 2},
        {"competency_code": "4.2", "competency_name": "Operations Management",
         "sub_competency_code": "4.2.1", "sub_competency_name": "Critical Work Functions",
         "essential_ksas": 2},
    ]
    columns = ["competency_code", "competency_name", "sub_competency_code",
               "sub_competency_name", "essential_ksas"]
    entries = [
        E("tables.a1", "table", table, "competency_tree", {"tiers": [4], "columns": columns}),
        # bio-specific: k02 (3 connections) is above the unlisted k06 (2); the item spells
        # 4.1.1's name in the singular, which the table (and the data) do not
        E("l.bio", "list", [_item("4.1.1", "Follow standard operating procedures",
                                  sub_competency="Critical Work Function")],
          "area_frequent_specific_ksas", {"area": "bio"}, reading=6),
        # k06 alone is not among the top: k02 (3) is unlisted
        E("l.bad", "list", [_item("4.2.1", "Understand and use mass measurement instruments",
                                  sub_competency="Critical Work Functions")],
          "area_frequent_specific_ksas", {"area": "bio"}, reading=6),
        # dig network-wide: k01 k03 k05 all have 1 connection from dig; k05 wording varies
        E("l.net", "list", [_item("4.2.1", "Monitor industrial processes and systems",
                                  sub_competency="Critical Work Functions")],
          "area_frequent_network_ksas", {"area": "dig"}, reading=6),
    ]
    out = rows(fw, entries)
    assert out["tables.a1"]["status"] == "match"
    assert out["l.bio"]["status"] == "inconsistent-in-report"
    assert "have 3 connections from the area" in out["l.bio"]["note"]
    assert "the most of any unlisted specific KSA is 2" in out["l.bio"]["note"]
    # k05 has 1 connection from dig, as do the unlisted k01 and k03
    assert "(a tie: another KSA could have been listed)" in out["l.net"]["note"]
    assert "'Critical Work Function'" in out["l.bio"]["note"]
    assert out["names.competency.4.1.1"]["status"] == "inconsistent-in-report"
    assert "the data follows 'Critical Work Functions'" in out["names.competency.4.1.1"]["note"]
    assert out["l.bad"]["status"] == "mismatch"
    assert "fewer than an unlisted specific KSA (3)" in out["l.bad"]["note"]
    # "processes" vs the data's "process": a near-identical wording of k05
    assert out["l.net"]["status"] == "inconsistent-in-report"
    assert "worded 'Monitor industrial process and systems' in the data" in out["l.net"]["note"]
    assert [r["ksa_id"] for r in out["l.net"]["recomputed"]] == ["k01"]


def test_table_mismatch_lists_rows(fw):
    columns = ["competency_code", "competency_name", "sub_competency_code",
               "sub_competency_name", "essential_ksas"]
    table = [{"competency_code": "4.1", "competency_name": "Manufacturing Process "
              "Design/Development", "sub_competency_code": "4.1.1",
              "sub_competency_name": "Critical Work Functions", "essential_ksas": 3}]
    out = rows(fw, [E("t", "table", table, "competency_tree", {"tiers": [4], "columns": columns})])
    assert out["t"]["status"] == "mismatch"
    assert "4.1.1 essential_ksas: printed 3, data 2" in out["t"]["note"]
    assert "rows in the data but not printed: 4.1.2, 4.2.1" in out["t"]["note"]


def test_nice_and_tier5_table(fw):
    columns = ["competency_code", "competency_name", "competency_framework",
               "competency_reference", "sub_competency_code", "sub_competency_name",
               "essential_ksas", "deriving_framework", "external_reference"]
    base = {"competency_framework": None, "competency_reference": None}
    table = [
        {**base, "competency_code": "5.1", "competency_name": "Additive Manufacturing",
         "sub_competency_code": None, "sub_competency_name": None, "essential_ksas": 1,
         "deriving_framework": None, "external_reference": None},
        {"competency_code": "5.3", "competency_name": "Information Technology",
         "competency_framework": "DOL ITCM", "competency_reference": None,
         "sub_competency_code": "5.3.1", "sub_competency_name": "Programming",
         "essential_ksas": 1, "deriving_framework": "DOL ITCM", "external_reference": "4.4.2"},
        {"competency_code": "5.4", "competency_name": "NICE Framework/Cybersecurity",
         "competency_framework": "NICE Framework", "competency_reference": None,
         "sub_competency_code": "5.4.1", "sub_competency_name": "Cybersecurity Fundamentals",
         "essential_ksas": 2, "deriving_framework": "NICE Framework",
         "external_reference": "NF-COM-008"},
    ]
    entry = E("tables.a2", "table", table, "competency_tree", {"tiers": [5], "columns": columns})
    out = rows(fw, [entry])
    # 5.3.1's own source_framework cell is empty; it derives from DOL ITCM through 5.3
    assert out["tables.a2"]["status"] == "match"
    nice = out["external.nice.nf_com_008"]
    assert nice["status"] == "inconsistent-in-report"
    assert nice["recomputed"]["official_title"] == "DevSecOps"
    assert "v2.1.0" in nice["note"] and "without naming a version" in nice["note"]
    assert out["external.dol"]["status"] == "not-recomputable"
    skipped = rows(fw, [entry], nice=DATA / "no_such_folder")["external.nice.nf_com_008"]
    assert skipped["status"] == "not-recomputable"
    assert "no NICE Framework components found" in skipped["note"]


def test_institutes_printed_two_ways(fw):
    table = [{"area": "BIOMANUFACTURING", "area_id": "bio", "institute": n}
             for n in ("Bio One", "Bio Two", "Bio Three")]
    table += [{"area": "DIGITAL/AUTOMATION", "area_id": "dig", "institute": n}
              for n in ("Dig One", "Dig Two")]
    table += [{"area": "MATERIALS", "area_id": "mat", "institute": "Mat One"}]
    out = rows(fw, [
        E("tables.t2", "table", table, "area_institutes", {"columns": ["area", "area_id",
                                                                       "institute"]}),
        E("areas.bio.institutes", "list", ["Bio 1", "Bio Two", "Bio Three"], "area_institutes",
          {"area": "bio"}),
        E("areas.dig.institutes", "list", ["Dig One"], "area_institutes", {"area": "dig"}),
    ])
    assert out["tables.t2"]["status"] == "match"
    assert out["areas.bio.institutes"]["status"] == "inconsistent-in-report"
    assert "'Bio 1' is printed 'Bio One' elsewhere" in out["areas.bio.institutes"]["note"]
    assert out["names.institute.bio"]["status"] == "inconsistent-in-report"
    assert out["areas.dig.institutes"]["status"] == "mismatch"  # d2 is missing
    assert "d2" in out["areas.dig.institutes"]["note"]


def test_occupations_agencies_context(fw):
    out = rows(fw, [
        E("occupations.selections_total", "count", 10, "occupation_selections"),
        # Scientists and Operators: 2 selections of titles one institute chose
        E("occupations.single_institute_pct", "percent", 20, "occupation_selections",
          {"max_institutes": 1}, numerator=2, denominator=10),
        E("occupations.multi_institute_pct", "percent", 80, "occupation_selections",
          {"min_institutes": 2}, numerator=8, denominator=10),
        E("occupations.titles", "count", 3, "occupation_titles", {"min_institutes": 2}),
        E("occupations.top", "list", [{"title": "Engineers", "institutes": 4, "row": "x"}],
          "top_occupation_titles", {"n": 1}),
        E("occupations.top_bad", "list", [{"title": "Developers", "institutes": 2, "row": "x"}],
          "top_occupation_titles", {"n": 1}),
        # Engineers 4, then Developers 2 listed; Technicians (2) ties with it
        E("occupations.top_tie", "list", [{"title": "Engineers", "institutes": 4, "row": "x"},
                                          {"title": "Developers", "institutes": 2, "row": "y"}],
          "top_occupation_titles", {"n": 2}),
        E("agencies", "list", ["Defense", "Energy", "Commerce"], "agencies"),
        E("context.people", "count", 200000, comparison="greater_than", note="2024 figure"),
    ])
    for rid in ("occupations.selections_total", "occupations.single_institute_pct",
                "occupations.multi_institute_pct", "occupations.titles", "occupations.top",
                "agencies", "consistency.occupation_selections_split"):
        assert out[rid]["status"] == "match", rid
    assert out["occupations.top_tie"]["status"] == "match"
    assert out["occupations.top_tie"]["note"] == (
        "1 unlisted title also has 2 institutes, a tie with the last listed")
    assert out["occupations.top_bad"]["status"] == "mismatch"
    assert "unlisted title has 4 institutes" in out["occupations.top_bad"]["note"]
    assert out["context.people"]["status"] == "not-recomputable"
    assert out["context.people"]["recomputed"] is None
    assert "2024 figure" in out["context.people"]["note"]


def test_every_row_has_keys_and_non_match_has_note(fw):
    frame = audit(fw, [E("b.institutes", "count", 7, "institutes_total"),
                       E("ctx", "text", "caption")], nice_dir=NICE)
    for record in audit_records(frame):
        assert tuple(record) == KEYS
        assert record["status"] in STATUSES
        if record["status"] != "match":
            assert record["note"]
    json.dumps(audit_records(frame))  # JSON-ready


def _published_dir(tmp_path: Path, value: int, source: str = "handmade_report",
                   edition: str | None = "2099") -> Path:
    """Figures published about the handmade edition (a source of its own), or with
    `source="report_2025"` the 2025 report's (which describe edition 2025)."""
    folder = tmp_path / f"published_{value}_{source}"
    folder.mkdir()
    header = ({"seed": "001_58beff37b35552b8.txt"} if source == "report_2025" else
              {"edition": edition})
    doc = {"source": source, **header, "title": "test",
           "entries": [{"id": "summary.institutes", "source": source,
                        "section": "Executive Summary", "location": "paragraph",
                        "printed": f"the {value} institutes", "kind": "count", "value": value,
                        "statistic": "institutes_total", "params": {}}]}
    (folder / f"{source}.yaml").write_text(yaml.safe_dump(doc), encoding="utf-8")
    return folder


def test_figures_about_another_edition_are_not_compared(tmp_path, capsys):
    """The 2025 report's figures describe edition 2025: the audit of another edition says so,
    compares nothing and exits 0; as JSON, an empty list, the reason on stderr."""
    published = _published_dir(tmp_path, 7, source="report_2025")
    args = argparse.Namespace(edition=str(DATA / "handmade"), json=False, nice=str(NICE),
                              published=published)
    assert audit_command(args) == 0
    assert capsys.readouterr().out == (
        f"audit of {DATA / 'handmade'} (reconstructed): the published figures in {published} "
        "describe edition 2025, not edition 2099: nothing to compare. Give the figures "
        "published about edition 2099 with --published FOLDER (data/published/README.md "
        "says how to write them).\n")
    assert audit_command(argparse.Namespace(**{**vars(args), "json": True})) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == [] and "nothing to compare" in err


def test_a_file_of_figures_of_its_own_must_name_its_edition(tmp_path):
    folder = _published_dir(tmp_path, 6, edition=None)
    with pytest.raises(InputError, match="a lowercase name of your own with the edition"):
        load_published(folder)
    assert {e.edition for e in load_published(_published_dir(tmp_path, 5))} == {"2099"}
    assert {e.edition for e in load_published()} == {"2025", None}  # the 2020 piece: context


def test_command_exit_codes_and_json(tmp_path, capsys):
    args = dict(edition=str(DATA / "handmade"), json=True, nice=str(NICE))
    assert audit_command(argparse.Namespace(**args, published=_published_dir(tmp_path, 6))) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [r["id"] for r in printed] == ["summary.institutes"]
    assert set(printed[0]) == set(KEYS) and printed[0]["status"] == "match"
    assert audit_command(argparse.Namespace(**args, published=_published_dir(tmp_path, 7))) == 1
    assert json.loads(capsys.readouterr().out)[0]["status"] == "mismatch"
    bad = argparse.Namespace(**{**args, "edition": str(tmp_path / "missing")},
                             published=_published_dir(tmp_path, 5))
    assert audit_command(bad) == 1


def test_official_nice_components_when_present():
    from competency_framework.reference.nice import DEFAULT_NICE_DIR, load_nice_components

    nice = load_nice_components(DEFAULT_NICE_DIR)
    if nice is None:
        pytest.skip(f"no NICE Framework components in {DEFAULT_NICE_DIR}")
    assert nice.version == "2.1.0"
    # the titles SOURCE.md lists for the ids Table A2 cites
    assert nice.title("NF-COM-008") == "DevSecOps"
    assert nice.title("NF-COM-001") == "Access Controls"
    assert nice.title("NF-COM-007") == "Cyber Resiliency"
    assert nice.title("NF-COM-010") == "Operational Technology (OT) Security"
    assert nice.element_type("NF-COM-010") == "competency_area"
    assert nice.title("NF-COM-099") is None


EDITION_2025 = Path(__file__).parents[1] / "data" / "raw" / "2025"


def test_audit_of_the_2025_edition_has_no_mismatch():
    """The issue's done-criterion: every published figure is reproduced (or explained)."""
    if not (EDITION_2025 / "datapackage.json").is_file():
        pytest.skip("data/raw/2025 is not built yet")
    from competency_framework.reference.published import load_published

    records = audit_records(audit(load_edition(EDITION_2025), load_published()))
    mismatches = [f"{r['id']}: {r['note']}" for r in records if r["status"] == "mismatch"]
    assert mismatches == []
    assert all(r["note"] for r in records if r["status"] != "match")


def test_items_marked_same_as_a_lettered_ksa(fw):
    top = [_item("4.1.1", "Data collection and analysis", letter="A"),
           _item("4.1.1", "Follow standard operating procedures", letter="B")]
    # "DCA" matches no statement; the transcription says it probably abbreviates A (k01),
    # which bio's network-wide list ranks first (4 connections from bio)
    listed = [_item("4.1.1", "DCA", sub_competency="Critical Work Functions",
                    possibly_same_as="A")]
    out = rows(fw, [E("top", "list", top, "top_ksas", {"n": 2}, reading=2),
                    E("net", "list", listed, "area_frequent_network_ksas", {"area": "bio"},
                      reading=6)])
    assert out["net"]["status"] == "inconsistent-in-report"
    assert "probably the same KSA as A" in out["net"]["note"]
    assert out["names.ksa.k01"]["status"] == "inconsistent-in-report"
    assert out["names.ksa.k01"]["recomputed"] == "Data collection and analysis"
    # without the mark, "DCA" is no KSA of the data
    unmarked = [_item("4.1.1", "DCA", sub_competency="Critical Work Functions")]
    out = rows(fw, [E("net", "list", unmarked, "area_frequent_network_ksas", {"area": "bio"})])
    assert out["net"]["status"] == "mismatch"
    assert "'DCA' (4.1.1) is not a KSA of the data" in out["net"]["note"]


def test_institute_in_the_wrong_area(fw):
    out = rows(fw, [E("areas.dig.institutes", "list", ["Dig One", "Dig Two", "Mat One"],
                      "area_institutes", {"area": "dig"})])
    assert out["areas.dig.institutes"]["status"] == "mismatch"
    assert "'Mat One' in dig (the data puts it in mat)" in out["areas.dig.institutes"]["note"]


def test_an_entry_about_something_the_edition_lacks(fw):
    out = rows(fw, [
        # no competency 9.9 in the edition: the check raises NotInEdition
        E("x.node", "percent", 10, "ksas_under_competency", {"code": "9.9"}, numerator=1,
          denominator=10),
        # no area "energy": a share of nothing, printed without a percent
        E("x.area", "percent", 42, "area_ksas_by_institute_count", {"area": "energy"},
          numerator=22, denominator=52),
    ])
    assert out["x.node"]["status"] == "mismatch" and out["x.node"]["recomputed"] is None
    assert out["x.node"]["note"] == (
        "cannot recompute ksas_under_competency {'code': '9.9'}: the edition has no "
        "competency 9.9")
    assert out["x.area"]["status"] == "mismatch"
    assert out["x.area"]["recomputed"] == {"numerator": 0, "denominator": 0, "percent": None}
    assert out["x.area"]["note"] == "recomputed 0/0, published 42% (22/52)"


def test_an_error_in_a_check_is_raised_not_turned_into_a_row(fw, monkeypatch):
    from dataclasses import replace

    from competency_framework.audit import CONSISTENCY_CHECKS, ENTRY_CHECKS

    def broken(*args):
        raise KeyError("a bug in the check")

    entries = [E("a.institutes", "count", 6, "institutes_total")]
    with monkeypatch.context() as m:
        m.setitem(ENTRY_CHECKS, "institutes_total",
                  replace(ENTRY_CHECKS["institutes_total"], run=broken))
        with pytest.raises(KeyError, match="a bug in the check"):
            audit(fw, entries, nice_dir=NICE)
    assert rows(fw, entries)["a.institutes"]["status"] == "match"
    split = [E("occupations.selections_total", "count", 10, "occupation_selections"),
             E("occupations.single_institute_pct", "percent", 20, "occupation_selections",
               {"max_institutes": 1}, numerator=2, denominator=10),
             E("occupations.multi_institute_pct", "percent", 80, "occupation_selections",
               {"min_institutes": 2}, numerator=8, denominator=10)]
    monkeypatch.setitem(CONSISTENCY_CHECKS, "occupation_selections_split",
                        replace(CONSISTENCY_CHECKS["occupation_selections_split"], run=broken))
    with pytest.raises(KeyError, match="a bug in the check"):
        audit(fw, split, nice_dir=NICE)


def test_checks_are_registered_by_what_they_need(fw):
    from competency_framework.audit import CONSISTENCY_CHECKS, ENTRY_CHECKS
    from competency_framework.reference.published import STATISTICS

    # every statistic of the published vocabulary is recomputed by exactly one named check
    handled = [s for check in ENTRY_CHECKS.values() for s in check.statistics]
    assert sorted(handled) == sorted(STATISTICS)
    # a consistency check runs only when every entry it needs is published, and sees only
    # what it declares
    split = CONSISTENCY_CHECKS["occupation_selections_split"]
    entries = {e.id: e for e in [
        E("occupations.selections_total", "count", 10, "occupation_selections"),
        E("occupations.single_institute_pct", "percent", 20, "occupation_selections",
          {"max_institutes": 1}, numerator=2, denominator=10),
        E("other", "count", 6, "institutes_total")]}
    assert not split.applies(entries)
    assert "consistency.occupation_selections_split" not in rows(fw, list(entries.values()))
    assert list(split.view(entries)) == ["occupations.selections_total",
                                         "occupations.single_institute_pct"]


def test_a_folder_of_figures_about_several_editions_audits_only_this_one(tmp_path, capsys):
    """Figures about edition 2025 beside figures about the handmade edition (2099): the audit
    of 2099 checks only its own; an unquoted `edition: 2025` reads as "2025"."""
    folder = _published_dir(tmp_path, 6)
    other = yaml.safe_load((_published_dir(tmp_path, 7, source="report_2025") /
                            "report_2025.yaml").read_text(encoding="utf-8"))
    other["edition"] = 2025  # unquoted: YAML reads a number
    other["entries"][0]["id"] = "other.institutes"
    (folder / "report_2025.yaml").write_text(yaml.safe_dump(other), encoding="utf-8")
    assert {e.edition for e in load_published(folder)} == {"2025", "2099"}
    args = argparse.Namespace(edition=str(DATA / "handmade"), json=True, nice=str(NICE),
                              published=folder)
    assert audit_command(args) == 0
    assert [r["id"] for r in json.loads(capsys.readouterr().out)] == ["summary.institutes"]

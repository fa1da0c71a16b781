"""The published figures: the loader's checks, and the transcription checked against the seeds.

Every `printed` string must appear verbatim (after `normalize_printed`) inside the section of the
seed document it cites; list items and table rows are checked row by row in printed order; and
the numbers the report states more than once (directly or through its tables) must agree.
"""

from __future__ import annotations

import os
import re
import textwrap
from collections import Counter, defaultdict
from fractions import Fraction
from math import floor
from pathlib import Path

import pytest

from competency_framework.edition.problems import InputError
from competency_framework.reference.published import (
    AREAS,
    PUBLISHED_DIR,
    SOURCES,
    STATISTICS,
    Entry,
    entry,
    ksa_statements,
    load_published,
    load_sections,
    normalize_printed,
)

# The source documents the transcription is checked against: the team's shared folder beside
# the repository (CI has it), or COMPETENCY_SEEDS; without them those tests skip.
SEEDS = Path(os.environ.get("COMPETENCY_SEEDS",
                            Path(__file__).resolve().parents[2] / "shared" / "seeds"))
WORDS = dict(enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split()))


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return load_published()


@pytest.fixture(scope="module")
def by_id(entries) -> dict[str, Entry]:
    return {e.id: e for e in entries}


def _headings(lines: list[str], extra: set[str]) -> list[tuple[int, int, str]]:
    """(line index, level, title): markdown headings, plus plain lines named in `extra`."""
    out = []
    for i, line in enumerate(lines):
        m = re.match(r"^(#+)\s+(.*)$", line)
        if m:
            out.append((i, len(m.group(1)), normalize_printed(m.group(2))))
        elif line.strip() and normalize_printed(line) in extra:
            out.append((i, 1, normalize_printed(line)))
    return out


@pytest.fixture(scope="module")
def spans(entries) -> dict[tuple[str, str], str]:
    """(source, section) -> the normalised text of that section, subsections included."""
    if not all((SEEDS / name).exists() for name in SOURCES.values()):
        pytest.skip(f"seed documents not found in {SEEDS} (set COMPETENCY_SEEDS)")
    out = {}
    for source, name in SOURCES.items():
        lines = (SEEDS / name).read_text(encoding="utf-8").splitlines()
        cited = {e.section for e in entries if e.source == source}
        heads = _headings(lines, cited)
        for section in cited:
            found = [h for h in heads if h[2] == section]
            assert len(found) == 1, f"{source}: section {section!r} found {len(found)} times"
            start, level, _ = found[0]
            end = next((i for i, lv, _ in heads if i > start and lv <= level), len(lines))
            out[source, section] = normalize_printed("\n".join(lines[start:end]))
    return out


def _span(spans, e: Entry) -> str:
    return spans[e.source, e.section]


def _in_order(text: str, parts: list[str]) -> list[str]:
    """The parts not found in `text` after the previous part (empty when all are in order)."""
    missing, pos = [], 0
    for part in parts:
        at = text.find(part, pos)
        if at < 0:
            missing.append(part)
        else:
            pos = at + len(part)
    return missing


def _number_forms(value: int) -> set[str]:
    forms = {str(value), f"{value:,}"}
    if value in WORDS:
        forms.add(WORDS[value])
    if value >= 1_000_000:
        millions = f"{value / 1_000_000:g}"
        forms |= {f"{millions}M", f"{millions} million"}
    return forms


def _mentions(text: str, value: int) -> bool:
    return any(
        re.search(rf"(?<![\d,.]){re.escape(form)}(?![\d,]|\.\d)", text, re.IGNORECASE)
        for form in _number_forms(value)
    )


def _round_half_up(numerator: int, denominator: int) -> int:
    return floor(Fraction(100 * numerator, denominator) + Fraction(1, 2))


# ---------------------------------------------------------------- the loader


def test_loads_both_documents_with_unique_ids(entries):
    assert {e.source for e in entries} == set(SOURCES)
    assert len({e.id for e in entries}) == len(entries)
    kinds = Counter(e.kind for e in entries)
    assert set(kinds) == {"count", "percent", "money", "list", "table", "text"}
    assert all(e.file and e.line > 0 for e in entries)


def test_entry_by_id():
    e = entry("areas.biomanufacturing.all_institutes")
    assert (e.value, e.numerator, e.denominator) == (63, 41, 65)
    assert e.printed == "41 of the 65 KSAs (63%) selected by all three institutes"
    with pytest.raises(KeyError, match="no_such"):
        entry("no_such.entry")


def _write(folder: Path, body: str, name: str = "report_2025.yaml") -> None:
    head = "source: report_2025\nseed: 001_58beff37b35552b8.txt\nentries:\n"
    (folder / name).write_text(head + textwrap.dedent(body), encoding="utf-8")


GOOD = """\
- id: a.count
  source: report_2025
  section: S
  location: paragraph
  printed: "7 things"
  kind: count
  value: 7
"""


def test_valid_minimal_file(tmp_path):
    _write(tmp_path, GOOD)
    [e] = load_published(tmp_path)
    assert (e.id, e.value, e.line, e.file) == ("a.count", 7, 4, "report_2025.yaml")


@pytest.mark.parametrize(
    ("body", "message", "line", "column"),
    [
        (GOOD + GOOD, "entry a.count: id already used in report_2025.yaml line 4", 11, "id"),
        (GOOD.replace("  kind: count\n", ""), "missing required key 'kind'", 4, "kind"),
        (GOOD.replace("value: 7", "value: seven"), "non-negative integer", 10, "value"),
        (GOOD.replace("kind: count", "kind: number"), "kind must be one of", 9, "kind"),
        (GOOD + "  statistic: made_up\n", "unknown statistic 'made_up'", 11, "statistic"),
        (GOOD + "  statistic: area_connections_to_other_area\n  params: {area: electronics}\n",
         "needs param 'other_area'", 12, "params"),
        (GOOD + "  statistic: ksas_total\n  params: {area: nowhere}\n",
         "takes no param 'area'", 12, "params"),
        (GOOD + "  colour: red\n", "unknown key 'colour'", 11, "colour"),
        (GOOD + "  statistic: area_ksas_by_institute_count\n"
                "  params: {area: materials, all_institutes: yes please}\n",
         "param all_institutes must be true or false", 12, "params"),
        (GOOD + "  statistic: competencies\n  params: {tiers: [6]}\n",
         "param tiers must be a list of tiers", 12, "params"),
        (GOOD + "  numerator: 3\n", "numerator belongs to percent entries", 11, "numerator"),
        (GOOD + "  reading: 9\n", "reading must be one of", 11, "reading"),
        (GOOD + "  derived_from: [b.missing]\n", "unknown id 'b.missing'", 4, "derived_from"),
        (GOOD.replace('printed: "7 things"', "printed: null"), "printed may be empty only", 8,
         "printed"),
        (GOOD.replace("id: a.count", "id: A Count"), "dotted lowercase slug", 4, "id"),
        (GOOD.replace("source: report_2025", "source: network_2020"),
         "source differs from the file's source", 5, "source"),
    ],
)
def test_loader_reports_file_line_key_and_entry(tmp_path, body, message, line, column):
    _write(tmp_path, body)
    with pytest.raises(InputError) as caught:
        load_published(tmp_path)
    problems = caught.value.problems
    assert any(message in p.message and p.row == line and p.column == column
               for p in problems), problems
    assert all(p.file == "report_2025.yaml" for p in problems)
    assert "report_2025.yaml" in str(caught.value)


def test_loader_rejects_bad_kinds_of_value(tmp_path):
    body = GOOD + textwrap.dedent("""\
        - id: b.pct
          source: report_2025
          section: S
          location: bullet
          printed: "120%"
          kind: percent
          value: 120
          numerator: 9
          denominator: 4
        - id: c.list
          source: report_2025
          section: S
          location: list
          printed: "x"
          kind: list
          value: [{code: "4.2.x", statement: "Do a thing"}]
        - id: d.table
          source: report_2025
          section: S
          location: Table 9
          printed: "x"
          kind: table
          value: [a, b]
        """)
    _write(tmp_path, body)
    with pytest.raises(InputError) as caught:
        load_published(tmp_path)
    text = str(caught.value)
    for expected in ("entry b.pct: value must be a number from 0 to 100",
                     "entry b.pct: numerator exceeds denominator",
                     "entry c.list: item 1: code '4.2.x' is not a competency code",
                     "entry d.table: every row of a table must be a mapping"):
        assert expected in text


def test_loader_rejects_broken_yaml_and_empty_folder(tmp_path):
    with pytest.raises(InputError, match="no published-figures"):
        load_published(tmp_path)
    (tmp_path / "report_2025.yaml").write_text("entries: [\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_published(tmp_path)


def test_normalize_printed_removes_markup():
    raw = "**\\$392M** from <b>state</b> &amp; [EWD Connect](#)\t *x*\n y"
    assert normalize_printed(raw) == "$392M from state & EWD Connect x y"


# ---------------------------------------------------------------- the transcription vs the seeds


def test_every_printed_string_is_in_its_section(entries, spans):
    missing = [e.id for e in entries
               if e.printed is not None and e.printed not in _span(spans, e)]
    assert not missing
    unnormalised = [e.id for e in entries
                    if e.printed is not None and normalize_printed(e.printed) != e.printed]
    assert not unnormalised


def test_unprinted_entries_are_derived(entries):
    for e in entries:
        if e.printed is None:
            assert e.derived_from and e.note, e.id


def test_numbers_in_value_appear_in_printed(entries):
    for e in entries:
        if e.printed is None or e.kind not in ("count", "percent", "money"):
            continue
        if e.kind == "percent":
            assert f"{e.value}%" in e.printed, e.id
        elif "value" not in e.implied:
            assert _mentions(e.printed, e.value), e.id
        for key in ("numerator", "denominator"):
            number = getattr(e, key)
            if number is not None and key not in e.implied:
                assert _mentions(e.printed, number), (e.id, key)
        if e.comparison == "greater_than":
            assert re.search(r"\b(over|more than)\b", e.printed, re.IGNORECASE), e.id


def test_list_items_are_printed_rows_in_order(entries, spans):
    for e in entries:
        if e.kind != "list" or not isinstance(e.value[0], dict) or "row" not in e.value[0]:
            continue
        text = _span(spans, e)
        rows = list(dict.fromkeys(item["row"] for item in e.value))
        assert not _in_order(text[text.find(e.printed):], rows), e.id
        for item in e.value:
            row = item["row"]
            for key in ("statement", "title", "name"):
                if key in item:
                    assert item[key] in row, (e.id, item)
            code = item.get("printed_code", item.get("code"))
            if code is not None and code not in row:
                assert "note" in item and "blank" in item["note"], (e.id, item)
            elif "sub_competency" in item:
                assert f"{code} {item['sub_competency']}" in row, (e.id, item)
            if "institutes" in item:
                assert f"({item['institutes']} institutes)" in row
            if "letter" in item:
                assert row.startswith(f"{item['letter']}. ") and row.endswith(f"({code})")


def test_plain_lists_are_printed_in_their_section(entries, spans):
    for e in entries:
        if e.kind == "list" and isinstance(e.value[0], str):
            assert not _in_order(_span(spans, e), e.value), e.id
    roles = next(e for e in entries if e.id == "roles_of_the_future")
    flat = [part for g in roles.value for part in (g["group"], *g["roles"])]
    assert not _in_order(_span(spans, roles), flat)


def test_table_1_rows(by_id, spans):
    e = by_id["tables.table_1"]
    rows = [f"{r['code']} {r['name']} {r['definition']}" for r in e.value]
    assert not _in_order(_span(spans, e), rows)


def test_table_2_rows_rebuild_the_printed_columns(by_id, spans):
    e = by_id["tables.table_2"]
    columns: dict[str, list[str]] = defaultdict(list)
    for r in e.value:
        columns[r["area"]].append(" ".join(filter(None, [r.get("full_name"), r["institute"]])))
    header = " ".join(columns)
    assert header == "BIOMANUFACTURING DIGITAL/AUTOMATION ELECTRONICS ENERGY/PROCESSES MATERIALS"
    depth = max(len(c) for c in columns.values())
    printed_rows = [" ".join(c[i] for c in columns.values() if i < len(c)) for i in range(depth)]
    assert not _in_order(_span(spans, e), [e.printed, header, *printed_rows])
    assert {r["area_id"] for r in e.value} == set(AREAS)


def test_table_a1_rows(by_id, spans):
    e = by_id["tables.table_a1"]
    parts, last = [e.printed], None
    for r in e.value:
        if r["competency_code"] != last:
            parts.append(f"{r['competency_code']} {r['competency_name']}")
            last = r["competency_code"]
        code = r.get("printed_code", r["sub_competency_code"])
        parts.append(f"{code} {r['sub_competency_name']} {r['essential_ksas']}")
        assert r["sub_competency_code"].startswith(r["competency_code"] + ".")
    assert not _in_order(_span(spans, e), parts)


def test_table_a2_rows(by_id, spans):
    e = by_id["tables.table_a2"]

    def framework(name, ref):
        if not name:
            return ""
        label = "NICE Framework ID:" if name == "NICE Framework" and ref else name
        return " ".join(filter(None, [label, ref]))

    parts, last = [e.printed], None
    for r in e.value:
        if r["competency_code"] != last:
            last = r["competency_code"]
            head = [f"{r['competency_code']} {r['competency_name']}"]
            if r["sub_competency_code"] is None:
                head.append(str(r["essential_ksas"]))
            head.append(framework(r["competency_framework"], r["competency_reference"]))
            parts.append(" ".join(filter(None, head)))
        if r["sub_competency_code"] is not None:
            assert r["sub_competency_code"].startswith(r["competency_code"] + ".")
            parts.append(" ".join(filter(None, [
                f"{r['sub_competency_code']} {r['sub_competency_name']} {r['essential_ksas']}",
                framework(r["deriving_framework"], r["external_reference"])])))
    assert not _in_order(_span(spans, e), parts)


# ---------------------------------------------------------------- internal consistency


def _table_totals(by_id):
    a1, a2 = by_id["tables.table_a1"].value, by_id["tables.table_a2"].value
    return a1, a2, sum(r["essential_ksas"] for r in a1), sum(r["essential_ksas"] for r in a2)


def test_ksa_total_and_alignment_numerators_follow_the_tables(by_id):
    a1, a2, tier4, tier5 = _table_totals(by_id)
    assert by_id["summary.ksas_total"].value == tier4 + tier5 == 235
    derived = sum(r["essential_ksas"] for r in a2
                  if r["deriving_framework"] or r["competency_framework"])
    assert by_id["alignment.dol_amcm_pct"].numerator == tier4
    assert by_id["alignment.any_model_pct"].numerator == tier4 + derived
    for ident in ("alignment.operations_management_pct", "alignment.process_design_pct"):
        e = by_id[ident]
        assert e.numerator == sum(r["essential_ksas"] for r in a1
                                  if r["competency_code"] == e.params["code"])
    for e in by_id.values():
        if e.kind == "percent" and e.source == "report_2025" and not e.id.startswith(
                ("areas.", "occupations.")):
            assert e.denominator == tier4 + tier5, e.id


def test_competency_counts_follow_the_tables(by_id):
    a1, a2, _, _ = _table_totals(by_id)
    tier4 = {r["competency_code"] for r in a1}
    tier5 = {r["competency_code"] for r in a2}
    assert len(tier4) == by_id["methodology.tier4_competencies"].value
    assert len(tier5) == by_id["methodology.tier5_competencies"].value
    assert len(tier4 | tier5) == by_id["summary.core_competencies"].value
    table_1 = {(r["code"], r["name"]) for r in by_id["tables.table_1"].value}
    assert table_1 == {(r["competency_code"], r["competency_name"]) for r in a2}


def test_percentages_agree_with_their_fractions_except_where_noted(entries):
    off = {}
    for e in entries:
        if e.kind == "percent" and e.numerator is not None and e.denominator is not None:
            if _round_half_up(e.numerator, e.denominator) != e.value:
                off[e.id] = e
    assert set(off) == {"areas.materials.multi_institute"}
    assert all("Inconsistent in the report" in e.note for e in off.values())


def test_area_figures_agree_with_each_other(by_id):
    table_2 = defaultdict(list)
    for r in by_id["tables.table_2"].value:
        table_2[r["area_id"]].append(r["institute"])
    institutes = sum(len(v) for v in table_2.values())
    assert institutes == by_id["summary.institutes"].value == by_id["network_2024.institutes"].value
    assert len(table_2) == by_id["summary.technology_areas"].value
    for area in AREAS:
        listed = by_id[f"areas.{area}.institutes"].value
        printed_in_table = ["AFFOA" if i == "AFOA" else i for i in table_2[area]]
        assert listed == printed_in_table, area
        total = by_id[f"areas.{area}.ksas_total"].value
        for e in by_id.values():
            if e.id.startswith((f"areas.{area}.", f"area_connections.{area}.")):
                assert e.params.get("area") == area or e.statistic is None, e.id
                if (e.kind == "percent" and e.statistic == "area_ksas_by_institute_count"
                        and not e.params.get("specific")):
                    assert e.denominator == total, e.id
    assert "AFOA" in by_id["tables.table_2"].value[15]["note"]
    bio = "areas.biomanufacturing."
    assert by_id[bio + "multi_institute"].numerator == (
        by_id[bio + "all_institutes"].numerator + by_id[bio + "two_institutes"].value)
    assert by_id[bio + "multi_institute_specific"].denominator == by_id[
        bio + "multi_institute"].numerator
    digital = "areas.digital_automation."
    unique = by_id[digital + "specific"].numerator
    assert by_id[digital + "specific_multi_institute"].denominator == unique
    assert by_id[digital + "specific_tier5"].denominator == unique
    materials = by_id["areas.materials.multi_institute_specific"]
    assert f"of those {by_id['areas.materials.multi_institute'].numerator}" in materials.printed


def test_connection_counts_cover_every_printed_direction(by_id):
    pairs = {tuple(e.id.split(".")[1:]) for e in by_id.values()
             if e.id.startswith("area_connections.")}
    printed_from = {a for a, _ in pairs}
    assert printed_from == set(AREAS) - {"biomanufacturing"}
    for area in printed_from:
        assert {b for a, b in pairs if a == area} == set(AREAS) - {area}
    assert "no connection counts" in by_id["figures.figure_5"].note
    assert all(by_id[f"area_connections.{a}.{b}"].reading == 3 for a, b in pairs)


def test_occupation_figures_add_up(by_id):
    total = by_id["occupations.selections_total"].value
    single = by_id["occupations.single_institute_pct"]
    multi = by_id["occupations.multi_institute_pct"]
    assert single.numerator + multi.numerator == total == single.denominator == multi.denominator
    top = by_id["occupations.top_titles"].value
    assert [t["institutes"] for t in top] == sorted((t["institutes"] for t in top), reverse=True)
    assert sum(t["institutes"] for t in top) <= multi.numerator
    shared_titles = by_id["occupations.multi_institute_titles"].value
    assert len(top) <= shared_titles
    assert by_id["occupations.titles_total"].value == single.numerator + shared_titles
    others = multi.numerator - sum(t["institutes"] for t in top)
    assert 2 * (shared_titles - len(top)) <= others <= 4 * (shared_titles - len(top))


def test_top_ksas_are_lettered_a_to_j(by_id):
    items = by_id["top_ksas"].value
    assert [i["letter"] for i in items] == list("ABCDEFGHIJ")
    f = items[5]
    assert f["printed_code"] == "4.2.6 and 4.2.9" and f["code"] == "4.2.6" and f["reading"] == 2


def test_ksa_lists_use_the_tree_of_tables_a1_a2(by_id):
    names = {r["sub_competency_code"]: r["sub_competency_name"]
             for r in by_id["tables.table_a1"].value + by_id["tables.table_a2"].value
             if r["sub_competency_code"]}
    codes_of: dict[str, set[str]] = defaultdict(set)
    for e in by_id.values():
        if e.kind != "list" or not isinstance(e.value[0], dict) or "statement" not in e.value[0]:
            continue
        for item in e.value:
            assert item["code"] in names, (e.id, item)
            codes_of[item["statement"]].add(item["code"])
            printed_name = item.get("sub_competency")
            if printed_name is not None and printed_name != names[item["code"]]:
                assert names[item["code"]] in item.get("note", ""), (e.id, item)
    assert all(len(codes) == 1 for codes in codes_of.values()), codes_of


def test_every_entry_names_a_known_statistic_or_none(entries):
    for e in entries:
        if e.statistic:
            assert e.statistic in STATISTICS
    used = {e.statistic for e in entries if e.statistic}
    assert used == set(STATISTICS), set(STATISTICS) - used


def test_readme_lists_the_statistic_vocabulary():
    readme = (PUBLISHED_DIR / "README.md").read_text(encoding="utf-8")
    for name in STATISTICS:
        assert f"`{name}`" in readme, name


def test_roles_of_the_future(by_id):
    roles = by_id["roles_of_the_future"].value
    assert len(roles) == 6
    assert sum(len(g["roles"]) for g in roles) == by_id["roles_2020.bridge_roles"].value == 20


def test_ksa_statements_deduplicate_the_lists(entries):
    ksas = ksa_statements(entries)
    assert len({(k.code, k.statement) for k in ksas}) == len(ksas)
    lettered = {k.letter: k for k in ksas if k.letter}
    assert sorted(lettered) == list("ABCDEFGHIJ")
    assert lettered["A"].lists == ("top_ksas", "areas.biomanufacturing.frequent_network_ksas")
    f = lettered["F"]
    assert f.code == "4.2.6" and "computer-interfaced equipment" in f.statement
    assert f.variants == (f.statement.replace("computer-interfaced", "computer-aided interfaced"),)
    assert len(f.lists) == 3
    assert {k.possibly_same_as for k in ksas if k.possibly_same_as} == {"A", "B", "H"}
    items = [i for e in entries if e.kind == "list" and "statement" in e.value[0] for i in e.value]
    assert len(items) - len(ksas) == sum(len(k.lists) - 1 for k in ksas) > 0


def test_printed_ksas_fit_the_table_counts(entries, by_id):
    """Distinct printed statements under a code never outnumber that code's essential KSAs."""
    counts = {r["sub_competency_code"]: r["essential_ksas"]
              for r in by_id["tables.table_a1"].value + by_id["tables.table_a2"].value}
    printed = Counter(k.code for k in ksa_statements(entries))
    assert all(printed[code] <= counts[code] for code in printed), printed
    assert printed["4.6.1"] == counts["4.6.1"] == 2


def test_same_as_must_name_a_top_ksa(tmp_path):
    _write(tmp_path, GOOD + textwrap.dedent("""\
        - id: b.list
          source: report_2025
          section: S
          location: list
          printed: "x"
          kind: list
          value: [{code: "4.2.6", statement: "Do a thing", same_as: Q}]
        """))
    with pytest.raises(InputError, match="same_as 'Q' is not a lettered top KSA"):
        load_published(tmp_path)


def test_sections_follow_the_printed_order(entries):
    """Each document's `sections` list every section its entries cite, in the order the
    seed prints their headings."""
    sections = load_sections()
    assert set(sections) == {e.source for e in entries}
    for source, headings in sections.items():
        assert set(headings) == {e.section for e in entries if e.source == source}
        if not (SEEDS / SOURCES[source]).exists():
            continue
        lines = (SEEDS / SOURCES[source]).read_text(encoding="utf-8").splitlines()
        starts = {h[2]: h[0] for h in _headings(lines, set(headings))}
        assert [starts[s] for s in headings] == sorted(starts[s] for s in headings), source


def test_loader_rejects_a_section_the_file_does_not_list(tmp_path):
    head = ("source: report_2025\nseed: 001_58beff37b35552b8.txt\n"
            "sections: {Other: Another}\nentries:\n")
    (tmp_path / "report_2025.yaml").write_text(head + GOOD, encoding="utf-8")
    with pytest.raises(InputError, match="section 'S' is not among the file's sections"):
        load_published(tmp_path)
    (tmp_path / "report_2025.yaml").write_text(head.replace("Other", "S") + GOOD,
                                               encoding="utf-8")
    assert load_sections(tmp_path) == {"report_2025": {"S": "Another"}}

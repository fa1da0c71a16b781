"""The audit as the report reads it (`present.audit_text`): values, statuses, sections, and the
audit chapter's prose and tables, on handmade audit rows given to a chapter the way the build
gives them (an audit rows file) and on the tiny edition's own audit."""

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from chapter_helpers import chapter as with_audit
from chapter_helpers import entry
from paths import EDITION_2025, TINY

from competency_framework.audit import STATUSES
from competency_framework.present import audit_text as at
from competency_framework.present.audit_text import IDENTIFIER
from competency_framework.present.chapter import Chapter, open_chapter
from competency_framework.present.numbers import (
    SPAN,
    PlainNumbers,
    audit_anchor,
    printed_numbers,
)
from competency_framework.present.tables import table_markdown

PLAIN = PlainNumbers()


def shown(markdown: str) -> str:
    """`markdown` with each number span as its text (table cells print as spans)."""
    return SPAN.sub(lambda m: m["text"], markdown)

ENTRIES = [entry("a.count", section="Intro"), entry("b.pct", section="Areas"),
           entry("old.people", source="network_2020", section="Then"),
           entry("c.top", section="Areas")]


def checks() -> pd.DataFrame:
    rows = [
        ("a.count", "Intro", "match", None),
        ("a.count.rounding", "Intro", "inconsistent-in-report", 5.0),
        ("b.pct", "Areas", "depends-on-reading", 4.0),
        ("b.pct.rounding", "Areas", "match", None),
        ("old.people", "Then", "not-recomputable", None),
        ("names.x", "", "inconsistent-in-report", None),
        ("c.top", "Areas", "mismatch", 2.0),
    ]
    return pd.DataFrame(rows, columns=["id", "section", "status", "reading"])


def chapter(fw, rows: pd.DataFrame, folder: Path, edition: str = "2025") -> Chapter:
    return with_audit(fw, rows, folder, ENTRIES, edition)


def test_value_text():
    assert at.value_text(None) == "–"
    assert at.value_text(1200) == "1,200"
    assert at.value_text({"percent": 85, "numerator": 55, "denominator": 65}) == "85% (55/65)"
    assert at.value_text({"percent": 33, "numerator": None, "denominator": 235}) == "33% (?/235)"
    assert at.value_text(["a", "b", "c", "d", "e"]) == "a; b; c; … (5 in all)"
    assert at.value_text([{"letter": "A", "code": "4.1.7", "statement": "Data"}]) == (
        "A. Data (4.1.7)")
    assert at.value_text([{"title": "Process Engineers", "institutes": 8}]) == (
        "Process Engineers (8)")
    assert at.value_text([{"code": "5.1", "name": "x"}] * 7) == "7 rows"
    assert at.value_text({"single": 70, "shared": 67}) == "single: 70; shared: 67"
    assert at.value_text("x" * 200, width=10) == "xxxxxxxxx…"  # no word fits: cut within
    assert at.value_text("were all identified by", width=13) == "were all…"  # not "were all i…"
    assert at.value_text("were all identified", width=10) == "were all…"
    assert at.value_text("ab cd ef", width=8) == "ab cd ef"
    # a number, then a word that does not fit: the text ends after the number
    assert at.value_text([70, "institutes in all"], width=8) == "70;…"
    assert at.value_text([70, 67]) == "70; 67"
    assert at.value_text({"percent": 85, "numerator": 55, "denominator": 65}, width=6) == (
        "85% (…")  # a number is cut whole


def test_value_markdown_marks_each_number_with_its_part():
    def number(value, part, row):
        return f"<{value} {part} {row}>"
    assert at.value_markdown({"percent": 85, "numerator": 55, "denominator": None}, number) == (
        "<85 percent None> \\(<55 numerator None>\\/\\?\\)")
    assert at.value_markdown([{"title": "P*", "institutes": 8}], number) == (
        "P\\* \\(<8 institutes {'title': 'P*'}>\\)")
    assert at.value_markdown(["a", "b", "c", "d"], number) == (
        "a\\; b\\; c\\; … \\(<4 rows None> in all\\)")
    assert at.value_markdown([{"code": "5.1"}] * 7, number) == "<7 rows None> rows"
    assert at.value_markdown({"element_type": "competency_area"}, number, breaks=True) == (
        "element\\_\u200btype\\: competency\\_\u200barea")  # breaks in a narrow column


def test_status_counts():
    frame = checks()
    overall = at.status_counts(frame, STATUSES).iloc[0]
    assert overall.tolist() == [2, 1, 2, 1, 1, 7]
    by = at.status_counts(frame, STATUSES, by="section")
    assert by["section"].tolist() == ["Intro", "Areas", "Then", ""]
    assert by.loc[1, list(STATUSES) + ["total"]].tolist() == [1, 1, 0, 1, 0, 3]


def test_documents_and_whether_the_audit_applies(tiny):
    assert at.document_title("report_2025") == "The 2025 report"
    assert at.document_title("network_2020") == "The 2020 network piece"
    assert not at.audit_applies(tiny, ENTRIES)
    assert at.audit_applies(replace(tiny, edition="2025"), ENTRIES)


def test_audit_sections_put_checks_with_their_entry():
    rows = at.audit_sections(checks(), ENTRIES)
    assert rows["id"].tolist() == ["a.count", "a.count.rounding", "b.pct", "b.pct.rounding",
                                   "c.top", "names.x", "old.people"]
    assert rows["document"].tolist() == ["The 2025 report"] * 6 + ["The 2020 network piece"]
    assert rows.loc[rows["id"] == "names.x", "heading"].item() == "Across sections"


def test_audit_sections_follow_the_printed_order_under_plain_headings():
    frame = checks().iloc[[0, 2, 4, 5, 6, 1, 3]]  # the rounding checks last, as the audit has
    sections = {"report_2025": {"Areas": "The areas", "Intro": "Introduction"}}
    rows = at.audit_sections(frame, ENTRIES, sections)
    assert rows["id"].tolist() == ["b.pct", "b.pct.rounding", "c.top", "a.count",
                                   "a.count.rounding", "names.x", "old.people"]
    assert rows["heading"].tolist() == ["The areas"] * 3 + ["Introduction"] * 2 + [
        "Across sections", "Then"]
    assert at.plain_heading("DIGITAL/AUTOMATION") == "Digital/Automation"
    assert at.plain_heading("Most Highly Selected KSAs:") == "Most Highly Selected KSAs"


def test_breakable_identifiers_wrap_at_dots_and_underscores():
    assert at.breakable("areas.materials.multi_institute") == (
        "areas.\u200bmaterials.\u200bmulti_\u200binstitute")
    assert at.breakable("top_ksas") == "top_\u200bksas"
    assert at.breakable_ids("in areas.bio.top_ksas, 3.5 of x_y.") == (
        "in areas.\u200bbio.\u200btop_\u200bksas, 3.5 of x_y.")  # dotted ones only
    assert at.breakable("a.") == "a."  # no break point at the very end


def prose(summary: str) -> str:
    """The audit summary as a reader sees it (number spans as their text), less its table,
    whose column labels name the statuses."""
    return "\n".join(line for line in shown(summary).split("\n")
                     if not line.startswith(("|", ":")))


STATUS_CODES = re.compile(r"depends-on-reading|inconsistent-in-report|not-recomputable"
                          r"|\bmismatch\b")


def test_audit_summary_counts_the_checks_and_says_what_a_match_means(tiny, tmp_path):
    ch = chapter(tiny, checks(), tmp_path)
    text = at.audit_summary(ch, PLAIN)
    assert text.startswith("The 2025 report prints 3 numbers, lists and tables.")
    assert ("In all the audit makes 7 checks: **2** match, **1** depends on how a statistic "
            "is read, **2** meet a report at odds with itself, **1** differs, and **1** "
            "cannot be recomputed.") in text
    assert tiny.is_reconstructed
    assert "For this edition a match holds by construction." in text
    assert "1 recomputed figure differs from the published value, in Areas" in text
    assert not STATUS_CODES.search(prose(text)), STATUS_CODES.search(prose(text))
    assert not any(i in text for i in checks()["id"])  # no check's name in the summary
    collected = replace(ch, fw=replace(ch.fw, provenance="collected"))
    assert not collected.fw.is_reconstructed
    assert "so each match is a finding" in at.audit_summary(collected, PLAIN)
    agreeing = chapter(tiny, checks().loc[lambda f: f["status"] != "mismatch"], tmp_path)
    assert "None: every recomputed figure agrees with its published value, or with one " \
        "side where the report contradicts itself." in at.audit_summary(agreeing, PLAIN)
    consistent = chapter(tiny, checks().loc[lambda f: ~f["status"].isin(
        ["mismatch", "inconsistent-in-report"])], tmp_path)
    assert "agrees with its published value." in at.audit_summary(consistent, PLAIN)
    other = at.audit_summary(chapter(tiny, checks(), tmp_path, edition="tiny"), PLAIN)
    assert "The published figures describe the 2025 edition, and this report is built from " \
        "the tiny edition" in other
    assert "by construction" not in other


def test_the_summary_table_counts_each_section_in_report_order(tiny, tmp_path):
    ch = replace(chapter(tiny, checks(), tmp_path),
                 sections={"report_2025": {"Areas": "The areas", "Intro": "Introduction"}})
    table = at.summary_table(ch, PLAIN).values()
    assert table["Section"].tolist() == ["The areas", "Introduction", "Across sections",
                                         "The 2020 network piece (context)"]
    assert list(table.columns) == ["Section", "Match", "Depends on a reading",
                                   "Report inconsistent", "Mismatch", "Not recomputable", "All"]
    assert table.iloc[0, 1:].tolist() == [1, 1, 0, 1, 0, 3]
    assert table["All"].sum() == len(checks())


def test_the_annex_lists_every_check_once_in_report_order(tiny, tmp_path):
    text = at.audit_annex(chapter(tiny, checks(), tmp_path), PLAIN)
    labels = [line.rsplit("{#", 1)[1][:-1] for line in text.split("\n") if "{#tbl-" in line]
    assert labels == ["tbl-audit-checks"]  # one table: one CSV download
    assert ("| Section | Check | Printed | Recomputed | Outcome | Note |" in text)
    assert "\n|:" + "-" * 15 + "|:" + "-" * 20 + "|" in text  # Section, Check: fixed widths
    # each check's row holds its anchor, where a pinned number links
    assert "| Intro | []{#audit-a.count.rounding}a\\.\u200bcount\\.\u200brounding | the " \
        "percent above, against its own count and total |" in text
    assert text.count("[]{#audit-") == len(checks())
    rows = [line for line in text.split("\n") if "[]{#audit-" in line]
    assert [r.split("{#audit-")[1].split("}")[0] for r in rows] == [
        "a.count", "a.count.rounding", "b.pct", "b.pct.rounding", "c.top", "names.x",
        "old.people"]
    assert "| Depends on a reading |" in text and "depends-on-reading" not in text


def test_area_audit_note(tiny, tmp_path):
    entries = [entry("areas.bio.ksas", section="BIO", params={"area": "bio"}),
               entry("figures.bio", section="BIO"),
               entry("areas.dig.ksas", section="Dig", params={"area": "dig"})]
    rows = pd.DataFrame([("areas.bio.ksas", "BIO", "match", None),
                         ("figures.bio", "BIO", "mismatch", 3.0),
                         ("areas.dig.ksas", "Dig", "match", None)],
                        columns=["id", "section", "status", "reading"])
    ch = with_audit(tiny, rows, tmp_path, entries)
    assert at.area_heading(ch, "bio") == "Bio"
    assert 'data-statistic="audit_checks(section=Bio, status=match)"' in at.area_audit_note(
        ch, "bio").data  # ch.numbers unless told
    note = at.area_audit_note(ch, "bio", PLAIN)
    assert note.data.startswith("The audit makes 2 checks of the figures the 2025 report "
                                "prints in its section on this area: 1 matches and 1 differs.")
    other = at.area_audit_note(with_audit(tiny, rows, tmp_path, entries, "tiny"), "bio",
                               PLAIN).data
    assert other.startswith("The audit makes 2 checks of the figures the 2025 report prints in "
                            "its section on this area; they describe the 2025 edition, not "
                            "the tiny edition")
    assert at.area_audit_note(ch, "materials") is None


@pytest.mark.parametrize("folder", [TINY, EDITION_2025], ids=["tiny", "2025"])
def test_the_area_chapters_and_the_audit_chapter_count_alike(folder):
    ch = open_chapter(folder)
    tallies = at.section_tallies(ch).set_index("heading")["total"]
    noted = 0
    for area_id in ch.fw.technology_areas["area_id"]:
        heading = at.area_heading(ch, area_id)
        note = at.area_audit_note(ch, area_id, PLAIN)
        if heading is None:
            assert note is None
            continue
        noted += 1
        count = int(tallies[heading])
        assert len(at.area_checks(ch, area_id)) == count
        assert note is not None and f"The audit makes {count} checks" in note.data
        # the chapters' counts print as one statistic, so numbers.json agrees too
        assert f'data-statistic="audit_checks(section={heading})"' in at.area_audit_note(
            ch, area_id).data
        assert f'data-statistic="audit_checks(section={heading})"' in table_markdown(
            at.summary_table(ch, ch.numbers))
    assert noted == (2 if folder == TINY else 5)


def test_the_tiny_edition_s_audit_reads_in_full():
    ch = open_chapter(TINY)
    summary = at.audit_summary(ch, PLAIN)
    assert f"In all the audit makes {len(ch.audit)} checks" in summary
    assert not STATUS_CODES.search(prose(summary))
    assert at.audit_annex(ch, PLAIN).count("[]{#audit-") == len(ch.audit)


def test_the_2025_audit_pins_the_recomputed_values_it_fixes():
    ch = open_chapter("data/raw/2025")
    text = at.audit_annex(ch, ch.numbers)
    assert all(audit_anchor(i) in text for i in ch.audit["id"])
    status = {(n.entry, n.value): n.status for n in printed_numbers(text) if n.entry}
    assert status["summary.ksas_total", 235] == "pinned"
    assert status["alignment.any_model_pct", 214] == "pinned"  # a percent's parts
    assert status["occupations.top_titles", 8] == "pinned"  # a listed title's institutes
    assert status["summary.connections_total", 1250] == "model-choice"  # "over 1,200"
    # a check of printed figures against each other, or of a percent against its own printed
    # fraction, recomputes from the published figures alone: what it gives, they fix
    from_printed = [n for n in printed_numbers(text) if "consistency." in n.statistic
                    or ".rounding" in n.statistic]
    assert {n.status for n in from_printed} == {"pinned"}
    by_check = {(n.statistic, n.value) for n in from_printed}
    assert {("published(check=consistency.ksas_total)", 235),
            ("published(check=consistency.table_sum.alignment.dol_amcm_pct)", 183),
            ("published(check=consistency.core_competencies)", 13),
            ("published(check=insights.cross_area_pct.rounding)", 78)} <= by_check
    summary = at.audit_summary(ch, ch.numbers)
    assert 'data-statistic="audit_checks(status=match)"' in summary
    headings = at.section_tallies(ch)["heading"].tolist()
    assert headings[:3] == ["About the framework and the network", "Executive summary",
                            "Methodology and connections to other frameworks"]
    assert headings[-3:] == ["Conclusions and next steps",
                             "Appendix A: Competencies and sub-competencies",
                             "The 2020 network piece"]
    assert not any(h.isupper() for h in headings)  # no heading in capitals, as printed
    assert not STATUS_CODES.search(prose(summary))
    assert ("In Materials, the report prints 62\\% for 27 out of 43, a fraction that rounds "
            "to 63\\%.") in shown(summary)  # the one percent at odds with its own fraction
    assert not IDENTIFIER.search(prose(summary).replace("data/", ""))  # no check's name


def test_the_annex_names_the_document_of_a_section_outside_the_report(tiny, tmp_path):
    text = at.audit_annex(chapter(tiny, checks(), tmp_path), PLAIN)
    assert "\n| 2020 network piece\\: then | []{#audit-old.people}" in text


def test_printed_quote_quotes_each_printed_figure_without_check_ids():
    assert at.printed_quote("12 of them") == "\u201c12 of them\u201d"
    assert at.printed_quote({"percent": 85, "numerator": 55, "denominator": 65}) == (
        "\u201c85% (55/65)\u201d")
    two = ("area_connections.a.b: B 53 connections; area_connections.b.a: A 52 connections")
    assert at.printed_quote(two) == "\u201cB 53 connections\u201d and \u201cA 52 connections\u201d"
    assert at.printed_quote("see a.b: then; more") == "\u201csee a.b: then; more\u201d"


def test_the_annex_quotes_what_the_report_prints_and_says_when_it_prints_nothing(tiny, tmp_path):
    rows = checks()
    rows["printed"] = ["12 of them", None, "a.count: 12 of them; b.pct: 40%", None, "then",
                       "x", "top"]
    text = at.audit_annex(chapter(tiny, rows, tmp_path), PLAIN)
    cells = {line.split("{#audit-")[1].split("}")[0]: line.split(" | ")[2]
             for line in text.split("\n") if "[]{#audit-" in line}
    assert cells["a.count"] == "\u201c12 of them\u201d"
    assert cells["b.pct"] == "\u201c12 of them\u201d and \u201c40\\%\u201d"  # no check ids
    assert cells["a.count.rounding"] == at.ROUNDING_PRINTED
    # a total the report implies (an entry derived from printed ones) says so; another
    # check with nothing printed (c.top) shows a dash, neither quoted
    rows.loc[[0, 6], "printed"] = None
    implied = [replace(e, derived_from=("b.pct",)) if e.id == "a.count" else e for e in ENTRIES]
    text = at.audit_annex(with_audit(tiny, rows, tmp_path, implied), PLAIN)
    escaped = at.NOT_PRINTED.replace(":", "\\:")
    assert f"a\\.\u200bcount | {escaped} |" in text and "\u201c\u2013\u201d" not in text
    assert "c\\.\u200btop | \u2013 |" in text


@pytest.mark.skipif(not (EDITION_2025 / "datapackage.json").is_file(), reason="no 2025 data")
def test_a_recomputed_percent_of_a_pinned_count_and_total_is_pinned():
    """Materials 2025: the report prints 27 of 43 as 62%; 63%, recomputed from those two
    published counts, is fixed by them, not the model's choice."""
    ch = open_chapter(EDITION_2025)
    value = {"numerator": 27, "denominator": 43, "percent": 63}
    text = at.value_markdown(value, at.recomputed_number(
        ch.numbers, "areas.materials.multi_institute", ch.published, value))
    assert [n.status for n in printed_numbers(text)] == ["pinned"] * 3, text

"""The audit as the report reads it (`present.audit_text`): values, statuses, sections, and the
audit chapter's prose and tables, on handmade audit rows given to a chapter the way the build
gives them (an audit rows file) and on the tiny edition's own audit."""

from dataclasses import replace
from pathlib import Path

import pandas as pd
from chapter_helpers import chapter as with_audit
from chapter_helpers import entry
from paths import TINY

from competency_framework.audit import STATUSES
from competency_framework.present import audit_text as at
from competency_framework.present.chapter import Chapter, open_chapter
from competency_framework.present.numbers import (
    SPAN,
    PlainNumbers,
    audit_anchor,
    printed_numbers,
)

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
    assert at.value_text("x" * 200, width=10) == "xxxxxxxxx…"
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


def test_status_counts_and_sentence():
    frame = checks()
    overall = at.status_counts(frame, STATUSES).iloc[0]
    assert overall.tolist() == [2, 1, 2, 1, 1, 7]
    by = at.status_counts(frame, STATUSES, by="section")
    assert by["section"].tolist() == ["Intro", "Areas", "Then", ""]
    assert by.loc[1, list(STATUSES) + ["total"]].tolist() == [1, 1, 0, 1, 0, 3]
    assert at.status_sentence(frame.iloc[:2], STATUSES) == (
        "2 checks: 1 matches, 1 meets a report at odds with itself.")
    assert at.status_sentence(frame.iloc[:2], STATUSES, PLAIN, section="Intro") == (
        "2 checks: 1 matches, 1 meets a report at odds with itself.")


def test_documents_and_whether_the_audit_applies(tiny):
    assert at.document_title("report_2025") == "The 2025 report"
    assert at.document_title("network_2020") == "The 2020 network piece"
    assert not at.audit_applies(tiny, ENTRIES)
    assert at.audit_applies(replace(tiny, edition="2025"), ENTRIES)


def test_audit_sections_put_checks_with_their_entry():
    rows = at.audit_sections(checks(), ENTRIES)
    assert rows["id"].tolist() == ["a.count", "a.count.rounding", "b.pct", "b.pct.rounding",
                                   "names.x", "c.top", "old.people"]
    assert rows["document"].tolist() == ["The 2025 report"] * 6 + ["The 2020 network piece"]
    assert rows.loc[rows["id"] == "names.x", "heading"].item() == "Across sections"


def test_breakable_identifiers_wrap_at_dots_and_underscores():
    assert at.breakable("areas.materials.multi_institute") == (
        "areas.\u200bmaterials.\u200bmulti_\u200binstitute")
    assert at.breakable("top_ksas") == "top_\u200bksas"
    assert at.breakable_ids("in areas.bio.top_ksas, 3.5 of x_y.") == (
        "in areas.\u200bbio.\u200btop_\u200bksas, 3.5 of x_y.")  # dotted ones only
    assert at.breakable("a.") == "a."  # no break point at the very end


def test_audit_opening_counts_the_checks_and_gives_the_verdict(tiny, tmp_path):
    ch = chapter(tiny, checks(), tmp_path)
    text = at.audit_opening(ch, PLAIN)
    assert text.startswith("The 2025 report prints 3 numbers, lists and tables; they are "
                           "transcribed once")  # the report's entries, not the 2020 piece's
    assert "1 check found a recomputed figure that differs from the published one" in text
    # in words, not the status codes
    assert ("In all the audit makes 7 checks: **2** match, **1** depends on how an ambiguous "
            "figure is read, **2** meet a report at odds with itself, **1** differs, and **1** "
            "cannot be recomputed.") in text
    agreeing = chapter(tiny, checks().loc[lambda f: f["status"] != "mismatch"], tmp_path)
    assert "No recomputed figure disagrees with its published value." in at.audit_opening(
        agreeing, PLAIN)
    other = at.audit_opening(chapter(tiny, checks(), tmp_path, edition="tiny"), PLAIN)
    assert other.startswith("The published figures belong to the 2025 edition, and this report "
                            "is built from the tiny edition.")


def test_audit_tables_group_checks_by_document_and_section(tiny, tmp_path):
    text = at.audit_tables(chapter(tiny, checks(), tmp_path), PLAIN)
    headings = [line for line in text.split("\n") if line.startswith("#")]
    assert headings == ["## The 2025 report", "### Intro", "### Areas", "### Across sections",
                        "## The 2020 network piece", "### Then"]
    labels = [line.rsplit("{#", 1)[1][:-1] for line in text.split("\n") if "{#tbl-" in line]
    assert labels == ["tbl-audit-summary-1", "tbl-audit-1", "tbl-audit-2", "tbl-audit-3",
                      "tbl-audit-summary-2", "tbl-audit-4"]
    assert ("| Section | Match | Reading | Inconsistent | Mismatch | Not recomputable | All |"
            in text)
    assert "| Intro | 1 | 0 | 1 | 0 | 0 | 2 |" in shown(text)
    assert ("3 checks: 1 matches, 1 depends on how an ambiguous figure is read, 1 differs."
            in text)
    assert "\n|:" + "-" * 24 + "|:" + "-" * 28 + "|" in text  # Check, Printed: fixed widths
    # each check's row starts with its anchor, where a pinned number links
    assert "\n| []{#audit-a.count.rounding}a\\.\u200bcount\\.\u200brounding | " in text
    assert text.count("[]{#audit-") == len(checks())


def test_area_audit_note(tiny, tmp_path):
    rows = pd.DataFrame([("areas.bio.ksas", "Bio", "match", None),
                         ("area_connections.bio.dig", "Bio", "mismatch", 3.0),
                         ("areas.biology.ksas", "Other", "match", None)],
                        columns=["id", "section", "status", "reading"])
    ch = chapter(tiny, rows, tmp_path)
    assert 'data-statistic="audit_checks(area=bio, status=match)"' in at.area_audit_note(
        ch, "bio").data  # ch.numbers unless told
    note = at.area_audit_note(ch, "bio", PLAIN)
    assert note.data == ("The audit sets the 2 numbers and lists the 2025 report prints for "
                         "this area beside these results: 1 matches and 1 differs.")
    other = at.area_audit_note(chapter(tiny, rows, tmp_path, edition="tiny"), "bio",
                               PLAIN).data
    assert other.startswith("The 2025 report prints 2 numbers and lists for this area; they "
                            "describe the 2025 edition, not the tiny edition")
    assert at.area_audit_note(chapter(tiny, rows, tmp_path), "dig") is None


def test_the_tiny_edition_s_audit_reads_in_full():
    ch = open_chapter(TINY)
    assert f"In all the audit makes {len(ch.audit)} checks" in at.audit_opening(ch, PLAIN)
    text = at.audit_tables(ch, PLAIN)
    assert text.count("\n### ") + text.startswith("### ") == len(
        at.audit_sections(ch.audit, ch.published.values()).drop_duplicates(
            ["document", "heading"]))


def test_the_2025_audit_pins_the_recomputed_values_it_fixes():
    ch = open_chapter("data/raw/2025")
    text = at.audit_tables(ch, ch.numbers)
    assert all(audit_anchor(i) in text for i in ch.audit["id"])
    status = {(n.entry, n.value): n.status for n in printed_numbers(text) if n.entry}
    assert status["summary.ksas_total", 235] == "pinned"
    assert status["alignment.any_model_pct", 214] == "pinned"  # a percent's parts
    assert status["occupations.top_titles", 8] == "pinned"  # a listed title's institutes
    assert status["summary.connections_total", 1250] == "model-choice"  # "over 1,200"
    opening = at.audit_opening(ch, ch.numbers)
    assert 'data-statistic="audit_checks(status=match)"' in opening

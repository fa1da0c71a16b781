"""Every printed number knows where it comes from: `numbers.json` of the built report against
the audit, the number spans in the HTML, the mark in the PDF, and no number printed outside
`present.numbers` (the 2025 edition, both renderers; CI builds both)."""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from number_marks import notebook_text, unmarked
from paths import EDITION_2025
from report_project import built_report

from competency_framework import load_edition
from competency_framework.audit import INCONSISTENT, MATCH, READING
from competency_framework.present.chapter import open_chapter
from competency_framework.present.numbers import MARK, STATUSES, statistic_name

pytestmark = [pytest.mark.build, pytest.mark.skipif(
    not (EDITION_2025 / "datapackage.json").is_file(), reason="data/raw/2025 is not built yet")]
FIXING = {MATCH, READING, INCONSISTENT}


@pytest.fixture(scope="module", params=["fallback", "quarto"])
def report(request, tmp_path_factory):
    return built_report(tmp_path_factory, EDITION_2025, request.param)


@pytest.fixture(scope="module")
def audit():
    ch = open_chapter(EDITION_2025)
    return ch.audit.set_index("id"), ch.published


def numbers_of(report) -> list[dict]:
    return json.loads((report.out / "numbers.json").read_text(encoding="utf-8"))


# what `Numbers.tally` counts: the audit's checks, the published figures, their percentages
TALLIES = ("audit_checks", "published_figures", "printed_percent_fractions",
           "percents_rounding_differently")
# numbers derived from published figures quoted as printed (`Numbers.derived` of
# `Numbers.quoted_record`s): their entry is the first figure's, which the audit may carry
FROM_QUOTED = ("network_growth_ratio",)


def test_numbers_json_lists_each_number_with_its_status(report, audit):
    rows, published = audit
    numbers = numbers_of(report)
    assert numbers and all(set(n) == {"chapter", "statistic", "value", "text", "status",
                                      "entry"} for n in numbers)
    assert {n["status"] for n in numbers} == {"pinned", "model-choice"}
    assert {n["status"] for n in numbers} <= set(STATUSES)
    for n in numbers:
        if n["status"] == "pinned" and n["statistic"].startswith("published("):
            # a published figure quoted as printed: the figure itself
            if n["entry"] is None:  # a sum of printed figures (the audit's consistency)
                continue
            e = published[n["entry"]]
            if n["statistic"] == f"published(entry={e.id})" and e.kind in ("count", "money"):
                assert n["value"] == e.value, n
        elif n["status"] == "pinned" and n["statistic"].startswith(TALLIES):
            # a count of the audit's checks or of the published figures (`Numbers.tally`)
            assert n["entry"] is None and isinstance(n["value"], int), n
        elif n["status"] == "pinned" and n["statistic"].startswith(FROM_QUOTED):
            assert n["entry"] in published, n
        elif n["status"] == "pinned":  # a published figure, checked by the audit, fixes it
            assert n["entry"] in published, n
            assert rows.loc[n["entry"], "status"] in FIXING, n
        if n["entry"] is not None:
            assert n["entry"] in published, n
    chapters = {n["chapter"] for n in numbers}
    assert {"10_executive_summary", "60_appendix_a", "30_network_insights"} <= chapters


def test_a_printed_published_figure_is_pinned_and_the_rest_are_the_models(report, audit):
    """Cross-check with the audit, independent of how the chapters name statistics: each
    count the published report prints and the audit matches, printed with its entry, is
    pinned; a value other than the published one never is."""
    rows, published = audit
    by_entry: dict[str, list[dict]] = {}
    for n in numbers_of(report):
        if n["entry"]:
            by_entry.setdefault(n["entry"], []).append(n)
    checked = 0
    for entry_id, shown in by_entry.items():
        e = published[entry_id]
        if e.kind != "count" or rows.loc[entry_id, "status"] not in FIXING:
            continue
        for n in shown:
            if n["statistic"] != statistic_name(e.statistic, e.params):
                continue  # another part, or pinned through `by` by published tables
            fixed = e.comparison is None and n["value"] == e.value
            assert n["status"] == ("pinned" if fixed else "model-choice"), n
            checked += 1
    assert checked >= 10
    total = [n for n in numbers_of(report) if n["statistic"] == "connections_total"]
    assert total and {(n["text"], n["status"]) for n in total} == {("1,250", "model-choice")}


class _Spans(HTMLParser):
    """Each element with a `data-status`: its status and whether it sits in a link."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str | None, str]] = []
        self.links: list[str | None] = []
        self.open: list[int] = []
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a":
            self.links.append(a.get("href"))
        if "data-status" in a:
            self.found.append((a["data-status"] or "", self.links[-1] if self.links else None,
                               ""))
            self.open.append(len(self.found) - 1)
        elif self.open:
            self.depth += 1  # an element inside the number (the mark's <sup>)

    def handle_endtag(self, tag):
        if tag == "a" and self.links:
            self.links.pop()
        if self.open:
            if self.depth:
                self.depth -= 1
            else:
                self.open.pop()

    def handle_data(self, data):
        for i in self.open:
            status, link, text = self.found[i]
            self.found[i] = (status, link, text + data)


def test_html_marks_every_number_and_links_it(report):
    spans: list[tuple[str, str | None, str]] = []
    for page in sorted((report.out / "report" / "executed").glob("*.html")):
        if page.name.endswith(".notebook.html"):
            continue
        html = page.read_text(encoding="utf-8")
        parser = _Spans()
        parser.feed(html)
        spans += parser.found
        # each chapter that prints numbers explains the mark once, where its model's choices
        # link (the References print none)
        explained = len(re.findall(r'id="model-choices"', html))
        assert explained == 1 if parser.found else explained <= 1, page.name
    assert len(spans) >= 200
    assert {s for s, _, _ in spans} == {"pinned", "model-choice"}
    for status, link, text in spans:
        if status == "model-choice":
            assert text.endswith(MARK) and link and link.endswith("#model-choices"), text
        else:
            assert MARK not in text
            if link:
                assert "#audit-" in link, (text, link)
    assert sum(1 for s, link, _ in spans if s == "pinned" and link) >= 50


def test_the_pdf_marks_the_models_choices(report):
    text = subprocess.run(["pdftotext", "-layout", str(report.pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert re.search(r"1,250\s*" + MARK, text)
    assert re.search(r"holds\s+235\s+essential\s+KSAs", text)  # pinned: no mark
    assert text.count(MARK) >= sum(1 for n in numbers_of(report)
                                   if n["status"] == "model-choice") // 2


def test_no_chapter_prints_a_number_outside_present_numbers(report):
    executed = report.project / "report" / "executed"
    found = {p.name: unmarked(notebook_text(p)) for p in sorted(executed.glob("*.ipynb"))}
    assert {k: v for k, v in found.items() if v} == {}


def test_the_default_reconstructed_report_has_no_institute_profiles(report):
    fw = load_edition(report.project / report.edition)
    assert fw.is_reconstructed
    assert not list((report.out / "report" / "executed").glob("70_institute_profile*"))
    assert not any(Path(n["chapter"]).name.startswith("70_") for n in numbers_of(report))

"""`present.numbers` (a number's statistic and status, its span and links) and `build.numbers`
(numbers.json read back from executed notebooks)."""

from __future__ import annotations

import json
from dataclasses import replace
from html.parser import HTMLParser
from importlib import resources

import nbformat
import pandas as pd
import pytest

from competency_framework.build.numbers import chapter_numbers, write_numbers
from competency_framework.present import numbers as nm
from competency_framework.reference.published import Entry
from competency_framework.statistics.shares import Share


def entry(id_: str, statistic: str, value, **fields) -> Entry:
    """A published figure about the tiny edition (the edition these tests print)."""
    return Entry(id=id_, source="report_2025", section="s", location="paragraph", printed="p",
                 kind=fields.pop("kind", "count"), value=value, statistic=statistic,
                 edition=fields.pop("edition", "tiny"), **fields)


SOURCE_LINKS = resources.files("competency_framework.render").joinpath("source-links.lua")

PUBLISHED = {e.id: e for e in [
    entry("total", "ksas_total", 235),
    entry("over", "connections_total", 1200, comparison="greater_than"),
    entry("share", "ksas_under_competency", 34, kind="percent", numerator=80, denominator=235,
          params={"code": "4.2"}),
    entry("list", "top_ksas", [{"letter": "A", "institutes": 8}, {"letter": "B", "institutes": 7}],
          kind="list", params={"n": 10}),
    entry("wrong", "institutes_total", 18),
    entry("table", "tree", [{"code": "4.1"}], kind="table"),
]}
AUDIT = pd.DataFrame({"id": ["total", "over", "share", "list", "wrong", "table"],
                      "status": ["match", "match", "inconsistent-in-report",
                                 "depends-on-reading", "mismatch", "match"]})


@pytest.fixture
def numbers(tiny) -> nm.Numbers:
    return nm.Numbers(tiny, PUBLISHED, lambda: AUDIT)


def status(numbers: nm.Numbers, *args, **kwargs) -> tuple[str, str | None]:
    n = numbers.record(*args, **kwargs)
    return n.status, n.entry


def test_figures_published_about_another_edition_pin_nothing(tiny):
    """The 2025 report's figures fix the 2025 edition's numbers, not another edition's that
    happen to be equal."""
    about_2025 = {i: replace(e, edition="2025") for i, e in PUBLISHED.items()}
    numbers = nm.Numbers(tiny, about_2025, lambda: AUDIT)
    assert status(numbers, 235, "ksas_total") == ("model-choice", "total")
    assert numbers.record(80, "ksas_under_competency", part="numerator",
                          code="4.2").status == "model-choice"
    assert status(nm.Numbers(replace(tiny, edition="2025"), about_2025, lambda: AUDIT),
                  235, "ksas_total") == ("pinned", "total")


def test_a_published_figure_the_audit_matches_pins_its_value(numbers):
    assert status(numbers, 235, "ksas_total") == ("pinned", "total")
    assert status(numbers, 236, "ksas_total") == ("model-choice", "total")
    # "over 1,200" fixes no value, whatever the audit says
    assert status(numbers, 1250, "connections_total") == ("model-choice", "over")
    # an audit that does not match pins nothing
    assert status(numbers, 18, "institutes_total") == ("model-choice", "wrong")
    # a statistic nothing publishes, or published with other parameters
    assert status(numbers, 3, "area_ksas", area="x") == ("model-choice", None)
    assert status(numbers, 34, "ksas_under_competency", part="percent", code="4.1")[0] == (
        "model-choice")


def test_parts_of_shares_and_lists(numbers):
    for value, part in ((80, "numerator"), (235, "denominator"), (34, "percent")):
        assert status(numbers, value, "ksas_under_competency", part=part, code="4.2") == (
            "pinned", "share")
    assert status(numbers, 8, "top_ksas", part="institutes", row={"letter": "A"}, n=10)[0] == (
        "pinned")
    assert status(numbers, 8, "top_ksas", part="institutes", row={"letter": "B"}, n=10)[0] == (
        "model-choice")
    assert status(numbers, 2, "top_ksas", part="rows", n=10)[0] == "pinned"
    shown = numbers.share(Share(80, 235), "ksas_under_competency", code="4.2")
    assert [n.status for n in nm.printed_numbers(shown.numerator + shown.percent)] == [
        "pinned", "pinned"]


def test_a_share_of_a_published_total_prints_its_base_as_the_total(numbers):
    """The share of a statistic nothing publishes, of a whole the published figures count
    ("58 of the 235 KSAs"): its count and percent are the model's, its base is the total."""
    shown = numbers.share(Share(58, 235), "ksas_with_titles", total="ksas_total", min_titles=8)
    num, den, pct = (nm.printed_numbers(x)[0]
                     for x in (shown.numerator, shown.denominator, shown.percent))
    assert (num.status, pct.status) == ("model-choice", "model-choice")
    assert (den.statistic, den.status, den.entry) == ("ksas_total", "pinned", "total")
    alone = numbers.share(Share(58, 235), "ksas_with_titles", min_titles=8)
    assert nm.printed_numbers(alone.denominator)[0].status == "model-choice"


def test_a_tally_is_never_a_models_choice_and_may_print_as_a_word(numbers):
    n = nm.printed_numbers(numbers.tally(3, "percents_rounding_differently", text="three"))[0]
    assert (n.text, n.value, n.status) == ("three", 3, "pinned")
    assert numbers.tally_record(16, "printed_percent_fractions").text == "16"
    assert nm.PlainNumbers().tally(3, "x", text="three") == "three"


def test_by_pins_a_value_that_matching_entries_fix_together(numbers):
    assert status(numbers, 5, "tree_nodes", by=("table",)) == ("pinned", "table")
    assert status(numbers, 5, "tree_nodes", by=("table", "wrong"))[0] == "model-choice"


def test_collected_editions_print_findings(tiny, numbers):
    collected = nm.Numbers(replace(tiny, provenance="collected"), PUBLISHED, lambda: AUDIT)
    assert status(collected, 1250, "connections_total") == ("collected", "over")
    assert collected.explanation() == ""
    assert nm.MARK in numbers.explanation()


def test_markup_reads_back_exactly_and_marks_a_models_choice(numbers):
    texts = []
    for value, text in ((1250, None), (3, "three"), (7, "[7]{.x} *a* \\ \"q\" {b}")):
        texts.append(numbers(value, "odd stat [\"{x}\"] & ! <y>", text=text, area="a b"))
    found = nm.printed_numbers(" and ".join(texts))
    assert [(n.text, n.value, n.status) for n in found] == [
        ("1,250", 1250, "model-choice"), ("three", 3, "model-choice"),
        ("[7]{.x} *a* \\ \"q\" {b}", 7, "model-choice")]
    assert {n.statistic for n in found} == {"odd stat [\"{x}\"] & ! <y>(area=a b)"}
    assert texts[0].startswith(f"[1\\,250^{nm.MARK}^]{{.number ")
    assert not numbers(235, "ksas_total").startswith("[235^")


def test_plain_numbers_are_bare_text():
    plain = nm.PlainNumbers()
    assert plain(1250, "connections_total") == "1,250"
    assert nm.markup(plain.record(34, "x", part="percent")) == "34\\%"


def test_html_links_pinned_numbers_to_their_audit_row_and_choices_to_the_explanation(numbers):
    text = (numbers.explanation() + numbers(235, "ksas_total") + " "
            + numbers(1250, "connections_total") + " " + numbers(3, "unpublished"))
    text = nm.with_explanation_id(text)
    assert nm.anchors(text) == [nm.EXPLANATION_ID]
    linked = nm.linked_numbers(text, lambda ident: {
        nm.EXPLANATION_ID: "#model-choices", "audit-total": "80_audit.html#audit-total"
    }.get(ident))
    assert 'href="80_audit.html#audit-total"}' in linked
    assert linked.count('href="#model-choices"}') == 2
    assert len(nm.printed_numbers(linked)) == 3
    anchor = nm.audit_anchor("names.institute.A F/B")
    assert anchor == "[]{#audit-names.institute.A-F-B}"
    assert nm.without_anchors(f"| {anchor}x |") == "| x |"


def notebook(tmp_path, outputs: list[tuple[str, dict]], hidden: str = ""):
    nb = nbformat.v4.new_notebook()
    for source, output in outputs:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = [nbformat.v4.new_output("display_data", **output)]
        nb.cells.append(cell)
    path = tmp_path / "41_area_x.ipynb"
    nbformat.write(nb, path)
    return path


def test_numbers_json_holds_what_chapters_show(tmp_path, numbers):
    figure = numbers.record(98, "area_connections_to_other_area", area="a", other_area="b")
    path = notebook(tmp_path, [
        ("#| echo: false\nx", {"data": {"text/markdown": numbers(235, "ksas_total")}}),
        ("#| include: false\nx", {"data": {"text/markdown": numbers(5, "hidden")}}),
        ("fig", {"data": {"text/markdown": "![c](f.png)"},
                 "metadata": {"text/markdown": {"numbers": nm.numbers_metadata([figure])}}}),
    ])
    rows = chapter_numbers(path)
    assert [(r["chapter"], r["statistic"], r["value"], r["text"], r["status"], r["entry"])
            for r in rows] == [
        ("41_area_x", "ksas_total", 235, "235", "pinned", "total"),
        ("41_area_x", "area_connections_to_other_area(area=a, other_area=b)", 98, "98",
         "model-choice", None)]
    out = tmp_path / "numbers.json"
    assert write_numbers([path, tmp_path / "index.qmd"], out) == 2
    assert json.loads(out.read_text(encoding="utf-8")) == rows



def test_a_percent_of_pinned_counts_is_pinned(tiny):
    """A report that prints 80 of 235 but no percent fixes the percent all the same; a share
    whose numerator nothing fixes leaves its percent the model's."""
    published = {"counts": entry("counts", "split", None, kind="percent", numerator=80,
                                 denominator=235)}
    audit = pd.DataFrame({"id": ["counts"], "status": ["match"]})
    numbers = nm.Numbers(tiny, published, lambda: audit)
    shown = numbers.share(Share(80, 235), "split")
    assert [(n.text, n.status, n.entry) for n in nm.printed_numbers(
        shown.numerator + shown.denominator + shown.percent)] == [
        ("80", "pinned", "counts"), ("235", "pinned", "counts"), ("34%", "pinned", "counts")]
    other = numbers.share(Share(81, 235), "split")
    assert [n.status for n in nm.printed_numbers(other.numerator + other.percent)] == [
        "model-choice", "model-choice"]
    assert nm.PlainNumbers().share(Share(80, 235), "split").percent == "34%"


def test_a_linked_number_in_a_table_keeps_any_text_in_its_attributes():
    """The statistic of a listed KSA names its statement, which may hold brackets, pipes and
    markup: linked in a table cell, the number stays one element with exactly its attributes
    (a "]" read as the end of the link's text once let an attribute of the data through)."""
    import pypandoc

    from competency_framework.present.tables import ReportTable, table_markdown

    statement = '{#fig-x .c onclick="alert(5)"}]]>\\input{x}|<img src=x onerror=alert(2)>'
    n = nm.PrintedNumber(f"list[statement={statement}].connections", 3, "3", "model-choice",
                         None)
    table = table_markdown(ReportTable(pd.DataFrame({"KSA": [statement], "Connections": [n]}),
                                       "Caption.", "tbl-x"))
    html = pypandoc.convert_text(nm.linked_numbers(table, lambda ident: "#" + ident), "html",
                                 format="markdown", filters=[str(SOURCE_LINKS)])

    class Elements(HTMLParser):
        found: list[tuple[str, dict]] = []

        def handle_starttag(self, tag, attrs):
            self.found.append((tag, dict(attrs)))

    parser = Elements()
    parser.feed(html)
    assert {t for t, _ in parser.found} == {"table", "caption", "colgroup", "col", "thead", "tr",
                                            "th", "tbody", "td", "a", "span", "sup"}
    [link] = [a for t, a in parser.found if t == "a"]
    assert link == {"href": "#model-choices", "class": "number-link"}
    [span] = [a for t, a in parser.found if t == "span"]
    assert set(span) == {"class", "data-status", "data-statistic", "data-value"}
    assert span["data-statistic"] == n.statistic


def test_the_pdf_reads_numbers_without_attributes_and_sizes_the_same_tables(numbers):
    """Typst shows no span's attributes, so the PDF's Markdown drops them; a table keeps them
    where pandoc would otherwise no longer size its columns (a line over 72 characters)."""
    import pypandoc

    n = numbers(235, "ksas_total")
    short_table = f"| A | B |\n|:--|--:|\n| x | {n} |\n"
    long_table = f"| A | B |\n|:------|--:|\n| {'y' * 70} | {n} |\n"
    text = f"Of {n} KSAs.\n\n{short_table}\n{long_table}"
    bare = nm.without_number_attributes(text)
    assert bare.startswith("Of [235]{.number} KSAs.")
    assert short_table in bare and long_table not in bare
    assert bare.count("{.number}") == 2
    typst = [pypandoc.convert_text(t, "typst", format="markdown") for t in (text, bare)]
    assert typst[0] == typst[1] and "columns: (" in typst[0]


def test_a_published_bound_is_quoted_only_for_a_model_choice_it_bounds(tiny, numbers):
    """"over 1,200 connections" bounds a model's 1,250 of the edition it is about: quoted as
    printed (pinned); not a value it does not bound, not another edition's, not a collected
    edition's (a finding, printed as it is), not a printer without statuses."""
    bound = numbers.bound(numbers.record(1250, "connections_total"))
    assert bound is not None and (bound.value, bound.status, bound.entry) == (1200, "pinned",
                                                                              "over")
    for value in (1200, 1100):
        assert numbers.bound(numbers.record(value, "connections_total")) is None
    about_2025 = {i: replace(e, edition="2025") for i, e in PUBLISHED.items()}
    other = nm.Numbers(tiny, about_2025, lambda: AUDIT)
    assert other.bound(other.record(1250, "connections_total")) is None
    collected = nm.Numbers(replace(tiny, provenance="collected"), PUBLISHED, lambda: AUDIT)
    assert collected.bound(collected.record(1250, "connections_total")) is None
    plain = nm.PlainNumbers()
    assert plain.bound(plain.record(1250, "connections_total")) is None


def test_the_pdf_leaves_out_the_chapters_paragraph_on_the_dagger(numbers):
    """Each chapter's paragraph on † (`Numbers.explanation`) stays on the web pages and is
    left out of the PDF (every page's header says what † marks); other emphasis stays."""
    import pypandoc

    text = numbers.explanation() + "\n*An emphasised paragraph stays.*\n\nAnd this one.\n"
    with resources.as_file(SOURCE_LINKS) as lua:
        html = pypandoc.convert_text(text, "html", format="markdown",
                                     filters=[str(lua)])
        typst = pypandoc.convert_text(text, "typst", format="markdown",
                                      filters=[str(lua)])
    assert "Numbers marked" in html and "Numbers marked" not in typst
    assert "An emphasised paragraph stays" in typst and "And this one" in typst


def test_a_pinned_percent_of_a_pinned_total_fixes_its_only_count():
    """51% of 55 can only be 28 (27 gives 49%, 29 gives 53%): the count is pinned; 50% of 4
    fixes 2, but 33% of 235 is 77 or 78 (both round to it), so the count stays the model's."""
    from competency_framework.present.numbers import (
        MODEL_CHOICE,
        PINNED,
        PlainNumbers,
        PrintedNumber,
    )

    def n(value, status):
        return PrintedNumber("s", value, str(value), status, "e")

    fix = PlainNumbers().numerator_fixed
    assert fix(n(28, MODEL_CHOICE), n(55, PINNED), n(51, PINNED)).status == PINNED
    assert fix(n(2, MODEL_CHOICE), n(4, PINNED), n(50, PINNED)).status == PINNED
    assert fix(n(78, MODEL_CHOICE), n(235, PINNED), n(33, PINNED)).status == MODEL_CHOICE
    assert fix(n(28, MODEL_CHOICE), n(55, MODEL_CHOICE), n(51, PINNED)).status == MODEL_CHOICE
    assert fix(n(28, MODEL_CHOICE), n(55, PINNED), n(51, MODEL_CHOICE)).status == MODEL_CHOICE

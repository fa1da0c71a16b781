"""The readings chapter: for each ambiguous statistic, what the reading the project chose
gives beside the other one, and which audit checks rest on it (`reading_dependents`,
`resting_checks`).

Numbers (`present.numbers`): the published figures and the values of their statistics under
the published entries' names; the other reading's values (`ksas_with_titles`), the tallies of
checks (`audit_checks(reading=k)`) and of printed percentages (`printed_percent_fractions`,
`percents_rounding_differently`) under names of their own."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from competency_framework.present.audit_text import (
    STATUS_LABELS,
    audit_by_section,
    is_missing,
    printed_text,
)
from competency_framework.present.chapter import Chapter
from competency_framework.present.escape import markdown_text
from competency_framework.present.numbers import Numbers
from competency_framework.present.prose import number_word, plural, prose_list, share_text
from competency_framework.present.tables import (
    ReportTable,
    area_directions_table,
    ranking_boundary_table,
    table_markdown,
)
from competency_framework.reference.published import Entry
from competency_framework.statistics.network import (
    ksa_ranking,
    ksas_with_connections,
    ksas_with_titles,
)
from competency_framework.statistics.shares import percent

ROUNDING_READING = 5  # "percentages are printed rounded half up": every `.rounding` check
ROUNDING_SUFFIX = ".rounding"
# the columns of a table of resting checks: the share of the page width each gets
RESTING_WIDTHS = {"Section": 24, "The report prints": 56, "Outcome": 20}


def reading_dependents(frame: pd.DataFrame) -> pd.DataFrame:
    """Which audit checks rest on which of the lead's readings: rows the audit marks with a
    reading, and every check of a printed percent against its own fraction (`.rounding`),
    which rests on the rounding rule. Columns: reading, id, status; by reading, then audit
    order."""
    marked = frame.loc[frame["reading"].notna(), ["reading", "id", "status"]]
    rounding = frame.loc[frame["id"].str.endswith(ROUNDING_SUFFIX) & frame["reading"].isna(),
                         ["id", "status"]].assign(reading=ROUNDING_READING)
    out = pd.concat([marked, rounding[["reading", "id", "status"]]])
    out["reading"] = out["reading"].astype(int)
    out["_pos"] = out.index
    out = out.sort_values(["reading", "_pos"], kind="stable").drop(columns="_pos")
    return out.reset_index(drop=True)


def quoted_printed(check: str, printed: Mapping[str, Any], published: Mapping[str, Entry]
                   ) -> str:
    """What the report prints that the audit's check `check` tests, in a few words and in
    quotation marks (`printed`: check id -> printed value; `audit_text.printed_text`, which
    says when the report prints nothing); a rounding check's is its percent's, "(rounded)"
    after it."""
    entry = check.removesuffix(ROUNDING_SUFFIX)
    value = printed.get(check)
    if is_missing(value):
        value = printed.get(entry)
    text = printed_text(value, published.get(entry))
    return f"{text} (rounded)" if check != entry else text


def resting_checks(ch: Chapter, reading: int, numbers: Numbers) -> str:
    """The audit checks that rest on `reading`: a sentence and a table of them (in report
    order, each by its section and what the report prints), or a sentence saying there are
    none."""
    dependents = reading_dependents(ch.audit)
    resting = set(dependents.loc[dependents["reading"] == reading, "id"])
    if not resting:
        return "No check of the audit rests on this reading.\n"
    every = audit_by_section(ch)
    printed = dict(zip(every["id"], every["printed"], strict=True))
    rows = every.loc[every["id"].isin(resting)]
    frame = pd.DataFrame({
        "Section": list(rows["heading"]),
        "The report prints": [quoted_printed(i, printed, ch.published) for i in rows["id"]],
        "Outcome": [STATUS_LABELS[s] for s in rows["status"]]})
    verb = "rests" if len(rows) == 1 else "rest"
    count = plural(len(rows), "audit check",
                   shown=numbers.tally(len(rows), "audit_checks", text=number_word(len(rows)),
                                       reading=reading))
    # a reference, not a lead-in ending in a colon: the PDF may set the table on the next page
    return (f"@tbl-reading-{reading} lists the {count} that {verb} on this reading.\n\n"
            + table_markdown(ReportTable(frame, f"Audit checks that rest on reading {reading}.",
                                         f"tbl-reading-{reading}"), widths=RESTING_WIDTHS))


def connections_reading(ch: Chapter, numbers: Numbers) -> str:
    """Reading 1: KSAs that "align with 8+ occupations", counted by connections (the reading
    used) and by distinct occupation titles (the other), and the checks resting on it."""
    entry = ch.published["insights.aligned_8plus_occupations_pct"]
    threshold = entry.params["min_connections"]
    chosen = ksas_with_connections(ch.fw, threshold)
    titles = ksas_with_titles(ch.fw, threshold)
    printed = numbers(entry.value, entry.statistic or "printed_percent", part="percent",
                      **entry.params)
    # the threshold is the published statistic's own ("8+"): fixed with the entry
    least = numbers(threshold, "reading_threshold", by=(entry.id,))
    chosen_shown = numbers.share(chosen, "ksas_with_connections", min_connections=threshold)
    # of all KSAs, as the printed share is: the base is the published total
    titles_shown = numbers.share(titles, "ksas_with_titles", total="ksas_total",
                                 min_titles=threshold)
    return (
        f"The {ch.report_year} report prints {printed}. In the "
        f"{markdown_text(ch.fw.edition)} edition, "
        f"{share_text(chosen, 'KSA', of='the', shown=chosen_shown)} have "
        f"{least} or more connections (the reading used); "
        f"{share_text(titles, 'KSA', of='the', shown=titles_shown)} are linked to {least} or "
        "more distinct occupation titles (the other reading).\n\n"
        + resting_checks(ch, 1, numbers)
    )


def ranking_reading(ch: Chapter, numbers: Numbers) -> str:
    """Reading 2: the KSAs printed with two codes, the KSAs ranked around the boundary of the
    lettered list, and the checks resting on it."""
    fw, edition = ch.fw, markdown_text(ch.fw.edition)
    top = ch.published["top_ksas"]
    n_top = top.params["n"]
    double_text = "".join(
        f"KSA {markdown_text(i['letter'])} is printed with two sub-competency codes, "
        f"\u201c{markdown_text(i['printed_code'])}\u201d. The project holds it as one KSA, "
        f"catalogued under {markdown_text(i['code'])}, where the list of its technology area "
        "prints it; the audit marks the code entry as depending on this reading. "
        for i in top.value if i.get("printed_code"))
    table = ranking_boundary_table(fw, numbers, n_top, top)
    if len(table.frame):
        # not `numbers.word`: its first parameter is named like the entry's parameter `n`
        top_n = numbers(n_top, top.statistic or "top_ksas", text=number_word(n_top),
                        part="rows", **top.params)
        boundary = (f"@tbl-reading-2-boundary shows the KSAs ranked around the boundary of the "
                    f"top {top_n} in the {edition} edition.\n\n"
                    + table_markdown(table))
    else:
        n_ksas = len(ksa_ranking(fw))
        boundary = (f"The {edition} edition has only "
                    f"{plural(n_ksas, 'KSA', shown=numbers(n_ksas, 'ksas_total'))}, so "
                    "no KSA falls outside the list.\n")
    return f"{double_text}{boundary}\n{resting_checks(ch, 2, numbers)}"


def directions_reading(ch: Chapter, numbers: Numbers) -> str:
    """Reading 3: the connections between every pair of areas in both directions, and the
    checks resting on it."""
    return (
        "@tbl-reading-3-directions gives both directions for every pair of areas in the "
        f"{markdown_text(ch.fw.edition)} edition: read a row across to see one area's "
        "connections to KSAs that each other area also selects.\n\n"
        + table_markdown(area_directions_table(ch.fw, numbers)) + "\n"
        + resting_checks(ch, 3, numbers)
    )


def rounding_reading(ch: Chapter, numbers: Numbers) -> str:
    """Reading 5: how many printed percentages with a known fraction would round differently
    half to even, and the checks resting on the rounding rule."""
    fractions = [(e.id, e.numerator, e.denominator) for e in ch.published.values()
                 if e.kind == "percent" and e.numerator is not None and e.denominator]
    differ = [i for i, num, den in fractions if den and num is not None
              and round(100 * num / den) != percent(num, den)]
    which = f" ({prose_list(f'`{i}`' for i in differ)})" if differ else ""
    # counts of the report's own percentages, not of the edition's records: tallies
    percentages = plural(len(fractions), "printed percentage",
                         shown=numbers.tally(len(fractions), "printed_percent_fractions"))
    changed = (numbers.tally(len(differ), "percents_rounding_differently",
                             text=number_word(len(differ)), rounding="half_even")
               if differ else "none")
    return (
        f"Of the {percentages} whose count and total the "
        f"report gives or implies, {changed} would "
        f"round differently half to even{which}. Every check of a printed percentage against "
        "its own fraction rests on this rule.\n\n"
        + resting_checks(ch, ROUNDING_READING, numbers)
    )

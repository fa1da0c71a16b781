"""Phrases the report's prose needs logic for, as pure functions.

- counts and lists in prose: `plural`, `number_word`, `every`, `prose_list`;
- shares: `share_text` ("56 of 104 KSAs (54%)"), always through `statistics.shares`;
- the notice a reconstructed edition owes a reader wherever record-level detail shows
  (`reconstruction_notice`), from the edition's own provenance, and the note on placeholder
  KSA statements (`placeholder_note`);
- sentences about one technology area, one institute, the lettered KSAs (`area_highlights`,
  `sole_ksas_text`, `top_ksas_note`);
- tables whose columns get room by their content (`table_markdown`);
- how published figures and the audit read in prose and tables: `published_text`,
  `value_text`, `audit_sections`, `status_counts`, `reading_dependents`,
  `network_comparison`.

Text that comes from data is escaped (`escape.markdown_text`) wherever it lands in Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.present.escape import markdown_text
from competency_framework.present.figures.common import plural
from competency_framework.present.tables import ReportTable
from competency_framework.reference.published import Entry
from competency_framework.statistics.shares import Share

_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


# ----------------------------------------------------------------------------- counts, lists


def number_word(n: int) -> str:
    """Whole numbers below ten as words ("three"), larger ones as digits ("1,247")."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else f"{n:,}"


def every(n: int, singular: str, many: str | None = None) -> str:
    """All `n` of something, as prose says it: "the only institute", "both institutes",
    "all three institutes", "all 12 institutes"."""
    noun = singular if n == 1 else (many or singular + "s")
    if n == 1:
        return f"the only {noun}"
    if n == 2:
        return f"both {noun}"
    return f"all {number_word(n)} {noun}"


def prose_list(items: Iterable[str], conjunction: str = "and") -> str:
    """Items joined as a sentence lists them, with the serial comma: "A", "A and B",
    "A, B, and C"; "" for none."""
    items = [str(i) for i in items]
    if len(items) <= 2:
        return f" {conjunction} ".join(items)
    return ", ".join(items[:-1]) + f", {conjunction} {items[-1]}"


def share_text(share: Share, singular: str = "", many: str | None = None, of: str = "") -> str:
    """"56 of 104 KSAs (54%)": the count, its total with the noun (and a determiner `of`:
    "56 of its 104 KSAs"), the percent rounded half up (`statistics.shares`); no percent when
    the total is 0."""
    total = plural(share.denominator, singular, many) if singular else f"{share.denominator:,}"
    total = f"{of} {total}" if of else total
    if share.percent is None:
        return f"{share.numerator:,} of {total}"
    return f"{share.numerator:,} of {total} ({share.percent}%)"


def share_or_all(share: Share, singular: str, many: str | None = None, of: str = "the") -> str:
    """`share_text`, except that a share of everything reads "all six tier-4 competencies"
    (or "the only ..." of one) and a share of nothing "none of the ..."."""
    if share.denominator and share.numerator == share.denominator:
        return every(share.denominator, singular, many)
    if share.denominator and share.numerator == 0:
        return f"none of {of} {many or singular + 's'}".replace("  ", " ")
    return share_text(share, singular, many, of=of)


# ----------------------------------------------------------------------------- notices


def reconstruction_notice(fw: Framework, detail: str) -> str:
    """A Markdown callout telling the reader that `detail` (what this page shows at record
    level, e.g. "which occupations this institute chose") is reconstructed, not submitted;
    "" for an edition whose data was collected."""
    if not fw.is_reconstructed:
        return ""
    return (
        "::: {.callout-important}\n"
        f"**Reconstructed data.** The {markdown_text(fw.edition)} edition is a reconstruction: "
        "its totals and shares agree with the published report, but its individual rows were "
        f"built to fit those aggregates and are not what the institutes submitted. "
        f"Read {detail} as one arrangement consistent with the published figures, not as an "
        "institute's own answers.\n"
        ":::\n"
    )


# ----------------------------------------------------------------------------- tables


SHORT_HEADING = 12  # characters


def table_markdown(table: ReportTable, widths: Mapping[str, int] | None = None,
                   widest: int = 40) -> str:
    """`table.markdown()` with its header rule sized to the columns, so that pandoc and
    Quarto, which share a wide table's width out by the rule's dashes, give text columns room:
    each column gets `widths[column]` dashes, else as many as its longest cell or its heading
    (the longest word of a heading over `SHORT_HEADING` characters), between 3 and `widest`."""
    text = table.markdown()
    lines = text.split("\n")
    rules = lines[1].strip("|").split("|")
    dashes = []
    for column in table.frame.columns:
        if widths and column in widths:
            dashes.append(widths[column])
            continue
        cells = [f"{v:,}" if isinstance(v, int) else str(v) for v in table.frame[column]]
        heading = str(column)  # a short heading stays on one line; a long one may wrap
        words = [heading] if len(heading) <= SHORT_HEADING else heading.split()
        dashes.append(min(max([3, *map(len, cells), *map(len, words)]), widest))
    lines[1] = "|" + "|".join(":" + "-" * n if rule.startswith(":") else "-" * n + ":"
                              for rule, n in zip(rules, dashes, strict=True)) + "|"
    return "\n".join(lines)


def breakable(identifier: str) -> str:
    """An identifier with an invisible break point (U+200B) after each dot and underscore, so
    that a narrow table column can wrap it ("areas.materials.multi_institute")."""
    return re.sub(r"([._])(?=.)", "\\1\u200b", identifier)


# ----------------------------------------------------------------------------- published figures


def published_text(entry: Entry) -> str:
    """A published count or sum as a reader would say it: "over 3,100", "$392 million", "18"."""
    value = entry.value
    if entry.kind == "money":
        millions = value / 1_000_000
        text = f"${millions:,.0f} million" if millions == int(millions) else f"${value:,}"
    elif entry.kind in ("count", "percent"):
        text = f"{value:,}" + ("%" if entry.kind == "percent" else "")
    else:
        text = str(value)
    return f"over {text}" if entry.comparison == "greater_than" else text


def source_year(source: str) -> str:
    """The year a published document's source id names ("network_2020" -> "2020")."""
    found = re.fullmatch(r"[a-z_]+_(\d{4})", source)
    if not found:
        raise ValueError(f"source id {source!r} names no year")
    return found[1]


def published_edition(entries: Iterable[Entry]) -> str:
    """The edition the published report describes: the year in its source id
    ("report_2025" -> "2025")."""
    years = {source_year(e.source) for e in entries if e.source.startswith("report_")}
    if len(years) != 1:
        raise ValueError(f"expected one published report, found {sorted(years) or 'none'}")
    return years.pop()


def audit_applies(fw: Framework, entries: Iterable[Entry]) -> bool:
    """Whether the published figures describe this edition (otherwise every difference in the
    audit is expected: the figures belong to another edition)."""
    return fw.edition == published_edition(entries)


NETWORK_MEASURES: tuple[tuple[str, str, str], ...] = (
    # (label, entry id in the 2020 piece, entry id in the 2025 report's 2024 figures)
    ("Manufacturing innovation institutes", "network_2020.institutes", "network_2024.institutes"),
    ("Member organizations", "network_2020.member_organizations",
     "network_2024.member_organizations"),
    ("Research and development projects", "network_2020.projects", "network_2024.projects"),
    ("People engaged in workforce learning", "network_2020.people_engaged",
     "network_2024.people_engaged"),
    ("Funds for the institutes' work (state, industry or private, and federal)",
     "network_2020.funds", "network_2024.funds_attracted"),
    ("Base federal funding, stated separately", "", "network_2024.base_federal_funding"),
)


def network_years() -> tuple[str, str]:
    """The two years the network's published figures describe, from the entry ids of
    `NETWORK_MEASURES` ("network_2020.*" and "network_2024.*")."""
    earlier = {source_year(old.split(".")[0]) for _, old, _ in NETWORK_MEASURES if old}
    later = {source_year(new.split(".")[0]) for _, _, new in NETWORK_MEASURES if new}
    return min(earlier), max(later)


def network_comparison(entries: Iterable[Entry]) -> pd.DataFrame:
    """The network's published figures for the earlier year (the 2020 piece) beside those
    for the later one (the 2025 report's 2024 figures), one row per measure, with the later
    figure as a multiple of the earlier where both are plain counts of the same thing.

    Columns: measure, before, after (as printed, "not stated" when absent), value_before,
    value_after (None when absent), ratio (float, NaN when not comparable).
    """
    by_id = {e.id: e for e in entries}
    rows = []
    for label, old_id, new_id in NETWORK_MEASURES:
        old, new = by_id.get(old_id), by_id.get(new_id)
        ratio = (new.value / old.value if old and new and old.kind == new.kind == "count"
                 and old.value else None)
        rows.append({
            "measure": label,
            "before": published_text(old) if old else "not stated",
            "after": published_text(new) if new else "not stated",
            "value_before": old.value if old else None,
            "value_after": new.value if new else None,
            "ratio": ratio,
        })
    out = pd.DataFrame(rows)
    out["ratio"] = out["ratio"].astype(float)
    return out


# ----------------------------------------------------------------------------- the audit


def value_text(value: Any, limit: int = 3, width: int = 160) -> str:
    """A published or recomputed value of the audit in a few words: percents as
    "85% (55/65)", lists by their first `limit` items, tables by their size; text cut at
    `width` characters. None is "–"."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Mapping):
        if "percent" in value:
            num = "?" if value.get("numerator") is None else f"{value['numerator']:,}"
            den = "?" if value.get("denominator") is None else f"{value['denominator']:,}"
            pct = "–" if value["percent"] is None else f"{value['percent']}%"
            return f"{pct} ({num}/{den})"
        parts = [f"{k}: {value_text(v, limit, width)}" for k, v in value.items()]
        return _cut("; ".join(parts), width)
    if isinstance(value, Sequence) and not isinstance(value, str):
        items = list(value)
        if items and all(isinstance(i, Mapping) for i in items) and not any(
                k in items[0] for k in ("statement", "title", "group")):
            return plural(len(items), "row")
        shown = [_item_text(i) for i in items[:limit]]
        more = f" and {len(items) - limit:,} more" if len(items) > limit else ""
        return _cut("; ".join(shown) + more, width)
    return _cut(str(value), width)


def _item_text(item: Any) -> str:
    if isinstance(item, Mapping):
        if "statement" in item:
            letter = f"{item['letter']}. " if item.get("letter") else ""
            return f"{letter}{item['statement']} ({item.get('code', '')})"
        if "title" in item:
            return f"{item['title']} ({item.get('institutes', '?')})"
        if "group" in item:
            return f"{item['group']} ({plural(len(item.get('roles', [])), 'role')})"
    return str(item)


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def status_counts(frame: pd.DataFrame, statuses: Sequence[str], by: str | None = None
                  ) -> pd.DataFrame:
    """Audit rows per status (columns in `statuses` order, plus `total`), overall or per value
    of column `by` (rows in order of first appearance)."""
    if by is None:
        counts = frame["status"].value_counts().reindex(statuses, fill_value=0)
        out = pd.DataFrame([counts.to_numpy()], columns=list(statuses))
    else:
        order = list(dict.fromkeys(frame[by]))
        out = (frame.groupby([by, "status"]).size().unstack(fill_value=0)
               .reindex(index=order, columns=list(statuses), fill_value=0)
               .rename_axis(columns=None).reset_index())
    out["total"] = out[list(statuses)].sum(axis=1)
    return out.astype({s: int for s in [*statuses, "total"]})


DOCUMENT_KINDS = {"report": "report", "network": "network piece"}


def document_title(source: str) -> str:
    """A published document as prose names it: "report_2025" -> "The 2025 report",
    "network_2020" -> "The 2020 network piece"."""
    kind = source.rsplit("_", 1)[0]
    return f"The {source_year(source)} {DOCUMENT_KINDS.get(kind, kind.replace('_', ' '))}"


def audit_sections(frame: pd.DataFrame, entries: Iterable[Entry]) -> pd.DataFrame:
    """The audit rows with the document and section each belongs to, the published report
    first: checks of one entry (`<id>`, `<id>.rounding`, ...) go with the entry's document and
    section; checks across entries belong to the report and keep their own section, or
    "Across sections" when they have none.

    Adds columns: document (`document_title`), heading (the section as printed). Row order is
    the audit's within each document.
    """
    entries = list(entries)
    source = {e.id: e.source for e in entries}
    report = next(e.source for e in entries if e.source.startswith("report_"))

    def document(row_id: str) -> str:
        parts = row_id.split(".")
        for n in range(len(parts), 0, -1):
            if ".".join(parts[:n]) in source:
                return source[".".join(parts[:n])]
        return report

    out = frame.copy()
    docs = [document(i) for i in out["id"]]
    out["document"] = [document_title(d) for d in docs]
    out["heading"] = [s.strip() if isinstance(s, str) and s.strip() else "Across sections"
                      for s in out["section"]]
    out["_d"] = [d != report for d in docs]
    out = out.sort_values("_d", kind="stable").drop(columns="_d")
    return out.reset_index(drop=True)


ROUNDING_READING = 5  # "percentages are printed rounded half up": every `.rounding` check


def reading_dependents(frame: pd.DataFrame) -> pd.DataFrame:
    """Which audit checks rest on which of the lead's readings: rows the audit marks with a
    reading, and every check of a printed percent against its own fraction (`.rounding`),
    which rests on the rounding rule. Columns: reading, id, status; by reading, then audit
    order."""
    marked = frame.loc[frame["reading"].notna(), ["reading", "id", "status"]]
    rounding = frame.loc[frame["id"].str.endswith(".rounding") & frame["reading"].isna(),
                         ["id", "status"]].assign(reading=ROUNDING_READING)
    out = pd.concat([marked, rounding[["reading", "id", "status"]]])
    out["reading"] = out["reading"].astype(int)
    out["_pos"] = out.index
    out = out.sort_values(["reading", "_pos"], kind="stable").drop(columns="_pos")
    return out.reset_index(drop=True)


# ----------------------------------------------------------------------------- areas, KSAs


def area_highlights(fw: Framework, area_id: str) -> list[str]:
    """The headline facts of one technology area as Markdown sentences (one bullet each): how
    widely its KSAs are shared among its own institutes (reading 4), how many are specific to
    it, and how many of those sit in tier 5. Sentences that cannot apply (sharing in a
    one-institute area, "exactly two" in a two-institute area) are left out."""
    from competency_framework.statistics.areas import area_ksa_count, area_overview

    row = area_overview(fw).set_index("area_id").loc[area_id]
    n, total = int(row["institutes"]), int(row["ksas"])

    def count(**kw: Any) -> int:
        return area_ksa_count(fw, area_id, **kw)

    out = []
    multi = count(min_institutes=2)
    if n >= 2 and total:
        out.append(f"**{capital(share_or_all(Share(multi, total), 'KSA', of='its'))}** were "
                   "selected by two or more of the area's institutes.")
    if n >= 3 and total:
        everyone = Share(count(all_institutes=True), total)
        out.append(f"**{capital(share_or_all(everyone, 'KSA', of='its'))}** were selected by "
                   f"{every(n, 'institute')}, and another "
                   f"{count(min_institutes=2, max_institutes=2):,} by exactly two.")
    if n >= 4 and total:
        out.append(f"**{count(min_institutes=3):,}** were selected by three or more, "
                   f"{count(min_institutes=3, specific=True):,} of them specific to the area.")
    specific = count(specific=True)
    out.append(f"**{capital(share_or_all(Share(specific, total), 'KSA', of='its'))}** are "
               "specific to the area: no institute of another area selected them.")
    if n >= 2 and multi:
        both = count(min_institutes=2, specific=True)
        out.append(f"Of the {plural(multi, 'KSA')} that two or more of its institutes share, "
                   f"{both:,} ({Share(both, multi).percent}%) are specific to the area.")
    if specific:
        tier5 = Share(count(specific=True, tier=5), specific)
        out.append(f"{capital(share_or_all(tier5, 'specific KSA', of='its'))} fall under the "
                   "tier-5 competencies, the sector technical ones at the leading edge.")
    return out


def top_ksas_note(fw: Framework, n: int) -> str:
    """How the `n` most highly selected KSAs are chosen and whether ties could change them
    (reading 2): a sentence for the prose under their list."""
    from competency_framework.statistics.network import ksa_ranking, top_ksas_separated

    ranking = ksa_ranking(fw)
    how = ("They are the KSAs essential to the most occupation selections across the network; "
           "ties are broken by the number of institutes selecting them, then by identifier.")
    if len(ranking) <= n:
        return (f"{how} The edition has only {plural(len(ranking), 'KSA')}, so every one is "
                "listed.")
    if top_ksas_separated(fw, n):
        return (f"{how} Each of the {number_word(n)} has more connections than the KSA ranked "
                "next, so the list does not depend on how ties are broken.")
    return (f"{how} The last of the {number_word(n)} has no more connections than the KSA "
            "ranked next, so the list depends on the tie-break.")


def sole_ksas_text(sole: int, total: int) -> str:
    """A sentence on how many of an institute's `total` KSAs no other institute selected."""
    if not total:
        return "It marked no KSA as essential."
    if sole == total:
        return "No other institute selected any of its KSAs."
    if sole == 0:
        return "Every one of its KSAs was selected by at least one other institute too."
    return f"No other institute selected {share_text(Share(sole, total), 'KSA', of='its')}."


def placeholder_note(fw: Framework, ksa_ids: Iterable[str]) -> str:
    """A sentence saying how many of the listed KSAs hold a placeholder statement (a KSA the
    published report counts but never prints, reconstructed without its wording); "" when none
    does."""
    ids = list(dict.fromkeys(ksa_ids))
    source = fw.ksas.set_index("ksa_id")["statement_source"]
    n = int((source.reindex(ids) == "reconstructed").sum())
    if not n:
        return ""
    verb = "holds" if n == 1 else "hold"
    return (f"{capital(number_word(n))} of the {plural(len(ids), 'KSA')} listed {verb} a "
            "placeholder "
            "statement: the published report counts these KSAs but never prints their wording, "
            "so the reconstruction marks where they sit without inventing what they say.")


def capital(text: str) -> str:
    """`text` with its first letter upper-cased and the rest untouched (unlike str.capitalize,
    which would lower-case "KSAs")."""
    return text[:1].upper() + text[1:]


def status_sentence(frame: pd.DataFrame, statuses: Sequence[str]) -> str:
    """How a group of audit rows came out, as a sentence: "3 checks: 2 match, 1 mismatch."."""
    counts = status_counts(frame, statuses).iloc[0]
    parts = [f"{int(counts[s]):,} {s}" for s in statuses if counts[s]]
    return f"{plural(int(counts['total']), 'check')}: {', '.join(parts)}."


def title_tie_note(fw: Framework, n: int) -> str:
    """A sentence naming how many more occupation titles tie with the last of the `n` most
    often chosen ones (so a cut-off list does not look complete); "" when none does."""
    from competency_framework.statistics.occupations import title_selection_counts

    counts = title_selection_counts(fw)["institutes"]
    if len(counts) <= n or counts.iat[n - 1] == 0:
        return ""
    last = int(counts.iat[n - 1])
    more = int((counts.iloc[n:] == last).sum())
    if not more:
        return ""
    titles = "title was" if more == 1 else "titles were"
    return f"{capital(number_word(more))} more {titles} also chosen by {plural(last, 'institute')}."

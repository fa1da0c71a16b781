"""One way to print a number: `Numbers` (a chapter's `ch.numbers`) writes each number into the
report's Markdown as a span that carries what the number is and how far it can be trusted, and
`printed_numbers` reads those spans back (the build's `numbers.json`).

    ch.numbers(235, "ksas_total")          -> [235]{.number data-status="pinned" ...}
    ch.numbers(1250, "connections_total")  -> [1,250^†^]{.number data-status="model-choice" ...}
    ch.numbers(34, "ksas_under_competency", part="percent", code="4.2")  -> [34%]{...}

A number names its statistic (a name and parameters, as the published figures in
`data/published/` name theirs). Its status:

  pinned        (a reconstructed edition) a published figure of that statistic, about this
                edition, fixes it: the audit matches the entry and the value is the one the
                entry prints (the 2025 report's figures pin no number of another edition);
                or it counts the published report's figures or the audit's checks
                (`Numbers.tally`), which the records do not decide;
  model-choice  (a reconstructed edition) nothing published fixes it: the reconstruction chose
                it. Printed with the mark `MARK` after it, explained in the front matter, in
                the header of every page of the PDF and once in each chapter on the web
                pages (`Numbers.explanation`);
  collected     an edition of the institutes' own answers: every number is a finding.

The span's attributes: `data-status`, `data-statistic` ("name(key=value, ...)"), `data-value`
(JSON) and, where a published entry is about the statistic, `data-entry` (its id). The HTML
renderers link a pinned number to its audit row and a model's choice to its explanation;
figures, which draw numbers the span cannot wrap, list theirs with `Numbers.record`.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from typing import Any

import pandas as pd

from competency_framework.audit.rows import INCONSISTENT, MATCH, READING
from competency_framework.edition.framework import Framework
from competency_framework.present.escape import markdown_text, pandoc_attribute
from competency_framework.present.prose import ShownShare, number_word
from competency_framework.reference.published import Entry
from competency_framework.statistics.shares import Share, percents

PINNED = "pinned"
MODEL_CHOICE = "model-choice"
COLLECTED = "collected"
STATUSES = (PINNED, MODEL_CHOICE, COLLECTED)
MARK = "\u2020"  # dagger: a model's choice
EXPLANATION_ID = "model-choices"  # the front matter's explanation of MARK
# audit statuses under which a published figure fixes the value it prints
FIXING = (MATCH, READING, INCONSISTENT)
SPAN_CLASS = "number"


@dataclass(frozen=True)
class PrintedNumber:
    """One number as the report prints it (an object of `numbers.json`, less its chapter)."""

    statistic: str
    value: Any
    text: str
    status: str
    entry: str | None

    def as_dict(self, chapter: str) -> dict[str, Any]:
        return {"chapter": chapter, **asdict(self)}

    @property
    def label(self) -> str:
        """The number as a figure draws it: its text, `MARK` after a model's choice."""
        return self.text + (MARK if self.status == MODEL_CHOICE else "")


def statistic_name(name: str, params: Mapping[str, Any], row: Mapping[str, Any] | None = None,
                   part: str | None = None) -> str:
    """A statistic, its parameters and which part of it a number is, as one string:
    "ksas_under_competency(code=4.2).percent", "top_ksas(n=10)[letter=A].institutes"."""
    def listed(items: Mapping[str, Any]) -> str:
        return ", ".join(f"{k}={_param_text(v)}" for k, v in items.items())
    return (name + (f"({listed(params)})" if params else "") + (f"[{listed(row)}]" if row else "")
            + (f".{part}" if part else ""))


def _param_text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_param_text(v) for v in value) + "]"
    return str(value)


def _same(a: Any, b: Any) -> bool:
    """Parameters compared as the published figures write them: lists and tuples alike,
    numbers and their text alike ("4.2" is a code, 3 a count)."""
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return str(a) == str(b)


def default_text(value: Any, part: str | None) -> str:
    """A number as prose prints it: "1,247", "54%"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text}%" if part == "percent" else text


class Numbers:
    """Prints one chapter's numbers for the edition `fw` against the published figures
    `published` (by id) and the edition's audit (`audit()`, a frame of `audit.KEYS`, asked
    for the first time a reconstructed edition's number needs a status). `reconstructed`:
    whether statuses are pinned or a model's choice rather than collected (default: whether
    `fw` is reconstructed; a change between two editions is collected only when both are)."""

    def __init__(self, fw: Framework, published: Mapping[str, Entry],
                 audit: Callable[[], pd.DataFrame], *, reconstructed: bool | None = None) -> None:
        self.reconstructed = fw.is_reconstructed if reconstructed is None else reconstructed
        self._edition = fw.edition  # only figures published about it pin a number
        self._published = published
        self._entries: dict[str, list[Entry]] = {}
        for e in published.values():
            if e.statistic:
                self._entries.setdefault(e.statistic, []).append(e)
        self._audit = audit
        self._fixed: set[str] | None = None

    def _fixing(self) -> set[str]:
        if self._fixed is None:
            rows = self._audit()
            self._fixed = set(rows.loc[rows["status"].isin(FIXING), "id"])
        return self._fixed

    def record(self, value: Any, statistic: str, *, text: str | None = None,
               part: str | None = None, row: Mapping[str, Any] | None = None,
               by: tuple[str, ...] = (), **params: Any) -> PrintedNumber:
        """`value` of `statistic` (with `params`) and its status, printed as `text` (default
        `default_text`). `part` names what of the published entry the value is: for a percent
        entry "percent", "numerator" or "denominator"; for a list or table entry a column of
        the row whose columns match `row`, or "rows" for the number of such rows. `by`: the
        ids of published entries that fix the value together though none prints it (the
        sub-competencies counted from the published tables of the tree): pinned when the audit
        matches every one of them."""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        entries = [e for e in self._entries.get(statistic, [])
                   if set(e.params) == set(params)
                   and all(_same(e.params[k], v) for k, v in params.items())]
        fixed = self._fixing() if self.reconstructed and (entries or by) else set()
        pinning = next((e for e in entries if e.id in fixed and e.edition == self._edition
                        and _published_part(e, part, row) == value), None)
        if by and not entries:
            entries = [self._published[i] for i in by if i in self._published]
            pinning = entries[0] if (entries and set(by) <= fixed and all(
                e.edition == self._edition for e in entries)) else None
        if not self.reconstructed:
            status = COLLECTED
        else:
            status = PINNED if pinning else MODEL_CHOICE
        entry = pinning or (entries[0] if entries else None)
        return PrintedNumber(statistic_name(statistic, params, row, part), value,
                             text if text is not None else default_text(value, part),
                             status, entry.id if entry else None)

    def __call__(self, value: Any, statistic: str, *, text: str | None = None,
                 part: str | None = None, row: Mapping[str, Any] | None = None,
                 by: tuple[str, ...] = (), **params: Any) -> str:
        """`value` as Markdown for prose, captions and table cells (see `record`)."""
        return markup(self.record(value, statistic, text=text, part=part, row=row, by=by,
                                  **params))

    def share(self, share: Share, statistic: str, *, total: str | None = None,
              **params: Any) -> ShownShare:
        """A share's numerator, denominator and percent as printed (for `prose.share_text`). A
        percent computed from a pinned numerator and denominator is pinned too: the published
        figures fix it, whether or not the report prints it (its entry: the numerator's); so is
        a numerator that a pinned percent and denominator fix, as the only count out of the
        denominator that rounds to the percent (51% of 55 can only be 28).
        `total`: the statistic (without parameters) the denominator is a value of, for a share
        of a whole the published figures count under a name of its own ("ksas_total"), where
        no published share of `statistic` prints the denominator."""
        num = self.record(share.numerator, statistic, part="numerator", **params)
        den = (self.record(share.denominator, total) if total else
               self.record(share.denominator, statistic, part="denominator", **params))
        if share.percent is None:
            return ShownShare(self.show(num), self.show(den), "")
        pct = self.derived_record(share.percent, statistic, [num, den], part="percent",
                                  **params)
        num = self.numerator_fixed(num, den, pct)
        return ShownShare(self.show(num), self.show(den), self.show(pct))

    def numerator_fixed(self, num: PrintedNumber, den: PrintedNumber, pct: PrintedNumber
                        ) -> PrintedNumber:
        """`num`, pinned where a model's choice that the pinned percent `pct` of the pinned
        total `den` fixes: the only count out of the total that rounds to the percent."""
        if num.status != MODEL_CHOICE or not den.status == pct.status == PINNED:
            return num
        total, value = int(den.value), pct.value
        if percents(range(total + 1), total).count(value) != 1:
            return num
        return replace(num, status=PINNED, entry=num.entry or pct.entry)

    def show(self, n: PrintedNumber) -> str:
        """`n` as this printer writes it: its span (`markup`)."""
        return markup(n)

    def derived_record(self, value: Any, statistic: str, inputs: Iterable[PrintedNumber | str],
                       *, text: str | None = None, part: str | None = None,
                       **params: Any) -> PrintedNumber:
        """`value` of `statistic`, computed from the numbers `inputs` only (records, or the
        Markdown `markup` made of them): "another 14 by exactly two" is 27 less 13. Pinned when
        a published figure fixes it itself or when every input is pinned (its entry: the first
        input's); otherwise as `record` has it."""
        n = self.record(value, statistic, text=text, part=part, **params)
        shown = [i for x in inputs for i in ([x] if isinstance(x, PrintedNumber)
                                             else printed_numbers(x))]
        if n.status == MODEL_CHOICE and shown and all(i.status == PINNED for i in shown):
            n = replace(n, status=PINNED, entry=n.entry or shown[0].entry)
        return n

    def derived(self, value: Any, statistic: str, inputs: Iterable[PrintedNumber | str], *,
                text: str | None = None, part: str | None = None, **params: Any) -> str:
        """`derived_record` as this printer writes it."""
        return self.show(self.derived_record(value, statistic, inputs, text=text, part=part,
                                             **params))

    def bound(self, n: PrintedNumber) -> PrintedNumber | None:
        """The published figure about this edition that bounds `n` without fixing it ("over
        1,200 connections"), quoted as printed, when `n` (a record of this printer) is a
        model's choice within it; else None."""
        e = self._published.get(n.entry or "")
        if (n.status != MODEL_CHOICE or e is None or e.edition != self._edition
                or e.comparison != "greater_than" or not isinstance(e.value, int | float)
                or not isinstance(n.value, int | float) or not n.value > e.value):
            return None
        return self.quoted_record(e.value, e.id)

    def word(self, count: int, statistic: str, /, **params: Any) -> str:
        """`count` as a word below ten ("three", `prose.number_word`), else as digits."""
        return self(count, statistic, text=number_word(count), **params)

    def quoted_record(self, value: Any, entry_id: str | None, *, text: str | None = None,
                      part: str | None = None, row: Mapping[str, Any] | None = None,
                      check: str | None = None) -> PrintedNumber:
        """A figure of a published document quoted as printed (entry `entry_id`; "over 3,100
        member organizations"), or counted from one (`part`: the roles of a printed list), or
        (no entry) figures the audit's check `check` sums from printed ones: the published
        figures themselves, so pinned in a reconstructed edition whatever the audit finds (the
        statistic: "published(entry=<id>)", "published(check=<id>)")."""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        about = {"entry": entry_id} if entry_id else {"check": check}
        return PrintedNumber(statistic_name("published", about, row, part), value,
                             text if text is not None else default_text(value, part),
                             PINNED if self.reconstructed else COLLECTED, entry_id)

    def tally(self, value: Any, statistic: str, *, text: str | None = None,
              **params: Any) -> str:
        """A count about the published report and its audit ("180 checks", "107 numbers,
        lists and tables", "16 printed percentages"), not about the edition's records: never a
        model's choice (pinned in a reconstructed edition, with no published figure of its own
        to link to). `text`: as printed, default `default_text` ("three": `prose.number_word`)."""
        return markup(self.tally_record(value, statistic, text=text, **params))

    def tally_record(self, value: Any, statistic: str, *, text: str | None = None,
                     **params: Any) -> PrintedNumber:
        """`tally` as a record, for a table cell."""
        return PrintedNumber(statistic_name(statistic, params, None, None), value,
                             text if text is not None else default_text(value, None),
                             PINNED if self.reconstructed else COLLECTED, None)

    def quoted(self, value: Any, entry_id: str | None, *, text: str | None = None,
               part: str | None = None, row: Mapping[str, Any] | None = None,
               check: str | None = None) -> str:
        """`quoted_record` as Markdown."""
        return markup(self.quoted_record(value, entry_id, text=text, part=part, row=row,
                                         check=check))

    def explanation(self) -> str:
        """The chapter's one paragraph on `MARK` ("" unless the edition is reconstructed); the
        PDF leaves it out (source-links.lua), every page's header saying what `MARK` marks."""
        if not self.reconstructed:
            return ""
        return (f"*[Numbers marked {MARK}]{{.number-mark}} are the reconstruction model's "
                "choice:* no figure of the published report fixes them, so they describe the "
                "reconstructed rows and are not findings about the institutes. Every other "
                "number is fixed by the published report; on the web pages it links to the "
                "audit row that checks it.\n")


class PlainNumbers(Numbers):
    """Numbers as bare text, with no span and no status: for tests of the prose, and for text
    that can hold no markup (use `Numbers.record(...).text` there in a chapter)."""

    def __init__(self) -> None:
        self.reconstructed = False
        self._published = {}
        self._entries = {}
        self._fixed = set()

    def record(self, value: Any, statistic: str, *, text: str | None = None,
               part: str | None = None, row: Mapping[str, Any] | None = None,
               by: tuple[str, ...] = (), **params: Any) -> PrintedNumber:
        """The number with no status: `markup` prints it as bare text."""
        n = super().record(value, statistic, text=text, part=part, row=row, by=by, **params)
        return replace(n, status="")

    def __call__(self, value: Any, statistic: str, *, text: str | None = None,
                 part: str | None = None, row: Mapping[str, Any] | None = None,
                 by: tuple[str, ...] = (), **params: Any) -> str:
        return self.record(value, statistic, text=text, part=part, row=row, by=by,
                           **params).text

    def show(self, n: PrintedNumber) -> str:
        return n.text

    def quoted_record(self, value: Any, entry_id: str | None, *, text: str | None = None,
                      part: str | None = None, row: Mapping[str, Any] | None = None,
                      check: str | None = None) -> PrintedNumber:
        n = super().quoted_record(value, entry_id, text=text, part=part, row=row, check=check)
        return replace(n, status="")

    def tally_record(self, value: Any, statistic: str, *, text: str | None = None,
                     **params: Any) -> PrintedNumber:
        return replace(super().tally_record(value, statistic, text=text, **params), status="")

    def explanation(self) -> str:
        return ""


def _published_part(e: Entry, part: str | None, row: Mapping[str, Any] | None) -> Any:
    """What entry `e` prints of `part` (see `Numbers.record`); None when it prints none."""
    if e.kind == "percent":
        return {"percent": e.value, "numerator": e.numerator, "denominator": e.denominator,
                None: e.value}.get(part)
    if e.kind in ("list", "table"):
        rows = [r for r in e.value if not row or isinstance(r, Mapping)
                and all(_same(r.get(k), v) for k, v in row.items())]
        if part == "rows":
            return len(rows)
        one = rows[0] if len(rows) == 1 else None
        return one.get(part) if part and isinstance(one, Mapping) else None
    if e.comparison:  # "over 1,200" fixes no value
        return None
    return e.value if part is None else None


def markup(n: PrintedNumber) -> str:
    """The span of `n` in pandoc Markdown (Quarto's too)."""
    if not n.status:  # `PlainNumbers`
        return markdown_text(n.text)
    mark = f"^{MARK}^" if n.status == MODEL_CHOICE else ""
    attrs = [f"data-status={pandoc_attribute(n.status)}",
             f"data-statistic={pandoc_attribute(n.statistic)}",
             f"data-value={pandoc_attribute(json.dumps(n.value, ensure_ascii=False))}"]
    if n.entry:
        attrs.append(f"data-entry={pandoc_attribute(n.entry)}")
    return f"[{markdown_text(n.text)}{mark}]{{.{SPAN_CLASS} {' '.join(attrs)}}}"


_ATTR = r'[\w-]+="(?:[^"\\]|\\.)*"'
SPAN = re.compile(r"\[(?P<text>(?:[^\[\]\\]|\\.)*?)(?P<mark>\^" + MARK + r"\^)?\]"
                  r"\{\." + SPAN_CLASS + r"(?P<attrs>(?:\s+" + _ATTR + r")*)\s*\}")
_ATTR_PARTS = re.compile(r'([\w-]+)="((?:[^"\\]|\\.)*)"')


def _unescape_attribute(value: str) -> str:
    return html.unescape(re.sub(r"\\(.)", r"\1", value))


def span_attributes(match: re.Match[str]) -> dict[str, str]:
    """The attributes of a `SPAN` match, unescaped."""
    return {k: _unescape_attribute(v) for k, v in _ATTR_PARTS.findall(match["attrs"])}


def printed_numbers(markdown: str) -> list[PrintedNumber]:
    """Every number `markup` wrote into `markdown`, in order."""
    found = []
    for m in SPAN.finditer(markdown):
        a = span_attributes(m)
        found.append(PrintedNumber(a["data-statistic"], json.loads(a["data-value"]),
                                   re.sub(r"\\(.)", r"\1", m["text"]), a["data-status"],
                                   a.get("data-entry")))
    return found


def as_earlier(n: PrintedNumber, edition: str) -> PrintedNumber:
    """A number of an earlier edition printed beside this one's (what changed since): its
    statistic names that edition, and it leads to no audit row, since the report's audit is of
    its own edition; its status stays the earlier edition's."""
    return replace(n, statistic=f"{n.statistic}[edition={edition}]", entry=None)


def audit_anchor_id(row_id: str) -> str:
    """The HTML id of the audit row `row_id` ("audit-" and the id, odd characters as "-")."""
    return "audit-" + re.sub(r"[^A-Za-z0-9_.:-]", "-", row_id)


def audit_anchor(row_id: str) -> str:
    """An empty span with `audit_anchor_id`: where a pinned number's link leads."""
    return f"[]{{#{audit_anchor_id(row_id)}}}"


ANCHOR = re.compile(r"\{#(" + EXPLANATION_ID + r"|audit-[A-Za-z0-9_.:-]+)[\s}]")
_MARK_SPAN = "]{.number-mark}"
_AUDIT_ANCHOR = re.compile(r"\[\]\{#audit-[A-Za-z0-9_.:-]+\}")


def with_explanation_id(markdown: str) -> str:
    """The chapter's explanation of `MARK` (`Numbers.explanation`) given the id the links of
    its model's choices lead to (HTML: one page per chapter)."""
    return markdown.replace(_MARK_SPAN, f"]{{#{EXPLANATION_ID} .number-mark}}")


def anchors(markdown: str) -> list[str]:
    """The ids number links lead to that `markdown` holds."""
    return ANCHOR.findall(markdown)


def linked_numbers(markdown: str, href: Callable[[str], str | None]) -> str:
    """`markdown` with each number to be a link: a pinned one to its audit row, a model's
    choice to the explanation of `MARK`; `href(id)` gives the link to an id, None where there
    is none. The link is the span's `href` attribute, which `source-links.lua` makes a link
    (class `number-link`) around the span: pandoc reads a span inside a link's text several
    times over, and a page of a large edition holds thousands of them."""
    def link(m: re.Match[str]) -> str:
        a = span_attributes(m)
        status, entry = a.get("data-status"), a.get("data-entry")
        target = (href(EXPLANATION_ID) if status == MODEL_CHOICE else
                  href(audit_anchor_id(entry)) if status == PINNED and entry else None)
        return f"{m[0][:-1]} href={pandoc_attribute(target)}}}" if target else m[0]
    return SPAN.sub(link, markdown)


def without_anchors(markdown: str) -> str:
    """`markdown` without its audit-row anchors (the PDF links no number)."""
    return _AUDIT_ANCHOR.sub("", markdown)


PANDOC_COLUMNS = 72  # a pipe table with a longer line fills the page, its columns as its dashes


def without_number_attributes(markdown: str, *, table_widths: bool = True) -> str:
    """`markdown` with each number's span stripped of its attributes, for a page that shows
    none (the PDF: pandoc's Typst drops them; a notebook's page on the site), which pandoc
    also reads faster. With `table_widths`, a table's line keeps them unless it stays longer
    than `PANDOC_COLUMNS` without them, so that no table changes whether pandoc sizes its
    columns; without, every number is bare (a page whose tables' widths do not matter, and
    whose attributes should not depend on how long the data makes a line)."""
    def bare(m: re.Match[str]) -> str:
        return f"[{m['text']}{m['mark'] or ''}]{{.{SPAN_CLASS}}}"

    lines = markdown.split("\n")
    for i, line in enumerate(lines):
        stripped = SPAN.sub(bare, line)
        if not (table_widths and line.startswith("|")) or len(stripped) > PANDOC_COLUMNS:
            lines[i] = stripped
    return "\n".join(lines)


def numbers_metadata(numbers: Iterable[PrintedNumber]) -> list[dict[str, Any]]:
    """Numbers a figure draws, for its output's metadata (`figure_numbers` reads them)."""
    return [asdict(n) for n in numbers]


def figure_numbers(metadata: Iterable[Mapping[str, Any]]) -> list[PrintedNumber]:
    """The numbers `numbers_metadata` listed."""
    return [PrintedNumber(**dict(m)) for m in metadata]

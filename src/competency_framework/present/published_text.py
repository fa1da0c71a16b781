"""The published report's figures and documents as prose names them: a figure as a reader
would say it (`published_text`), the year a document's source id names (`source_year`) and the
edition the published report describes (`published_edition`)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from competency_framework.reference.published import Entry


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

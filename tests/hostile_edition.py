"""A hostile copy of an edition: every free-text cell of every table, and the descriptor's
title, description and sources, replaced by text that is markup in one of the report's
targets (HTML, Markdown, pandoc attributes, Typst, LaTeX), a `javascript:` link, control and
bidirectional characters, or 10,000 characters. Ids, codes and enums stay valid, so the
edition passes `validate` and the report must show every string as the text it is."""

from __future__ import annotations

import csv
from pathlib import Path

from competency_framework.edition.contract import TABLES
from competency_framework.edition.write import write_edition

LONG = "Long " + "x" * 9_990 + " end"  # 10,000 characters, one unbreakable run among them
HOSTILE = [
    "<script>alert('s')</script> S",
    '<img src=x onerror="alert(1)"> I',
    "[click](javascript:alert(1)) J",
    '"} <img src=y onerror=alert(2)> {#fig-x k="',
    "Line one\nline two\r\n\nafter a blank line",
    "*bold* _it_ `code` $x^2$ # #set text(red) @ref <lbl> // c /* c */",
    "\\textbf{x} \\input{/etc/passwd} % $ & _ ^ ~ {}",
    "\u202eevil\u202c \u2066rtl\u2069 \u05e9\u05dc\u05d5\u05dd"
    " \u0627\u0644\u0633\u0644\u0627\u0645",
    "ctrl \t\x85\x9b31m\u200b\ufeff\u2028 end",  # those `validate` lets through
    "&lt;script&gt;alert(3)&lt;/script&gt; &amp; &#60;b&#62;",
    LONG,
    "]]> <!-- --> <?xml?> {{ t }} ::: :::",
]
# where the strings above would run or act, were they not escaped
MARKERS = ("<script", "<img", "javascript:")
# Columns kept as they are: linked to logic (the base model is named by source framework)
KEPT = {("competencies", "source_framework")}


def hostile_text(i: int, original: str, strings: list[str]) -> str:
    """The i-th of `strings` (in turn), made unique with its index (names are keys to readers);
    an optional cell left empty stays empty every other time."""
    return f"{strings[i % len(strings)]} #{i}" if original or i % 2 else ""


DESCRIPTOR = (HOSTILE[0] + " " + HOSTILE[1] + " " + HOSTILE[4],  # title
              HOSTILE[2] + " " + HOSTILE[10],  # description
              HOSTILE[3])  # a source's title (its path is a `javascript:` URL)


def read_tables(source: Path) -> list[tuple[str, list[dict[str, str]], list[str]]]:
    """Each table of the edition folder `source`: its name, rows and free-text columns."""
    out = []
    for table in TABLES:
        with (source / table.filename).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        free = [f.name for f in table.fields
                if f.type == "string" and f.pattern is None and f.enum is None
                and (table.name, f.name) not in KEPT]
        out.append((table.name, rows, free))
    return out


def free_text_cells(source: Path) -> list[tuple[str, str]]:
    """(table, column) of each cell `write_hostile_edition` replaces, in its order."""
    return [(name, column) for name, rows, free in read_tables(source)
            for _ in rows for column in free]


def write_hostile_edition(source: Path, out: Path, strings: list[str] = HOSTILE,
                          descriptor: tuple[str, str, str] = DESCRIPTOR) -> Path:
    """Write the hostile copy of the edition folder `source` into `out`, its text cells taken
    from `strings` in turn, the descriptor's title, description and source title from
    `descriptor`."""
    tables = {}
    n = 0
    for name, rows, free in read_tables(source):
        for row in rows:
            for column in free:
                row[column] = hostile_text(n, row.get(column, ""), strings)
                n += 1
        tables[name] = rows
    return write_edition(
        out, tables, edition="hostile", provenance="reconstructed",
        title=descriptor[0], description=descriptor[1],
        sources=[{"title": descriptor[2], "path": "javascript:alert(4)"}])

"""Finds numbers a chapter prints without `present.numbers`: digits outside the number spans
that are not identifiers (competency codes, SOC codes, years, tiers, readings, ids) nor
quotations of the original (in curly quotes). One exception, by design: the audit's notes
(`.audit-note` spans), running explanations of a check that cite figures as they go.

    python tests/number_marks.py report/executed/10_executive_summary.ipynb ...

prints each unmarked number with its context; `unmarked(markdown)` is what the tests call.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from competency_framework.present.numbers import SPAN
from competency_framework.render.markdown import FENCE, cell_options, read_notebook

# Identifiers and labels, not quantities: what may hold digits outside a number span.
IDENTIFIERS = re.compile(
    r"\b\d+(?:\.\d+)+\b"                       # competency codes 4.2.6, versions
    r"|\b\d{2}-\d{4}(?:\.\d{2})?\b"             # SOC codes
    r"|\b(?:19|20)\d\d\b"                       # years
    r"|\b[Tt]iers?[ -]\d(?:(?:,| and| or| to|–|-) ?\d)*\b"  # tier 4, tiers 1 to 5, tier-5
    r"|\b[Rr]eadings? \d(?:(?:,| and| or) \d)*\b"   # the lead's readings
    r"|\b(?:Table|Figure|Appendix|Section|Part) [A-Z]?\d+(?:\.\d+)?\b"
    r"|\b[A-Za-z_]+\d[\w.-]*"                  # ids with digits in them (K0012, tbl-a1, 80_audit)
    r"|\b\d+_[\w.-]+"                           # file names (80_audit.ipynb)
    r"|\b[A-Z]+(?:-[A-Z]+)*-\d+\b"                # NICE ids (NF-COM-008)
    r"|\u201c[^\u201c\u201d]*\u201d"                 # the published report quoted
    r"|\d[\d.]*\u2026"                            # an identifier cut short ("4.\u2026")
    r"|\bPlaceholder for an unpublished essential KSA under "   # a placeholder's own count
    r"(?:[^()|\n]|\([^()|\n]*\))*?\(\d+ of \d+\)"
    r"|#[\w.:-]+"                               # anchors and labels
    r"|@\w[\w-]*"                               # cross-references
    r"|\{[^{}]*\}"                              # attribute blocks
    r"|\([^()\s]*\)"                             # link targets
)
CODE = re.compile(r"`[^`\n]*`")
AUDIT_NOTE = re.compile(r"\[(?:[^\[\]\\]|\\.)*\]\{\.audit-note\}")
LIST_ITEM = re.compile(r"^\s*\d+\.(?=\s)", re.MULTILINE)  # an ordered list's numbering
DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?%?")


def unmarked(markdown: str) -> list[str]:
    """Each digit run in `markdown` outside number spans, code and identifiers, with up to 40
    characters of context either side."""
    text = FENCE.sub(" ", markdown.replace("\u200b", ""))  # break points inside ids
    text = CODE.sub(" ", text)
    text = AUDIT_NOTE.sub(" ", text)
    text = LIST_ITEM.sub(" ", text)
    text = SPAN.sub(" ", text)
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)  # Markdown's escapes
    text = IDENTIFIERS.sub(" ", text)
    return [text[max(m.start() - 40, 0): m.end() + 40].replace("\n", " ")
            for m in DIGITS.finditer(text)]


def notebook_text(path: Path) -> str:
    """What an executed notebook shows: its Markdown cells and the Markdown outputs of cells
    not hidden by `include: false` or `output: false`."""
    parts = []
    for cell in read_notebook(path)["cells"]:
        if cell["cell_type"] == "markdown":
            parts.append(cell["source"])
            continue
        options, _ = cell_options(cell["source"])
        if options.get("include", True) is False or options.get("output", True) is False:
            continue
        parts += [(o.get("data") or {}).get("text/markdown", "") for o in cell.get("outputs", [])]
    return "\n\n".join(parts)


if __name__ == "__main__":
    found = 0
    for name in sys.argv[1:]:
        for hit in unmarked(notebook_text(Path(name))):
            found += 1
            print(f"{Path(name).name}: ...{hit}...")
    print(f"{found} unmarked numbers")
    sys.exit(1 if found else 0)

"""The report's front and back matter, written into `report/executed/` before rendering: the
title page (who made the report, what it regenerates, the edition and its provenance), the
colophon at the end (data hash, code commit, renderer, tool versions, and the list of executed
notebooks the PDF's "Source" links lead to), and the provenance banner on every HTML and PDF
page (none for collected data). A reconstructed edition's
provenance is explained once, on the title page; the banner is a one-line reminder."""

from __future__ import annotations

import os
import platform
import re
import subprocess
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from competency_framework.build.manifest import Run
from competency_framework.edition.framework import Framework
from competency_framework.files import write_text_atomic
from competency_framework.paths import EXECUTED
from competency_framework.present.escape import (
    html_text,
    markdown_text,
    pandoc_attribute,
    typst_string,
)
from competency_framework.render import Book, renderer_versions
from competency_framework.render.markdown import notebook_page_of

TITLE_PAGE = "title.md"
COLOPHON_PAGE = "colophon.md"
BANNER_HTML = "banner.html"
BANNER_TYPST = "banner.typ"
REPORTED_PACKAGES = ("pandas", "pyarrow", "numpy", "matplotlib", "networkx", "papermill")
# A reader's reminder of the provenance, one short line on every page (none for collected); the
# title page explains it once (`title_page`, its `MODEL_CHOICES` paragraph).
PROVENANCE_BANNERS = {
    "reconstructed": (
        "Reconstructed edition {edition}: rows rebuilt to fit published totals; "
        "\N{DAGGER} marks a model's choice, not a finding."
    ),
}
MODEL_CHOICES = "model-choices"  # the id of the title page's paragraph on model choices


def git_commit(root: Path) -> str:
    """The checked-out commit, with '+ uncommitted changes' when tracked files differ."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=root,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" + uncommitted changes" if dirty.strip() else "")


def source_date_epoch(root: Path) -> int:
    """The PDF's date: SOURCE_DATE_EPOCH, else the last commit's time, else 0."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    done = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=root, capture_output=True,
                          text=True)
    return int(done.stdout.strip()) if done.returncode == 0 and done.stdout.strip() else 0


def tool_versions(renderer: str) -> dict[str, str]:
    """Python, this library, its main dependencies and the renderer's tools."""
    out = {"Python": platform.python_version()}
    for name in ("competency-framework", *REPORTED_PACKAGES):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    out.update(renderer_versions(renderer))
    return out


def citation(book: Book) -> str:
    """Who made this report and which publication it regenerates, as Markdown ('' when
    `_quarto.yml` names none)."""
    original = book.regenerates
    if not original:
        return ""
    authors = original.get("authors") or []
    names = ", ".join(str(a) for a in authors) if isinstance(authors, list) else str(authors)
    cited = ". ".join(markdown_text(str(part)) for part in (names, original.get("year", ""))
                      if str(part).strip())
    where = markdown_text(str(original.get("publisher", "")))
    by = f", made by {markdown_text(book.author)}" if book.author else ""
    url = str(original.get("url", "")).strip()
    found = (f" Available from {markdown_text(str(original.get('where', url)))}"
             f", <{url}>." if re.fullmatch(r"https?://[^\s<>]+", url)
             else "")
    return (
        f"This report is an independent regeneration{by}; it is not a publication of NIST or "
        "of Manufacturing USA. It recomputes the statistics, tables and figures of:\n\n"
        f"> {cited}. *{markdown_text(str(original.get('title', '')))}*. {where}.{found}\n\n"
        "Its prose is written anew; the framework's names, codes, definitions and KSA "
        "statements are the original's, used as data.\n\n"
    )


def notebooks_page(runs: list[Run]) -> str:
    """The list of executed notebooks in the colophon: what each was made from and
    with which parameters. Every figure's and table's "Source" link in the PDF points here."""
    lines = [
        "## The notebooks behind the figures and tables {.unnumbered}\n",
        "Each figure and table names the executed notebook that made it. Each notebook below "
        "was run from the repository's notebook named after it, at the commit given above, "
        "with the parameters shown (and the edition's folder); the HTML version shows every "
        "cell of it.\n",
    ]
    for run in runs:
        entry = (f"[`{run.output}`]{{#notebook-{run.stem} .notebook-entry "
                 f"href={pandoc_attribute(notebook_page_of((EXECUTED / run.output).as_posix()))}}}")
        params = ", ".join(f"{markdown_text(str(k))} = {markdown_text(str(v))}"
                           for k, v in run.parameters.items())
        lines.append(f"- {entry}: from `{run.notebook}`" + (f", with {params}" if params else ""))
    return "\n".join(lines) + "\n"


PROFILES = ("After the technology areas' chapters and the references, a profile of each "
            "institute shows its occupations, its KSAs by competency, what it shares with the "
            "other institutes and which of its KSAs are most its own.")


def _profiles_sentence(profiles: bool | None, reconstructed: bool) -> str:
    """What the report says about its institute profiles: what they show, when it has them
    (illustrative in a reconstructed edition), or why it has none; '' when the caller does
    not say whether they are built, or a collected edition's build leaves them out."""
    if profiles is None:
        return ""
    if profiles:
        return ("\n\n" + PROFILES + (" They are illustrative, and each says so at its top."
                                     if reconstructed else ""))
    if not reconstructed:
        return ""
    return ("\n\nFor the same reason this report has no profile of a single institute: it "
            "would show the model's arrangement as that institute's answers.")


def title_page(fw: Framework, *, edition_path: str, book: Book | None = None,
               profiles: bool | None = None) -> str:
    """The report's front matter as Markdown: whose it is, what it regenerates, which edition
    it is built from and how that edition was made (the colophon says with what). A
    reconstructed edition's page says so once, here, with a
    paragraph (id `MODEL_CHOICES`) on the numbers that are the model's choice and their mark;
    `profiles` (whether the build has the institute profiles) adds a sentence on them."""
    if fw.is_reconstructed:
        provenance = (
            "**This edition is reconstructed.** The published report prints totals and shares, "
            "not the institutes' answers, so this edition's record-level rows were rebuilt to "
            "agree with those printed figures. They are not what the institutes submitted: "
            "trust a count or share as far as it matches the published one (the audit chapter "
            "checks each), and read no single row as a particular institute's answer.\n\n"
            f"::: {{#{MODEL_CHOICES}}}\n"
            "**Model choices are marked \N{DAGGER}.** Where the published report does not fix "
            "a number (a count behind a printed percentage, which institutes chose an "
            "occupation, what one institute selected), the number shown is the reconstruction "
            "model's choice: one value that fits the published figures, not something "
            "measured. Such a number carries a raised dagger after it (^\N{DAGGER}^). Do not "
            "read a marked number as a finding about the network or about any institute.\n"
            ":::"
        )
    else:
        provenance = ("This edition holds the occupation and KSA selections the institutes "
                      "submitted, as collected.")
    provenance += _profiles_sentence(profiles, fw.is_reconstructed)
    rows = [
        ("Edition", markdown_text(fw.edition)),
        ("Data", f"{markdown_text(fw.title)} (`{edition_path}`)" if fw.title.strip()
         else f"`{edition_path}`"),
        ("Provenance", markdown_text(fw.provenance)),
    ]
    return (
        "# About this report {.unnumbered}\n\n"
        + (citation(book) if book else "")
        + "Every number, table and figure in this report is computed from the record-level data "
        "of one edition of the framework, by the code and tools the colophon at the end "
        "names.\n\n"
        f"{provenance}\n\n{_facts(rows)}\n"
    )


def _facts(rows: list[tuple[str, str]]) -> str:
    """A definition list: each name, then its value."""
    return "\n\n".join(f"{k}\n:   {v}" for k, v in rows)


def colophon_page(fw: Framework, *, commit: str, tools: dict[str, str], renderer: str,
                  runs: list[Run]) -> str:
    """The report's last page as Markdown: how this copy was made (data hash, code commit,
    renderer, tool versions) and the executed notebooks behind its figures and tables."""
    rows = [
        ("Data hash (SHA-256)", f"`{fw.data_hash}`"),
        ("Code", f"commit `{commit}`"),
        ("Rendered by", renderer),
        ("Tool versions", "; ".join(f"{k} {v}" for k, v in tools.items())),
    ]
    return (
        "# Colophon {.unnumbered}\n\n"
        f"This copy of the report was built from the {markdown_text(fw.edition)} edition "
        "named on its first page, whose files hash to the value below, by the code at the "
        "commit below, with these tools.\n\n"
        f"{_facts(rows)}\n\n{notebooks_page(runs)}"
    )


def provenance_banner(fw: Framework) -> str:
    """The sentence every page carries for this edition's provenance ('' for collected)."""
    text = PROVENANCE_BANNERS.get(fw.provenance, "")
    return text.format(edition=fw.edition) if text else ""


def banner_html(text: str) -> str:
    """The banner as an HTML fragment (Quarto's include-before-body; the fallback's too)."""
    if not text:
        return ""
    # a div, not an aside: Quarto's HTML moves asides into the margin
    return (f'<div class="provenance-banner" role="note" aria-label="Data provenance">'
            f"<p>{html_text(text)}</p></div>\n")


def banner_typst(text: str) -> str:
    """The banner as a Typst page header, on every page of the PDF ('' for none)."""
    if not text:
        return ""
    return ("#set page(header: align(center, text(size: 7.5pt, fill: rgb(\"#5a4300\"), "
            f"{typst_string(text)})))\n")


def write_front_matter(root: Path, fw: Framework, *, edition: Path, renderer: str,
                       tools: dict[str, str], book: Book, runs: list[Run]) -> None:
    """Title page, colophon and banners into report/executed/ (rewritten only when they
    change)."""
    names = {"quarto": "Quarto", "fallback": "pandoc and Typst (fallback renderer)"}
    banner = provenance_banner(fw)
    profiles = any(run.when == "profiles" for run in runs)
    files = {
        TITLE_PAGE: title_page(fw, edition_path=edition.as_posix(), book=book,
                               profiles=profiles),
        COLOPHON_PAGE: colophon_page(fw, commit=git_commit(root), tools=tools,
                                     renderer=names[renderer], runs=runs),
        BANNER_HTML: banner_html(banner),
        BANNER_TYPST: banner_typst(banner),
    }
    for name, text in files.items():
        path = root / EXECUTED / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(path, text)

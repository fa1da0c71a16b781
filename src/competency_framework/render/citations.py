"""Citations: the works `_quarto.yml`'s `bibliography` holds, printed in its `csl` style by
pandoc's citeproc, in both renderers and both formats.

Quarto runs citeproc itself (its Typst format only with `citeproc: true`, which `_quarto.yml`
sets); the fallback runs pandoc with `citation_options`. In a book the list of works is one
chapter's, the one with the `::: {#refs}` div (`references_chapter`): it lists every work cited
anywhere in the book (`cited_keys`), and a citation on any other page links to its entry there,
as Quarto's book does (`CITATIONS_FILTER`, after citeproc). The PDF is one document: citeproc
puts the list in that div and links the citations to it.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterable
from pathlib import Path

import yaml

from competency_framework.render.book import Book
from competency_framework.render.markdown import RenderError, page_of

REFS_DIV = re.compile(r"^:{3,}\s*\{#refs[\s}]", re.MULTILINE)
# pandoc's citation key after "@": a letter, digit or _, then those or internal punctuation
CITATION = re.compile(r"(?<![\w@])@([A-Za-z0-9_](?:[\w:.#$%&+?<>~/-]*[\w])?)")
CITATIONS_META = "citations.yml"

# After citeproc, on a page whose list of works is another page's (`references-page`, a path
# from this page): the list citeproc made here goes (it is there only so that citeproc links
# the citations), and a citation's link to its entry ("#ref-<key>") leads to that page.
CITATIONS_FILTER = r"""
local target = ""
return {
  {Meta = function(meta)
    if meta["references-page"] then target = pandoc.utils.stringify(meta["references-page"]) end
  end},
  {
    Div = function(div)
      if target ~= "" and div.identifier == "refs" then return {} end
    end,
    Link = function(link)
      if target ~= "" and link.target:sub(1, 5) == "#ref-" then
        link.target = target .. link.target
        link.attributes.role = "doc-biblioref"  -- as pandoc marks a link to an entry
        return link
      end
    end,
  },
}
"""


def bibliography(root: Path, book: Book) -> tuple[Path, Path | None] | None:
    """The bibliography file and CSL style `_quarto.yml` names (None: the book cites nothing),
    as paths under `root`; RenderError when a named file is missing."""
    bib, csl = book.config.get("bibliography"), book.config.get("csl")
    if not bib:
        return None
    paths = [Path(root) / str(name) for name in (bib, csl) if name]
    for path in paths:
        if not path.is_file():
            raise RenderError(f"_quarto.yml names {path.relative_to(root)}, which does not exist")
    return paths[0], (paths[1] if csl else None)


def bibliography_keys(path: Path) -> list[str]:
    """The ids of the works in a CSL JSON bibliography, in its order."""
    try:
        works = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RenderError(f"{path}: not a readable CSL JSON bibliography ({exc})") from exc
    return [str(work["id"]) for work in works]


def cited_keys(texts: list[str], known: list[str]) -> list[str]:
    """The works of `known` that `texts` (Markdown) cite, in the order of `known`."""
    found = {m[1] for text in texts for m in CITATION.finditer(text)}
    return [key for key in known if key in found]


def cites_works(markdown: str, crossrefs: Iterable[str]) -> bool:
    """Whether `markdown` holds a citation that is not one of the `crossrefs` labels: a work,
    for citeproc (which also says when the bibliography lacks it)."""
    return any(m[1] not in crossrefs for m in CITATION.finditer(markdown))


def references_chapter(markdowns: dict[str, str]) -> str | None:
    """The chapter holding the list of works (`::: {#refs}`), if any."""
    return next((c for c, text in markdowns.items() if REFS_DIV.search(text)), None)


def write_citation_files(root: Path, book: Book, markdowns: dict[str, str],
                         folder: Path) -> bool:
    """Into `folder` (where pandoc runs): the filter `citation_options` names and the metadata
    of the book's citations (bibliography, style, every work cited as `nocite`, so that the
    References page lists them all). False when the book has no bibliography."""
    files = bibliography(root, book)
    if files is None:
        return False
    bib, csl = files
    cited = cited_keys(list(markdowns.values()), bibliography_keys(bib))
    meta: dict[str, object] = {"bibliography": str(bib.resolve()), "link-citations": True}
    if csl:
        meta["csl"] = str(csl.resolve())
    if cited:
        meta["nocite"] = ", ".join(f"@{key}" for key in cited)
    (folder / CITATIONS_META).write_text(yaml.safe_dump(meta), encoding="utf-8")
    (folder / "citations.lua").write_text(CITATIONS_FILTER, encoding="utf-8")
    return True


def citation_options(page: str | None = None, references: str | None = None) -> list[str]:
    """pandoc's options for citations (after the other filters): citeproc with the files of
    `write_citation_files`. On a site's `page` (a path from the site's root) other than the
    `references` page, the list of works is left out and citations link to that page;
    `page` None: one document (the PDF) that holds its list."""
    args = ["--metadata-file", CITATIONS_META, "--citeproc", "--lua-filter", "citations.lua"]
    if page is None or page == references:
        return args
    if not references:  # no list of works anywhere: citations only
        return [*args, "--metadata", "suppress-bibliography=true"]
    here = posixpath.dirname(page) or "."
    return [*args, "--metadata", f"references-page={posixpath.relpath(references, here)}"]


def references_page(markdowns: dict[str, str]) -> str | None:
    """The site page of the References chapter (None: the book has none)."""
    chapter = references_chapter(markdowns)
    return page_of(chapter) if chapter else None

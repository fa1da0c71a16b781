"""The fallback renderer, for machines without Quarto: it installs from PyPI alone.

It renders the chapters as `markdown` prepares them (the Markdown Quarto renders too).

HTML: pandoc (from pypandoc-binary) writes each chapter as a page of a site laid out as
Quarto lays out a book (`site`): a contents sidebar with search and previous/next links on
every page, the provenance banner (`include-before-body`) on top. Each executed notebook is
shipped beside its chapter's page, with a page showing all its cells.

PDF: all chapters as one Markdown document -> pandoc -> Typst markup -> the `typst` package.

Two Lua filters carry what pandoc lacks: `source-links.lua` (Quarto runs it too) names the
executed notebook under every figure and table; the filter below carries Quarto's own syntax:
`fig-alt` (the computed alt text) and numbered figures, tables and cross-references
(`@fig-...`, `@tbl-...`), numbered within their chapter (Figure 2.1) as Quarto numbers them.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from importlib.metadata import version
from pathlib import Path

import yaml

from .book import Book
from .markdown import (
    CONTENTS_TYPST,
    BundleMedia,
    RenderError,
    asset,
    book_markdown,
    chapter_infos,
    crossref_numbers,
    include_files,
    part_heading,
    refs_for_page,
    source_notebooks,
)

QUARTO_FILTER = r"""
-- Quarto syntax the fallback supports: `fig-alt` on images, numbered figure and table
-- captions (HTML; Typst numbers its own), and cross-references @fig-... / @tbl-...
-- The numbers come from `crossrefs-file` (JSON: id -> {label, href}), made for the whole book.
local refs = {}

local function typst_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

local function read_refs(meta)
  if meta["crossrefs-file"] then
    local fh = io.open(pandoc.utils.stringify(meta["crossrefs-file"]), "r")
    refs = pandoc.json.decode(fh:read("a"))
    fh:close()
  end
end

local function prefix_caption(el)
  local ref = refs[el.identifier]
  if FORMAT == "typst" or not ref then return nil end
  local long = el.caption.long
  if #long > 0 and long[1].content then
    long[1].content:insert(1, pandoc.Str(ref.label .. ": "))
  else
    long:insert(pandoc.Plain(pandoc.Inlines{pandoc.Str(ref.label)}))
  end
  el.caption.long = long
  return el
end

return {
  {Meta = read_refs},
  {
    Image = function(img)
      local alt = img.attributes["fig-alt"]
      if not alt then return nil end
      img.attributes["fig-alt"] = nil
      if FORMAT == "typst" then
        local args = typst_string(img.src) .. ", alt: " .. typst_string(alt)
        if img.attributes["width"] then args = args .. ", width: " .. img.attributes["width"] end
        return pandoc.RawInline("typst", "#image(" .. args .. ")")
      end
      img.caption = pandoc.Inlines(alt)
      return img
    end,
    Cite = function(cite)
      local out = pandoc.Inlines{}
      for i, c in ipairs(cite.citations) do
        local ref = refs[c.id]
        if not ref then return nil end
        if i > 1 then out:insert(pandoc.Str(", ")) end
        if FORMAT == "typst" then
          out:insert(pandoc.RawInline("typst", "#ref(<" .. c.id .. ">)"))
        else
          out:insert(pandoc.Link(ref.label, ref.href))
        end
      end
      return out
    end,
    Figure = prefix_caption,
    Table = prefix_caption,
  },
}
"""


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def versions() -> dict[str, str]:
    """The tools this renderer uses, with their versions."""
    import pypandoc

    return {"pandoc": str(pypandoc.get_pandoc_version()),
            "Typst (python package)": version("typst")}


def run_pandoc(args: list[str], cwd: Path) -> str:
    done = subprocess.run([pandoc_path(), *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RenderError(f"pandoc failed ({done.returncode}): {done.stderr.strip()}")
    return done.stdout


def render_fallback(root: Path, book: Book, out_dir: Path, *, timestamp: int) -> tuple[Path, Path]:
    """Render `book` into `out_dir`: the HTML site (`index.html` and a page per chapter) and
    `<output-file>.pdf`; returns both paths.

    `timestamp` (seconds since the epoch) is the PDF's creation date, so that the same input
    gives the same bytes.
    """
    from . import site

    out_dir = Path(out_dir).resolve()
    pdf = out_dir / f"{book.output_file}.pdf"
    with tempfile.TemporaryDirectory(prefix="fallback-") as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "quarto.lua").write_text(QUARTO_FILTER, encoding="utf-8")
        (tmp / "source-links.lua").write_text(asset("source-links.lua"), encoding="utf-8")
        html = site.render_site(root, book, out_dir, tmp, pdf_name=pdf.name)
        _render_pdf(root, book, pdf, tmp, timestamp)
    return html, pdf


def pandoc_common() -> list[str]:
    """Options both formats share: Markdown in, the two filters."""
    return ["--from", "markdown", "--lua-filter", "quarto.lua",
            "--lua-filter", "source-links.lua", "--metadata", "lang=en"]


def write_sources(markdowns: dict[str, str], path: Path, **metadata: object) -> str:
    """A pandoc metadata file: what `source-links.lua` reads (figure and table label ->
    executed notebook), and `metadata`; returns its name."""
    data = {"source-notebooks": source_notebooks(markdowns), **metadata}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path.name


def _render_pdf(root: Path, book: Book, pdf: Path, tmp: Path, timestamp: int) -> None:
    import typst

    media = BundleMedia(tmp / "media")
    options = book.format_options("typst")
    markdowns = book_markdown(root, book, "typst", lambda chapter: media)
    infos = chapter_infos(markdowns)
    refs = crossref_numbers(markdowns, infos)
    (tmp / "refs-typst.json").write_text(json.dumps(refs_for_page(refs, "")), encoding="utf-8")
    parts, part = [], ""
    for number, chapter in enumerate(book.chapters):
        if number == 1 and options.get("toc"):
            parts.append(CONTENTS_TYPST)  # the home page shares the title page
        if book.part_of(chapter) != part:
            part = book.part_of(chapter)
            if part:
                parts.append(part_heading(part))  # as Quarto's book heads a part
        parts.append(markdowns[chapter])
    (tmp / "typst.md").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    header = asset("book-header.typ") + include_files(root, book, "typst",
                                                          "include-in-header")
    (tmp / "header.typ").write_text(header, encoding="utf-8")
    papersize = options.get("papersize", "us-letter")
    args = [*pandoc_common(), "--standalone", "--number-sections",
            "--metadata-file", write_sources(
                markdowns, tmp / "sources-typst.yml",
                **{k: options[k] for k in ("margin", "fontsize") if k in options}),
            "--metadata", f"title={book.title}", "--metadata", "crossrefs-file=refs-typst.json"]
    for key in ("subtitle", "author"):
        if getattr(book, key):
            args += ["--metadata", f"{key}={getattr(book, key)}"]
    run_pandoc([*args, "--to", "typst", "--include-in-header", "header.typ",
             "--variable", f"papersize={papersize}", "--output", "report.typ", "typst.md"], tmp)
    try:
        typst.compile(str(tmp / "report.typ"), output=str(pdf), root=str(tmp),
                      timestamp=timestamp, ignore_system_fonts=True)
    except Exception as exc:  # typst raises its own error types
        raise RenderError(f"typst could not compile the PDF: {exc}") from exc

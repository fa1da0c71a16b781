"""The fallback renderer, for machines without Quarto: it installs from PyPI alone.

Each chapter of `_quarto.yml` is first prepared into Markdown the way Quarto reads it (pandoc's
own ipynb reader would print the code and drop `text/markdown` outputs): Markdown cells as they
are, `text/markdown` outputs as Markdown, images copied or decoded into files, `#|` cell options
honoured (`include`, `echo`, `output`, `warning`, `code-fold`, `code-summary`) over the
`execute` and `format.<html|typst>` options of `_quarto.yml`, `{{< include >}}` expanded. Then
pandoc (from pypandoc-binary) writes one standalone HTML file with its images embedded, and
pandoc -> Typst markup -> the `typst` package compiles the PDF. A small Lua filter carries the
Quarto syntax pandoc lacks: `fig-alt` (the computed alt text) and cross-references to figures
and tables (`@fig-...`, `@tbl-...`), numbered in order.
"""

from __future__ import annotations

import base64
import re
import subprocess
import tempfile
from importlib import resources
from importlib.metadata import version
from pathlib import Path

import yaml

from .book import Book

CELL_OPTION = re.compile(r"^#\|\s?(.*)$")
# An image and its target; the description may hold one level of brackets (a link).
IMAGE = re.compile(r"(!\[(?:[^\[\]]|\[[^\[\]]*\])*\]\()([^)\s]+)")
INCLUDE = re.compile(r"^\{\{<\s*include\s+(\S+?)\s*>\}\}[ \t]*$", re.MULTILINE)
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)

# The Quarto syntax the fallback supports beyond pandoc's own Markdown (a Lua filter).
QUARTO_FILTER = r"""
-- Quarto syntax the fallback supports: `fig-alt` on images, numbered figure and table
-- captions (HTML; Typst numbers its own), and cross-references @fig-... / @tbl-...
local NAMES = {fig = "Figure", tbl = "Table"}
local number = {}
local counts = {fig = 0, tbl = 0}

local function kind(id)
  local k = id and id:match("^(%l+)%-")
  return NAMES[k] and k or nil
end

local function count(el)
  local k = kind(el.identifier)
  if k and not number[el.identifier] then
    counts[k] = counts[k] + 1
    number[el.identifier] = {k, counts[k]}
  end
end

local function typst_string(s)
  return '"' .. s:gsub('\\', '\\\\'):gsub('"', '\\"') .. '"'
end

local function label(id)
  local k, n = table.unpack(number[id])
  return NAMES[k] .. " " .. n
end

local function prefix_caption(el)
  if FORMAT == "typst" or not number[el.identifier] then return nil end
  local long = el.caption.long
  if #long > 0 and long[1].content then
    long[1].content:insert(1, pandoc.Str(label(el.identifier) .. ": "))
  end
  return el
end

return {
  {traverse = "topdown", Figure = count, Table = count},
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
        if not number[c.id] then return nil end
        if i > 1 then out:insert(pandoc.Str(", ")) end
        if FORMAT == "typst" then
          out:insert(pandoc.RawInline("typst", "#ref(<" .. c.id .. ">)"))
        else
          out:insert(pandoc.Link(label(c.id), "#" .. c.id))
        end
      end
      return out
    end,
    Figure = prefix_caption,
    Table = prefix_caption,
  },
}
"""


class RenderError(RuntimeError):
    """A chapter could not be prepared or a tool failed; the message says which and why."""


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def versions() -> dict[str, str]:
    """The tools this renderer uses, with their versions."""
    import pypandoc

    return {"pandoc": str(pypandoc.get_pandoc_version()),
            "Typst (python package)": version("typst")}


def cell_options(source: str) -> tuple[dict, str]:
    """A code cell's leading `#|` options (YAML) and the code after them."""
    lines = source.splitlines()
    head: list[str] = []
    while len(head) < len(lines) and (m := CELL_OPTION.match(lines[len(head)])):
        head.append(m.group(1))
    options = yaml.safe_load("\n".join(head)) if head else None
    return options or {}, "\n".join(lines[len(head):]).strip("\n")


class _Media:
    """Copies every image a chapter uses into one folder, under names that cannot collide."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0

    def _name(self, stem: str, suffix: str) -> str:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        return f"{self.folder.name}/{self.count:03d}-{stem}{suffix}"

    def add_file(self, path: Path) -> str:
        name = self._name(path.stem, path.suffix)
        (self.folder.parent / name).write_bytes(path.read_bytes())
        return name

    def add_bytes(self, data: bytes, suffix: str) -> str:
        name = self._name("output", suffix)
        (self.folder.parent / name).write_bytes(data)
        return name


def _relocate_images(markdown: str, source_dir: Path, media: _Media, where: str) -> str:
    """Point every local image of `markdown` (relative to `source_dir`) at its copy in media."""

    def swap(m: re.Match) -> str:
        target = m.group(2)
        if "://" in target or target.startswith(("data:", "#")):
            return m.group(0)
        path = source_dir / target
        if not path.is_file():
            raise RenderError(f"{where}: image {target} not found (looked in {source_dir})")
        return m.group(1) + media.add_file(path)

    return IMAGE.sub(swap, markdown)


def _fenced(text: str, info: str = "") -> str:
    fence = "```"
    while fence in text:
        fence += "`"
    return f"{fence}{info}\n{text.rstrip()}\n{fence}"


def _output_markdown(output: dict, options: dict, source_dir: Path, media: _Media, where: str):
    kind = output.get("output_type")
    if kind == "stream":
        if output.get("name") == "stderr" and options.get("warning", True) is False:
            return ""
        return _fenced(output.get("text", ""))
    if kind == "error":
        return _fenced(f"{output.get('ename', '')}: {output.get('evalue', '')}")
    data = output.get("data", {})
    if "text/markdown" in data:
        return _relocate_images(data["text/markdown"], source_dir, media, where)
    for mime, suffix in (("image/png", ".png"), ("image/jpeg", ".jpg")):
        if mime in data:
            return f"![]({media.add_bytes(base64.b64decode(data[mime]), suffix)})"
    if "image/svg+xml" in data:
        return f"![]({media.add_bytes(data['image/svg+xml'].encode(), '.svg')})"
    if "text/html" in data:
        return _fenced(data["text/html"], "{=html}")
    if "text/plain" in data:
        return _fenced(data["text/plain"])
    return ""


def _code_markdown(code: str, options: dict) -> str:
    block = _fenced(code, "python")
    if not options.get("code-fold"):
        return block
    summary = options.get("code-summary", "Code")
    return f"<details>\n<summary>{summary}</summary>\n\n{block}\n\n</details>"


def notebook_markdown(path: Path, options: dict, media: _Media) -> str:
    """An executed notebook as Markdown, showing what Quarto would show for `options`."""
    import nbformat  # imported here: it takes a second, and an up-to-date build needs none

    nb = nbformat.read(path, as_version=4)
    parts: list[str] = []
    for number, cell in enumerate(nb.cells, start=1):
        where = f"{path.name}, cell {number}"
        if cell.cell_type == "markdown":
            parts.append(_relocate_images(cell.source, path.parent, media, where))
        elif cell.cell_type == "code":
            own, code = cell_options(cell.source)
            opts = {**options, **own}
            if opts.get("include", True) is False:
                continue
            if opts.get("output", True) is not False:
                for output in cell.get("outputs", []):
                    text = _output_markdown(output, opts, path.parent, media, where)
                    if text:
                        parts.append(text)
            if opts.get("echo", True) and code:
                parts.append(_code_markdown(code, opts))
    return "\n\n".join(parts)


def text_chapter_markdown(path: Path, media: _Media) -> str:
    """A .qmd/.md chapter without its front matter, `{{< include >}}` expanded."""
    text = FRONT_MATTER.sub("", path.read_text(encoding="utf-8"))

    def include(m: re.Match) -> str:
        target = path.parent / m.group(1)
        if not target.is_file():
            raise RenderError(f"{path.name}: included file {m.group(1)} not found")
        return text_chapter_markdown(target, media)

    # this file's own images first: included text arrives with its images already moved
    return INCLUDE.sub(include, _relocate_images(text, path.parent, media, path.name))


def book_markdown(root: Path, book: Book, fmt: str, media: _Media) -> str:
    """All chapters of `book`, in order, as one Markdown document for format `fmt`."""
    options = book.format_options(fmt)
    parts = []
    for number, chapter in enumerate(book.chapters):
        if number == 1 and fmt == "typst" and options.get("toc"):
            # the home page shares the title page; the contents follow it
            parts.append(_fenced("#pagebreak()\n#outline(depth: 2)", "{=typst}"))
        path = Path(root) / chapter
        if not path.is_file():
            raise RenderError(f"chapter {chapter} (listed in _quarto.yml) does not exist")
        if path.suffix == ".ipynb":
            parts.append(notebook_markdown(path, options, media))
        else:
            parts.append(text_chapter_markdown(path, media))
    return "\n\n".join(parts) + "\n"


def _pandoc(args: list[str], cwd: Path) -> None:
    done = subprocess.run([pandoc_path(), *args], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RenderError(f"pandoc failed ({done.returncode}): {done.stderr.strip()}")


def render_fallback(root: Path, book: Book, out_dir: Path, *, timestamp: int) -> tuple[Path, Path]:
    """Render `book` into `out_dir` as `<output-file>.html` and `.pdf`; returns both paths.

    `timestamp` (seconds since the epoch) is the PDF's creation date, so that the same input
    gives the same bytes.
    """
    import typst

    out_dir = Path(out_dir).resolve()
    html = out_dir / f"{book.output_file}.html"
    pdf = out_dir / f"{book.output_file}.pdf"
    assets = resources.files(__package__)
    with tempfile.TemporaryDirectory(prefix="fallback-") as tmp_name:
        tmp = Path(tmp_name)
        media = _Media(tmp / "media")
        (tmp / "quarto.lua").write_text(QUARTO_FILTER, encoding="utf-8")
        (tmp / "style.css").write_text(
            assets.joinpath("fallback.css").read_text(encoding="utf-8"), encoding="utf-8")
        (tmp / "header.typ").write_text(
            assets.joinpath("fallback-header.typ").read_text(encoding="utf-8"), encoding="utf-8")
        common = ["--from", "markdown", "--standalone", "--number-sections",
                  "--lua-filter", "quarto.lua",
                  "--metadata", f"title={book.title}", "--metadata", "lang=en"]
        if book.subtitle:
            common += ["--metadata", f"subtitle={book.subtitle}"]

        (tmp / "html.md").write_text(book_markdown(root, book, "html", media), encoding="utf-8")
        toc = ["--toc", "--toc-depth", "2"] if book.format_options("html").get("toc") else []
        _pandoc([*common, *toc, "--to", "html5", "--embed-resources", "--css", "style.css",
                 "--variable", "document-css=true",
                 "--output", str(html), "html.md"], tmp)

        (tmp / "typst.md").write_text(book_markdown(root, book, "typst", media), encoding="utf-8")
        papersize = book.format_options("typst").get("papersize", "us-letter")
        _pandoc([*common, "--to", "typst", "--include-in-header", "header.typ",
                 "--variable", f"papersize={papersize}", "--output", "report.typ", "typst.md"],
                tmp)
        try:
            typst.compile(str(tmp / "report.typ"), output=str(pdf), root=str(tmp),
                          timestamp=timestamp, ignore_system_fonts=True)
        except Exception as exc:  # typst raises its own error types
            raise RenderError(f"typst could not compile the PDF: {exc}") from exc
    return html, pdf

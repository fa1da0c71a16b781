"""pandoc for the pages the project writes itself: the fallback's site and PDF, and the pages
showing each notebook's cells in Quarto's site. Its Lua filters carry what plain pandoc lacks:
`source-links.lua` (which Quarto runs too) names the executed notebook under every figure and
table, `table-rows.lua` (Quarto's too) keeps a long table's rows together in the PDF, and
`QUARTO_FILTER` carries Quarto's own syntax.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from competency_framework.processes import dies_with_this_process
from competency_framework.render.markdown import (
    RenderError,
    asset,
    shown_data_links,
    source_notebooks,
)

QUARTO_FILTER = r"""
-- Quarto syntax the fallback supports: `fig-alt` on images (the numbers and cross-references
-- are `crossrefs.lua`'s, which both renderers run).
local function typst_string(s)
  -- a backslash before \ and ", control characters (line breaks too) as \u{..}
  s = s:gsub('\\', '\\\\'):gsub('"', '\\"')
  s = s:gsub('%c', function(c) return string.format('\\u{%x}', c:byte()) end)
  return '"' .. s .. '"'
end

return {
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
  },
}
"""

def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def run_pandoc(args: list[str], cwd: Path) -> str:
    done = subprocess.run([pandoc_path(), *args], cwd=cwd, capture_output=True, text=True,
                          preexec_fn=dies_with_this_process())
    if done.returncode != 0:
        raise RenderError(f"pandoc failed ({done.returncode}): {done.stderr.strip()}")
    check_citations(done.stderr)
    return done.stdout


UNRESOLVED = re.compile(r"Citeproc: citation (\S+) not found")


def check_citations(log: str) -> None:
    """RenderError when pandoc's (or Quarto's) `log` says a citation is not in the
    bibliography: it would print as "(key?)"."""
    keys = sorted(set(UNRESOLVED.findall(log)))
    if keys:
        raise RenderError("citations of works not in the bibliography (_quarto.yml's "
                          f"`bibliography`): {', '.join(keys)}")


def write_filters(folder: Path) -> None:
    """The Lua filters `pandoc_common` names, into `folder` (where pandoc runs)."""
    (folder / "quarto.lua").write_text(QUARTO_FILTER, encoding="utf-8")
    (folder / "crossrefs.lua").write_text(asset("crossrefs.lua"), encoding="utf-8")
    (folder / "source-links.lua").write_text(asset("source-links.lua"), encoding="utf-8")
    (folder / "table-rows.lua").write_text(asset("table-rows.lua"), encoding="utf-8")


def pandoc_common() -> list[str]:
    """Options both formats share: Markdown in, the filters."""
    return ["--from", "markdown", "--lua-filter", "quarto.lua", "--lua-filter", "crossrefs.lua",
            "--lua-filter", "source-links.lua", "--lua-filter", "table-rows.lua",
            "--metadata", "lang=en"]


def html_fragment(source: str, cwd: Path, *options: str) -> str:
    """The HTML body pandoc writes from the Markdown file `source` (in `cwd`, with the
    filters of `write_filters` beside it)."""
    return run_pandoc([*pandoc_common(), "--to", "html5", "--section-divs",
                       "--syntax-highlighting=none", *options, source], cwd)


def write_sources(markdowns: dict[str, str], path: Path, **metadata: object) -> str:
    """A pandoc metadata file: what `source-links.lua` reads (figure and table label ->
    executed notebook), and `metadata`; returns its name."""
    data = {"source-notebooks": source_notebooks(markdowns),
            "data-files": shown_data_links(markdowns), **metadata}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path.name

-- Every figure and table of a chapter made by an executed notebook names that notebook, with
-- a link: "Source: 10_overview.ipynb." Both renderers run this filter (Quarto through
-- `filters:` in _quarto.yml, the fallback through pandoc), so the two cannot differ.
--
-- The notebook: metadata `source-notebook` (its path from the project root), else, under
-- Quarto, the chapter's own input file when it is a notebook. In HTML the link points beside
-- the page (the site ships each executed notebook next to its chapter's page), or to
-- `source-notebook-href` when set; in the PDF, which sits at the top of the site, to the
-- notebook's path from there.
-- In one document made of many chapters (the fallback's PDF), a div with the attribute
-- `source-notebook` names the notebook of the figures and tables inside it.
-- A link to a notebook already in a caption (a figure's own "Source:") is pointed at the
-- executed notebook instead of being repeated.

local path, href

local function basename(p)
  return p:match("([^/\\]+)$") or p
end

local function is_typst()
  if quarto and quarto.doc and quarto.doc.is_format then
    return quarto.doc.is_format("typst")
  end
  return FORMAT == "typst"
end

local function find_notebook(meta)
  if meta["source-notebook"] then
    path = pandoc.utils.stringify(meta["source-notebook"])
    if meta["source-notebook-href"] then
      href = pandoc.utils.stringify(meta["source-notebook-href"])
    end
  elseif quarto and quarto.doc and quarto.doc.input_file
      and quarto.doc.input_file:match("%.ipynb$") then
    path = quarto.doc.input_file
    local project = quarto.project and quarto.project.directory
    if project and path:sub(1, #project + 1) == project .. "/" then
      path = path:sub(#project + 2)
    end
  end
  if path then
    if is_typst() then
      href = path
    else
      href = href or basename(path)
    end
  end
end

local function source_link()
  return pandoc.Link(pandoc.Inlines{pandoc.Code(basename(path))}, href)
end

local function add_source(el)
  if not path then return nil end
  local found = false
  local long = el.caption.long:walk{
    Link = function(link)
      if link.target:match("%.ipynb$") or link.target:match("%.ipynb#") then
        found = true
        return source_link()
      end
    end,
  }
  if not found then
    local note = pandoc.Inlines{pandoc.Str("Source:"), pandoc.Space(), source_link(),
                                pandoc.Str(".")}
    local last = long[#long]
    if last and (last.t == "Plain" or last.t == "Para") then
      last.content:insert(pandoc.Space())
      last.content:extend(note)
    else
      long:insert(pandoc.Plain(note))
    end
  end
  el.caption.long = long
  return el
end

local function chapter_div(div)
  local notebook = div.attributes["source-notebook"]
  if not notebook then return nil end
  local saved_path, saved_href = path, href
  path = notebook
  href = is_typst() and notebook or basename(notebook)
  local content = div.content:walk{Figure = add_source, Table = add_source}
  path, href = saved_path, saved_href
  return content
end

return {
  {Meta = find_notebook},
  {Figure = add_source, Table = add_source, Div = chapter_div},
}

-- Every figure and table made by an executed notebook names that notebook, with a link:
-- "Source: 10_overview.ipynb." Both renderers run this filter (Quarto through the staged
-- book's `filters:`, the fallback through pandoc) on the same prepared Markdown.
--
-- Which notebook: metadata `source-notebooks` maps each figure and table label to the executed
-- notebook of its chapter (the build knows it; a label is unique in the book).
-- Where the link points:
--   HTML: the page showing the notebook's cells, beside the chapter's page;
--   PDF:  the notebook's entry in the list of notebooks in the colophon, the last pages
--         (`#notebook-<name>`), which says what it was made from, with which parameters, at
--         which commit: a target that still means something when the PDF travels alone.
-- A link to a notebook already in a caption (a figure's own "Source:") is pointed at the
-- executed notebook instead of being repeated.
-- On the web pages a table's or figure's caption also links the CSV of the data it shows
-- ("Data: CSV."): metadata `data-files` maps its label to that file, relative to the page.
-- A KSA or occupation a table names links to its view on the Data page (class `entity`): in
-- the PDF, which has no such page, the name stays as plain text.
-- That list of notebooks marks each entry as a span `{#notebook-<name> .notebook-entry
-- href=...}`: in HTML it becomes a link to the notebook's page, in the PDF a link target.
-- A printed number to link on the web pages is a span `{.number ... href=...}`
-- (`present.numbers.linked_numbers`): it gets a link of class `number-link` around it.
-- Under Quarto a labelled figure or table is a FloatRefTarget (caption: `caption_long`, a Plain
-- block); under pandoc it is a Figure or a Table (caption: `caption.long`, a list of blocks).

local notebooks = {}
local data_tables = {}

local function basename(p)
  return p:match("([^/\\]+)$") or p
end

local function is_typst()
  if quarto and quarto.doc and quarto.doc.is_format then
    return quarto.doc.is_format("typst")
  end
  return FORMAT == "typst"
end

local function stem(p)
  return (basename(p):gsub("%.ipynb$", ""))
end

-- the metadata map `key` (label -> text) into the table `into`
local function read_map(meta, key, into)
  for label, value in pairs(meta[key] or {}) do
    into[label] = pandoc.utils.stringify(value)
  end
end

local function read_notebooks(meta)
  read_map(meta, "source-notebooks", notebooks)
  read_map(meta, "data-files", data_tables)
end

-- " Data: CSV." after the source, on the web pages, for a table or figure with a data file
local function with_data(inlines, label)
  local href = data_tables[label]
  if href and not is_typst() then
    inlines:extend{pandoc.Space(), pandoc.Str("Data:"), pandoc.Space(),
                   pandoc.Link(pandoc.Inlines{pandoc.Str("CSV")}, href), pandoc.Str(".")}
  end
  return inlines
end

local function source_link(notebook)
  local target = is_typst() and ("#notebook-" .. stem(notebook))
      or (stem(notebook) .. ".notebook.html")
  return pandoc.Link(pandoc.Inlines{pandoc.Code(basename(notebook))}, target)
end

-- the caption's inlines with the source named: an existing notebook link re-pointed, or a
-- "Source: ..." note appended
local function with_source(inlines, notebook)
  local found = false
  inlines = inlines:walk{
    Link = function(link)
      if link.target:match("%.ipynb$") or link.target:match("%.ipynb#") then
        found = true
        return source_link(notebook)
      end
    end,
  }
  if not found then
    if #inlines > 0 then inlines:insert(pandoc.Space()) end
    inlines:extend{pandoc.Str("Source:"), pandoc.Space(), source_link(notebook), pandoc.Str(".")}
  end
  return inlines
end

-- a caption's last inlines with the source and data links, where the label has a notebook
local function captioned(inlines, label)
  return with_data(with_source(inlines, notebooks[label]), label)
end

local function add_source(el)
  if not notebooks[el.identifier] then return el end
  local long = el.caption.long
  local last = long[#long]
  if last and (last.t == "Plain" or last.t == "Para") then
    last.content = captioned(last.content, el.identifier)
  else
    long:insert(pandoc.Plain(captioned(pandoc.Inlines{}, el.identifier)))
  end
  el.caption.long = long
  return el
end

local function add_source_float(float)
  if not notebooks[float.identifier] then return float end
  local caption = float.caption_long
  if caption == nil or caption.content == nil then
    caption = pandoc.Plain(pandoc.Inlines{})
  end
  caption.content = captioned(caption.content, float.identifier)
  float.caption_long = caption
  return float
end

local function notebook_entry(span)
  if not span.classes:includes("notebook-entry") then return nil end
  local href = span.attributes["href"]
  span.attributes["href"] = nil
  if is_typst() or not href then return span end
  return pandoc.Link(span.content, href, "", pandoc.Attr(span.identifier))
end

local function number_link(span)
  local href = span.attributes["href"]
  if not span.classes:includes("number") or not href then return nil end
  span.attributes["href"] = nil
  if is_typst() then return span end
  return pandoc.Link(span, href, "", pandoc.Attr("", {"number-link"}))
end

-- In the PDF, a chapter's paragraph on what the dagger means (the one that opens with the
-- `.number-mark` span, `Numbers.explanation`) is left out: the header of every page says it,
-- and the first chapter explains it; on the site each page keeps its own.
local function number_mark_paragraph(para)
  if not is_typst() then return nil end
  local first = para.content[1]
  local inner = first and first.t == "Emph" and first.content[1]
  if inner and inner.t == "Span" and inner.classes:includes("number-mark") then return {} end
end

local function entity_link(link)
  if is_typst() and link.classes:includes("entity") then return link.content end
end

return {
  {Meta = read_notebooks},
  {Figure = add_source, Table = add_source, FloatRefTarget = add_source_float,
   Span = function(span) return notebook_entry(span) or number_link(span) end,
   Link = entity_link, Para = number_mark_paragraph},
}

-- Figure and table numbers, and cross-references to them (@fig-... / @tbl-...), the same in
-- both renderers and both formats. The numbers come from metadata `crossrefs-file` (JSON:
-- label -> {label = "Figure 2", number = "2", href}), made for the whole book by the build
-- (`render.markdown.crossref_numbers`): the published report's items keep its numbers
-- (Figure 1-13, Table 1, Table A1), the report's own are S1, S2, ...
--
-- A reference becomes a link, its text the label; so does a link of class `crossref` to
-- "#<label>" (`present.tables.CrossRef`). A caption starts with the label: pandoc's
-- Figure and Table here; under Quarto a FloatRefTarget once Quarto's crossref pass has given
-- it an order (Quarto runs this filter twice: before its crossref pass for the references,
-- after it for the floats): HTML prints Quarto's own prefix from the order, which takes our
-- number; in Typst, where figures carry no number of their own (book-header.typ), the label
-- is written into the caption.
local refs = {}

local function is_typst()
  if quarto and quarto.doc and quarto.doc.is_format then
    return quarto.doc.is_format("typst")
  end
  return FORMAT == "typst"
end

-- The numbers' file: under Quarto, beside the staged page (`<page>.refs.json`: its links
-- go from that page) or, for the PDF, `crossrefs-typst.json` in the project; otherwise the
-- one metadata `crossrefs-file` names (a plain file name: metadata is read as Markdown).
local function refs_path(meta)
  if quarto and quarto.doc and quarto.doc.input_file then
    if is_typst() then return quarto.project.directory .. "/crossrefs-typst.json" end
    return (quarto.doc.input_file:gsub("%.[^./\\]+$", "")) .. ".refs.json"
  end
  return meta["crossrefs-file"] and pandoc.utils.stringify(meta["crossrefs-file"])
end

local function read_refs(meta)
  local path = refs_path(meta)
  if not path then return end
  local fh = io.open(path, "r")
  if not fh then error("crossrefs.lua: cannot read the figure and table numbers " .. path) end
  refs = pandoc.json.decode(fh:read("a"))
  fh:close()
end

local function prefixed(inlines, label)
  inlines = inlines or pandoc.Inlines{}
  if #inlines > 0 then
    inlines:insert(1, pandoc.Str(label .. ": "))
  else
    inlines:insert(pandoc.Str(label))
  end
  return inlines
end

local function prefix_caption(el)
  local ref = refs[el.identifier]
  if not ref then return nil end
  local long = el.caption.long
  if #long > 0 and long[1].content then
    long[1].content = prefixed(long[1].content, ref.label)
  else
    long:insert(pandoc.Plain(prefixed(nil, ref.label)))
  end
  el.caption.long = long
  return el
end

local function number_float(float)
  local ref = refs[float.identifier]
  if not ref or float.order == nil then return nil end  -- before Quarto's crossref pass
  if is_typst() then
    local caption = float.caption_long
    if caption == nil or caption.content == nil then caption = pandoc.Plain{} end
    caption.content = prefixed(caption.content, ref.label)
    float.caption_long = caption
  else
    float.order = {order = ref.number, section = nil}
  end
  return float
end

-- each cross-reference of a citation as a link; the works it also cites stay a citation
local function link(cite)
  local out, works = pandoc.Inlines{}, pandoc.List{}
  for _, c in ipairs(cite.citations) do
    local ref = refs[c.id]
    if ref then
      if #out > 0 then out:insert(pandoc.Str(", ")) end
      out:insert(pandoc.Link(ref.label, is_typst() and ("#" .. c.id) or ref.href))
    else
      works:insert(c)
    end
  end
  if #out == 0 then return nil end
  if #works > 0 then
    out:insert(pandoc.Space())
    out:insert(pandoc.Cite(pandoc.Inlines{}, works))
  end
  return out
end

-- a link of class `crossref` to "#<label>" (a table cell naming an item by its number): the
-- number and page this book gives it
local function crossref_link(el)
  if not el.classes:includes("crossref") then return nil end
  local ref = refs[el.target:sub(2)]
  if not ref then return nil end
  return pandoc.Link(ref.label, is_typst() and el.target or ref.href)
end

return {
  {Meta = read_refs},
  {Cite = link, Link = crossref_link, Figure = prefix_caption, Table = prefix_caption,
   FloatRefTarget = number_float},
}

-- In the PDF, a long table keeps its first three rows together, and its last three: a page
-- break never leaves one or two of its rows alone on a page. Typst has no such setting, but
-- it never breaks the rows a cell spans (the book's header makes every cell unbreakable,
-- which also keeps each row whole). So a table of six body rows or more gets a first column
-- of width zero holding two empty cells, each spanning three rows: the first three and the
-- last three. The other rows' first cell, and the header's, span that column too, so the
-- table has two empty cells and no empty header. Both renderers run this filter; the web
-- pages are untouched.

local KEEP = 3

local function is_typst()
  if quarto and quarto.doc and quarto.doc.is_format then
    return quarto.doc.is_format("typst")
  end
  return FORMAT == "typst"
end

local function plain(row, columns)
  if #row.cells ~= columns then return false end
  for _, cell in ipairs(row.cells) do
    if cell.row_span ~= 1 or cell.col_span ~= 1 then return false end
  end
  return true
end

local function widen(cell)
  cell.col_span = cell.col_span + 1
end

function Table(tbl)
  if not is_typst() or #tbl.bodies ~= 1 or #tbl.foot.rows > 0 then return nil end
  local body = tbl.bodies[1]
  local rows, columns = body.body, #tbl.colspecs
  local n = #rows
  if n < 2 * KEEP or #body.head > 0 or body.row_head_columns > 0 then return nil end
  for _, row in ipairs(rows) do
    if not plain(row, columns) then return nil end
  end
  local head = tbl.head
  for _, row in ipairs(head.rows) do
    if not plain(row, columns) then return nil end
  end
  for _, row in ipairs(head.rows) do widen(row.cells[1]) end
  for i, row in ipairs(rows) do
    if i == 1 or i == n - KEEP + 1 then
      row.cells:insert(1, pandoc.Cell({}, pandoc.AlignDefault, KEEP, 1))
    elseif i > KEEP and i <= n - KEEP then
      widen(row.cells[1])
    end
  end
  tbl.colspecs:insert(1, {tbl.colspecs[1][1], 0})  -- aligned as the column it joins
  body.body = rows
  tbl.head, tbl.bodies = head, {body}
  return tbl
end

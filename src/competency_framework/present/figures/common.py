"""Helpers every figure and table shares: the colour-blind-safe palette, deterministic saving
(SVG, byte-identical run to run) and the Markdown a notebook emits for both renderers.

A notebook shows a figure by ending a cell with the `SavedFigure` a figure function returns: its
`_repr_markdown_` is Quarto's figure syntax, `![caption](svg){#fig-label fig-alt="..."}`, which
the pandoc fallback reads too. The SVG is the figure in both formats: the web page shows it
(scaled to the column), and Typst embeds it in the PDF as vector graphics. Its text is drawn as
outlines (`svg.fonttype` "path"), so it looks the same wherever it is shown, whatever fonts
the reader has. Alt text and captions are built from the data, which is why they
travel in the output rather than in static `#| fig-alt` cell options.

Numbers follow `present.numbers`: a number in a caption prints as its span, and the numbers a
figure draws (bar values, counts in labels) travel in the output's metadata (`numbers`), where
`build.numbers` reads them; each figure function takes the chapter's `Numbers` to record them.
Axis ticks and size keys are scales, not statistics, and alt text stays plain text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import matplotlib
import matplotlib.figure
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import patheffects
from matplotlib.markers import MarkerStyle
from matplotlib.path import Path as Path_
from matplotlib.rcsetup import cycler
from matplotlib.text import Text
from matplotlib.transforms import Affine2D

from competency_framework.present.escape import markdown_text, pandoc_attribute
from competency_framework.present.numbers import Numbers, PrintedNumber, markup, numbers_metadata

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

# Okabe & Ito (2008), "Color Universal Design": distinguishable with every common form of
# colour-vision deficiency. Black is last so that it is used for text, not series.
OKABE_ITO: dict[str, str] = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
PALETTE: tuple[str, ...] = tuple(OKABE_ITO.values())

# Collections with more items than this are drawn rasterized inside the SVG, at RASTER_DPI (print
# resolution): past it a reader cannot tell single lines apart, and the SVG backend would write
# each one out in Python.
RASTERIZE_OVER = 1500
RASTER_DPI = 300

# A figure is read at the width of a printed page; its smallest type must stay legible there.
PRINT_WIDTH_IN = 6.5
MIN_FONT_PT = 7.0  # the floor; most figures set 8 pt, a crowded map's labels and key 7 pt
PAD_IN = 0.1  # what bbox_inches="tight" adds on every side when saving
FIGURE_WIDTH_IN = PRINT_WIDTH_IN - 2 * PAD_IN  # draw at this width to print at full size
# ... and it must leave room on the page for its caption: tall figures tighten to this height
MAX_PRINT_HEIGHT_IN = 8.3
FIGURE_MAX_HEIGHT_IN = MAX_PRINT_HEIGHT_IN - 2 * PAD_IN

# Technology areas get these colours in the sorted order of their ids, the same in every
# figure (yellow is last: weak on white). Tiers use tints that are not area colours.
AREA_COLOUR_ORDER = ("bluish_green", "blue", "orange", "vermillion", "reddish_purple",
                     "sky_blue", "yellow")
# ... and, past seven areas, these shapes where a colour comes round again
AREA_MARKERS = ("o", "s", "^", "D", "v", "p", "h")
NEUTRAL = "#595959"  # things that belong to no one area (KSAs, agencies, competencies)
HALO = [patheffects.withStroke(linewidth=2.5, foreground="white")]  # text over lines

# Pinned so that the same data gives the same bytes: no random ids, no dates, no tool stamp.
STYLE: dict[RcKeyType, Any] = {
    "svg.hashsalt": "competency-framework",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.prop_cycle": cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
    # text from the data is never mathtext: "$x^2$" draws as those five characters, and an
    # unbalanced "$\\frac" cannot stop the drawing
    "text.parse_math": False,
}
_SVG_METADATA = {"Date": None, "Creator": None}


def area_styles(area_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Each technology area id's colour and marker, assigned in sorted id order (so every
    figure of an edition agrees): the seven area colours with circles, then the same colours
    again with squares, triangles and other shapes (`AREA_MARKERS`), so that up to 49 areas
    look different and colour is never the only cue between two areas that share one."""
    colours = [OKABE_ITO[name] for name in AREA_COLOUR_ORDER]
    return {a: (colours[i % len(colours)],
                AREA_MARKERS[(i // len(colours)) % len(AREA_MARKERS)])
            for i, a in enumerate(sorted(set(area_ids)))}


def area_colours(area_ids: Iterable[str]) -> dict[str, str]:
    """Each technology area id's colour (`area_styles`)."""
    return {a: colour for a, (colour, _) in area_styles(area_ids).items()}


def area_markers(area_ids: Iterable[str]) -> dict[str, str]:
    """Each technology area id's marker (`area_styles`): a circle for the first seven."""
    return {a: marker for a, (_, marker) in area_styles(area_ids).items()}


def scatter_nodes(ax: Any, x: Iterable[float], y: Iterable[float], sizes: Iterable[float],
                  colours: Iterable[str], markers: Iterable[str] | None = None,
                  **kwargs: Any) -> Any:
    """One scatter of nodes, each with its own marker (default circles), drawn in the order
    given (a later node over an earlier one, whatever its shape)."""
    xs, shapes = list(x), list(markers) if markers is not None else []
    if shapes and len(shapes) != len(xs):
        raise ValueError(f"{len(shapes)} markers for {len(xs)} nodes")
    collection = ax.scatter(xs, list(y), s=list(sizes), c=rgba(colours), **kwargs)
    if any(m != "o" for m in shapes):
        paths = {m: equal_area_marker(m) for m in set(shapes)}
        collection.set_paths([paths[m] for m in shapes])
    return collection


def size_shape(markers: Iterable[str]) -> str:
    """What a node's area is called in a caption: "circle", or "marker" once some nodes
    are other shapes (`area_styles`)."""
    return "marker" if any(m != "o" for m in markers) else "circle"


def _marker_path(marker: str) -> Path_:
    style = MarkerStyle(marker)
    return style.get_path().transformed(style.get_transform())


def _path_area(path: Path_) -> float:
    area = 0.0
    for polygon in path.to_polygons():
        xy = np.asarray(polygon, dtype=float)
        x, y = xy[:, 0], xy[:, 1]
        area += abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))) / 2
    return area


def equal_area_marker(marker: str) -> Path_:
    """`marker`'s path scaled to the area of the circle marker, so that a node's area says
    its size whatever its shape."""
    path = _marker_path(marker)
    factor = float(np.sqrt(_path_area(_marker_path("o")) / _path_area(path)))
    return path.transformed(Affine2D().scale(factor))


def scaled(values: Iterable[float], largest: float, *, smallest: float = 0.0,
           reference: float | None = None) -> np.ndarray:
    """`values` scaled linearly so that `reference` (default: the largest value) maps to
    `largest`, floored at `smallest` so that tiny values stay visible (circle areas in pt²,
    line widths in pt)."""
    v = np.asarray(list(values), dtype=float)
    top = float(v.max()) if reference is None and len(v) else float(reference or 0.0)
    if top <= 0:
        return np.full(len(v), smallest)
    return np.maximum(v / top * largest, smallest)


RowT = TypeVar("RowT", bound=NamedTuple)


def rows_as(frame: pd.DataFrame, row: type[RowT]) -> Iterator[RowT]:
    """Each row of `frame` as a `row`: a NamedTuple naming the columns read and their types
    (pandas-stubs types an `itertuples` field as any pandas scalar). The values are those
    `itertuples` gives."""
    return map(row._make, zip(*(frame[name] for name in row._fields), strict=True))


# Text from the data can be of any length; a label drawn in a figure is at most this long
# (whole words, then an ellipsis), and so is any one word of it. The whole text stays in the
# alt text and in the tables. Both are above every name and statement of the 2025 edition.
LABEL_MAX_CHARS = 160
WORD_MAX_CHARS = 40
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")  # none of them white space


def short_label(text: str, limit: int = LABEL_MAX_CHARS) -> str:
    """`text` as a figure label: on one line (runs of white space, line breaks included, as
    one space), without control characters (no font draws them), a word longer than
    `WORD_MAX_CHARS` cut with an ellipsis, and the whole cut after the last word that fits in
    `limit` characters, with an ellipsis."""
    words = [w if len(w) <= WORD_MAX_CHARS else w[:WORD_MAX_CHARS - 1] + "\u2026"
             for w in _CONTROL.sub("", text).split()]
    out = ""
    for word in words:
        joined = f"{out} {word}" if out else word
        if len(joined) > limit:
            return (out or word[:limit - 1]) + "\u2026"
        out = joined
    return out


def wrap_label(text: str, width: int) -> str:
    """`text` shortened (`short_label`) and wrapped to lines of about `width` characters for a
    label: breaks at spaces and after a slash inside a word ("Chain/Supply"), never inside a
    word."""
    pieces: list[tuple[str, bool]] = []  # (piece, joins the previous piece without a space)
    for word in short_label(text).split():
        parts = [p + "/" for p in word.split("/")[:-1]] + [word.split("/")[-1]]
        pieces += [(p, i > 0) for i, p in enumerate(parts) if p]
    lines: list[str] = []
    for piece, glued in pieces:
        joiner = "" if glued else " "
        if lines and len(lines[-1]) + len(joiner) + len(piece) <= width:
            lines[-1] += joiner + piece
        else:
            lines.append(piece)
    return "\n".join(lines)


def s_curves(start: np.ndarray, end: np.ndarray, steps: int = 24) -> np.ndarray:
    """Smooth S-shaped paths (cubic Béziers leaving and arriving horizontally) from the points
    `start` (n x 2) to `end`: links between two columns of nodes. Shape (n, steps, 2)."""
    t = np.linspace(0.0, 1.0, steps)[None, :, None]
    p0, p3 = start[:, None, :], end[:, None, :]
    mid = (p0[..., 0] + p3[..., 0]) / 2
    p1 = np.stack([mid, p0[..., 1]], axis=-1)
    p2 = np.stack([mid, p3[..., 1]], axis=-1)
    return ((1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2
            + t**3 * p3)


def stacked_ends(node: Iterable[str], other_y: Iterable[float], widths_pt: Iterable[float]
                 ) -> np.ndarray:
    """Vertical offsets (inches) that stack the ends of links side by side where they meet a
    node, highest other end on top, centred on the node: links do not pile up on one point.

    `node`: the node each link end touches; `other_y`: the height of each link's other end;
    `widths_pt`: each link's width.
    """
    frame = pd.DataFrame({"node": list(node), "other": list(other_y),
                          "w": np.asarray(list(widths_pt), dtype=float) / 72})
    frame["pos"] = np.arange(len(frame))
    frame = frame.sort_values(["node", "other", "pos"], ascending=[True, False, True],
                              kind="stable")
    total = frame.groupby("node")["w"].transform("sum")
    before = frame.groupby("node")["w"].cumsum() - frame["w"]
    frame["offset"] = total / 2 - before - frame["w"] / 2
    return frame.sort_values("pos")["offset"].to_numpy()


# The published tables of the competency tree by tier (Tables A1 and A2): every KSA under a
# competency of the tier is in one of their rows, so they fix its total together.
TREE_TABLES: dict[int, tuple[str, ...]] = {4: ("tables.table_a1",), 5: ("tables.table_a2",)}


def count_ticks(ax: Any, axis: str = "x", most: int = 10) -> None:
    """Whole-number ticks on `axis` written with thousands separators ("12,000"), as many as
    fit (at most `most`) without two labels touching, measured on the drawn figure."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    which = ax.xaxis if axis == "x" else ax.yaxis
    which.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))
    renderer = ax.figure.canvas.get_renderer()
    for bins in range(most, 1, -1):
        which.set_major_locator(MaxNLocator(nbins=bins, integer=True))
        ax.figure.canvas.draw()
        boxes = [t.get_window_extent(renderer).expanded(1.15, 1.0)
                 for t in which.get_ticklabels() if t.get_visible() and t.get_text()]
        if not any(a.overlaps(b) for a, b in zip(boxes, boxes[1:], strict=False)):
            return


def ksas_under_competency(numbers: Numbers, ksas: int, code: str, tier: int) -> PrintedNumber:
    """The essential KSAs under competency `code` (of `tier`) as a figure draws them: the
    statistic the prose prints ("ksas_under_competency", the numerator of its share), fixed
    where no share of it is published by the tree's table of the tier (`TREE_TABLES`)."""
    return numbers.record(int(ksas), "ksas_under_competency", part="numerator", code=str(code),
                          by=TREE_TABLES.get(int(tier), ()))


CaptionPart = str | PrintedNumber  # plain text (from the data too), or a number


def counted(n: PrintedNumber, singular: str, many: str | None = None) -> tuple[CaptionPart, ...]:
    """A number and its noun as caption parts, as `prose.plural` words them: (n, " KSAs")."""
    return n, f" {singular if n.value == 1 else (many or singular + 's')}"


def _markdown_piece(text: str) -> str:
    """Plain text as a piece of inline Markdown (escaped), keeping one space at either end
    where it has white space there (it may sit next to a number's span)."""
    core = markdown_text(text)
    if not core:
        return " " if text else ""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() else ""
    return lead + core + trail


def rgba(colours: Iterable[str], alpha: float = 1.0) -> np.ndarray:
    """Colour strings as an (n, 4) RGBA array, each distinct colour converted once."""
    colours = list(colours)
    lookup = {c: matplotlib.colors.to_rgba(c, alpha) for c in set(colours)}
    return np.array([lookup[c] for c in colours], dtype=float).reshape(-1, 4)


@dataclass(frozen=True, eq=False)
class Drawn:
    """What a figure draws, so tests and alt text can check it without reading images.

    `nodes`: one row per drawn node (columns include node_id, kind, label, connections, and
    where sized, size: circle area in pt²); `edges`: one row per drawn line (source, target,
    kind, connections, width in pt); `counts`: the totals the figure states; `extra`: anything
    else it shows (a key of lettered items, how lines are aggregated).
    """

    nodes: pd.DataFrame
    edges: pd.DataFrame
    counts: Mapping[str, int] = field(default_factory=dict)
    extra: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class SavedFigure:
    """A saved figure: its files, cross-reference label, caption (`caption_parts`: plain text
    and the numbers it prints), alt text and source; what it draws (`drawn`) and the numbers it
    draws (`numbers`), and its saved width and smallest type (for the print-legibility
    check)."""

    label: str
    caption_parts: tuple[CaptionPart, ...]
    alt: str
    svg: Path
    source: str = ""
    drawn: Drawn | None = None
    width_in: float = 0.0
    min_font_pt: float = 0.0
    numbers: tuple[PrintedNumber, ...] = ()
    overlaps: tuple[tuple[str, str], ...] = ()  # texts drawn over each other (`text_overlaps`)
    published: bool = False  # one of the published report's numbered figures (Figure 1-13)

    @property
    def caption(self) -> str:
        """The caption as plain text, its numbers as printed."""
        return "".join(p if isinstance(p, str) else p.text for p in self.caption_parts)

    @property
    def print_font_pt(self) -> float:
        """The smallest type's size once the figure is scaled to `PRINT_WIDTH_IN` (figures are
        never enlarged)."""
        if not self.width_in:
            return self.min_font_pt
        return self.min_font_pt * min(1.0, PRINT_WIDTH_IN / self.width_in)

    def markdown(self) -> str:
        """Quarto/pandoc figure Markdown: caption (with the source link), SVG, label, alt.

        The source link is relative to a folder two levels below the project root, where
        both the executed notebooks (report/executed/) and the report (report/_output/) are.
        """
        # plain text holding names from the data, escaped; its numbers as their spans
        caption = "".join(_markdown_piece(p) if isinstance(p, str) else markup(p)
                          for p in self.caption_parts).strip()
        if self.source:
            href = PurePosixPath("../..", self.source)
            caption += f" Source: [{self.source}]({href})."
        alt = pandoc_attribute(self.alt)
        kind = " .published" if self.published else ""
        return f"![{caption}]({self.svg.as_posix()}){{#{self.label}{kind} fig-alt={alt}}}"

    def data(self) -> pd.DataFrame:
        """The data the figure shows: the links it draws, between its nodes' labels, where
        it draws links; else the numbers it draws (statistic, value, text as drawn, status)."""
        if self.drawn is not None and len(self.drawn.edges):
            nodes, edges = self.drawn.nodes, self.drawn.edges
            labels = dict(zip(nodes["node_id"], nodes["label"].astype(str).str.replace(
                "\n", " "), strict=True))
            out = pd.DataFrame({"from": edges["source"].map(labels).fillna(edges["source"]),
                                "to": edges["target"].map(labels).fillna(edges["target"])})
            for column in ("kind", "connections"):
                if column in edges:
                    out[column] = edges[column].to_numpy()
            return out
        return pd.DataFrame([(n.statistic, n.value, n.label, n.status) for n in self.numbers],
                            columns=["statistic", "value", "shown as", "status"])

    def _repr_markdown_(self) -> tuple[str, dict[str, Any]]:
        """The figure's Markdown, and in its metadata the numbers it draws and the data it
        shows (IPython takes a (data, metadata) pair; `build.numbers` reads `numbers`,
        `build.downloads` reads `data`)."""
        data = self.data()
        return self.markdown(), {"numbers": numbers_metadata(self.numbers),
                                 "data": {"columns": [str(c) for c in data.columns],
                                          "rows": json.loads(data.to_json(orient="values"))}}


def figure_style() -> AbstractContextManager[None]:
    """Context manager applying the project's matplotlib style."""
    return plt.rc_context(STYLE)


def save_figure(
    fig: matplotlib.figure.Figure,
    out_dir: str | Path,
    name: str,
    *,
    caption: str | Sequence[CaptionPart],
    alt: str,
    source: str = "",
    drawn: Drawn | None = None,
    numbers: Iterable[PrintedNumber] = (),
    published: bool = False,
) -> SavedFigure:
    """Write `fig` as `<out_dir>/<name>.svg` (deterministic bytes), close it and return the
    `SavedFigure` (label `fig-<name>`), carrying `drawn`, the `numbers` it draws and its print
    size. `caption`: plain text, or plain text and numbers (`Numbers.record`) in turn.
    `published`: the figure is one the published report numbers (it keeps its number)."""
    if not alt.strip():
        raise ValueError(f"figure {name!r} needs alt text")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    svg = out_dir / f"{name}.svg"
    with plt.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"], "svg.fonttype": "path"}):
        # dpi only sets the resolution of artists drawn rasterized inside the SVG
        fig.savefig(svg, format="svg", dpi=RASTER_DPI, metadata=_SVG_METADATA,
                    bbox_inches="tight", pad_inches=PAD_IN)
    min_font = _smallest_font_pt(fig)
    overlaps = text_overlaps(fig)
    plt.close(fig)
    parts = (caption,) if isinstance(caption, str) else tuple(caption)
    return SavedFigure(f"fig-{name}", parts, alt, svg, source, drawn, svg_size_in(svg)[0],
                       min_font, tuple(numbers), overlaps, published)


def text_corners(t: Text, renderer) -> np.ndarray:
    """The four corners of `t` as drawn (display pixels): its window extent, or for a text
    rotated about its anchor the unrotated extent turned about that anchor."""
    rot = t.get_rotation() % 360
    if rot and t.get_rotation_mode() == "anchor":
        t.set_rotation(0)
        flat = t.get_window_extent(renderer)
        t.set_rotation(rot)
        anchor = t.get_transform().transform(t.get_unitless_position())
        c, s = np.cos(np.radians(rot)), np.sin(np.radians(rot))
        pts = np.array([[flat.x0, flat.y0], [flat.x1, flat.y0], [flat.x1, flat.y1],
                        [flat.x0, flat.y1]]) - anchor
        return pts @ np.array([[c, s], [-s, c]]) + anchor
    ext = t.get_window_extent(renderer)
    return np.array([[ext.x0, ext.y0], [ext.x1, ext.y0], [ext.x1, ext.y1], [ext.x0, ext.y1]])


def quads_apart(a: np.ndarray, b: np.ndarray, pad: float = 0.0) -> bool:
    """Two convex quadrilaterals are at least `pad` apart along some edge's normal."""
    for quad in (a, b):
        for i in range(4):
            edge = quad[(i + 1) % 4] - quad[i]
            axis = np.array([-edge[1], edge[0]]) / max(float(np.hypot(*edge)), 1e-9)
            pa, pb = a @ axis, b @ axis
            if pa.max() + pad <= pb.min() or pb.max() + pad <= pa.min():
                return True
    return False


def _shown_texts(fig: matplotlib.figure.Figure) -> list[Text]:
    """The visible, non-empty texts of `fig`."""
    return [t for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and t.figure is not None]


def text_overlaps(fig: matplotlib.figure.Figure) -> tuple[tuple[str, str], ...]:
    """Each pair of visible, non-empty texts of `fig` drawn over each other, as their texts:
    their drawn boxes (`text_corners`, turned with a rotated text) overlap. Measured on the
    figure as drawn, in display pixels."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    texts = _shown_texts(fig)
    quads = [text_corners(t, renderer) for t in texts]
    return tuple((texts[i].get_text(), texts[j].get_text())
                 for i in range(len(quads)) for j in range(i + 1, len(quads))
                 if not quads_apart(quads[i], quads[j]))


def _smallest_font_pt(fig: matplotlib.figure.Figure) -> float:
    """The smallest size of any visible, non-empty text in `fig` (0 when there is none)."""
    sizes = [t.get_fontsize() for t in _shown_texts(fig)]
    return float(min(sizes)) if sizes else 0.0


_SVG_SIZE = re.compile(rb'<svg [^>]*?width="([\d.]+)pt" height="([\d.]+)pt"')


def svg_size_in(path: Path) -> tuple[float, float]:
    """Width and height, in inches, of an SVG matplotlib saved (its root's size in pt)."""
    with path.open("rb") as fh:
        m = _SVG_SIZE.search(fh.read(2048))
    if not m:
        raise ValueError(f"{path}: no size in pt on its <svg> element")
    return float(m[1]) / 72, float(m[2]) / 72


def markdown_table(frame: pd.DataFrame, *, caption: str, label: str) -> str:
    """`frame` as a pipe table with a captioned, labelled (`tbl-...`) Quarto/pandoc caption.

    Numeric columns are right-aligned and printed with thousands separators.
    """
    if not label.startswith("tbl-"):
        raise ValueError(f"table label must start with 'tbl-', not {label!r}")

    def cell(value: object) -> str:
        return f"{value:,}" if isinstance(value, int) else markdown_text(str(value))

    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    rows = [
        "| " + " | ".join(cell(c) for c in frame.columns) + " |",
        "|" + "|".join("--:" if n else ":--" for n in numeric) + "|",
    ]
    for record in frame.itertuples(index=False):
        rows.append("| " + " | ".join(cell(_plain(v)) for v in record) + " |")
    return "\n".join(rows) + f"\n\n: {markdown_text(caption)} {{#{label}}}\n"


def _plain(value: object) -> object:
    """NumPy scalars as Python scalars (so ints get thousands separators)."""
    return value.item() if hasattr(value, "item") else value

"""Helpers every figure and table shares: the colour-blind-safe palette, deterministic saving
(SVG and PNG, byte-identical run to run) and the Markdown a notebook emits for both renderers.

A notebook shows a figure by ending a cell with the `SavedFigure` a figure function returns: its
`_repr_markdown_` is Quarto's figure syntax, `![caption](png){#fig-label fig-alt="..."}`, which
the pandoc fallback reads too. Alt text and captions are built from the data, which is why they
travel in the output rather than in static `#| fig-alt` cell options.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import matplotlib
import matplotlib.figure
import matplotlib.pyplot as plt
import pandas as pd

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

PNG_DPI = 200

# Pinned so that the same data gives the same bytes: no random ids, no dates, no tool stamp.
STYLE: dict[str, object] = {
    "svg.hashsalt": "competency-framework",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 10,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "figure.dpi": 100,
}
_METADATA = {
    "svg": {"Date": None, "Creator": None},
    "png": {"Software": None},
}


@dataclass(frozen=True)
class SavedFigure:
    """A saved figure: its files, cross-reference label, caption, alt text and source."""

    label: str
    caption: str
    alt: str
    png: Path
    svg: Path
    source: str = ""

    def markdown(self) -> str:
        """Quarto/pandoc figure Markdown: caption (with the source link), PNG, label, alt."""
        caption = self.caption
        if self.source:
            href = PurePosixPath("../..", self.source)
            caption += f" Source: [{self.source}]({href})."
        alt = self.alt.replace("\\", "\\\\").replace('"', '\\"')
        return f'![{caption}]({self.png.as_posix()}){{#{self.label} fig-alt="{alt}"}}'

    def _repr_markdown_(self) -> str:
        return self.markdown()


def figure_style():
    """Context manager applying the project's matplotlib style."""
    return plt.rc_context(STYLE)


def save_figure(
    fig: matplotlib.figure.Figure,
    out_dir: str | Path,
    name: str,
    *,
    caption: str,
    alt: str,
    source: str = "",
) -> SavedFigure:
    """Write `fig` as `<out_dir>/<name>.svg` and `.png` (deterministic bytes), close it and
    return the `SavedFigure` (label `fig-<name>`)."""
    if not alt.strip():
        raise ValueError(f"figure {name!r} needs alt text")
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    svg, png = out_dir / f"{name}.svg", out_dir / f"{name}.png"
    with plt.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"], "svg.fonttype": "path"}):
        fig.savefig(svg, format="svg", metadata=_METADATA["svg"], bbox_inches="tight")
        fig.savefig(png, format="png", dpi=PNG_DPI, metadata=_METADATA["png"], bbox_inches="tight")
    plt.close(fig)
    return SavedFigure(f"fig-{name}", caption, alt, png, svg, source)


def markdown_table(frame: pd.DataFrame, *, caption: str, label: str) -> str:
    """`frame` as a pipe table with a captioned, labelled (`tbl-...`) Quarto/pandoc caption.

    Numeric columns are right-aligned and printed with thousands separators.
    """
    if not label.startswith("tbl-"):
        raise ValueError(f"table label must start with 'tbl-', not {label!r}")

    def cell(value: object) -> str:
        text = f"{value:,}" if isinstance(value, int) else str(value)
        return text.replace("|", "\\|").replace("\n", " ")

    numeric = [pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns]
    rows = [
        "| " + " | ".join(cell(c) for c in frame.columns) + " |",
        "|" + "|".join("--:" if n else ":--" for n in numeric) + "|",
    ]
    for record in frame.itertuples(index=False):
        rows.append("| " + " | ".join(cell(_plain(v)) for v in record) + " |")
    return "\n".join(rows) + f"\n\n: {caption} {{#{label}}}\n"


def _plain(value: object) -> object:
    """NumPy scalars as Python scalars (so ints get thousands separators)."""
    return value.item() if hasattr(value, "item") else value

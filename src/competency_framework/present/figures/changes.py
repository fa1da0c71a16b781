"""The figure of the chapter on what changed: the connections each institute gained and lost
since the previous edition, as bars to either side of zero."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from competency_framework.present.changes_text import Comparison, change_rows
from competency_framework.present.figures.common import (
    FIGURE_MAX_HEIGHT_IN,
    FIGURE_WIDTH_IN,
    NEUTRAL,
    OKABE_ITO,
    SavedFigure,
    figure_style,
    save_figure,
    short_label,
)
from competency_framework.present.prose import plural

GAINED, LOST = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
LOST_HATCH = "///"  # a second channel besides colour: lost bars are hatched
ROW_IN = 0.27
MOST_ROWS = int((FIGURE_MAX_HEIGHT_IN - 1.2) / ROW_IN)  # institutes that fit on a page
NAME_CHARS = 38


def institute_changes_figure(cmp: Comparison, out_dir: str | Path, *,
                             source: str = "") -> SavedFigure:
    """Bars of the connections each institute gained (right, blue) and lost (left, hatched
    vermillion) since the previous edition, each labelled with its count. Every institute of
    either edition is drawn while they fit on a page (`MOST_ROWS`); beyond that, those that
    changed most."""
    rows = list(change_rows(cmp))
    if len(rows) > MOST_ROWS:
        changed = sorted((r for r in rows if r[2] or r[3]), key=lambda r: -(r[2] + r[3]))
        rows = [r for r in rows if r in changed[:MOST_ROWS]]
    drawn = [(name, cmp.change(g, "connections gained", row={"institute_id": i}),
              cmp.change(lost, "connections lost", row={"institute_id": i}))
             for i, name, g, lost in rows]
    widest = max([1, *(max(g, lost) for _, _, g, lost in rows)])
    with figure_style():
        height = min(FIGURE_MAX_HEIGHT_IN, 1.2 + ROW_IN * max(len(drawn), 1))
        fig, ax = plt.subplots(figsize=(FIGURE_WIDTH_IN, height))
        ys = list(range(len(drawn)))[::-1]
        for y, (_, gained, lost) in zip(ys, drawn, strict=True):
            if gained.value:
                ax.barh(y, gained.value, color=GAINED, height=0.6)
                ax.annotate(f"+{gained.label}", (gained.value, y), xytext=(3, 0),
                            textcoords="offset points", va="center", ha="left", fontsize=8)
            if lost.value:
                ax.barh(y, -lost.value, color="white", edgecolor=LOST, hatch=LOST_HATCH,
                        height=0.6, linewidth=1)
                ax.annotate(f"\u2212{lost.label}", (-lost.value, y), xytext=(-3, 0),
                            textcoords="offset points", va="center", ha="right", fontsize=8)
            if not (gained.value or lost.value):
                ax.annotate("no change", (0, y), xytext=(4, 0), textcoords="offset points",
                            va="center", ha="left", fontsize=8, color=NEUTRAL)
        ax.set_yticks(ys, [short_label(name, NAME_CHARS) for name, _, _ in drawn])
        ax.set_ylim(-0.6, len(drawn) - 0.4)
        ax.axvline(0, color=OKABE_ITO["black"], linewidth=0.8)
        ax.set_xlim(-widest * 1.3, widest * 1.3)
        ax.set_xlabel("Connections lost (left) and gained (right)")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, symmetric=True))
        ax.xaxis.set_major_formatter(lambda v, _pos: f"{abs(int(round(v))):,}")
        handles = [plt.Rectangle((0, 0), 1, 1, color=GAINED),
                   plt.Rectangle((0, 0), 1, 1, facecolor="white", edgecolor=LOST,
                                 hatch=LOST_HATCH)]
        ax.legend(handles, ["Gained", "Lost"], frameon=False, ncol=2, loc="lower left",
                  bbox_to_anchor=(0, 1))
        fig.tight_layout()

    old, new = cmp.old.edition, cmp.new.edition
    listing = "; ".join(f"{name}: {gained.text} gained, {lost.text} lost"
                        for name, gained, lost in drawn)
    total_gained = sum(g.value for _, g, _ in drawn)
    total_lost = sum(lost.value for _, _, lost in drawn)
    scope = (f"each of the {plural(len(drawn), 'institute')}" if len(drawn) == len(cmp.institutes)
             else f"the {plural(len(drawn), 'institute')} that changed most, of "
                  f"{len(cmp.institutes):,}")
    alt = (f"Bar chart of the KSA/occupation connections {scope} gained (bars to the right) "
           f"and lost (hatched bars to the left) from edition {old} to edition {new}. "
           f"{listing}. In all, {total_gained:,} gained and {total_lost:,} lost.")
    who = ("each institute" if len(drawn) == len(cmp.institutes)
           else f"the {len(drawn):,} institutes that changed most")
    caption = f"Connections {who} gained and lost from edition {old} to edition {new}."
    return save_figure(fig, out_dir, "changes-by-institute", caption=caption, alt=alt,
                       source=source, numbers=[n for _, g, lost in drawn for n in (g, lost)])

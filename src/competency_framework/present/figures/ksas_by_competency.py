"""Overview figure: how many essential KSAs each core competency holds, coloured by tier."""

from __future__ import annotations

from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd

from competency_framework.present.figures.common import (
    OKABE_ITO,
    SavedFigure,
    count_ticks,
    figure_style,
    ksas_under_competency,
    save_figure,
    short_label,
)
from competency_framework.present.numbers import Numbers

TIER_COLOURS = {4: OKABE_ITO["blue"], 5: OKABE_ITO["orange"]}
OTHER_TIER_COLOUR = OKABE_ITO["bluish_green"]


def ksas_by_competency_figure(
    counts: pd.DataFrame, out_dir: str | Path, *, edition: str, numbers: Numbers,
    source: str = ""
) -> SavedFigure:
    """Horizontal bars of essential KSAs per competency, in tree order from the top, each with
    its count (recorded in `numbers`).

    `counts` has one row per competency with columns code, name, tier, ksas (as returned by
    `statistics.competencies.ksa_counts_by_competency`).
    """
    if counts.empty:
        raise ValueError("no competencies to plot")
    names = [f"{c} {n}" for c, n in zip(counts["code"], counts["name"], strict=True)]
    # on one line each, at most a little longer than the longest of 2025 (57 characters)
    labels = [short_label(name, 64) for name in names]
    colours = [TIER_COLOURS.get(int(t), OTHER_TIER_COLOUR) for t in counts["tier"]]
    values = [int(v) for v in counts["ksas"]]
    shown = [ksas_under_competency(numbers, v, c, t)
             for v, c, t in zip(values, counts["code"], counts["tier"], strict=True)]

    with figure_style():
        height = 1.0 + 0.32 * len(counts)
        fig, ax = plt.subplots(figsize=(7.5, height))
        positions = range(len(counts))[::-1]
        ax.barh(list(positions), values, color=colours)
        ax.set_yticks(list(positions), labels)
        for y, v, n in zip(positions, values, shown, strict=True):
            ax.annotate(n.label, (v, y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=8)
        ax.set_xlabel("Essential KSAs")
        ax.margins(x=0.12)
        tiers = sorted({int(t) for t in counts["tier"]})
        handles = [
            plt.Rectangle((0, 0), 1, 1, color=TIER_COLOURS.get(t, OTHER_TIER_COLOUR))
            for t in tiers
        ]
        ax.legend(handles, [f"Tier {t}" for t in tiers], frameon=False, ncol=len(tiers),
                  loc="lower left", bbox_to_anchor=(0, 1))
        fig.tight_layout()
        count_ticks(ax)

    top = counts.iloc[int(counts["ksas"].argmax())]
    listing = "; ".join(f"{name}: {v:,}" for name, v in zip(names, values, strict=True))
    alt = (
        f"Horizontal bar chart of the essential KSAs catalogued under each of the "
        f"{len(counts)} competencies, coloured by tier. {listing}. The largest is "
        f"{top['code']} {top['name']} with {int(top['ksas']):,}."
    )
    caption = f"Essential KSAs under each competency, {edition} edition."
    return save_figure(fig, out_dir, "ksas-by-competency", caption=caption, alt=alt, source=source,
                       numbers=shown)

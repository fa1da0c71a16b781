"""Figure 1: the competency model's building blocks, a pyramid of tiers from the foundational
tiers at the bottom to the core competencies of tiers 4 and 5 at the top, each competency a
block with its essential KSAs."""

from __future__ import annotations

import math
from pathlib import Path
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.colors import to_rgb
from matplotlib.patches import Rectangle

from competency_framework.edition.framework import Framework
from competency_framework.present.figures.common import (
    FIGURE_WIDTH_IN,
    OKABE_ITO,
    TREE_TABLES,
    CaptionPart,
    Drawn,
    SavedFigure,
    counted,
    figure_style,
    ksas_under_competency,
    rows_as,
    save_figure,
    short_label,
    wrap_label,
)
from competency_framework.present.numbers import Numbers, PrintedNumber
from competency_framework.present.prose import plural
from competency_framework.statistics.competencies import (
    ksa_counts_by_competency,
    ksa_counts_by_tier,
)

PER_ROW = 4  # at most this many blocks side by side
STEP_IN = 0.16  # each row this much narrower than the one below
LINE_IN = 0.14
GAP_IN = 0.05
WRAP = 18
# Tints that are not technology-area colours (areas keep theirs across the report).
TIER_TINTS = {4: OKABE_ITO["sky_blue"], 5: OKABE_ITO["yellow"]}
FOUNDATION_TINT = "#BBBBBB"
# The published counts that fix a tier's competencies together where none prints them: the
# core competencies (tiers 4 and 5) less those of tier 5 are those of tier 4.
TIER_COMPETENCIES_BY = {4: ("summary.core_competencies", "methodology.tier5_competencies")}


class _Tier(NamedTuple):
    """A row of `ksa_counts_by_tier`."""

    tier: int
    name: str
    ksas: int
    competencies: int


class _Competency(NamedTuple):
    """A row of `ksa_counts_by_competency`."""

    code: str
    name: str
    ksas: int


class _Node(NamedTuple):
    """A row of `building_blocks_model`'s nodes."""

    kind: str
    tier: int
    label: str
    ksas: int
    competencies: int
    source_framework: str
    row: int
    slot: int
    slots: int


def _tint(colour: str, amount: float = 0.4) -> tuple[float, float, float]:
    r, g, b = to_rgb(colour)
    return (1 - amount + amount * r, 1 - amount + amount * g, 1 - amount + amount * b)


def _split(n: int) -> list[int]:
    """Blocks per row, bottom row first: as even as possible, wider rows below."""
    rows = max(1, math.ceil(n / PER_ROW))
    base, extra = divmod(n, rows)
    return [base + (1 if i < extra else 0) for i in range(rows)]


def building_blocks_model(tiers: pd.DataFrame, competencies: pd.DataFrame,
                          tier_sources: dict[int, str] | None = None) -> Drawn:
    """What Figure 1 draws, from `statistics.competencies.ksa_counts_by_tier` (`tiers`) and
    `ksa_counts_by_competency` (`competencies`), and the model each tier comes from.

    Nodes, bottom up: a bar per tier without competencies, a header per tier with them, then
    its competencies as blocks (`row` counts rows from the bottom, `slot` the place in it,
    `slots` the blocks in the row). Counts: tiers, core competencies and their KSAs.
    """
    tier_sources = tier_sources or {}
    rows: list[dict] = []
    row = 0
    for t in rows_as(tiers.sort_values("tier"), _Tier):
        comps = competencies.loc[competencies["tier"] == t.tier]
        source = tier_sources.get(int(t.tier), "")
        rows.append({"node_id": f"tier:{t.tier}", "kind": "tier", "tier": int(t.tier),
                     "label": f"Tier {t.tier}: {t.name}", "ksas": int(t.ksas),
                     "competencies": int(t.competencies), "source_framework": source,
                     "row": row, "slot": 0, "slots": 1})
        row += 1
        start = 0
        for size in _split(len(comps)) if len(comps) else []:
            for slot, c in enumerate(rows_as(comps.iloc[start:start + size], _Competency)):
                rows.append({"node_id": f"competency:{c.code}", "kind": "competency",
                             "tier": int(t.tier), "label": f"{c.code} {c.name}",
                             "ksas": int(c.ksas), "competencies": 0, "source_framework": "",
                             "row": row, "slot": slot, "slots": size})
            start += size
            row += 1
    nodes = pd.DataFrame(rows)
    core = nodes.loc[nodes["kind"] == "competency"]
    counts = {"tiers": len(tiers), "core_competencies": len(core),
              "core_ksas": int(core["ksas"].sum()), "rows": row}
    return Drawn(nodes, pd.DataFrame(columns=["source", "target"]), counts)


def _drawn_numbers(nodes: pd.DataFrame, numbers: Numbers) -> dict[str, PrintedNumber]:
    """The numbers Figure 1 draws, by the text they are drawn in: per tier with competencies
    ("tier:4:competencies", "tier:4:ksas"), per competency block ("competency:4.1")."""
    shown: dict[str, PrintedNumber] = {}
    for n in rows_as(nodes, _Node):
        if n.kind == "tier" and n.competencies:
            shown[f"tier:{n.tier}:competencies"] = numbers.record(
                int(n.competencies), "competencies", tiers=[int(n.tier)],
                by=TIER_COMPETENCIES_BY.get(int(n.tier), ()))
            # the sum of the counts of the tier's published table, which fixes it
            shown[f"tier:{n.tier}:ksas"] = numbers.record(
                int(n.ksas), "ksas_in_tier", by=TREE_TABLES.get(int(n.tier), ()),
                tier=int(n.tier))
        elif n.kind == "competency":
            code = n.label.split(" ", 1)[0]
            shown[f"competency:{code}"] = ksas_under_competency(numbers, n.ksas, code, n.tier)
    return shown


def building_blocks_figure(fw: Framework, out_dir: str | Path, *, numbers: Numbers,
                           source: str = "", name: str = "building-blocks") -> SavedFigure:
    """Draw Figure 1 for `fw` into `<out_dir>/<name>.svg` and return the `SavedFigure`,
    the counts it draws recorded in `numbers`."""
    comp = fw.competencies
    roots = comp.loc[comp["level"] == "tier"]
    sources = dict(zip(roots["tier"].astype(int), roots["source_framework"], strict=True))
    counts = ksa_counts_by_competency(fw)
    drawn = building_blocks_model(ksa_counts_by_tier(fw),
                                  counts.loc[counts["tier"].isin([4, 5])], sources)
    nodes = drawn.nodes
    shown = _drawn_numbers(nodes, numbers)
    width = FIGURE_WIDTH_IN
    heights: dict[int, float] = {}
    for r in sorted(set(nodes["row"])):
        part = nodes.loc[nodes["row"] == r]
        if (part["kind"] == "competency").any():
            lines = max(wrap_label(lbl.split(" ", 1)[-1], WRAP).count("\n") + 1
                        for lbl in part["label"])
            heights[r] = (lines + 2) * LINE_IN + 0.12
        elif part["competencies"].iat[0]:
            heights[r] = 0.42  # a header of two lines
        else:
            heights[r] = 0.3
    bottoms = np.cumsum([0.0] + [heights[r] + GAP_IN for r in sorted(heights)])
    height = float(bottoms[-1])
    with figure_style():
        fig = plt.figure(figsize=(width, height))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, width)
        ax.set_ylim(0, height)
        ax.set_axis_off()
        for n in rows_as(nodes, _Node):
            row_w = width - STEP_IN * n.row
            x0 = (width - row_w) / 2
            w = (row_w - GAP_IN * (n.slots - 1)) / n.slots
            x = x0 + n.slot * (w + GAP_IN)
            y, h = bottoms[n.row], heights[n.row]
            base = TIER_TINTS.get(n.tier, FOUNDATION_TINT)
            fill = _tint(base, 0.55 if n.kind == "tier" else 0.3)
            ax.add_patch(Rectangle((x, y), w, h, facecolor=fill, edgecolor="#444444",
                                   lw=0.8))
            if n.kind == "tier":
                text = short_label(n.label)
                if n.competencies:
                    comps = plural(n.competencies, "competency", "competencies",
                                   shown=shown[f"tier:{n.tier}:competencies"].label)
                    ksas = plural(n.ksas, "essential KSA", shown=shown[f"tier:{n.tier}:ksas"].label)
                    text += f"\n{comps}, {ksas}"
                elif n.source_framework:
                    text += f"  (foundational, from the {short_label(n.source_framework)})"
                ax.text(width / 2, y + h / 2, text, ha="center", va="center", fontsize=8,
                        fontweight="bold")
            else:
                code, title = n.label.split(" ", 1)
                body = wrap_label(title, WRAP)
                ax.text(x + w / 2, y + h - 0.06, code, ha="center", va="top", fontsize=8,
                        fontweight="bold")
                ax.text(x + w / 2, y + h - 0.06 - LINE_IN, body, ha="center", va="top",
                        fontsize=8, linespacing=1.15)
                ksas = plural(n.ksas, "KSA", shown=shown[f"competency:{code}"].label)
                ax.text(x + w / 2, y + 0.06, ksas, ha="center", va="bottom", fontsize=8,
                        color="#333333")
    alt = building_blocks_alt(drawn)
    core = numbers.record(drawn.counts["core_competencies"], "competencies", tiers=[4, 5])
    tiers = nodes.loc[nodes["kind"] == "tier", "tier"]
    caption: tuple[CaptionPart, ...] = (
        f"The building blocks of the competency model, {fw.edition} edition: tier"
        f" {tiers.min()} at the bottom to tier {tiers.max()} at the top, with the ",
        *counted(core, "core competency", "core competencies"),
        " of tiers 4 and 5 as blocks and the essential KSAs each holds.")
    return save_figure(fig, out_dir, name, caption=caption, alt=alt, source=source, drawn=drawn,
                       numbers=shown.values(), published=True)


def building_blocks_alt(drawn: Drawn) -> str:
    """Alt text for Figure 1, from what it draws."""
    nodes = drawn.nodes
    parts = [f"Pyramid of the competency model's {drawn.counts['tiers']} tiers, bottom to top."]
    for t in rows_as(nodes.loc[nodes["kind"] == "tier"], _Node):
        comps = nodes.loc[(nodes["kind"] == "competency") & (nodes["tier"] == t.tier)]
        if len(comps):
            listing = "; ".join(f"{c.label} ({plural(c.ksas, 'KSA')})"
                                for c in rows_as(comps, _Node))
            count = plural(len(comps), "competency", "competencies")
            parts.append(f"{t.label}, {count}: {listing}.")
        else:
            parts.append(f"{t.label}.")
    core = plural(drawn.counts["core_competencies"], "core competency", "core competencies")
    parts.append(f"The {core} hold {plural(drawn.counts['core_ksas'], 'essential KSA')}.")
    return " ".join(parts)

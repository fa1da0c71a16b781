"""Occupation selections (rows of institute_occupations.csv) and the titles they name:
which titles one institute chose alone, which several chose, and the most frequent."""

from __future__ import annotations

import numpy as np
import pandas as pd

from competency_framework.edition.framework import Framework
from competency_framework.statistics.codes import connection_codes, distinct_pairs, sorted_ranks
from competency_framework.statistics.memo import per_framework
from competency_framework.statistics.shares import Share


@per_framework
def _title_counts(fw: Framework) -> pd.DataFrame:
    c = connection_codes(fw)
    n = len(c.occupation_ids)
    occ_of_area_pairs, _ = distinct_pairs(c.selection_occupation,
                                          c.institute_area[c.selection_institute],
                                          len(c.area_ids))
    out = fw.occupations[["occupation_id", "title", "soc_code"]].reset_index(drop=True)
    # a selection is one (institute, occupation) row, so selections of a title = its institutes
    out["institutes"] = np.bincount(c.selection_occupation, minlength=n)
    out["areas"] = np.bincount(occ_of_area_pairs, minlength=n)
    # titles are unique (one occupations.csv row per title), so no tie needs the id
    order = np.lexsort((sorted_ranks(out["title"]), -out["institutes"].to_numpy()))
    return out.take(order).reset_index(drop=True)


def title_selection_counts(fw: Framework) -> pd.DataFrame:
    """Each occupation title with the number of institutes (= selections) and areas choosing it,
    most frequent first, then by title (unique: one occupations.csv row per title).

    Columns: occupation_id, title, soc_code, institutes, areas.
    """
    return _title_counts(fw).copy()


def most_frequent_titles(fw: Framework, n: int = 4) -> pd.DataFrame:
    """The `n` titles chosen by the most institutes (ties broken by title); columns as in
    `title_selection_counts`."""
    return title_selection_counts(fw).head(n).reset_index(drop=True)


def selections_by_title_sharing(fw: Framework) -> pd.DataFrame:
    """Selections split by whether their title was chosen by one institute only (`specific`)
    or by several (`shared`), with the number of titles on each side.

    Columns: sharing (specific, shared), selections, titles, total_selections.
    """
    titles = _title_counts(fw)
    titles = titles.loc[titles["institutes"] > 0]
    sharing = titles["institutes"].gt(1).map({False: "specific", True: "shared"})
    out = (
        titles.assign(sharing=sharing)
        .groupby("sharing")
        .agg(selections=("institutes", "sum"), titles=("occupation_id", "size"))
        .reindex(["specific", "shared"], fill_value=0)
        .rename_axis("sharing")
        .reset_index()
    )
    out["total_selections"] = int(out["selections"].sum())
    return out


def selections_of_titles(fw: Framework, min_institutes: int = 1,
                         max_institutes: int | None = None) -> Share:
    """Selections whose title between `min_institutes` and `max_institutes` institutes chose,
    out of all selections ("51% (70 occupation selections) were specific to a single
    institute": max 1; "49% (67 selections ...) selected by more than one": min 2)."""
    counts = _title_counts(fw)["institutes"]
    keep = counts >= min_institutes
    if max_institutes is not None:
        keep &= counts <= max_institutes
    return Share(int(counts[keep].sum()), int(counts.sum()))


def titles_selected_by(fw: Framework, min_institutes: int = 2) -> int:
    """Occupation titles chosen by at least `min_institutes` institutes ("across 25 occupation
    titles")."""
    return int((_title_counts(fw)["institutes"] >= min_institutes).sum())

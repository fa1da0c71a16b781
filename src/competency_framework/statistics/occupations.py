"""Occupation selections (rows of institute_occupations.csv) and the titles they name:
which titles one institute chose alone, which several chose, and the most frequent."""

from __future__ import annotations

import pandas as pd

from ..framework import Framework
from .memo import per_framework
from .shares import Share


@per_framework
def _title_counts(fw: Framework) -> pd.DataFrame:
    sel = fw.selections.groupby("occupation_id").agg(
        institutes=("institute_id", "nunique"), areas=("area_id", "nunique")
    )
    out = fw.occupations[["occupation_id", "title", "soc_code"]].merge(
        sel, left_on="occupation_id", right_index=True, how="left"
    )
    out[["institutes", "areas"]] = out[["institutes", "areas"]].fillna(0).astype(int)
    return out.sort_values(
        ["institutes", "title", "occupation_id"], ascending=[False, True, True],
        ignore_index=True,
    )


def title_selection_counts(fw: Framework) -> pd.DataFrame:
    """Each occupation title with the number of institutes (= selections) and areas choosing it,
    most frequent first, then by title.

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


def _sharing_row(fw: Framework, sharing: str) -> pd.Series:
    table = selections_by_title_sharing(fw).set_index("sharing")
    return table.loc[sharing]


def specific_selections(fw: Framework) -> Share:
    """Selections whose title no other institute chose, out of all selections ("51% (70
    occupation selections) were specific to a single institute")."""
    row = _sharing_row(fw, "specific")
    return Share(int(row["selections"]), int(row["total_selections"]))


def shared_selections(fw: Framework) -> Share:
    """Selections whose title two or more institutes chose, out of all selections ("49% (67
    selections ...)")."""
    row = _sharing_row(fw, "shared")
    return Share(int(row["selections"]), int(row["total_selections"]))


def shared_title_count(fw: Framework) -> int:
    """Occupation titles chosen by two or more institutes ("across 25 occupation titles")."""
    return int(_sharing_row(fw, "shared")["titles"])

"""What the framework contains: the headline counts of an edition ("the framework contains")."""

from __future__ import annotations

import pandas as pd

from competency_framework.edition.framework import Framework


def framework_contents(fw: Framework) -> pd.DataFrame:
    """The edition's headline counts, one row per measure, in reading order.

    Measures: occupation selections (rows of institute_occupations), distinct occupation titles
    selected, competencies, sub-competencies, essential KSAs, KSA/occupation connections (rows
    of essential_ksas). Columns: measure (slug), label (for a reader), count (int).
    """
    level = fw.competencies["level"]
    rows = [
        ("occupation_selections", "Occupation selections", len(fw.institute_occupations)),
        (
            "occupation_titles",
            "Distinct occupation titles selected",
            fw.institute_occupations["occupation_id"].nunique(),
        ),
        ("competencies", "Competencies", int((level == "competency").sum())),
        ("sub_competencies", "Sub-competencies", int((level == "sub_competency").sum())),
        ("ksas", "Essential KSAs", len(fw.ksas)),
        ("connections", "KSA/occupation connections", len(fw.essential_ksas)),
    ]
    out = pd.DataFrame(rows, columns=["measure", "label", "count"])
    out["count"] = out["count"].astype(int)
    return out


def framework_counts(fw: Framework) -> dict[str, int]:
    """`headline_counts` as measure -> count ("ksas" -> 1,247)."""
    contents = headline_counts(fw)
    return {m: int(c) for m, c in zip(contents["measure"], contents["count"], strict=True)}


def headline_counts(fw: Framework) -> pd.DataFrame:
    """The counts an edition is summed up by, as `framework_contents` gives them (measure,
    label, count), after the network's own: technology areas, sponsoring agencies and
    institutes (what a comparison of two editions opens with)."""
    network = pd.DataFrame([("technology_areas", "Technology areas", len(fw.technology_areas)),
                            ("agencies", "Sponsoring agencies", len(fw.agencies)),
                            ("institutes", "Institutes", len(fw.institutes))],
                           columns=["measure", "label", "count"])
    return pd.concat([network, framework_contents(fw)], ignore_index=True)

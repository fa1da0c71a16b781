"""An institute's profile in prose (`present.institutes_text`) on the tiny edition: Alpha
selected Process Engineers (k1 k2, a title three institutes chose) and Biological Technicians
(k2 k3, its own), sharing k1 k3 with Beta (its area) and k1 k2 with Gamma."""

from dataclasses import replace

import pandas as pd
import pytest

from competency_framework.present import institutes_text as it


def test_sole_ksas_text():
    assert it.sole_ksas_text(0, 3) == (
        "Every one of its KSAs was selected by at least one other institute too.")
    assert it.sole_ksas_text(4, 4) == "No other institute selected any of its KSAs."
    assert it.sole_ksas_text(1, 3) == "No other institute selected 1 of its 3 KSAs (33%)."
    assert it.sole_ksas_text(0, 0) == "It marked no KSA as essential."


def test_profile_occupations_paragraph(tiny):
    assert it.profile_occupations_paragraph(tiny, "alpha") == (
        "@tbl-profile-occupations-alpha lists the occupations Alpha Institute selected, with the "
        "KSAs it marked essential to each. Other institutes chose 1 of its 2 titles (50%) as "
        "well.")
    assert it.profile_occupations_paragraph(tiny, "beta").endswith(
        "Other institutes chose the only title as well.")
    with pytest.raises(KeyError, match="its institutes: alpha, beta, gamma"):
        it.profile_occupations_paragraph(tiny, "delta")


def test_profile_competencies_paragraph(tiny):
    assert it.profile_competencies_paragraph(tiny, "alpha") == (
        "The KSAs of Alpha Institute fall under 2 of the 4 competencies (50%); most of them "
        "under 4\\.2 Operations Management (2 KSAs, @tbl-profile-competencies-alpha).")
    idle = pd.DataFrame([{"institute_id": "delta", "name": "Delta", "area_id": "biomanufacturing",
                          "agency_id": "dod"}])
    with_idle = replace(tiny, institutes=pd.concat([tiny.institutes, idle], ignore_index=True))
    assert it.profile_competencies_paragraph(with_idle, "delta") == (
        "Delta marked no KSA as essential in this edition (@tbl-profile-competencies-delta).")


def test_profile_shared_paragraph(tiny):
    assert it.profile_shared_paragraph(tiny, "alpha") == (
        "Alpha Institute has KSAs in common with 2 other institutes; the most with Beta "
        "Institute (Biomanufacturing): 2 of its 3 KSAs (67%). Within its own area it shares 2 "
        "with Beta Institute. @tbl-profile-shared-alpha lists every institute.")
    assert "It is the only institute of its area." in it.profile_shared_paragraph(tiny, "gamma")
    alone = replace(tiny, institutes=tiny.institutes.iloc[:1],
                    institute_occupations=tiny.institute_occupations.loc[
                        tiny.institute_occupations["institute_id"] == "alpha"],
                    essential_ksas=tiny.essential_ksas.loc[
                        tiny.essential_ksas["institute_id"] == "alpha"],
                    ksas=tiny.ksas.iloc[:3])
    assert it.profile_shared_paragraph(alone, "alpha") == (
        "The edition has no other institute to compare with.")

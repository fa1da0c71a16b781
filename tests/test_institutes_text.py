"""An institute's profile in prose (`present.institutes_text`) on the tiny edition: Alpha
selected Process Engineers (k1 k2, a title three institutes chose) and Biological Technicians
(k2 k3, its own), sharing k1 k3 with Beta (its area) and k1 k2 with Gamma."""

from dataclasses import replace

import pandas as pd
import pytest

from competency_framework.present import institutes_text as it
from competency_framework.present.chapter import open_chapter
from competency_framework.present.numbers import PlainNumbers, printed_numbers

PLAIN = PlainNumbers()


def test_sole_ksas_text():
    assert it.sole_ksas_text(PLAIN, "alpha", 0, 3) == (
        "Every one of its KSAs was selected by at least one other institute too.")
    assert it.sole_ksas_text(PLAIN, "alpha", 4, 4) == "No other institute selected any of its KSAs."
    assert it.sole_ksas_text(PLAIN, "alpha", 1, 3) == (
        "No other institute selected 1 of its 3 KSAs (33%).")
    assert it.sole_ksas_text(PLAIN, "alpha", 0, 0) == "It marked no KSA as essential."


def test_profile_summary_paragraph(tiny):
    assert it.profile_summary_paragraph(tiny, PLAIN, "alpha") == (
        "Alpha Institute belongs to the Biomanufacturing technology area and is sponsored by "
        "the Department of Defense. It made 2 occupation selections and marked 3 KSAs as "
        "essential to at least one of them, through 4 connections. Every one of its KSAs was "
        "selected by at least one other institute too.")


def test_profile_occupations_paragraph(tiny):
    assert it.profile_occupations_paragraph(tiny, PLAIN, "alpha") == (
        "@tbl-profile-occupations-alpha lists the occupations Alpha Institute selected, with the "
        "KSAs it marked essential to each. Other institutes chose 1 of its 2 titles (50%) as "
        "well.")
    assert it.profile_occupations_paragraph(tiny, PLAIN, "beta").endswith(
        "Other institutes chose the only title as well.")
    with pytest.raises(KeyError, match="its institutes: alpha, beta, gamma"):
        it.profile_occupations_paragraph(tiny, PLAIN, "delta")


def test_profile_competencies_paragraph(tiny):
    assert it.profile_competencies_paragraph(tiny, PLAIN, "alpha") == (
        "The KSAs of Alpha Institute fall under 2 of the 4 competencies (50%); most of them "
        "under 4\\.2 Operations Management (2 KSAs, @tbl-profile-competencies-alpha).")
    idle = pd.DataFrame([{"institute_id": "delta", "name": "Delta", "area_id": "biomanufacturing",
                          "agency_id": "dod"}])
    with_idle = replace(tiny, institutes=pd.concat([tiny.institutes, idle], ignore_index=True))
    assert it.profile_competencies_paragraph(with_idle, PLAIN, "delta") == (
        "Delta marked no KSA as essential in this edition (@tbl-profile-competencies-delta).")


def test_profile_shared_paragraph(tiny):
    assert it.profile_shared_paragraph(tiny, PLAIN, "alpha") == (
        "Alpha Institute has KSAs in common with 2 other institutes; the most with Beta "
        "Institute (Biomanufacturing): 2 of its 3 KSAs (67%). Within its own area it shares 2 "
        "with Beta Institute. @tbl-profile-shared-alpha lists the other institutes, closest "
        "first.")
    assert "It is the only institute of its area." in it.profile_shared_paragraph(
        tiny, PLAIN, "gamma")
    alone = replace(tiny, institutes=tiny.institutes.iloc[:1],
                    institute_occupations=tiny.institute_occupations.loc[
                        tiny.institute_occupations["institute_id"] == "alpha"],
                    essential_ksas=tiny.essential_ksas.loc[
                        tiny.essential_ksas["institute_id"] == "alpha"],
                    ksas=tiny.ksas.iloc[:3])
    assert it.profile_shared_paragraph(alone, PLAIN, "alpha") == (
        "The edition has no other institute to compare with.")


def test_numbers_carry_their_statistic_and_status():
    """On the tiny edition (reconstructed): an institute's numbers are the model's; the
    framework's count of competencies is the statistic the published report prints."""
    ch = open_chapter("tests/data/tiny")
    text = (it.profile_competencies_paragraph(ch.fw, ch.numbers, "alpha")
            + it.profile_shared_paragraph(ch.fw, ch.numbers, "alpha")
            + it.sole_ksas_text(ch.numbers, "alpha", 1, 3))
    shown = {(n.statistic, n.text): n.status for n in printed_numbers(text)}
    assert shown[("institute_competencies(institute=alpha).numerator", "2")] == "model-choice"
    assert shown[("institute_shared_ksas(institute=alpha, other=beta).percent", "67%")] == (
        "model-choice")
    assert shown[("institute_sole_ksas(institute=alpha).numerator", "1")] == "model-choice"
    assert ("competencies(tiers=[4, 5])", "4") in shown
    assert 'data-status="model-choice"' in text


@pytest.fixture(scope="module")
def with_idle_institute(tmp_path_factory):
    """tiny with a fourth institute, Delta, that selected nothing."""
    from paths import TINY

    from competency_framework import load_edition
    from competency_framework.edition.contract import TABLES
    from competency_framework.edition.write import write_edition

    fw = load_edition(TINY)
    tables = {t.name: getattr(fw, t.name) for t in TABLES}
    tables["institutes"] = pd.concat([fw.institutes, pd.DataFrame([{
        "institute_id": "delta", "name": "Delta Institute", "area_id": "biomanufacturing",
        "agency_id": fw.institutes["agency_id"].iloc[0]}])], ignore_index=True)
    out = write_edition(tmp_path_factory.mktemp("idle") / "tiny", tables, edition="tiny",
                        provenance="reconstructed", title=fw.title)
    return load_edition(out)


def test_an_institute_that_selected_nothing_is_described_as_such(with_idle_institute):
    fw = with_idle_institute
    summary = it.profile_summary_paragraph(fw, PLAIN, "delta")
    assert summary.endswith("It selected no occupation in this edition, so it has no KSAs "
                            "or connections.")
    assert it.profile_occupations_paragraph(fw, PLAIN, "delta") == (
        "Delta Institute selected no occupation in this edition.")
    assert it.profile_competencies_paragraph(fw, PLAIN, "delta") == (
        "Delta Institute marked no KSA as essential in this edition "
        "(@tbl-profile-competencies-delta).")
    assert it.profile_shared_paragraph(fw, PLAIN, "delta") == (
        "Delta Institute has no KSA in this edition, so none in common with another "
        "institute.")
    for text in (summary, it.profile_shared_paragraph(fw, PLAIN, "delta")):
        assert " 0 " not in text and "0%" not in text


def test_most_of_them_only_when_more_than_half():
    """"most of them under 4.2" only where that competency holds more than half the
    institute's KSAs (in 2025 it rarely does); otherwise "the most under"."""
    from paths import EDITION_2025

    from competency_framework import load_edition
    from competency_framework.statistics.profiles import (
        institute_ksas_by_competency,
        institute_summary,
    )

    fw = load_edition(EDITION_2025)
    seen = set()
    for i in fw.institutes["institute_id"]:
        top = int(institute_ksas_by_competency(fw, i)["ksas"].max())
        majority = 2 * top > int(institute_summary(fw, i)["ksas"])
        text = it.profile_competencies_paragraph(fw, PLAIN, i)
        assert ("; most of them under" in text) == majority, text
        assert ("; the most under" in text) == (not majority), text
        seen.add(majority)
    assert False in seen  # the case the published profiles got wrong

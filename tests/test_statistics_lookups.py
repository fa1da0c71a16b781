"""Statistics the chapters look up one row or one number of (`framework_counts`,
`area_summary`, `institute_summary`, `area_frequent_ksas`, `ksas_with_titles`), on the tiny
edition (KSAs k1-k5 linked to 1, 2, 2, 1 and 1 distinct occupation titles)."""

import pytest

from competency_framework.statistics.areas import area_frequent_ksas, area_summary
from competency_framework.statistics.network import ksas_with_titles
from competency_framework.statistics.overview import framework_counts
from competency_framework.statistics.profiles import institute_summary
from competency_framework.statistics.shares import Share


def test_framework_counts(tiny):
    assert framework_counts(tiny) == {
        "technology_areas": 2, "agencies": 3, "institutes": 3, "occupation_selections": 5,
        "occupation_titles": 3, "competencies": 4, "sub_competencies": 3, "ksas": 5,
        "connections": 10}


def test_area_and_institute_summaries_name_what_the_edition_has(tiny):
    area = area_summary(tiny, "biomanufacturing")
    assert (area["name"], area["institutes"], area["specific_ksas"]) == ("Biomanufacturing", 2, 1)
    with pytest.raises(KeyError, match="its areas: biomanufacturing, digital_automation"):
        area_summary(tiny, "materials")
    gamma = institute_summary(tiny, "gamma")
    assert (gamma["name"], gamma["area_name"], gamma["ksas"], gamma["sole_ksas"]) == (
        "Gamma Institute", "Digital/Automation", 4, 2)
    with pytest.raises(KeyError, match="its institutes: alpha, beta, gamma"):
        institute_summary(tiny, "delta")


def test_area_frequent_ksas_takes_the_first_of_one_scope(tiny):
    shared = area_frequent_ksas(tiny, "biomanufacturing", "network-wide", 5)
    assert shared["ksa_id"].tolist() == ["k1", "k2"]  # k1: two of its institutes, k2: one
    assert area_frequent_ksas(tiny, "biomanufacturing", "network-wide", 1)["ksa_id"].tolist() == [
        "k1"]
    assert area_frequent_ksas(tiny, "digital_automation", "specific", 5)["ksa_id"].tolist() == [
        "k4", "k5"]


def test_ksas_with_titles_counts_distinct_occupation_titles(tiny):
    assert ksas_with_titles(tiny, 2) == Share(2, 5)  # k2 and k3
    assert ksas_with_titles(tiny, 1) == Share(5, 5)
    assert ksas_with_titles(tiny, 3) == Share(0, 5)

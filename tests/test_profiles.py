"""Institute-profile statistics on tests/data/tiny, worked out by hand.

Connections (institute, occupation, KSA):
  alpha: process_engineers k1 k2; technicians k2 k3
  beta:  process_engineers k1 k3
  gamma: process_engineers k1 k2; software_developers k4 k5
Institutes per KSA: k1 3 (alpha beta gamma), k2 2 (alpha gamma), k3 2 (alpha beta), k4 1, k5 1.
Codes: k1 4.1.7 (competency 4.1), k2 k3 4.2.5 (4.2), k4 5.1, k5 5.4.1 (5.4).
"""

from dataclasses import replace

import pandas as pd
import pytest

from competency_framework.statistics import profiles as pr
from competency_framework.statistics.shares import Share


def test_institute_overview(fw):
    table = pr.institute_overview(fw).set_index("institute_id")
    cols = ["selections", "ksas", "connections", "sole_ksas"]
    assert table.loc["alpha", cols].tolist() == [2, 3, 4, 0]
    assert table.loc["beta", cols].tolist() == [1, 2, 2, 0]
    assert table.loc["gamma", cols].tolist() == [2, 4, 4, 2]  # k4, k5: gamma alone
    assert table.loc["beta", ["area_name", "agency_name"]].tolist() == [
        "Biomanufacturing", "Department of Commerce"]
    assert list(table.index) == ["alpha", "beta", "gamma"]  # by name


def test_institute_occupations(fw):
    table = pr.institute_occupations(fw, "alpha")
    # both titles carry 2 KSAs: by title, "Biological Technicians" first
    assert table[["occupation_id", "ksas", "institutes"]].values.tolist() == [
        ["technicians", 2, 1], ["process_engineers", 2, 3]]
    assert table["soc_code"].tolist() == ["19-4021.00", "17-2199.00"]
    gamma = pr.institute_occupations(fw, "gamma")
    assert gamma.loc[gamma["occupation_id"] == "software_developers", "soc_code"].item() == ""


def test_ksas_by_competency(fw):
    table = pr.institute_ksas_by_competency(fw, "alpha")
    assert table[["code", "ksas", "connections", "framework_ksas"]].values.tolist() == [
        ["4.1", 1, 1, 1], ["4.2", 2, 3, 2]]  # 4.2: k2 twice and k3 once
    gamma = pr.institute_ksas_by_competency(fw, "gamma")
    assert gamma["code"].tolist() == ["4.1", "4.2", "5.1", "5.4"]
    assert gamma["ksas"].tolist() == [1, 1, 1, 1]
    assert pr.institute_competencies(fw, "alpha") == Share(2, 4)
    assert pr.institute_competencies(fw, "gamma") == Share(4, 4)


def test_institute_shared_ksas(fw):
    # beta shares k1 k3 with alpha and k1 with gamma; alpha and gamma share k1 k2
    assert pr.institute_shared_ksas(fw, "gamma")["shared_ksas"].tolist() == [2, 1]
    table = pr.institute_shared_ksas(fw, "beta")
    cols = ["other_institute_id", "same_area", "shared_ksas", "own_ksas", "percent"]
    assert table[cols].values.tolist() == [
        ["alpha", True, 2, 2, 100], ["gamma", False, 1, 2, 50]]
    alpha = pr.institute_shared_ksas(fw, "alpha")
    # a tie on 2 KSAs: by name, Beta before Gamma; 2 of alpha's 3 KSAs is 67% (half up)
    assert alpha[["other_institute_id", "percent"]].values.tolist() == [
        ["beta", 67], ["gamma", 67]]


def test_distinctive_ksas(fw):
    table = pr.distinctive_ksas(fw, "alpha")
    # k2 and k3 each have one other institute; k2 has more of alpha's connections (2 vs 1)
    assert table[["rank", "ksa_id", "connections", "other_institutes"]].values.tolist() == [
        [1, "k2", 2, 1], [2, "k3", 1, 1], [3, "k1", 1, 2]]
    assert table.loc[0, "code_name"] == "Manufacturing Tool and Equipment Operations"
    assert table.loc[1, "statement_source"] == "reconstructed"
    assert pr.distinctive_ksas(fw, "alpha", n=2)["ksa_id"].tolist() == ["k2", "k3"]
    # gamma: k4 and k5 tie on everything (no other institute, one connection): by id
    assert pr.distinctive_ksas(fw, "gamma")["ksa_id"].tolist() == ["k4", "k5", "k2", "k1"]


def test_institutes_by_agency(fw):
    table = pr.institutes_by_agency(fw)
    assert table[["agency_id", "institutes"]].values.tolist() == [
        ["doc", 1], ["dod", 1], ["doe", 1]]
    assert table["institute_names"].tolist() == [
        ["Beta Institute"], ["Alpha Institute"], ["Gamma Institute"]]


def test_two_institutes_of_one_agency_are_listed_by_name(fw):
    institutes = fw.institutes.assign(agency_id=["dod", "dod", "doe"])
    moved = replace(fw, institutes=institutes)
    table = pr.institutes_by_agency(moved)
    assert table[["agency_id", "institutes"]].values.tolist() == [["dod", 2], ["doe", 1]]
    assert table["institute_names"].iloc[0] == ["Alpha Institute", "Beta Institute"]


def test_an_institute_without_connections_has_zeros(fw):
    extra = pd.DataFrame([{"institute_id": "delta", "name": "Delta Institute",
                           "area_id": "biomanufacturing", "agency_id": "doe"}])
    more = replace(fw, institutes=pd.concat([fw.institutes, extra], ignore_index=True))
    row = pr.institute_overview(more).set_index("institute_id").loc["delta"]
    assert row[["selections", "ksas", "connections", "sole_ksas"]].tolist() == [0, 0, 0, 0]
    assert pr.institute_shared_ksas(more, "delta")["shared_ksas"].tolist() == [0, 0, 0]


def test_unknown_institute_names_the_known_ones(fw):
    with pytest.raises(KeyError, match="no institute 'omega'.*alpha, beta, gamma"):
        pr.distinctive_ksas(fw, "omega")

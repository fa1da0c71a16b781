"""Alignment with external models on tests/data/handmade, worked out by hand.

Sources: tier 4 nodes DOL AMCM (k01-k06); 5.1 none (k07); 5.3 DOL ITCM, and 5.3.1 leaves its
own cell empty so inherits it (k08); 5.4 and 5.4.1 NICE Framework (k09, k10).
"""

import pytest

from competency_framework.statistics import alignment as a
from competency_framework.statistics.shares import Share

pytestmark = pytest.mark.edition("handmade")


def test_inherited_source_framework(fw):
    sources = a.node_source_frameworks(fw).set_index("code")["source_framework"]
    assert sources["5.3.1"] == "DOL ITCM"  # empty cell, inherited from 5.3
    assert sources["5.1"] == ""  # 5.1 and the tier-5 root are empty
    assert sources["4.2.1"] == "DOL AMCM"


def test_ksas_by_source_framework(fw):
    table = a.ksas_by_source_framework(fw)
    # DOL AMCM 6 (k01-k06), NICE 2 (k09 k10), then the 1-KSA rows by name: "" (k07), DOL ITCM
    assert table[["source_framework", "ksas"]].values.tolist() == [
        ["DOL AMCM", 6], ["NICE Framework", 2], ["", 1], ["DOL ITCM", 1]
    ]
    assert set(table["total"]) == {10}


def test_aligned_ksas(fw):
    assert a.aligned_ksas(fw) == Share(9, 10)  # every KSA but k07: 90 %
    assert a.aligned_ksas(fw, ["DOL AMCM"]) == Share(6, 10)  # 60 %
    assert a.aligned_ksas(fw, ["DOL ITCM", "NICE Framework"]) == Share(3, 10)


def test_external_references(fw):
    refs = a.external_references(fw)
    assert refs[["code", "source_framework", "source_ref"]].values.tolist() == [
        ["5.3", "DOL ITCM", ""],
        ["5.3.1", "DOL ITCM", "4.4.2"],
        ["5.4", "NICE Framework", ""],
        ["5.4.1", "NICE Framework", "NF-COM-008"],
    ]

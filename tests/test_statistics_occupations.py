"""Occupation selections on tests/data/handmade, worked out by hand.

Selections: b1 {eng, tech}, b2 {eng, sci}, b3 {tech}, d1 {eng, dev}, d2 {dev, op}, m1 {eng}
(10). Titles: Engineers 4 (b1 b2 d1 m1; areas bio dig mat), Technicians 2 (b1 b3), Developers 2
(d1 d2), Scientists 1 (b2), Operators 1 (d2).
"""

import pytest

from competency_framework.statistics import occupations as o
from competency_framework.statistics.shares import Share

pytestmark = pytest.mark.edition("handmade")


def test_title_selection_counts(fw):
    table = o.title_selection_counts(fw)
    # most institutes first; ties by title: Developers before Technicians, Operators before
    # Scientists
    assert table[["title", "institutes", "areas"]].values.tolist() == [
        ["Engineers", 4, 3], ["Developers", 2, 1], ["Technicians", 2, 1],
        ["Operators", 1, 1], ["Scientists", 1, 1],
    ]
    assert o.most_frequent_titles(fw, 2)["title"].tolist() == ["Engineers", "Developers"]


def test_selection_split(fw):
    split = o.selections_by_title_sharing(fw)
    # specific: Scientists (1) + Operators (1) = 2 selections, 2 titles
    # shared: Engineers 4 + Technicians 2 + Developers 2 = 8 selections, 3 titles
    assert split[["sharing", "selections", "titles", "total_selections"]].values.tolist() == [
        ["specific", 2, 2, 10], ["shared", 8, 3, 10]
    ]
    assert o.selections_of_titles(fw, max_institutes=1) == Share(2, 10)  # 20 %
    assert o.selections_of_titles(fw, min_institutes=2) == Share(8, 10)  # 80 %
    # titles chosen by 2 or 3 institutes: Technicians 2 + Developers 2 = 4 selections
    assert o.selections_of_titles(fw, 2, 3) == Share(4, 10)
    assert o.selections_of_titles(fw) == Share(10, 10)
    assert o.titles_selected_by(fw, 2) == 3  # Engineers, Technicians, Developers
    assert o.titles_selected_by(fw, 4) == 1  # Engineers

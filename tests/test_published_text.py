"""Published figures and documents as prose names them (`present.published_text`)."""

import pytest

from competency_framework.present import published_text as pt
from competency_framework.reference.published import Entry


def entry(id: str, kind: str = "count", value=1, source: str = "report_2025", **kw) -> Entry:
    return Entry(id=id, source=source, section="S", location="paragraph", printed="p",
                 kind=kind, value=value, **kw)


def test_published_text():
    assert pt.published_text(entry("a", "money", 392_000_000)) == "$392 million"
    assert pt.published_text(entry("a", "money", 1_500)) == "$1,500"
    assert pt.published_text(entry("a", "count", 3100, comparison="greater_than")) == (
        "over 3,100")
    assert pt.published_text(entry("a", "percent", 91)) == "91%"


def test_years_and_editions():
    entries = [entry("a"), entry("b", source="network_2020")]
    assert pt.source_year("network_2020") == "2020"
    assert pt.published_edition(entries) == "2025"
    with pytest.raises(ValueError, match="names no year"):
        pt.source_year("report")
    with pytest.raises(ValueError, match="one published report"):
        pt.published_edition([*entries, entry("c", source="report_2030")])

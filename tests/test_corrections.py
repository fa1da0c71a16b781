"""`present.corrections`: where this report shows a name, code or percent other than the
original printed, the note says what the original printed (2025 edition)."""

from __future__ import annotations

import pytest
from paths import EDITION_2025

from competency_framework.present.chapter import open_chapter
from competency_framework.present.corrections import as_printed, as_printed_of

pytestmark = pytest.mark.skipif(not (EDITION_2025 / "datapackage.json").is_file(),
                                reason="data/raw/2025 is not built yet")


@pytest.fixture(scope="module")
def ch():
    return open_chapter(EDITION_2025)


def test_notes_say_what_the_original_printed(ch):
    def note(entry_id: str) -> str:
        return as_printed(ch.audit, ch.published, entry_id).replace("\\", "")

    assert note("tables.table_a1") == "*As printed:* The original prints 4.3.7 as \u201c4.37\u201d."
    assert note("tables.table_2") == "*As printed:* The original prints AFFOA as \u201cAFOA\u201d."
    assert "\u201c27 KSAs (62%) were selected by two or more materials institutes\u201d" in (
        note("areas.materials.multi_institute"))
    assert note("top_ksas") == ("*As printed:* The original prints F with the code "
                                "\u201c4.2.6 and 4.2.9\u201d.")
    assert "IT/OT Integration as \u201cInformation Technology (IT)/ Operational" in note(
        "areas.digital_automation.frequent_specific_ksas")
    assert note("summary.ksas_total") == ""


def test_notes_gather_the_entries_of_a_statistic(ch):
    materials = as_printed_of(ch.audit, ch.published, "area_ksas_by_institute_count",
                              area="materials")
    assert materials.startswith("*As printed:* The original prints \u201c27 KSAs")
    assert as_printed_of(ch.audit, ch.published, "area_ksas_by_institute_count",
                         area="electronics") == ""
    names = as_printed_of(ch.audit, ch.published, "area_frequent_specific_ksas",
                          area="digital_automation").replace("\\", "")
    assert names.count("*As printed:*") == 1 and "\u201cCyber-Resiliency\u201d" in names

"""The framework in prose (`present.framework_text`) on the tiny edition: tiers 1-3 without
competencies; tier 4 with 4.1 (k1 under 4.1.7) and 4.2 (k2 k3 under 4.2.5); tier 5 with 5.1
(k4, no model) and 5.4 (k5 under 5.4.1, NICE Framework)."""

from dataclasses import replace

from competency_framework.present import framework_text as ft
from competency_framework.present.chapter import open_chapter
from competency_framework.present.numbers import PlainNumbers, printed_numbers

PLAIN = PlainNumbers()


def test_framework_terms_take_their_examples_from_the_edition(tiny):
    text = ft.framework_terms(tiny)
    assert "selected most often in this edition is *Data collection and analysis*.\n" in text
    assert "The competency with the most KSAs is 4\\.2 Operations Management.\n" in text
    assert ("competency. In this edition the largest sub-competency of 4\\.2 is 4\\.2\\.5 "
            "Manufacturing Tool and Equipment Operations.\n") in text
    flat = replace(tiny, competencies=tiny.competencies.assign(
        level=tiny.competencies["level"].replace("sub_competency", "competency")))
    assert "a narrower set of KSAs inside a competency.\n" in ft.framework_terms(flat)
    # the terms cite where the published report takes them from
    assert "or an industry [@cmc-about-models]. The KSA" in text
    assert "several roles [@census-occupation].\n" in text


def test_tiers_paragraph(tiny):
    paragraphs = ft.tiers_paragraph(tiny, PLAIN).split("\n\n")
    assert "Its first three tiers, *Personal Effectiveness Competencies* (tier 1), *Academic " \
        "Competencies* (tier 2), and *Workplace Competencies* (tier 3), are the foundation" in (
            paragraphs[0])
    assert paragraphs[1].endswith("The institutes selected essential KSAs under both tier-4 "
                                  "competencies.")
    assert ("with 2 competencies. Some draw on another model, namely NICE Framework "
            "[@niccs-nice-framework]; the rest") in paragraphs[2]
    assert "are the foundation [@cmc-building-blocks]. The framework adopts" in paragraphs[0]
    no_model = replace(tiny, competencies=tiny.competencies.assign(source_framework=""))
    assert ft.tiers_paragraph(no_model, PLAIN).split("\n\n")[2].endswith(
        "with 2 competencies. None derives from an outside model.")
    assert paragraphs[3] == ("Together, tiers 4 and 5 hold the framework's 4 core competencies; "
                             "Appendix A lists them with their sub-competencies.")
    no_tier5 = replace(tiny, competencies=tiny.competencies.loc[tiny.competencies["tier"] != 5],
                       ksas=tiny.ksas.iloc[:3],
                       essential_ksas=tiny.essential_ksas.loc[
                           tiny.essential_ksas["ksa_id"].isin(["k1", "k2", "k3"])])
    assert [p[:7] for p in ft.tiers_paragraph(no_tier5, PLAIN).split("\n\n")] == [
        "The fra", "Tier 4,", "Togethe"]


def test_tiers_are_described_in_the_editions_words(tiny):
    """A tier's description is its row's `definition`: none given, none printed; given, each
    printed under its tier's name, escaped as Markdown."""
    assert "- **Tier" not in ft.tiers_paragraph(tiny, PLAIN)
    comp = tiny.competencies.copy()
    comp.loc[comp["code"] == "5", "definition"] = "Skills at *the* frontier."
    comp.loc[comp["code"] == "1", "definition"] = "Habits."
    text = ft.tiers_paragraph(replace(tiny, competencies=comp), PLAIN)
    block = text.split("\n\n")[1].splitlines()
    assert block[0] == "- **Tier 1, Personal Effectiveness Competencies:** Habits\\."
    assert block[1].startswith("- **Tier 5, ") and block[1].endswith(
        ":** Skills at \\*the\\* frontier\\.")
    assert len(block) == 2 and "leading edge" not in text


def test_alignment_paragraph(tiny):
    assert ft.alignment_paragraph(tiny, PLAIN).split("\n")[2:6] == [
        "- **4 of the 5 essential KSAs (80%)** sit under a competency that derives from an "
        "external model.",
        "- **3 of the 5 KSAs (60%)** align with the DOL AMCM, the model tier 4 comes from.",
        "- **40%** of the KSAs (2) fall under 4\\.2 Operations Management.",
        "- **20%** of the KSAs (1) fall under 4\\.1 Manufacturing Process Design\\/Development.",
    ]


def test_tier_texts(tiny):
    assert ft.tier_ksas_text(tiny, 4, PLAIN) == "3 essential KSAs"
    assert ft.tier_ksas_text(tiny, 3, PLAIN) == "0 essential KSAs"
    assert ft.tier_ksas_text(tiny, 6, PLAIN) == "none"
    assert ft.tier5_clause(tiny, PLAIN) == ", which hold 2 of the 5 KSAs (40%) and"
    no_tier5 = replace(tiny, competencies=tiny.competencies.loc[tiny.competencies["code"] != "5"])
    assert ft.tier5_clause(no_tier5, PLAIN) == ", "


def test_numbers_carry_their_statistic_and_status():
    """On the 2025 edition: the published shares are pinned; the share of tier 5 follows from
    Table A2; the KSAs by each model beyond the two the report prints are the model's."""
    ch = open_chapter("data/raw/2025")
    shown = {(n.statistic, n.text): n.status for n in printed_numbers(
        ft.alignment_paragraph(ch.fw, ch.numbers) + ft.tier5_clause(ch.fw, ch.numbers))}
    assert shown[("ksas_by_source_framework(frameworks=[DOL AMCM]).percent", "78%")] == "pinned"
    assert shown[("ksas_under_competency(code=4.2).percent", "34%")] == "pinned"
    assert shown[("ksas_in_tier(tier=5)", "52")] == "pinned"
    assert set(shown.values()) == {"pinned"}

"""What a reader is told about where the data comes from (`present.notices`), on the tiny
edition: k3 and k4 hold placeholder statements."""

from dataclasses import replace

from competency_framework.present import notices as n
from competency_framework.present.chapter import open_chapter
from competency_framework.present.numbers import PlainNumbers, printed_numbers

PLAIN = PlainNumbers()


def test_model_detail_follows_the_provenance(tiny):
    sentence = n.model_detail(tiny, "which institute chose which occupation")
    assert sentence == ("In this reconstructed edition, which institute chose which occupation is "
                        "the model's choice (\u2020): the published report fixes only the totals "
                        "these links add up to.")
    assert n.model_detail(replace(tiny, provenance="collected"), "anything") == ""


def test_a_reconstructed_edition_s_profile_is_marked_illustrative(tiny):
    assert n.profile_heading(tiny, "Alpha Institute") == "# Alpha Institute (illustrative)"
    notice = n.illustrative_profile_notice(tiny, "Alpha Institute")
    assert notice.startswith("::: {.callout-important}\n**Illustrative profile.** The rows "
                             "of the tiny edition were reconstructed to fit the aggregates")
    for what in ("one arrangement consistent with those figures",
                 "not the answers Alpha Institute gave",
                 "Do not quote them as facts about Alpha Institute."):
        assert what in notice, what
    assert notice.endswith(":::\n\n")
    collected = replace(tiny, provenance="collected")
    assert n.profile_heading(collected, "Alpha Institute") == "# Alpha Institute"
    assert n.illustrative_profile_notice(collected, "Alpha Institute") == ""


def test_later_chapters_say_whether_there_are_profiles(tiny):
    collected = replace(tiny, provenance="collected")
    assert n.later_chapters(collected, True).startswith("profiles of each institute, an audit")
    assert n.later_chapters(tiny, True).startswith(
        "profiles of each institute (illustrative, as the data is reconstructed), an audit")
    without = n.later_chapters(tiny, False)
    assert without.startswith("an audit of every figure") and "profiles of each" not in without
    assert without.endswith("what one institute selected is the model's arrangement, not its "
                            "answer.")
    assert n.later_chapters(collected, False).endswith(
        "This build leaves out the profiles of each institute.")


def test_placeholder_note_counts_reconstructed_statements(tiny):
    assert n.placeholder_note(tiny, PLAIN, ["k1", "k2", "k5"]) == ""
    note = n.placeholder_note(tiny, PLAIN, ["k1", "k3", "k4", "k3"])  # k3 once: 2 of 3 listed
    assert note.startswith("Two of the 3 KSAs listed hold a placeholder statement")
    # all of them: not "One of the 1 KSA", "2 of the 2 KSAs"
    assert n.placeholder_note(tiny, PLAIN, ["k3"]) == (
        "The one KSA listed holds a placeholder statement: the published report counts it but "
        "never prints its wording, so the reconstruction marks where it sits without "
        "inventing what it says.")
    assert n.placeholder_note(tiny, PLAIN, ["k3", "k4"]).startswith(
        "Both KSAs listed hold a placeholder statement: the published report counts these")
    assert n.placeholder_note(tiny, PLAIN, ["k1", "k3"]) == (  # one of several: "it"
        "One of the 2 KSAs listed holds a placeholder statement: the published report counts "
        "it but never prints its wording, so the reconstruction marks where it sits without "
        "inventing what it says.")
    ch = open_chapter("tests/data/tiny")
    shown = printed_numbers(n.placeholder_note(ch.fw, ch.numbers, ["k1", "k3"], list="x"))
    assert [(p.statistic, p.text, p.status) for p in shown] == [
        ("placeholder_statements_listed(list=x)", "One", "model-choice"),
        ("ksas_listed(list=x)", "2", "model-choice")]


def test_provenance_choices_name_the_contract_s_provenances():
    assert n.provenance_choices() == "`collected` or `reconstructed`"

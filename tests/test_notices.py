"""What a reader is told about where the data comes from (`present.notices`), on the tiny
edition: k3 and k4 hold placeholder statements."""

from dataclasses import replace

from competency_framework.present import notices as n


def test_reconstruction_notice_follows_the_provenance(tiny):
    notice = n.reconstruction_notice(tiny, "which institute chose which occupation")
    assert notice.startswith("::: {.callout-important}\n**Reconstructed data.** The tiny edition")
    assert "Read which institute chose which occupation as one arrangement" in notice
    assert notice.endswith(":::\n")
    collected = replace(tiny, provenance="collected")
    assert n.reconstruction_notice(collected, "anything") == ""


def test_placeholder_note_counts_reconstructed_statements(tiny):
    assert n.placeholder_note(tiny, ["k1", "k2", "k5"]) == ""
    note = n.placeholder_note(tiny, ["k1", "k3", "k4", "k3"])  # k3 once: 2 of 3 listed
    assert note.startswith("Two of the 3 KSAs listed hold a placeholder statement")
    assert n.placeholder_note(tiny, ["k3"]).startswith("One of the 1 KSA listed holds")


def test_provenance_choices_name_the_contract_s_provenances():
    assert n.provenance_choices() == "`collected` or `reconstructed`"

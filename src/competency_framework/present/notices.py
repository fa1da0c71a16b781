"""What a reader must be told about where an edition's data comes from: the sentence a
reconstructed edition owes where a figure draws record-level detail (`model_detail`; the
title page says the rest), the heading and notice of an illustrative institute profile
(`profile_heading`, `illustrative_profile_notice`), what the chapters after Appendix A hold
(`later_chapters`), the note on placeholder KSA statements (`placeholder_note`) and the
provenances an edition may declare (`provenance_choices`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from competency_framework.edition.contract import PROVENANCES
from competency_framework.edition.framework import Framework
from competency_framework.present.escape import markdown_text
from competency_framework.present.numbers import MARK, Numbers
from competency_framework.present.prose import capital, number_word, plural, prose_list


def model_detail(fw: Framework, detail: str) -> str:
    """One sentence saying that `detail` (what a figure draws at record level, e.g. "which
    institute links to which occupation") is the reconstruction model's choice, marked as
    its numbers are; "" for an edition whose data was collected."""
    if not fw.is_reconstructed:
        return ""
    return (f"In this reconstructed edition, {detail} is the model's choice ({MARK}): the "
            "published report fixes only the totals these links add up to.")


def profile_heading(fw: Framework, name: str) -> str:
    """An institute profile's chapter heading (`name` is Markdown already): marked
    "(illustrative)" for a reconstructed edition, so the page title, the contents and the PDF
    say it too."""
    return f"# {name} (illustrative)" if fw.is_reconstructed else f"# {name}"


def illustrative_profile_notice(fw: Framework, name: str) -> str:
    """The callout at the top of an institute's profile (`name` is Markdown already) in a
    reconstructed edition: what the profile shows is one arrangement fitted to the published
    totals, not the institute's answers, and must not be quoted as fact; "" for an edition
    whose data was collected."""
    if not fw.is_reconstructed:
        return ""
    return (
        "::: {.callout-important}\n"
        "**Illustrative profile.** The rows of the "
        f"{markdown_text(fw.edition)} edition were reconstructed to fit the aggregates the "
        "published report prints. The occupations, KSAs, connections and shares shown here "
        f"for {name} are one arrangement consistent with those figures, not the answers "
        f"{name} gave. Do not quote them as facts about {name}.\n"
        ":::\n\n"
    )


def later_chapters(fw: Framework, profiles: bool, previous: str = "") -> str:
    """What the chapters after Appendix A hold, as the end of a sentence, and why a
    reconstructed edition's report has no institute profiles when `profiles` (the build
    option) is off; `previous`: the folder of the edition the build compares with, if any
    (its chapter on what changed comes first)."""
    changed = "what changed since the previous edition, " if previous else ""
    rest = (f"{changed}an audit of every figure the published report prints, how its ambiguous "
            "statistics are read, the network then and now, and how to regenerate the report "
            "or submit data for a new edition.")
    if profiles:
        marked = " (illustrative, as the data is reconstructed)" if fw.is_reconstructed else ""
        return f"profiles of each institute{marked}, {rest}"
    if not fw.is_reconstructed:
        return f"{rest} This build leaves out the profiles of each institute."
    return (f"{rest} There is no profile of a single institute: in a reconstructed edition, "
            "what one institute selected is the model's arrangement, not its answer.")


def placeholder_note(fw: Framework, numbers: Numbers, ksa_ids: Iterable[str],
                     **params: Any) -> str:
    """A sentence saying how many of the listed KSAs hold a placeholder statement (a KSA the
    published report counts but never prints, reconstructed without its wording); "" when none
    does. `params` name the list (e.g. list="distinctive_ksas", institute="niimbl"): the
    statistics `placeholder_statements_listed` and `ksas_listed` of its two numbers."""
    ids = list(dict.fromkeys(ksa_ids))
    source = fw.ksas.set_index("ksa_id")["statement_source"]
    n = int((source.reindex(ids) == "reconstructed").sum())
    if not n:
        return ""
    verb = "holds" if n == 1 else "hold"
    listed = plural(len(ids), "KSA", shown=numbers(len(ids), "ksas_listed", **params))
    one = ("it but never prints its wording, so the reconstruction marks where it sits "
           "without inventing what it says.")
    several = ("these KSAs but never prints their wording, so the reconstruction marks "
               "where they sit without inventing what they say.")
    if n == len(ids):  # "10 of the 10 KSAs listed": all of them
        every = ("The one KSA listed holds" if n == 1 else "Both KSAs listed hold" if n == 2
                 else f"All {listed} listed hold")
        return f"{every} a placeholder statement: the published report counts " + (
            one if n == 1 else several)
    placeholders = numbers(n, "placeholder_statements_listed", text=capital(number_word(n)),
                           **params)
    return (f"{placeholders} of the {listed} listed {verb} a placeholder "
            "statement: the published report counts " + (one if n == 1 else several))


def provenance_choices() -> str:
    """The provenances an edition may declare, as code in prose: "`collected` or
    `reconstructed`"."""
    return prose_list([f"`{p}`" for p in PROVENANCES], "or")

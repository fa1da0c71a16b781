"""What the network insights say in prose about occupations and the most highly selected KSAs:
the occupation titles the institutes share (`occupations_paragraph`, `title_tie_note`) and how
the lettered KSAs are chosen (`top_ksas_note`)."""

from __future__ import annotations

from competency_framework.edition.framework import Framework
from competency_framework.present.escape import markdown_text
from competency_framework.present.prose import capital, number_word, plural, share_text
from competency_framework.statistics.network import ksa_ranking, top_ksas_separated
from competency_framework.statistics.occupations import (
    most_frequent_titles,
    selections_of_titles,
    title_selection_counts,
    titles_selected_by,
)


def top_ksas_note(fw: Framework, n: int) -> str:
    """How the `n` most highly selected KSAs are chosen and whether ties could change them
    (reading 2): a sentence for the prose under their list."""
    ranking = ksa_ranking(fw)
    how = ("They are the KSAs essential to the most occupation selections across the network; "
           "ties are broken by the number of institutes selecting them, then by identifier.")
    if len(ranking) <= n:
        return (f"{how} The edition has only {plural(len(ranking), 'KSA')}, so every one is "
                "listed.")
    if top_ksas_separated(fw, n):
        return (f"{how} Each of the {number_word(n)} has more connections than the KSA ranked "
                "next, so the list does not depend on how ties are broken.")
    return (f"{how} The last of the {number_word(n)} has no more connections than the KSA "
            "ranked next, so the list depends on the tie-break.")


def title_tie_note(fw: Framework, n: int) -> str:
    """A sentence naming how many more occupation titles tie with the last of the `n` most
    often chosen ones (so a cut-off list does not look complete); "" when none does."""
    counts = title_selection_counts(fw)["institutes"]
    if len(counts) <= n or counts.iat[n - 1] == 0:
        return ""
    last = int(counts.to_numpy()[n - 1])
    more = int((counts.iloc[n:] == last).sum())
    if not more:
        return ""
    titles = "title was" if more == 1 else "titles were"
    return f"{capital(number_word(more))} more {titles} also chosen by {plural(last, 'institute')}."


def occupations_paragraph(fw: Framework, n_titles: int) -> str:
    """The occupation selections: how many fell on titles only one institute chose, the
    `n_titles` titles chosen most often and what shared titles mean."""
    single = selections_of_titles(fw, max_institutes=1)
    multi = selections_of_titles(fw, min_institutes=2)
    top_titles = most_frequent_titles(fw, n_titles)
    titles = "\n".join(f"- **{markdown_text(t)}** ({plural(int(n), 'institute')})"
                       for t, n in zip(top_titles["title"], top_titles["institutes"],
                                       strict=True))
    tie = title_tie_note(fw, n_titles)
    return (
        f"The institutes made {plural(single.denominator, 'occupation selection')}, naming "
        f"{plural(titles_selected_by(fw, 1), 'distinct occupation title')}. Of those "
        f"selections, {share_text(single)} named a title that only one institute chose; the "
        f"other {multi.numerator:,} ({multi.percent}%) fell on "
        f"{plural(titles_selected_by(fw, 2), 'title')} that two or more institutes chose. The "
        f"titles chosen most often:\n\n{titles}\n\n"
        + (f"{tie}\n\n" if tie else "")
        + "Shared titles mark occupations around which several institutes could build programs "
        "together; titles only one institute chose mark roles that belong to one technology, "
        "where that institute is best placed to train the workforce.\n"
    )

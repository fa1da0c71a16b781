"""What the network insights say in prose about occupations and the most highly selected KSAs:
how far the institutes' KSAs overlap (`overlap_paragraph`), the occupation titles the
institutes share (`occupations_paragraph`, `title_tie_note`), the network map
(`network_map_paragraph`) and how the lettered KSAs are chosen (`top_ksas_note`). Numbers print
through `present.numbers`; the thresholds of a statistic ("three or more institutes") are part
of its question and print as words."""

from __future__ import annotations

from competency_framework.edition.framework import Framework
from competency_framework.present.escape import markdown_text
from competency_framework.present.notices import model_detail
from competency_framework.present.numbers import Numbers
from competency_framework.present.prose import capital, number_word, plural, share_text
from competency_framework.statistics.network import (
    ksa_ranking,
    ksas_crossing_areas,
    ksas_shared_by_institutes,
    ksas_with_connections,
    most_selected_ksas,
    top_ksas_separated,
)
from competency_framework.statistics.occupations import (
    most_frequent_titles,
    selections_of_titles,
    title_selection_counts,
    titles_selected_by,
)


def overlap_paragraph(fw: Framework, numbers: Numbers, min_institutes: int,
                      min_connections: int) -> str:
    """How far the institutes' needs overlap: the shares of KSAs that cross area lines, that
    `min_institutes` or more institutes share and that have `min_connections` or more
    connections (reading 1), as bullets."""
    crossing = ksas_crossing_areas(fw)
    shared = ksas_shared_by_institutes(fw, min_institutes)
    connected = ksas_with_connections(fw, min_connections)
    cross = numbers.share(crossing, "ksas_crossing_areas")
    share = numbers.share(shared, "ksas_shared_by_institutes", min_institutes=min_institutes)
    conn = numbers.share(connected, "ksas_with_connections", min_connections=min_connections)
    institutes, occupations = number_word(min_institutes), number_word(min_connections)
    return (
        "Read as a whole, the framework shows how far the institutes' needs overlap:\n\n"
        f"- **{cross.percent} of essential KSAs cross technology-area lines**: "
        f"{share_text(crossing, 'KSA', of='the', shown=cross)} were selected by institutes in "
        "two or more areas.\n"
        f"- **{share.percent} are shared by {institutes} or more institutes** "
        f"({plural(shared.numerator, 'KSA', shown=share.numerator)}).\n"
        f"- **{conn.percent} align with {occupations} or more occupations** "
        f"({plural(connected.numerator, 'KSA', shown=conn.numerator)}): each is essential in "
        f"at least {occupations} occupation selections, counting one selection per institute "
        "and occupation (the chapter on readings explains this choice).\n\n"
        "@tbl-ksas-by-institutes shows the whole distribution: how many KSAs one institute "
        "selected alone, and how many two, three or more selected."
    )


def network_map_paragraph(fw: Framework, numbers: Numbers, n: int) -> str:
    """What the network map shows and which of its KSAs are lettered (the `n` with the most
    connections); for a reconstructed edition, that its single links are the model's."""
    lettered = len(most_selected_ksas(fw, n))
    return (
        "@fig-network-map follows every connection from the sponsoring agencies through the "
        "technology areas and institutes to the occupations they selected and the essential KSAs "
        "they marked; the "
        f"{plural(lettered, 'KSA', shown=numbers(lettered, 'top_ksas', part='rows', n=n))} "
        "with the most connections are lettered and listed in @tbl-top-ksas. "
        + model_detail(fw, "each single link of the map")
    )


def top_ksas_note(fw: Framework, numbers: Numbers, n: int) -> str:
    """How the `n` most highly selected KSAs are chosen and whether ties could change them
    (reading 2): a sentence for the prose under their list."""
    ranking = ksa_ranking(fw)
    how = ("The lettered KSAs are those essential to the most occupation selections across "
           "the network; ties are broken by the number of institutes selecting them, then by "
           "identifier.")
    if len(ranking) <= n:
        total = plural(len(ranking), "KSA", shown=numbers(len(ranking), "ksas_total"))
        return f"{how} The edition has only {total}, so every one is listed."
    listed = numbers.word(n, "top_ksas", part="rows", n=n)
    if top_ksas_separated(fw, n):
        return (f"{how} Each of the {listed} has more connections than the KSA ranked "
                "next, so the list does not depend on how ties are broken.")
    return (f"{how} The last of the {listed} has no more connections than the KSA "
            "ranked next, so the list depends on the tie-break.")


def title_tie_note(fw: Framework, numbers: Numbers, n: int) -> str:
    """A sentence naming how many more occupation titles tie with the last of the `n` most
    often chosen ones (so a cut-off list does not look complete); "" when none does."""
    titles = title_selection_counts(fw)
    counts = titles["institutes"]
    if len(counts) <= n or counts.iat[n - 1] == 0:
        return ""
    last = int(counts.to_numpy()[n - 1])
    more = int((counts.iloc[n:] == last).sum())
    if not more:
        return ""
    noun = "title was" if more == 1 else "titles were"
    shown_more = numbers.word(more, "top_occupation_titles_tied", n=n)
    shown_last = numbers(last, "top_occupation_titles", part="institutes",
                         row={"title": titles["title"].iat[n - 1]}, n=n)
    return (f"{capital(shown_more)} more {noun} also chosen by "
            f"{plural(last, 'institute', shown=shown_last)}.")


def occupations_paragraph(fw: Framework, numbers: Numbers, n_titles: int) -> str:
    """The occupation selections: how many fell on titles only one institute chose, the
    `n_titles` titles chosen most often and what shared titles mean."""
    single = selections_of_titles(fw, max_institutes=1)
    multi = selections_of_titles(fw, min_institutes=2)
    single_shown = numbers.share(single, "occupation_selections", max_institutes=1)
    multi_shown = numbers.share(multi, "occupation_selections", min_institutes=2)
    top_titles = most_frequent_titles(fw, n_titles)

    def institutes(title: str, k: int) -> str:
        return plural(k, "institute", shown=numbers(k, "top_occupation_titles",
                                                    part="institutes", row={"title": title},
                                                    n=n_titles))

    titles = "\n".join(f"- **{markdown_text(t)}** ({institutes(t, int(k))})"
                       for t, k in zip(top_titles["title"], top_titles["institutes"],
                                       strict=True))
    all_titles, shared_titles = titles_selected_by(fw, 1), titles_selected_by(fw, 2)
    tie = title_tie_note(fw, numbers, n_titles)
    selections = plural(single.denominator, "occupation selection",
                        shown=numbers(single.denominator, "occupation_selections"))
    distinct = plural(all_titles, "distinct occupation title",
                      shown=numbers(all_titles, "occupation_titles", min_institutes=1))
    shared = plural(shared_titles, "title",
                    shown=numbers(shared_titles, "occupation_titles", min_institutes=2))
    return (
        f"The institutes made {selections}, naming {distinct}. Of those selections, "
        f"{share_text(single, shown=single_shown)} named a title that only one institute "
        f"chose; the other {multi_shown.numerator} ({multi_shown.percent}) fell on {shared} "
        f"that two or more institutes chose. The titles chosen most often:\n\n{titles}\n\n"
        + (f"{tie}\n\n" if tie else "")
        + "Shared titles mark occupations around which several institutes could build programs "
        "together; titles only one institute chose mark roles that belong to one technology, "
        "where that institute is best placed to train the workforce.\n"
    )

"""Checks of the occupation figures: selections by how many institutes chose their title,
titles chosen by several institutes, and the list of the most chosen titles."""

from __future__ import annotations

from competency_framework.audit.checks import entry_check
from competency_framework.audit.context import Context
from competency_framework.audit.rows import MATCH, MISMATCH, Row, count_row, finish, norm, share_row
from competency_framework.reference.published import Entry
from competency_framework.statistics import occupations


@entry_check("occupation_selections")
def occupation_selections(ctx: Context, e: Entry) -> Row:
    share = occupations.selections_of_titles(
        ctx.fw, e.params.get("min_institutes", 1), e.params.get("max_institutes")
    )
    if e.kind == "percent":
        return share_row(e, share)
    return count_row(e, share.numerator)


@entry_check("occupation_titles")
def occupation_titles(ctx: Context, e: Entry) -> Row:
    return count_row(e, occupations.titles_selected_by(ctx.fw, e.params["min_institutes"]))


@entry_check("top_occupation_titles")
def top_occupation_titles(ctx: Context, e: Entry) -> Row:
    counts = ctx.table(occupations.title_selection_counts)
    by_title = {norm(t): (t, int(n)) for t, n in zip(counts["title"], counts["institutes"],
                                                     strict=True)}
    problems, listed = [], set()
    for item in e.value:
        found = by_title.get(norm(item["title"]))
        if found is None:
            problems.append(f"no occupation titled '{item['title']}' in the data")
            continue
        listed.add(norm(item["title"]))
        if found[1] != item["institutes"]:
            problems.append(f"'{item['title']}': {found[1]} institutes in the data, "
                            f"{item['institutes']} printed")
    unlisted = counts.loc[~counts["title"].map(norm).isin(listed), "institutes"]
    floor_ = min((i["institutes"] for i in e.value), default=0)
    if len(unlisted) and int(unlisted.max()) > floor_:
        problems.append(f"an unlisted title has {int(unlisted.max())} institutes, more than the "
                        f"last listed ({floor_})")
    ties = int((unlisted == floor_).sum())
    note = "; ".join(problems) if problems else (
        f"{ties} unlisted title{'s' if ties != 1 else ''} also ha{'ve' if ties != 1 else 's'} "
        f"{floor_} institutes, a tie with the last listed" if ties else "")
    top = occupations.most_frequent_titles(ctx.fw, e.params["n"])
    rec = [{"title": t, "institutes": int(n)} for t, n in zip(top["title"], top["institutes"],
                                                              strict=True)]
    return finish(e, rec, MISMATCH if problems else MATCH, note)

"""The chapter on what changed since the previous edition: `compare_with` opens the comparison
(`edition.diff` row by row, and per institute), and the functions below print it: its heading
and opening, the headline counts old and new, the rows changed per table, the changes per
technology area and per institute, and the catalogue's changes (KSAs added, removed, moved in
the tree or reworded; competencies renamed; occupations, institutes and areas added, removed
or renamed).

Numbers go through `present.numbers`: the earlier edition's own counts with its own status
(`as_earlier`: named with its edition, linked to no audit row of this report), and every
change with the status of the two editions together: a finding only when both were
collected, else the reconstruction model's choice (a change measured against rebuilt rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from competency_framework.audit import audit
from competency_framework.edition.contract import TABLES
from competency_framework.edition.diff import (
    ADDED,
    CHANGED,
    REMOVED,
    Change,
    InstituteChange,
    area_totals,
    diff_editions,
    institute_changes,
)
from competency_framework.edition.framework import Framework
from competency_framework.edition.load import load_edition
from competency_framework.present.chapter import Chapter
from competency_framework.present.escape import markdown_text
from competency_framework.present.numbers import Numbers, PrintedNumber, as_earlier, markup
from competency_framework.present.prose import capital, plural, prose_list
from competency_framework.present.tables import (
    ReportTable,
    headline_record,
    table_markdown,
)
from competency_framework.statistics.overview import headline_counts

STATISTIC = "edition_changes"  # the statistic of every change the chapter prints
LIST_LIMIT = 25  # rows of a list of changed KSAs, occupations ... shown before "and N more"
KINDS = ("occupations", "ksas", "connections")  # what an institute gains and loses
KIND_NAMES = {"occupations": ("occupation selection", "Occupations"),
              "ksas": ("KSA", "KSAs"), "connections": ("connection", "Connections")}
MINUS = "\u2212"


@dataclass(frozen=True, eq=False)
class Comparison:
    """Two editions side by side: `old` (the previous) and `new` (the chapter's), their row
    changes (`edition.diff.diff_editions`) and what each institute gained and lost; `numbers`
    prints the new edition's numbers, `old_numbers` the old one's, `change_numbers` the
    changes (`Numbers` of the new edition, a model's choice unless both were collected)."""

    old: Framework
    new: Framework
    changes: tuple[Change, ...]
    institutes: tuple[InstituteChange, ...]
    numbers: Numbers
    old_numbers: Numbers
    change_numbers: Numbers

    def change(self, value: int, part: str, *, row: Mapping[str, Any] | None = None,
               signed: bool = False) -> PrintedNumber:
        """A count of changes (`part`: "connections gained", "ksas added" ...), as printed."""
        text = signed_text(value) if signed else None
        return self.change_numbers.record(int(value), STATISTIC, text=text, part=part, row=row,
                                          previous=self.old.edition)

    def shown(self, value: int, part: str, **kwargs: Any) -> str:
        """`change` as Markdown."""
        return markup(self.change(value, part, **kwargs))

    def of(self, table: str, kind: str) -> list[Change]:
        """The changes of `kind` (added, removed, changed) to the rows of `table`."""
        return [c for c in self.changes if c.table == table and c.change == kind]

    @cached_property
    def changed_institutes(self) -> list[InstituteChange]:
        return [i for i in self.institutes if i.changed]


def signed_text(value: int) -> str:
    """A change as printed: "+3", "−2" (a minus sign), "0"."""
    return f"{value:+,}".replace("-", MINUS) if value else "0"


def compare_with(ch: Chapter, previous: str | Path) -> Comparison:
    """The comparison of the chapter's edition with the edition in the folder `previous`
    (relative to where the notebook runs, as the build passes it). ValueError without one."""
    if not str(previous):
        raise ValueError("no previous edition to compare with: the build passes its folder as "
                         "the `previous` parameter (report --previous FOLDER)")
    return compare(ch, load_edition(previous))


def compare(ch: Chapter, old: Framework) -> Comparison:
    """The comparison of the chapter's edition with the edition `old`."""
    new = ch.fw
    changes = tuple(diff_editions(old, new))
    published = ch.published
    old_numbers = Numbers(old, published, lambda: audit(old, published.values()))
    change_numbers = Numbers(new, published, lambda: ch.audit,
                             reconstructed=old.is_reconstructed or new.is_reconstructed)
    return Comparison(old, new, changes, tuple(institute_changes(old, new)), ch.numbers,
                      old_numbers, change_numbers)


def _edition(fw: Framework) -> str:
    return f"edition {markdown_text(fw.edition)}"


def changes_heading(cmp: Comparison) -> str:
    """The chapter's heading: "# What changed since edition 2025"."""
    return f"# What changed since {_edition(cmp.old)}"


def _described(fw: Framework) -> str:
    title = f", *{markdown_text(fw.title)}*" if fw.title else ""
    return f"{_edition(fw)}{title} ({fw.provenance}, data hash `{fw.data_hash[:12]}`)"


def changes_intro(cmp: Comparison) -> str:
    """What the chapter compares, how, and how far its changes can be trusted."""
    old, new = cmp.old, cmp.new
    rows = len(cmp.changes)
    text = (f"This chapter sets {_described(new)} beside {_described(old)}, the edition it "
            "revises. It compares the two editions' eight tables row by row, by each table's "
            "key, and then says what the differences mean for each technology area, each "
            "institute and the catalogue of KSAs. The same comparison, every row of it, is "
            f"`python -m competency_framework diff OLD NEW` (add `--json` for a program). ")
    if rows == 0:
        text += "The two editions hold the same rows: nothing changed.\n"
    else:
        text += (f"In all, {plural(rows, 'row', shown=cmp.shown(rows, 'rows'))} "
                 f"{'was' if rows == 1 else 'were'} added, removed or changed.\n")
    rebuilt = [_edition(fw) for fw in (old, new) if fw.is_reconstructed]
    if rebuilt:
        one = len(rebuilt) == 1
        text += (f"\n{capital(prose_list(rebuilt))} {'is' if one else 'are'} reconstructed: "
                 f"{'its' if one else 'their'} rows were rebuilt to fit published totals, "
                 "not collected from the institutes. A change counted against such rows, for "
                 "an institute, an occupation or a KSA, is the reconstruction model's choice "
                 "and is marked as such; the counts each edition's published report fixes "
                 "keep their own status.\n")
    return text + "\n" + cmp.change_numbers.explanation()


def _contents_records(fw: Framework, numbers: Numbers) -> dict[tuple[str, str], PrintedNumber]:
    """The headline counts of `fw` (`headline_counts`) by measure and label, each as
    `numbers` prints it."""
    contents = headline_counts(fw)
    return {(m, label): headline_record(numbers, m, c) for m, label, c in zip(
        contents["measure"], contents["label"], contents["count"], strict=True)}


def headline_table(cmp: Comparison) -> str:
    """The headline counts of both editions and their change, as a table (Markdown)."""
    old = _contents_records(cmp.old, cmp.old_numbers)
    new = _contents_records(cmp.new, cmp.numbers)
    rows = []
    for (measure, label), after in new.items():
        before = as_earlier(old[measure, label], cmp.old.edition)
        delta = cmp.change_numbers.derived_record(
            after.value - before.value, STATISTIC, [after, before],
            text=signed_text(after.value - before.value), part=f"{measure} change",
            previous=cmp.old.edition)
        rows.append((label, before, after, delta))
    frame = pd.DataFrame(rows, columns=["Item", f"Edition {cmp.old.edition}",
                                        f"Edition {cmp.new.edition}", "Change"])
    table = ReportTable(frame, f"The headline counts of editions {cmp.old.edition} and "
                        f"{cmp.new.edition}.", "tbl-changes-headline")
    return table_markdown(table)


def rows_table(cmp: Comparison) -> str:
    """Rows added, removed and changed in each table of the data contract (Markdown)."""
    rows = []
    for t in TABLES:
        counts = [cmp.change(len(cmp.of(t.name, kind)), f"rows {kind}", row={"table": t.name})
                  for kind in (ADDED, REMOVED, CHANGED)]
        rows.append((t.filename, *counts))
    frame = pd.DataFrame(rows, columns=["Table", "Rows added", "Rows removed", "Rows changed"])
    return table_markdown(ReportTable(frame, "Rows added, removed and changed in each table of "
                                      "the data contract.", "tbl-changes-rows"))


def _names(old: Framework, new: Framework, table: str, key: str) -> dict[str, str]:
    """Names by id from both editions (the newer one's where both have it)."""
    out: dict[str, str] = {}
    for fw in (old, new):
        frame = getattr(fw, table)
        out.update(zip(frame[key].astype(str), frame["name"].astype(str), strict=True))
    return out


def _gained_lost_rows(cmp: Comparison, name: str, counts: Mapping[str, tuple[int, int]],
                      row: Mapping[str, str]) -> list[tuple[object, ...]]:
    """Two table rows for one area or institute, `name`: what it gained, then what it lost,
    each of `KINDS` in a column (`counts`: kind -> (gained, lost))."""
    return [(name, way,
             *(cmp.change(counts[k][n], f"{k} {way}", row=row) for k in KINDS))
            for n, way in enumerate(("gained", "lost"))]


COLUMNS = ["Change", *(KIND_NAMES[k][1] for k in KINDS)]


def area_changes(cmp: Comparison) -> str:
    """Per technology area: a sentence, and the occupation selections, KSA selections and
    connections its institutes gained and lost (a table, for the areas with a change)."""
    changed = cmp.changed_institutes
    if not changed:
        return "No technology area's institutes gained or lost an occupation, a KSA or a " \
               "connection.\n"
    names = _names(cmp.old, cmp.new, "technology_areas", "area_id")
    totals = area_totals(changed)
    rows = []
    for area_id, t in totals.items():
        row = {"area_id": area_id}
        counts = {k: (t[f"{k} gained"], t[f"{k} lost"]) for k in KINDS}
        rows += _gained_lost_rows(cmp, names.get(area_id, area_id), counts, row)
    frame = pd.DataFrame(rows, columns=["Technology area", *COLUMNS])
    in_either = set(cmp.old.technology_areas["area_id"]) | set(cmp.new.technology_areas["area_id"])
    all_areas = len(in_either)
    areas = plural(len(totals), "technology area", shown=cmp.shown(len(totals), "areas changed"))
    of_all = plural(all_areas, "area", shown=(
        cmp.numbers(all_areas, "technology_areas_total")
        if in_either == set(cmp.new.technology_areas["area_id"])
        else cmp.shown(all_areas, "areas in either edition")))
    text = (f"The institutes of {areas} of the {of_all} changed their selections. A KSA or "
            "an occupation counts once per institute that gained or lost it: each row sums "
            "the rows of the area's institutes in the next table.\n\n")
    return text + table_markdown(ReportTable(
        frame, "Occupation selections, KSAs and connections gained and lost by the institutes "
        "of each technology area.", "tbl-changes-areas"))


def institute_changes_text(cmp: Comparison) -> str:
    """Per institute: which changed, which joined or left, and a table of what each changed
    one gained and lost."""
    changed = cmp.changed_institutes
    total = len(cmp.new.institutes)
    old_ids = set(cmp.old.institutes["institute_id"])
    new_ids = set(cmp.new.institutes["institute_id"])
    names = _names(cmp.old, cmp.new, "institutes", "institute_id")
    joined = [markdown_text(names[i]) for i in cmp.new.institutes["institute_id"]
              if i not in old_ids]
    left = [markdown_text(names[i]) for i in cmp.old.institutes["institute_id"]
            if i not in new_ids]
    shown_total = cmp.numbers(total, "institutes_total")
    here = [i for i in changed if i.institute_id in new_ids]  # not those that left
    if not here:
        text = (f"None of the {plural(total, 'institute', shown=shown_total)} of "
                f"{_edition(cmp.new)} changed its occupation selections or essential KSAs.")
    else:
        some = plural(len(here), "institute", shown=cmp.shown(len(here), "institutes changed"))
        rest = "the others are as before" if len(here) < total else "every one did"
        text = (f"{capital(some)} of {shown_total} changed their occupation selections or "
                f"essential KSAs; {rest}.")
    if joined:
        text += f" New in {_edition(cmp.new)}: {prose_list(joined)}."
    if left:
        text += f" No longer in {_edition(cmp.new)}: {prose_list(left)}."
    if not changed:
        return text + "\n"
    rows = [r for i in changed for r in _gained_lost_rows(
        cmp, names[i.institute_id],
        {k: (len(getattr(i, k)[0]), len(getattr(i, k)[1])) for k in KINDS},
        {"institute_id": i.institute_id})]
    frame = pd.DataFrame(rows, columns=["Institute", *COLUMNS])
    return text + "\n\n" + table_markdown(ReportTable(
        frame, "Occupation selections, KSAs and connections each institute gained and lost.",
        "tbl-changes-institutes"))


def _capped(cmp: Comparison, rows: Sequence[tuple[str, ...]],
            what: str) -> tuple[list[tuple[str, ...]], str]:
    """At most `LIST_LIMIT` rows, and a sentence on the rest."""
    if len(rows) <= LIST_LIMIT:
        return list(rows), ""
    rest = len(rows) - LIST_LIMIT
    return list(rows[:LIST_LIMIT]), (
        f" The table shows the first {cmp.shown(LIST_LIMIT, f'{what} shown')}; "
        f"{cmp.shown(rest, f'{what} not shown')} more are in the output of `diff`.")


def _catalogue_part(cmp: Comparison, rows: Sequence[tuple[str, ...]], columns: list[str],
                    what: str, sentences: tuple[str, str], caption: str, label: str) -> str:
    """One kind of catalogue change: a sentence with its count (`sentences`: for one row and
    for more, each with "{}" for the count), and a table of (some of) its rows; "" when there
    are none."""
    if not rows:
        return ""
    shown, rest = _capped(cmp, rows, what)
    table = ReportTable(pd.DataFrame(shown, columns=columns), caption, label)
    sentence = sentences[0] if len(rows) == 1 else sentences[1]
    return (sentence.format(cmp.shown(len(rows), what)) + rest + "\n\n"
            + table_markdown(table, widest=60) + "\n")


def catalogue_changes(cmp: Comparison) -> str:
    """The catalogue's changes, each kind with a table: KSAs added, removed, moved in the
    competency tree or reworded; competencies renamed, added or removed; occupations added or
    removed; institutes, agencies and technology areas renamed."""
    old_ksas = cmp.old.ksas.set_index("ksa_id")
    new_ksas = cmp.new.ksas.set_index("ksa_id")
    old_comp = cmp.old.competencies.set_index("code")
    new_comp = cmp.new.competencies.set_index("code")
    old_occ = cmp.old.occupations.set_index("occupation_id")
    new_occ = cmp.new.occupations.set_index("occupation_id")

    def ksa_rows(changes: list[Change], table: pd.DataFrame) -> list[tuple[str, ...]]:
        return [(str(table.at[c.key["ksa_id"], "code"]),
                 str(table.at[c.key["ksa_id"], "statement"])) for c in changes]

    def occupation_rows(changes: list[Change], table: pd.DataFrame) -> list[tuple[str, ...]]:
        return [(str(table.at[c.key["occupation_id"], "title"]),
                 str(table.at[c.key["occupation_id"], "soc_code"])) for c in changes]

    changed_ksas = cmp.of("ksas", CHANGED)
    moved = [(str(new_ksas.at[c.key["ksa_id"], "statement"]), *c.fields["code"])
             for c in changed_ksas if "code" in c.fields]
    reworded = [(str(new_ksas.at[c.key["ksa_id"], "code"]), *c.fields["statement"])
                for c in changed_ksas if "statement" in c.fields]
    renamed = [(c.key["code"], *c.fields["name"]) for c in cmp.of("competencies", CHANGED)
               if "name" in c.fields]
    changed_occupations = cmp.of("occupations", CHANGED)
    retitled = [tuple(c.fields["title"]) for c in changed_occupations if "title" in c.fields]
    recoded = [(str(new_occ.at[c.key["occupation_id"], "title"]), *c.fields["soc_code"])
               for c in changed_occupations if "soc_code" in c.fields]
    comp_added = [(c.key["code"], str(new_comp.at[c.key["code"], "name"]))
                  for c in cmp.of("competencies", ADDED)]
    comp_removed = [(c.key["code"], str(old_comp.at[c.key["code"], "name"]))
                    for c in cmp.of("competencies", REMOVED)]
    ksa, competency, occupation = ["Code", "Statement"], ["Code", "Name"], ["Occupation",
                                                                            "SOC code"]
    kinds: list[tuple[Sequence[tuple[str, ...]], list[str], str, tuple[str, str], str, str]] = [
        # rows, columns, what, sentences (one, more), caption, label
        (ksa_rows(cmp.of("ksas", ADDED), new_ksas), ksa, "KSAs added",
         ("{} KSA is new to the catalogue.", "{} KSAs are new to the catalogue."),
         "KSAs added to the catalogue.", "ksas-added"),
        (ksa_rows(cmp.of("ksas", REMOVED), old_ksas), ksa, "KSAs removed",
         ("{} KSA left the catalogue.", "{} KSAs left the catalogue."),
         "KSAs removed from the catalogue.", "ksas-removed"),
        (moved, ["KSA", "Was under", "Now under"], "KSAs moved",
         ("{} KSA moved to another place in the competency tree.",
          "{} KSAs moved to other places in the competency tree."),
         "KSAs moved in the competency tree.", "ksas-moved"),
        (reworded, ["Code", "Was", "Now"], "KSAs reworded",
         ("{} KSA was reworded.", "{} KSAs were reworded."), "KSAs reworded.", "ksas-reworded"),
        (renamed, ["Code", "Was", "Now"], "competencies renamed",
         ("{} competency was renamed.", "{} competencies were renamed."),
         "Competencies renamed.", "competencies-renamed"),
        (comp_added, competency, "competencies added",
         ("{} competency is new to the tree.", "{} competencies are new to the tree."),
         "Competencies added.", "competencies-added"),
        (comp_removed, competency, "competencies removed",
         ("{} competency left the tree.", "{} competencies left the tree."),
         "Competencies removed.", "competencies-removed"),
        (occupation_rows(cmp.of("occupations", ADDED), new_occ), occupation, "occupations added",
         ("{} occupation is new to the list.", "{} occupations are new to the list."),
         "Occupations added.", "occupations-added"),
        (occupation_rows(cmp.of("occupations", REMOVED), old_occ), occupation,
         "occupations removed",
         ("{} occupation left the list.", "{} occupations left the list."),
         "Occupations removed.", "occupations-removed"),
        (retitled, ["Was", "Now"], "occupations retitled",
         ("{} occupation was retitled.", "{} occupations were retitled."),
         "Occupations retitled.", "occupations-retitled"),
        (recoded, ["Occupation", "SOC code was", "SOC code now"], "SOC codes changed",
         ("{} occupation has another SOC code.", "{} occupations have other SOC codes."),
         "Occupations with another SOC code.", "occupations-soc"),
    ]
    parts = [_catalogue_part(cmp, rows, columns, what, sentences, caption, f"tbl-changes-{label}")
             for rows, columns, what, sentences, caption, label in kinds]
    renames = _renames(cmp)
    found = [p for p in parts if p]
    if renames:
        found.append(renames)
    if not found:
        return "The catalogue is as it was: no KSA, competency or occupation was added, " \
               "removed, moved, reworded, renamed or recoded.\n"
    return "\n".join(found)


def _renames(cmp: Comparison) -> str:
    """Institutes, agencies and technology areas renamed, as a sentence ("" for none)."""
    found = []
    for table, what in (("institutes", "institute"), ("agencies", "agency"),
                        ("technology_areas", "technology area")):
        found += [f"the {what} {markdown_text(name_old)} is now {markdown_text(name_new)}"
                  for c in cmp.of(table, CHANGED) if "name" in c.fields
                  for name_old, name_new in [c.fields["name"]]]
    return f"Renamed: {prose_list(found)}.\n" if found else ""


def change_rows(cmp: Comparison) -> Iterable[tuple[str, str, int, int]]:
    """Each institute of either edition (the new one's order): id, name, connections gained
    and lost (for the figure)."""
    names = _names(cmp.old, cmp.new, "institutes", "institute_id")
    for i in cmp.institutes:
        gained, lost = i.connections
        yield i.institute_id, names[i.institute_id], len(gained), len(lost)

"""What the report says in prose about the framework itself: its terms with this edition's
examples (`framework_terms`), its headline counts (`contents_shown`), its tiers and the models
they build on (`tiers_paragraph`, `alignment_paragraph`), and the KSAs a tier holds
(`tier_ksas_text`, `tier5_clause`)."""

from __future__ import annotations

from competency_framework.edition.framework import Framework
from competency_framework.present.citations import (
    ABOUT_MODELS,
    BUILDING_BLOCKS,
    OCCUPATION,
    cite,
    model_citation,
)
from competency_framework.present.escape import markdown_text
from competency_framework.present.numbers import Numbers
from competency_framework.present.prose import (
    ShownShare,
    plural,
    prose_list,
    share_or_all,
    share_text,
)
from competency_framework.present.tables import TREE_TABLES, headline_record
from competency_framework.statistics.alignment import (
    aligned_ksas,
    external_references,
    node_source_frameworks,
)
from competency_framework.statistics.competencies import (
    competencies_selected,
    ksa_counts_by_competency,
    ksa_counts_by_node,
    ksa_counts_by_tier,
    ksas_under,
)
from competency_framework.statistics.network import most_selected_ksas
from competency_framework.statistics.overview import framework_contents


def framework_terms(fw: Framework) -> str:
    """What the framework is for and its terms, each with an example from the edition: the
    KSA selected most often, the competency with the most KSAs and its largest
    sub-competency."""
    esc = markdown_text
    by_competency = ksa_counts_by_competency(fw)
    nodes = ksa_counts_by_node(fw)
    top_ksa = most_selected_ksas(fw, 1).iloc[0]
    competency = by_competency.sort_values("ksas", ascending=False, kind="stable").iloc[0]
    subs = nodes.loc[(nodes["parent_code"] == competency["code"])
                     & (nodes["level"] == "sub_competency")]
    example_sub = ""
    if len(subs):
        sub = subs.sort_values("ksas", ascending=False, kind="stable").iloc[0]
        example_sub = (f" In this edition the largest sub-competency of "
                       f"{esc(competency['code'])} is {esc(sub['code'])} {esc(sub['name'])}.")
    return (
        "The framework gives job seekers, employers and training providers one vocabulary for "
        "advanced manufacturing work. It names the entry-level occupations that matter most to "
        "the institutes' industries and the KSAs those occupations require, for today's "
        "technology and for what is coming; and it lets the institutes and their industry "
        "partners talk about occupations, skills and competencies in the same terms. Its "
        "terms, as this report uses them:\n\n"
        "- **Knowledge, skill or ability (KSA):** something a worker has to know or be able to "
        f"do to perform well in a job, an occupation or an industry {cite(ABOUT_MODELS)}. "
        "The KSA the institutes "
        f"selected most often in this edition is *{esc(top_ksa['statement'])}*.\n"
        f"- **Competency** (coded like {esc(competency['code'])}): a set of related KSAs that "
        "together let a worker carry out the critical functions of work in a given setting "
        f"{cite(ABOUT_MODELS)}. The competency with the most KSAs is {esc(competency['code'])} "
        f"{esc(competency['name'])}.\n"
        "- **Sub-competency** (one more level of code): a narrower set of KSAs inside a "
        f"competency.{example_sub}\n"
        "- **Competency model:** the competencies that together describe good performance in "
        f"one work setting {cite(ABOUT_MODELS)}; a **competency framework** brings several "
        "models together.\n"
        "- **Occupation:** the kind of work a person does in a job; one occupation can span "
        f"several roles {cite(OCCUPATION)}.\n"
        "- **Occupation selection:** one institute naming one occupation as important to its "
        "industry.\n"
        "- **KSA/occupation connection:** one KSA marked essential for one occupation "
        "selection; every count of connections in this report counts these."
    )


def contents_shown(fw: Framework, numbers: Numbers) -> dict[str, str]:
    """Each headline count of the edition (`framework_contents`, by measure) as printed."""
    contents = framework_contents(fw)
    return {m: numbers.show(headline_record(numbers, m, c))
            for m, c in zip(contents["measure"], contents["count"], strict=True)}


def tiers_paragraph(fw: Framework, numbers: Numbers) -> str:
    """The tiers of the framework: the foundational ones it adopts whole, each tier as the
    edition defines it (its tier rows' `definition`, where given), tier 4 and how many of its
    competencies the institutes selected, tier 5 and the models it draws on, and the core
    competencies both hold."""
    esc = markdown_text
    tiers = ksa_counts_by_tier(fw)
    foundational = tiers.loc[tiers["competencies"] == 0]
    tier_name = dict(zip(tiers["tier"], tiers["name"], strict=True))
    tier_competencies = dict(zip(tiers["tier"], tiers["competencies"], strict=True))
    names = prose_list(f"*{esc(n)}* (tier {int(t)})"
                       for t, n in zip(foundational["tier"], foundational["name"], strict=True))
    lines = [
        "The framework stacks its competencies in tiers, from the broadest at the bottom to "
        "the most specialised at the top. Its first "
        f"{numbers.word(len(foundational), 'foundational_tiers')} tiers, {names}, "
        f"are the foundation {cite(BUILDING_BLOCKS)}. The framework adopts them "
        "as they are, as whole tiers, without cataloguing KSAs under them (@fig-building-blocks)."
    ]
    defined = tier_definitions(fw)
    if defined:
        lines.append("\n".join(f"- **Tier {t}, {esc(tier_name[t])}:** {esc(d)}"
                               for t, d in defined.items()))
    if 4 in tier_name:
        share = competencies_selected(fw, 4)
        selected = share_or_all(
            share, "tier-4 competency", "tier-4 competencies", of="its",
            shown=numbers.share(share, "competencies_selected", tiers=[4]),
            shown_word=numbers.word(share.denominator, "competencies_with_ksas", tiers=[4]))
        lines.append(
            f"Tier 4, *{esc(tier_name[4])}*, is the framework's starting point. The "
            f"institutes selected essential KSAs under {selected}."
        )
    if 5 in tier_name:
        refs = external_references(fw)
        models = prose_list(esc(m) + model_citation(m) for m in dict.fromkeys(
            refs.loc[refs["tier"] == 5, "source_framework"]))
        n5 = int(tier_competencies[5])
        count = plural(n5, "competency", "competencies",
                       shown=numbers(n5, "competencies", tiers=[5]))
        tier5 = refs.loc[refs["tier"] == 5, "source_framework"]
        n_models = tier5.nunique()
        from_models = int((fw.competencies["level"].eq("competency") & fw.competencies["tier"].eq(5)
                           & fw.competencies["source_framework"].ne("")).sum())
        rest = ("" if from_models >= n5 else
                "; the rest were defined for the framework")
        origin = (f"{'All' if not rest else 'Some'} draw on "
                  f"{'other models' if n_models > 1 else 'another model'}, namely {models}"
                  f"{rest}." if models else "None derives from an outside model.")
        lines.append(
            "KSAs too specialised for tier 4 have a tier of their own: "
            f"tier 5, *{esc(tier_name[5])}*, with {count}. {origin}"
        )
    core = int(ksa_counts_by_competency(fw)["tier"].isin([4, 5]).sum())
    core_shown = numbers(core, "competencies", tiers=[4, 5])
    lines.append(
        "Together, tiers 4 and 5 hold the framework's "
        f"{plural(core, 'core competency', 'core competencies', shown=core_shown)}; "
        "Appendix A lists them with "
        "their sub-competencies."
    )
    return "\n\n".join(lines)


def tier_definitions(fw: Framework) -> dict[int, str]:
    """Each tier's definition as the edition gives it (the tier rows of `competencies.csv`),
    tiers in order; tiers without one are left out."""
    comp = fw.competencies
    rows = comp.loc[(comp["level"] == "tier") & (comp["definition"].str.strip() != "")]
    return {int(t): str(d).strip()
            for t, d in sorted(zip(rows["tier"], rows["definition"], strict=True))}


def alignment_paragraph(fw: Framework, numbers: Numbers) -> str:
    """How the KSAs align with external models: the share under any model, under the model
    tier 4 comes from, and under each of the two largest competencies."""
    esc = markdown_text
    node_source = dict(node_source_frameworks(fw).itertuples(index=False, name=None))
    base_model = node_source.get("4", "")
    models = sorted(set(node_source.values()) - {""})
    any_model, base = aligned_ksas(fw), aligned_ksas(fw, [base_model])
    any_shown = numbers.share(any_model, "ksas_by_source_framework", frameworks=models)
    base_shown = numbers.share(base, "ksas_by_source_framework", frameworks=[base_model])
    bullets = [
        f"**{share_text(any_model, 'essential KSA', of='the', shown=any_shown)}** sit under a "
        "competency that derives from an external model.",
        f"**{share_text(base, 'KSA', of='the', shown=base_shown)}** align with the "
        f"{esc(base_model)}, the model tier 4 comes from.",
    ]
    largest = ksa_counts_by_competency(fw).sort_values("ksas", ascending=False,
                                                       kind="stable").head(2)
    for code, name in zip(largest["code"], largest["name"], strict=True):
        under = numbers.share(ksas_under(fw, code), "ksas_under_competency", code=code)
        bullets.append(f"**{under.percent}** of the KSAs ({under.numerator}) fall "
                       f"under {esc(code)} {esc(name)}.")
    return (
        "A KSA aligns with the model its competency or sub-competency derives from, the "
        "nearest one named above it in the tree:\n\n" + "\n".join(f"- {b}" for b in bullets)
        + "\n\n@tbl-ksas-by-model counts the KSAs by model."
    )


def tier_ksas_text(fw: Framework, tier: int, numbers: Numbers) -> str:
    """The essential KSAs under one tier, "1,020 essential KSAs", or "none" when the edition
    has no such tier."""
    ksas = dict(zip(ksa_counts_by_tier(fw)["tier"], ksa_counts_by_tier(fw)["ksas"], strict=True))
    if tier not in ksas:
        return "none"
    n = int(ksas[tier])
    by = (TREE_TABLES[tier],) if tier in TREE_TABLES else ()
    return plural(n, "essential KSA", shown=numbers(n, "ksas_in_tier", by=by, tier=tier))


def tier5_clause(fw: Framework, numbers: Numbers) -> str:
    """The clause on the tier-5 KSAs in the conclusions: ", which hold 300 of the 1,247 KSAs
    (24%) and", or ", " in an edition without tier 5."""
    if "5" not in set(fw.competencies["code"]):
        return ", "
    share = ksas_under(fw, "5")
    by = (TREE_TABLES[5],)  # the published table of tier 5 fixes its count, and so its share
    shown = ShownShare(numbers(share.numerator, "ksas_in_tier", by=by, tier=5),
                       numbers(share.denominator, "ksas_total"),
                       numbers(share.percent, "ksas_in_tier_percent", by=by, part="percent",
                               tier=5))
    return f", which hold {share_text(share, 'KSA', of='the', shown=shown)} and"

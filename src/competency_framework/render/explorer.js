// The index of KSAs and occupations on the Data page, and the view of one of them
// (?ksa=<id> or ?occupation=<id>), drawn from window.ENTITIES (data/entities.js, which the
// build writes: see present/entities.py). Everything is built with textContent: no text from
// the data is ever read as HTML.
(function () {
  "use strict";
  const root = document.getElementById("explore");
  const data = window.ENTITIES;
  if (!root) return;
  if (!data) { root.textContent = "The index's data file (data/entities.js) is missing."; return; }
  const DAGGER = "\u2020";
  const PAGE = 50;
  const mark = data.reconstructed ? DAGGER : "";

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const c of children) node.append(c);
    return node;
  }
  function link(href, text) { return el("a", {href}, text); }
  function here(kind, id) { return "?" + kind + "=" + encodeURIComponent(id); }
  function byText(a, b) { return a.localeCompare(b, "en", {numeric: true}); }
  function count(n, one, many) { return n.toLocaleString("en-US") + " " + (n === 1 ? one : many); }

  // ------------------------------------------------------------------ the data, indexed
  const areas = data.areas.map(([id, name]) => ({id, name}));
  const institutes = data.institutes.map(([id, name, area]) => ({id, name, area}));
  const tree = data.competencies;
  const ksas = data.ksas.map(([id, statement, code, competency, sub, source], n) => ({
    kind: "ksa", n, id, statement, code, competency, sub, source,
    institutes: new Set(), areas: new Set(), occupations: new Set(), connections: 0}));
  const occupations = data.occupations.map(([id, title, soc], n) => ({
    kind: "occupation", n, id, title, soc, institutes: new Set(), areas: new Set(),
    ksas: new Set(), competencies: new Set(), connections: 0}));
  for (const [i, o] of data.selections) {
    occupations[o].institutes.add(i);
    occupations[o].areas.add(institutes[i].area);
  }
  for (const [i, o, k] of data.connections) {
    const ksa = ksas[k], occ = occupations[o];
    ksa.institutes.add(i); ksa.areas.add(institutes[i].area); ksa.occupations.add(o);
    ksa.connections += 1;
    occ.ksas.add(k); occ.competencies.add(ksa.competency); occ.connections += 1;
  }
  const byId = {ksa: new Map(ksas.map((x) => [x.id, x])),
                occupation: new Map(occupations.map((x) => [x.id, x]))};
  function name(code) { return tree[code] ? code + " " + tree[code][0] : code; }
  function printedIn(kind, id) {
    return ((data.printed[kind] || {})[id] || []).map((n) => data.chapters[n]);
  }
  for (const x of ksas)  // what the search reads, once
    x.text = [x.statement, x.code, x.id, name(x.competency), name(x.sub)].join(" ").toLowerCase();
  for (const x of occupations) x.text = [x.title, x.soc, x.id].join(" ").toLowerCase();

  // ------------------------------------------------------------------ one entity's view
  function field(list, term, ...values) {
    list.append(el("dt", {}, term));
    const dd = el("dd", {});
    values.forEach((v, i) => { if (i) dd.append(", "); dd.append(v); });
    list.append(dd);
  }
  function institutesList(set) {
    const sorted = [...set].map((i) => institutes[i])
      .sort((a, b) => byText(a.name, b.name) || byText(a.id, b.id));
    if (!sorted.length) return el("p", {}, "None.");
    return el("ul", {}, ...sorted.map((x) => el("li", {}, x.name + (x.area >= 0 ? " (" +
      areas[x.area].name + ")" : ""))));
  }
  function printedList(kind, id) {
    const pages = printedIn(kind, id);
    if (!pages.length) return el("p", {}, "The report's tables do not name it.");
    return el("ul", {}, ...pages.map(([href, title]) => el("li", {}, link(href, title))));
  }
  function section(title, ...content) { return el("section", {}, el("h4", {}, title), ...content); }

  function ksaView(x) {
    const facts = el("dl", {});
    field(facts, "Identifier", el("code", {}, x.id));
    const tier = tree[x.code] ? String(tree[x.code][1]) : "";
    const placed = data.reconstructed && x.source !== "published" ? DAGGER : "";
    field(facts, "Place in the competency tree" + placed, [tier, x.competency, x.sub, x.code]
      .filter((c, i, all) => c && all.indexOf(c) === i).map(name).join(" \u203a "));
    if (x.source !== "published" && data.reconstructed)
      field(facts, "Statement", "a placeholder: the published report does not print this KSA's statement");
    field(facts, "Connections" + mark, String(x.connections));
    const occs = [...x.occupations].map((o) => occupations[o])
      .sort((a, b) => byText(a.title, b.title) || byText(a.id, b.id));
    return [el("h3", {tabindex: "-1"}, x.statement), facts,
      section("Institutes that select it" + mark, institutesList(x.institutes)),
      section("Technology areas" + mark, el("p", {}, [...x.areas].filter((a) => a >= 0)
        .map((a) => areas[a].name).sort(byText).join(", ") || "None.")),
      section("Occupations it is essential for" + mark, occs.length ? el("ul", {},
        ...occs.map((o) => el("li", {}, link(here("occupation", o.id), o.title)))) :
        el("p", {}, "None.")),
      section("In the report", printedList("ksa", x.id))];
  }

  function occupationView(x) {
    const facts = el("dl", {});
    field(facts, "Identifier", el("code", {}, x.id));
    const soc = /^\d\d-\d{4}(\.\d\d)?$/.test(x.soc) ? link(data.onet + (x.soc.includes(".") ?
      x.soc : x.soc + ".00"), x.soc + " on O*NET OnLine") : (x.soc || "none");
    field(facts, "SOC code" + mark, soc);
    field(facts, "Connections" + mark, String(x.connections));
    const groups = new Map();
    for (const k of x.ksas) {
      const ksa = ksas[k];
      if (!groups.has(ksa.competency)) groups.set(ksa.competency, []);
      groups.get(ksa.competency).push(ksa);
    }
    const order = [...groups.keys()].sort(byText);
    const byCompetency = order.length ? order.map((c) => el("section", {},
      el("h5", {}, name(c)), el("ul", {}, ...groups.get(c)
        .sort((a, b) => byText(a.code, b.code) || byText(a.id, b.id))
        .map((k) => el("li", {}, link(here("ksa", k.id), k.statement), " (" + k.code + ")")))))
      : [el("p", {}, "None.")];
    return [el("h3", {tabindex: "-1"}, x.title), facts,
      section("Institutes that select it" + mark, institutesList(x.institutes)),
      el("section", {}, el("h4", {}, "Its essential KSAs, by competency" + mark), ...byCompetency),
      section("In the report", printedList("occupation", x.id))];
  }

  // ------------------------------------------------------------------ the index
  function select(label, id, options) {
    const s = el("select", {id});
    for (const [value, textValue] of options) s.append(el("option", {value}, textValue));
    return [el("label", {for: id}, label), s];
  }
  function matches(x, query, kind, area, institute, competency) {
    if (kind && x.kind !== kind) return false;
    if (area !== "" && !x.areas.has(Number(area))) return false;
    if (institute !== "" && !x.institutes.has(Number(institute))) return false;
    if (competency && !(x.kind === "ksa" ? x.competency === competency :
      x.competencies.has(competency))) return false;
    return query.every((t) => x.text.includes(t));
  }

  function index() {
    const search = el("input", {type: "search", id: "explore-search",
      placeholder: "words of a statement, a title, a code"});
    const topCompetencies = Object.keys(tree).filter((c) => ksas.some((k) => k.competency === c))
      .sort(byText);
    const controls = el("div", {class: "explore-controls"},
      el("label", {for: "explore-search"}, "Search"), search,
      ...select("Show", "explore-kind", [["", "KSAs and occupations"], ["ksa", "KSAs"],
        ["occupation", "Occupations"]]),
      ...select("Technology area", "explore-area", [["", "All areas"],
        ...areas.map((a, i) => [String(i), a.name])]),
      ...select("Institute", "explore-institute", [["", "All institutes"],
        ...institutes.map((x, i) => [String(i), x.name])
          .sort((a, b) => byText(a[1], b[1]) || byText(a[0], b[0]))]),
      ...select("Competency", "explore-competency", [["", "All competencies"],
        ...topCompetencies.map((c) => [c, name(c)])]));
    const status = el("p", {class: "explore-count"});  // announced once the reader acts
    const list = el("ul", {class: "explore-results"});
    const more = el("button", {type: "button"}, "Show more");
    let shown = PAGE, hits = [];
    const all = [...ksas, ...occupations];
    function draw() {
      list.replaceChildren(...hits.slice(0, shown).map((x) => el("li", {},
        link(here(x.kind, x.id), x.kind === "ksa" ? x.statement : x.title),
        el("span", {class: "explore-kind"}, x.kind === "ksa" ? " KSA " + x.code :
          " occupation" + (x.soc ? " " + x.soc : "")))));
      more.hidden = hits.length <= shown;
    }
    function showMore() {  // the first newly shown result takes the focus
      const first = shown;
      shown += PAGE;
      draw();
      const link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    }
    function update() {
      const query = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      const values = ["explore-kind", "explore-area", "explore-institute", "explore-competency"]
        .map((id) => document.getElementById(id).value);
      hits = all.filter((x) => matches(x, query, ...values));
      shown = PAGE;
      status.textContent = count(hits.length, "match", "matches") + " of " +
        count(all.length, "KSA or occupation", "KSAs and occupations");
      draw();
    }
    more.addEventListener("click", showMore);
    controls.addEventListener("input", () => { status.setAttribute("role", "status"); update(); });
    const box = el("section", {class: "explore-index", "aria-label": "Index of KSAs and occupations"},
      controls, status, list, more);
    return [box, update];
  }

  // ------------------------------------------------------------------ the page
  const params = new URLSearchParams(window.location.search);
  const content = [];
  let heading = null;
  for (const kind of ["ksa", "occupation"]) {
    const id = params.get(kind);
    if (id === null) continue;
    const x = byId[kind].get(id);
    const view = el("article", {class: "entity-view"});
    if (x) {
      view.append(...(kind === "ksa" ? ksaView(x) : occupationView(x)));
      if (data.reconstructed) view.append(el("p", {class: "entity-note"}, DAGGER + " " + data.note));
    } else {
      view.append(el("h3", {tabindex: "-1"}, "Not in this edition"),
        el("p", {}, "Edition " + data.edition + " has no " + (kind === "ksa" ? "KSA" :
          "occupation") + " with the identifier " + id + "."));
    }
    view.append(el("p", {}, link("?#" + root.id, "All KSAs and occupations")));
    heading = view.querySelector("h3");
    document.title = heading.textContent + " \u2013 " + document.title;
    content.push(view);
    break;
  }
  const [box, update] = index();
  content.push(box);
  root.replaceChildren(...content);
  update();
  if (heading) { root.scrollIntoView(); heading.focus({preventScroll: true}); }
})();

// Search the report in the browser: every term (case ignored) must occur in a section's page
// title, heading or text; titles and headings rank first. The index is search-index.js.
(function () {
  "use strict";
  const input = document.getElementById("search-input");
  const out = document.getElementById("search-results");
  const index = window.SEARCH_INDEX || [];
  const root = document.body.dataset.root || "";
  if (!input || !out) return;

  function snippet(text, term) {
    const at = text.toLowerCase().indexOf(term);
    if (at < 0) return text.slice(0, 120);
    const start = Math.max(0, at - 50);
    return (start > 0 ? "\u2026" : "") + text.slice(start, at + 90) + "\u2026";
  }

  function show(query) {
    out.replaceChildren();
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!terms.length) return;
    const hits = [];
    for (const entry of index) {
      const head = (entry.page + " " + entry.section).toLowerCase();
      const all = head + " " + entry.text.toLowerCase();
      if (!terms.every((t) => all.includes(t))) continue;
      hits.push({entry, score: terms.filter((t) => head.includes(t)).length});
    }
    hits.sort((a, b) => b.score - a.score);
    const count = document.createElement("p");
    count.textContent = hits.length ? `${hits.length} result${hits.length > 1 ? "s" : ""}`
      : "No results";
    out.append(count);
    const list = document.createElement("ol");
    for (const {entry} of hits.slice(0, 25)) {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = root + entry.href;
      link.textContent = entry.section ? `${entry.page}: ${entry.section}` : entry.page;
      const text = document.createElement("span");
      text.className = "snippet";
      text.textContent = snippet(entry.text, terms[0]);
      item.append(link, text);
      list.append(item);
    }
    out.append(list);
  }

  input.addEventListener("input", () => show(input.value));
  const wanted = new URLSearchParams(window.location.search).get("q");
  if (wanted) { input.value = wanted; show(wanted); }
})();

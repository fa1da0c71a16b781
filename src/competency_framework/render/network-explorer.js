// Figure 2 as an interactive figure: draws the network map into every .network-explorer
// container from window.NETWORK_EXPLORER (data/figures/network-explorer.js, written by the
// build from present/figures/network_explorer.py). Pointing at or focusing a circle shows its
// name, kind, connections and the nodes it links to, and highlights its lines; a technology
// area can be chosen to dim the rest. Keyboard: Tab reaches the map, the arrow keys move from
// circle to circle (Page Up/Down: to the next ring), Home/End, Escape clears. No randomness
// and nothing fetched: the same data draws the same DOM.
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const NEIGHBOURS = 10; // the linked nodes a node's details name
  const MIN_HIT = 14; // the radius a pointer can hit, in SVG units
  let made = 0;

  function svg(name, attrs, parent) {
    const el = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    if (parent) parent.appendChild(el);
    return el;
  }

  function html(name, attrs, text, parent) {
    const el = document.createElement(name);
    for (const [k, v] of Object.entries(attrs || {})) el.setAttribute(k, String(v));
    if (text) el.textContent = text;
    if (parent) parent.appendChild(el);
    return el;
  }

  const fmt = (n) => n.toLocaleString("en-US");
  const plural = (n, word) => fmt(n) + " " + word + (n === 1 ? "" : "s");
  const r2 = (v) => Math.round(v * 10) / 10;

  // a node's place on the map in polar form (the map's angles: counter-clockwise, y up)
  const polar = (n) => [Math.hypot(n.x, n.y), Math.atan2(-n.y, n.x)];
  const point = (r, a) => r2(r * Math.cos(a)) + " " + r2(-r * Math.sin(a));

  // a line from the selections (or institutes, areas) to a KSA: a spiral in the band between
  // the rings, turning the short way, as the static figure draws it
  function spiral(from, to) {
    const [r0, a0] = polar(from);
    const r1 = polar(to)[0] - 10;
    const a1 = polar(to)[1];
    let turn = (a1 - a0 + Math.PI) % (2 * Math.PI);
    if (turn < 0) turn += 2 * Math.PI;
    turn -= Math.PI;
    const steps = 12;
    let d = "";
    for (let i = 0; i <= steps; i++) {
      const t = i / steps;
      const ease = t * t * (3 - 2 * t);
      d += (i ? "L" : "M") + point(r0 + (r1 - r0) * t, a0 + turn * ease);
    }
    return d;
  }

  // the angles of the lettered KSAs' letters, nudged apart so that none overlap
  function spread(angles, gap) {
    const order = angles.map((a, i) => i).sort((i, j) => angles[j] - angles[i] || i - j);
    const placed = order.map((i) => angles[i]);
    for (let k = 1; k < placed.length; k++) placed[k] = Math.min(placed[k], placed[k - 1] - gap);
    let shift = 0;
    order.forEach((i, k) => { shift += angles[i] - placed[k]; });
    shift = placed.length ? shift / placed.length / 2 : 0;
    const out = [];
    order.forEach((i, k) => { out[i] = placed[k] + shift; });
    return out;
  }

  // the corners of the static figure's markers (matplotlib's s, ^, D, v, p, h), each with
  // the area of the circle of radius r
  const CORNERS = {s: [4, Math.PI / 4], "^": [3, -Math.PI / 2], D: [4, 0], v: [3, Math.PI / 2],
                   p: [5, -Math.PI / 2], h: [6, -Math.PI / 2]};
  function shape(marker, x, y, r) {
    const [n, start] = CORNERS[marker] || [4, Math.PI / 4];
    // the polygon's corners at the radius that gives it the circle's area (its size)
    const R = r * Math.sqrt(2 * Math.PI / (n * Math.sin(2 * Math.PI / n)));
    const out = [];
    for (let k = 0; k < n; k++) {
      const a = start + 2 * Math.PI * k / n;
      out.push(r2(x + R * Math.cos(a)) + "," + r2(y + R * Math.sin(a)));
    }
    return out.join(" ");
  }

  function label(parent, text, x, y, cls, anchor) {
    const lines = text.split("\n");
    const t = svg("text", {x: x, y: y, class: cls, "text-anchor": anchor || "middle"}, parent);
    lines.forEach((line, i) => {
      const span = svg("tspan", {x: x, dy: i ? "1.1em" : r2(-(lines.length - 1) * 0.55) + "em"},
                       t);
      span.textContent = line;
    });
    t.setAttribute("dominant-baseline", "central");
    return t;
  }

  function draw(box, data) {
    made += 1;
    const uid = "nx" + made;
    const nodes = data.nodes;
    const areas = data.areas;
    const kinds = data.edge_kinds;
    const edges = data.edges.map((e) => ({s: e[0], t: e[1], area: e[2], kind: kinds[e[3]],
                                          n: e[4], w: e[5]}));
    const links = nodes.map(() => []); // per node: the edges at it
    edges.forEach((e, i) => { links[e.s].push(i); links[e.t].push(i); });
    const kindName = (n) => data.kinds[n.kind] || n.kind;
    const fullName = (n) => n.kind === "selection" && n.detail ? n.name + " at " + n.detail
      : n.name;
    const lower = (text) => text.charAt(0).toLowerCase() + text.slice(1);
    // a reconstructed edition's counts are the model's choice, marked as the report marks them
    const mark = data.reconstructed ? "\u2020" : "";

    box.replaceChildren();
    box.classList.add("nx-ready");
    html("p", {class: "nx-help", id: uid + "-help"},
         "Interactive version of the figure above. Point at a circle, or press Tab to reach " +
         "the map and the arrow keys to move from circle to circle (Page Up and Page Down " +
         "jump to the next ring, Escape clears), to see its name and connections and " +
         "highlight its lines. Choose a technology area to show only its part of the network." +
         (mark ? " " + mark + " " + data.note : ""), box);
    const controls = html("div", {class: "nx-controls"}, "", box);
    html("label", {for: uid + "-area"}, "Technology area", controls);
    const select = html("select", {id: uid + "-area"}, "", controls);
    html("option", {value: ""}, "All technology areas", select);
    areas.forEach((a, i) => html("option", {value: String(i)}, a.name, select));
    const panel = html("div", {class: "nx-details", role: "status", "aria-live": "polite",
                               id: uid + "-details"}, "", box);
    const idle = () => {
      panel.replaceChildren();
      html("p", {class: "nx-idle"}, "Point at or focus a circle to see its details here.",
           panel);
    };
    idle();

    const map = svg("svg", {viewBox: "-1240 -1240 2480 2480", class: "nx-map", role: "group",
                            "aria-label": "Network map of " + plural(nodes.length, "node") +
                            " and " + plural(edges.length, "line"),
                            "aria-describedby": uid + "-help"}, box);
    svg("circle", {cx: 0, cy: 0, r: data.rings.ksa, class: "nx-ring"}, map);
    const edgeLayer = svg("g", {class: "nx-edges", "aria-hidden": "true"}, map);
    const edgeEls = edges.map((e) => {
      const a = nodes[e.s], b = nodes[e.t];
      const colour = e.kind.startsWith("agency-") || e.area < 0 ? data.neutral
        : areas[e.area].colour;
      const d = e.kind === "link" ? spiral(a, b)
        : "M" + r2(a.x) + " " + r2(a.y) + "L" + r2(b.x) + " " + r2(b.y);
      return svg("path", {d: d, stroke: colour, "stroke-width": e.w,
                          class: "nx-edge " + (e.kind === "link" ? "nx-link" : "nx-tree")},
                 edgeLayer);
    });

    const nodeLayer = svg("g", {class: "nx-nodes"}, map);
    const order = nodes.map((n, i) => i).sort((i, j) => nodes[j].r - nodes[i].r || i - j);
    const nodeEls = [];
    const instituteCount = nodes.filter((n) => n.kind === "institute").length;
    order.forEach((i) => {
      const n = nodes[i];
      const g = svg("g", {class: "nx-node nx-" + n.kind, tabindex: -1, role: "img",
                          "aria-label": fullName(n) + ", " + lower(kindName(n)) + ": " +
                          plural(n.connections, "connection") + mark}, nodeLayer);
      g.dataset.index = String(i);
      const [rad, ang] = polar(n);
      if (n.kind === "competency_group") {
        const arc = data.rings.arc;
        const large = Math.abs(n.arc[0] - n.arc[1]) > Math.PI ? 1 : 0;
        svg("path", {d: "M" + point(arc, n.arc[0] - 0.004) + "A" + arc + " " + arc + " 0 " +
                     large + " 1 " + point(arc, n.arc[1] + 0.004), class: "nx-arc"}, g);
        svg("circle", {cx: n.x, cy: n.y, r: 45, class: "nx-focus-ring"}, g);
        svg("circle", {cx: n.x, cy: n.y, r: 40, class: "nx-hit"}, g);
        label(g, n.label, n.x, n.y, "nx-group-label");
      } else {
        svg("circle", {cx: n.x, cy: n.y, r: n.r + 9, class: "nx-focus-ring"}, g);
        svg("circle", {cx: n.x, cy: n.y, r: Math.max(n.r, MIN_HIT), class: "nx-hit"}, g);
        const r = Math.max(n.r, 2);
        if (!n.marker || n.marker === "o") {
          svg("circle", {cx: n.x, cy: n.y, r: r, fill: n.colour, class: "nx-dot"}, g);
        } else {  // past seven areas, a shape tells apart two areas of one colour
          svg("polygon", {points: shape(n.marker, n.x, n.y, r), fill: n.colour,
                          class: "nx-dot"}, g);
        }
      }
      if (n.kind === "agency") label(g, n.label, n.x, n.y, "nx-label nx-strong");
      if (n.kind === "area") {
        const side = Math.sin(ang) > 0.7 ? Math.cos(ang) : 0;
        const anchor = side > 0.05 ? "start" : side < -0.05 ? "end" : "middle";
        label(g, n.label, r2(385 * Math.cos(ang)), r2(-385 * Math.sin(ang)),
              "nx-label nx-strong", anchor);
      }
      if (n.kind === "institute" && n.label && instituteCount) {
        let deg = (ang * 180 / Math.PI) % 360;
        if (deg < 0) deg += 360;
        const right = deg <= 90 || deg >= 270;
        const x = r2((rad + 40) * Math.cos(ang)), y = r2(-(rad + 40) * Math.sin(ang));
        const t = label(g, n.label.replace(/\n/g, " "), x, y, "nx-label",
                        right ? "start" : "end");
        t.setAttribute("transform", "rotate(" + r2(-(right ? deg : deg - 180)) + " " + x +
                       " " + y + ")");
      }
      nodeEls[i] = g;
    });
    const lettered = nodes.map((n, i) => i).filter((i) => nodes[i].letter);
    const letterAngles = spread(lettered.map((i) => polar(nodes[i])[1]), 0.055);
    lettered.forEach((i, k) => {
      const a = letterAngles[k];
      const n = nodes[i];
      const g = svg("g", {class: "nx-letter", "aria-hidden": "true"}, nodeEls[i]);
      svg("path", {d: "M" + r2(n.x) + " " + r2(n.y) + "L" + point(1055, a)}, g);
      label(g, n.letter, r2(1085 * Math.cos(a)), r2(-1085 * Math.sin(a)), "nx-label nx-strong");
    });

    // --- state: the area shown, the node whose details show, the node with the tab stop ---
    let area = -1;
    let shown = -1;
    let current = 0;
    let lit = [];
    const visible = (i) => area < 0 || nodes[i].areas.includes(area);
    const edgeVisible = (e) => area < 0 || e.area === area;

    function details(i) {
      panel.replaceChildren();
      const n = nodes[i];
      const title = html("p", {class: "nx-title"}, "", panel);
      html("span", {class: "nx-swatch", style: "background:" + n.colour, "aria-hidden": "true"},
           "", title);
      html("strong", {}, fullName(n), title);
      const facts = [kindName(n)];
      if (n.detail && n.kind !== "selection") facts.push(n.detail);
      facts.push(plural(n.connections, "connection") + mark);
      if (n.letter) facts.push("lettered " + n.letter + " in the figure's key");
      html("p", {class: "nx-meta"}, facts.join(" \u00b7 "), panel);
      const near = new Map();
      links[i].filter((k) => edgeVisible(edges[k])).forEach((k) => {
        const e = edges[k];
        const other = e.s === i ? e.t : e.s;
        near.set(other, (near.get(other) || 0) + e.n);
      });
      const ranked = [...near.entries()].sort((a, b) => b[1] - a[1] ||
        fullName(nodes[a[0]]).localeCompare(fullName(nodes[b[0]]), "en") || a[0] - b[0]);
      if (!ranked.length) {
        html("p", {class: "nx-linked"}, "No lines reach it on the map" +
             (area < 0 ? "." : " in this technology area."), panel);
        return;
      }
      html("p", {class: "nx-linked-head"}, "Linked on the map to " +
           plural(ranked.length, "node") + (ranked.length > NEIGHBOURS ? ", the " + NEIGHBOURS +
           " with the most connections" : "") + " (connections in brackets):", panel);
      html("p", {class: "nx-linked"}, ranked.slice(0, NEIGHBOURS).map(([j, count]) =>
        fullName(nodes[j]) + " (" + fmt(count) + mark + ")").join("; ") +
        (ranked.length > NEIGHBOURS ? "; \u2026" : "."), panel);
    }

    function highlight(i) {
      lit.forEach((k) => edgeEls[k].classList.remove("nx-on"));
      nodeEls.forEach((g) => g.classList.remove("nx-near", "nx-current"));
      lit = [];
      map.classList.toggle("nx-focused", i >= 0);
      if (i < 0) return;
      nodeEls[i].classList.add("nx-current");
      links[i].filter((k) => edgeVisible(edges[k])).forEach((k) => {
        edgeEls[k].classList.add("nx-on");
        lit.push(k);
        const e = edges[k];
        nodeEls[e.s === i ? e.t : e.s].classList.add("nx-near");
      });
    }

    function show(i) {
      if (i === shown) return;
      shown = i;
      highlight(i);
      if (i < 0) idle(); else details(i);
    }

    function moveStop(i) {
      nodeEls[current].setAttribute("tabindex", "-1");
      current = i;
      nodeEls[current].setAttribute("tabindex", "0");
    }

    function step(from, by) {
      for (let k = 1; k <= nodes.length; k++) {
        const i = (from + by * k + nodes.length * k) % nodes.length;
        if (visible(i)) return i;
      }
      return from;
    }

    // the first (visible) node of i's ring: nodes of one kind are consecutive in the data
    function ringStart(i) {
      let j = i;
      for (;;) {
        const p = step(j, -1);
        if (p >= j || nodes[p].kind !== nodes[i].kind) return j;
        j = p;
      }
    }

    function nextRing(from, by) {
      let i = from;
      for (let k = 0; k < nodes.length; k++) {
        i = step(i, by);
        if (nodes[i].kind !== nodes[from].kind) break;
      }
      return by < 0 ? ringStart(i) : i;
    }

    function applyArea(value) {
      area = value === "" ? -1 : Number(value);
      nodeEls.forEach((g, i) => {
        const out = !visible(i);
        g.classList.toggle("nx-out", out);
        if (out) g.setAttribute("aria-hidden", "true"); else g.removeAttribute("aria-hidden");
      });
      edgeEls.forEach((el, k) => el.classList.toggle("nx-out", !edgeVisible(edges[k])));
      if (!visible(current)) moveStop(step(current, 1));
      const keep = shown;
      shown = -2;
      show(keep >= 0 && visible(keep) ? keep : -1);
    }

    moveStop(0);
    nodeEls.forEach((g, i) => {
      // the panel is read aloud for a focused circle, not for each one the pointer crosses
      g.addEventListener("focus", () => {
        panel.setAttribute("aria-live", "polite"); moveStop(i); show(i);
      });
      g.addEventListener("mouseenter", () => { panel.setAttribute("aria-live", "off"); show(i); });
      g.addEventListener("mouseleave", () => {
        show(document.activeElement && map.contains(document.activeElement) ? current : -1);
      });
      g.addEventListener("click", () => g.focus());
    });
    map.addEventListener("keydown", (ev) => {
      const moves = {ArrowRight: () => step(current, 1), ArrowDown: () => step(current, 1),
                     ArrowLeft: () => step(current, -1), ArrowUp: () => step(current, -1),
                     PageDown: () => nextRing(current, 1), PageUp: () => nextRing(current, -1),
                     Home: () => step(nodes.length - 1, 1), End: () => step(0, -1)};
      if (ev.key === "Escape") {
        show(-1);
        ev.preventDefault();
      } else if (moves[ev.key]) {
        nodeEls[moves[ev.key]()].focus();
        ev.preventDefault();
      }
    });
    select.addEventListener("change", () => applyArea(select.value));
  }

  function start() {
    document.querySelectorAll(".network-explorer:not(.nx-ready)").forEach((box) => {
      const data = window.NETWORK_EXPLORER;
      if (!data || !Array.isArray(data.nodes) || !data.nodes.length) {
        box.replaceChildren();
        html("p", {class: "nx-message"}, "The interactive version of this figure cannot be " +
             "shown: its data file (data/figures/network-explorer.js) is missing. The figure " +
             "above shows the same network.", box);
        return;
      }
      draw(box, data);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

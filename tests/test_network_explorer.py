"""The interactive Figure 2 (`present/figures/network_explorer.py`, `render/network-explorer.js`):
its data is deterministic, consistent and escaped; its placeholder is HTML only and prints no
number; and in Chromium, a node focused with the keyboard shows its name and connections, and
choosing a technology area dims the others (both renderers' sites of the tiny edition)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest
from hostile_edition import HOSTILE, write_hostile_edition
from paths import TINY
from report_project import built_report, chromium, served

from competency_framework import load_edition
from competency_framework.present.exports import site_link
from competency_framework.present.figures.network_explorer import (
    EDGE_FIELDS,
    EXPLORER_DATA,
    EXPLORER_GLOBAL,
    EXPLORER_SCRIPT,
    EXPLORER_STYLE,
    network_explorer_data,
    network_explorer_markup,
    network_explorer_script,
    script_text,
)
from competency_framework.render.markdown import EXPLORER_ASSETS

PAGE = "report/executed/30_network_insights.html"


def read_script(text: str) -> dict:
    """The data of a file `script_text` wrote."""
    prefix, suffix = f"window.{EXPLORER_GLOBAL} = ", ";\n"
    assert text.startswith(prefix) and text.endswith(suffix)
    return json.loads(text[len(prefix):-len(suffix)])


def by_id(data: dict) -> dict[str, dict]:
    return {n["id"]: n for n in data["nodes"]}


def area_ids(data: dict, node: dict) -> list[str]:
    return [data["areas"][i]["id"] for i in node["areas"]]


def test_same_edition_same_data_and_bytes(tiny):
    assert network_explorer_data(tiny) == network_explorer_data(tiny)
    first, again = network_explorer_script(tiny), network_explorer_script(load_edition(TINY))
    assert first.encode("utf-8") == again.encode("utf-8")
    assert read_script(first) == json.loads(json.dumps(network_explorer_data(tiny)))


def test_nodes_are_unique_and_every_edge_joins_two_of_them(tiny):
    data = network_explorer_data(tiny)
    ids = [n["id"] for n in data["nodes"]]
    assert len(ids) == len(set(ids))
    assert data["edge_fields"] == list(EDGE_FIELDS)
    for source, target, area, kind, connections, width in data["edges"]:
        assert 0 <= source < len(ids) and 0 <= target < len(ids) and source != target
        assert -1 <= area < len(data["areas"]) and 0 <= kind < len(data["edge_kinds"])
        assert connections >= 1 and width > 0
    # the tiny edition: 3 agencies, 2 areas, 3 institutes, 5 selections, 5 KSAs, 4 groups;
    # its 10 connections each drawn once (selection -> KSA), plus the tree of 3 + 3 + 5 lines
    kinds = [n["kind"] for n in data["nodes"]]
    assert [kinds.count(k) for k in ("agency", "area", "institute", "selection", "ksa",
                                     "competency_group")] == [3, 2, 3, 5, 5, 4]
    links = data["edge_kinds"].index("link")
    assert sum(e[3] == links for e in data["edges"]) == 10
    assert len(data["edges"]) == 10 + 3 + 3 + 5
    assert [a["id"] for a in data["areas"]] == ["biomanufacturing", "digital_automation"]


def test_each_node_knows_its_areas_and_names(tiny):
    """Worked from tests/data/tiny: alpha and beta are Biomanufacturing (sponsored by DoD and
    DoC), gamma Digital/Automation (DoE). k1 is essential at alpha, beta and gamma; k2 at alpha
    (twice) and gamma; k3 at alpha and beta; k4 and k5 at gamma only."""
    data = network_explorer_data(tiny)
    nodes = by_id(data)
    bio, digital = "biomanufacturing", "digital_automation"
    expected = {"agency:dod": [bio], "agency:doc": [bio], "agency:doe": [digital],
                "area:biomanufacturing": [bio], "institute:alpha": [bio],
                "institute:gamma": [digital], "selection:alpha/technicians": [bio],
                "selection:gamma/software_developers": [digital],
                "ksa:k1": [bio, digital], "ksa:k2": [bio, digital], "ksa:k3": [bio],
                "ksa:k4": [digital], "ksa:k5": [digital]}
    assert {i: area_ids(data, nodes[i]) for i in expected} == expected
    assert [nodes[f"ksa:k{i}"]["connections"] for i in range(1, 6)] == [3, 3, 2, 1, 1]
    assert nodes["agency:dod"]["name"] == "Department of Defense"
    assert nodes["agency:dod"]["label"] == "DoD"
    assert nodes["selection:alpha/technicians"]["detail"] == "Alpha Institute"
    assert nodes["institute:gamma"]["detail"] == "Digital/Automation"
    # a KSA's detail: its code, in its competency
    k1 = tiny.ksa_nodes.set_index("ksa_id").loc["k1"]
    assert nodes["ksa:k1"]["detail"].startswith(f"{k1['code']} in ")
    # the map is in SVG units, y down: the first agency straight above the centre
    assert (nodes["agency:doc"]["x"], nodes["agency:doc"]["y"]) == (0, -110)


def test_hostile_text_is_escaped_in_the_script(tmp_path):
    fw = load_edition(write_hostile_edition(TINY, tmp_path / "hostile"))
    text = network_explorer_script(fw)
    assert "<" not in text and "\u2028" not in text and "\u2029" not in text
    assert "</script" not in text.lower() and "<!--" not in text
    names = {n["name"] for n in read_script(text)["nodes"]}
    assert any(name.startswith(HOSTILE[0]) for name in names)  # "<script>alert('s')</script>"
    assert any(name.startswith(HOSTILE[1]) for name in names)  # '<img src=x onerror=...>'
    assert any("\u2028" in name for name in names)  # given back as it was
    hostile = "</script><img src=x onerror=alert(1)> \"q\" 'a' \u2028 \u2029 <!--"
    out = script_text({"name": hostile})
    assert out == ('window.NETWORK_EXPLORER = {"name":"\\u003c/script>\\u003cimg src=x '
                   'onerror=alert(1)> \\"q\\" \'a\' \\u2028 \\u2029 \\u003c!--"};\n')
    assert read_script(out) == {"name": hostile}


def test_the_placeholder_is_html_only_and_prints_no_number():
    markup = network_explorer_markup()
    assert markup.startswith("```{=html}\n") and markup.endswith("```\n")
    for path in (EXPLORER_DATA, EXPLORER_SCRIPT, EXPLORER_STYLE):
        assert f'"{site_link(path)}"' in markup
    assert not re.search(r"\d", markup)  # numbers go through ch.numbers, or the data file


def test_the_sites_ship_the_code_the_placeholder_links():
    assert EXPLORER_ASSETS == (EXPLORER_SCRIPT, EXPLORER_STYLE)
    package = resources.files("competency_framework.render")
    for name in EXPLORER_ASSETS:
        assert package.joinpath(name).read_text(encoding="utf-8").strip()
    code = package.joinpath(EXPLORER_SCRIPT).read_text(encoding="utf-8")
    assert "window." + EXPLORER_GLOBAL in code
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", code)  # nothing fetched
    assert "innerHTML" not in code and "Math.random" not in code


# --- in Chromium ------------------------------------------------------------------------------

# The explorer's state as a reader meets it: the focused element, the details panel, the nodes
# dimmed by the area filter and the lines left.
STATE = """() => {
  const box = document.querySelector('.network-explorer');
  const active = document.activeElement;
  return {
    ready: box.classList.contains('nx-ready'),
    message: box.querySelector('.nx-message')?.textContent ?? '',
    focused: active && active.classList && active.classList.contains('nx-node')
             ? active.getAttribute('aria-label') : null,
    focusedIndex: active && active.dataset ? active.dataset.index ?? null : null,
    details: box.querySelector('.nx-details')?.innerText ?? '',
    live: box.querySelector('.nx-details')?.getAttribute('aria-live') ?? null,
    out: [...box.querySelectorAll('.nx-node.nx-out')].map(g => Number(g.dataset.index)),
    edges: box.querySelectorAll('.nx-edge').length,
    edgesShown: [...box.querySelectorAll('.nx-edge')]
                .filter(e => getComputedStyle(e).display !== 'none').length,
    lit: box.querySelectorAll('.nx-edge.nx-on').length,
    stops: box.querySelectorAll('.nx-node[tabindex="0"]').length,
  };
}"""


@pytest.fixture(scope="module", params=["fallback", "quarto"])
def site(request, tmp_path_factory):
    """The tiny edition's site (the build the site tests share) and its explorer data."""
    built = built_report(tmp_path_factory, TINY, request.param)
    data = read_script((built.out / EXPLORER_DATA).read_text(encoding="utf-8"))
    return built, data


@pytest.mark.build
def test_a_focused_node_shows_its_details_and_the_filter_dims_other_areas(site):
    built, data = site
    nodes = data["nodes"]
    problems: list[str] = []
    with chromium() as browser, served(built.out) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(url + PAGE, wait_until="load")
        before = page.evaluate(STATE)
        assert before["ready"] and before["stops"] == 1 and before["live"] == "polite"
        assert before["edges"] == len(data["edges"]) == before["edgesShown"]

        # Tab from the area filter reaches the map: its first node, whose details show
        page.focus(".network-explorer select")
        page.keyboard.press("Tab")
        state = page.evaluate(STATE)
        first = nodes[0]
        assert state["focusedIndex"] == "0"
        assert state["focused"].startswith(first["name"] + ", sponsoring agency: ")
        assert first["name"] in state["details"]
        assert f"{first['connections']} connection" in state["details"]
        # the tiny edition is reconstructed: its counts carry the model's-choice mark
        assert "\N{DAGGER}" in state["details"]
        assert state["lit"] >= 1

        # the arrow keys walk the nodes in order; the details follow, with the linked nodes
        target = next(i for i, n in enumerate(nodes) if n["id"] == "selection:alpha/technicians")
        for _ in range(target):
            page.keyboard.press("ArrowRight")
        state = page.evaluate(STATE)
        assert state["focusedIndex"] == str(target) and state["stops"] == 1
        details = state["details"]
        assert "Occupation selection" in details and "at Alpha Institute" in details
        assert "Linked on the map to 3 nodes" in details  # alpha, k2 and k3
        assert state["lit"] == 3

        # Escape clears the details
        page.keyboard.press("Escape")
        assert nodes[target]["name"] not in page.evaluate(STATE)["details"]

        # choosing Digital/Automation dims every node outside it and drops the other lines
        digital = [a["id"] for a in data["areas"]].index("digital_automation")
        page.select_option(".network-explorer select", str(digital))
        state = page.evaluate(STATE)
        expected_out = sorted(i for i, n in enumerate(nodes) if digital not in n["areas"])
        assert sorted(state["out"]) == expected_out
        assert {nodes[i]["id"] for i in expected_out} >= {"institute:alpha", "ksa:k3",
                                                          "agency:dod"}
        assert "institute:gamma" not in {nodes[i]["id"] for i in expected_out}
        assert state["edgesShown"] == sum(e[2] == digital for e in data["edges"]) > 0
        # the tab stop moved to a node still shown
        assert page.evaluate(
            "() => !document.querySelector('.nx-node[tabindex=\"0\"]')"
            ".classList.contains('nx-out')")
        page.close()
    assert problems == []


@pytest.mark.build
def test_the_explorer_works_from_the_file_system_and_says_when_its_data_is_missing(site):
    built, _ = site
    errors: list[str] = []
    with chromium() as browser, served(built.out) as url:
        page = browser.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto((built.out / PAGE).as_uri(), wait_until="load")  # file://: no fetch()
        assert page.evaluate(STATE)["ready"]
        # the page without its data file: a short message, no error
        page.route(url + EXPLORER_DATA, lambda route: route.fulfill(
            status=200, body="", content_type="text/javascript"))
        page.goto(url + PAGE, wait_until="load")
        state = page.evaluate(STATE)
        assert not state["ready"] and "data file" in state["message"]
        page.close()
    assert errors == []


def test_the_data_file_is_written_beside_the_downloads(tiny, tmp_path: Path):
    from competency_framework.build.downloads import write_network_explorer

    path = write_network_explorer(tiny, tmp_path)
    assert path == tmp_path / EXPLORER_DATA
    assert path.read_text(encoding="utf-8") == network_explorer_script(tiny)

"""Reading what a figure drew from its matplotlib artists (not from the model it was drawn
from): where each area sits in an area-connection figure, what colour each link of an area
map has. `drawing` keeps the figures a figure function saves; `check_area_places` and
`check_map_colours` check every such figure of an edition."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from competency_framework.present.numbers import MARK, PlainNumbers


def drawing(monkeypatch: Any, module: Any) -> list[Figure]:
    """The figures `module`'s figure functions save from now on, in turn (still drawn:
    closing a figure leaves its artists)."""
    figures: list[Figure] = []
    save: Callable[..., Any] = module.save_figure

    def keep(fig: Figure, *args: Any, **kwargs: Any) -> Any:
        figures.append(fig)
        return save(fig, *args, **kwargs)

    monkeypatch.setattr(module, "save_figure", keep)
    return figures


def rgb(colour: Any) -> tuple[float, ...]:
    return tuple(round(float(c), 4) for c in np.asarray(colour, dtype=float)[:3])


def area_places(fig: Figure) -> dict[str, dict[str, Any]]:
    """Each other area of an area-connection figure, by its label's name lines: its node's
    place from the middle (inches), circle area (pt²) and colour, and the connections its
    label prints; and under "" the middle's place and ring colour."""
    ax = fig.axes[0]
    hub = next(p for p in ax.patches if isinstance(p, Circle))
    scatter = next(c for c in ax.collections if isinstance(c, PathCollection))
    xy, sizes, faces = scatter.get_offsets(), scatter.get_sizes(), scatter.get_facecolors()
    middle = np.asarray(hub.center, dtype=float)
    places: dict[str, dict[str, Any]] = {"": {"at": middle, "colour": rgb(hub.get_edgecolor())}}
    for text in ax.texts:
        lines = text.get_text().split("\n")
        if not lines[-1].endswith(" in common"):
            continue
        anchor = np.asarray(text.get_position(), dtype=float)
        i = int(np.argmin(np.hypot(*(np.asarray(xy) - anchor).T)))
        places["\n".join(lines[:-2])] = {
            "at": np.asarray(xy[i], dtype=float) - middle,
            "size": float(sizes[i if len(sizes) > 1 else 0]),
            "colour": rgb(faces[i if len(faces) > 1 else 0]),
            "connections": int(lines[-2].split()[0].rstrip(MARK).replace(",", "")),
        }
    return places


Colour = tuple[float, ...]


def map_links(fig: Figure) -> tuple[list[tuple[Colour, Colour]], list[Colour], set[Colour]]:
    """An area map's links that leave an institute, each as (its colour, the colour of the
    institute node nearest its start); the colours of the institute nodes; and the colours of
    the links that leave occupations."""
    ax = fig.axes[0]
    scatter = next(c for c in ax.collections if isinstance(c, PathCollection))
    links = next(c for c in ax.collections if isinstance(c, LineCollection))
    xy = np.asarray(scatter.get_offsets(), dtype=float)
    faces = scatter.get_facecolors()
    left = np.isclose(xy[:, 0], xy[:, 0].min())
    inst_y, inst_colour = xy[left, 1], [rgb(c) for c in faces[left]]
    colours = links.get_colors()
    from_institutes, from_occupations = [], set()
    for i, segment in enumerate(links.get_segments()):
        colour = rgb(colours[i if len(colours) > 1 else 0])
        x0, y0 = segment[0]
        if np.isclose(x0, xy[:, 0].min()):
            from_institutes.append((colour, inst_colour[int(np.argmin(abs(inst_y - y0)))]))
        else:
            from_occupations.add(colour)
    return from_institutes, inst_colour, from_occupations


def check_area_places(fw: Any, out: Any, monkeypatch: Any) -> None:
    """Every area-connection figure of `fw`, as drawn: the same size, the middle in the
    same place; each other area in one place of its own and one colour in all of them, the
    colour of the ring in its own figure; circle areas growing with the connections printed,
    in proportion above the smallest."""
    from competency_framework.present.figures import area_connections
    from competency_framework.present.figures.common import wrap_label

    figures = drawing(monkeypatch, area_connections)
    areas = fw.technology_areas.sort_values("area_id")
    for area in areas["area_id"]:
        area_connections.area_connections_figure(fw, area, out, numbers=PlainNumbers())
    places = [area_places(fig) for fig in figures]
    assert len({tuple(fig.get_size_inches()) for fig in figures}) == 1
    assert all(np.allclose(p[""]["at"], places[0][""]["at"]) for p in places)
    seen: dict[str, list[dict[str, Any]]] = {}
    for p in places:
        for name, place in p.items():
            if name:
                seen.setdefault(name, []).append(place)
    names = [wrap_label(n, area_connections.WRAP_NAME) for n in areas["name"]]
    assert sorted(seen) == sorted(names)
    for name, ring in zip(names, (p[""]["colour"] for p in places), strict=True):
        assert len(seen[name]) == len(areas) - 1
        assert all(np.allclose(s["at"], seen[name][0]["at"]) for s in seen[name]), name
        assert {s["colour"] for s in seen[name]} == {ring}, name
    spots = np.array([s[0]["at"] for s in seen.values()])
    gaps = np.hypot(*(spots[:, None] - spots[None, :]).transpose(2, 0, 1))
    assert np.all(gaps[~np.eye(len(spots), dtype=bool)] > 0.3)  # a place of its own
    drawn = sorted((s["connections"], s["size"]) for found in seen.values() for s in found)
    counts, sizes = np.array(drawn).T
    assert np.all(np.diff(sizes) >= 0) and sizes.max() > sizes.min()
    above = sizes > sizes.min()
    assert np.allclose(sizes[above] / counts[above], (sizes[above] / counts[above])[0])


def check_map_colours(fw: Any, out: Any, monkeypatch: Any) -> None:
    """Every area map of `fw`, as drawn: each link from an institute in the colour of that
    institute's node, as many link colours as institutes (up to the palette's length), so more
    than one where there are several; the links from occupations in an institute's colour or
    grey."""
    from competency_framework.present.figures import area_mapping
    from competency_framework.present.figures.common import NEUTRAL

    figures = drawing(monkeypatch, area_mapping)
    for area in sorted(fw.technology_areas["area_id"]):
        area_mapping.area_mapping_figure(fw, area, out, numbers=PlainNumbers())
    for fig in figures:
        links, institutes, onward = map_links(fig)
        assert all(link == node for link, node in links)
        colours = {link for link, _ in links}
        assert len(colours) == min(len(institutes), len(area_mapping.INSTITUTE_COLOURS))
        assert onward <= colours | {rgb(to_rgb(NEUTRAL))}

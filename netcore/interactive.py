"""The force-directed "who knows whom" view of one map, as one self-contained HTML page that works offline.

pyvis builds the node and edge data from a whitelist of member fields (never whole rows, so no covariate can leak);
the page is our own small template with the vis-network JS and CSS that pyvis ships inlined, so it loads nothing
from the internet. Every piece of data goes into the page as JSON with <, > and & escaped, and every other text
through html.escape, so no label can break out of its element.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from importlib.resources import files

import pandas as pd
from pyvis.network import Network

from netcore.model import KINDS
from netcore.style import (
    COLOUR_SCHEMES,
    GREY,
    INK,
    NOT_RECORDED,
    PLAIN_CONTACT,
    PLAIN_KIND,
    PLAIN_WELLBEING,
    SCHEME_TITLES,
    VIS_SHAPES,
    WELLBEING_KEY,
    WELLBEING_MARKS,
    WELLBEING_OUTLINE_COLOURS,
    WELLBEING_OUTLINE_WIDTH,
    colour_of,
)
from netcore.summary import display_label, member_facts

CENTRE_LABEL = "Centre"
CENTRE_TITLE = "The person who drew this map"
CENTRE_SHAPE = "star"

# Node size (vis-network radius) of the closest and the outermost circle.
LARGEST_SIZE = 28
SMALLEST_SIZE = 12
# Length of the spoke from the centre per circle, so the settled picture keeps closer members nearer the centre.
SPOKE_LENGTH_PER_CIRCLE = 90
TIE_COLOUR = "#8A8A8A"
SPOKE_COLOUR = "#D9D9D9"
FONT_PX = 16
FONT_FACE = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"

PLAIN_VALUES = {"group": {}, "wellbeing": PLAIN_WELLBEING, "contact": PLAIN_CONTACT}
SHAPE_GLYPHS = {"dot": "\u25cf", "square": "\u25a0", "diamond": "\u25c6", "star": "\u2605"}

# vis-network options: settle with a bounded stabilisation, then the page switches physics off (see SCRIPT).
OPTIONS = {
    "autoResize": True,
    "layout": {"randomSeed": 7, "improvedLayout": True},
    "nodes": {"font": {"size": FONT_PX, "face": FONT_FACE, "color": INK, "strokeWidth": 3, "strokeColor": "#FFFFFF"}},
    "edges": {"smooth": False, "selectionWidth": 1},
    "physics": {
        "enabled": True,
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -90, "springLength": 100, "avoidOverlap": 0.6},
        "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 50, "fit": True},
    },
    "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
}

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy"
      content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>Who knows whom</title>
<style>
{vis_css}
</style>
<style>
body {{ margin: 0; padding: 4px; font: {font_px}px/1.4 {font_face}; color: {ink}; background: #FFFFFF; }}
#map {{ width: 100%; height: {height_px}px; border: 1px solid #D0D0D0; box-sizing: border-box; }}
div.vis-tooltip {{ font: {font_px}px/1.4 {font_face}; color: {ink}; background: #FFFFFF; }}
.legend ul {{ margin: 0.3em 0 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 0.2em 1.1em; }}
.legend-title {{ font-weight: 600; }}
.glyph {{ color: #555555; }}
.swatch {{ display: inline-block; width: 0.9em; height: 0.9em; border: 1px solid {ink}; vertical-align: -0.1em; }}
</style>
</head>
<body>
{body}
</body>
</html>
"""

SCRIPT = """<script type="application/json" id="map-nodes">{nodes}</script>
<script type="application/json" id="map-edges">{edges}</script>
<script type="application/json" id="map-options">{options}</script>
<script>
{vis_js}
</script>
<script>
(function () {{
  function read(id) {{ return JSON.parse(document.getElementById(id).textContent); }}
  var network = new vis.Network(
    document.getElementById("map"),
    {{nodes: new vis.DataSet(read("map-nodes")), edges: new vis.DataSet(read("map-edges"))}},
    read("map-options"));
  network.once("stabilizationIterationsDone", function () {{ network.setOptions({{physics: false}}); }});
}})();
</script>"""


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """The vis-network JS and CSS that pyvis ships, read once (licence comments kept)."""
    folder = files("pyvis") / "lib" / "vis-9.1.2"
    return (folder / "vis-network.min.js").read_text(encoding="utf-8"), (folder / "vis-network.css").read_text(
        encoding="utf-8")


def script_json(value: object) -> str:
    """JSON that is safe inside a <script> element: <, > and & escaped so no string can close the element."""
    return json.dumps(value).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def node_size(circle: int, circles: int) -> float:
    """Closer circles get bigger nodes, from LARGEST_SIZE (circle 1) down to SMALLEST_SIZE (outermost)."""
    return SMALLEST_SIZE + (LARGEST_SIZE - SMALLEST_SIZE) * (circles - circle) / max(circles - 1, 1)


def build_network(members: pd.DataFrame, ties: pd.DataFrame, colour_by: str, include_participant: bool,
                  show_labels: bool, circles: int) -> Network:
    """The map as a pyvis Network, node by node from whitelisted fields only."""
    net = Network()
    fills = colour_of(members[COLOUR_SCHEMES[colour_by][0]], colour_by).tolist()
    titles = member_facts(members, circles).map("\n".join).tolist()
    texts = display_label(members).tolist()
    for member, fill, title, text in zip(members.to_dict("records"), fills, titles, texts, strict=True):
        wellbeing = None if pd.isna(member["wellbeing"]) else member["wellbeing"]
        mark = WELLBEING_MARKS.get(wellbeing, "")
        colour = {"background": fill, "border": WELLBEING_OUTLINE_COLOURS.get(wellbeing, GREY)}
        net.add_node(
            member["member_id"],
            shape=VIS_SHAPES[member["kind"]],
            title=title,
            color={**colour, "highlight": colour, "hover": colour},
            borderWidth=WELLBEING_OUTLINE_WIDTH.get(wellbeing, 1),
            size=node_size(int(member["circle"]), circles),
        )
        # Set after adding: pyvis replaces an empty label with the node id.
        net.node_map[member["member_id"]]["label"] = (f"{text} {mark}" if mark else text) if show_labels else ""
    for a, b in zip(ties["member_a"], ties["member_b"], strict=True):
        net.add_edge(a, b, color=TIE_COLOUR, width=1.5)
    if include_participant:
        centre = "centre"
        while centre in net.node_map:  # member ids are free text: keep the centre id distinct
            centre = "_" + centre
        colour = {"background": GREY, "border": INK}
        net.add_node(centre, label=CENTRE_LABEL, title=CENTRE_TITLE, shape=CENTRE_SHAPE, size=LARGEST_SIZE,
                     borderWidth=1, color={**colour, "highlight": colour, "hover": colour})
        for member_id, circle in zip(members["member_id"], members["circle"], strict=True):
            net.add_edge(centre, member_id, color=SPOKE_COLOUR, width=0.5, length=SPOKE_LENGTH_PER_CIRCLE * int(circle))
    return net


def legend_html(members: pd.DataFrame, colour_by: str, include_participant: bool) -> str:
    """Escaped key, one line each: shapes of the kinds present, swatches of the scheme's values present, +/- cue."""
    if not len(members):
        return ""
    shapes = [(VIS_SHAPES[kind], PLAIN_KIND[kind]) for kind in VIS_SHAPES if kind in set(members["kind"])]
    if include_participant:
        shapes.append((CENTRE_SHAPE, CENTRE_TITLE.lower()))
    column, palette = COLOUR_SCHEMES[colour_by]
    values = members[column]
    colours = dict(zip(values.fillna(NOT_RECORDED), colour_of(values, colour_by), strict=True))
    order = [v for v in palette if v in colours] + sorted(v for v in colours if v not in palette)
    words = PLAIN_VALUES[colour_by]
    colour_title = html.escape(f"Colour, {SCHEME_TITLES[colour_by].lower()}:")
    shape_items = "".join(f'<li><span class="glyph" aria-hidden="true">{SHAPE_GLYPHS[shape]}</span> '
                          f"{html.escape(text)}</li>" for shape, text in shapes)
    wellbeing_items = "".join(f"<li>{html.escape(text)}</li>" for text in WELLBEING_KEY.values())
    swatch_items = "".join(f'<li><span class="swatch" style="background:{html.escape(colours[v])}"></span> '
                           f"{html.escape(words.get(v, v))}</li>" for v in order)
    return (
        '<div class="legend" role="group" aria-label="Key">\n'
        f'<ul><li class="legend-title">Shape:</li>{shape_items}</ul>\n'
        f'<ul><li class="legend-title">{colour_title}</li>{swatch_items}</ul>\n'
        f'<ul><li class="legend-title">Well-being:</li>{wellbeing_items}</ul>\n'
        "</div>"
    )


def of_kinds(members: pd.DataFrame, ties: pd.DataFrame, kinds: tuple[str, ...]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The members of the given kinds and the ties between two of them."""
    kept = members[members["kind"].isin(kinds)]
    ids = kept["member_id"]
    return kept, ties[ties["member_a"].isin(ids) & ties["member_b"].isin(ids)]


def interactive_map_html(members: pd.DataFrame, ties: pd.DataFrame, *, colour_by: str = "group",
                         kinds: tuple[str, ...] = KINDS, include_participant: bool = True, show_labels: bool = True,
                         height_px: int = 560, description: str = "", circles: int | None = None) -> str:
    """One participant's map (their rows of `Dataset.members` and `Dataset.ties`) as a self-contained HTML page.

    `colour_by` is a key of `style.COLOUR_SCHEMES`; only members of `kinds` are drawn, with the ties between them
    and legend lines for what is left; `circles` is the number of rings for the hover text (`Dataset.circles`;
    defaults to the largest circle on this map); `description` becomes the accessible name.
    """
    if colour_by not in COLOUR_SCHEMES:
        raise ValueError(f"colour_by must be one of {', '.join(COLOUR_SCHEMES)}, not {colour_by!r}")
    if not set(kinds) <= set(KINDS):
        raise ValueError(f"kinds must be among {', '.join(KINDS)}")
    rings = circles or (int(members["circle"].max()) if len(members) else 1)
    members, ties = of_kinds(members, ties, kinds)
    net = build_network(members, ties, colour_by, include_participant, show_labels, rings)
    label = description or f"Network map of {len(members)} connections and {len(ties)} links between them"
    if net.nodes:
        vis_js, _ = vis_assets()
        body = (f'<div id="map" role="img" aria-label="{html.escape(label)}"></div>\n'
                f"<noscript><p>The interactive map needs JavaScript. {html.escape(description)}</p></noscript>\n"
                + legend_html(members, colour_by, include_participant) + "\n"
                + SCRIPT.format(nodes=script_json(net.nodes), edges=script_json(net.edges),
                                options=script_json(OPTIONS), vis_js=vis_js))
    else:
        body = "<p>This map has no connections to show.</p>"
    _, vis_css = vis_assets()
    return PAGE.format(vis_css=vis_css, font_px=FONT_PX, font_face=FONT_FACE, ink=INK, height_px=int(height_px),
                       body=body)

"""The page's skeleton around folium's map: head (policy, assets), header, table, footer, script.

Markup lives in the ``_web/`` templates (autoescaped); the records travel as JSON in a
``<script type="application/json">`` element that :mod:`atlas.js <clusteratlas._web>` reads.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ..mapspec import MapSpec, weight_skipped_caption
from ..presentation import number, one
from ._assets import (
    json_for_script,
    leaflet_assets,
    markercluster_assets,
    shipped,
    template,
    text_element,
)
from ._columns import record_names
from ._data import LIST_ALL_UP_TO

__all__ = ["CSP", "SCRIPT_HASHES", "UNPLACED_LISTED", "decorate"]

#: The page's Content-Security-Policy: nothing but its own inline scripts (their hashes
#: replace the placeholder when the page is rendered), inline styles (Leaflet positions
#: everything with them), and data: images (Leaflet's, inlined).
CSP = (
    "default-src 'none'; script-src {scripts}; style-src 'unsafe-inline'; img-src {images}; "
    "connect-src 'none'; font-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; "
    "form-action 'none'"
)
#: The placeholder :func:`clusteratlas.interactive.render_map` replaces by the scripts' hashes.
SCRIPT_HASHES = "'sha256-@@clusteratlas-script-hashes@@'"
#: Unplaced records named in the page's header; the table lists them all.
UNPLACED_LISTED = 10


def _head(spec: MapSpec, tiles: str) -> str:
    """Return the page's head: its policy, title, and the inlined styles and scripts."""
    js, css = leaflet_assets()
    cluster_js, cluster_css = markercluster_assets()
    images = "data: https://tile.openstreetmap.org" if tiles == "osm" else "data:"
    return str(
        template("head.html.j2").render(
            # Our constant, no data in it: its quotes stay quotes.
            policy=Markup(CSP.format(images=images, scripts=SCRIPT_HASHES)),
            title=spec.title,
            # Our own files and the packages' assets, not data: written as they are.
            styles=[Markup(css), Markup(shipped("atlas.css")), Markup(cluster_css)],
            scripts=[Markup(js), Markup(cluster_js)],
        )
    )


def _unplaced_names(spec: MapSpec) -> list[str]:
    """Return the names of the first unplaced records (the header lists ten)."""
    geo = spec.records
    off = ~geo.index.isin(spec.points.index)
    return [str(v) for v in record_names(geo)[off].head(UNPLACED_LISTED).tolist()]  # "feature 22" when unnamed


def _summary(spec: MapSpec, placed: int, t: dict[str, str]) -> str:
    """Return the header's sentence: how many records are placed, and the first unplaced ones."""
    names = _unplaced_names(spec)
    total = len(spec.records)
    unplaced = total - placed
    if unplaced == 0 and total == 1:  # "1 record, placed", "1 fiche, placée"
        return t["summary_all_one"].format(placed=number(placed, spec.lang))
    listed = ", ".join(names[:UNPLACED_LISTED])
    if unplaced > UNPLACED_LISTED:
        more = "more" if total <= LIST_ALL_UP_TO else "more_unlisted"  # the page's table lists every record, or not
        listed += " " + t[more].format(n=number(unplaced - UNPLACED_LISTED, spec.lang))
    # The noun agrees with the number the catalogue names ("1 of 3 records placed", "1 fiche placée sur 3").
    agrees = placed if t["summary_agrees"] == "placed" else total
    return t["summary_one" if one(agrees, spec.lang) else "summary"].format(
        placed=number(placed, spec.lang),
        total=number(total, spec.lang),
        unplaced=t["unplaced_one" if one(unplaced, spec.lang) else "unplaced"].format(names=listed)
        if unplaced
        else t["all_placed"],
    )


def decorate(m: Any, spec: MapSpec, data: dict[str, Any], config: dict[str, Any], t: dict[str, str]) -> None:
    """Add the page's head, header, table, footer, configuration and script to a folium map.

    Parameters
    ----------
    m : folium.Map
    spec : MapSpec
    data : dict
        The records, as :func:`~clusteratlas.interactive._data.page_data` encodes them.
    config : dict
        The rest of the page's configuration (``placed`` and ``tiles`` are read here).
    t : dict
        The page's texts.
    """
    root = m.get_root()
    root.header.add_child(text_element(_head(spec, config["tiles"])), name="ca_head", index=0)
    # The encoding declared first, within the page's first 1,024 bytes as HTML requires (folium's
    # declaration, under the same name, came after 300 kB of inlined assets).
    root.header.add_child(text_element('<meta charset="utf-8">'), name="meta_http", index=0)
    summary = _summary(spec, config["placed"], t)
    skipped = weight_skipped_caption(spec)  # the regions' sums of a weight leave these records out
    summary = f"{summary}. {skipped}" if skipped else summary
    top = template("body_top.html.j2").render(
        title=spec.title, summary=summary, filters=t["filters"], skip=t["skip"], map_id=m.get_name()
    )
    root.html.add_child(text_element(top), name="ca_header", index=0)
    # The map's own element, in its place inside <main>: folium writes it under the map's
    # name when the page is rendered, replacing this one where it stands.
    root.html.add_child(text_element(""), name=m.get_name())
    end = template("body_end.html.j2").render(
        footer=t["footer"].format(source=spec.source),  # the catalogue's texts are typeset when read
        pages=t["pages"],
        config=Markup(json_for_script({**config, "data": data})),
    )
    root.html.add_child(text_element(end), name="ca_tail")
    root.script.add_child(text_element(shipped("atlas.js")), name="ca_script")

"""Render a map built by :func:`~clusteratlas.interactive.interactive_map` as one page, and write it."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING

from .._resources import atomic_write
from ._page import SCRIPT_HASHES

if TYPE_CHECKING:
    import folium

__all__ = ["FORMATS", "render_map", "write_map"]

#: What :func:`write_map` writes (the ``map_formats`` registry reads this).
FORMATS = (".html", ".htm")
#: Element ids as folium defines them (``var map_<hex> =``, ``let ...``, ``id="map_<hex>"``): random hex.
_ID_DEFINITION = re.compile(r"(?:\b(?:var|let|const) |\bid=\")[a-z_]+_([0-9a-f]{32})\b")
#: The page's root element in each language (the page's config names its language).
_HTML_TAG = {"en": '<html lang="en">', "fr": '<html lang="fr">'}
#: folium's viewport, which forbids zooming the page (WCAG 1.4.4), and ours, which allows it.
_FOLIUM_VIEWPORT = re.compile(r'<meta name="viewport" content="[^"]*user-scalable=no[^"]*"\s*/>')
_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1.0">'
#: Leaflet's rule for Internet Explorer's VML, a property no browser has (the Nu checker's one CSS error).
_END_BODY = "</body>"
_VML_BEHAVIOR = re.compile(r"[ \t]*behavior: url\(#default#VML\);\n")


def _valid_html(page: str) -> str:
    """Make folium's page valid HTML: its scripts moved inside ``<body>``, Leaflet's IE-only CSS left out.

    folium writes its map script after ``</body>`` (a "stray start tag" to the Nu HTML
    checker); the scripts keep their text and order, so their hashes in the policy hold.
    """
    page = _VML_BEHAVIOR.sub("", page, count=1)
    body, html = page.rfind(_END_BODY), page.rfind("</html>")
    if 0 <= body < html and "<script" in page[body:html]:
        scripts = page[body + len(_END_BODY) : html].rstrip("\n")
        page = "".join((page[:body], scripts, "\n", _END_BODY, "\n", page[html:]))
    return page


def _number_ids(page: str) -> str:
    """Replace folium's random element ids by a counter, in order of first appearance.

    Only the ids folium defines are renumbered (found where it declares them): a record
    holding some other 32-digit hex text is left as it is.
    """
    defined = set(_ID_DEFINITION.findall(page))
    if not defined:
        return page
    order: dict[str, str] = {}
    for hexid in re.findall(r"_([0-9a-f]{32})\b", page):
        if hexid in defined and hexid not in order:
            order[hexid] = f"{len(order) + 1:04d}"
    pattern = re.compile("|".join(re.escape(h) for h in order))
    return pattern.sub(lambda mt: order[mt.group(0)], page)


def _script_hashes(page: str) -> str:
    """Return the policy's script sources: the SHA-256 of every inline script of ``page``."""
    return " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"
        for body in re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    )


def render_map(m: folium.Map) -> str:
    """Render a map built by :func:`~clusteratlas.interactive.interactive_map` as one self-contained HTML page.

    The page's Content-Security-Policy allows exactly its own inline scripts (by their
    SHA-256), no eval, no inline event handler, no remote origin (but the tiles, if asked for).
    Element ids are numbered, so the same map gives the same bytes.

    Parameters
    ----------
    m : folium.Map

    Returns
    -------
    str
        The page.
    """
    page = _number_ids(str(m.get_root().render()))
    lang = re.search(r'id="clusteratlas-config">\{"lang":"([a-z]{2})"', page)
    if lang and lang.group(1) in _HTML_TAG and page.count("<html>", 0, 200) == 1:
        page = page.replace("<html>", _HTML_TAG[lang.group(1)], 1)
    page = _FOLIUM_VIEWPORT.sub(_VIEWPORT, page, count=1)
    page = _valid_html(page)
    if SCRIPT_HASHES in page:
        page = page.replace(SCRIPT_HASHES, _script_hashes(page), 1)
    return page


def write_map(m: folium.Map, path: str | Path) -> Path:
    """Write the self-contained page atomically; refuse anything but ``.html``/``.htm``.

    Parameters
    ----------
    m : folium.Map
        From :func:`~clusteratlas.interactive.interactive_map`.
    path : str or Path
        Where to write; parent folders are created.

    Returns
    -------
    Path
        ``path``.
    """
    from ..registry import MAP_FORMATS, output_format

    path = Path(path)
    output_format(MAP_FORMATS, path)
    text = render_map(m)
    with atomic_write(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path

"""The page's resources: our ``_web/`` files and texts, Leaflet's and markercluster's assets.

Everything here is ours or a dependency's, never the user's data: the only place the map
reads a file is the package's own resources.
"""

from __future__ import annotations

import base64
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import xstatic.pkg.leaflet as xleaflet
import xstatic.pkg.leaflet_markercluster as xcluster

from ..presentation import catalogue

__all__ = [
    "WEB_TEXTS",
    "json_for_script",
    "leaflet_assets",
    "markercluster_assets",
    "shipped",
    "template",
    "text_element",
    "web_file",
]

#: The HTML map's texts per language (a view of the ``web`` catalogue section).
WEB_TEXTS = catalogue("web")


def web_file(name: str) -> str:
    """Return one of the package's ``_web/`` files as text.

    Parameters
    ----------
    name : str
        The file's name, e.g. ``atlas.js``.

    Returns
    -------
    str
    """
    return (resources.files("clusteratlas") / "_web" / name).read_text(encoding="utf-8")


def shipped(name: str) -> str:
    """Return one of our ``_web/`` scripts or style sheets as the page carries it: without its comment lines.

    A line that is only a comment (``// ...``, or within a ``/* ... */`` begun at the line's
    start) is left out; code, and a comment after code on its line, are kept as written, without
    the line's indentation (neither file has a string or template running over lines). The
    comments and indentation are for the source's readers; the study's page was 404 KB with the
    comments, 402 KB with the indentation, 400 KB its budget.

    Parameters
    ----------
    name : str
        The file's name, e.g. ``atlas.js``.

    Returns
    -------
    str
    """
    out: list[str] = []
    inside = False
    for line in web_file(name).splitlines(keepends=True):
        bare = line.strip()
        if inside or bare.startswith("/*"):
            end = line.find("*/", line.find("/*") + 2 if not inside else 0)
            inside = end < 0
            rest = "" if inside else line[end + 2 :]
            if rest.strip():
                out.append(rest.lstrip())
            continue
        if not bare.startswith("//"):
            out.append(line.lstrip())
    return "".join(out)


def template(name: str) -> Any:
    """Return a page fragment from ``_web/`` as a Jinja2 template that escapes every value.

    Parameters
    ----------
    name : str
        The template's file name.

    Returns
    -------
    jinja2.Template
    """
    import jinja2

    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=False)
    return env.from_string(web_file(name))


def text_element(text: str) -> Any:
    """Return a branca element that writes ``text`` as it is.

    ``Element(text)`` would compile ``text`` as a Jinja template, so a record named
    ``{{ ... }}`` would run as template code when the page is rendered: the text is
    passed as a template *variable* instead.

    Parameters
    ----------
    text : str

    Returns
    -------
    branca.element.Element
    """
    from branca.element import Element

    element = Element("{{ this.text }}")
    element.text = text
    return element


def leaflet_assets() -> tuple[str, str]:
    """Return Leaflet's JS and CSS from the installed xstatic package, images inlined as data URIs.

    Returns
    -------
    tuple of str
        The script and the style sheet, without source-map comments.
    """
    base = Path(xleaflet.BASE_DIR)
    js = (base / "leaflet.js").read_text(encoding="utf-8")
    css = (base / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        path = base / match.group(1)
        if not path.is_file():
            return "none"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"url(data:image/png;base64,{data})"

    css = re.sub(r"url\((images/[\w.-]+\.png)\)", inline, css)
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    css = re.sub(r"/\*# sourceMappingURL=\S+ \*/", "", css)
    return js, css


def markercluster_assets() -> tuple[str, str]:
    """Return Leaflet.markercluster's JS and CSS from the installed xstatic package.

    Returns
    -------
    tuple of str
        The script (without its source-map comment) and the style sheet.
    """
    base = Path(xcluster.BASE_DIR)
    js = (base / "leaflet.markercluster.js").read_text(encoding="utf-8")
    css = (base / "MarkerCluster.css").read_text(encoding="utf-8")
    js = re.sub(r"//# sourceMappingURL=\S+", "", js)
    return js, css


def json_for_script(obj: Any) -> str:
    """Return ``obj`` as JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` can end the element.

    Parameters
    ----------
    obj : Any
        Plain JSON values (no NaN).

    Returns
    -------
    str
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )

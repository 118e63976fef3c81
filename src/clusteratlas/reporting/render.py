"""Render a report: one self-contained HTML page (Jinja2, ``_web/report.html.j2``) or Markdown.

Both show every string of the report as text: the page through an autoescaping template,
the Markdown through :func:`clusteratlas.export.markdown_text`.
"""

from __future__ import annotations

import base64
import functools
import html
import re
from importlib import resources
from typing import Any
from urllib.parse import quote

import jinja2
import numpy as np
from markupsafe import Markup

from .._resources import VERSION
from ..export import markdown_table, markdown_text
from .model import Report
from .sections import Table

__all__ = ["render_html", "render_markdown"]

_URL = re.compile(r"^https?://[^\s|<>\"']+$")


def _links(text: str) -> list[str]:
    """Return the URLs of a cell made only of http(s) URLs separated by " | " (none otherwise)."""
    parts = [p.strip() for p in text.split(" | ")]
    return parts if parts and all(_URL.match(p) for p in parts) else []


def _cell_text(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)


def _table_rows(table: Table) -> list[list[dict[str, Any]]]:
    """Each row of a table as cells for the template: text, class, links (the first cell heads the row)."""
    cols = list(table.display.columns)
    rows = []
    for values in table.display.itertuples(index=False):
        cells = []
        for j, (c, v) in enumerate(zip(cols, values, strict=True)):
            text = _cell_text(v)
            cls = "num" if c in table.numeric else ""
            if table.name == "claims" and j == 4:
                cls = "status-" + text.replace(" ", "-")
            links = _links(text) if j and text.lstrip().startswith("http") else []  # the regex only where it can match
            cells.append({"text": text, "cls": cls, "links": links, "long": _unbreakable(text)})
        rows.append(cells)
    return rows


#: A word (between spaces and hyphens) longer than this is cut anywhere to fit its column (a hash,
#: a link, a path); shorter ones never are, so "2010", "Records" or "58.8%" stay whole.
LONG_WORD = 20


def _unbreakable(text: str) -> bool:
    """Whether a cell holds a word longer than :data:`LONG_WORD` characters (report.css: ``.long``)."""
    return max(map(len, re.split(r"[\s\-\u2010\u2013]+", text))) > LONG_WORD


def _escape(value: object) -> Markup:
    """Escape a value for the report page as :func:`html.escape` does (quotes included)."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


@functools.cache
def _template() -> Any:
    """Return the report page template (``_web/report.html.j2``): Jinja2, every value escaped."""
    env = jinja2.Environment(
        autoescape=True,
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.from_string(_web_file("report.html.j2"))


def _web_file(name: str) -> str:
    return (resources.files("clusteratlas") / "_web" / name).read_text(encoding="utf-8")


def render_html(report: Report) -> str:
    """Render a report as one self-contained HTML page (figure embedded, print CSS)."""
    sections = [
        {
            "key": s.key,
            "title": s.title,
            # a table captioned as its section names the section's region itself (axe landmark-unique)
            "labelled": all(t.caption != s.title for t in s.tables),
            "paragraphs": s.paragraphs,
            "bullets": s.items,
            "figure": base64.b64encode(s.figure_png).decode("ascii") if s.figure_png else "",
            "figure_alt": s.figure_alt,
            "tables": [
                {"name": t.name, "caption": t.caption, "columns": list(t.display.columns), "numeric": t.numeric}
                | {"rows": _table_rows(t)}
                for t in s.tables
            ],
        }
        for s in report.sections
    ]
    page = _template().render(
        lang=report.lang,
        title=report.title,
        css=Markup(_web_file("report.css")),
        sections=sections,
        version=VERSION,
    )
    return str(page)


def render_markdown(report: Report, *, figure_path: str | None = None) -> str:
    """Render a report as GitHub-flavoured Markdown (tables as pipe tables).

    Like :func:`render_html`, which escapes every string, every title, paragraph, item,
    caption and alt text is shown as text (:func:`clusteratlas.export.markdown_text`): the
    report's strings mix fixed texts with names from the data, and a name must never become
    a link, an image, HTML, a heading or a new list item.
    """
    lines = [f"# {markdown_text(report.title)}", ""]
    for s in report.sections:
        lines += [f"## {markdown_text(s.title)}", ""]
        for p in s.paragraphs:
            lines += [markdown_text(p), ""]
        if s.items:
            lines += [f"- {markdown_text(i)}" for i in s.items] + [""]
        if s.figure_png and figure_path:
            lines += [f"![{markdown_text(s.figure_alt)}]({quote(figure_path)})", ""]
        for t in s.tables:
            caption = markdown_text(t.caption).strip()  # bold needs no blank inside its ends
            lines += [f"**{caption}**", ""] if caption else []
            lines += [markdown_table(t.display, numeric=t.numeric), ""]
    return "\n".join(lines)

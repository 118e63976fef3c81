"""The HTML map is valid HTML: what the Nu HTML checker reported on every page is gone.

The checker (``vnu.jar``) is not installed with the project; these tests check, without
it, the two errors it found on every map page: a ``<script>`` after ``</body>`` and
Leaflet's ``behavior`` CSS property (Internet Explorer's VML), which no browser has; and, since
its "trailing slash on void elements" remark pointed at it, the encoding declared in the page's
first 1,024 bytes.

Run on maps and reports of every table of ``tests/mapdata.py`` (en and fr), the checker reports
no error. What it still says, as "info warning", is one line per inline script: "Inline script
violates Content Security Policy ... (missing 'unsafe-inline' or nonce/hash)". The checker does not
compute the scripts' hashes; the policy lists each one (checked below) and Chromium runs them with
no policy error (``tests/test_map_browser.py`` asserts no console error).
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from clusteratlas import map_spec
from clusteratlas.interactive import interactive_map, render_map


class _Order(HTMLParser):
    """Note every start tag that comes after ``</body>`` or ``</html>``."""

    def __init__(self) -> None:
        super().__init__()
        self.closed = ""
        self.stray: list[str] = []
        self.bodies = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.closed:
            self.stray.append(f"<{tag}> after </{self.closed}>")
        self.bodies += tag == "body"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("body", "html"):
            self.closed = tag


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_map_page_has_nothing_after_its_body_and_no_css_no_browser_has(geocoded: pd.DataFrame, lang: str) -> None:
    page = render_map(interactive_map(map_spec(geocoded, lang=lang)))
    order = _Order()
    order.feed(page)
    assert order.bodies == 1
    assert order.stray == []
    assert page.rstrip().endswith("</body>\n</html>")
    styles = "".join(re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.DOTALL))
    assert "leaflet-vml-shape" in styles  # Leaflet's CSS is there, without its IE-only property
    assert not re.search(r"(?<![-\w])behavior\s*:", styles)
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.DOTALL)
    assert len(scripts) >= 3
    for body in scripts:  # each inline script is still allowed by the policy (hashed as moved)
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        assert f"'sha256-{digest}'" in page


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_map_page_declares_its_encoding_once_in_its_first_1024_bytes(geocoded: pd.DataFrame, lang: str) -> None:
    """The Nu checker's 'Trailing slash on void elements' pointed at folium's charset declaration,
    written after 300 kB of inlined Leaflet: HTML wants it within the first 1,024 bytes."""
    page = render_map(interactive_map(map_spec(geocoded, lang=lang))).encode("utf-8")
    declarations = re.findall(rb"<meta[^>]*charset", page, flags=re.IGNORECASE)
    assert len(declarations) == 1
    assert page.lower().find(b'<meta charset="utf-8">') < 1024

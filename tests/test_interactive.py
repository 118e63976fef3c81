"""The HTML map's page, without a browser: what is written, and what never is."""

from __future__ import annotations

import json
import re

import pytest

from clusteratlas import map_spec
from clusteratlas.interactive import interactive_map, render_map
from tests.conftest import geocode_cities

TEMPLATE_CODE = [
    "{{ 7*7 }}",
    "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "{% endraw %}{%",
    "{# comment",
]


def config(page: str) -> dict:
    body = page.split('<script type="application/json" id="clusteratlas-config">', 1)[1].split("</script>", 1)[0]
    return dict(json.loads(body))


@pytest.mark.parametrize("name", TEMPLATE_CODE)
def test_names_are_never_template_code(name: str) -> None:
    geo = geocode_cities("Rabat", "Fès", "Casablanca", name=[name, "b", "c"], sector_group=[name, "x", "y"])
    spec = map_spec(geo, title=name)
    page = render_map(interactive_map(spec))
    assert config(page)["records"][0]["name"] == name
    assert "49" not in re.sub(r"[0-9.]{3,}", "", page.split("<title>", 1)[1].split("</title>", 1)[0])
    assert page.count("<title>") == 1 and f"<title>{name.replace('<', '&lt;')}" in page.replace("&#x27;", "'")


def test_layer_names_are_escaped_for_leaflets_layer_control() -> None:
    geo = geocode_cities("Rabat", "Fès", **{"<img src=x onerror=alert(1)>": ["1", "2"]})
    geo["<img src=x onerror=alert(1)>"] = [1, 2]
    page = render_map(interactive_map(map_spec(geo, value="<img src=x onerror=alert(1)>")))
    overlays = page.split("overlays :", 1)[1].split("}", 1)[0]
    assert "<img" not in overlays and "\\u0026lt;img src=x" in overlays

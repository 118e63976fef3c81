"""Facet and category headers: the profile's label, the user's own header, else the column's name made readable.

The HTML map's filters (facets), its table's heads and the figures' legend titles all take
a column's header from one place (:meth:`clusteratlas.mapspec.MapSpec.heading`).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from clusteratlas.interactive import interactive_map, render_map
from clusteratlas.mapspec import map_spec
from clusteratlas.static import draw

from .conftest import geocode_cities


def _config(page: str) -> dict:
    body = page.split('<script type="application/json" id="clusteratlas-config">', 1)[1].split("</script>", 1)[0]
    return dict(json.loads(body))


def _facets(spec) -> dict[str, str]:
    return {f["name"]: f["title"] for f in _config(render_map(interactive_map(spec)))["filters"]}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_study_map_facets_have_readable_headers(geocoded: pd.DataFrame, lang: str) -> None:
    spec = map_spec(geocoded, data_label="clusters.csv", lang=lang, unit="clusters")
    facets = _facets(spec)
    assert "vocation" in facets, facets
    assert facets["vocation"] == "Vocation"  # was the raw column name "vocation"
    assert facets["category"] == ("Sector group" if lang == "en" else "Groupe sectoriel")  # the profile's label
    assert facets["governance"] == ("Governance" if lang == "en" else "Gouvernance")
    for name, title in facets.items():
        assert title[:1].isupper(), (name, title)  # no raw lower-case header left


def test_the_study_figure_coloured_by_vocation_titles_its_legend(geocoded: pd.DataFrame) -> None:
    from matplotlib.legend import Legend

    spec = map_spec(geocoded, data_label="clusters.csv", color_by="vocation", unit="clusters")
    assert spec.category_title() == "Vocation"
    fig = draw(spec, "points").figure
    titles = [leg.get_title().get_text() for leg in fig.findobj(Legend)]
    assert "Vocation" in titles and "vocation" not in titles, titles


def test_a_user_table_with_lower_case_columns_gets_capitalised_headers_everywhere() -> None:
    cities = ["Rabat", "Fès", "Casablanca", "Agadir", "Oujda", "Tanger", "Rabat", "Fès"]
    geo = geocode_cities(
        *cities,
        secteur=["IT", "Textile et cuir", "IT", "Agro", "IT", "Agro", "Agro", "IT"],
        statut_juridique=["SA", "SARL", "SA", "SARL", "SA", "SARL", "SA", "SA"],
        code_ICE=["A", "B", "A", "B", "A", "B", "A", "B"],
    )
    spec = map_spec(geo, data_label="entreprises.csv", color_by="secteur", lang="fr")
    assert spec.category_title() == "Secteur"
    facets = _facets(spec)
    assert facets["category"] == "Secteur"
    assert facets["statut_juridique"] == "Statut juridique"
    assert facets["code_ICE"] == "Code ICE"  # the rest as written: an acronym stays upper case
    table = dict(_config(render_map(interactive_map(spec)))["table"])
    assert table.get("statut_juridique", "Statut juridique") == "Statut juridique"


def test_a_users_own_header_is_kept_as_written() -> None:
    geo = geocode_cities("Rabat", "Fès", "Casablanca", statut=["A", "B", "A"])
    geo.attrs["headers"] = {**geo.attrs["headers"], "statut": "Statut de l'entreprise"}
    spec = map_spec(geo, lang="fr")
    assert _facets(spec)["statut"] == "Statut de l'entreprise"
    assert spec.column_title("statut") == "Statut de l'entreprise"

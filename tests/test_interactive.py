"""The HTML map's page, without a browser: what is written, and what never is."""

from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from clusteratlas import map_spec
from clusteratlas.errors import InputError
from clusteratlas.interactive import WEB_TEXTS, interactive_map, render_map
from tests.conftest import geocode_cities

TEMPLATE_CODE = [
    "{{ 7*7 }}",
    "{{ cycler.__init__.__globals__.os.getcwd() }}",
    "{% for x in range(3) %}{{ x }}{% endfor %}",
    "{% endraw %}{%",
    "{# comment",
]


def config(page: str) -> dict:
    """The page's configuration, its columnar records decoded to one dict per record."""
    body = page.split('<script type="application/json" id="clusteratlas-config">', 1)[1].split("</script>", 1)[0]
    out = dict(json.loads(body))
    data = out["data"]
    n = data["n"]

    def decode(c: dict) -> list:
        if "v" in c:
            return list(c["v"])
        if "d" in c:
            return [None if k < 0 else c["d"][k] for k in c["c"]]
        return [c["k"]] * n

    cols = {k: decode(c) for k, c in data["columns"].items() if k != "place"}
    places = [None if k < 0 else data["places"][k] for k in data["columns"]["place"]["c"]]
    out["records"] = [
        {**{k: v[i] for k, v in cols.items()}, "lat": p and p[0], "lon": p and p[1]} for i, p in enumerate(places)
    ]
    return out


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


def test_max_zoom_is_a_parameter_checked_before_any_work(geocoded: pd.DataFrame) -> None:
    spec = map_spec(geocoded)
    assert '"maxZoom": 11' in render_map(interactive_map(spec))
    assert '"maxZoom": 9' in render_map(interactive_map(spec, max_zoom=9))
    for bad in (4, 19, 10.5, True, "11"):
        with pytest.raises(InputError, match="max_zoom"):
            interactive_map(spec, max_zoom=bad)  # type: ignore[arg-type]


def test_zone_outlines_differ_by_colour_width_and_dashes(geocoded: pd.DataFrame) -> None:
    page = render_map(interactive_map(map_spec(geocoded)))
    every = config(page)["legends"]["zones"]["items"]
    items = [it for it in every if it["kind"] == "line"]
    assert len(items) == 3
    # Every zone group is listed, as in the figures: the rest of the regions and the unplaced.
    assert [it["label"] for it in every if it["kind"] != "line"] == ["Other regions: 0 (0.0%)", "Unplaced: 1 (5.9%)"]
    for key in ("color", "weight", "dash"):
        assert len({it[key] for it in items}) == 3, key
    for it in items:  # the legend's line is the outline's
        assert f'"color": "{it["color"]}"' in page and f'"weight": {it["weight"]}' in page


def test_records_carry_their_own_coordinates_and_markercluster_is_inlined(geocoded: pd.DataFrame) -> None:
    page = render_map(interactive_map(map_spec(geocoded)))
    records = config(page)["records"]
    placed = geocoded[geocoded["region_code"].notna()]
    got = [(r["lat"], r["lon"]) for r in records if r["lat"] is not None]
    assert got == [(round(a, 5), round(b, 5)) for a, b in zip(placed["lat"], placed["lon"], strict=True)]
    assert all("dx" not in r for r in records)
    assert "L.MarkerClusterGroup" in page and "markerClusterGroup" in page


def test_the_header_names_ten_unplaced_records_and_counts_the_rest() -> None:
    cities = ["Rabat"] + [f"Nowhere {i}" for i in range(14)]
    geo = geocode_cities(*cities)
    page = render_map(interactive_map(map_spec(geo)))
    header = page.split('<header class="ca-header">', 1)[1].split("</header>", 1)[0]
    assert "1 of 15 records placed" in header and "r10" in header and "r11" not in header
    assert "and 4 more (see the table)" in header


def test_zone_outlines_are_the_static_figures_styles(geocoded: pd.DataFrame) -> None:
    from clusteratlas.mapspec import ZONE_STYLES

    every = config(render_map(interactive_map(map_spec(geocoded))))["legends"]["zones"]["items"]
    items = [it for it in every if it["kind"] == "line"]
    assert [it["color"] for it in items] == [c for c, _, _ in ZONE_STYLES[: len(items)]]
    widths = [it["weight"] for it in items]
    assert widths == sorted(widths, reverse=True) == [round(2.2 * w, 1) for _, w, _ in ZONE_STYLES[: len(items)]]
    assert [it["dash"] for it in items] == ["", "10 5", "2 4"]


def test_no_html_is_built_from_strings_in_python() -> None:
    """Markup lives in the _web/ templates (autoescaped) and in atlas.js (textContent)."""
    import ast
    import importlib
    import inspect
    import pkgutil

    from clusteratlas import interactive

    # The map is a package: every module of it.
    names = [f"{interactive.__name__}.{info.name}" for info in pkgutil.iter_modules(interactive.__path__)]
    modules = [interactive, *(importlib.import_module(name) for name in names)]
    every = ""
    for module in modules:
        source = inspect.getsource(module)
        every += source
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.JoinedStr):
                literal = "".join(
                    v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)
                )
                assert "<" not in literal, ast.get_source_segment(source, node)
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.Mod):
                for side in (node.left, node.right):
                    if isinstance(side, ast.Constant) and isinstance(side.value, str):
                        assert not re.search(r"<[a-z/!]", side.value), ast.get_source_segment(source, node)
    source = every
    assert "_generate_id" not in source and "_children" not in source
    assert "autoescape=True" in source


def test_filters_come_from_the_datas_own_categorical_columns() -> None:
    cities = ["Rabat", "Fès", "Casablanca", "Agadir", "Oujda", "Tanger"]
    geo = geocode_cities(*cities, statut=["A", "B", "A", "C", "", "B"], note=[f"n{i}" for i in range(6)])
    page = render_map(interactive_map(map_spec(geo)))
    filters = {f["name"]: f for f in config(page)["filters"]}
    # No governance or labeling (absent), no free text (every note differs).
    assert set(filters) == {"category", "statut"}
    assert filters["statut"]["title"] == "Statut"  # a header written as the column's bare name, made readable
    assert filters["statut"]["values"] == [["A", 2, None], ["B", 2, None], ["C", 1, None], ["Unknown", 1, None]]


def test_records_are_columns_and_coordinates_are_places() -> None:
    geo = geocode_cities(*(["Rabat"] * 50 + ["Fès"] * 50), sector_group=["x", "y"] * 50)
    data = config(render_map(interactive_map(map_spec(geo))))["data"]
    assert data["n"] == 100 and len(data["places"]) == 2
    assert data["columns"]["category"]["d"] == ["x", "y"] and data["columns"]["category"]["c"][:4] == [0, 1, 0, 1]
    assert set(data["columns"]["place"]["c"]) == {0, 1}
    assert "v" in data["columns"]["name"]  # every name differs: kept plain


def test_french_page_in_french_with_the_users_headers() -> None:
    cities = ["Rabat", "Fès", "Casablanca", "Agadir", "Oujda", "Tanger"]
    geo = geocode_cities(*cities, statut=["Zone", "Énergie", "Zone", "", "Énergie", "Zone"])
    geo.attrs["headers"] = {**geo.attrs["headers"], "name": "nom", "city": "ville"}
    page = render_map(interactive_map(map_spec(geo, lang="fr")))
    conf = config(page)
    assert page.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert conf["texts"]["reset"] == "Réinitialiser"
    statut = next(f for f in conf["filters"] if f["name"] == "statut")
    assert [v[0] for v in statut["values"]] == ["Zone", "Énergie", "Inconnu"]  # by count, unknown last
    assert conf["table"][0] == ["name", "nom"] and ["statut", "Statut"] in conf["table"]
    assert ["city", "ville"] in conf["table"] and ["region", "Région"] in conf["table"]
    english = {v for k, v in WEB_TEXTS["en"].items() if v != WEB_TEXTS["fr"][k]}

    def strings(obj: object) -> set[str]:
        if isinstance(obj, str):
            return {obj}
        if isinstance(obj, dict):
            return set().union(*(strings(v) for v in obj.values())) if obj else set()
        if isinstance(obj, list):
            return set().union(*(strings(v) for v in obj)) if obj else set()
        return set()

    shown = strings({k: v for k, v in conf.items() if k not in ("data", "records")})
    assert not shown & english, shown & english
    outside = re.sub(r"<(script|style).*?</(script|style)>", "", page, flags=re.DOTALL)
    assert not [text for text in english if len(text) > 4 and text in outside]


def test_a_large_table_travels_as_counts_by_place_and_value_and_its_first_records() -> None:
    """Above LIST_ALL_UP_TO records the page grows with places and values, not rows."""
    import numpy as np

    from clusteratlas.interactive import LIST_ALL_UP_TO, LISTED

    def page_of(n: int) -> str:
        rng = np.random.default_rng(n)
        cities = np.asarray(["Rabat", "Fès", "Casablanca", "Atlantis"], dtype=object)[rng.integers(0, 4, n)]
        geo = geocode_cities(
            *cities,
            sector_group=list(rng.choice(["x", "y", "z"], n)),
            statut=list(rng.choice(["A", "B", ""], n)),
            year=list(rng.integers(2010, 2020, n)),
        )
        return render_map(interactive_map(map_spec(geo)))

    n = LIST_ALL_UP_TO + 1
    page = page_of(n)
    assert page == page_of(n)  # the same bytes
    decoded = config(page)
    data, units = decoded["data"], decoded["records"]
    cols = data["columns"]
    assert data["total"] == n and sum(u["w"] for u in units) == n
    # One unit per place, category, year and filter value (3 places + unplaced, 3, 10, 3): at most 360.
    assert data["n"] == len(cols["place"]["c"]) <= 4 * 3 * 10 * 3
    assert set(cols) >= {"place", "category", "year", "w", "f:statut"} and "name" not in cols
    assert data["listed"]["n"] == LISTED == len(data["listed"]["unit"])
    assert data["listed"]["columns"]["name"]["v"] == [f"r{i}" for i in range(LISTED)]
    # Places named by the gazetteer in the page's language, as the figures name them (session 14: was the data's "Fès").
    assert sorted(data["place_names"]) == ["Casablanca", "Fez", "Rabat"]
    assert f'"r{LISTED}"' not in page
    assert abs(len(page_of(4 * n)) - len(page)) < 2000  # four times the rows, the same page
    # Small tables keep every record.
    assert "listed" not in config(page_of(LIST_ALL_UP_TO))["data"]


def _is_category_by_rows(values: pd.Series) -> bool:
    """aggregate.is_category's rule, row by row: the reference for the distinct-value one."""
    from clusteratlas.aggregate import CATEGORY_ROWS, CATEGORY_VALUES, written_numbers

    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return False
    text = values.astype("string").str.strip()
    filled = text[text.notna() & text.ne("")]
    if len(filled) and written_numbers(filled.astype(object)):
        return False
    distinct = int(filled.nunique())
    repeat = len(filled) < CATEGORY_ROWS or 2 * distinct <= len(filled)  # free text is no category
    return CATEGORY_VALUES[0] <= distinct <= CATEGORY_VALUES[1] and distinct < len(filled) and repeat


@pytest.mark.parametrize("seed", range(40))
def test_is_category_on_distinct_values_agrees_with_the_row_by_row_rule(seed: int) -> None:
    import numpy as np

    from clusteratlas.aggregate import is_category

    rng = np.random.default_rng(seed)
    pool = np.asarray(
        ["A", " A", "A ", "b", "", " ", None, "12", " 3", "1e3", "x<y", "Énergie", "énergie", True], object
    )
    width = int(rng.integers(1, len(pool) + 1)) if seed % 4 else 40
    values = pool[rng.integers(0, min(width, len(pool)), int(rng.integers(0, 60)))]
    if seed % 4 == 0:  # many distinct values
        values = np.asarray([f"v{int(i)}" for i in rng.integers(0, 45, 50)], dtype=object)
    series = pd.Series(values, dtype=object)
    assert is_category(series) == _is_category_by_rows(series)
    assert is_category(series.astype("category")) == _is_category_by_rows(series.astype("category"))


# ---------------------------------------------------------------- the user's own columns
def register() -> pd.DataFrame:
    """An agency's register of firms: its own headers, numbers, identifiers with leading zeros, an address."""
    import warnings

    from clusteratlas import geocode

    frame = pd.DataFrame(
        {
            "Raison sociale": ["Atlas Textile", "Fès Cuir", "Sous Agro", "Oriental Solaire"],
            "Ville": ["Casablanca", "Fès", "Agadir", "Oujda"],
            "Adresse": ["12 bd Zerktouni", "Route d'Imouzzer", "", "Quartier industriel"],
            "Secteur d'activité": ["Textile", "Cuir", "Agro-industrie", "Énergie"],
            "Effectif": [12345, 80, 1500, 42],
            "Investissement (MDH)": [1234.56, 3.5, 250.0, 9.75],
            "ICE": ["001234567000089", "002345678000012", "000000000000077", "003456789000045"],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


STUDY_TITLES = {
    "en": ["Sector group", "Governance", "Financing", "Labeling", "Location confidence", "Note"],
    "fr": ["Groupe sectoriel", "Gouvernance", "Financement", "Labellisation", "Confiance", "Note"],
}


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_popups_and_table_show_the_users_columns_under_their_headers_and_nothing_else(lang: str) -> None:
    conf = config(render_map(interactive_map(map_spec(register(), lang=lang))))
    fields = dict(map(tuple, conf["fields"]))
    region, precision = ("Region", "Geocode precision") if lang == "en" else ("Région", "Précision")
    assert list(fields.values()) == [
        "Ville",
        "Adresse",
        "Secteur d'activité",
        "Effectif",
        "Investissement (MDH)",
        "ICE",
        "Province",
        region,
        precision,
    ]
    table = [title for _, title in conf["table"]]
    assert table[0] == "Raison sociale" and {"Effectif", "Investissement (MDH)"} <= set(table)
    for title in STUDY_TITLES[lang]:  # no empty study field, in the popups or the table
        assert title not in fields.values() and title not in table
    # Numbers are numbers (the page writes them in its language); identifiers stay text.
    assert conf["numbers"] == ["Effectif", "Investissement (MDH)"]
    first = conf["records"][0]
    assert first["Effectif"] == 12345 and first["Investissement (MDH)"] == 1234.56
    assert [r["ICE"] for r in conf["records"]][2] == "000000000000077"
    assert conf["search"] == ["name", "city", "geocode_match", "province", "region"]


def test_the_studys_popups_keep_its_fields_the_data_have(geocoded: pd.DataFrame) -> None:
    from clusteratlas.interactive._columns import has_values

    conf = config(render_map(interactive_map(map_spec(geocoded))))
    keys = [k for k, _ in conf["fields"]]
    assert {"sector_group", "governance", "financing", "labeling", "location_confidence", "location_note"} <= set(keys)
    assert all(has_values(geocoded[k]) for k in keys)
    assert not {"name", "full_name", "location_source", "lat", "geocode_status"} & set(keys)
    assert not [k for k in keys if k.startswith("lever_")]  # the levers are a list of their own
    assert conf["numbers"] == []  # a year is not a number to group by thousands


def test_a_column_empty_in_every_record_is_left_out() -> None:
    geo = register()
    geo["sector_group"] = ""
    geo["governance"] = None
    geo["Note"] = "  "
    conf = config(render_map(interactive_map(map_spec(geo))))
    keys = [k for k, _ in (*conf["fields"], *conf["table"])]
    assert "sector_group" not in keys and "governance" not in keys and "Note" not in keys


def test_a_large_page_finds_places_by_their_towns_provinces_and_regions() -> None:
    from clusteratlas.interactive import LIST_ALL_UP_TO

    cities = ["Casablanca", "Fès", "Anfa", "Agadir"] * (LIST_ALL_UP_TO // 4 + 1)
    data = config(render_map(interactive_map(map_spec(geocode_cities(*cities)))))["data"]
    words = data["place_words"]["d"]
    by_place = [{words[c] for c in codes} for codes in data["place_words"]["c"]]
    # Anfa, a quarter of Casablanca, is placed at Casablanca's point: one place.
    assert len(by_place) == len(data["places"]) == 3
    fes = next(w for w in by_place if "Fès" in w)
    assert "Fès-Meknès" in fes  # the town, its province and region
    casablanca = next(w for w in by_place if "Casablanca" in w)
    assert {"Anfa", "Casablanca-Settat"} <= casablanca
    assert words == sorted(words)


def test_the_page_has_landmarks_a_skip_link_and_allows_pinch_zoom(geocoded: pd.DataFrame) -> None:
    page = render_map(interactive_map(map_spec(geocoded)))
    assert "user-scalable" not in page and "maximum-scale" not in page
    assert page.count('<meta name="viewport" content="width=device-width, initial-scale=1.0">') == 1
    body = page.split("<body>", 1)[1]
    order = [body.index(s) for s in ('class="ca-skip" href="#map_0001"', "<header", "<main", 'id="ca-filters"')]
    order += [body.index(s) for s in ('id="map_0001"', 'id="ca-table"', "</main>", "<footer")]
    assert order == sorted(order)  # skip link, header, then main: filters, map, table; then footer
    assert body.count("<main") == body.count("</main>") == 1

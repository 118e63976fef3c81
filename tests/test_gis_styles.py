"""QGIS-ready GeoPackages: ``layer_styles`` with QML and SLD, a regions layer, the figures' classes and colours.

What a real QGIS makes of the file (it loads the styles and draws them) is checked by
``scripts/qgis_render.py``, outside ``make test``: QGIS is a 930 MB install. Here the
styles are checked as QGIS and GDAL read them: the table's schema and rows, the QML's
rules, fields, colours and sizes, the SLD's filters, and GDAL's validator and ``ogrinfo``.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import warnings
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import pytest

from clusteratlas import geocode, read_records
from clusteratlas._styles import STYLE_COLUMNS, STYLE_TIME, points_sizing, write_styled_gpkg
from clusteratlas.mapspec import OTHER_LABEL, PALETTE, RAMP, ZERO_COLOR, MapOptions, map_spec
from tests.test_gis_types import SYSTEM_PYTHON, VALIDATOR, gis_register

SLD = "{http://www.opengis.net/sld}"
SE = "{http://www.opengis.net/se}"
OGC = "{http://www.opengis.net/ogc}"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame]:
    """A register geocoded and written by ``geocode -o firms.gpkg``; and the same records geocoded here."""
    folder = tmp_path_factory.mktemp("styles")
    source = folder / "Registre 2024.csv"
    gis_register(23, 300).to_csv(source, index=False, sep=";")
    out = folder / "firms.gpkg"
    from clusteratlas.cli import main

    assert main(["geocode", str(source), "-o", str(out), "-q"]) == 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return out, geocode(read_records(source))


def _styles(path: Path) -> pd.DataFrame:
    with sqlite3.connect(path) as con:
        return pd.read_sql_query("SELECT * FROM layer_styles ORDER BY id", con)


def _qml(text: str) -> ET.Element:
    return ET.fromstring(text.split("\n", 1)[1])  # after the DOCTYPE line


def _rules(root: ET.Element) -> list[ET.Element]:
    renderer = root.find("renderer-v2")
    assert renderer is not None and renderer.get("type") == "RuleRenderer"
    return list(renderer.iter("rule"))


def _symbol_colors(root: ET.Element) -> list[str]:
    out = []
    for symbol in root.iter("symbol"):
        props = {p.get("k"): p.get("v") for p in symbol.iter("prop")}
        r, g, b, _ = (int(v) for v in str(props["color"]).split(","))
        out.append(f"#{r:02x}{g:02x}{b:02x}")
    return out


def test_the_styles_table_has_qgis_schema_and_one_default_style_per_layer(written: tuple[Path, pd.DataFrame]) -> None:
    path, _ = written
    layers = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    assert layers == ["Registre_2024", "Registre_2024_regions", "layer_styles"]
    with sqlite3.connect(path) as con:
        columns = [(row[1], row[2]) for row in con.execute("PRAGMA table_info(layer_styles)")]
        geometry = dict(con.execute("SELECT table_name, column_name FROM gpkg_geometry_columns").fetchall())
        kind = con.execute("SELECT data_type FROM gpkg_contents WHERE table_name = 'layer_styles'").fetchone()
    assert [c for c, _ in columns] == ["id", *STYLE_COLUMNS]
    assert dict(columns)["useAsDefault"] == "BOOLEAN" and dict(columns)["update_time"] == "DATETIME"
    assert kind == ("attributes",)
    styles = _styles(path)
    assert list(styles["f_table_name"]) == ["Registre_2024", "Registre_2024_regions"]
    assert list(styles["f_geometry_column"]) == [geometry[t] for t in styles["f_table_name"]]
    assert (styles["useAsDefault"] == 1).all() and (styles["update_time"] == STYLE_TIME).all()
    assert (styles["f_table_catalog"] == "").all() and (styles["f_table_schema"] == "").all()


def test_the_records_style_draws_the_figures_categories_and_colours(written: tuple[Path, pd.DataFrame]) -> None:
    path, geo = written
    root = _qml(str(_styles(path)["styleQML"].iloc[0]))
    rules = _rules(root)
    placed = geo[geo["lat"].notna()]
    sectors = placed["sector"].astype("string").str.strip().replace("", pd.NA).dropna()
    counts = sectors.value_counts()
    # recomputed here: the categories in the figures' order (sorted), with the figures' colours, counts in the legend
    named = [re.fullmatch(r"trim\(to_string\(\"Secteur\"\)\) = '(.*)'", r.get("filter", "")) for r in rules]
    categories = [m.group(1).replace("''", "'") for m in named if m]
    assert categories == sorted(counts.index, key=str)
    spec = map_spec(geo, unit="records")
    assert _symbol_colors(root)[: len(categories)] == [spec.colors[c].lower() for c in categories]
    assert set(spec.colors.values()) <= set(PALETTE) | {"#ffffff", "#bdbdbd"}
    every = geo["sector"].astype("string").str.strip().value_counts()
    for rule, category in zip(rules, categories, strict=False):
        n, total = counts[category], every[category]
        detail = f"{n}" if n == total else f"{n} on the map, {total} in all"
        assert rule.get("label") == f"{category} ({detail})"
    sizes = {p.get("v") for p in root.iter("prop") if p.get("k") == "size"}
    one = 2 * float(points_sizing(spec).radii(np.ones(1))[0])  # the figures' one-record place (their sizing rule)
    assert len(sizes) == 1 and float(sizes.pop()) == pytest.approx(one, abs=0.01)
    shape = [o.get("value") for o in root.iter("Option") if o.get("name") == "expression"]
    assert shape and "geocode_precision" in str(shape[0]) and "'square'" in str(shape[0])
    text = root.find("labeling/settings/text-style")
    assert root.get("labelsEnabled") == "1" and text is not None and text.get("fieldName") == "Raison sociale"


def test_the_regions_layer_and_style_are_the_choropleth(written: tuple[Path, pd.DataFrame]) -> None:
    path, geo = written
    regions = gpd.read_file(path, layer="Registre_2024_regions")
    records = gpd.read_file(path, layer="Registre_2024")
    expected = records.dropna(subset=["region_code"]).groupby("region_code").size()
    got = regions.set_index("region_code")["count"]
    assert got[got > 0].sort_index().to_dict() == expected.sort_index().to_dict()
    assert np.isclose(regions["share"].sum(), len(records.dropna(subset=["region_code"])) / len(records))
    assert regions["count"].dtype.kind == "i" and regions["region_code"].tolist()[0] == "01"  # codes stay text
    root = _qml(str(_styles(path)["styleQML"].iloc[1]))
    rules = _rules(root)
    spec = map_spec(geo, unit="records")
    assert [r.get("filter") for r in rules] == [f'"class_index" = {k}' for k in range(len(spec.classes.labels))]
    assert [str(r.get("label")).split(" (")[0] for r in rules] == list(spec.classes.labels)
    assert _symbol_colors(root) == [c.lower() for c in spec.classes.colors]
    assert set(spec.classes.colors) <= set(RAMP) | {ZERO_COLOR}
    for k, label in enumerate(spec.classes.labels):  # each region's class is the class its count falls in
        assert set(regions.loc[regions["class_index"] == k, "class"]) <= {label}


def test_the_sld_is_xml_with_the_same_rules(written: tuple[Path, pd.DataFrame]) -> None:
    path, geo = written
    styles = _styles(path)
    root = ET.fromstring(str(styles["styleSLD"].iloc[0]).encode("utf-8"))
    assert root.tag == f"{SLD}StyledLayerDescriptor" and root.get("version") == "1.1.0"
    assert root.findtext(f"{SLD}NamedLayer/{SE}Name") == "Registre_2024"
    rules = root.findall(f".//{SE}Rule")
    literals = [r.findtext(f".//{OGC}Literal") for r in rules if r.find(f".//{OGC}Literal") is not None]
    assert {r.findtext(f".//{OGC}PropertyName") for r in rules if r.find(f"{OGC}Filter") is not None} == {"Secteur"}
    spec = map_spec(geo, unit="records")
    assert literals == [c for c in spec.colors if c != OTHER_LABEL]
    fills = [p.text for p in root.iter(f"{SE}SvgParameter") if p.get("name") == "fill" and p.text != "#ffffff"]
    assert fills[: len(literals)] == [spec.colors[c] for c in literals]
    regions = ET.fromstring(str(styles["styleSLD"].iloc[1]).encode("utf-8"))
    assert len(regions.findall(f".//{SE}PolygonSymbolizer")) == len(spec.classes.labels)


def test_gdal_validates_the_styled_geopackage_and_opens_it_cleanly(written: tuple[Path, pd.DataFrame]) -> None:
    path, _ = written
    assert VALIDATOR.is_file(), "install Debian's python3-gdal (make test does)"
    checked = subprocess.run([SYSTEM_PYTHON, str(VALIDATOR), str(path)], capture_output=True, text=True, check=False)
    assert (checked.returncode, checked.stdout, checked.stderr) == (0, "", "")
    opened = subprocess.run(["ogrinfo", "-so", "-al", str(path)], capture_output=True, text=True, check=False)
    assert opened.returncode == 0 and "Warning" not in opened.stderr + opened.stdout, opened.stderr
    assert "Layer name: layer_styles" in opened.stdout and "styleQML: String" in opened.stdout
    assert "Geometry: Multi Polygon" in opened.stdout and "count: Integer64" in opened.stdout


def _records(categories: list[str]) -> pd.DataFrame:
    cities = ["Fès", "Rabat", "Tanger", "Agadir", "Oujda", "Casablanca"]
    n = len(categories)
    frame = pd.DataFrame({"name": [f"F{i}" for i in range(n)], "city": [cities[i % 6] for i in range(n)]})
    frame["sector"] = categories
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


def test_names_are_escaped_and_other_and_unknown_have_rules(tmp_path: Path) -> None:
    odd = 'R&D <"labo"> l\'usine'
    many = [odd, "", *[f"Secteur {i:02d}" for i in range(14)]]
    geo = _records(many + many[2:6] + [odd, odd])  # the odd name among the most frequent: the palette keeps it
    path = write_styled_gpkg(geo, tmp_path / "odd.gpkg", layer="odd")
    styles = _styles(path)
    rules = _rules(_qml(str(styles["styleQML"].iloc[0])))
    filters = [str(r.get("filter")) for r in rules]
    assert filters[-1] == "ELSE" and str(rules[-1].get("label")).startswith(OTHER_LABEL)
    assert '"sector" IS NULL OR trim(to_string("sector")) = \'\'' in filters  # the figure's "Unknown"
    sld_root = ET.fromstring(str(styles["styleSLD"].iloc[0]).encode("utf-8"))
    literals = [e.text for e in sld_root.iter(f"{OGC}Literal")]
    spec = map_spec(geo, unit="records")
    assert odd in spec.colors and odd in literals  # the SLD's literal is the text itself
    assert "trim(to_string(\"sector\")) = 'R&D <\"labo\"> l''usine'" in filters  # quoted as QGIS reads it
    assert sld_root.find(f".//{SE}ElseFilter") is not None


def test_writing_again_replaces_our_styles_and_keeps_the_others(tmp_path: Path, run: Callable[..., Any]) -> None:
    geo = _records(["A", "B", "A"])
    path = tmp_path / "mine.gpkg"
    gpd.GeoDataFrame({"x": [1]}, geometry=gpd.points_from_xy([-7.0], [33.0]), crs="EPSG:4326").to_file(
        path, layer="theirs", driver="GPKG"
    )
    with sqlite3.connect(path) as con:  # a style QGIS saved for their layer
        con.execute(
            "CREATE TABLE layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT, "
            "f_table_schema TEXT, f_table_name TEXT, f_geometry_column TEXT, styleName TEXT, styleQML TEXT, "
            "styleSLD TEXT, "
            "useAsDefault BOOLEAN, description TEXT, owner TEXT, ui TEXT, update_time DATETIME)"
        )
        con.execute("INSERT INTO layer_styles (f_table_name, styleName, styleQML) VALUES ('theirs', 'mine', '<qgis/>')")
    write_styled_gpkg(geo, path, layer="ours")
    first = path.read_bytes()
    write_styled_gpkg(geo, path, layer="ours")
    styles = _styles(path)
    assert sorted(styles["f_table_name"]) == ["ours", "ours_regions", "theirs"]
    assert styles.loc[styles["f_table_name"] == "theirs", "styleQML"].tolist() == ["<qgis/>"]
    assert sorted(str(n) for n in pyogrio.list_layers(path)[:, 0]) == ["layer_styles", "ours", "ours_regions", "theirs"]
    assert len(path.read_bytes()) == len(first)  # replaced, not added again
    back = read_records(path, layer="ours")
    assert len(back) == 3


def test_the_only_point_layer_is_read_without_naming_it(written: tuple[Path, pd.DataFrame]) -> None:
    path, geo = written
    back = read_records(path)
    assert len(back) == len(geo)
    assert back["geocode_precision"].tolist() == geo["geocode_precision"].tolist()  # read back as written


def test_the_styles_follow_the_language_and_give_the_same_bytes(tmp_path: Path) -> None:
    geo = _records(["A", "B", "A", ""])
    fr = write_styled_gpkg(geo, tmp_path / "fr.gpkg", layer="x", options=MapOptions(unit="records", lang="fr"))
    again = write_styled_gpkg(geo, tmp_path / "again.gpkg", layer="x", options=MapOptions(unit="records", lang="fr"))
    assert fr.read_bytes() == again.read_bytes()
    labels = [str(r.get("label")) for r in _rules(_qml(str(_styles(fr)["styleQML"].iloc[0])))]
    assert any(label.startswith("Inconnu") for label in labels), labels


def test_a_failed_style_write_leaves_the_geopackage_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import clusteratlas._styles as styles

    geo = _records(["A", "B"])
    path = write_styled_gpkg(geo, tmp_path / "kept.gpkg", layer="first")
    before = path.read_bytes()

    def broken(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(styles, "write_styles", broken)
    with pytest.raises(OSError, match="disk full"):
        write_styled_gpkg(geo, path, layer="second")
    assert path.read_bytes() == before  # neither the second layer nor its regions went in
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.gpkg"]  # no temporary file left


def test_sizes_follow_the_size_column_as_in_the_figures(tmp_path: Path) -> None:
    geo = _records(["A", "B", "A", "B"]).assign(surface=["10", "30", "", "20"])
    options = MapOptions(unit="records", size_by="surface")
    path = write_styled_gpkg(geo, tmp_path / "sized.gpkg", layer="sized", options=options)
    root = _qml(str(_styles(path)["styleQML"].iloc[0]))
    sizes = [
        o.get("value") for o in root.iter("Option") if o.get("name") == "expression" and "sqrt" in str(o.get("value"))
    ]
    assert sizes and all(
        'to_real("surface")' in str(s) and "/ 20," in str(s) for s in sizes
    )  # 20: the mean of 10, 30, 20

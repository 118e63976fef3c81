"""The map specification on small frames built here: classes, the spec, its legend items.

The legend test draws the same spec twice, as a static figure and as the HTML map, and
reads each legend back from what was drawn (matplotlib's Legend artists, the page's
embedded configuration), so the two renderers cannot drift apart again.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import fields

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.legend import Legend

from clusteratlas import geocode
from clusteratlas.errors import ClassificationWarning, InputError
from clusteratlas.interactive import interactive_map, render_map
from clusteratlas.mapspec import (
    ALL_RECORDS,
    FLAG_COLOR,
    OTHER_LABEL,
    UNKNOWN_LABEL,
    ZERO_COLOR,
    LegendItem,
    MapKeywords,
    MapOptions,
    classify,
    describe,
    map_spec,
)
from clusteratlas.static import figure
from tests.randomdata import HOSTILE, random_records


def _geocode(frame: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # unplaced rows warn, on purpose here
        return geocode(frame)


def _frame(seed: int, n: int) -> pd.DataFrame:
    """Random records at gazetteer places, plus two unplaced ones sharing a placed record's sector."""
    frame = random_records(seed, n)
    extra = pd.DataFrame(
        {
            "name": ["Lost one", "Lost two"],
            "city": ["Nowhere-upon-Sea", ""],
            "sector": [frame["sector"].iat[0], frame["sector"].iat[0]],
            "location_confidence": ["high", "high"],
            "region": ["", ""],
        }
    )
    return _geocode(pd.concat([frame, extra], ignore_index=True))


def _page_legends(spec: object) -> dict:
    page = render_map(interactive_map(spec))
    body = page.split('<script type="application/json" id="clusteratlas-config">', 1)[1].split("</script>", 1)[0]
    return dict(json.loads(body)["legends"])


def _face(handle: object) -> str:
    """Return a legend handle's fill colour as the spec writes it (a patch's face, a marker's face)."""
    get = getattr(handle, "get_markerfacecolor", None) or getattr(handle, "get_facecolor")  # noqa: B009
    return str(to_hex(get(), keep_alpha=False)).upper()


def _figure_legends(spec: object, colors: dict[str, list[str]] | None = None) -> dict[str, tuple[str, list[str]]]:
    colors = {} if colors is None else colors
    fig = figure(spec, "combined")  # type: ignore[arg-type]
    try:
        found = {}
        for ax in fig.axes:
            for child in ax.get_children():
                if isinstance(child, Legend) and (child.get_gid() or "").startswith("legend-"):
                    texts = [t.get_text().replace("\\$", "$") for t in child.get_texts()]
                    found[child.get_gid()[len("legend-") :]] = (child.get_title().get_text(), texts)
                    colors[child.get_gid()[len("legend-") :]] = [_face(h) for h in child.legend_handles]
        return found
    finally:
        plt.close(fig)


@pytest.mark.parametrize(("seed", "lang"), [(1, "en"), (2, "fr"), (3, "en")])
def test_both_renderers_draw_the_same_legend_items(seed: int, lang: str) -> None:
    spec = map_spec(_frame(seed, 40), lang=lang, unit="records", zones=True)  # zones asked for
    items = spec.legend_items()
    assert {i.group for i in items} >= {"classes", "categories", "zones"}
    page = _page_legends(spec)
    faces: dict[str, list[str]] = {}
    drawn = _figure_legends(spec, faces)
    for group in ("classes", "zones"):
        title, texts = drawn[group]
        assert title == page[group]["title"]
        assert texts == [it["label"] for it in page[group]["items"]]
        assert texts == [i.text for i in items if i.group == group]
    title, texts = drawn["points"]
    html_points = [it["label"] for it in page["points"]["items"]]
    assert title == page["points"]["title"] == spec.category_title()
    assert html_points == [i.text for i in items if i.group in ("categories", "flags")]
    # The figure adds only its own key of symbol sizes after the shared items.
    assert texts[: len(html_points)] == html_points
    assert all(t.split()[-1] in {"records", "record", "fiches", "fiche"} for t in texts[len(html_points) :])
    colors = [it["color"] for it in page["points"]["items"]]
    assert colors == [i.color for i in items if i.group in ("categories", "flags")]
    assert faces["points"][: len(colors)] == [c.upper() for c in colors]
    assert faces["classes"] == [it["color"].upper() for it in page["classes"]["items"]]


def test_class_items_say_what_they_count_and_categories_their_unplaced_records() -> None:
    spec = map_spec(_frame(4, 30), unit="records")
    classes = [i for i in spec.legend_items() if i.group == "classes"]
    assert sum(i.count or 0 for i in classes) == len(spec.regions) == 12
    assert all(i.text.endswith(("region)", "regions)")) for i in classes)
    first = [i for i in spec.legend_items() if i.group == "categories" and i.label == spec.points["category"].iat[0]]
    every = spec.categories(spec.records).value_counts()
    (item,) = first
    assert item.count == int((spec.points["category"] == item.label).sum())
    assert item.detail == f"{item.count} on the map, {every[item.label]} in all"
    assert spec.texts["on_map"] != map_spec(spec.records, lang="fr").texts["on_map"]


def test_flags_and_zone_items() -> None:
    frame = _geocode(
        pd.DataFrame(
            {
                "name": ["a", "b", "c", "d"],
                "city": ["Casablanca", "Tanger", "Agadir", ""],
                "region": ["", "", "", "01"],
                "location_confidence": ["low", "high", "high", "high"],
            }
        )
    )
    assert not [i for i in map_spec(frame).legend_items() if i.group == "zones"]  # not the study's table
    items = map_spec(frame, zones=True).legend_items()
    flags = {i.marker: i for i in items if i.group == "flags"}
    assert flags["diamond"].count == 1 and flags["diamond"].color == FLAG_COLOR
    assert flags["box"].count == 1  # placed by region only
    zones = [i for i in items if i.group == "zones"]
    assert sum(i.count or 0 for i in zones) == 4  # every record in one zone group
    assert all(i.regions for i in zones if i.marker == "line")
    assert all(not i.regions and i.color == "none" for i in zones if i.marker == "blank")
    with pytest.raises(AttributeError):
        zones[0].label = "changed"  # type: ignore[misc]
    assert isinstance(zones[0], LegendItem)


def test_classify_gives_zero_its_own_class_and_ranges_without_repeated_bounds() -> None:
    classes = classify(np.array([0, 0, 1, 2, 2, 9, 30, 31]), k=3)
    assert classes.labels[0] == "0 / none" and classes.colors[0] == ZERO_COLOR
    assert classes.counts[0] == 2 and sum(classes.counts) == 8
    assert all(lab.count("–") <= 1 for lab in classes.labels)
    assert list(classes.index) == sorted(classes.index)  # sorted values, sorted classes
    fr = classify(np.array([0.0, 0.25, 0.5]), kind="share", lang="fr")
    assert fr.labels == ("0\u202f%", "25,0\u202f%", "50,0\u202f%")  # session 11: a share's zero with its unit


def test_classify_few_distinct_values_warns_only_when_k_was_asked() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quiet = classify(np.array([1, 1, 2]))
    assert quiet.scheme == "unique" and quiet.labels == ("1", "2")
    with pytest.warns(ClassificationWarning, match="2 distinct"):
        classify(np.array([1, 1, 2]), k=4)


@pytest.mark.parametrize("scheme", ["fisher_jenks", "quantiles", "equal_interval"])
def test_classify_every_value_in_exactly_one_class(scheme: str) -> None:
    rng = np.random.default_rng(5)
    values = rng.integers(0, 500, size=300).astype(float)
    classes = classify(values, scheme=scheme, k=5)
    assert len(classes.index) == len(values)
    assert sum(classes.counts) == len(values)
    assert np.bincount(classes.index, minlength=len(classes.labels)).tolist() == list(classes.counts)


def test_classify_user_breaks_and_bad_options() -> None:
    classes = classify(np.array([1.0, 4.0, 20.0]), scheme="user", breaks=[2, 10])
    assert classes.upper == (2.0, 10.0, 20.0)
    for kwargs in ({"scheme": "nope"}, {"k": 0}, {"scheme": "user"}):
        with pytest.raises(InputError):
            classify(np.array([1.0]), **kwargs)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="missing"):
        classify(np.array([1.0, np.nan]))


def test_map_spec_options_bundle_equals_keywords() -> None:
    frame = _frame(6, 25)
    options = MapOptions(value="share", k=3, lang="fr", unit="records")
    a = map_spec(frame, options=options)
    b = map_spec(frame, value="share", k=3, lang="fr", unit="records")
    assert a.classes.labels == b.classes.labels and a.title == b.title
    assert [i.text for i in a.legend_items()] == [i.text for i in b.legend_items()]
    assert map_spec(frame, options=options, value="count").value == "count"  # keywords override the bundle
    assert set(MapKeywords.__annotations__) == {f.name for f in fields(MapOptions)}


def test_map_spec_on_generated_data_keeps_every_record() -> None:
    frame = _frame(7, 50)
    spec = map_spec(frame, unit="records")
    placed = frame["region_code"].notna() & frame["lat"].notna()
    assert len(spec.points) == int(placed.sum())
    assert len(spec.unplaced) == int((~frame["region_code"].notna()).sum()) >= 1
    assert int(spec.regions["count"].sum()) == int(frame["region_code"].notna().sum())
    assert spec.title.startswith(f"{len(frame)} records")
    assert set(spec.points["category"]) <= set(spec.colors)


def test_map_spec_colours_folds_and_unknowns() -> None:
    sectors = [f"S{i:02d}" for i in range(15)] + ["", ""]
    frame = _geocode(pd.DataFrame({"name": [f"r{i}" for i in range(17)], "city": ["Rabat"] * 17, "sector": sectors}))
    spec = map_spec(frame, color_by="sector")
    assert OTHER_LABEL in spec.colors and UNKNOWN_LABEL in spec.colors
    assert len(spec.colors) <= 13
    plain = map_spec(frame.drop(columns="sector"))
    assert plain.color_by == ALL_RECORDS and len(plain.colors) == 1


def test_map_spec_rejects_bad_options_with_the_parameter_named() -> None:
    frame = _frame(8, 10)
    with pytest.raises(InputError, match="value"):
        map_spec(frame, value="nope")
    with pytest.raises(InputError, match="language"):
        map_spec(frame, lang="de")
    with pytest.raises(InputError, match="colour"):
        map_spec(frame, color_by="nope")
    with pytest.raises(InputError, match="unit"):
        map_spec(frame, unit="things")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_describe_names_hostile_values_as_text(lang: str) -> None:
    frame = _frame(9, 30)
    hostile = [*HOSTILE[:3], "{0} {title} {n:>9}"]
    placed = frame.index[frame["lat"].notna()][: len(hostile)]
    frame.loc[placed, "sector"] = hostile
    spec = map_spec(frame, lang=lang, color_by="sector", unit="records")
    assert set(hostile) <= set(spec.colors)
    for kind in ("points", "choropleth", "combined", "timeline"):
        text = describe(spec, kind)
        assert text.endswith(spec.source)
    for value in hostile:  # written as they are, never read as a template
        assert value in describe(spec, "points")


@pytest.mark.parametrize("codes", [("04", "06"), ("01", "05", "08", "10", "11", "12"), ("07",)])
def test_zone_outline_is_dissolved_once_and_bounds_its_regions(codes: tuple[str, ...]) -> None:
    """One outline per set of regions and CRS, cached; it is the boundary of their union."""
    import shapely

    from clusteratlas import boundaries
    from clusteratlas.geography import pack
    from clusteratlas.mapspec import zone_outline

    outline = zone_outline(codes)
    assert zone_outline(reversed(codes)) is outline  # cached, whatever the order
    regions = boundaries("region", simplified=True)
    part = regions[regions["region_code"].isin(codes)]
    assert outline.equals(part.dissolve().boundary.iloc[0])
    # Shared edges inside the zone are gone: the outline is shorter than the regions' boundaries.
    inner = shapely.length(shapely.boundary(part.geometry.to_numpy())).sum()
    assert (outline.length < inner) == (len(codes) > 1)
    projected = zone_outline(codes, crs=pack().crs)
    assert projected is not outline and projected.equals_exact(
        shapely.boundary(shapely.union_all(part.to_crs(pack().crs).geometry.to_numpy())), 1e-6
    )
    assert zone_outline(["99"]).is_empty


def test_map_spec_is_handed_geocoded_records_and_geocodes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading and geocoding happen once, in the products; the specification only decides."""
    import sys

    import clusteratlas

    frame = pd.DataFrame({"name": ["a"], "city": ["Rabat"]})
    with pytest.raises(InputError, match=r"map_spec needs geocoded records .*clusteratlas\.geocode"):
        map_spec(frame)
    geo = _geocode(frame)

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("map_spec geocoded")

    monkeypatch.setattr(sys.modules["clusteratlas.geocode"], "geocode", refuse)
    monkeypatch.setattr(clusteratlas, "geocode", refuse)
    assert map_spec(geo, unit="records").regions["count"].sum() == 1


def test_french_specs_name_places_in_french() -> None:
    """Issue 20: French figures and pages say Tanger, Fès, Marrakech, Kénitra, not GeoNames' Tangier, Fes, Marrakesh."""
    cities = ["Tanger", "Tangier", "Fès", "Marrakech", "Kénitra"]
    frame = _geocode(pd.DataFrame({"name": list("abcde"), "city": cities}))
    assert map_spec(frame, lang="fr").points["place"].tolist() == ["Tanger", "Tanger", "Fès", "Marrakech", "Kénitra"]
    # English: the exonyms Tangier, Fez, Marrakesh; else the French name (issue 20 item 7; was GeoNames' Fes, Kenitra)
    assert map_spec(frame, lang="en").points["place"].tolist() == ["Tangier", "Tangier", "Fez", "Marrakesh", "Kénitra"]

"""What a static figure's caption and alt text say: only notes about what the figure draws."""

from __future__ import annotations

import warnings
from functools import cache

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from clusteratlas.mapspec import MapSpec, map_spec, other_note
from clusteratlas.mapspec.points import DENSITY_PLACES, place_count
from clusteratlas.static import draw

from .randomdata import random_records


@cache
def _spec(n: int, lang: str, value: str = "count") -> MapSpec:
    """A generated table with 14 categories (more than the palette: some fold into "Other")."""
    from clusteratlas import geocode

    records = random_records(5, n)
    if n < 1000:  # symbols: the records at the 30 busiest places only
        busy = records["city"].value_counts().index[:30]
        records = records[records["city"].isin(busy)].reset_index(drop=True)
        n = len(records)
    rng = np.random.default_rng(n)
    records["sector"] = rng.choice([f"Secteur {c}" for c in "ABCDEFGHIJKLMN"], size=n)
    records["year"] = rng.integers(1980, 2024, size=n)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(records)
    return map_spec(geo, data_label="gen.csv", lang=lang, value=value)


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize(
    ("kind", "value", "says"),
    [
        ("points", "count", True),
        ("combined", "count", True),
        ("timeline", "count", True),
        ("choropleth", "count", False),
        ("choropleth", "per-capita", False),
    ],
)
def test_other_note_only_where_categories_are_drawn(kind: str, value: str, says: bool, lang: str) -> None:
    spec = _spec(600, lang, value)
    assert place_count(spec.points) <= DENSITY_PLACES  # symbols, not hexagons
    note = other_note(spec)
    assert note  # the table folds categories into "Other"
    drawing = draw(spec, kind)
    plt.close(drawing.figure)
    caption = drawing.record.caption.replace("\n", " ")
    head = note.split(":")[0].split("\u00a0")[0]
    assert (head + "\u00a0:" in caption or head + ":" in caption) is says, caption


def test_no_other_note_on_a_density_map() -> None:
    spec = _spec(4000, "en")
    assert place_count(spec.points) > DENSITY_PLACES  # hexagons
    assert other_note(spec)
    drawing = draw(spec, "points")
    plt.close(drawing.figure)
    assert "Other:" not in drawing.record.caption.replace("\n", " ")


def _disagreeing(n: int) -> pd.DataFrame:
    """A generated table whose last rows give no town and an address naming two places in different regions."""
    records = random_records(11, n)
    pairs = [("Tanger", "Agadir"), ("Oujda", "Marrakech"), ("Fès", "Laâyoune")]
    extra = pd.DataFrame(
        {
            "name": [f"Firme {j}" for j in range(len(pairs))],
            "city": "",
            "address": [f"Zone industrielle, {a}, {b}" for a, b in pairs],
            "sector": "Sector A",
        }
    )
    return pd.concat([records.drop(columns=["region"]), extra], ignore_index=True)


@pytest.mark.parametrize(
    ("lang", "said", "wrong"),
    [
        ("en", "the address names places that disagree", "no place given"),
        ("fr", "l’adresse nomme des lieux qui ne concordent pas", "aucun lieu indiqué"),
    ],
)
def test_unplaced_list_says_the_address_names_places_that_disagree(lang: str, said: str, wrong: str) -> None:
    from clusteratlas import geocode
    from clusteratlas.mapspec import unplaced_list

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(_disagreeing(40))
    conflict = geo["geocode_note"].astype("string").fillna("").str.startswith("the address names places")
    assert int(conflict.sum()) == 3
    listed = unplaced_list(geo, lang)
    firms = [item for item in listed if item.startswith("Firme ")]
    assert len(firms) == 3
    assert all(said in item and wrong not in item for item in firms), firms
    spec = map_spec(geo, data_label="gen.csv", lang=lang)
    from clusteratlas.mapspec import describe

    alt = describe(spec, "points")
    assert said in alt and wrong not in alt


def _table(which: str) -> pd.DataFrame:
    """Generated tables: the whole country, the far north only, the south only."""
    records = random_records(23, 3000)
    lat = pd.to_numeric(records["lat"], errors="coerce")
    if which == "north":
        records = records[lat > 34.9]
    elif which == "south":
        records = records[lat < 28.5]
    return records.head(150).reset_index(drop=True)


def _land_under(ax: object, gid: str) -> float:
    """Area (drawing units²) of land under the artists of ``ax`` whose gid starts with ``gid``."""
    import shapely

    from clusteratlas.static._basemap import all_land

    renderer = ax.figure.canvas.get_renderer()  # type: ignore[attr-defined]
    drawn = [a for a in ax.get_children() if (a.get_gid() or "").startswith(gid)]  # type: ignore[attr-defined]
    assert drawn
    area = 0.0
    for artist in drawn:
        b = artist.get_window_extent(renderer)
        (x0, y0), (x1, y1) = ax.transData.inverted().transform([(b.x0, b.y0), (b.x1, b.y1)])  # type: ignore[attr-defined]
        area += shapely.box(x0, y0, x1, y1).intersection(all_land()).area
    return float(area)


@pytest.mark.parametrize("south", ["frame", "inset"])
@pytest.mark.parametrize("which", ["all", "north", "south"])
def test_north_arrow_stands_on_no_land(which: str, south: str) -> None:
    from clusteratlas import geocode

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(_table(which)), data_label="gen.csv")
    drawing = draw(spec, "points", south=south)
    ax = next(a for a in drawing.figure.axes if a.get_gid() == "map")
    assert _land_under(ax, "north-arrow") == 0.0
    plt.close(drawing.figure)


def test_southern_inset_scale_bar_off_land() -> None:
    from clusteratlas import geocode
    from clusteratlas.static._furniture import CARD_GID

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(_table("south")), data_label="gen.csv")
    drawing = draw(spec, "points", south="inset")
    main = next(a for a in drawing.figure.axes if a.get_gid() == "map")
    south = [a for a in main.child_axes if _has(a, "scale-bar")]
    assert south
    for ax in south:
        assert not _has(ax, CARD_GID)  # a bar on a card stood on land
        assert _land_under(ax, "scale-bar") == 0.0
    plt.close(drawing.figure)


def _has(ax: object, gid: str) -> bool:
    return any((a.get_gid() or "").startswith(gid) for a in ax.get_children())  # type: ignore[attr-defined]


_LONG = [
    "Énergies renouvelables et efficacité énergétique",
    "Technologies de l'information et offshoring",
    "Agroalimentaire et pêche maritime",
    "Textile, habillement et cuir",
    "Aéronautique et spatial",
]


def _timeline_spec(which: str, lang: str) -> MapSpec:
    """A generated table with long category names and creation years, of one part of the country or all."""
    from clusteratlas import geocode

    records = _table(which)
    rng = np.random.default_rng(len(records))
    records["sector"] = rng.choice(_LONG, size=len(records))
    records["year"] = rng.integers(1990, 2024, size=len(records))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return map_spec(geocode(records), data_label="gen.csv", lang=lang)


@pytest.mark.parametrize("width_mm", [174.0, 84.0])
@pytest.mark.parametrize(("which", "lang"), [("north", "fr"), ("all", "en"), ("south", "fr")])
def test_every_text_of_the_timeline_inside_the_figure(which: str, lang: str, width_mm: float) -> None:
    spec = _timeline_spec(which, lang)
    drawing = draw(spec, "timeline", width_mm=width_mm)
    fig = drawing.figure
    fig.canvas.draw()  # axis titles take their place only when drawn
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    frame = fig.bbox
    texts = [t for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text().strip() and t.get_visible()]
    assert any("Énergies" in t.get_text() for t in texts)
    for t in texts:
        b = t.get_window_extent(renderer)
        assert frame.x0 - 1 <= b.x0 and b.x1 <= frame.x1 + 1, (t.get_text(), b.x1, frame.x1)
        assert frame.y0 - 1 <= b.y0 and b.y1 <= frame.y1 + 1, (t.get_text(), b.y0, b.y1)
    legend = fig.legends[0].get_window_extent(renderer)
    titles = [m.frame.axes.title.get_window_extent(renderer) for m in drawing.record.periods]
    assert legend.y0 >= max(t.y1 for t in titles)  # the key stands above the period maps' titles
    plt.close(fig)


@pytest.mark.parametrize("which", ["north", "south", "all"])
def test_period_maps_cover_the_records_with_a_margin(which: str) -> None:
    from clusteratlas.static._basemap import extent, project_points

    spec = _timeline_spec(which, "en")
    drawing = draw(spec, "timeline")
    x, y = project_points(spec.points["lon"].to_numpy(dtype=float), spec.points["lat"].to_numpy(dtype=float))
    full = extent("frame")
    for period in drawing.record.periods:
        (x0, x1), (y0, y1) = period.frame.axes.get_xlim(), period.frame.axes.get_ylim()
        margin = 0.05 * max(x.max() - x.min(), y.max() - y.min())
        assert x0 <= x.min() - margin and x.max() + margin <= x1
        assert y0 <= y.min() - margin and y.max() + margin <= y1
        zoomed = bool((x1 - x0) * (y1 - y0) < 0.5 * (full[1] - full[0]) * (full[3] - full[2]))
        if which != "south":  # the south's three regions are a large part of the country
            assert zoomed is (which == "north")  # a small part of the country is drawn at its own scale
    plt.close(drawing.figure)

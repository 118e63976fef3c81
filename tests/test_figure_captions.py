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
        ("fr", "l'adresse nomme des lieux qui ne concordent pas", "aucun lieu indiqué"),
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

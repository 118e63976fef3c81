from __future__ import annotations

import hashlib
import itertools
import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from pyproj import Geod, Transformer

from clusteratlas.geography import pack
from clusteratlas.mapspec import ClassificationWarning, MapSpec, classify, map_spec
from clusteratlas.static import draw, figure, write_figure

BASELINE = Path(__file__).with_name("baseline")


@pytest.fixture(scope="module")
def spec(geocoded: pd.DataFrame) -> MapSpec:
    return map_spec(geocoded, data_label="clusters.csv", title="Industrial clusters in Morocco", unit="clusters")


def all_axes(fig) -> list:
    out = []
    for ax in fig.axes:
        out += [ax, *ax.child_axes]
    return out


def artists(fig, gid_prefix: str) -> list:
    found = []
    for ax in all_axes(fig):
        found += [a for a in ax.get_children() if (a.get_gid() or "").startswith(gid_prefix)]
    return found


def legends(fig) -> dict:
    from matplotlib.legend import Legend

    found = {}
    for ax in all_axes(fig):
        for a in ax.get_children():
            if isinstance(a, Legend):
                found[a.get_gid()] = a
    for leg in fig.legends:
        found[leg.get_gid()] = leg
    return found


def main_axes(fig):
    return next(ax for ax in fig.axes if ax.get_gid() == "map")


def symbols(ax) -> list:
    return [p for p in ax.get_children() if (p.get_gid() or "").startswith("place-") and p.get_gid() != "place-wedge"]


@pytest.mark.parametrize("kind", ["points", "combined"])
def test_one_symbol_per_place(spec: MapSpec, kind: str) -> None:
    drawing = draw(spec, kind)
    fig = drawing.figure
    main = main_axes(fig)
    assert drawing.record.main.axes is main
    places = drawing.record.main.layer.places
    # 16 records at 8 places: Casablanca's 8 records are one symbol, Agadir's two another.
    assert len(symbols(main)) == len(places) == 8
    assert sorted(places["n"].tolist()) == [1, 1, 1, 1, 1, 1, 2, 8]
    assert places["n"].sum() == len(spec.points) == 16
    # Casablanca holds several sector groups: a pie, and a diamond since some locations are uncertain.
    casa = places[places["n"] == 8].index[0]
    assert bool(places.at[casa, "uncertain"])
    assert any(p.get_gid() == "place-wedge" for p in main.get_children())
    # Radii grow with the square root of the count: area proportional to records.
    plt.close(fig)


def test_records_at_one_place_are_not_fanned_out(spec: MapSpec) -> None:
    fig = figure(spec, "points")
    main = main_axes(fig)
    (inset,) = main.child_axes
    xy = sorted((round(p.center[0]), round(p.center[1])) for p in symbols(main) if hasattr(p, "center"))
    assert len(xy) == len(set(xy))
    # The detail inset shows Casablanca, Mohammedia and Rabat at their own positions, one symbol each.
    assert len(symbols(inset)) == 3
    texts = [t.get_text() for t in inset.texts if t.get_gid() == "cluster-label"]
    # Each place by its name, Casablanca with its count (M17, session 12): not the clusters at it ("AMC, … MNC")
    assert "Casablanca: 8 clusters" in texts and not any("AMC" in t for t in texts), texts
    plt.close(fig)


def test_legend_lists_the_sector_groups_present(spec: MapSpec) -> None:
    fig = figure(spec, "points")
    legend = legends(fig)["legend-points"]
    labels = [t.get_text() for t in legend.get_texts()]
    groups = sorted(spec.points["sector_group"].unique())
    assert [lab.rsplit(" (", 1)[0] for lab in labels[: len(groups)]] == groups
    assert labels[0] == "Agri-food & fisheries (3)"
    assert labels[len(groups)] == "Low-confidence location (6)"  # explained, with its count
    assert labels[-1] == "Low-confidence location (6)"  # the symbol sizes are a key of their own
    # the study's unit (session 11: was "records" beside the "Clusters" of the same figure)
    assert [t for _, t in size_key(legends(fig)["legend-size"])] == ["1 cluster", "2 clusters", "8 clusters"]
    plt.close(fig)


def size_key(legend) -> list[tuple[float, str]]:
    """The nested size key of a legend: each circle's diameter (pt) and its label, smallest first."""
    from matplotlib.patches import Circle
    from matplotlib.text import Text

    circles = [c for c in legend.findobj(Circle) if c.get_gid() == "size-key-circle"]
    texts = [t for t in legend.findobj(Text) if t.get_gid() == "size-key-label"]
    return sorted((2 * c.get_radius(), t.get_text()) for c, t in zip(circles, texts, strict=True))


def test_choropleth_classes_and_legend(spec: MapSpec) -> None:
    assert spec.classes.labels == ("0 / none", "1", "2", "9")
    assert spec.classes.counts == (6, 3, 2, 1)
    fig = figure(spec, "choropleth")
    legend = legends(fig)["legend-classes"]
    assert [t.get_text() for t in legend.get_texts()] == [
        "0 / none (6 regions)",
        "1 (3 regions)",
        "2 (2 regions)",
        "9 (1 region)",
    ]
    plt.close(fig)


def test_classify_labels_have_no_repeated_bounds() -> None:
    values = np.array([0, 0, 1, 2, 3, 4, 10, 11, 12, 30, 31, 33])
    c = classify(values, scheme="fisher_jenks", k=3)
    assert c.labels[0] == "0 / none"
    assert c.labels[1:] == ("1–4", "10–12", "30–33")
    assert sum(c.counts) == len(values)
    for a, b in itertools.pairwise(c.upper):
        assert a < b
    shares = classify(values / 100, scheme="quantiles", k=3, kind="share")
    assert all(lab.endswith("%") for lab in shares.labels[1:])


def test_k_too_large_warns_and_falls_back_to_one_class_per_value() -> None:
    with pytest.warns(ClassificationWarning, match="one class per value"):
        c = classify(np.array([0, 1, 1, 2, 9, 0]), k=6)
    assert c.scheme == "unique" and c.labels == ("0 / none", "1", "2", "9")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        classify(np.array([0, 1, 1, 2, 9, 0]))  # default k: no warning


def test_user_breaks() -> None:
    c = classify(np.array([1, 2, 5, 8, 20]), scheme="user", breaks=[2, 10])
    assert c.labels == ("≤ 2", "2–10", "> 10") and c.counts == (2, 2, 1)
    # The user's bounds are the legend, empty classes too; values all under the last bound add no class.
    c = classify(np.array([0, 1, 4, 4.5, 9]), scheme="user", breaks=[3, 5, 10])
    assert c.labels == ("0 / none", "≤ 3", "3–5", "5–10") and c.counts == (1, 1, 2, 1)
    c = classify(np.array([1, 2, 20]), scheme="user", breaks=[3, 5, 10])
    assert c.labels == ("≤ 3", "3–5", "5–10", "> 10") and c.counts == (2, 0, 0, 1)
    assert c.index.tolist() == [0, 0, 3] and len(c.colors) == 4


@pytest.mark.parametrize("breaks", [[5, 3], [3, 3, 10], [1, 10, 5]])
def test_unsorted_user_breaks_are_an_error(breaks: list[float]) -> None:
    from clusteratlas.errors import InputError

    with pytest.raises(InputError, match="increasing"):
        classify(np.array([1.0, 4.0, 20.0]), scheme="user", breaks=breaks)


def test_unsorted_breaks_on_the_command_line(run: Callable, clusters_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.png"
    r = run("figure", str(clusters_csv), "--kind", "choropleth", "--scheme", "user", "--breaks", "5,3", "-o", str(out))
    assert r.code == 2 and not out.exists()
    errors = [x for x in r.err.splitlines() if x.startswith("error:")]
    assert len(errors) == 1 and "5,3" in errors[0] and "Traceback" not in r.err, r.err


def _overlaps(boxes: list) -> list[tuple[int, int]]:
    return [(i, j) for (i, a), (j, b) in itertools.combinations(enumerate(boxes), 2) if a.overlaps(b)]


@pytest.mark.parametrize("kind", ["points", "combined"])
def test_no_two_label_boxes_overlap(spec: MapSpec, kind: str) -> None:
    from .test_labels import check_figure

    drawing = draw(spec, kind)
    fig = drawing.figure
    found = check_figure(drawing)
    assert found["labels"] == 8  # every place is labelled once (in the map or the detail inset)
    caption = next(t.get_text() for t in fig.texts if t.get_gid() == "source-line")
    assert "All 8 places labelled." in caption
    plt.close(fig)


def test_whole_territory_in_the_main_frame(spec: MapSpec) -> None:
    fig = figure(spec, "points")
    main = main_axes(fig)
    inv = Transformer.from_crs(pack().crs, "EPSG:4326", always_xy=True)
    x0, x1 = main.get_xlim()
    y0 = main.get_ylim()[0]
    _, south = inv.transform(0, y0)
    assert south < 20.8  # Lagouira (20.77°N) is in the frame
    assert x0 < 0 < x1  # the central meridian runs through it: the north arrow is vertical
    (arrow,) = [a for a in artists(fig, "north-arrow") if a.get_gid() == "north-arrow"]
    assert arrow.xy[0] == pytest.approx(arrow.xyann[0])
    plt.close(fig)
    drawing = draw(spec, "choropleth", south="inset")
    fig = drawing.figure
    (south_inset,) = [ax for ax in main_axes(fig).child_axes if ax.get_gid() == "south-inset"]
    title = next(t.get_text() for t in south_inset.texts if t.get_gid() == "inset-title")
    assert title.startswith("Southern regions, scale 1:")
    (south_frame,) = [f for f in drawing.record.insets if f.axes is south_inset]
    assert south_frame.name == "south-inset" and south_frame.scale_bar
    plt.close(fig)


def test_timeline_has_no_twin_axis_and_maps_every_record(spec: MapSpec) -> None:
    drawing = draw(spec, "timeline")
    fig = drawing.figure
    ylabels = [ax.get_ylabel() for ax in fig.axes if ax.get_ylabel()]
    assert len(ylabels) == 2 and all(ax.get_shared_x_axes() for ax in fig.axes)
    twins = [ax for ax in fig.axes if ax.yaxis.get_label_position() == "right"]
    assert twins == []
    maps = [ax for ax in fig.axes if ax.get_gid() == "period-map"]
    periods = drawing.record.periods
    assert [p.frame.axes for p in periods] == maps
    drawn = sum(int(p.frame.layer.places["n"].sum()) for p in periods if p.frame.layer is not None)
    counted = sum(p.count for p in periods)
    years = pd.to_numeric(spec.records["year"], errors="coerce")
    assert counted == int(years.notna().sum())  # every dated record falls in a period
    placed_years = pd.to_numeric(spec.points["year"], errors="coerce")
    assert drawn == int(placed_years.notna().sum())
    plt.close(fig)


def test_alt_text_is_true_to_each_kind(spec: MapSpec) -> None:
    from clusteratlas.mapspec import describe

    assert "12 regions" not in describe(spec, "levers") and "matrix of 17 clusters" in describe(spec, "levers")
    assert describe(spec, "timeline").count("bar chart") == 1
    assert "one symbol per place" in describe(spec, "points")
    assert "shaded by" in describe(spec, "choropleth") and "drawn" not in describe(spec, "choropleth")


def test_palette_is_colour_blind_safe_up_to_twelve_then_other() -> None:
    from clusteratlas.mapspec import OTHER_LABEL, PALETTE, category_colors, fold_categories

    cats = pd.Series([f"c{i:02d}" for i in range(15)] * 2 + ["c00"])
    folded = fold_categories(cats)
    assert folded.nunique() == 12 and OTHER_LABEL in set(folded)
    colors = category_colors(list(folded))
    assert len(set(colors.values())) == 12
    assert all(colors[c] in PALETTE for c in colors if c != OTHER_LABEL)
    assert len(set(PALETTE)) == 12


@pytest.mark.parametrize("kind", ["points", "choropleth"])
def test_scale_bar_length_matches_the_projection(spec: MapSpec, kind: str) -> None:
    drawing = draw(spec, kind)
    fig = drawing.figure
    frames = drawing.record.frames()
    assert {id(f.axes) for f in frames} <= {id(ax) for ax in all_axes(fig)}
    for frame in frames:
        bar = frame.scale_bar
        if bar is None:
            continue
        inv = Transformer.from_crs(pack().crs, "EPSG:4326", always_xy=True)
        lon0, lat0 = inv.transform(bar.x0, bar.y)
        lon1, lat1 = inv.transform(bar.x1, bar.y)
        _, _, metres = Geod(ellps="WGS84").inv(lon0, lat0, lon1, lat1)
        assert metres == pytest.approx(bar.km * 1000, rel=0.003)
    assert any(f.scale_bar for f in frames)
    plt.close(fig)


def test_north_arrow_and_source_line(spec: MapSpec) -> None:
    fig = figure(spec, "points")
    assert artists(fig, "north-arrow")
    source = [t.get_text() for t in fig.texts if t.get_gid() == "source-line"]
    assert source and "GeoNames" in source[0] and "Digipole" in source[0]
    plt.close(fig)


@pytest.mark.parametrize("ext", [".png", ".svg", ".pdf"])
def test_same_bytes_on_rerun(spec: MapSpec, tmp_path: Path, ext: str) -> None:
    digests = []
    for run in ("a", "b"):
        path = write_figure(spec, "points", tmp_path / run / f"map{ext}", dpi=80)
        digests.append(hashlib.sha256(path.read_bytes()).hexdigest())
        assert (tmp_path / run / "map.alt.txt").read_text(encoding="utf-8").startswith("Industrial clusters")
    assert digests[0] == digests[1]


def test_vector_formats_are_vectors(spec: MapSpec, tmp_path: Path) -> None:
    svg = write_figure(spec, "choropleth", tmp_path / "m.svg").read_text(encoding="utf-8")
    assert "<path" in svg and "<image" not in svg
    pdf = write_figure(spec, "choropleth", tmp_path / "m.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"/Subtype /Image" not in pdf and b"CreationDate" not in pdf


@pytest.mark.parametrize("kind", ["points", "choropleth", "levers"])
def test_image_baseline(spec: MapSpec, tmp_path: Path, kind: str) -> None:
    from matplotlib.testing.compare import compare_images

    out = write_figure(spec, kind, tmp_path / f"{kind}.png", dpi=60)
    baseline = BASELINE / f"{kind}.png"
    assert baseline.exists(), f"missing baseline {baseline}; copy {out} there after looking at it"
    assert compare_images(str(baseline), str(out), tol=8) is None


def test_french_labels(geocoded: pd.DataFrame) -> None:
    spec = map_spec(geocoded, lang="fr", unit="clusters")
    fig = figure(spec, "combined")
    titles = [leg.get_title().get_text() for leg in legends(fig).values()]
    assert "Groupe sectoriel" in titles and "Clusters" in titles
    assert spec.classes.labels[0] == "0"
    plt.close(fig)


def test_timeline_and_levers_draw_what_the_data_say(spec: MapSpec) -> None:
    fig = figure(spec, "timeline")
    bars = [p for ax in fig.axes for p in ax.patches if p.get_gid() == "year-bars"]
    assert sum(round(b.get_height()) for b in bars) == 17  # every record with a year, Digipole included
    plt.close(fig)
    fig = figure(spec, "levers")
    cells = [p for p in fig.axes[0].patches if p.get_gid() == "lever-cell"]
    assert len(cells) == 17 * 7
    hatched = [c for c in cells if c.get_hatch()]
    assert len(hatched) == 7  # Digipole's row: unknown, not "no"
    plt.close(fig)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--kind", "pie"], "Invalid value for '--kind'"),
        (["--color-by", "colour"], "no column 'colour'"),
        (["--value", "sector"], "not a numeric column"),
        (["--value", "nope"], "neither count, share, per-capita nor a column"),
        (["--size-by", "name"], "not a numeric column"),
        (["--scheme", "user"], "needs breaks"),
        (["--breaks", "a,b", "--scheme", "user"], "not a comma-separated list"),
    ],
)
def test_bad_figure_requests(run: Callable, clusters_csv: Path, tmp_path: Path, args: list[str], fragment: str) -> None:
    out = tmp_path / "fig.png"
    r = run("figure", clusters_csv, "-o", out, *args)
    assert r.code == 2
    errors = [line for line in r.err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and fragment in errors[0], r.err
    assert "Traceback" not in r.err
    assert list(tmp_path.iterdir()) == []


def test_figure_extension_we_cannot_write(run: Callable, clusters_csv: Path, tmp_path: Path) -> None:
    r = run("figure", clusters_csv, "-o", tmp_path / "fig.jpg")
    assert r.code == 2 and "cannot write '.jpg'" in r.err
    assert list(tmp_path.iterdir()) == []


def test_figure_command_writes_figure_and_alt_text(run: Callable, clusters_csv: Path, tmp_path: Path) -> None:
    r = run("figure", clusters_csv, "-o", tmp_path / "f.svg", "--kind", "points", "--lang", "fr", "-q")
    assert r.code == 0, r.err
    assert (tmp_path / "f.svg").stat().st_size > 10_000
    assert "17 fiches au Maroc, d’après clusters.csv" in (tmp_path / "f.alt.txt").read_text(encoding="utf-8")


def test_other_datasets_region_only_and_no_category(run: Callable, tmp_path: Path) -> None:
    data = tmp_path / "regions.csv"
    data.write_text("name,region,sector\nr1,Souss-Massa,Agro\nr2,Oriental,Tech\nr3,06,Agro\n", encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from clusteratlas import geocode, read_records

        spec = map_spec(geocode(read_records(data)))
    assert spec.color_by == "sector" and spec.category_title() == "Sector"
    assert spec.points["coarse"].all()
    fig = figure(spec, "points")
    main = main_axes(fig)
    squares = [p for p in symbols(main) if p.get_gid() == "place-coarse"]
    assert len(squares) == 3
    legend = legends(fig)["legend-points"]
    assert "Placed by province or region only (3)" in [t.get_text() for t in legend.get_texts()]
    plt.close(fig)
    bare = tmp_path / "bare.csv"
    bare.write_text("name,lat,lon\nx,33.5,-7.6\ny,31.6,-8.0\n", encoding="utf-8")
    r = run("reproduce", "--data", bare, "--out", tmp_path / "out", "-q")
    assert r.code == 0, r.err
    written = {p.name for p in (tmp_path / "out").iterdir()}
    assert "clusters_points.png" in written and "clusters.html" in written and "report.html" in written
    assert "clusters_timeline.png" not in written and "clusters_levers.png" not in written  # no year, no levers
    r = run("figure", bare, "-o", tmp_path / "t.png", "--kind", "timeline")
    assert r.code == 2 and "needs a 'year' column" in r.err


def test_subtitle_under_the_title(geocoded: pd.DataFrame) -> None:
    spec = map_spec(geocoded, subtitle="16 of 17 placed")
    fig = figure(spec, "combined")
    assert [t.get_text() for t in fig.texts if t.get_gid() == "subtitle"] == ["16 of 17 placed"]
    plt.close(fig)


def test_many_places_switch_to_a_density_layer() -> None:
    from clusteratlas import geocode
    from clusteratlas.mapspec import DENSITY_PLACES, describe, place_count

    from .randomdata import random_records

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(random_records(7, 2000))
    spec = map_spec(geo, data_label="random.csv")
    assert place_count(spec.points) > DENSITY_PLACES
    drawing = draw(spec, "points")
    fig = drawing.figure
    main = main_axes(fig)
    (hexes,) = [c for c in main.collections if c.get_gid() == "density"]
    coarse = int(spec.points["coarse"].sum())  # placed only to a province or region: squares, not hexagons
    assert drawing.record.density is not None and drawing.record.density.coarse == coarse
    assert int(np.asarray(hexes.get_array()).sum()) + coarse == len(spec.points)  # every placed record counted once
    assert symbols(main) == []
    title = legends(fig)["legend-density"].get_title().get_text()
    assert title.startswith("Records per hexagon (") and "km across" in title
    assert drawing.record.legend("legend-density").title == title
    assert f"{drawing.record.density.km:g}" in title
    assert "density of clusters per hexagon" in describe(spec, "points")  # the spec's unit (session 12)
    from .test_labels import check_figure

    found = check_figure(drawing)  # the busiest places are named, without collisions
    caption = next(t.get_text() for t in fig.texts if t.get_gid() == "source-line")
    assert f"Named: {found['labels']} of the 12 places with the most records" in caption
    assert 0 < found["labels"] <= 12
    plt.close(fig)


def _with_unplaced(n_unplaced: int, seed: int = 7) -> pd.DataFrame:
    """Random placed records plus ``n_unplaced`` not placed: unknown names, places abroad, no place."""
    from clusteratlas import geocode
    from tests.randomdata import random_records

    placed = random_records(seed, 60)
    why = np.array(["Qzxwvtown", "Paris", ""], dtype=object)[np.arange(n_unplaced) % 3]
    bad = pd.DataFrame({"name": [f"bad {i}" for i in range(n_unplaced)], "city": why, "sector": "Sector A"})
    frame = pd.concat([placed, bad], ignore_index=True)
    frame["year"] = 1990 + np.arange(len(frame)) % 30
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


def _caption_clear(fig) -> str:
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    caption = next(t for t in fig.texts if t.get_gid() == "source-line")
    box = caption.get_window_extent(renderer)
    whole = fig.bbox
    assert whole.x0 - 0.5 <= box.x0 and box.x1 <= whole.x1 + 0.5, (box, whole)
    assert whole.y0 - 0.5 <= box.y0 and box.y1 <= whole.y1 + 0.5, (box, whole)
    for ax in fig.axes:
        assert not box.overlaps(ax.get_window_extent(renderer)), (ax.get_gid(), box, ax.get_window_extent(renderer))
    return caption.get_text()


@pytest.mark.parametrize("n_unplaced", [5, 50, 5000])
@pytest.mark.parametrize("kind", ["points", "timeline"])
def test_unplaced_caption_is_summarised_and_clear_of_the_axes(n_unplaced: int, kind: str) -> None:
    frame = _with_unplaced(n_unplaced)
    spec = map_spec(frame, data_label="generated.csv", lang="en")
    fig = figure(spec, kind)
    text = " ".join(_caption_clear(fig).split())
    if n_unplaced <= 5:
        assert "bad 0" in text and "bad 4" in text
    else:
        third = f"{n_unplaced // 3:,}"
        assert f"{n_unplaced:,} not shown:" in text
        assert "not in the gazetteer" in text and "not in Morocco" in text and "no place given" in text
        assert third in text and "listed in the geocoded CSV" in text
        assert "bad 0" not in text
    plt.close(fig)


def test_unplaced_summary_in_french() -> None:
    spec = map_spec(_with_unplaced(50), data_label="generated.csv", lang="fr")
    fig = figure(spec, "choropleth")
    text = " ".join(_caption_clear(fig).split())
    assert "50 non représentés" in text and "ailleurs qu’au Maroc" in text and "sans lieu indiqué" in text
    plt.close(fig)


def test_place_labels_use_the_gazetteer_name_not_the_data_spelling() -> None:
    from tests.conftest import geocode_cities

    rng = np.random.default_rng(3)
    cities = ["Casablnca"] * 6 + ["CASABLANCA"] * 2 + ["OUJDA"] * 5 + ["Asfi"] * 4 + ["Safi"] * 1
    cities = list(rng.permutation(cities))
    frame = geocode_cities(*cities, sector=["S"] * len(cities))
    # Two records at coordinates the data give, with no gazetteer match: the most common spelling.
    extra = pd.DataFrame(
        {"name": ["g1", "g2", "g3"], "city": ["Port X", "Port X", "port x"], "lat": 35.0, "lon": -5.5, "sector": "S"}
    )
    from clusteratlas import geocode

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        frame = pd.concat([frame, geocode(extra)], ignore_index=True)
    spec = map_spec(frame, data_label="generated.csv")
    drawing = draw(spec, "points")
    fig = drawing.figure
    layers = [f.layer for f in drawing.record.frames() if f.layer is not None]
    names = set()
    texts = []
    for layer in layers:
        names |= set(layer.places["name"])
        texts += [t for options in layer.options for t in options]
    assert {"Casablanca", "Oujda", "Safi", "Port X"} <= names
    joined = " ".join(texts)
    # the library's default unit is the study's clusters (session 11: the labels said "records" under it)
    assert "Casablanca: 8 clusters" in joined and "Oujda: 5 clusters" in joined and "Safi: 5 clusters" in joined
    for raw in ("Casablnca", "CASABLANCA", "OUJDA", "Asfi", "port x"):
        assert raw not in names and raw not in joined
    insets = [t.get_text() for ax in all_axes(fig) for t in ax.texts if t.get_gid() == "inset-title"]
    for title in insets:
        assert "Casablnca" not in title and "CASABLANCA" not in title
    plt.close(fig)


@pytest.mark.parametrize("starts", [[1990, 2000, 2010], [1990, 1995, 2000, 2005, 2010, 2015]])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_period_titles_read_as_words_and_do_not_touch(starts: list[int], lang: str) -> None:
    frame = _with_unplaced(40, seed=11)
    spec = map_spec(frame, data_label="generated.csv", lang=lang, periods=starts)
    fig = figure(spec, "timeline")
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    maps = [ax for ax in fig.axes if ax.get_gid() == "period-map"]
    assert len(maps) >= len(starts)
    boxes = [ax.title.get_window_extent(renderer) for ax in maps]
    for one, other in itertools.combinations(boxes, 2):
        assert not one.overlaps(other), (one, other)
    for box in boxes:
        assert fig.bbox.x0 <= box.x0 and box.x1 <= fig.bbox.x1
    word = " of " if lang == "en" else " sur "
    titles = [ax.get_title() for ax in maps]
    assert any(word in t for t in titles), titles  # some records of each period are not placed
    assert not any("/" in t.split("\n")[-1] for t in titles), titles
    plt.close(fig)


def test_size_by_column_has_a_size_key_in_its_values() -> None:
    from tests.randomdata import random_records

    frame = random_records(5, 80)
    frame["employees"] = (np.arange(len(frame)) % 9) * 250
    from clusteratlas import geocode

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    spec = map_spec(geo, data_label="generated.csv", size_by="employees")
    fig = figure(spec, "points")
    texts = [t.get_text() for t in legends(fig)["legend-points"].get_texts()]
    assert not any(t.endswith(("records", "record")) for t in texts)  # no count key: counts do not size these
    size_key_legend = legends(fig)["legend-size"]
    assert size_key_legend.get_title().get_text() == "employees"
    key = size_key(size_key_legend)
    assert len(key) >= 2, key
    sizes = [s for s, _ in key]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    # The largest key symbol is the largest place's total of the column.
    from clusteratlas.static import SYMBOL_MAX_PT
    from clusteratlas.static._places import crowding, group_places

    totals = pd.to_numeric(spec.points["employees"]).groupby(group_places(spec.points)[1]).sum()
    shown = key[-1][1]
    top = float(shown.removeprefix("≥ ").replace(",", ""))
    if shown.startswith("≥"):  # the largest places' symbols are capped: the key says from which total
        assert totals.max() >= top and key[-1][0] == pytest.approx(2 * SYMBOL_MAX_PT * crowding(len(totals)), rel=0.03)
    else:
        assert abs(top - totals.max()) <= 0.05 * totals.max()
    plt.close(fig)


def test_size_key_goes_up_to_the_largest_total() -> None:
    """Before: symbols stopped growing at 9 pt and the key said "≥" the total where they did; now areas stay
    proportional up to the largest place's total, drawn at the figure's largest radius."""
    from clusteratlas.static._sizing import MAX_PT_AT_WIDTH

    cities = ["Casablanca"] * 30 + ["Fès", "Agadir", "Oujda"]
    frame = pd.concat(
        [pd.DataFrame({"name": [f"r{i}" for i in range(len(cities))], "city": cities, "staff": 100})], ignore_index=True
    )
    from clusteratlas import geocode

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(frame), data_label="generated.csv", size_by="staff")
    fig = figure(spec, "points")
    leg = legends(fig)["legend-size"]
    key = size_key(leg)
    assert leg.get_title().get_text() == "staff"
    assert key[-1][1] == "3,000" and key[-1][0] == pytest.approx(2 * MAX_PT_AT_WIDTH, rel=0.03)
    assert not any(label.startswith("≥") for _, label in key)
    assert [s for s, _ in key] == sorted(s for s, _ in key) and key[0][0] < key[-1][0]
    plt.close(fig)


@pytest.mark.parametrize(("seed", "n", "lang"), [(2, 30, "en"), (9, 60, "fr"), (4, 400, "en")])
def test_per_capita_map_says_so_and_hatches_regions_of_few_records(seed: int, n: int, lang: str) -> None:
    from clusteratlas import geocode
    from clusteratlas.aggregate import FEW_RECORDS, shares
    from tests.randomdata import random_records

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(random_records(seed, n))
    table = shares(geo, by="region").table
    few = table[(table["count"] > 0) & (table["count"] < FEW_RECORDS) & (table["group"] != "Unplaced")]
    spec = map_spec(geo, data_label="generated.csv", value="per-capita", lang=lang)
    fig = figure(spec, "choropleth")
    title = fig._suptitle.get_text()
    assert ("per million inhabitants" if lang == "en" else "par million d’habitants") in title
    hatch = artists(fig, "few-records-outline")  # an outline inside the border now, not a hatching (issue 20)
    texts = [t.get_text() for t in legends(fig)["legend-classes"].get_texts()]
    entry = "Fewer than 5 records" if lang == "en" else "Moins de 5 fiches"
    if len(few):
        assert len(hatch) == 1 and len(hatch[0].get_paths()) == len(few) and not hatch[0].get_hatch()
        assert hatch[0].get_linestyle()[0][1] is not None  # dash-dot
        assert f"{entry} ({len(few)})" in texts
    else:
        assert hatch == [] and not any(t.startswith(entry) for t in texts)
    _caption_clear(fig)
    fig.draw_without_rendering()
    box = fig._suptitle.get_window_extent(fig.canvas.get_renderer())
    assert box.x1 <= fig.bbox.x1 and not box.overlaps(main_axes(fig).get_window_extent())
    plt.close(fig)
    counted = map_spec(geo, data_label="generated.csv", value="count")
    fig = figure(counted, "choropleth")
    assert artists(fig, "few-records-outline") == [] and "per million" not in fig._suptitle.get_text()
    plt.close(fig)


def test_drawing_leaves_the_callers_pyplot_and_settings_alone(spec: MapSpec) -> None:
    import matplotlib as mpl

    mine = plt.figure()
    open_before = plt.get_fignums()
    settings = {k: v for k, v in mpl.rcParams.items() if k != "backend"}
    backend = mpl.get_backend()
    for kind in ("points", "timeline", "levers"):
        drawing = draw(spec, kind)
        assert drawing.figure.canvas.get_renderer() is not None  # drawn on its own Agg canvas
    assert plt.get_fignums() == open_before and plt.fignum_exists(mine.number)  # nothing opened, nothing closed
    assert {k: v for k, v in mpl.rcParams.items() if k != "backend"} == settings
    assert mpl.get_backend() == backend
    plt.close(mine)


def test_the_record_is_frozen_and_nothing_is_patched_onto_matplotlib(spec: MapSpec) -> None:
    import dataclasses

    from clusteratlas.static import KINDS, RENDERERS, LeversRecord, MapRecord, TimelineRecord

    drawing = draw(spec, "combined")
    with pytest.raises(dataclasses.FrozenInstanceError):
        drawing.record.main = None
    main = main_axes(drawing.figure)
    for name in ("layers", "scale_bar", "density", "period", "period_count"):
        assert not hasattr(main, name)
    assert not any(hasattr(label.artist, "place_xy") for label in drawing.record.labels())
    assert not hasattr(drawing.figure, "caption_top")
    legend = drawing.record.legend("legend-points")
    assert legend.entries == tuple(t.get_text() for t in legends(drawing.figure)["legend-points"].get_texts())
    caption = next(t.get_text() for t in drawing.figure.texts if t.get_gid() == "source-line")
    assert drawing.record.caption == caption
    assert tuple(RENDERERS) == KINDS == ("points", "choropleth", "combined", "timeline", "levers", "lq")
    records = {"points": MapRecord, "timeline": TimelineRecord, "levers": LeversRecord}
    for kind, record in records.items():
        assert isinstance(RENDERERS[kind](spec).record, record)


def test_render_draws_once_and_writes_every_output_with_its_alt_text(spec: MapSpec, tmp_path: Path) -> None:
    from clusteratlas.errors import InputError
    from clusteratlas.static import render

    outputs = [tmp_path / "a" / "map.png", tmp_path / "a" / "map.svg"]
    drawing = render(spec, "points", outputs, dpi=60)
    assert all(p.stat().st_size > 1000 for p in outputs)
    assert (tmp_path / "a" / "map.alt.txt").read_text(encoding="utf-8").startswith("Industrial clusters")
    assert drawing.record.main.layer is not None
    again = write_figure(spec, "points", tmp_path / "b" / "map.png", dpi=60)
    assert again.read_bytes() == outputs[0].read_bytes()
    with pytest.raises(InputError, match="unknown figure kind 'pie'"):
        draw(spec, "pie")

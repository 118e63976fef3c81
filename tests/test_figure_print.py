"""The static figures as a journal prints them: true stated scales, type sizes, files and metadata."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pandas as pd
import pytest

from clusteratlas.mapspec import MapSpec, map_spec
from clusteratlas.static import draw

from .randomdata import random_spec


def _study_spec(geocoded: pd.DataFrame, lang: str = "en") -> MapSpec:
    return map_spec(geocoded, data_label="clusters.csv", lang=lang, unit="clusters")


def _south(fig):
    main = next(ax for ax in fig.axes if ax.get_gid() == "map")
    return next(ax for ax in main.child_axes if ax.get_gid() == "south-inset")


@pytest.mark.parametrize(
    ("source", "kind", "width_mm"),
    [
        ("study", "combined", 174.0),
        ("study", "choropleth", 84.0),
        ("random", "points", 174.0),
        ("random", "points", 120.0),
    ],
)
def test_inset_states_the_scale_it_is_drawn_at(geocoded: pd.DataFrame, source: str, kind: str, width_mm: float) -> None:
    spec = _study_spec(geocoded) if source == "study" else random_spec(3, 150)
    drawing = draw(spec, kind, width_mm=width_mm, south="inset")
    fig = drawing.figure
    fig.canvas.draw()  # the final layout, as saved
    inset = _south(fig)
    title = next(t for t in inset.texts if t.get_gid() == "inset-title").get_text()
    stated = int(re.search(r"1:([\d,]+)", title).group(1).replace(",", ""))
    x0, x1 = inset.get_xlim()
    y0, y1 = inset.get_ylim()
    extent = inset.get_window_extent()
    width_m = extent.width / fig.dpi * 0.0254
    height_m = extent.height / fig.dpi * 0.0254
    drawn = (x1 - x0) / width_m
    assert abs(stated - drawn) / drawn < 0.05, (title, drawn)
    assert abs((y1 - y0) / height_m - drawn) / drawn < 0.01  # equal scale both ways: nothing shrank it
    bar = next(f.scale_bar for f in drawing.record.insets if f.name == "south-inset")
    (bx0, _), (bx1, _) = inset.transData.transform([(bar.x0, bar.y), (bar.x1, bar.y)])
    bar_mm = (bx1 - bx0) / fig.dpi * 25.4
    assert bar_mm == pytest.approx(bar.km * 1e6 / stated, rel=0.06)  # the bar agrees with the stated scale


def _texts_under(fig, minimum: float) -> list[tuple[str, float]]:
    from matplotlib.text import Text

    fig.canvas.draw()
    small = []
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip() and text.get_fontsize() < minimum - 1e-9:
            small.append((text.get_text()[:40], float(text.get_fontsize())))
    return small


@pytest.mark.parametrize("width_mm", [174.0, 84.0])
@pytest.mark.parametrize("kind", ["points", "choropleth", "combined", "timeline", "levers"])
def test_no_text_under_7_pt_at_print_size(geocoded: pd.DataFrame, kind: str, width_mm: float) -> None:
    from matplotlib.text import Text

    specs = [_study_spec(geocoded), _study_spec(geocoded, "fr")]
    if kind != "levers":  # random tables have no lever columns
        specs += [random_spec(3, 150), random_spec(4, 2000, "fr")]
    for spec in specs:
        for south in ("frame", "inset") if kind in ("points", "combined") else ("frame",):
            fig = draw(spec, kind, width_mm=width_mm, south=south).figure
            assert len([t for t in fig.findobj(Text) if t.get_text().strip()]) > 5  # the walk finds the type
            assert _texts_under(fig, 7.0) == [], (spec.lang, kind, south)


def _pdf_info(data: bytes) -> dict[str, str]:
    """The PDF's document information strings (literal or UTF-16 hex), read without a PDF library."""
    info = {}
    for key in ("Title", "Author", "Creator", "Subject"):
        found = re.search(rb"/" + key.encode() + rb" (\((?:[^()\\]|\\.)*\)|<[0-9A-Fa-f]+>)", data)
        if found is None:
            continue
        raw = found.group(1)
        if raw.startswith(b"<"):
            info[key] = bytes.fromhex(raw[1:-1].decode()).decode("utf-16")
        else:
            value = re.sub(rb"\\(.)", rb"\1", raw[1:-1], flags=re.DOTALL)
            info[key] = value[2:].decode("utf-16-be") if value.startswith(b"\xfe\xff") else value.decode("latin-1")
    return info


def test_svg_has_real_text_title_and_desc_and_pdf_has_metadata(geocoded: pd.DataFrame, tmp_path) -> None:
    import xml.etree.ElementTree as ET

    from clusteratlas.static import write_figure

    spec = _study_spec(geocoded, "fr")
    svg_path = write_figure(spec, "points", tmp_path / "m.svg")
    root = ET.parse(svg_path).getroot()
    ns = "{http://www.w3.org/2000/svg}"
    children = list(root)
    assert children[0].tag == f"{ns}title" and children[0].text == spec.title
    assert children[1].tag == f"{ns}desc" and children[1].text.startswith(spec.title)
    assert root.get("role") == "img"
    words = " ".join(t.text or "" for t in root.iter(f"{ns}text"))
    assert "Casablanca" in words and "km" in words  # text is text, searchable and editable
    alt = (tmp_path / "m.alt.txt").read_text(encoding="utf-8").strip()
    assert children[1].text == alt
    pdf = write_figure(spec, "choropleth", tmp_path / "m.pdf")
    info = _pdf_info(pdf.read_bytes())
    assert info["Title"] == spec.title and "Author" not in info and info["Creator"] == "clusteratlas"
    assert info["Subject"].startswith(spec.title)
    again = write_figure(spec, "choropleth", tmp_path / "n.pdf")
    assert pdf.read_bytes() == again.read_bytes()


def test_legend_and_inset_title_boxes_are_opaque(geocoded: pd.DataFrame) -> None:
    from matplotlib.legend import Legend

    fig = draw(_study_spec(geocoded), "combined", south="inset").figure
    frames = [leg.get_frame() for leg in fig.findobj(Legend)]
    assert len(frames) >= 3
    assert all(f.get_alpha() in (None, 1.0) and f.get_facecolor()[3] == 1.0 for f in frames)
    titles = list(fig.findobj(lambda a: a.get_gid() == "inset-title"))
    assert titles and all(t.get_bbox_patch().get_facecolor()[3] == 1.0 for t in titles)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_hexagon_figures_say_what_they_show_with_separated_numbers(lang: str) -> None:
    from clusteratlas.mapspec import describe
    from clusteratlas.presentation import number

    spec = random_spec(4, 2000, lang)
    alt = describe(spec, "points")
    coarse = int(spec.points["coarse"].sum())
    assert coarse > 0
    assert number(2000, lang) in alt and "2000" not in alt  # "2,000" / "2 000"
    if lang == "en":
        assert "coloured by" not in alt and "without their categories" in alt
    else:
        assert "colorées" not in alt and "colorés" not in alt
    assert number(coarse, lang) in alt and ("province" in alt)
    assert "diamond" not in alt and "losange" not in alt  # no diamond markers on hexagons
    drawing = draw(spec, "points")
    caption = drawing.record.caption
    assert caption is not None and number(coarse, lang) in caption and "province" in caption
    timeline = describe(spec, "timeline")
    assert f"({number(2000, lang)} " in timeline  # the dated records counted with a separator


def _furniture(fig) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Boxes (display units) of the main frame's furniture: legends, north arrow, scale bar, insets."""
    from matplotlib.legend import Legend

    main = next(ax for ax in fig.axes if ax.get_gid() == "map")
    renderer = fig.canvas.get_renderer()
    found = []
    for artist in main.get_children():
        gid = artist.get_gid() or ""
        if isinstance(artist, Legend) or gid.startswith(("north-arrow", "scale-bar")):
            b = artist.get_window_extent(renderer)
            found.append((gid.split("-label")[0] if not isinstance(artist, Legend) else gid, (b.x0, b.y0, b.x1, b.y1)))
    for inset in main.child_axes:
        b = inset.get_window_extent(renderer)
        found.append((inset.get_gid(), (b.x0, b.y0, b.x1, b.y1)))
    return found


@pytest.mark.parametrize(
    ("source", "width_mm", "south"),
    [
        ("study", 174.0, "inset"),
        ("study", 84.0, "inset"),
        ("study", 120.0, "frame"),
        ("r150", 174.0, "inset"),
        ("r2000", 174.0, "frame"),
    ],
)
def test_furniture_never_overlaps(geocoded: pd.DataFrame, source: str, width_mm: float, south: str) -> None:
    spec = {
        "study": lambda: _study_spec(geocoded),
        "r150": lambda: random_spec(3, 150),
        "r2000": lambda: random_spec(4, 2000),
    }[source]()
    for kind in ("points", "choropleth", "combined"):
        fig = draw(spec, kind, width_mm=width_mm, south=south).figure
        fig.canvas.draw()
        boxes = _furniture(fig)
        assert any(name == "north-arrow" for name, _ in boxes)
        clashes = [
            (a, b)
            for (a, ba), (b, bb) in itertools.combinations(boxes, 2)
            if a != b and ba[0] < bb[2] - 0.5 and bb[0] < ba[2] - 0.5 and ba[1] < bb[3] - 0.5 and bb[1] < ba[3] - 0.5
        ]
        assert clashes == [], (kind, clashes)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_timeline_of_many_places_shows_densities_with_separated_counts(lang: str) -> None:
    from clusteratlas.presentation import number

    spec = random_spec(4, 2000, lang)
    drawing = draw(spec, "timeline")
    fig, record = drawing.figure, drawing.record
    assert record.density is not None
    hexagons = 0
    for period in record.periods:
        ax = period.frame.axes
        assert period.frame.layer is None  # no pie symbols
        (hexes,) = [c for c in ax.collections if c.get_gid() == "density"]
        hexagons += int(np.asarray(hexes.get_array()).sum())
        assert hexes.norm.vmax == record.density.classes[-1][1] + 0.5  # one scale for every period
    # every record placed at a point counted once; those placed only to a province or region are squares
    assert hexagons == int((~spec.points["coarse"].to_numpy(dtype=bool)).sum())
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    for ax in fig.axes:
        label = ax.yaxis.label
        if label.get_text():
            box = label.get_window_extent(renderer)
            assert box.x0 >= 0 and box.x1 <= width, label.get_text()  # axis titles inside the figure
    ticks = [t.get_text() for ax in fig.axes for t in ax.get_yticklabels() if t.get_text()]
    # The cumulative panel reaches the thousands; each such tick is written with the locale's separator.
    thousands = [t for t in ticks if sum(c.isdigit() for c in t) >= 4]
    assert thousands, ticks
    assert all(t == number(int("".join(c for c in t if c.isdigit())), lang) for t in thousands), ticks
    assert all("000" not in t or not t.replace("0", "").isdigit() for t in ticks)  # never "2000"
    entries = [t.get_text() for leg in fig.legends for t in leg.get_texts()]
    assert any(number(1, lang) == e for e in entries)  # the density key


def test_numbered_places_run_north_to_south_and_the_key_names_places() -> None:
    spec = random_spec(3, 150)
    record = draw(spec, "points").record
    main = record.main
    assert record.key, "150 random records over many places are numbered"
    numbered = [label for label in main.labels if label.text.isdigit()]
    assert len(numbered) > 10
    places = main.layer.places
    true_y = dict(zip(zip(places["x"], places["y"], strict=True), places.get("y_true", places["y"]), strict=True))
    # by the places' true positions (a symbol spread off a crowd keeps its place's rank)
    ys = [true_y[tuple(label.anchor)] for label in sorted(numbered, key=lambda label: int(label.text))]
    assert ys == sorted(ys, reverse=True)  # 1 is the northernmost
    names = set(main.layer.places["name"])
    group = spec.texts["key_group"].split("{")[0].strip()  # "in the dashed circle"
    for line in record.key[: len(numbered)]:
        text = line.split(" ", 1)[1]
        if text.startswith(group):  # a group's line names each of its places
            listed = text.removeprefix(group).lstrip(": ").rsplit(":", 1)[0].split(", ")
        else:
            listed = [text.split(":")[0]]
        assert set(listed) <= names, line  # each key line names places, not a record's name


@pytest.mark.parametrize("kind", ["points", "combined", "timeline"])
def test_vector_figures_of_a_large_table_stay_small(kind: str) -> None:
    from clusteratlas.static import figure_bytes

    fig = draw(random_spec(4, 2000), kind).figure
    for fmt in ("svg", "pdf"):
        size = len(figure_bytes(fig, fmt))
        assert size < 1_000_000, (kind, fmt, size)

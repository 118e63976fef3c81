"""Every class scheme we draw reads apart: adjacent classes and the first class from what is around it.

Read back from the drawn figures (the legend swatches of the choropleth, per capita, location
quotient and records-per-hexagon classes, and the regions' fills): every two adjacent classes
are at least :data:`~clusteratlas.mapspec.STEP_DE` apart (CIEDE2000) in colour, in grey and
under deuteranopia and protanopia (tests/colourvision.py), and the first class as far from the
neighbouring countries and the sea. Before, adjacent greys were 5.4-7 apart and the first
hexagon class 1.5 from the neighbours in grey.
"""

from __future__ import annotations

import itertools
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.legend import Legend
from matplotlib.patches import Circle, Patch

from clusteratlas import geocode
from clusteratlas.mapspec import (
    OTHER_LABEL,
    PALETTE,
    RAMP,
    SCHEMES,
    STEP_DE,
    UNKNOWN_LABEL,
    Classes,
    MapSpec,
    classify,
    map_spec,
)
from clusteratlas.mapspec.classes import ZERO_COLOR
from clusteratlas.static import NEIGHBOUR, SEA, draw
from clusteratlas.static._patterns import marks_of, marks_segments
from clusteratlas.static.lq import LQ_COLORS, lq_spec

from .colourvision import ciede2000, closest_pair, seen
from .randomdata import SECTORS, random_records, random_spec, study_spec

VISIONS = ("normal", "grey", "deuteranopia", "protanopia")


def _smallest(a: list[str], b: list[str]) -> tuple[float, str, str, str]:
    """The smallest difference between ``a[i]`` and ``b[i]`` in any vision, and where."""
    worst = (np.inf, "", "", "")
    for vision in VISIONS:
        d = ciede2000(seen(a, vision), seen(b, vision))
        k = int(np.argmin(d))
        if d[k] < worst[0]:
            worst = (float(d[k]), vision, a[k], b[k])
    return worst


def _check(classes: list[str]) -> None:
    """Adjacent classes and the first class (after "0 / none") from the neighbours and the sea."""
    assert len(classes) >= 1
    if len(classes) > 1:
        d, vision, a, b = _smallest(classes[:-1], classes[1:])
        assert d >= STEP_DE, (vision, a, b, round(d, 1))
    first = next(c for c in classes if c != ZERO_COLOR)
    d, vision, a, b = _smallest([first, first], [NEIGHBOUR, SEA])
    assert d >= STEP_DE, (vision, a, b, round(d, 1))


def _swatches(fig: plt.Figure, gid: str) -> list[str]:
    """The fill of each class swatch of legend ``gid``, in order (white or see-through entries are marks, not classes).

    Hatched swatches are classes with a pattern.
    """
    (legend,) = [leg for leg in fig.findobj(Legend) if leg.get_gid() == gid]
    out = []
    for handle in legend.legend_handles:
        if not isinstance(handle, Patch) or handle.get_facecolor()[3] == 0:  # province squares' marks, not classes
            continue
        face = to_hex(handle.get_facecolor())
        if face == "#ffffff":
            continue
        out.append(face)
    return out


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5])
@pytest.mark.parametrize("scheme", ["quantiles", "fisher_jenks", "equal_interval"])
def test_every_count_of_classes_steps_apart(k: int, scheme: str) -> None:
    values = np.array([0.0, *np.geomspace(1, 900, 23)])
    _check(list(classify(values, scheme=scheme, k=k).colors))


def _lq_spec(seed: int, n: int) -> MapSpec:
    """The spec of :func:`random_records` with a category for the location quotient."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(random_records(seed, n))
    return map_spec(geo, data_label="random.csv", category="Sector A", color_by="sector")


CASES = [
    ("choropleth", "count", 11, 150),
    ("choropleth", "per-capita", 9, 60),
    ("choropleth", "share", 5, 400),
    ("combined", "count", 3, 26),
    ("lq", "count", 4, 150),
]


@pytest.mark.parametrize(("kind", "value", "seed", "n"), CASES)
def test_drawn_classes_step_apart(kind: str, value: str, seed: int, n: int) -> None:
    spec = random_spec(seed, n, value=value)
    if kind == "lq":
        spec = _lq_spec(seed, n)
    drawing = draw(spec, kind)
    try:
        drawn = _swatches(drawing.figure, "legend-classes")
        _check(drawn)
        assert len(drawn) >= 2
    finally:
        plt.close(drawing.figure)


def test_the_study_choropleth_classes_step_apart() -> None:
    drawing = draw(study_spec("fr"), "choropleth")
    try:
        _check(_swatches(drawing.figure, "legend-classes"))
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize(("seed", "n"), [(7, 2000), (2, 8000)])
def test_hexagon_classes_step_apart(seed: int, n: int) -> None:
    drawing = draw(random_spec(seed, n), "points")
    try:
        assert drawing.record.density is not None
        drawn = _swatches(drawing.figure, "legend-density")
        assert drawn == list(drawing.record.density.colors) and len(drawn) >= 4
        _check(drawn)
        hexagons = next(c for c in drawing.record.main.axes.collections if c.get_gid() == "density")
        faces = {to_hex(f) for f in hexagons.to_rgba(hexagons.get_array())}
        assert faces <= set(drawn)  # the hexagons are drawn in the legend's classes
    finally:
        plt.close(drawing.figure)


def test_more_classes_than_the_ramp_still_darken_in_order() -> None:
    values = np.arange(0, 9, dtype=float)
    colors = classify(values, scheme="unique").colors[1:]
    greys = [seen([c], "grey")[0, 0] for c in colors]
    assert len(colors) == 8 and all(a > b for a, b in itertools.pairwise(greys))


def _cli_max_k() -> int:
    """The largest ``--k`` the command line accepts (``figure`` and ``map`` share it)."""
    from clusteratlas.cli import cli

    (param,) = [p for p in cli.commands["figure"].params if p.name == "k"]
    return int(param.type.max)  # type: ignore[attr-defined]


def _told_apart(classes: Classes) -> None:
    """Adjacent classes differ by STEP_DE in every vision or by pattern; the zero and first class from what is around.

    Patterns come only with more classes than greys, on every other class, never on the darkest
    (a black pattern would not show on it), and are given for every class when given at all.
    """
    colors, patterns = list(classes.colors), [classes.pattern(i) for i in range(len(classes.colors))]
    assert classes.patterns == () or len(classes.patterns) == len(colors)
    for i in range(1, len(colors)):
        d, vision, a, b = _smallest([colors[i - 1]], [colors[i]])
        assert d >= STEP_DE or patterns[i - 1] != patterns[i], (i, vision, a, b, round(d, 1), patterns)
    assert not patterns[-1]
    positive = [c for c in colors if c != ZERO_COLOR]
    assert any(patterns) == (len(positive) > len(RAMP)), (len(positive), patterns)
    for shown in {colors[0], positive[0]}:
        d, vision, a, b = _smallest([shown, shown], [NEIGHBOUR, SEA])
        assert d >= STEP_DE, (vision, a, b, round(d, 1))


@pytest.mark.parametrize("scheme", ["fisher_jenks", "quantiles", "equal_interval"])
def test_every_class_count_the_cli_accepts_is_told_apart(scheme: str) -> None:
    assert set(SCHEMES) == {"fisher_jenks", "quantiles", "equal_interval", "unique", "user"}  # a new one: add it here
    top = _cli_max_k()
    assert top >= 6  # more classes than the five greys: the patterns are needed
    rng = np.random.default_rng(3)
    for k in range(1, top + 1):
        for values in (np.array([0.0, *np.geomspace(1, 900, 23)]), rng.gamma(0.6, 40, size=60).round(1)):
            classes = classify(values, scheme=scheme, k=k)
            _told_apart(classes)
            assert len(classes.colors) >= min(k, 2)


@pytest.mark.parametrize("regions", range(1, 13))
def test_unique_classes_of_every_region_count_are_told_apart(regions: int) -> None:
    """``--scheme unique`` gives a class per distinct value: up to the 12 regions, and zero."""
    values = np.arange(0, regions + 1, dtype=float) ** 2
    classes = classify(values, scheme="unique")
    assert len(classes.colors) == regions + 1
    _told_apart(classes)


@pytest.mark.parametrize("n", [1, 2, 4, 5, 6, 9, 14, 20])
def test_the_users_breaks_are_told_apart(n: int) -> None:
    """``--breaks``: the user's classes are kept, empty ones too, however many."""
    breaks = [float(b) for b in np.geomspace(1, 500, n).round(1)]
    classes = classify(np.array([0.0, 0.5, 3, 40, 200, 600]), scheme="user", breaks=breaks)
    assert len(classes.colors) == n + 2  # "0 / none", the user's n classes, above the last bound
    _told_apart(classes)


def test_the_zero_class_stands_apart_from_neighbours_and_sea() -> None:
    """The review measured 6.4 between the "0" class and the neighbouring countries in grey."""
    d, vision, a, b = _smallest([ZERO_COLOR, ZERO_COLOR], [NEIGHBOUR, SEA])
    assert d >= STEP_DE, (vision, a, b, round(d, 1))
    before = ciede2000(seen([ZERO_COLOR], "grey"), seen(["#e0ded8"], "grey"))[0]
    assert before == pytest.approx(6.4, abs=0.1)  # the old neighbours' grey: the measure is the review's


def _hatched_swatches(fig: plt.Figure) -> list[tuple[str, str]]:
    """Each class swatch of the class legend: its fill and its pattern (the few-records outline's white patch out)."""
    (legend,) = [leg for leg in fig.findobj(Legend) if leg.get_gid() == "legend-classes"]
    faces = [(to_hex(h.get_facecolor()), h.get_hatch() or "") for h in legend.legend_handles]
    return [(face, hatch) for face, hatch in faces if face != "#ffffff"]


DRAWN = [
    ("choropleth", {"scheme": "quantiles", "k": 8}),
    ("choropleth", {"scheme": "unique"}),
    ("choropleth", {"scheme": "user", "breaks": [5.0, 10, 15, 20, 25, 30, 35]}),
    ("combined", {"scheme": "quantiles", "k": 7}),
    ("choropleth", {"value": "per-capita", "scheme": "fisher_jenks", "k": 6}),
]


@pytest.mark.parametrize(("kind", "options"), DRAWN)
def test_drawn_classes_beyond_five_greys_are_hatched_alike_on_map_and_legend(kind: str, options: dict) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(random_records(11, 400))
        spec = map_spec(geo, data_label="random.csv", **options)
    classes = spec.classes
    assert len(classes.colors) > len(RAMP) and any(classes.patterns)
    _told_apart(classes)
    drawing = draw(spec, kind)
    try:
        swatches = _hatched_swatches(drawing.figure)
        assert [c for c, _ in swatches] == list(classes.colors)
        assert [bool(h) for _, h in swatches] == [bool(p) for p in classes.patterns]  # the legend says which
        hatch = [c for c in drawing.record.main.axes.collections if c.get_gid() == "class-hatch"]
        patterned = {i for i, p in enumerate(classes.patterns) if p}
        expected = int(spec.regions["class_index"].isin(patterned).sum())
        assert sum(len(c.get_paths()) for c in hatch) == expected > 0  # every region of a hatched class
        assert {c.get_hatch() for c in hatch} == {h for _, h in swatches if h}  # the same pattern as its swatch
    finally:
        plt.close(drawing.figure)


def test_five_classes_or_fewer_draw_no_class_pattern() -> None:
    drawing = draw(random_spec(11, 150), "choropleth")
    try:
        assert drawing.record.main.axes is not None
        assert not [c for c in drawing.record.main.axes.collections if c.get_gid() == "class-hatch"]
        assert not [h for _, h in _hatched_swatches(drawing.figure) if h]
    finally:
        plt.close(drawing.figure)


def _pattern(swatch: Circle) -> str:
    """A key swatch's pattern: its hatch, or the directions of the marks drawn on it (:func:`marks_of`)."""
    marks = marks_of(swatch)
    if marks is None:
        return swatch.get_hatch() or ""
    ends = marks_segments(marks)
    return ",".join(sorted({str(round(np.degrees(np.arctan2(y, x))) % 180) for x, y in ends[:, 1] - ends[:, 0]}))


def test_the_most_categories_drawn_are_told_apart_by_colour_or_pattern() -> None:
    """Fourteen categories and blanks: the eleven most frequent, "Other" and "Unknown" drawn, as many as a figure draws.

    Any two under deuteranopia and protanopia (and with normal vision) at least 10 apart; in
    grey, any two closer than 10 carry different patterns (yellow and "Unknown"'s white were
    6.5 apart with none).
    """
    records = random_records(5, 100)
    records["sector"] = np.array(SECTORS)[np.arange(len(records)) % len(SECTORS)]
    records.loc[records.index % 23 == 0, "sector"] = ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(records), data_label="random.csv", color_by="sector")
    assert len(spec.colors) == len(PALETTE) + 1 and OTHER_LABEL in spec.colors and UNKNOWN_LABEL in spec.colors
    drawing = draw(spec, "points")
    try:
        assert drawing.record.density is None
        (legend,) = [leg for leg in drawing.figure.findobj(Legend) if leg.get_gid() == "legend-points"]
        drawn = {to_hex(h.get_facecolor()): _pattern(h) for h in legend.legend_handles if isinstance(h, Circle)}
    finally:
        plt.close(drawing.figure)
    assert set(drawn) == {c.lower() for c in spec.colors.values()}
    colours = sorted(drawn)
    for vision in ("normal", "deuteranopia", "protanopia"):
        d, a, b = closest_pair(colours, vision)
        assert d >= STEP_DE, (vision, a, b, round(d, 1))
    grey = seen(colours, "grey")
    for i, j in itertools.combinations(range(len(colours)), 2):
        d = float(ciede2000(grey[[i]], grey[[j]])[0])
        assert d >= STEP_DE or drawn[colours[i]] != drawn[colours[j]], (colours[i], colours[j], round(d, 1))


def test_location_quotient_classes_and_their_mirrors_are_told_apart_in_grey() -> None:
    """½ and 2, 0.8 and 1.25 print as greys 3.6 and 1.6 apart: the specialised side carries the pattern."""
    spec = _lq_spec(4, 150)
    drawing = draw(spec, "lq")
    try:
        swatches = _hatched_swatches(drawing.figure)
        hatch = [c for c in drawing.record.main.axes.collections if c.get_gid() == "class-hatch"]
        regions = lq_spec(spec).regions
    finally:
        plt.close(drawing.figure)
    assert [c for c, _ in swatches] == list(LQ_COLORS)
    for i in (0, 1):
        low, high = swatches[i], swatches[len(LQ_COLORS) - 1 - i]
        d = float(ciede2000(seen([low[0]], "grey"), seen([high[0]], "grey"))[0])
        assert d < STEP_DE and low[1] != high[1], (low, high, round(d, 1))  # alike in grey, told apart by the pattern
    specialised = int((regions["value"] >= 1.25).sum())
    assert specialised and sum(len(c.get_paths()) for c in hatch) == specialised


def test_qgis_styles_hatch_the_same_classes_as_the_figures() -> None:
    """The regions layer's QML and SLD draw a pattern over exactly the classes the figures hatch."""
    import xml.etree.ElementTree as ET

    from clusteratlas._styles import _Look, qml, region_rules, sld

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(random_records(11, 400)), data_label="random.csv", scheme="quantiles", k=8)
    rules = region_rules(spec)
    assert [bool(r.pattern) for r in rules] == [bool(spec.classes.pattern(i)) for i in range(len(rules))]
    hatched = sum(bool(p) for p in spec.classes.patterns)
    assert hatched == 4
    root = ET.fromstring(qml(rules, _Look("fill"), key="regions").split("\n", 1)[1])
    symbols = {s.get("name"): s for s in root.iter("symbol") if s.get("type") == "fill"}
    for i, rule in enumerate(rules):
        layers = [layer.get("class") for layer in symbols[str(i)].findall("layer")]
        assert layers == (["SimpleFill", "LinePatternFill"] if rule.pattern else ["SimpleFill"]), (i, layers)
    text = sld("regions", rules, _Look("fill"))
    assert text.count("<se:GraphicFill>") == hatched and "horline" in text
    ET.fromstring(text.split("\n", 1)[1])  # well-formed

"""Labels and PDFs at print size: a count kept with its unit, every density label counted, names cut at a word,
each font embedded once, no Author but the Creator.

Measured on random tables (:mod:`tests.randomdata`) in English and French.
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest

from clusteratlas.static import draw, save_figure
from clusteratlas.static._places import place_layer, short_name, top_places
from clusteratlas.static._style import new_figure

from .randomdata import random_spec


def _units(lang: str) -> tuple[str, str]:
    # random_spec is map_spec's default unit, clusters: a place's count says "clusters" in both languages since
    # session 11 (it said records/fiches whatever the unit); the command line's tables say records/fiches.
    del lang
    return ("clusters", "cluster")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_count_is_never_split_from_its_unit_in_a_label(lang: str) -> None:
    spec = random_spec(3, 150, lang)
    layer = place_layer(spec, spec.points, detailed=False)
    wrapped = [o for options in layer.options for o in options if "\n" in o]
    assert any(re.search(r"\d", o) for o in wrapped)  # the narrow labels are tried
    for option in wrapped:
        for line in option.splitlines():
            assert not re.search(r"\d$", line), option  # "Rabat: 3" above "records"
            assert line.strip() not in _units(lang), option


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_density_label_of_a_busy_place_gives_its_count(lang: str) -> None:
    spec = random_spec(4, 2000, lang)
    layer, total = top_places(spec, spec.points, 12)
    assert total > 12
    counts = layer.places["n"].to_numpy()
    assert (counts > 1).any()
    for n, options in zip(counts, layer.options, strict=True):
        if n > 1:  # Salé, Mohammadia: never named without the count the others have
            assert all(re.search(r"\d", o) for o in options), options


def test_long_place_names_are_cut_at_a_word_never_mid_word() -> None:
    assert short_name("Agadir-Ida-Ou-Tanane (province)") == "Agadir-Ida-Ou-Tanane"
    assert short_name("Fahs-Anjra (province)") == "Fahs-Anjra (province)"
    rng = np.random.default_rng(5)
    words = ["Sidi", "Bennour", "Ouled", "Frej", "Azemmour", "Moulay", "Bouazza", "Ait", "Ourir"]
    for _ in range(200):
        name = "-".join(rng.choice(words, size=int(rng.integers(1, 8))))
        if rng.random() < 0.5:
            name += " (province)"
        short = short_name(name)
        assert len(short) <= 24
        if short.endswith("…"):
            kept = short[:-1].rstrip(" -")
            assert name.startswith(kept) and name[len(kept)] in " -(", (name, short)  # ends at a whole word


def _fonts(pdf: bytes) -> list[bytes]:
    return re.findall(rb"/FontName /[A-Z]{6}\+([\w-]+)", pdf)


def test_a_pdf_embeds_each_font_once_and_names_no_author(tmp_path: Path) -> None:
    fig = new_figure(84, 40)
    fig.suptitle("Sites – 1\u202f200 fiches", x=0.02, y=0.95, ha="left", va="top", fontsize=9, fontweight="bold")
    fig.text(0.02, 0.5, "Les fiches : 2–3\u202f%, efficacité énergétique")
    out = save_figure(fig, tmp_path / "f.pdf")
    data = out.read_bytes()
    fonts = _fonts(data)
    assert sorted(fonts) == [b"DejaVuSans", b"DejaVuSans-Bold"]  # one copy of each, en dash and ligatures too
    assert b"/Author" not in data
    assert b"/Creator (clusteratlas)" in data


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("width", [84.0, 174.0])
def test_province_squares_are_keyed_by_size_and_let_the_hexagons_show(width: float, lang: str) -> None:
    from matplotlib.colors import to_rgba

    from .coarsedata import province_spec

    spec = province_spec(3, 3000, lang)
    drawing = draw(spec, "points", width_mm=width)
    record = drawing.record
    try:
        ax = record.main.axes
        (squares,) = [c for c in ax.collections if c.get_gid() == "coarse-place"]
        assert all(to_rgba(face)[3] == 0 for face in squares.get_facecolors())  # no fill over the hexagons
        sides = np.array([np.ptp(p.vertices[:, 0]) for p in squares.get_paths()])
        pt = (ax.get_xlim()[1] - ax.get_xlim()[0]) / (ax.get_window_extent().width * 72 / ax.figure.dpi)
        entries = record.legend("legend-density").entries
        unit = _units(lang)[0]
        keyed = [e for e in entries if re.fullmatch(rf"[\d\u202f,]+ {unit}", e)]
        assert 1 <= len(keyed) <= 2, entries  # the largest square and one of about a quarter of its records
        legend = next(lg for lg in ax.get_children() if getattr(lg, "get_gid", lambda: "")() == "legend-density")
        markers = [h for h in legend.legend_handles if getattr(h, "get_marker", lambda: None)() == "s"]
        assert len(markers) == len(keyed)
        assert markers[0].get_markersize() == pytest.approx(sides.max() / pt, rel=0.02)  # as drawn on the map
        assert markers[0].get_markersize() <= (6.0 if width < 100 else 9.0)  # at 84 mm they covered the Rif
    finally:
        plt.close(drawing.figure)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_combined_hexagon_map_says_which_layer_is_the_regions(lang: str) -> None:
    spec = random_spec(4, 2000, lang)
    drawing = draw(spec, "combined", width_mm=120)
    try:
        record = drawing.record
        assert record.density is not None
        classes = record.legend("legend-classes").title
        assert classes.startswith(spec.texts["regions"]) and spec.legend_title() in classes
        assert record.legend("legend-density").title.startswith(spec.texts["density"].split("(")[0].strip())
    finally:
        plt.close(drawing.figure)

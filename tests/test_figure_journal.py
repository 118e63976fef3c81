"""Journal figures (``--journal``): title, credits and numbered key out of the artwork, into a caption file."""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import clusteratlas
from clusteratlas.cli import main
from clusteratlas.mapspec import map_spec
from clusteratlas.static import caption_path, draw, journal_caption
from clusteratlas.static._journal import unwrap
from clusteratlas.static._style import caption_width, wrap_text

from .randomdata import random_spec


def _svg_text(path: Path) -> str:
    """The text drawn in an SVG (its ``<text>`` elements), not its title or description."""
    svg = path.read_text(encoding="utf-8")
    return " ".join(re.findall(r"<text\b[^>]*>(.*?)</text>", svg, flags=re.DOTALL))


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("kind", ["points", "choropleth", "combined", "timeline", "levers"])
def test_journal_figures_leave_title_credits_and_key_to_a_caption_file(
    geocoded: pd.DataFrame, tmp_path: Path, kind: str, lang: str
) -> None:
    spec = map_spec(geocoded, data_label="clusters.csv", lang=lang, unit="clusters")
    out = tmp_path / f"{kind}.svg"
    fig = clusteratlas.figure(spec, kind, output=out, journal=True)
    plain = draw(spec, kind).figure
    try:
        assert fig.get_size_inches()[0] == pytest.approx(plain.get_size_inches()[0])  # the column width stays
        assert fig.get_size_inches()[1] < plain.get_size_inches()[1]  # the room of the title and caption is cut
    finally:
        plt.close(fig)
        plt.close(plain)
    caption = caption_path(out).read_text(encoding="utf-8")
    alt = (tmp_path / f"{kind}.alt.txt").read_text(encoding="utf-8")
    lines = caption.splitlines()
    drawn = _svg_text(out)
    source = spec.texts["levers_source" if kind == "levers" else "source"].split("{")[0]  # "Data: " / "Données : "
    assert any(line.startswith(source) for line in lines), caption
    assert source.strip() not in drawn
    assert "clusters.csv" not in drawn
    if kind != "levers":
        assert lines[0].startswith(spec.title)
        assert spec.title not in drawn
        assert spec.title in alt
    assert all("\n" not in line and line == line.strip() for line in lines)


def test_the_numbered_key_goes_to_the_caption_and_the_alt_text(tmp_path: Path) -> None:
    spec = random_spec(3, 150, "fr")
    out = tmp_path / "points.png"
    plt.close(clusteratlas.figure(spec, "points", output=out, journal=True))
    caption = caption_path(out).read_text(encoding="utf-8")
    alt = out.with_name("points.alt.txt").read_text(encoding="utf-8")
    key = next(line for line in caption.splitlines() if line.startswith(spec.texts["key"]))
    assert re.search(r"\b1 \S", key) and "\u00a0; 2 " in key  # numbered, one line
    assert key in alt


def test_without_journal_no_caption_file_and_the_title_drawn(geocoded: pd.DataFrame, tmp_path: Path) -> None:
    spec = map_spec(geocoded, data_label="clusters.csv", unit="clusters")
    out = tmp_path / "map.svg"
    plt.close(clusteratlas.figure(spec, "combined", output=out))
    assert not caption_path(out).exists()
    assert spec.title in _svg_text(out).replace("&#39;", "'")


def test_journal_from_the_command_line(clusters_csv: Path, tmp_path: Path) -> None:
    out = tmp_path / "fig.pdf"
    assert main(["figure", str(clusters_csv), "-o", str(out), "--journal", "--lang", "fr", "-q"]) == 0
    caption = caption_path(out).read_text(encoding="utf-8")
    assert caption.startswith("17 ")
    assert "Données\u00a0:" in caption or "Données :" in caption


@pytest.mark.parametrize("width_mm", [84.0, 174.0])
def test_unwrap_gives_back_each_sentence_on_one_line(width_mm: float) -> None:
    width = caption_width(width_mm)
    sentences = [
        "Data: a file with a rather long name that goes on and on and on, beyond one line of any figure width.",
        "Not shown (3): Alpha (no place); Beta (abroad); Gamma (not found)",
        "Numbered places: " + "; ".join(f"{k} Place {k}: {k} records" for k in range(1, 30)) + ".",
    ]
    wrapped = "\n".join(wrap_text(s, width) for s in sentences)
    assert wrapped.count("\n") > len(sentences)
    assert unwrap(wrapped, width).splitlines() == sentences


def test_journal_caption_crops_the_figure_and_keeps_what_is_drawn(geocoded: pd.DataFrame) -> None:
    spec = map_spec(geocoded, data_label="clusters.csv", unit="clusters")
    fig = draw(spec, "combined", south="inset").figure
    try:
        fig.canvas.draw()
        main_ax = next(ax for ax in fig.axes if ax.get_gid() == "map")
        before = main_ax.get_window_extent()
        text = journal_caption(fig)
        fig.canvas.draw()
        after = main_ax.get_window_extent()
        assert text.splitlines()[0] == spec.title
        assert after.width == pytest.approx(before.width) and after.height == pytest.approx(before.height)
        tight = fig.get_tightbbox(fig.canvas.get_renderer())
        assert tight.y0 >= 0 and tight.y1 <= fig.get_size_inches()[1] + 1e-6  # nothing cut off
    finally:
        plt.close(fig)


def test_reproduce_journal_writes_each_figure_with_its_caption_file(tmp_path: Path) -> None:
    """``reproduce --journal``: the study's figures drawn journal-style, a caption file beside each."""
    from clusteratlas.profile import load_profile

    out = tmp_path / "maps"
    assert main(["reproduce", "--out", str(out), "--journal", "-q"]) == 0
    study = load_profile()
    for fig in study.figures:
        caption = caption_path(out / fig.name)
        assert caption.is_file(), caption
        lines = caption.read_text(encoding="utf-8").splitlines()
        assert lines[0] and not lines[0].startswith("Data: ")  # the title, now out of the artwork
        assert len(lines) >= 2  # and its caption (the credits, the key)
        if fig.kind != "levers":
            assert any(line.startswith("Data: ") for line in lines)
        alt = (out / f"{fig.name}.alt.txt").read_text(encoding="utf-8")
        assert lines[1][:40] in alt  # the alt text says what the caption adds
        for ext in fig.formats:
            assert (out / f"{fig.name}{ext}").is_file()
    svg = next((out / f"{f.name}.svg" for f in study.figures if ".svg" in f.formats), None)
    assert svg is not None
    drawn = _svg_text(svg)
    assert drawn.strip() and "Industrial clusters in Morocco" not in drawn and "GeoNames" not in drawn

"""clusteratlas.figure and clusteratlas.web_map: the library does what ``figure`` and ``map`` do."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import clusteratlas as ca
from clusteratlas.errors import InputError
from clusteratlas.interactive import render_map
from clusteratlas.mapspec import MapSpec
from clusteratlas.products import spec_of
from tests.randomdata import random_records


@pytest.fixture(scope="module")
def records_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("products") / "random.csv"
    random_records(11, 60).to_csv(path, index=False)
    return path


def test_figure_writes_what_the_command_writes(records_file: Path, tmp_path: Path, run: Callable) -> None:
    options = ["--kind", "choropleth", "--value", "share", "--k", "3", "--lang", "fr", "--dpi", "80"]
    r = run("figure", records_file, "-o", tmp_path / "cli.png", *options, "-q")
    assert r.code == 0, r.err
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fig = ca.figure(records_file, "choropleth", output=tmp_path / "lib.png", value="share", k=3, lang="fr", dpi=80)
    plt.close(fig)
    assert (tmp_path / "lib.png").read_bytes() == (tmp_path / "cli.png").read_bytes()
    assert (tmp_path / "lib.alt.txt").read_text("utf-8") == (tmp_path / "cli.alt.txt").read_text("utf-8")
    assert "random.csv" in (tmp_path / "lib.alt.txt").read_text("utf-8")  # the data named by their file


def test_web_map_writes_what_the_command_writes(records_file: Path, tmp_path: Path, run: Callable) -> None:
    r = run("map", records_file, "-o", tmp_path / "cli.html", "--choropleth", "none", "--max-zoom", "9", "-q")
    assert r.code == 0, r.err
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = ca.web_map(records_file, output=tmp_path / "lib.html", choropleth=False, max_zoom=9)
    page = (tmp_path / "lib.html").read_text("utf-8")
    assert page == (tmp_path / "cli.html").read_text("utf-8")
    assert "random.csv" in page and type(m).__name__ == "Map"


def test_figure_takes_records_or_a_spec_and_returns_the_figure() -> None:
    frame = random_records(3, 25)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = ca.geocode(frame)
    spec = spec_of(geo, lang="fr")
    assert isinstance(spec, MapSpec) and spec.lang == "fr" and spec_of(spec) is spec
    assert spec.title.startswith("25 fiches")  # records, named "records"
    fig = ca.figure(spec, "points")
    assert any(ax.get_gid() == "map" for ax in fig.axes)
    plt.close(fig)
    with pytest.raises(InputError, match="finished MapSpec"):
        ca.figure(spec, lang="en")
    m = ca.web_map(geo, choropleth=False)
    assert "25" in render_map(m)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: ca.figure(p, "pie"), r"`kind`: unknown figure kind 'pie'"),
        (lambda p: ca.figure(p, south="north"), r"`south`: unknown"),
        (lambda p: ca.figure(p, output=p.with_suffix(".jpg")), r"cannot write '\.jpg'"),
        (lambda p: ca.figure(p, output=p), r"cannot write '\.csv'"),
        (lambda p: ca.web_map(p, tiles="google"), r"`tiles`: unknown tile layer 'google'"),
        (lambda p: ca.web_map(p, output=p.with_suffix(".png")), r"cannot write '\.png'"),
    ],
)
def test_bad_options_fail_before_any_work(tmp_path: Path, call: Callable[[Path], object], message: str) -> None:
    """Every check happens before the (missing) data are read: the error is about the option."""
    with pytest.raises(InputError, match=message):
        call(tmp_path / "nowhere.csv")


def test_the_alt_text_is_never_written_over_the_data(tmp_path: Path) -> None:
    data = tmp_path / "map.alt.txt"  # the alt text of map.png
    data.write_text("name,city\na,Rabat\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"map\.alt\.txt"):
        ca.figure(data, output=tmp_path / "map.png")
    assert not (tmp_path / "map.png").exists()


def test_an_output_over_the_zones_file_is_refused(records_file: Path, tmp_path: Path) -> None:
    zones = tmp_path / "zones.html"
    zones.write_text("rest = 'x'\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"zones\.html"):
        ca.web_map(records_file, output=zones, zones=zones)
    assert zones.read_text("utf-8") == "rest = 'x'\n"


def test_a_frame_keeps_its_label(tmp_path: Path) -> None:
    frame = pd.DataFrame({"name": ["a", "b"], "city": ["Rabat", "Fès"]})
    spec = spec_of(frame, data_label="my table")
    assert spec.source.startswith("Data: my table.")
    assert spec_of(frame).source.startswith("Data: records.")

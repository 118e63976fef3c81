"""Cross-tables: counts or weights by region and a column, shares and location quotients.

The register is generated here (numbers written as French users write them, codes with
leading zeros, dates, a sector column, a few unknown places) and the figures are recomputed
independently with plain pandas from what the generator knows.
"""

from __future__ import annotations

import io
import json
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, read_records, report, shares
from clusteratlas._resources import data_path
from clusteratlas.aggregate import FEW_RECORDS
from clusteratlas.crosstab import CrossTable, crosstab, split_by
from clusteratlas.errors import InputError
from clusteratlas.mapspec import map_spec
from clusteratlas.reporting import render_markdown
from clusteratlas.share_text import format_result
from clusteratlas.static.lq import LQ_BOUNDS, LQ_COLORS, lq_classes, lq_spec

SECTORS = ("Automobile", "Agro-industrie", "Textile", "Aéronautique", "Numérique")


def make_register(seed: int, n: int) -> pd.DataFrame:
    """A firm register: Nom, Ville, Secteur, Effectif ("2 880"), ICE (leading zeros), Date de création."""
    rng = np.random.default_rng(seed)
    places = pd.read_csv(data_path("geo", "places.csv"), dtype={"region_code": str})
    places = places[places["lat"].notna() & places["population"].gt(20_000)].reset_index(drop=True)
    cities = places["name"].to_numpy(dtype=object)[rng.integers(len(places), size=n)]
    cities[rng.random(n) < 0.03] = "Ville Imaginaire"  # unplaced records
    staff = rng.integers(1, 5000, size=n)
    written = np.where(staff >= 1000, [f"{s // 1000} {s % 1000:03d}" for s in staff], staff.astype(str))
    sectors = rng.choice(SECTORS, size=n, p=[0.4, 0.25, 0.2, 0.1, 0.05])
    sectors[rng.random(n) < 0.02] = ""  # Unknown
    days = pd.Timestamp("1990-01-01") + pd.to_timedelta(rng.integers(0, 12000, size=n), unit="D")
    return pd.DataFrame(
        {
            "Nom": [f"Société {i}" for i in range(n)],
            "Ville": cities,
            "Secteur": sectors,
            "Effectif": written,
            "ICE": [f"{int(x):015d}" for x in rng.integers(0, 10**9, size=n)],
            "Date de création": days.strftime("%d/%m/%Y"),
            "truth": staff,
        }
    )


def write_register(folder: Path, frame: pd.DataFrame) -> Path:
    path = folder / "registre.csv"
    frame.drop(columns="truth").to_csv(path, sep=";", index=False, encoding="utf-8")
    return path


def expected(frame: pd.DataFrame, regions: pd.Series) -> pd.DataFrame:
    """The cross-table recomputed with plain pandas: weights, counts, shares and quotients per cell."""
    data = pd.DataFrame(
        {
            "region": regions.fillna("").to_numpy(),
            "sector": frame["Secteur"].replace("", "Unknown").to_numpy(),
            "w": frame["truth"].to_numpy(dtype=float),
        }
    )
    weights = pd.crosstab(data["region"], data["sector"], values=data["w"], aggfunc="sum").fillna(0.0)
    counts = pd.crosstab(data["region"], data["sector"])
    national = weights.sum(axis=0) / weights.to_numpy().sum()
    row_share = weights.div(weights.sum(axis=1), axis=0)
    lq = row_share.div(national, axis=1)
    out = pd.concat(
        {"weight": weights.stack(), "count": counts.stack(), "row_share": row_share.stack(), "lq": lq.stack()}, axis=1
    )
    out.index.names = ["code", "category"]
    return out.reset_index()


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, pd.DataFrame, pd.Series]:
    frame = make_register(7, 3000)
    path = write_register(tmp_path_factory.mktemp("register"), frame)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        regions = geocode(read_records(path))["region_code"]
    return path, frame, regions


def test_done_when_weighted_crosstab_matches_pandas(
    run: Callable, register: tuple[Path, pd.DataFrame, pd.Series]
) -> None:
    path, frame, regions = register
    r = run("shares", path, "--weight", "Effectif", "--by", "region,Secteur", "--format", "csv")
    assert r.code == 0, r.err
    got = pd.read_csv(io.StringIO(r.out), dtype={"code": str}, keep_default_na=False, na_values=[""])
    got["code"] = got["code"].fillna("")
    want = expected(frame, regions)
    merged = got.merge(want, on=["code", "category"], how="outer", indicator=True)
    placed = merged[merged["code"] != ""]
    assert (placed["_merge"] == "both").all(), placed[placed["_merge"] != "both"]
    assert (placed["count_x"] == placed["count_y"]).all()
    assert np.allclose(placed["weight_x"], placed["weight_y"])
    assert np.allclose(placed["row_share_x"], placed["row_share_y"], equal_nan=True)
    # the country's share counts every record, unplaced ones too: recompute on all rows
    total = frame["truth"].sum()
    by_sector = frame.groupby(frame["Secteur"].replace("", "Unknown"))["truth"].sum() / total
    lq = placed["row_share_x"] / placed["category"].map(by_sector)
    assert np.allclose(placed["location_quotient"], lq, equal_nan=True)
    assert got["count"].sum() == len(frame) and got["weight"].sum() == pytest.approx(total)
    assert (got["few_records"] == (got["count"] < FEW_RECORDS)).all()
    assert got["code"].str.fullmatch(r"\d\d|").all()  # codes stay text: "01", not 1


def test_same_figures_in_every_format(run: Callable, register: tuple[Path, pd.DataFrame, pd.Series]) -> None:
    path, frame, _ = register
    doc = json.loads(run("shares", path, "--weight", "Effectif", "--by", "region,Secteur", "--format", "json").out)
    assert doc["weight"] == "Effectif" and doc["column"] == "Secteur" and doc["total"] == len(frame)
    assert doc["total_weight"] == pytest.approx(frame["truth"].sum())
    cells = pd.DataFrame(doc["cells"])
    casa = cells[(cells["code"] == "06") & (cells["category"] == "Automobile")].iloc[0]
    md = run("shares", path, "--weight", "Effectif", "--by", "region,Secteur", "--format", "md").out
    table = run("shares", path, "--weight", "Effectif", "--by", "region,Secteur", "--lang", "fr").out
    lq_en = f"{casa['location_quotient']:.2f}"
    assert f"| Casablanca-Settat | 06 | Automobile | {casa['count']:,} |" in md and lq_en in md
    assert lq_en.replace(".", ",") in table and "quotient de localisation" in table
    excel = run("shares", path, "--weight", "Effectif", "--by", "region,Secteur", "--format", "csv", "--excel").out
    assert ";" in excel.splitlines()[0] and str(round(casa["row_share"], 3)).replace(".", ",")[:5] in excel


def test_counts_without_weight_and_categories_order() -> None:
    frame = pd.DataFrame(
        {
            "region_code": ["06", "06", "06", "01", None],
            "geocode_status": ["matched"] * 4 + ["unresolved"],
            "sector": ["Auto", "Agro", "Auto", "Agro", "Auto"],
        }
    )
    table = crosstab(frame, by=("region", "sector"), geocode=False)
    assert table.categories == ("Auto", "Agro") and table.weight is None
    cells = table.table.set_index(["code", "category"])
    assert cells.loc[("06", "Auto"), "count"] == 2
    assert cells.loc[("06", "Auto"), "row_share"] == pytest.approx(2 / 3)
    assert cells.loc[("06", "Auto"), "location_quotient"] == pytest.approx((2 / 3) / (3 / 5))
    assert cells.loc[("", "Auto"), "count"] == 1  # the Unplaced row
    assert table.table["count"].sum() == 5
    assert np.isnan(cells.loc[("02", "Auto"), "location_quotient"])  # no record in the region: no quotient
    assert table.category("Agro")["count"].sum() == 2
    with pytest.raises(InputError, match="Auto, Agro"):
        table.category("Textile")


@pytest.mark.parametrize("by", ["region", "sector,region", "region,a,b", "region,"])
def test_split_by_refuses_what_is_no_crosstab(by: str) -> None:
    if by == "region":
        assert split_by(by) is None
        return
    with pytest.raises(InputError, match="region,COLUMN"):
        split_by(by)


def test_engines_refuse_crosstab_and_weight(run: Callable, register: tuple[Path, pd.DataFrame, pd.Series]) -> None:
    path, _, _ = register
    r = run("shares", path, "--by", "region,Secteur", "--engine", "stream")
    assert r.code == 2 and "in-memory engine" in r.err and "--engine stream" in r.err
    r = run("shares", path, "--by", "region,Secteur", "--per-capita")
    assert r.code == 2 and "--per-capita" in r.err and r.out == ""
    r = run("shares", path, "--by", "region,Nothing")
    # the columns offered are named as the file names them (its headers), not by our names
    assert r.code == 2 and r.err.startswith("error: no column 'Nothing'") and "Secteur" in r.err


def test_crosstab_is_fast_on_a_million_rows() -> None:
    rng = np.random.default_rng(1)
    n = 1_000_000
    codes = np.array([f"{i:02d}" for i in range(1, 13)], dtype=object)
    frame = pd.DataFrame(
        {
            "region_code": codes[rng.integers(12, size=n)],
            "geocode_status": "matched",
            "sector": np.array(SECTORS, dtype=object)[rng.integers(len(SECTORS), size=n)],
            "Effectif": rng.integers(1, 500, size=n),
        }
    )
    start = time.perf_counter()
    result = crosstab(frame, by="region,sector", weight="Effectif", geocode=False)
    elapsed = time.perf_counter() - start
    assert isinstance(result, CrossTable) and result.table["count"].sum() == n
    assert result.total_weight == pytest.approx(float(frame["Effectif"].sum()))
    assert elapsed < 10, elapsed  # about 1 s on a loaded 2-core machine


def test_format_result_refuses_unknown_format() -> None:
    frame = pd.DataFrame({"region_code": ["06"], "geocode_status": ["matched"], "sector": ["A"]})
    with pytest.raises(InputError, match="unknown format"):
        format_result(crosstab(frame, by="region,sector", geocode=False), "xml")


def test_report_shows_the_same_figures(run: Callable, register: tuple[Path, pd.DataFrame, pd.Series]) -> None:
    path, _, _ = register
    doc = json.loads(run("shares", path, "--weight", "Effectif", "--by", "region,Secteur", "--format", "json").out)
    cells = pd.DataFrame(doc["cells"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        built = report(path, cross_by="Secteur", weight="Effectif", figure=False)
    section = next(s for s in built.sections if s.key == "specialisation")
    weighted, lq, sums = section.tables
    assert np.allclose(lq.raw["location_quotient"], cells["location_quotient"], equal_nan=True)
    assert np.allclose(lq.raw["weight"], cells["weight"]) and (lq.raw["count"] == cells["count"]).all()
    shown = lq.display.set_index("Code")  # the report heads its columns with a capital
    for cell in cells[cells["code"].isin(["01", "06"])].itertuples():
        text = f"{cell.location_quotient:.2f}" + ("*" if cell.few_records else "")
        assert shown.loc[cell.code, cell.category] == text
    regions = json.loads(run("shares", path, "--weight", "Effectif", "--format", "json").out)["groups"]
    assert [g["weight"] for g in regions] == weighted.raw["weight"].tolist()
    assert sums.raw.loc[sums.raw["code"] == "06", "Automobile"].iat[0] == pytest.approx(
        cells.loc[(cells["code"] == "06") & (cells["category"] == "Automobile"), "weight"].iat[0]
    )
    md = render_markdown(built)
    assert "## Specialisation" in md and "Location quotient of each Secteur by region" in md
    r = run("report", path, "-o", path.parent / "r.html", "--by", "Secteur", "--weight", "Effectif", "--no-figure")
    assert r.code == 0, r.err
    page = (path.parent / "r.html").read_text(encoding="utf-8")
    assert "Specialisation" in page and shown.loc["06", "Automobile"] in page


def test_report_without_weight_or_cross_has_no_specialisation(register: tuple[Path, pd.DataFrame, pd.Series]) -> None:
    path, _, _ = register
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        built = report(path, figure=False)
        with pytest.raises(InputError, match=r"row 6 .*no weight"):
            report(_with_blank_weight(path), weight="Effectif", figure=False)
    assert all(s.key != "specialisation" for s in built.sections)


def _with_blank_weight(path: Path) -> Path:
    text = path.read_text(encoding="utf-8").splitlines()
    cells = text[5].split(";")
    cells[3] = ""
    text[5] = ";".join(cells)
    out = path.parent / "blank.csv"
    out.write_text("\n".join(text) + "\n", encoding="utf-8")
    return out


def test_lq_classes_are_centred_on_one() -> None:
    classes = lq_classes(np.array([0.3, 0.6, 1.0, 1.5, 3.0, np.nan]), "en", "No records")
    assert classes.index.tolist() == [0, 1, 2, 3, 4, 5]
    assert classes.labels[2] == "0.80–1.25" and classes.colors[2] == LQ_COLORS[2]  # the neutral middle class
    assert classes.labels[-1] == "No records" and classes.counts == (1, 1, 1, 1, 1, 1)
    assert np.allclose(np.log(LQ_BOUNDS), -np.log(LQ_BOUNDS)[::-1])  # symmetric around 1 on a log scale


def test_lq_figure_shows_the_crosstab_quotients(
    tmp_path: Path, run: Callable, register: tuple[Path, pd.DataFrame, pd.Series]
) -> None:
    path, _, _ = register
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(read_records(path))
    spec = lq_spec(map_spec(geo, color_by="Secteur", category="Automobile", weight="Effectif", unit="records"))
    cells = crosstab(geo, by="region,Secteur", weight="Effectif").category("Automobile").set_index("code")
    got = spec.regions.set_index("region_code")["value"]
    assert np.allclose(got, cells.loc[got.index, "location_quotient"])
    assert "1 = as in all records" in spec.legend_title() and "Automobile" in spec.legend_title()
    assert spec.classes.labels[:5] == ("< 0.50", "0.50–0.80", "0.80–1.25", "1.25–2.00", "≥ 2.00")
    out = tmp_path / "lq.png"
    args = ("figure", path, "-o", out, "--kind", "lq", "--color-by", "Secteur", "--category", "Automobile")
    r = run(*args, "--weight", "Effectif", "--dpi", "80")
    assert r.code == 0, r.err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and "location quotient of Automobile" in (  # as written
        tmp_path / "lq.alt.txt"
    ).read_text(encoding="utf-8")
    r = run("figure", path, "-o", tmp_path / "x.png", "--kind", "lq", "--color-by", "Secteur", "--category", "Trains")
    assert r.code == 2 and "'Trains'" in r.err and "Automobile" in r.err and not (tmp_path / "x.png").exists()
    r = run("figure", path, "-o", tmp_path / "y.png", "--kind", "lq")
    assert r.code == 2 and "--category" in r.err


def test_weighted_choropleth_maps_the_weighted_shares(register: tuple[Path, pd.DataFrame, pd.Series]) -> None:
    path, _, _ = register
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(read_records(path))
    spec = map_spec(geo, value="share", weight="Effectif", unit="records")
    weighted = shares(geo, weight="Effectif").table.set_index("code")["share"]
    got = spec.regions.set_index("region_code")["value"]
    assert np.allclose(got, weighted.loc[got.index]) and spec.legend_title() == "Share of Effectif"
    assert map_spec(geo, value="count", weight="Effectif", lang="fr").legend_title() == "Effectif"


def test_zone_and_province_crosstabs(run: Callable, register: tuple[Path, pd.DataFrame, pd.Series]) -> None:
    path, frame, _ = register
    zones = json.loads(run("shares", path, "--by", "zone,Secteur", "--format", "json").out)
    provinces = json.loads(run("shares", path, "--by", "province,Secteur", "--format", "json").out)
    for doc in (zones, provinces):
        cells = pd.DataFrame(doc["cells"])
        assert cells["count"].sum() == len(frame) and len(cells) == cells["group"].nunique() * len(doc["categories"])
        sums = cells.groupby("group")["row_share"].sum(min_count=1).dropna()  # groups without records: no shares
        assert sums.between(1 - 1e-9, 1 + 1e-9).all() and len(sums) > 1
    assert zones["by"] == "zone" and provinces["by"] == "province"
    french = run("shares", path, "--by", "zone,Secteur", "--lang", "fr").out
    assert "Autres régions" in french and "Inconnu" in french and "part dans le groupe" in french

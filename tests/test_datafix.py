"""A new user's register, case by case: every row placed or said, every column kept (issues 20/22 follow-up).

Each test generates its data (random spellings, random rows) and checks one defect found on
a real register is gone.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import geocode, read_records
from clusteratlas.errors import InputError
from clusteratlas.export import write_records
from clusteratlas.schema import GEOCODE_COLUMNS

#: Headers that are ours but for case (each a column geocoding writes).
_OURS = ("Province", "REGION", "Lat", "LON", "Region_Code", "GEOCODE_STATUS", "Geocode_Note", "Province_Code")


def _quiet_geocode(frame: pd.DataFrame) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


def _columns_written(path: Path) -> list[str]:
    """The column names of a written file, as a GIS or a spreadsheet reads them."""
    if path.suffix == ".csv":
        return list(pd.read_csv(path, nrows=0).columns)
    if path.suffix == ".xlsx":
        return [str(c) for c in pd.read_excel(path, nrows=0).columns]
    if path.suffix == ".geojson":
        return list(json.loads(path.read_text(encoding="utf-8"))["features"][0]["properties"])
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return [c for c in pq.read_schema(path).names if c != "geometry"]
    import pyogrio

    return [str(c) for c in pyogrio.read_info(path, layer=pyogrio.list_layers(path)[0][0])["fields"]]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_headers_ours_but_for_case_are_kept_as_given_in_every_format(tmp_path: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    chosen = [str(h) for h in rng.choice(_OURS, size=int(rng.integers(2, len(_OURS) + 1)), replace=False)]
    if "Lat" in chosen or "LON" in chosen:  # coordinates come in pairs
        chosen = [h for h in chosen if h not in ("Lat", "LON")] + ["Lat", "LON"]
    n = 12
    values = {h: [f"{h[:2]}{i}" for i in range(n)] for h in chosen}
    if "Lat" in chosen:
        values["Lat"] = [str(round(31 + rng.random(), 4)) for _ in range(n)]
        values["LON"] = [str(round(-7 - rng.random(), 4)) for _ in range(n)]
    if "Province" in chosen:
        values["Province"] = list(rng.choice(["Nouaceur", "Settat", "Kenitra", "Berkane"], size=n))
    if "REGION" in chosen:
        values["REGION"] = list(rng.choice(["Casablanca-Settat", "Oriental", "Souss-Massa"], size=n))
    table = pd.DataFrame({"Name": [f"Firm {i}" for i in range(n)], "City": ["Rabat"] * n, **values})
    source = tmp_path / "in.csv"
    table.to_csv(source, index=False, sep=";")
    geo = _quiet_geocode(read_records(source))
    for suffix in (".csv", ".geojson", ".gpkg", ".parquet", ".xlsx"):
        out = write_records(geo, tmp_path / f"out{suffix}")
        columns = _columns_written(out)
        folded = [c.casefold() for c in columns]
        assert len(set(folded)) == len(folded), (suffix, columns)
        for h in chosen:
            assert f"{h} (given)" in columns, (suffix, h, columns)
        for ours in GEOCODE_COLUMNS:
            assert ours in columns or suffix == ".xlsx", (suffix, ours)
    kept = pd.read_csv(tmp_path / "out.csv", dtype=str, keep_default_na=False)
    for h in chosen:
        assert kept[f"{h} (given)"].tolist() == [str(v) for v in values[h]], h


def test_columns_apart_only_by_case_are_refused_by_name_for_a_geopackage(tmp_path: Path) -> None:
    rng = np.random.default_rng(7)
    word = "".join(rng.choice(list("abcdefgh"), size=6))
    frame = pd.DataFrame({"name": ["a", "b"], "city": ["Rabat", "Fes"], word: ["x", "y"], word.upper(): ["1", "2"]})
    geo = _quiet_geocode(frame)
    with pytest.raises(InputError, match="differ only in case") as caught:
        write_records(geo, tmp_path / "out.gpkg")
    assert "disk" not in str(caught.value)
    assert not (tmp_path / "out.gpkg").exists()
    write_records(geo, tmp_path / "out.geojson")  # formats that take both keep both
    assert {word, word.upper()} <= set(_columns_written(tmp_path / "out.geojson"))


def test_a_column_gdal_refuses_is_not_called_a_full_disk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyogrio
    import pyogrio.errors

    def refuse(*args: object, **kwargs: object) -> None:
        raise pyogrio.errors.FieldError("Cannot create field x. A field with the same name already exists.")

    monkeypatch.setattr(pyogrio, "write_dataframe", refuse)
    geo = _quiet_geocode(pd.DataFrame({"name": ["a"], "city": ["Rabat"]}))
    with pytest.raises(InputError, match="a column cannot be written") as caught:
        write_records(geo, tmp_path / "out.gpkg")
    assert "disk" not in str(caught.value) and "Cannot create field x" in str(caught.value)


#: Ways of placing a record and where each lands: (city, address, province cell, true region code).
_WAYS = (
    ("Tangier", "", "", "01"),
    ("Casablanca", "", "", "06"),
    ("Agadir", "", "", "09"),
    ("Tanger Med", "", "", "01"),  # a shipped alias to a province
    ("", "Zone industrielle Sidi Ghanem, Marrakech", "", "07"),  # an address
    ("", "", "Marrakech", "07"),  # the province column
    ("", "", "Nouaceur", "06"),
)


def test_a_stated_region_elsewhere_is_a_conflict_whatever_placed_the_record() -> None:
    from clusteratlas.errors import RegionConflictWarning
    from clusteratlas.geography import admin_table

    regions = admin_table("region").set_index("region_code")["region"]
    rng = np.random.default_rng(11)
    n = 60
    way = rng.integers(len(_WAYS), size=n)
    true = np.array([_WAYS[w][3] for w in way], dtype=object)
    stated = np.where(rng.random(n) < 0.4, rng.choice(["01", "04", "06", "07", "09"], size=n), true)
    frame = pd.DataFrame(
        {
            "name": [f"Firm {i}" for i in range(n)],
            "city": [_WAYS[w][0] for w in way],
            "adresse": [_WAYS[w][1] for w in way],
            "province": [_WAYS[w][2] for w in way],
            "region": regions.reindex(stated).to_numpy(),
        }
    )
    with pytest.warns(RegionConflictWarning) as caught:
        geo = geocode(frame)
    assert geo["region_code"].tolist() == true.tolist()
    expected = stated != true
    assert (geo["geocode_status"] == "conflict").to_numpy().tolist() == expected.tolist()
    said = [str(w.message) for w in caught if issubclass(w.category, RegionConflictWarning)]
    assert len(said) == 1 and said[0].startswith(f"{int(expected.sum())} of {n} records are placed by their")


def test_a_province_the_alias_gave_is_said_to_be_the_alias_s() -> None:
    rng = np.random.default_rng(5)
    n = 20
    address = rng.choice(["Zone Franche Gzenaya", "BP 45", "Gzenaya"], size=n)
    frame = pd.DataFrame({"name": [f"F{i}" for i in range(n)], "city": ["Tanger Med"] * n, "adresse": address})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        geo = geocode(frame)
    notes = " ".join(geo["geocode_note"].astype(str))
    assert "province column" not in notes
    clash = geo["geocode_status"].eq("conflict").to_numpy()
    assert clash.tolist() == [a != "BP 45" for a in address]
    assert all("the alias 'Tanger Med' gives province Fahs-Anjra" in t for t in geo["geocode_note"][clash])
    warned = [str(w.message) for w in caught if "conflict" in str(w.message)]
    assert len(warned) == 1 and "column" not in warned[0].split(":")[0], warned


def test_a_longer_name_nearly_spelt_wins_over_two_shorter_ones_inside_it() -> None:
    rng = np.random.default_rng(3)
    before = ["", "Technopolis, ", "Lot 12, ", "Zone industrielle, "]
    spellings = ["Sala Al Jadida", "Sala al Jadida", "SALA AL JADIDA", "Sala Al-Jadida"]
    n = 40
    address = [str(rng.choice(before)) + str(rng.choice(spellings)) for _ in range(n)]
    geo = _quiet_geocode(pd.DataFrame({"name": [f"F{i}" for i in range(n)], "adresse": address}))
    assert geo["region_code"].tolist() == ["04"] * n, geo.loc[geo["region_code"] != "04", "geocode_note"].tolist()
    assert not geo["geocode_status"].eq("conflict").any()
    assert not geo["geocode_note"].str.contains("El Jadida").any()


def test_a_province_cell_with_its_administrative_word_is_read() -> None:
    from clusteratlas.geography import admin_table

    provinces = admin_table("province")
    rng = np.random.default_rng(9)
    pick = rng.choice(len(provinces), size=50)
    names = provinces["province"].to_numpy(dtype=object)[pick]
    words = rng.choice(["Préfecture", "Province", "PROVINCE", "Prefecture"], size=50)
    cells = [f"{w} {'d’' if str(n)[0] in 'AEIOUÉaeiou' else 'de '}{n}" for w, n in zip(words, names, strict=True)]
    geo = _quiet_geocode(pd.DataFrame({"name": [f"F{i}" for i in range(50)], "province": cells}))
    assert geo["province_code"].tolist() == provinces["province_code"].to_numpy(dtype=object)[pick].tolist()
    districts = pd.DataFrame(
        {
            "name": ["a", "b"],
            "province": ["Préfecture d'arrondissements de Casablanca-Anfa", "Préfecture de Nulle Part"],
        }
    )
    districts["region"] = "Casablanca-Settat"
    geo = _quiet_geocode(districts)
    assert geo["province"].iloc[0] == "Casablanca"
    assert geo["geocode_precision"].iloc[1] == "region"
    assert (
        geo["geocode_note"]
        .iloc[1]
        .startswith("province not recognised: 'Préfecture de Nulle Part'; placed by its region")
    )


def test_points_at_sea_off_the_coast_say_so_and_stay_unplaced() -> None:
    from clusteratlas._towns import OFFSHORE_KM
    from clusteratlas.geography import admin_table, at_sea, locate

    rng = np.random.default_rng(21)
    lon, lat = rng.uniform(-10.5, -5.5, 4000), rng.uniform(28.0, 36.0, 4000)
    outside = pd.isna(locate(lon, lat)[0])
    lon, lat = lon[outside], lat[outside]
    near, km = at_sea(lon, lat, OFFSHORE_KM)
    near_at = np.flatnonzero(pd.notna(near))[:15]
    far_at = np.flatnonzero(pd.isna(near))[:15]
    assert len(near_at) >= 5 and len(far_at) >= 5
    pick = np.concatenate([near_at, far_at])
    frame = pd.DataFrame({"name": [f"P{i}" for i in range(len(pick))], "lat": lat[pick], "lon": lon[pick]})
    geo = _quiet_geocode(frame)
    assert geo["region_code"].isna().all()
    names = admin_table("province").set_index("province_code")["province"]
    for i, at in enumerate(near_at):
        said = f"at sea, {max(km[at], 1.0):.0f} km off {names[near[at]]}; not placed"
        assert geo["geocode_note"].iloc[i].startswith(said), (geo["geocode_note"].iloc[i], said)
    assert geo["geocode_note"].iloc[len(near_at) :].str.startswith("outside Morocco").all()


def _workbook(path: Path, rng: np.random.Generator) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Company", "City", "Employees"])
    for i in range(int(rng.integers(2, 30))):
        sheet.append([f"Firm {i}", str(rng.choice(["Rabat", "Fes", "Agadir"])), int(rng.integers(1, 900))])
    book.save(path)
    return path


@pytest.mark.parametrize("seed", [0, 1])
def test_files_that_are_not_what_their_name_says_are_named_for_what_they_are(tmp_path: Path, seed: int) -> None:
    rng = np.random.default_rng(seed)
    book = _workbook(tmp_path / "firms.xlsx", rng)
    renamed = tmp_path / f"firms.{rng.choice(['csv', 'txt', 'tsv'])}"
    renamed.write_bytes(book.read_bytes())
    with pytest.raises(InputError, match=r"this is an Excel workbook, not a \.\w+ text file: rename it \.xlsx"):
        read_records(renamed)
    old = tmp_path / "firms.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + rng.bytes(int(rng.integers(100, 5000))))
    with pytest.raises(InputError, match=r"Excel 97-2003 workbook \(\.xls\).*save it as \.xlsx \(or CSV\)"):
        read_records(old)
    lock = tmp_path / "~$firms.xlsx"
    lock.write_bytes(rng.bytes(165))
    with pytest.raises(
        InputError, match=r"an Excel lock file.*close the workbook in Excel and give the workbook itself"
    ):
        read_records(lock)
    assert len(read_records(book)) >= 2  # the workbook itself is read


def test_column_lists_in_messages_use_the_file_s_headers(tmp_path: Path) -> None:
    from clusteratlas import shares

    rng = np.random.default_rng(4)
    heads = [
        str(rng.choice(h)) for h in (["Company", "Raison sociale", "Nom"], ["City", "Ville"], ["Sector", "Secteur"])
    ]
    path = tmp_path / "in.csv"
    pd.DataFrame({heads[0]: ["A", "B"], heads[1]: ["Rabat", "Fes"], heads[2]: ["x", "y"]}).to_csv(path, index=False)
    records = read_records(path)
    with pytest.raises(InputError) as weighed:
        shares(records, weight="Effectifs")
    with pytest.raises(InputError) as grouped:
        shares(records, by="Nowhere")
    for caught in (weighed, grouped):
        assert str(caught.value).endswith(f"one of: {', '.join(heads)}."), str(caught.value)


def _register_with_address(seed: int, n: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    streets = [f"{int(rng.integers(1, 400))} rue {w}" for w in rng.choice(["des Oliviers", "Ibn Sina", "Allal"], n)]
    few = rng.choice([f"Lot {i}, zone industrielle" for i in range(29)], size=n)  # repeated free text
    return pd.DataFrame(
        {
            "name": [f"Firm {i}" for i in range(n)],
            "city": rng.choice(["Rabat", "Fes", "Agadir", "Oujda"], size=n),
            "Adresse": np.where(rng.random(n) < 0.5, streets, few),
            "Notes": [f"visit {int(rng.integers(0, 10**6))}" for _ in range(n)],
            "Gamme": rng.choice(["Agro", "Auto", "Textile", "Chimie"], size=n),
        }
    )


def test_free_text_is_no_category_for_the_map_or_the_report() -> None:
    from clusteratlas.aggregate import CATEGORY_ROWS, is_category
    from clusteratlas.interactive._columns import filter_columns
    from clusteratlas.mapspec import map_spec
    from clusteratlas.reporting.sections import category_columns

    rng = np.random.default_rng(8)
    for n in (CATEGORY_ROWS, 120, 2000):
        k = int(rng.integers(n // 2 + 1, n)) if n < 60 else 30
        text = pd.Series([f"text {i % k}" for i in range(n)])
        assert is_category(text) == (2 * text.nunique() <= n), (n, text.nunique())
        assert is_category(pd.Series(rng.choice(["a", "b", "c"], size=n)))
    geo = _quiet_geocode(_register_with_address(2, 500))
    spec = map_spec(geo, data_label="register.csv")
    assert "Gamme" in filter_columns(spec)
    assert "Adresse" not in filter_columns(spec) and "Notes" not in filter_columns(spec)
    tabulated = category_columns(geo)
    assert "Adresse" not in tabulated and "Notes" not in tabulated and "Gamme" in tabulated


def test_records_without_a_name_are_shown_as_the_command_line_calls_them(tmp_path: Path) -> None:
    from clusteratlas.interactive._data import page_data
    from clusteratlas.interactive._page import _unplaced_names
    from clusteratlas.mapspec import map_spec

    rng = np.random.default_rng(12)
    n = 30
    lat, lon = rng.uniform(30, 34, n), rng.uniform(-8, -5, n)
    lat[:4] = 60.0  # abroad: unplaced, listed in the header
    features = [
        {
            "type": "Feature",
            "properties": {"site": f"S{i}", "kind": str(rng.choice(["a", "b"]))},
            "geometry": {"type": "Point", "coordinates": [lon[i], lat[i]]},
        }
        for i in range(n)
    ]
    path = tmp_path / "sites.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(read_records(path))
    spec = map_spec(geo, data_label="sites.geojson")
    assert _unplaced_names(spec) == [f"feature {i}" for i in range(1, 5)]
    data, _ = page_data(spec, [], [])
    names = data["columns"]["name"]
    shown = names["v"] if "v" in names else [names["d"][c] for c in names["c"]]
    assert shown == [f"feature {i}" for i in range(1, n + 1)]

"""Reading records from hostile and awkward files (issue 8, items 5-7).

Every file here is generated in ``tmp_path``: FIFOs, UTF-16, title rows, duplicate headers,
Windows-1252 bytes inside UTF-8, workbooks with two sheets, GeoPackages with two layers.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from clusteratlas import read_records
from clusteratlas._resources import check_input_file, check_not_input
from clusteratlas.errors import ClusterAtlasWarning, InputError
from clusteratlas.records import row_numbers


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- item 5: nothing silently left out ---------------------------------------------------


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_two_sheets_need_a_choice(tmp_path: Path) -> None:
    book = _workbook(
        tmp_path / "book.xlsx",
        {"2019": [["name", "city"], ["A", "Agadir"]], "2024": [["name", "city"], ["B", "Fès"], ["C", "Safi"]]},
    )
    with pytest.raises(InputError, match=r"2 sheets.*'2019', '2024'.*sheet"):
        read_records(book)
    assert read_records(book, sheet="2024")["city"].tolist() == ["Fès", "Safi"]
    assert read_records(book, sheet="2019")["name"].tolist() == ["A"]
    with pytest.raises(InputError, match=r"no sheet 'nope'.*'2019', '2024'"):
        read_records(book, sheet="nope")


def test_empty_extra_sheets_do_not_count(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "book.xlsx", {"Feuil1": [["nom", "ville"], ["A", "Agadir"]], "Feuil2": []})
    assert read_records(book)["city"].tolist() == ["Agadir"]
    with pytest.raises(InputError, match="sheet 'Feuil2' is empty"):
        read_records(book, sheet="Feuil2")


def test_sheet_or_layer_on_the_wrong_kind_of_file(tmp_path: Path) -> None:
    csv = write(tmp_path / "a.csv", "name,city\nA,Agadir\n")
    with pytest.raises(InputError, match="sheet"):
        read_records(csv, sheet="x")
    with pytest.raises(InputError, match="layer"):
        read_records(csv, layer="x")


def _two_layers(path: Path) -> Path:
    import geopandas as gpd
    from shapely.geometry import Point

    a = gpd.GeoDataFrame({"name": ["A"]}, geometry=[Point(-7.6, 33.6)], crs="EPSG:4326")
    b = gpd.GeoDataFrame({"name": ["B", "C"]}, geometry=[Point(-9.6, 30.4), Point(-5.0, 34.0)], crs="EPSG:4326")
    a.to_file(path, layer="early", driver="GPKG")
    b.to_file(path, layer="late", driver="GPKG")
    return path


def test_two_layers_need_a_choice(tmp_path: Path) -> None:
    gpkg = _two_layers(tmp_path / "two.gpkg")
    with pytest.raises(InputError, match=r"2 layers.*'early', 'late'.*layer"):
        read_records(gpkg)
    assert read_records(gpkg, layer="late")["name"].tolist() == ["B", "C"]
    with pytest.raises(InputError, match=r"no layer 'nope'.*'early', 'late'"):
        read_records(gpkg, layer="nope")


@pytest.mark.parametrize(
    "header",
    ["name,city,sector,city", "name,ville,city", "name,City ,Ville", "nom,lat,lon,latitude"],
)
def test_duplicate_location_columns(tmp_path: Path, header: str) -> None:
    n = header.count(",") + 1
    path = write(tmp_path / "dup.csv", f"{header}\n" + ",".join(["x"] * n) + "\n")
    with pytest.raises(InputError, match=r"columns .* both mean"):
        read_records(path)


def test_duplicate_location_columns_in_a_workbook(tmp_path: Path) -> None:
    book = _workbook(tmp_path / "dup.xlsx", {"S": [["name", "city", "city"], ["A", "Agadir", "Safi"]]})
    with pytest.raises(InputError, match=r"'city'.*'city'.*both mean"):
        read_records(book)


def test_no_location_column(tmp_path: Path) -> None:
    path = write(tmp_path / "foo.csv", "foo,bar\n1,2\n3,4\n")
    with pytest.raises(InputError, match=r"no location column.*'foo', 'bar'.*ville.*latitude.*province.*region"):
        read_records(path)


def test_title_rows_above_the_header(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = "Clusters industriels du Maroc;;\nSource : MICEPP, 2019;;\n;;\nnom;ville;année\nA;Fès;2014\nB;Safi;20150\n"
    path = write(tmp_path / "titled.csv", text)
    with pytest.raises(InputError, match=r"row 6 \('20150'\)"):
        read_records(path)
    path = write(tmp_path / "titled.csv", text.replace("20150", "2015"))
    with caplog.at_level("INFO", logger="clusteratlas"):
        frame = read_records(path)
    assert "header is on line 4" in caplog.text
    assert frame["city"].tolist() == ["Fès", "Safi"]
    assert row_numbers(frame, np.arange(2)).tolist() == [5, 6]


def test_title_rows_in_a_workbook(tmp_path: Path) -> None:
    rows: list[list[object]] = [["Clusters 2019"], [], ["nom", "ville", "année"], ["A", "Fès", 2014], []]
    rows.append(["B", "Safi", 1800])
    book = _workbook(tmp_path / "titled.xlsx", {"S": rows})
    with pytest.raises(InputError, match=r"row 6 \('1800'\)"):
        read_records(book)


def test_title_with_commas_above_a_semicolon_header(tmp_path: Path) -> None:
    text = "Clusters, Maroc, 2019, MICEPP, liste\nnom;ville\nA;Fès\nB;Safi\n"
    assert read_records(write(tmp_path / "t.csv", text))["city"].tolist() == ["Fès", "Safi"]


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_title_rows_with_any_line_end(tmp_path: Path, end: str) -> None:
    text = end.join(["Liste des clusters", "", "nom;ville", "A;Fès", "B;Salé", ""])
    assert read_records(write(tmp_path / "t.csv", text))["city"].tolist() == ["Fès", "Salé"]


def test_data_rows_are_never_taken_for_titles(tmp_path: Path) -> None:
    text = "name,kind,size\nA,region,3\nB,city,4\n"
    with pytest.raises(InputError, match=r"header seems to be on line 2, but line 1 above it holds 3 cells"):
        read_records(write(tmp_path / "kinds.csv", text))


def test_header_too_far_down_is_pointed_at(tmp_path: Path) -> None:
    text = "".join(f"note {i}\n" for i in range(14)) + "name,city\nA,Agadir\n"
    with pytest.raises(InputError, match=r"header seems to be on line 15"):
        read_records(write(tmp_path / "deep.csv", text))


# --- item 6: input as it really comes -----------------------------------------------------

TEXT = "nom;ville;année\nA;Fès;2014\nB;Tétouan;2011\nC;الدار البيضاء;2016\n"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_utf16_and_other_boms(tmp_path: Path, encoding: str) -> None:
    bom = {"utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff"}.get(encoding, b"")
    path = tmp_path / "u.csv"
    path.write_bytes(bom + TEXT.encode(encoding))
    frame = read_records(path)
    assert frame["city"].tolist() == ["Fès", "Tétouan", "الدار البيضاء"]


def test_utf16_without_bom(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_bytes(TEXT.encode("utf-16-le"))
    assert read_records(path)["city"].tolist() == ["Fès", "Tétouan", "الدار البيضاء"]


def test_binary_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "bin.csv"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError, match="binary"):
        read_records(path)


def test_a_few_cp1252_bytes_keep_utf8_intact(tmp_path: Path) -> None:
    raw = TEXT.encode("utf-8") + "D;Salé;2017\n".encode("cp1252") + "E;Kénitra;2018\n".encode()
    path = tmp_path / "mixed.csv"
    path.write_bytes(raw)
    with pytest.warns(ClusterAtlasWarning, match=r"row 5\b.*Windows-1252") as caught:
        frame = read_records(path)
    assert frame["city"].tolist() == ["Fès", "Tétouan", "الدار البيضاء", "Salé", "Kénitra"]
    assert "row 6" not in str(caught[0].message) and "row 2" not in str(caught[0].message)


def test_mixed_lines_found_across_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import clusteratlas.records.encoding as records_module

    monkeypatch.setattr(records_module, "_CHUNK", 40)  # many small blocks
    rng = np.random.default_rng(8)
    cities = ["Fès", "Salé", "Tétouan", "Kénitra", "Agadir"]
    rows = [(f"r{i}", cities[int(rng.integers(0, 5))], bool(rng.random() < 0.3)) for i in range(300)]
    raw = b"name,city\n" + b"".join(f"{n},{c}\n".encode("cp1252" if bad else "utf-8") for n, c, bad in rows)
    path = tmp_path / "blocks.csv"
    path.write_bytes(raw)
    expected = [i + 2 for i, (_, c, bad) in enumerate(rows) if bad and c != "Agadir"]
    with pytest.warns(ClusterAtlasWarning) as caught:
        frame = read_records(path)
    assert frame["city"].tolist() == [c for _, c, _ in rows]
    shown = re.search(r"rows ([\d, ]+)", str(caught[0].message))
    assert shown is not None and [int(x) for x in shown.group(1).split(", ")] == expected[:10]
    assert f"and {len(expected) - 10} more" in str(caught[0].message)


def test_mixed_cell_keeps_its_utf8_part(tmp_path: Path) -> None:
    raw = "name;city;sector\nA;Fès;".encode() + "Agro-alimentaire Méknès".encode("cp1252") + b"\n"
    path = tmp_path / "mixed.csv"
    path.write_bytes(raw)
    with pytest.warns(ClusterAtlasWarning):
        frame = read_records(path)
    assert frame.loc[0, "city"] == "Fès" and frame.loc[0, "sector"] == "Agro-alimentaire Méknès"


def test_whole_cp1252_file_needs_no_warning(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(TEXT.replace("الدار البيضاء", "Salé").encode("cp1252"))
    assert read_records(path)["city"].tolist() == ["Fès", "Tétouan", "Salé"]


@pytest.mark.parametrize("year", ["20150", "-2015", "1899", "2101", "0"])
def test_years_outside_1900_2100_are_errors(tmp_path: Path, year: str) -> None:
    path = write(tmp_path / "y.csv", f"name,city,year\nA,Agadir,2014\nB,Safi,{year}\n")
    with pytest.raises(InputError, match=rf"column 'year': row 3 \('{year}'\).*1900"):
        read_records(path)


def test_years_at_the_bounds_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path / "y.csv", "name,city,year\nA,Agadir,1900\nB,Safi,2100\nC,Fès,\n")
    assert read_records(path)["year"].tolist()[:2] == [1900, 2100]


def _in_thread(func: Callable[[], object], timeout: float = 10.0) -> BaseException | None:
    box: list[BaseException | None] = [None]

    def target() -> None:
        try:
            func()
        except BaseException as err:  # handed back to the test
            box[0] = err

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(timeout)
    assert not thread.is_alive(), "reading hung"
    return box[0]


def test_fifo_is_named_and_never_hangs(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    err = _in_thread(lambda: read_records(fifo))
    assert isinstance(err, InputError) and "named pipe" in str(err)


def test_non_regular_files_say_what_they_are(tmp_path: Path) -> None:
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    loop_a, loop_b = tmp_path / "a.csv", tmp_path / "b.csv"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    dangling = tmp_path / "gone.csv"
    dangling.symlink_to(tmp_path / "nowhere.csv")
    cases = {folder: "folder", Path("/dev/urandom"): "character device", loop_a: "symbolic link loop"}
    cases[dangling] = "broken symbolic link"
    cases[tmp_path / "missing.csv"] = "no such file"
    for path, what in cases.items():
        err = _in_thread(lambda p=path: read_records(p))  # type: ignore[misc]
        assert isinstance(err, InputError) and what in str(err), (path, err)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.csv", "name,city\nA,Agadir\n")

    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(InputError, match="permission denied"):
        check_input_file(path)
    with pytest.raises(InputError, match="permission denied"):
        read_records(path)


def test_unclosed_quote_names_the_line_it_opens(tmp_path: Path) -> None:
    text = 'name,city\n"A, with\ntwo lines",Agadir\n\nB,"Safi\nC,Fès\nD,Rabat\n'
    with pytest.raises(InputError, match=r"line 5.*never closed"):
        read_records(write(tmp_path / "q.csv", text))


def test_row_numbers_are_editor_lines(tmp_path: Path) -> None:
    text = 'name,city,lat,lon\n"A\nsecond line",Agadir,,\n\n   \nB,Safi,,\nC,Fès,95,1\n'
    with pytest.raises(InputError, match=r"row 7 \('95'\)"):
        read_records(write(tmp_path / "lines.csv", text))
    frame = read_records(write(tmp_path / "lines.csv", text.replace(",95,1", ",,")))
    assert row_numbers(frame, np.arange(3)).tolist() == [2, 6, 7]


def test_row_numbers_on_generated_files(tmp_path: Path) -> None:
    """Title rows, blank and whitespace lines, quoted cells over several lines with "" inside."""
    rng = np.random.default_rng(2026)
    path = tmp_path / "gen.csv"
    for _ in range(60):
        lines = [str(rng.choice(["Titre", "", ";;", "Source: x;"])) for _ in range(int(rng.integers(0, 4)))]
        lines.append("name;city;note")
        truth = []
        for i in range(int(rng.integers(1, 40))):
            lines += [str(rng.choice(["", "   ", "\t"])) for _ in range(int(rng.choice([0, 0, 0, 1, 2])))]
            truth.append(sum(e.count("\n") + 1 for e in lines) + 1)
            k = int(rng.choice([0, 0, 1, 2]))
            note = '"say ""hi""' + "\nmore" * k + '"' if k else str(rng.choice(["n", '"q;x"', ""]))
            lines.append(f"r{i};Fès;{note}")
        path.write_text("\n".join(lines) + str(rng.choice(["\n", ""])), encoding="utf-8")
        frame = read_records(path)
        assert frame["name"].tolist() == [f"r{i}" for i in range(len(truth))]
        assert row_numbers(frame, np.arange(len(frame))).tolist() == truth


def test_too_many_fields_names_the_editor_line(tmp_path: Path) -> None:
    text = 'name,city\n"A\nB",Agadir\n\nC,Safi,extra\n'
    with pytest.raises(InputError, match=r"row 5 has 3 cells"):
        read_records(write(tmp_path / "wide.csv", text))


def test_plain_files_keep_the_simple_offset(tmp_path: Path) -> None:
    frame = read_records(write(tmp_path / "a.csv", "name,city\nA,Agadir\nB,Safi\n"))
    assert frame.attrs["row_offset"] == 2 and not frame.attrs.get("row_jumps")
    assert row_numbers(frame, np.array([0, 1])).tolist() == [2, 3]


# --- item 7: outputs never replace inputs -------------------------------------------------


def test_output_that_is_an_input(tmp_path: Path) -> None:
    data = write(tmp_path / "data.csv", "name,city\nA,Agadir\n")
    link = tmp_path / "link.csv"
    link.symlink_to(data)
    hard = tmp_path / "hard.csv"
    os.link(data, hard)
    for out in (data, tmp_path / "sub" / ".." / "data.csv", link, hard):
        with pytest.raises(InputError, match=r"is the input file .*data\.csv"):
            check_not_input([out], [None, data])
    check_not_input([tmp_path / "other.csv", tmp_path / "new" / "data.csv"], [data, None])


def test_symlinked_output_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    data = write(real / "geocoded.csv", "name,city\nA,Agadir\n")
    (tmp_path / "alias").symlink_to(real)
    with pytest.raises(InputError, match="is the input file"):
        check_not_input([tmp_path / "alias" / "geocoded.csv"], [data])


def test_read_records_is_unchanged_for_the_shipped_data(clusters_csv: Path) -> None:
    frame = read_records(clusters_csv)
    assert len(frame) == 17 and frame.attrs["row_offset"] == 2
    assert isinstance(frame, pd.DataFrame)


# --- round 3: a new user's files -----------------------------------------------------------


def _rows(frame: pd.DataFrame) -> list[list[str]]:
    return frame.astype(object).where(frame.notna(), "").astype(str).to_numpy().tolist()


def _write_csv(path: Path, header: list[str], rows: list[list[str]], sep: str, end: str, quoting: int) -> Path:
    import csv
    import io

    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=sep, lineterminator=end, quoting=quoting)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    return path


@pytest.mark.parametrize("sep", [",", ";", "\t"])
@pytest.mark.parametrize("end", ["\n", "\r\n"])
@pytest.mark.parametrize("quoting", [0, 1])  # csv.QUOTE_MINIMAL, csv.QUOTE_ALL
def test_a_separator_ending_every_row_is_dropped(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, sep: str, end: str, quoting: int
) -> None:
    """Generated records (gazetteer places, hostile names, quoted newlines) read the same with trailing separators."""
    from .randomdata import random_records

    for seed, n in ((1, 5), (2, 300)):
        table = random_records(seed, n).drop(columns=["lat", "lon"])
        header, rows = list(table.columns), _rows(table)
        plain = read_records(_write_csv(tmp_path / "plain.csv", header, rows, sep, end, quoting))
        rng = np.random.default_rng(seed)
        # every row ending with one or two separators; then only some rows (not the first), 0 to 3 each
        for extras in ([1] * n, [2] * n, [0, *rng.integers(0, 4, n - 1).tolist()]):
            trailing = [r + [""] * int(k) for r, k in zip(rows, extras, strict=True)]
            path = _write_csv(tmp_path / "trail.csv", header, trailing, sep, end, quoting)
            with caplog.at_level("INFO", logger="clusteratlas"):
                frame = read_records(path)
            pd.testing.assert_frame_equal(frame, plain)
            assert list(frame.columns) == list(plain.columns)
            assert row_numbers(frame, np.arange(n)).tolist() == row_numbers(plain, np.arange(n)).tolist()
            assert "rows end with a separator" in caplog.text
            caplog.clear()


def test_the_new_users_trailing_file(tmp_path: Path) -> None:
    frame = read_records(write(tmp_path / "t.csv", "nom;ville;secteur\nA;Casablanca;Textile;\nB;Rabat;IT;\n"))
    assert frame["name"].tolist() == ["A", "B"] and frame["city"].tolist() == ["Casablanca", "Rabat"]
    assert frame["sector"].tolist() == ["Textile", "IT"] and list(frame.columns) == ["name", "city", "sector"]


@pytest.mark.parametrize("sep", [",", ";"])
@pytest.mark.parametrize("end", ["\n", "\r\n"])
def test_a_filled_extra_cell_names_its_row(tmp_path: Path, sep: str, end: str) -> None:
    rows = [f"N{i}{sep}Rabat{sep}" for i in range(6)] + [f'"X{sep}y"{sep}Fès{sep}"oops, here"', f"Z{sep}Safi{sep}more"]
    path = tmp_path / "x.csv"
    path.write_bytes(end.join([f"name{sep}city", *rows, ""]).encode())
    with pytest.raises(InputError) as info:
        read_records(path)
    text = str(info.value)
    assert re.search(r"row 8 has 3 cells but the header names 2 \(separator '.'\)", text), text
    assert "'oops, here'" in text and "1 other rows have extra cells too" in text
    assert "name the extra column in the header" in text
    path.write_bytes(end.join(["name,city", "A,Casablanca,extra", "B,Rabat,"]).encode())
    with pytest.raises(InputError, match=r"row 2 has 3 cells .* 'extra' belongs to no column"):
        read_records(path)
    # the first rows as wide as the header, a later one wider and filled (the new user's extracell2.csv)
    path.write_bytes(end.join(["name,city", "A,Casablanca", "B,Rabat,", "C,Fès,,x", "D,Safi"]).encode())
    with pytest.raises(InputError, match=r"row 4 has 4 cells but the header names 2 .* 'x' belongs to no column"):
        read_records(path)


def test_extra_cells_when_streamed(tmp_path: Path) -> None:
    from clusteratlas.stream import read_chunks

    path = write(tmp_path / "s.csv", "name;city\n" + "".join(f"N{i};Rabat;\n" for i in range(7)))
    frames = list(read_chunks(path, chunksize=3))
    assert pd.concat(frames)["name"].tolist() == [f"N{i}" for i in range(7)]
    assert all(list(f.columns) == ["name", "city"] for f in frames)
    write(path, "name;city\n" + "".join(f"N{i};Rabat;\n" for i in range(7)) + "X;Fès;oops\n")
    with pytest.raises(InputError, match=r"record 8 has 3 cells .* 'oops'"):
        list(read_chunks(path, chunksize=3))


def test_every_bad_year_in_one_message_in_row_order(tmp_path: Path) -> None:
    text = "name,city,year\nA,Casablanca,2015\nB,Rabat,20150\nC,Fes,abc\n"
    with pytest.raises(InputError) as info:
        read_records(write(tmp_path / "y.csv", text))
    assert "row 3 ('20150': outside 1900–2100), row 4 ('abc': not a year)" in str(info.value)
    years = ["1999", "x", "3000", "2001.5", "1800", "y", "2014"]
    with pytest.raises(InputError) as info:
        read_records(write(tmp_path / "y.csv", "name,city,year\n" + "".join(f"r,Rabat,{y}\n" for y in years)))
    assert "row 3 ('x': not a year), row 4 ('3000': outside 1900–2100), row 5 ('2001.5': not a year) and 2 more" in str(
        info.value
    )
    with pytest.raises(InputError, match=r"row 3 \('20150'\): outside 1900–2100; write"):
        read_records(write(tmp_path / "y.csv", "name,city,year\nA,Rabat,2015\nB,Rabat,20150\n"))


def test_every_bad_coordinate_in_one_message(tmp_path: Path) -> None:
    text = "name,lat,lon\nA,95,-7\nB,abc,-7\nC,33,-7\n"
    with pytest.raises(InputError) as info:
        read_records(write(tmp_path / "c.csv", text))
    assert "row 2 ('95': outside ±90°), row 3 ('abc': not a number)" in str(info.value)
    assert "swapped" in str(info.value)


@pytest.mark.parametrize(
    "header",
    [
        "Nom de la zone",
        "Raison sociale",
        "Dénomination",
        "DENOMINATION",
        "Nom de l'entreprise",
        "Entreprise",
        "Company",
        "Company name",
        "Firm",
        "Organisation",
        "Cluster",
    ],
)
def test_name_columns_of_real_exports(tmp_path: Path, header: str) -> None:
    frame = read_records(write(tmp_path / "n.csv", f"{header};Ville\nZI Sapino;Nouaceur\n"))
    assert frame["name"].tolist() == ["ZI Sapino"]
    assert frame.attrs["headers"]["name"] == header


def test_a_name_column_wins_over_the_fallbacks(tmp_path: Path) -> None:
    frame = read_records(write(tmp_path / "n.csv", "Entreprise;Nom;Company;Ville\nE;N;C;Rabat\n"))
    assert frame["name"].tolist() == ["N"] and frame["Entreprise"].tolist() == ["E"]
    frame = read_records(write(tmp_path / "n.csv", "Company;Raison sociale;Ville\nC;R;Rabat\n"))
    assert frame["name"].tolist() == ["R"] and frame["Company"].tolist() == ["C"]


def test_name_column_chooses(tmp_path: Path) -> None:
    path = write(tmp_path / "n.csv", "N° RC;Nom;Cluster;Ville\nRC1;N;C;Rabat\n")
    with pytest.raises(InputError, match="both mean 'name'"):
        read_records(path)
    frame = read_records(path, name_column="n° rc")
    assert frame["name"].tolist() == ["RC1"] and frame["Nom"].tolist() == ["N"] and frame["Cluster"].tolist() == ["C"]
    assert frame.attrs["headers"]["name"] == "N° RC"
    with pytest.raises(InputError, match=r"no column 'Raison' \(`name_column`\); the columns are 'N° RC', 'Nom'"):
        read_records(path, name_column="Raison")


def test_no_name_column_is_said_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The command line stops the package's logger from propagating (it prints its own lines),
    # so after a CLI test in the same process caplog listens on the package's logger itself.
    logger = logging.getLogger("clusteratlas")
    monkeypatch.setattr(logger, "propagate", False)
    logger.addHandler(caplog.handler)
    try:
        with caplog.at_level("WARNING", logger="clusteratlas"):
            frame = read_records(write(tmp_path / "n.csv", "ville;secteur\nRabat;IT\nFès;Agri\n"))
    finally:
        logger.removeHandler(caplog.handler)
    assert "name" not in frame and len(frame) == 2
    warned = [r.getMessage() for r in caplog.records if "no column names the records" in r.getMessage()]
    assert len(warned) == 1 and "'ville', 'secteur'" in warned[0] and "`name_column`" in warned[0]

"""The fourth round of issue 21: leftovers of the third, each as a rule that can fail.

Repeated column names numbered as pandas numbers them (one function for every reader);
``reproduce``'s staged files moved in all or none, whatever rename fails or signal comes;
its summary on a closed or failing stdout; the Dask engine refusing what the memory engine
refuses; a read-only output folder and a read-only HOME for every command.
"""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas import InputError, OutputError, Terminated, read_records
from clusteratlas import _resources as resources
from clusteratlas._resources import staged_folder
from clusteratlas.records import check_whole_text, unique_names
from tests.test_faults_scenarios import EARLIER, _one_error, _read_only_setup, _run, _unprivileged

# --------------------------------------------------------------------------- repeated names, as pandas


def _pandas_names(names: list[str]) -> list[str]:
    """The column names ``pandas.read_csv`` gives a header of ``names``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(names)
    writer.writerow(["1"] * len(names))
    return [str(c) for c in pd.read_csv(io.StringIO(buf.getvalue())).columns]


def test_repeated_names_are_numbered_as_pandas_numbers_them() -> None:
    assert unique_names(["x", "x.1", "x"]) == ["x", "x.1", "x.2"]  # was x, x.1, x.1
    rng = random.Random(2104)
    pool = ["x", "x.1", "x.2", "x.1.1", "", "Unnamed: 0", "Unnamed: 1", "Unnamed: 0.1", "y", "y.1", "é"]
    for _ in range(2000):
        names = [rng.choice(pool) for _ in range(rng.randint(1, 10))]
        got = unique_names(names)
        assert got == _pandas_names(names), names
        assert len(set(got)) == len(got)


def test_ten_thousand_identical_names_are_numbered_fast() -> None:
    got = unique_names(["x"] * 10_000)
    assert got[:3] == ["x", "x.1", "x.2"] and got[-1] == "x.9999"


def test_a_parquet_names_its_repeats_as_a_csv_does(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    names = ["nom", "ville", "x", "x.1", "x"]
    pq.write_table(
        pa.Table.from_arrays([pa.array(["A"]), pa.array(["Rabat"])] + [pa.array(["1"])] * 3, names),
        tmp_path / "in.parquet",
    )
    (tmp_path / "in.csv").write_text(",".join(names) + "\nA,Rabat,1,1,1\n", encoding="utf-8")
    parquet = list(read_records(tmp_path / "in.parquet").columns)
    assert parquet == list(read_records(tmp_path / "in.csv").columns)
    assert parquet[2:5] == ["x", "x.1", "x.2"]


# --------------------------------------------------------------------------- staged moves, all or none


def _earlier(out: Path) -> dict[str, bytes]:
    out.mkdir()
    (out / "sub").mkdir()
    files = {"a.csv": b"old a", "b.csv": b"old b", "sub/c.csv": b"old c", "keep.txt": b"not ours"}
    for name, data in files.items():
        (out / name).write_bytes(data)
    return files


def _stage(stage: Path) -> None:
    for name in ("a.csv", "b.csv", "sub/c.csv", "new/d.csv", "e.csv"):
        (stage / name).parent.mkdir(parents=True, exist_ok=True)
        (stage / name).write_bytes(b"new " + name.encode())


def _contents(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def test_a_failed_rename_at_any_point_leaves_the_earlier_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    renames = 3 + 5  # three earlier files renamed aside, five new ones moved in
    real = resources._rename
    for k in range(1, renames + 1):
        out = tmp_path / f"out{k}"
        earlier = _earlier(out)
        calls = iter(range(1, 100))

        def failing(src: Path, dest: Path, k: int = k, calls: Iterator[int] = calls) -> None:
            if next(calls) == k:
                raise OSError(28, "No space left on device")
            real(src, dest)

        monkeypatch.setattr(resources, "_rename", failing)
        with pytest.raises(OutputError), staged_folder(out) as stage:
            _stage(stage)
        assert _contents(out) == earlier, k  # the old set whole: nothing new, nothing lost
        assert sorted(p.name for p in out.iterdir()) == ["a.csv", "b.csv", "keep.txt", "sub"], k


def test_a_sigterm_during_the_renames_is_held_until_every_file_is_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def terminate(signum: int, frame: object) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminate)
    real = resources._rename
    try:
        for k in (1, 4, 8):
            out = tmp_path / f"out{k}"
            _earlier(out)
            calls = iter(range(1, 100))

            def signalling(src: Path, dest: Path, k: int = k, calls: Iterator[int] = calls) -> None:
                if next(calls) == k:
                    os.kill(os.getpid(), signal.SIGTERM)
                real(src, dest)

            monkeypatch.setattr(resources, "_rename", signalling)
            with pytest.raises(Terminated), staged_folder(out) as stage:
                _stage(stage)
            got = _contents(out)  # the signal came after the moves: the new set whole
            assert {k: v for k, v in got.items() if k != "keep.txt"} == {
                name: b"new " + name.encode() for name in ("a.csv", "b.csv", "sub/c.csv", "new/d.csv", "e.csv")
            }
            assert not list(out.rglob(".*"))
    finally:
        signal.signal(signal.SIGTERM, previous)


def test_a_failed_commit_into_a_fresh_folder_leaves_no_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = resources._rename
    calls = iter(range(1, 100))

    def failing(src: Path, dest: Path) -> None:
        if next(calls) == 3:
            raise OSError(13, "Permission denied")
        real(src, dest)

    monkeypatch.setattr(resources, "_rename", failing)
    with pytest.raises(OutputError, match=r"Permission denied|permission"), staged_folder(tmp_path / "fresh") as stage:
        _stage(stage)
    assert not (tmp_path / "fresh").exists()


# --------------------------------------------------------------------------- reproduce's summary


def test_reproduce_with_stdout_closed_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "maps"
    done = _run(["reproduce", "--out", str(out)], preexec=lambda: os.close(1))
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr, "stdout is closed", "nothing was written")
    assert not out.exists()


@pytest.mark.slow
def test_reproduce_with_a_failing_stdout_says_its_files_are_complete(tmp_path: Path) -> None:
    out = tmp_path / "maps"
    with Path("/dev/full").open("w") as full:
        done = _run(["reproduce", "--out", str(out)], stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr, "complete", "reproduction.md", "No space left")
    assert (out / "reproduction.md").read_text(encoding="utf-8").strip()
    assert not list(out.rglob(".*"))


# --------------------------------------------------------------------------- the Dask engine refuses as memory does


_ROWS = "nom;ville;secteur\n" + "Alpha;Casablanca;Textile\nBeta;Fès;Chimie\n" * 3000
DASK_CASES = {
    "nul-late": ((_ROWS + "Z").encode() + b"\x00;Rabat;x\n", "line 6002 holds a NUL byte"),
    "nul-last-byte": (_ROWS.encode() + b"\x00", "line 6002 holds a NUL byte"),
    "binary": (bytes(range(256)) * 64, "NUL"),
    "mixed-encodings": ("nom;ville\nA;Fès\n".encode() + "B;Salé\n".encode("cp1252"), "line 3 holds bytes"),
    "bom-and-blanks": (b"\xef\xbb\xbf \r\n\r\n  \n", "the file is empty"),
    "million-separators": (b"nom;ville\n" + b";" * 1_000_000 + b"\nA;Rabat\n", "2 has 1"),
}


@pytest.mark.parametrize("name", sorted(DASK_CASES))
def test_the_dask_engine_refuses_in_one_line(tmp_path: Path, name: str) -> None:
    data, words = DASK_CASES[name]
    path = tmp_path / "in.csv"
    path.write_bytes(data)
    for engine in ("dask", "memory"):
        done = _run(["geocode", str(path), "-o", str(tmp_path / f"{engine}.csv"), "--engine", engine])
        if engine == "memory" and name == "mixed-encodings":  # read with a warning in memory (lines as cp1252)
            assert done.returncode == 0, done.stderr
            continue
        assert done.returncode == 2, (engine, done.stderr)
        _one_error(done.stderr, words, str(path))
        assert not (tmp_path / f"{engine}.csv").exists()


def test_the_whole_text_check_names_the_line_in_every_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clusteratlas.records import encoding

    monkeypatch.setattr(encoding, "_SCAN", 7)  # blocks that cut lines and characters
    path = tmp_path / "in.csv"
    path.write_bytes("nom;ville\nA;Fès\nB;Salé\n".encode() + b"C\x00;x\n")
    with pytest.raises(InputError, match="line 4 holds a NUL byte"):
        check_whole_text([path], "utf-8", "`engine` dask")
    path.write_bytes("nom;ville\nA;Fès\nB;Salé\n".encode() + "C;Salé\n".encode("cp1252"))
    with pytest.raises(InputError, match="line 4 holds bytes that are not utf-8"):
        check_whole_text([path], "utf-8", "`engine` dask")
    path.write_bytes("nom;ville\nA;Fès\n".encode("utf-16"))
    check_whole_text([path], "utf-16", "`engine` dask")  # NUL bytes of UTF-16 are not NUL characters
    path.write_bytes("nom;ville\nA\x00;Fès\n".encode("utf-16"))
    with pytest.raises(InputError, match="line 2 holds a NUL"):
        check_whole_text([path], "utf-16", "`engine` dask")


def test_a_huge_field_is_read_whole_by_the_dask_engine(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("nom;ville;secteur\n" + "A" * 2_000_000 + ";Rabat;x\nB;Fès;y\n", encoding="utf-8")
    done = _run(["geocode", str(path), "-o", str(tmp_path / "out.csv"), "--engine", "dask"])
    assert done.returncode == 0, done.stderr
    out = pd.read_csv(tmp_path / "out.csv", dtype=str)
    assert len(out) == 2 and len(out["nom"].iloc[0]) == 2_000_000


# --------------------------------------------------------------------------- read-only folders and HOME, every command

COMMANDS = {
    "geocode": (["geocode", "{data}", "-o", "{out}/out.csv"], "out.csv"),
    "geocode-gpkg": (["geocode", "{data}", "-o", "{out}/g.gpkg"], "g.gpkg"),
    "shares": (["shares", "{data}", "--by", "region", "-o", "{out}/s.csv"], "s.csv"),
    "figure": (["figure", "{data}", "--kind", "points", "-o", "{out}/f.png"], "f.png"),
    "map": (["map", "{data}", "-o", "{out}/m.html"], "m.html"),
    "report": (["report", "{data}", "-o", "{out}/r.md"], "r.md"),
    "reproduce": (["reproduce", "--data", "{data}", "--out", "{out}/study"], "study"),
}


def _args(template: list[str], data: Path, out: Path) -> list[str]:
    return [a.format(data=data, out=out) for a in template]


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_in_a_read_only_folder_is_one_clear_error(tmp_path: Path, command: str) -> None:
    data, out, home = _read_only_setup(tmp_path)
    template, _ = COMMANDS[command]
    done = _run(_args(template, data, out), preexec=_unprivileged, home=home)
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr, str(out), "ermission denied")  # the file it could not write (or r.md's map)
    assert sorted(p.name for p in out.iterdir()) == ["out.csv"]
    assert (out / "out.csv").read_bytes() == EARLIER


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_runs_with_a_read_only_home(tmp_path: Path, command: str) -> None:
    data, _, home = _read_only_setup(tmp_path)
    writable = tmp_path / "w"
    writable.mkdir()
    template, name = COMMANDS[command]
    done = _run(_args(template, data, writable), preexec=_unprivileged, home=home)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (writable / name).exists()
    assert sorted(p.name for p in home.iterdir()) == []  # nothing cached into a HOME it can't write


# --------------------------------------------------------------------------- the fourth generation's defects, as rules


def _separators(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "in.csv"
    path.write_text("nom;ville\n" + ";" * n + "\nA;Rabat\n", encoding="utf-8")
    return path


def test_a_first_record_of_a_million_cells_is_refused_at_once(tmp_path: Path) -> None:
    import time

    from clusteratlas.stream import read_chunks

    path = _separators(tmp_path, 1_000_000)
    start = time.monotonic()
    with pytest.raises(InputError, match=r"row 2 has 1000001 fields"):
        read_records(path)
    with pytest.raises(InputError, match=r"line 2 has 1,000,001 cells.*1,000 columns"):
        list(read_chunks(path, chunksize=10))
    assert time.monotonic() - start < 20  # was minutes: pandas made the cells an index of a million levels


def test_a_first_record_a_little_wider_than_its_header_reads_as_before(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text("nom;ville\nA;Rabat" + ";" * 900 + "\nB;Fès\n", encoding="utf-8")  # empty cells: dropped
    assert read_records(path)[["name", "city"]].to_numpy().tolist() == [["A", "Rabat"], ["B", "Fès"]]
    path.write_text("nom;ville\nA;Rabat;x\nB;Fès\n", encoding="utf-8")  # a filled cell beyond the header
    with pytest.raises(InputError, match="row 2 has 3 cells but the header names 2"):
        read_records(path)


def test_a_geojson_property_named_like_the_shapes_is_refused_not_lost(tmp_path: Path) -> None:
    import json

    path = tmp_path / "in.geojson"
    feature = {"type": "Feature", "properties": {"nom": "A", "geometry": "kept?"}, "geometry": None}
    feature["geometry"] = {"type": "Point", "coordinates": [-6.8, 34.0]}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")
    with pytest.raises(InputError, match="property named 'geometry'"):
        read_records(path)


def test_our_own_column_names_in_a_file_are_kept_as_given(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from clusteratlas import geocode
    from clusteratlas.geocode import user_headers
    from clusteratlas.schema import GEOCODE_COLUMNS

    theirs = {"region_code": "99", "province_code": "x", "geocode_status": "forged", "geocode_score": "-1"}
    csv_path = tmp_path / "in.csv"
    csv_path.write_text("nom;ville;" + ";".join(theirs) + "\nA;Rabat;" + ";".join(theirs.values()) + "\n")
    pq.write_table(
        pa.table({"nom": ["A"], "ville": ["Rabat"], **{k: [v] for k, v in theirs.items()}}), tmp_path / "in.parquet"
    )
    for path in (csv_path, tmp_path / "in.parquet"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = user_headers(geocode(read_records(path)))
        for column, value in theirs.items():
            assert out[f"{column} (given)"].tolist() == [value], (path.name, column)
        assert out["region_code"].tolist() == ["04"]
        assert list(out.columns[-len(GEOCODE_COLUMNS) :]) == list(GEOCODE_COLUMNS)


def test_an_option_of_one_value_given_twice_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    data.write_text("nom;ville\nA;Rabat\n", encoding="utf-8")
    for args in (
        ["geocode", str(data), "-o", str(tmp_path / "a.csv"), "-o", str(tmp_path / "b.csv")],
        ["geocode", str(data), f"-o{tmp_path / 'a.csv'}", f"--output={tmp_path / 'b.csv'}"],
        ["shares", str(data), "--by", "region", "--by=province"],
    ):
        done = _run(args)
        assert done.returncode == 2, done.stderr
        _one_error(done.stderr, "given twice", "give it once")
    assert not list(tmp_path.glob("[ab].csv"))
    assert _run(["shares", str(data), "--by", "region", "-q"]).returncode == 0  # a count option may repeat


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    data.write_text("nom;ville\nA;Rabat\n", encoding="utf-8")
    (tmp_path / "file").write_text("a file\n", encoding="utf-8")
    for target in (tmp_path / "file" / "out.csv", tmp_path / "file" / "sub" / "out.csv"):
        done = _run(["geocode", str(data), "-o", str(target)])
        assert done.returncode == 2, done.stderr
        _one_error(done.stderr, f"{tmp_path / 'file'} is a file, not a folder")


def test_old_and_foreign_spreadsheets_given_as_xlsx_are_named(tmp_path: Path) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "fault_cases", Path(__file__).parents[1] / "benchmarks" / "fault_cases.py"
    )
    assert spec is not None and spec.loader is not None
    corpus = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = corpus
    spec.loader.exec_module(corpus)
    by_name = {case.name: case for case in corpus.cases()}
    for name, said in (("r4-xls-as-xlsx", "Excel 97-2003 .xls"), ("r4-ods-as-xlsx", "OpenDocument spreadsheet")):
        folder = tmp_path / name
        folder.mkdir()
        with pytest.raises(InputError, match=said):
            read_records(by_name[name].build(folder))


def test_an_aliases_file_in_utf16_is_read(tmp_path: Path) -> None:
    from clusteratlas.aliases import load_aliases

    for codec in ("utf-16", "utf-32"):
        path = tmp_path / f"aliases-{codec}.csv"
        path.write_bytes("name,region\nZone Xyz,06\n".encode(codec))
        table = load_aliases(path).table
        assert table.loc[table["origin"] == "user", "alias"].tolist() == ["Zone Xyz"], codec

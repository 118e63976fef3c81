"""The cases of the fault corpus (:mod:`fault_corpus`): hostile files, each with the command run on it.

Each :class:`Case` writes one hostile input into a folder (a malformed CSV, workbook,
GeoJSON, GeoPackage or Parquet file, a bomb, a side file …) and says the command to run on
it, the outputs a success may write and the input columns a success must keep.
:func:`cases` lists them all, in a fixed order; the builders are deterministic.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

__all__ = ["API_PROBES", "EARLIER", "PLACEHOLDERS", "Case", "cases"]

#: What an earlier output holds before a case runs: a failed run must leave it so.
EARLIER = b"earlier output, must survive a failed run\n"
HEADER = "nom;ville;secteur"
ROWS = "Alpha;Casablanca;Textile\nBeta;Fès;Chimie\n"

Builder = Callable[[Path], Path]


@dataclass(frozen=True)
class Case:
    """One hostile input: how to write it, the command to run on it, the columns a success must keep."""

    name: str
    group: str
    build: Builder
    command: tuple[str, ...] = ("geocode", "{input}", "-o", "{out}/out.csv")
    outputs: tuple[str, ...] = ("out.csv",)
    keep: tuple[str, ...] = ()
    library: bool = True
    #: A library call the library run makes instead of read, geocode and shares (``fault_corpus.API``).
    api: str = ""
    #: Run the command with stdout a terminal (a pseudo-terminal), as a user at a shell sees it.
    terminal: bool = False


# --------------------------------------------------------------------------- file builders


def _bytes(name: str, data: bytes) -> Builder:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return build


def _text(name: str, text: str, encoding: str = "utf-8") -> Builder:
    return _bytes(name, text.encode(encoding))


def _csv(text: str, encoding: str = "utf-8", name: str = "in.csv") -> Builder:
    return _text(name, text, encoding)


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_BOOK = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
_SHEET = (
    '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    "{dimension}<sheetData>{rows}</sheetData></worksheet>"
)


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _plain_rows(extra: str = "") -> str:
    """The sheet rows of a small register (inline strings), and ``extra`` XML after them."""
    head = _inline("A1", "nom") + _inline("B1", "ville")
    one = _inline("A2", "Alpha") + _inline("B2", "Casablanca")
    return f'<row r="1">{head}</row><row r="2">{one}</row>{extra}'


def _raw_xlsx(
    rows: str, *, dimension: str = "", shared: str = "", sheet: str = "Feuil1", compress: bool = True
) -> Builder:
    """A workbook written by hand: its sheet XML, a declared dimension, shared strings, a sheet name."""

    def build(folder: Path) -> Path:
        path = folder / "in.xlsx"
        dim = f'<dimension ref="{dimension}"/>' if dimension else ""
        strings = shared or '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0"/>'
        method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
        with zipfile.ZipFile(path, "w", method) as z:
            z.writestr("[Content_Types].xml", _CONTENT_TYPES)
            z.writestr("_rels/.rels", _RELS)
            z.writestr("xl/workbook.xml", _BOOK.format(sheet=sheet))
            z.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
            z.writestr("xl/worksheets/sheet1.xml", _SHEET.format(dimension=dim, rows=rows))
            z.writestr("xl/sharedStrings.xml", strings)
        return path

    return build


def _openpyxl(fill: Callable[[object], None], name: str = "in.xlsx") -> Builder:
    """A workbook made with openpyxl; ``fill(book)`` writes its sheets."""

    def build(folder: Path) -> Path:
        import openpyxl

        book = openpyxl.Workbook()
        fill(book)
        path = folder / name
        book.save(path)
        return path

    return build


def _rows(*rows: list[object], formulas: bool = True) -> Callable[[object], None]:
    def fill(book: object) -> None:
        sheet = book.active  # type: ignore[attr-defined]
        for row in rows:
            sheet.append(row)
            if not formulas:
                for cell in sheet[sheet.max_row]:
                    if isinstance(cell.value, str) and cell.value.startswith("="):
                        cell.data_type = "s"

    return fill


def _geojson(doc: object, name: str = "in.geojson") -> Builder:
    return _text(name, doc if isinstance(doc, str) else json.dumps(doc))


def _feature(props: dict[str, object], geometry: object = None) -> dict[str, object]:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _point(lon: float, lat: float) -> dict[str, object]:
    return {"type": "Point", "coordinates": [lon, lat]}


def _collection(*features: dict[str, object]) -> dict[str, object]:
    return {"type": "FeatureCollection", "features": list(features)}


def _gpkg_sql(*statements: str) -> Builder:
    """A GeoPackage (or a damaged one) made with SQL statements."""

    def build(folder: Path) -> Path:
        path = folder / "in.gpkg"
        with sqlite3.connect(path) as con:
            for sql in statements:
                con.execute(sql)
        return path

    return build


def _gpkg_frame(layers: dict[str, Callable[[], object]]) -> Builder:
    """A GeoPackage with the layers (GeoDataFrames or DataFrames) the callables make."""

    def build(folder: Path) -> Path:
        import pyogrio

        path = folder / "in.gpkg"
        for layer, make in layers.items():
            pyogrio.write_dataframe(make(), path, layer=layer, append=path.exists())
        return path

    return build


def _parquet(make: Callable[[], object], metadata: dict[bytes, bytes] | None = None) -> Builder:
    """A Parquet file from the Arrow table ``make()`` gives, its schema metadata replaced by ``metadata``."""

    def build(folder: Path) -> Path:
        import pyarrow.parquet as pq

        table = make()
        if metadata is not None:
            table = table.replace_schema_metadata(metadata)  # type: ignore[attr-defined]
        path = folder / "in.parquet"
        pq.write_table(table, path)
        return path

    return build


def _arrow(columns: dict[str, list[object]]) -> Callable[[], object]:
    def make() -> object:
        import pyarrow as pa

        return pa.table(columns)

    return make


def _with_side(main: Builder, side_name: str, side: bytes) -> Builder:
    """The small register as ``main`` writes it, and a side file beside it."""

    def build(folder: Path) -> Path:
        (folder / side_name).write_bytes(side)
        return main(folder)

    return build


def _symlink_loop(folder: Path) -> Path:
    path = folder / "in.csv"
    other = folder / "loop.csv"
    path.symlink_to(other)
    other.symlink_to(path)
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "in.csv"
    os.mkfifo(path)
    return path


def _deep_toml(depth: int) -> bytes:
    return ("[zones]\nx = " + "[" * depth + "]" * depth + "\n").encode()


def _deep_json(depth: int) -> str:
    return '{"type": "FeatureCollection", "features": ' + "[" * depth + "]" * depth + "}"


# --------------------------------------------------------------------------- the cases

_PLAIN = _csv(f"{HEADER}\n{ROWS}")
_KEEP = ("nom", "ville", "secteur")


def _csv_cases() -> list[Case]:
    wide = ";".join(f"c{i}" for i in range(12_005))
    return [
        Case("csv-empty", "csv", _csv("")),
        Case("csv-bom-only", "csv", _bytes("in.csv", b"\xef\xbb\xbf")),
        Case("csv-bom-and-blanks", "csv", _bytes("in.csv", b"\xef\xbb\xbf \r\n\r\n  \n")),
        Case("csv-header-only", "csv", _csv(HEADER + "\n")),
        Case("csv-nul-first-kib", "csv", _bytes("in.csv", b"nom;ville\n\x00\x00A;Rabat\n")),
        Case("csv-nul-after-4kib", "csv", _bytes("in.csv", (HEADER + "\n" + ROWS * 300).encode() + b"Z\x00;Rabat;x\n")),
        Case("csv-huge-cell", "csv", _csv(f"{HEADER}\n{'A' * 20_000_000};Rabat;x\n")),
        Case("csv-12005-columns", "csv", _csv(wide + ";ville\n" + ";" * 12_005 + "Rabat\n")),
        Case("csv-duplicate-city", "csv", _csv("nom;ville;city\nA;Rabat;Fès\n")),
        Case("csv-duplicate-header", "csv", _csv("nom;ville;x;x\nA;Rabat;1;2\n"), keep=("nom", "ville")),
        Case("csv-empty-headers", "csv", _csv("nom;;ville;\nA;1;Rabat;2\n"), keep=("nom", "ville")),
        Case("csv-header-dotdot", "csv", _csv("nom;ville;../../x\nA;Rabat;1\n"), keep=("nom", "ville", "../../x")),
        Case(
            "csv-header-slash-pwned", "csv", _csv("nom;ville;x/../../../PWNED\nA;Rabat;1\n"), keep=("x/../../../PWNED",)
        ),
        Case("csv-header-esc", "csv", _csv("nom;ville;\x1b[31mred\nA;Rabat;1\n")),
        Case("csv-header-long", "csv", _csv(f"nom;ville;{'h' * 100_000}\nA;Rabat;1\n")),
        Case("csv-header-ours", "csv", _csv("nom;ville;geocode_status;region_code\nA;Rabat;x;99\n")),
        Case("csv-formula-cells", "csv", _csv("nom;ville;secteur\n=1+1;Rabat;@SUM(A1)\n+cmd;Fès;-2+3\n"), keep=_KEEP),
        Case(
            "csv-mixed-encodings", "csv", _bytes("in.csv", "nom;ville\nA;Fès\n".encode() + "B;Salé\n".encode("cp1252"))
        ),
        Case("csv-utf16-no-bom", "csv", _bytes("in.csv", "nom;ville\nA;Rabat\n".encode("utf-16-le"))),
        Case("csv-utf32-bom", "csv", _csv("nom;ville\nA;Rabat\n", "utf-32")),
        Case("csv-unclosed-quote", "csv", _csv('nom;ville\n"A;Rabat\nB;Fès\n')),
        Case("csv-ragged-rows", "csv", _csv("nom;ville\nA;Rabat;1;2;3\nB\n")),
        Case("csv-separators-only", "csv", _csv(";;;;\n;;;;\n")),
        Case("csv-no-newline-long-line", "csv", _csv("nom;ville;" + "x;" * 200_000)),
        Case("csv-cr-only", "csv", _csv("nom;ville\rA;Rabat\rB;Fès\r")),
        Case("csv-bad-lat", "csv", _csv("nom;lat;lon\nA;north;-7\nB;91;200\n")),
        Case("csv-bad-year", "csv", _csv("nom;ville;année\nA;Rabat;soon\n")),
        Case("csv-random-bytes", "csv", _bytes("in.csv", bytes(range(256)) * 64)),
        Case("csv-gzip-named-csv", "csv", _bytes("in.csv", b"\x1f\x8b\x08\x00" + bytes(200))),
        Case("csv-zip-named-csv", "csv", lambda f: _raw_xlsx(_plain_rows())(f).rename(f / "in.csv")),
        Case("csv-symlink-loop", "csv", _symlink_loop),
        Case("csv-fifo-input", "csv", _fifo, library=False),
        Case("csv-folder-input", "csv", lambda f: (f / "dir.csv").mkdir() or f / "dir.csv"),
        Case("csv-no-location", "csv", _csv("nom;secteur\nA;x\n")),
        Case(
            "csv-chunksize-bom-blanks",
            "csv",
            _bytes("in.csv", b"\xef\xbb\xbf\n\n  \n"),
            command=("geocode", "{input}", "-o", "{out}/out.csv", "--chunksize", "10"),
            library=False,
        ),
        Case(
            "csv-chunksize-mixed",
            "csv",
            _bytes("in.csv", ("nom;ville\n" + "A;Fès\n" * 50_000).encode() + "B;Salé\n".encode("cp1252")),
            command=("geocode", "{input}", "-o", "{out}/out.csv", "--chunksize", "1000"),
            library=False,
        ),
        Case(
            "csv-nul-late-in-cell",
            "csv",
            _bytes("in.csv", (HEADER + "\n" + "A;Rabat;x\n" * 2000).encode() + b"B\x00;Rabat;y\n"),
        ),
        Case(
            "csv-control-chars",
            "csv",
            _csv("nom;ville\n\x07\x1b]8;;http://x\x07A;Rabat\n\x85B;Fès\n"),
            keep=("nom", "ville"),
        ),
        Case("csv-bidi-name", "csv", _csv("nom;ville\n\u202eevil;Rabat\n"), keep=("nom", "ville")),
        Case("tsv-semicolons", "csv", _csv("nom\tville\nA;x\tRabat\n", name="in.tsv"), keep=("nom", "ville")),
        Case("csv-out-same-as-input", "output", _PLAIN, command=("geocode", "{input}", "-o", "{input}"), outputs=()),
        Case("csv-out-is-folder", "output", _PLAIN, command=("geocode", "{input}", "-o", "{out}"), outputs=()),
        Case(
            "csv-out-missing-folder",
            "output",
            _PLAIN,
            command=("geocode", "{input}", "-o", "{out}/no/such/out.csv"),
            outputs=("no/",),
        ),
        Case("csv-out-bad-suffix", "output", _PLAIN, command=("geocode", "{input}", "-o", "{out}/out.exe"), outputs=()),
        Case(
            "csv-out-fifo",
            "output",
            _PLAIN,
            command=("geocode", "{input}", "-o", "{out}/fifo.csv"),
            outputs=(),
            library=False,
        ),
    ]


def _xlsx_cases() -> list[Case]:
    big = "B" * 32_767
    shared_bomb = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + f"<si><t>{big}</t></si>" * 2000
        + "</sst>"
    )
    bomb_rows = "".join(f'<row r="{r}"><c r="A{r}" t="s"><v>{r % 2000}</v></c></row>' for r in range(3, 3000))
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;'
        '&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol3;</t></si></sst>'
    )
    return [
        Case("xlsx-not-a-zip", "xlsx", _bytes("in.xlsx", b"nom;ville\nA;Rabat\n")),
        Case("xlsx-truncated", "xlsx", lambda f: _truncate(_raw_xlsx(_plain_rows())(f), 300)),
        Case("xlsx-empty-zip", "xlsx", lambda f: _empty_zip(f / "in.xlsx")),
        Case("xlsx-plain-by-hand", "xlsx", _raw_xlsx(_plain_rows()), keep=("nom", "ville")),
        Case(
            "xlsx-dimension-xfd", "xlsx", _raw_xlsx(_plain_rows('<row r="3"><c r="XFD3"/></row>'), dimension="A1:XFD3")
        ),
        Case("xlsx-dimension-xfd1048576", "xlsx", _raw_xlsx(_plain_rows(), dimension="A1:XFD1048576")),
        Case(
            "xlsx-cell-at-xfd1048576",
            "xlsx",
            _raw_xlsx(_plain_rows('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>')),
        ),
        Case("xlsx-shared-string-bomb", "xlsx", _raw_xlsx(_plain_rows(bomb_rows), shared=shared_bomb)),
        Case(
            "xlsx-billion-laughs",
            "xlsx",
            _raw_xlsx(_plain_rows('<row r="3"><c r="A3" t="s"><v>0</v></c></row>'), shared=laughs),
        ),
        Case("xlsx-zip-bomb-sheet", "xlsx", _raw_xlsx(_plain_rows("<row/>" * 8_000_000))),
        Case(
            "xlsx-5000-columns",
            "xlsx",
            _openpyxl(_rows(["nom", "ville", *[f"c{i}" for i in range(5000)]], ["A", "Rabat", *range(5000)])),
        ),
        Case(
            "xlsx-uncached-formula",
            "xlsx",
            _openpyxl(_rows(["nom", "ville", "effectif"], ["A", "Rabat", "=1+1"])),
            keep=("nom", "ville", "effectif"),
        ),
        Case(
            "xlsx-formula-text",
            "xlsx",
            _openpyxl(_rows(["nom", "ville"], ['=HYPERLINK("http://x")', "Rabat"], formulas=False)),
            keep=("nom", "ville"),
        ),
        Case(
            "xlsx-error-cells",
            "xlsx",
            _raw_xlsx(
                _plain_rows(
                    '<row r="3"><c r="A3" t="e"><v>#N/A</v></c><c r="B3" t="inlineStr"><is><t>Fès</t></is></c></row>'
                )
            ),
            keep=("nom", "ville"),
        ),
        Case("xlsx-hidden-only", "xlsx", _openpyxl(_hidden_only)),
        Case("xlsx-two-sheets", "xlsx", _openpyxl(_two_sheets)),
        Case("xlsx-empty-book", "xlsx", _openpyxl(lambda book: None)),
        Case("xlsx-header-only", "xlsx", _openpyxl(_rows(["nom", "ville"]))),
        Case("xlsx-duplicate-headers", "xlsx", _openpyxl(_rows(["nom", "ville", "ville"], ["A", "Rabat", "Fès"]))),
        Case(
            "xlsx-numeric-headers",
            "xlsx",
            _openpyxl(_rows(["nom", "ville", 2024, 3.5], ["A", "Rabat", 1, 2])),
            keep=("nom", "ville", "2024", "3.5"),
        ),
        Case("xlsx-sheet-dotdot", "xlsx", _raw_xlsx(_plain_rows(), sheet="..&#47;..&#47;x"), keep=("nom", "ville")),
        Case(
            "xlsx-huge-cell", "xlsx", _openpyxl(_rows(["nom", "ville"], ["A" * 32_767, "Rabat"])), keep=("nom", "ville")
        ),
        Case("xlsx-bad-xml", "xlsx", _raw_xlsx("<row r='1'><c r='A1'><v>1</v></c>")),
        Case("xlsx-bad-cell-ref", "xlsx", _raw_xlsx(_plain_rows('<row r="3"><c r="ZZZZZ99999999"><v>1</v></c></row>'))),
        Case("xlsx-negative-row", "xlsx", _raw_xlsx(_plain_rows('<row r="-4"><c r="A-4"><v>1</v></c></row>'))),
        Case(
            "xlsx-unknown-sheet",
            "xlsx",
            _openpyxl(_rows(["nom", "ville"], ["A", "Rabat"])),
            command=("geocode", "{input}", "-o", "{out}/out.csv", "--sheet", "../../etc"),
        ),
        Case("xlsx-ole-encrypted", "xlsx", _bytes("in.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4096))),
        Case(
            "xlsm-plain",
            "xlsx",
            _openpyxl(_rows(["nom", "ville"], ["A", "Rabat"]), name="in.xlsm"),
            keep=("nom", "ville"),
        ),
    ]


def _truncate(path: Path, size: int) -> Path:
    path.write_bytes(path.read_bytes()[:size])
    return path


def _empty_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w"):
        pass
    return path


def _hidden_only(book: object) -> None:
    sheet = book.active  # type: ignore[attr-defined]
    sheet.append(["nom", "ville"])
    sheet.append(["A", "Rabat"])
    sheet.sheet_state = "hidden"
    book.create_sheet("vide")  # type: ignore[attr-defined]


def _two_sheets(book: object) -> None:
    for title in ("a", "b"):
        sheet = book.create_sheet(title)  # type: ignore[attr-defined]
        sheet.append(["nom", "ville"])
        sheet.append(["A", "Rabat"])
    book.remove(book["Sheet"])  # type: ignore[attr-defined,index]


def _geojson_cases() -> list[Case]:
    here = _point(-7.6, 33.6)
    return [
        Case("geojson-not-json", "geojson", _geojson("{not json")),
        Case("geojson-empty", "geojson", _geojson("")),
        Case("geojson-array", "geojson", _geojson([1, 2, 3])),
        Case("geojson-no-features", "geojson", _geojson({"type": "FeatureCollection"})),
        Case("geojson-features-null", "geojson", _geojson({"type": "FeatureCollection", "features": None})),
        Case("geojson-zero-features", "geojson", _geojson(_collection())),
        Case(
            "geojson-null-geometry-latlon",
            "geojson",
            _geojson(
                _collection(
                    _feature({"nom": "A", "lat": 34.0, "lon": -6.8}),
                    _feature({"nom": "B", "lat": 31.6, "lon": -8.0}, here),
                )
            ),
            keep=("nom", "lat", "lon"),
        ),
        Case(
            "geojson-latlon-and-geometry",
            "geojson",
            _geojson(_collection(_feature({"nom": "A", "lat": 1.0, "lon": 2.0}, here))),
            keep=("nom", "lat", "lon"),
        ),
        Case(
            "geojson-nested-properties",
            "geojson",
            _geojson(_collection(_feature({"nom": {"a": [1, {"b": 2}]}, "ville": "Rabat"}, here))),
            keep=("nom", "ville"),
        ),
        Case("geojson-deep-nesting", "geojson", _geojson(_deep_json(30_000))),
        Case(
            "geojson-nan-literal",
            "geojson",
            _geojson(
                '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"nom":NaN,"ville":"Rabat"},"geometry":null}]}'
            ),
        ),
        Case(
            "geojson-cp1252",
            "geojson",
            _bytes(
                "in.geojson",
                json.dumps(_collection(_feature({"nom": "Fès", "ville": "Fès"}, here)), ensure_ascii=False).encode(
                    "cp1252"
                ),
            ),
        ),
        Case(
            "geojson-bom",
            "geojson",
            _bytes(
                "in.geojson",
                b"\xef\xbb\xbf" + json.dumps(_collection(_feature({"nom": "A", "ville": "Rabat"}, here))).encode(),
            ),
        ),
        Case(
            "geojson-polygon",
            "geojson",
            _geojson(
                _collection(
                    _feature(
                        {"nom": "A"}, {"type": "Polygon", "coordinates": [[[-7, 33], [-6, 33], [-6, 34], [-7, 33]]]}
                    )
                )
            ),
        ),
        Case(
            "geojson-bad-coordinates",
            "geojson",
            _geojson(_collection(_feature({"nom": "A"}, {"type": "Point", "coordinates": ["x", None]}))),
        ),
        Case("geojson-out-of-range", "geojson", _geojson(_collection(_feature({"nom": "A"}, _point(500.0, -300.0))))),
        Case(
            "geojson-no-properties",
            "geojson",
            _geojson({"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": here}]}),
        ),
        Case("geojson-bare-geometry", "geojson", _geojson(here)),
        Case(
            "geojson-duplicate-keys",
            "geojson",
            _geojson(
                '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"ville":"Rabat","ville":"Fès"},"geometry":null}]}'
            ),
        ),
        Case(
            "geojson-huge-property",
            "geojson",
            _geojson(_collection(_feature({"nom": "A" * 5_000_000, "ville": "Rabat"}, here))),
        ),
        Case("json-suffix-csv-text", "geojson", _text("in.json", "nom;ville\nA;Rabat\n")),
    ]


def _gpkg_cases() -> list[Case]:
    def points() -> object:
        import geopandas as gpd
        from shapely.geometry import Point

        return gpd.GeoDataFrame({"nom": ["A"], "ville": ["Rabat"]}, geometry=[Point(-6.8, 34.0)], crs="EPSG:4326")

    def table() -> object:
        import pandas as pd

        return pd.DataFrame({"nom": ["A"], "ville": ["Rabat"]})

    return [
        Case("gpkg-not-sqlite", "gpkg", _bytes("in.gpkg", b"not a database at all" * 10)),
        Case("gpkg-empty-file", "gpkg", _bytes("in.gpkg", b"")),
        Case("gpkg-empty-sqlite", "gpkg", _gpkg_sql("CREATE TABLE t (x INTEGER)")),
        Case("gpkg-truncated", "gpkg", lambda f: _truncate(_gpkg_frame({"a": points})(f), 2048)),
        Case("gpkg-no-geometry-layer", "gpkg", _gpkg_frame({"only": table}), keep=("nom", "ville")),
        Case("gpkg-two-layers", "gpkg", _gpkg_frame({"a": points, "b": points})),
        Case("gpkg-plain", "gpkg", _gpkg_frame({"a": points}), keep=("nom", "ville")),
        Case(
            "gpkg-unknown-layer",
            "gpkg",
            _gpkg_frame({"a": points}),
            command=("geocode", "{input}", "-o", "{out}/out.csv", "--layer", "../x"),
        ),
    ]


def _parquet_cases() -> list[Case]:
    def indexed() -> object:
        import pandas as pd
        import pyarrow as pa

        frame = pd.DataFrame({"ville": ["Rabat"], "nom": ["A"]}).set_index("nom")
        return pa.Table.from_pandas(frame)

    def nullable() -> object:
        import pandas as pd
        import pyarrow as pa

        return pa.Table.from_pandas(
            pd.DataFrame({"nom": ["A", "B"], "ville": ["Rabat", "Fès"], "n": pd.array([1, None], dtype="Int64")})
        )

    def two_cities() -> object:
        import pyarrow as pa

        return pa.Table.from_arrays(
            [pa.array(["A"]), pa.array(["Rabat"]), pa.array(["Fès"])], names=["nom", "city", "city"]
        )

    def binary() -> object:
        import pyarrow as pa

        return pa.table({"nom": pa.array([b"\xff\xfe\x00"], pa.binary()), "ville": ["Rabat"]})

    def nested() -> object:
        import pyarrow as pa

        return pa.table({"nom": ["A"], "ville": ["Rabat"], "s": pa.array([{"a": 1, "b": [1, 2]}])})

    geo_col = b'{"version":"1.0.0","primary_column":"ville","columns":{"ville":{"encoding":"WKB"}}}'
    return [
        Case("parquet-not-parquet", "parquet", _bytes("in.parquet", b"PAR1 not really PAR1")),
        Case(
            "parquet-truncated",
            "parquet",
            lambda f: _truncate(_parquet(_arrow({"nom": ["A"], "ville": ["Rabat"]}))(f), 40),
        ),
        Case("parquet-named-index", "parquet", _parquet(indexed), keep=("nom", "ville")),
        Case("parquet-nullable-int", "parquet", _parquet(nullable), keep=("nom", "ville", "n")),
        Case("parquet-two-city", "parquet", _parquet(two_cities)),
        Case("parquet-binary-column", "parquet", _parquet(binary)),
        Case("parquet-nested-column", "parquet", _parquet(nested), keep=("nom", "ville", "s")),
        Case(
            "parquet-geo-not-json", "parquet", _parquet(_arrow({"nom": ["A"], "ville": ["Rabat"]}), {b"geo": b"{nope"})
        ),
        Case("parquet-geo-list", "parquet", _parquet(_arrow({"nom": ["A"], "ville": ["Rabat"]}), {b"geo": b"[1, 2]"})),
        Case(
            "parquet-geo-names-data",
            "parquet",
            _parquet(_arrow({"nom": ["A"], "ville": ["Rabat"]}), {b"geo": geo_col}),
            keep=("nom", "ville"),
        ),
        Case("parquet-zero-rows", "parquet", _parquet(_arrow({"nom": [], "ville": []}))),
        Case("parquet-zero-columns", "parquet", _parquet(_arrow({}))),
        Case(
            "parquet-header-dotdot",
            "parquet",
            _parquet(_arrow({"nom": ["A"], "ville": ["Rabat"], "../../x": ["1"]})),
            keep=("nom", "ville", "../../x"),
        ),
    ]


#: The command each side file is read by (zones: shares by zone; claims and renames: the report).
_SIDE_COMMAND = {"--aliases": "geocode", "--zones": "shares", "--claims": "report", "--renames": "report"}
_SIDE_OUTPUT = {"geocode": "out.csv", "shares": "s.csv", "report": "r.html"}


def _side(option: str, name: str, data: bytes, command: str = "", library: bool = False) -> Case:
    command = command or _SIDE_COMMAND[option]
    output = _SIDE_OUTPUT[command]
    side = "{folder}/side" + (".toml" if option in ("--zones", "--claims") else ".csv")
    extra: tuple[str, ...] = ()
    if command == "shares":
        extra = ("--by", "zone", "--format", "csv")
    if option == "--renames":  # renames are read for a comparison with another table
        extra = ("--compare", "{input}")
    return Case(
        f"{option.strip('-')}-{name}",
        "side",
        _with_side(_PLAIN, "side" + (".toml" if option in ("--zones", "--claims") else ".csv"), data),
        command=(command, "{input}", "-o", "{out}/" + output, option, side, *extra),
        outputs=(output,),
        library=library,
    )


def _side_cases() -> list[Case]:
    pad = b"# padding\n" * 600  # past the first 4 KiB
    return [
        _side("--aliases", "nul-late", b"name,region\n" + b"X,06\n" * 2000 + b"Y\x00,04\n"),
        _side(
            "--zones",
            "nul-late",
            pad + b'[[zone]]\nname = "N"\nregions = ["01"]\n[[zone]]\nname = "S\x00"\nregions = ["06"]\n',
        ),
        _side("--claims", "nul-late", pad + b'[[claim]]\nid = "x\x00"\nkind = "count"\n'),
        _side("--renames", "nul-late", b"old,new\n" + b"A,B\n" * 2000 + b"C\x00,D\n"),
        _side("--renames", "plain", b"old,new\nAlpha,Alpha Cluster\n"),
        _side(
            "--zones",
            "named-other-regions",
            b'rest = "Elsewhere"\n[[zone]]\nname = "Other regions"\nregions = ["06"]\n',
        ),
        _side("--zones", "rest-unplaced", b'rest = "Unplaced"\n[[zone]]\nname = "A"\nregions = ["06"]\n'),
        _side("--zones", "french-unplaced", '[[zone]]\nname = "Non localisées"\nregions = ["06"]\n'.encode()),
        _side("--zones", "deep-tables", b"[zone" + b".a" * 5000 + b"]\nregions = []\n"),
        _side("--claims", "deep-inline", b"[[claim]]\nx = " + b"{a = " * 3000 + b"1" + b"}" * 3000 + b"\n"),
        _side("--aliases", "region-and-region", b"name,region,r\xc3\xa9gion\nX,06,04\n"),
        _side("--aliases", "empty", b""),
        _side("--aliases", "name-and-nom", b"name,nom,place\nX,Y,gn:2553604\n"),
        _side("--aliases", "lat-and-latitude", b"name,lat,latitude,lon\nX,1,2,3\n"),
        _side("--aliases", "binary", bytes(range(256))),
        _side("--aliases", "nul", b"name,region\nX\x00,06\n"),
        _side("--aliases", "bad-lat", b"name,lat,lon\nX,north,south\n"),
        _side("--aliases", "huge", b"name,region\n" + b"X" * 10_000_000 + b",06\n"),
        _side("--zones", "deep", _deep_toml(30_000)),
        _side("--zones", "invalid", b"[zones\nx=1"),
        _side(
            "--zones",
            "named-unplaced",
            b'[[zone]]\nname = "Unplaced"\nregions = ["06"]\n[[zone]]\nname = "Unknown"\nregions = ["04"]\n',
            "shares",
        ),
        _side("--zones", "empty", b""),
        _side("--zones", "binary", bytes(range(256))),
        _side("--claims", "deep", _deep_toml(30_000), "report"),
        _side("--claims", "invalid", b"[[claims]\n", "report"),
        _side("--claims", "wrong-types", b'[[claims]]\nkind = 5\nvalue = "x"\n', "report"),
        _side("--renames", "binary", bytes(range(256)), "report"),
        _side("--renames", "no-columns", b"a;b\n", "report"),
    ]


def _report_cases() -> list[Case]:
    headers = "nom;ville;x/../../../PWNED;zone;period;CON;" + "n" * 300
    text = f"{headers}\nA;Rabat;a;b;c;d;e\nB;Fès;a;b;c;d;e\n"
    return [
        Case(
            "report-tables-dotdot",
            "report",
            _csv(text),
            command=("report", "{input}", "-o", "{out}/r.html", "--tables-dir", "{out}/tables"),
            outputs=("r.html", "tables/"),
        ),
        Case(
            "report-md-tables",
            "report",
            _csv(text),
            command=("report", "{input}", "-o", "{out}/r.md", "--tables-dir", "{out}/tables"),
            outputs=("r.md", "r_map.png", "tables/"),
        ),
        Case(
            "map-hostile-names",
            "report",
            _csv("nom;ville\n<script>alert(1)</script>;Rabat\n\x1b[2J;Fès\n"),
            command=("map", "{input}", "-o", "{out}/m.html"),
            outputs=("m.html",),
        ),
        Case(
            "figure-svg-esc",
            "report",
            _csv("nom;ville;secteur\nA;Rabat;\x1b\x01bad\nB;Fès;ok\n"),
            command=("figure", "{input}", "--kind", "points", "-o", "{out}/f.svg"),
            outputs=("f.svg", "f.alt.txt"),
        ),
        Case(
            "shares-stdout-controls",
            "report",
            _csv("nom;ville;secteur\nA;Rabat;\x1b[31m\x07\x9bred\nB;Fès;ok\n"),
            command=("shares", "{input}", "--by", "secteur", "--format", "csv"),
            outputs=(),
            terminal=True,
        ),
    ]


def _third_round_cases() -> list[Case]:
    """The cases added with the third round of issue 21: the defects it lists, one case each at least."""

    def named_index_two() -> object:
        import pandas as pd
        import pyarrow as pa

        frame = pd.DataFrame({"nom": ["A"], "ville": ["Rabat"], "n": [1]}).set_index(["nom", "n"])
        return pa.Table.from_pandas(frame)

    def utf8_binary() -> object:
        import pyarrow as pa

        return pa.table({"nom": pa.array(["Fès".encode()], pa.large_binary()), "ville": ["Rabat"]})

    def nul_header() -> object:
        import pyarrow as pa

        return pa.table({"nom": ["A"], "ville": ["Rabat"], "x\x00y": ["1"], "zone": ["z"], "period": ["p"]})

    towns = "nom;ville;secteur\n" + "".join(f"{n};{t};x\n" for n, t in zip("ABCDEFGH", PLACEHOLDERS, strict=False))
    tables = ("--tables-dir", "{out}/tables")
    api = ("geocode", "{input}", "-o", "{out}/out.csv")
    return [
        Case("csv-town-placeholders", "csv", _csv(towns), keep=_KEEP),
        Case("csv-nul-last-byte", "csv", _bytes("in.csv", (HEADER + "\n" + ROWS * 400).encode() + b"\x00")),
        Case("parquet-named-multiindex", "parquet", _parquet(named_index_two), keep=("nom", "ville", "n")),
        Case("parquet-binary-utf8", "parquet", _parquet(utf8_binary), keep=("nom", "ville")),
        Case(
            "parquet-header-nul-report",
            "report",
            _parquet(nul_header),
            command=("report", "{input}", "-o", "{out}/r.html", *tables),
            outputs=("r.html", "tables/"),
        ),
        Case(
            "geojson-latlon-agree",
            "geojson",
            _geojson(_collection(_feature({"nom": "A", "lat": 33.6, "lon": -7.6}, _point(-7.6, 33.6)))),
            keep=("nom", "lat", "lon"),
        ),
        Case(
            "figure-pdf-esc",
            "report",
            _csv("nom;ville;secteur\nA;Rabat;\x1b\x01bad\nB;Fès;ok\n"),
            command=("figure", "{input}", "--kind", "points", "-o", "{out}/f.pdf"),
            outputs=("f.pdf", "f.alt.txt"),
        ),
        Case(
            "figure-svg-c1-and-noncharacter",
            "report",
            _csv("nom;ville;secteur\nA;Rabat;\x85x\ufffe\x7f\nB;Fès;ok\n"),
            command=("figure", "{input}", "--kind", "combined", "-o", "{out}/f.svg"),
            outputs=("f.svg", "f.alt.txt"),
        ),
        Case(
            "shares-json-stdout-controls",
            "report",
            _csv("nom;ville;secteur\nA;Rabat;\x1b]8;;http://x\x07link\u202e\nB;Fès;ok\n"),
            command=("shares", "{input}", "--by", "secteur", "--format", "json"),
            outputs=(),
            terminal=True,
        ),
        Case(
            "report-zone-period-headers",
            "report",
            _csv("nom;ville;zone;period;by_zone;Unplaced\nA;Rabat;z;p;b;u\n"),
            command=("report", "{input}", "-o", "{out}/r.md", *tables),
            outputs=("r.md", "r_map.png", "tables/"),
        ),
        Case(
            "csv-out-device",
            "output",
            _PLAIN,
            command=("geocode", "{input}", "-o", "{out}/device.csv"),
            outputs=(),
            library=False,
        ),
        Case(
            "map-out-fifo",
            "output",
            _PLAIN,
            command=("map", "{input}", "-o", "{out}/fifo.csv.html"),
            outputs=(),
            library=False,
        ),
        *(Case(f"api-{name}", "api", _PLAIN, command=api, outputs=("out.csv",), api=name) for name in API_PROBES),
    ]


#: Town cells that say no place is given: each must be "no location given", never a guess.
PLACEHOLDERS = ("N/A", "n/a", "NA", "-", "néant", "Néant", " ? ", "NULL")
#: The library calls the ``api`` cases make (run by ``fault_corpus.library_run``).
API_PROBES = (
    "nul-in-path",
    "nul-in-output",
    "negative-width",
    "nan-width",
    "huge-dpi",
    "nan-breaks",
    "dict-column-map",
    "dict-column-report",
    "list-column-figure",
    "save-figure-huge-dpi",
    "report-tables-slashes",
)


def cases() -> list[Case]:
    """Every case of the corpus, in a fixed order."""
    return [
        *_csv_cases(),
        *_xlsx_cases(),
        *_geojson_cases(),
        *_gpkg_cases(),
        *_parquet_cases(),
        *_side_cases(),
        *_report_cases(),
        *_third_round_cases(),
        *_round4(),
    ]


def _round4() -> list[Case]:
    """The fourth generation (``fault_cases_round4``), imported once this module is whole."""
    import sys

    here = str(Path(__file__).resolve().parent)
    if here not in sys.path:
        sys.path.insert(0, here)
    from fault_cases_round4 import round4_cases

    return round4_cases()

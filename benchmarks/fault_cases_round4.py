"""The fourth generation of the fault corpus (issue 21): hostile files and options not tried before.

Wide and odd encodings, old and foreign spreadsheet formats given as ``.xlsx``, merged
headers, cached formulas, date serials and the 1904 calendar, a million formatted empty rows,
a quoted cell spanning 100,000 lines, columns named like ours or only blanks, 10,000
identical headers, numbers at the edges of floating point and in Arabic-Indic digits, bidi
marks in town names, a 200 MB feature, GeoPackages with two point layers, links to
``/dev/zero``, outputs that are the input, options given twice, zones naming regions that
don't exist … Each :class:`~fault_cases.Case` is run by :mod:`fault_corpus` like the others.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from fault_cases import (
    _BOOK_RELS,
    _CONTENT_TYPES,
    _RELS,
    _SHEET,
    HEADER,
    ROWS,
    Builder,
    Case,
    _bytes,
    _collection,
    _csv,
    _feature,
    _geojson,
    _gpkg_frame,
    _inline,
    _openpyxl,
    _parquet,
    _point,
    _side,
    _text,
)

__all__ = ["round4_cases"]

_PLAIN = _csv(f"{HEADER}\n{ROWS}")
_KEEP = ("nom", "ville", "secteur")
_TOWNS = ("Casablanca", "Fès", "Rabat", "Tanger", "Agadir")


# --------------------------------------------------------------------------- builders


def _register(rows: int = 5) -> str:
    return HEADER + "\n" + "".join(f"F{i};{_TOWNS[i % 5]};S{i % 3}\n" for i in range(rows))


def _workbook(sheet_xml: str, *, book: str = "", styles: str = "", name: str = "in.xlsx") -> Builder:
    """A workbook by hand with a given sheet, workbook and styles XML (no shared strings)."""

    def build(folder: Path) -> Path:
        path = folder / name
        book_xml = book or (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Feuil1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        )
        rels = _BOOK_RELS
        types = _CONTENT_TYPES
        if styles:
            rels = rels.replace(
                "</Relationships>",
                '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'styles" Target="styles.xml"/></Relationships>',
            )
            types = types.replace(
                "</Types>",
                '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                'spreadsheetml.styles+xml"/></Types>',
            )
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("[Content_Types].xml", types)
            z.writestr("_rels/.rels", _RELS)
            z.writestr("xl/workbook.xml", book_xml)
            z.writestr("xl/_rels/workbook.xml.rels", rels)
            z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
            z.writestr(
                "xl/sharedStrings.xml",
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0"/>',
            )
            if styles:
                z.writestr("xl/styles.xml", styles)
        return path

    return build


def _sheet(rows: str, dimension: str = "") -> str:
    return _SHEET.format(dimension=f'<dimension ref="{dimension}"/>' if dimension else "", rows=rows)


def _head_rows(*extra: str) -> str:
    head = _inline("A1", "nom") + _inline("B1", "ville") + _inline("C1", "valeur")
    return f'<row r="1">{head}</row>' + "".join(extra)


_DATE_STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
    '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>'
)


def _million_empty_rows(folder: Path) -> Path:
    """A sheet of two records and then 1,048,574 empty rows, each formatted (height set)."""
    rows = _head_rows(f'<row r="2">{_inline("A2", "Alpha")}{_inline("B2", "Rabat")}</row>')
    empty = "".join(f'<row r="{i}" ht="15" customHeight="1"/>' for i in range(3, 1_048_577))
    return _workbook(_sheet(rows + empty, "A1:C1048576"))(folder)


def _xls_as_xlsx(folder: Path) -> Path:
    """An old binary Excel file (an OLE2 compound document, BIFF inside) named ``.xlsx``."""
    path = folder / "in.xlsx"
    header = bytes.fromhex("d0cf11e0a1b11ae1") + bytes(16) + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    path.write_bytes(header + bytes(512 - len(header)) + b"\x09\x08\x10\x00" + bytes(4000))
    return path


def _ods_as_xlsx(folder: Path) -> Path:
    """An OpenDocument spreadsheet (LibreOffice's .ods, a zip of its own kind) named ``.xlsx``."""
    path = folder / "in.xlsx"
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>'
        '<table:table table:name="Feuil1"><table:table-row><table:table-cell><text:p>nom</text:p></table:table-cell>'
        "<table:table-cell><text:p>ville</text:p></table:table-cell></table:table-row><table:table-row>"
        "<table:table-cell><text:p>A</text:p></table:table-cell><table:table-cell><text:p>Rabat</text:p>"
        "</table:table-cell></table:table-row></table:table></office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0"?><manifest:manifest/>')
    return path


def _merged_header(book: object) -> None:
    sheet = book.active  # type: ignore[attr-defined]
    sheet.append(["Entreprise", None, "Activité"])
    sheet.append(["nom", "ville", "secteur"])
    sheet.append(["Alpha", "Casablanca", "Textile"])
    sheet.append(["Beta", "Fès", "Chimie"])
    sheet.merge_cells("A1:B1")


def _merged_header_row(book: object) -> None:
    """The header itself merged across two columns: one name over two columns of data."""
    sheet = book.active  # type: ignore[attr-defined]
    sheet.append(["nom", "ville", None])
    sheet.append(["Alpha", "Casablanca", "Rabat"])
    sheet.merge_cells("B1:C1")


def _dates_1904(book: object) -> None:
    import datetime as dt

    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    book.epoch = CALENDAR_MAC_1904  # type: ignore[attr-defined]
    sheet = book.active  # type: ignore[attr-defined]
    sheet.append(["nom", "ville", "date_creation", "année"])
    sheet.append(["Alpha", "Casablanca", dt.datetime(2019, 3, 1), 2019])
    sheet.append(["Beta", "Fès", dt.datetime(1904, 1, 1), 1904])


def _big_multipoint(megabytes: int) -> Builder:
    """One feature with a MultiPoint of ``megabytes`` MB of coordinates, written in pieces."""

    def build(folder: Path) -> Path:
        path = folder / "in.geojson"
        piece = ",".join(f"[{-7.6 + i * 1e-6:.6f},{33.5 + i * 1e-6:.6f}]" for i in range(50_000))
        with path.open("w", encoding="utf-8") as f:
            f.write('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"nom":"A","ville":')
            f.write('"Rabat"},"geometry":{"type":"MultiPoint","coordinates":[')
            for k in range(max(1, megabytes * 1_000_000 // len(piece))):
                f.write(("," if k else "") + piece)
            f.write("]}}]}")
        return path

    return build


def _two_point_layers() -> dict[str, Callable[[], object]]:
    def layer(names: list[str], towns: list[str]) -> Callable[[], object]:
        def make() -> object:
            import geopandas as gpd
            from shapely.geometry import Point

            points = [Point(-7.6 + i, 33.5) for i in range(len(names))]
            return gpd.GeoDataFrame({"nom": names, "ville": towns}, geometry=points, crs="EPSG:4326")

        return make

    return {"sites_a": layer(["A", "B"], ["Rabat", "Fès"]), "sites_b": layer(["C"], ["Tanger"])}


def _link_to(target: str, name: str = "in.csv") -> Builder:
    def build(folder: Path) -> Path:
        path = folder / name
        path.symlink_to(target)
        return path

    return build


def _output_link_to_input(folder: Path) -> Path:
    """The register, and (in the output folder) a link to it named like the output."""
    path = _PLAIN(folder)
    out = folder.parent / "out"
    out.mkdir(exist_ok=True)
    (out / "link.csv").symlink_to(path)
    return path


def _data_in_out(folder: Path) -> Path:
    """The register inside the output folder, named as one of ``reproduce``'s outputs."""
    out = folder.parent / "out"
    out.mkdir(exist_ok=True)
    path = out / "geocoded.csv"
    path.write_text(f"{HEADER}\n{ROWS}", encoding="utf-8")
    return path


def _parent_is_a_file(folder: Path) -> Path:
    path = _PLAIN(folder)
    (folder.parent / "out" / "file").parent.mkdir(exist_ok=True)
    (folder.parent / "out" / "file").write_text("a file, not a folder\n", encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the cases


def _text_cases() -> list[Case]:
    register = _register()
    spanning = 'nom;ville;note\nA;Rabat;"' + "ligne\n" * 100_000 + '"\nB;Fès;court\n'
    numbers = (
        "nom;ville;effectif;capital\n"
        "A;Rabat;1e308;-0\nB;Fès;1e309;∞\nC;Tanger;-∞;NaN\nD;Agadir;١٢٣;٣٫٥\nE;Casablanca;0x1F;1_000\n"
    )
    separators = "nom;ville\n" + ";" * 1_000_000 + "\nA;Rabat\n"
    rtl = "nom;ville\nA;\u200fCasablanca\nB;Fè\u200es\nC;\u202bRabat\u202c\nD;\u2067Tanger\u2069\nE;الدار البيضاء\n"
    return [
        Case("r4-csv-utf16le-bom", "csv", _csv(register, "utf-16"), keep=_KEEP),
        Case("r4-csv-utf16be-no-bom", "csv", _bytes("in.csv", register.encode("utf-16-be")), keep=_KEEP),
        Case("r4-csv-utf32le-no-bom", "csv", _bytes("in.csv", register.encode("utf-32-le")), keep=_KEEP),
        Case("r4-csv-utf32be-bom", "csv", _bytes("in.csv", b"\x00\x00\xfe\xff" + register.encode("utf-32-be"))),
        Case("r4-csv-utf16-odd-length", "csv", _bytes("in.csv", register.encode("utf-16") + b"\x41")),
        Case("r4-csv-quoted-100k-lines", "csv", _csv(spanning), keep=("nom", "ville", "note")),
        Case("r4-csv-cr-only-quoted", "csv", _csv('nom;ville;note\r"A";Rabat;"deux\rlignes"\rB;Fès;x\r')),
        Case("r4-csv-semicolon-comma-mix", "csv", _csv("nom;ville,secteur\nA;Rabat,x\nB,Fès;y\nC;Tanger;z\n")),
        Case(
            "r4-csv-our-column-names",
            "csv",
            _csv("nom;ville;region_code;confidence;geocode_status;lat;province\nA;Rabat;99;high;ok;;Nowhere\n"),
            keep=("nom", "ville", "confidence"),
        ),
        Case("r4-csv-blank-names", "csv", _csv("nom;   ;ville;\u00a0\nA;1;Rabat;2\n"), keep=("nom", "ville")),
        Case(
            "r4-csv-10000-identical-headers",
            "csv",
            _csv("nom;ville;" + ";".join(["x"] * 10_000) + "\nA;Rabat;" + ";".join(["1"] * 10_000) + "\n"),
            keep=("nom", "ville", "x", "x.9999"),
        ),
        Case("r4-csv-number-edges", "csv", _csv(numbers), keep=("nom", "ville", "effectif", "capital")),
        Case(
            "r4-shares-weight-number-edges",
            "csv",
            _csv(numbers),
            command=("shares", "{input}", "--by", "region", "--weight", "effectif", "-o", "{out}/s.csv"),
            outputs=("s.csv",),
        ),
        Case("r4-csv-rtl-marks-in-towns", "csv", _csv(rtl), keep=("nom", "ville")),
        Case("r4-csv-ctrl-z-end", "csv", _bytes("in.csv", f"{HEADER}\n{ROWS}".encode() + b"\x1a")),
        Case("r4-csv-1000-title-lines", "csv", _csv("Titre\n" * 999 + f"{HEADER}\n{ROWS}")),
        Case("r4-csv-million-separators", "csv", _csv(separators)),
        Case(
            "r4-csv-million-separators-chunksize",
            "csv",
            _csv(separators),
            command=("geocode", "{input}", "-o", "{out}/out.csv", "--chunksize", "100"),
            library=False,
        ),
        Case(
            "r4-csv-million-separators-dask",
            "csv",
            _csv(separators),
            command=("geocode", "{input}", "-o", "{out}/out.csv", "--engine", "dask"),
            library=False,
        ),
        Case(
            "r4-csv-wide-first-record",
            "csv",
            _csv("nom;ville\nA;Rabat" + ";" * 900 + "\nB;Fès\n"),
            keep=("nom", "ville"),
        ),
        Case(
            "r4-csv-our-columns-kept",
            "csv",
            _csv("nom;ville;region_code;province_code;geocode_status;geocode_score\nA;Rabat;99;x;forged;-1\n"),
            keep=("nom", "ville", "region_code (given)", "geocode_status (given)", "geocode_score (given)"),
        ),
        Case("r4-csv-nbsp-thousands", "csv", _csv("nom;ville;effectif\nA;Rabat;1\u00a0234,5\nB;Fès;2\u202f000\n")),
        Case("r4-csv-header-twice", "csv", _csv(f"{HEADER}\n{HEADER}\n{ROWS}{HEADER}\n"), keep=_KEEP),
        Case(
            "r4-csv-dates-serials-text",
            "csv",
            _csv("nom;ville;date_creation\nA;Rabat;45000\nB;Fès;31/02/2020\nC;Tanger;1899-12-30\nD;Agadir;0\n"),
        ),
        Case("r4-csv-only-quotes", "csv", _csv('"""""""""\n"""\n')),
        Case("r4-csv-lone-surrogate-escape", "csv", _bytes("in.csv", b"nom;ville\nA\xed\xa0\x80;Rabat\n")),
    ]


def _workbook_cases() -> list[Case]:
    cached = _head_rows(
        f'<row r="2">{_inline("A2", "Alpha")}{_inline("B2", "Rabat")}<c r="C2"><f>1+1</f><v>2</v></c></row>',
        f'<row r="3">{_inline("A3", "Beta")}{_inline("B3", "Fès")}<c r="C3"><f t="shared" ref="C3:C4" si="0">'
        f"C2*2</f><v>4</v></c></row>",
        f'<row r="4">{_inline("A4", "Gamma")}{_inline("B4", "Tanger")}<c r="C4"><f t="shared" si="0"/><v>8</v></c>'
        f'</row><row r="5">{_inline("A5", "Delta")}{_inline("B5", "Agadir")}<c r="C5" t="str"><f>"=HYPERLINK()"'
        "</f><v>=cmd|' /C calc'!A0</v></c></row>",
    )
    serials = _head_rows(
        f'<row r="2">{_inline("A2", "Alpha")}{_inline("B2", "Rabat")}<c r="C2" s="1"><v>45000</v></c></row>',
        f'<row r="3">{_inline("A3", "Beta")}{_inline("B3", "Fès")}<c r="C3" s="1"><v>-1</v></c></row>',
        f'<row r="4">{_inline("A4", "Gamma")}{_inline("B4", "Tanger")}<c r="C4" s="1"><v>1e300</v></c></row>',
    )
    hostile_name = (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        '2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        '<sheet name="&lt;script&gt;alert(1)&lt;/script&gt;/../x\u202e" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rtl_town = _inline("B2", "\u200fالرباط")
    inline_rtl = _head_rows(f'<row r="2">{_inline("A2", "شركة")}{rtl_town}{_inline("C2", "١٢٣")}</row>')
    booleans = _head_rows(
        f'<row r="2">{_inline("A2", "Alpha")}{_inline("B2", "Rabat")}<c r="C2" t="b"><v>1</v></c></row>',
        f'<row r="3">{_inline("A3", "Beta")}{_inline("B3", "Fès")}<c r="C3" t="d"><v>2020-02-30T00:00:00</v></c></row>',
        f'<row r="4">{_inline("A4", "Gamma")}{_inline("B4", "Tanger")}<c r="C4" t="n"><v>abc</v></c></row>',
    )
    return [
        Case("r4-xls-as-xlsx", "xlsx", _xls_as_xlsx),
        Case("r4-ods-as-xlsx", "xlsx", _ods_as_xlsx),
        Case("r4-ods-named-ods", "xlsx", lambda f: _ods_as_xlsx(f).rename(f / "in.ods")),
        Case("r4-xlsx-merged-group-header", "xlsx", _openpyxl(_merged_header), keep=_KEEP),
        Case("r4-xlsx-merged-header-cell", "xlsx", _openpyxl(_merged_header_row), keep=("nom", "ville")),
        Case("r4-xlsx-cached-shared-formulas", "xlsx", _workbook(_sheet(cached)), keep=("nom", "ville", "valeur")),
        Case("r4-xlsx-date-serials", "xlsx", _workbook(_sheet(serials), styles=_DATE_STYLES)),
        Case("r4-xlsx-1904-dates", "xlsx", _openpyxl(_dates_1904), keep=("nom", "ville", "date_creation")),
        Case("r4-xlsx-million-formatted-empty-rows", "xlsx", _million_empty_rows),
        Case("r4-xlsx-hostile-sheet-name", "xlsx", _workbook(_sheet(_plain_head()), book=hostile_name)),
        Case(
            "r4-map-hostile-sheet-name",
            "report",
            _workbook(_sheet(_plain_head()), book=hostile_name),
            command=("map", "{input}", "-o", "{out}/m.html"),
            outputs=("m.html",),
        ),
        Case("r4-xlsx-arabic-rtl", "xlsx", _workbook(_sheet(inline_rtl)), keep=("nom", "ville", "valeur")),
        Case("r4-xlsx-odd-cell-types", "xlsx", _workbook(_sheet(booleans)), keep=("nom", "ville", "valeur")),
    ]


def _plain_head() -> str:
    return _head_rows(f'<row r="2">{_inline("A2", "Alpha")}{_inline("B2", "Rabat")}{_inline("C2", "1")}</row>')


def _geo_cases() -> list[Case]:
    utf16 = json.dumps(_collection(_feature({"nom": "A", "ville": "Fès"}, _point(-5.0, 34.0))), ensure_ascii=False)
    mercator = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3857"}},
        "features": [_feature({"nom": "A"}, _point(-846_000.0, 3_960_000.0))],
    }
    return [
        Case("r4-geojson-200mb-one-feature", "geojson", _big_multipoint(200)),
        Case("r4-geojson-utf16", "geojson", _text("in.geojson", utf16, "utf-16")),
        Case("r4-geojson-epsg3857", "geojson", _geojson(mercator)),
        Case(
            "r4-geojson-property-named-geometry",
            "geojson",
            _geojson(_collection(_feature({"nom": "A", "geometry": "x", "type": "y", "id": 3}, _point(-6.8, 34.0)))),
            keep=("nom", "geometry", "type"),
        ),
        Case(
            "r4-geojson-mixed-property-types",
            "geojson",
            _geojson(
                _collection(
                    _feature({"nom": "A", "ville": "Rabat", "n": 1}),
                    _feature({"nom": 2, "ville": ["Fès"], "n": "deux"}),
                    _feature({"nom": None, "ville": {"x": 1}, "n": True}),
                )
            ),
        ),
        Case("r4-gpkg-two-point-layers", "gpkg", _gpkg_frame(_two_point_layers())),
        Case(
            "r4-gpkg-two-point-layers-map",
            "report",
            _gpkg_frame(_two_point_layers()),
            command=("map", "{input}", "-o", "{out}/m.html"),
            outputs=("m.html",),
        ),
    ]


def _parquet_cases() -> list[Case]:
    def typed() -> object:
        import datetime as dt
        import decimal

        import pyarrow as pa

        return pa.table(
            {
                "nom": pa.array(["A", "B"]).dictionary_encode(),
                "ville": pa.array(["Rabat", "Fès"]).dictionary_encode(),
                "capital": pa.array([decimal.Decimal("1.50"), None], pa.decimal128(10, 2)),
                "ratio": pa.array([float("inf"), float("nan")]),
                "cree": pa.array([dt.datetime(2020, 1, 1, 12), None], pa.timestamp("ms", tz="Africa/Casablanca")),
                "jour": pa.array([dt.date(1904, 1, 1), dt.date(2100, 12, 31)]),
                "duree": pa.array([dt.timedelta(days=1), None]),
            }
        )

    def ours() -> object:
        import pyarrow as pa

        return pa.table({"nom": ["A"], "ville": ["Rabat"], "region_code": ["99"], "geocode_status": ["forged"]})

    return [
        Case("r4-parquet-typed-columns", "parquet", _parquet(typed), keep=("nom", "ville", "capital", "cree", "duree")),
        Case("r4-parquet-our-column-names", "parquet", _parquet(ours), keep=("nom", "ville")),
    ]


def _option_cases() -> list[Case]:
    return [
        Case("r4-input-link-to-dev-zero", "csv", _link_to("/dev/zero")),
        Case("r4-input-link-to-dev-urandom-xlsx", "xlsx", _link_to("/dev/urandom", "in.xlsx")),
        Case(
            "r4-output-link-to-input",
            "output",
            _output_link_to_input,
            command=("geocode", "{input}", "-o", "{out}/link.csv"),
            outputs=(),
            library=False,
        ),
        Case(
            "r4-output-parent-is-a-file",
            "output",
            _parent_is_a_file,
            command=("geocode", "{input}", "-o", "{out}/file/out.csv"),
            outputs=("file",),
            library=False,
        ),
        Case(
            "r4-output-given-twice",
            "output",
            _PLAIN,
            command=("geocode", "{input}", "-o", "{out}/a.csv", "-o", "{out}/out.csv"),
            library=False,
        ),
        Case(
            "r4-by-given-twice",
            "output",
            _PLAIN,
            command=("shares", "{input}", "--by", "province", "--by", "region", "-o", "{out}/s.csv"),
            outputs=("s.csv",),
            library=False,
        ),
        Case(
            "r4-chunksize-zero",
            "output",
            _PLAIN,
            command=("geocode", "{input}", "-o", "{out}/out.csv", "--chunksize", "0"),
            library=False,
        ),
        Case(
            "r4-chunksize-huge",
            "output",
            _PLAIN,
            command=("geocode", "{input}", "-o", "{out}/out.csv", "--chunksize", "99999999999999999999"),
            library=False,
        ),
        Case(
            "r4-reproduce-data-inside-out",
            "output",
            _data_in_out,
            command=("reproduce", "--data", "{input}", "--out", "{out}", "--no-claims"),
            outputs=("geocoded.csv",),
            library=False,
        ),
        _side("--zones", "r4-unknown-regions", b'[[zone]]\nname = "Nord"\nregions = ["99", "Atlantis", ""]\n'),
        _side(
            "--zones",
            "r4-region-in-two-zones",
            b'[[zone]]\nname = "A"\nregions = ["06"]\n[[zone]]\nname = "B"\nregions = ["06", "04"]\n',
        ),
        _side("--zones", "r4-utf16", '[[zone]]\nname = "Nord"\nregions = ["01"]\n'.encode("utf-16")),
        _side("--zones", "r4-name-rtl", '[[zone]]\nname = "\u202eNord\u2066"\nregions = ["01"]\n'.encode()),
        _side("--aliases", "r4-utf16-bom", "name,region\nXyz,06\n".encode("utf-16")),
        _side("--aliases", "r4-unknown-region", b"name,region\nXyz,99\nAbc,Atlantis\n"),
        _side("--claims", "r4-unknown-zone", b'[[claim]]\nid = "c1"\nkind = "share"\nzone = "Atlantis"\nvalue = 0.5\n'),
        Case(
            "r4-zones-file-is-the-input",
            "side",
            _PLAIN,
            command=("shares", "{input}", "--zones", "{input}", "--by", "zone", "-o", "{out}/s.csv"),
            outputs=("s.csv",),
            library=False,
        ),
        Case(
            "r4-aliases-dev-zero",
            "side",
            _PLAIN,
            command=("geocode", "{input}", "--aliases", "/dev/zero", "-o", "{out}/out.csv"),
            library=False,
        ),
    ]


def round4_cases() -> list[Case]:
    """The fourth generation's cases, in a fixed order."""
    cases = [*_text_cases(), *_workbook_cases(), *_geo_cases(), *_parquet_cases(), *_option_cases()]
    if os.environ.get("FAULT_CORPUS_SMALL"):  # for quick runs: the 200 MB feature left out
        cases = [c for c in cases if "200mb" not in c.name]
    return cases

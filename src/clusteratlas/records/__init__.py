"""Reading cluster records from CSV, XLSX, GeoJSON, GeoPackage or Parquet, and checking them.

Column names are matched case-insensitively, accents and separators ignored, in English
or French (``name``/``nom``, ``city``/``ville``, ``year``/``année``, ``lat``/``latitude``,
``lon``/``lng``/``longitude``, ``region``/``région`` …) and renamed to one vocabulary.
Values are checked once, and every problem of a kind is reported in one message that
names the file, the rows and the column, and says how to fix it.

The package's modules, one job each:

- :mod:`~clusteratlas.records.readers`: the reader of each kind of file, chosen by suffix
  (:mod:`~clusteratlas.records.delimited`, :mod:`~clusteratlas.records.workbook`,
  :mod:`~clusteratlas.records.vector`, :mod:`~clusteratlas.records.parquet`);
- :mod:`~clusteratlas.records.encoding` and :mod:`~clusteratlas.records.header`: a CSV's
  encoding, separator and header row (title rows and group lines above it);
- :mod:`~clusteratlas.records.tidy`: blank rows and columns, a totals row at the end;
- :mod:`~clusteratlas.records.vocabulary`: the headers that mean our columns, whole or by
  their parts ("Ville / City"; a study's own columns and levers come from the default
  profile, :mod:`clusteratlas.profile`); :mod:`~clusteratlas.records.roles`: the columns a
  user chooses (``city_column`` …) and those that look like places but are not read;
- :mod:`~clusteratlas.records.numeric` and :mod:`~clusteratlas.records.dates`: numbers and
  dates as people write them (:func:`parse_numbers`, :func:`parse_years`);
- :mod:`~clusteratlas.records.values` and :mod:`~clusteratlas.records.rows`: checking our
  columns' values, and naming the rows of the bad ones;
- :mod:`~clusteratlas.records.read`: :func:`read_records` and :func:`prepare_records`.
"""

from __future__ import annotations

from .dates import MONTHS, YEARS, Years, full_dates, parse_years, read_years
from .delimited import extra_cells, warn_fallback
from .encoding import BYTE_ORDER_MARKS, MixedText, check_whole_text, decode_text, guess_utf16
from .header import (
    HEADER_ROWS,
    CsvHeader,
    find_csv_header,
    find_header,
    head_records,
    header_names,
    refuse_wide_rows,
    say_titles,
    sniff_separator,
    unique_names,
)
from .numeric import UNITS, Numbers, parse_numbers, read_numbers
from .parquet import as_strings, drop_geometry, parquet_file
from .read import prepare_records, read_records
from .readers import READERS, SUPPORTED, Reader, read_table, reader_for
from .roles import note_postal_codes
from .rows import describe_rows, describe_values, keep_rows, row_numbers
from .tidy import TOTALS, check_cells, drop_blank_columns, drop_blank_rows, drop_totals, refuse_nul_cells
from .values import check_coordinates, check_levers, check_year
from .vocabulary import (
    ADDRESS_HEADERS,
    DATE_HEADERS,
    FALSE_CELLS,
    LOCATION_COLUMNS,
    MAX_COLUMNS,
    NAME_FALLBACKS,
    NO_PLACE_CELLS,
    SYNONYMS,
    TRUE_CELLS,
    UNKNOWN_CELLS,
    WEAK_CITY_HEADERS,
    address_column,
    canonical_column,
    check_header,
    check_location,
    column_renames,
    find_column,
    has_location,
    header_parts,
    names_a_date,
    profile_headers,
    yes_no_columns,
)

__all__ = [
    "ADDRESS_HEADERS",
    "BYTE_ORDER_MARKS",
    "DATE_HEADERS",
    "FALSE_CELLS",
    "HEADER_ROWS",
    "LOCATION_COLUMNS",
    "MAX_COLUMNS",
    "MONTHS",
    "NAME_FALLBACKS",
    "NO_PLACE_CELLS",
    "READERS",
    "SUPPORTED",
    "SYNONYMS",
    "TOTALS",
    "TRUE_CELLS",
    "UNITS",
    "UNKNOWN_CELLS",
    "WEAK_CITY_HEADERS",
    "YEARS",
    "CsvHeader",
    "MixedText",
    "Numbers",
    "Reader",
    "Years",
    "address_column",
    "as_strings",
    "canonical_column",
    "check_cells",
    "check_coordinates",
    "check_header",
    "check_levers",
    "check_location",
    "check_whole_text",
    "check_year",
    "column_renames",
    "decode_text",
    "describe_rows",
    "describe_values",
    "drop_blank_columns",
    "drop_blank_rows",
    "drop_geometry",
    "drop_totals",
    "extra_cells",
    "find_column",
    "find_csv_header",
    "find_header",
    "full_dates",
    "guess_utf16",
    "has_location",
    "head_records",
    "header_names",
    "header_parts",
    "keep_rows",
    "names_a_date",
    "note_postal_codes",
    "parquet_file",
    "parse_numbers",
    "parse_years",
    "prepare_records",
    "profile_headers",
    "read_numbers",
    "read_records",
    "read_table",
    "read_years",
    "reader_for",
    "refuse_nul_cells",
    "refuse_wide_rows",
    "row_numbers",
    "say_titles",
    "sniff_separator",
    "unique_names",
    "warn_fallback",
    "yes_no_columns",
]

"""Years from dates as registers write them: ``12/03/2015``, ``2015-03-12T10:00``, ``mars 2015``.

:func:`parse_years` reads a whole column at once (each distinct cell once, by regular
expressions over the distinct cells, never a Python loop over rows) and gives the year of
each cell, whatever the common form it is written in: a plain year, dd/mm/yyyy, dd-mm-yyyy,
dd.mm.yyyy, yyyy-mm-dd, ISO timestamps, mm/yyyy, ``12 mars 2015``, ``March 12, 2015``,
workbook date cells. A cell that is neither a date nor a year is an error naming its row and
value; an empty one is unknown.

Examples
--------
>>> import pandas as pd
>>> cells = pd.Series(["12/03/2015", "2016-05-01T10:00:00", "mars 2017", "March 12, 2018", "2019", ""])
>>> parse_years(cells, column="Date de création").years.tolist()
[2015, 2016, 2017, 2018, 2019, <NA>]
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from ..errors import InputError
from .numeric import distinct_cells, read_numbers
from .rows import describe_values
from .vocabulary import UNKNOWN_CELLS

__all__ = ["MONTHS", "YEARS", "Years", "full_dates", "parse_years", "read_years"]

#: Creation years outside these bounds are errors (typos such as 20150 or -2015).
YEARS = (1900, 2100)

#: Month names and abbreviations, French and English (accents and a final dot ignored) → month.
MONTHS: dict[str, int] = {
    **dict.fromkeys(("janvier", "janv", "jan", "january"), 1),
    **dict.fromkeys(("fevrier", "fevr", "fev", "feb", "february"), 2),
    **dict.fromkeys(("mars", "mar", "march"), 3),
    **dict.fromkeys(("avril", "avr", "apr", "april"), 4),
    **dict.fromkeys(("mai", "may"), 5),
    **dict.fromkeys(("juin", "jun", "june"), 6),
    **dict.fromkeys(("juillet", "juil", "jul", "july"), 7),
    **dict.fromkeys(("aout", "aug", "august"), 8),
    **dict.fromkeys(("septembre", "sept", "sep", "september"), 9),
    **dict.fromkeys(("octobre", "oct", "october"), 10),
    **dict.fromkeys(("novembre", "nov", "november"), 11),
    **dict.fromkeys(("decembre", "dec", "december"), 12),
}
_WEEKDAY = (
    r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|monday|tuesday|wednesday|thursday|friday"
    r"|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\.?,?\s+)?"
)
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?"
_DAY = r"(\d{1,2})(?:er|st|nd|rd|th)?"
_MONTH = r"([a-z]{3,9})\.?"
#: (pattern, what its groups are, whether day and month may be swapped): the forms a date cell is
#: read in; groups are y (year), m (month number), M (month name), d (day).
_FORMS: tuple[tuple[str, str, bool], ...] = (
    (rf"(\d{{4}})[-/.](\d{{1,2}})[-/.](\d{{1,2}}){_TIME}", "ymd", False),  # 2015-03-12, ISO
    (rf"(\d{{1,2}})[-/.](\d{{1,2}})[-/.](\d{{4}}){_TIME}", "dmy", True),  # 12/03/2015
    (r"(\d{1,2})[-/.](\d{4})", "my", False),  # 03/2015
    (r"(\d{4})[-/](\d{1,2})", "ym", False),  # 2015-03
    (rf"{_WEEKDAY}{_DAY}[\s./-]*{_MONTH}[\s.,/-]*(\d{{4}})", "dMy", False),  # 12 mars 2015, 12-Mar-2015
    (rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+(\d{{4}})", "Mdy", False),  # March 12, 2015
    (rf"{_MONTH}[\s.,/-]*(\d{{4}})", "My", False),  # mars 2015
)


#: The forms of :data:`_FORMS` that give a day, a month and a year: a full date.
_FULL = tuple(form for form in _FORMS if set(form[1]) >= {"y", "d"})


def full_dates(values: pd.Series) -> pd.Series:
    """Read each cell as a full date by the reader's rules (:data:`_FORMS`): ``NaT`` where it is none.

    A workbook's date cell (``2016-03-12``), ``12/03/2016`` (day first; month first only when
    the day-first reading is no date), ``11 novembre 1982`` and ``March 12, 2015`` are dates;
    a year, ``mars 2015`` or a time of day are not (a cell with a time is no plain date).
    Each distinct cell is read once.

    Examples
    --------
    >>> full_dates(pd.Series(["2016-03-12", "12/03/2016", "11 novembre 1982", "2015", ""])).tolist()
    [Timestamp('2016-03-12 00:00:00'), Timestamp('2016-03-12 00:00:00'), Timestamp('1982-11-11 00:00:00'), NaT, NaT]
    """
    codes, uniques = distinct_cells(values)
    text = _normal(pd.Series(uniques, dtype=object))
    out = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    for pattern, groups, swap in _FULL:
        found = text.str.extract(f"^{pattern}$")
        found.columns = list(groups)
        month = found["M"].map(MONTHS) if "M" in found else pd.to_numeric(found["m"], errors="coerce")
        day, year = pd.to_numeric(found["d"], errors="coerce"), pd.to_numeric(found["y"], errors="coerce")
        for m, d in ((month, day), (day, month)) if swap else ((month, day),):
            parts = pd.DataFrame({"year": year, "month": m, "day": d})
            ok = parts.notna().all(axis=1) & parts["month"].between(1, 12) & parts["day"].between(1, 31) & out.isna()
            stamp = pd.to_datetime(parts[ok].astype("int64"), errors="coerce")
            out[stamp.index] = stamp
    out[text.str.contains(":", regex=False).to_numpy()] = pd.NaT
    return pd.Series(out.to_numpy()[codes], index=values.index, dtype="datetime64[ns]")


class Years(NamedTuple):
    """A column read as years: the years (``Int64``, ``<NA>`` for unknown) and whether cells held full dates."""

    years: pd.Series
    dated: bool


def _normal(cells: pd.Series) -> pd.Series:
    """Casefold, accents and non-breaking spaces removed, runs of spaces made one."""
    text = cells.astype(str).str.replace(r"[\u00a0\u202f\u2009]", " ", regex=True).str.strip().str.casefold()
    text = text.str.normalize("NFKD").str.replace(r"[\u0300-\u036f]", "", regex=True)
    return text.str.replace(r"\s+", " ", regex=True)


def _valid(y: pd.Series, m: pd.Series, d: pd.Series) -> np.ndarray:
    """Whether (year, month, day) are real dates (a missing day counts as the first)."""
    parts = pd.DataFrame({"year": y, "month": m, "day": d.fillna(1)})
    ok = parts.notna().all(axis=1) & parts["month"].between(1, 12) & parts["day"].between(1, 31)
    stamp = pd.to_datetime(parts[ok].astype("int64"), errors="coerce")
    out = np.zeros(len(parts), dtype=bool)
    out[np.flatnonzero(ok.to_numpy())] = stamp.notna().to_numpy()
    return out


def _form(text: pd.Series, pattern: str, groups: str, swap: bool) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Return the years of the cells that fit ``pattern``, whether they fit it, and whether they are real dates."""
    found = text.str.extract(f"^{pattern}$")
    found.columns = list(groups)
    fits = found["y"].notna().to_numpy(copy=True)
    year = pd.to_numeric(found["y"], errors="coerce")
    if "M" in found:
        month = found["M"].map(MONTHS)
        fits &= month.notna().to_numpy()
    else:
        month = pd.to_numeric(found["m"], errors="coerce")
    day = pd.to_numeric(found["d"], errors="coerce") if "d" in found else pd.Series(np.nan, index=text.index)
    real = _valid(year, month, day)
    if swap:  # 03/25/2015 is a real date read month first; the year is the same either way
        real |= _valid(year, day, month)
    return year, fits, real


def read_years(values: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray, bool]:
    """Read a column as years without raising.

    Returns
    -------
    tuple of (pandas.Series, numpy.ndarray, numpy.ndarray, bool)
        The years (floats, NaN for unknown and bad cells), the positions of cells that are
        neither a date nor a year, the positions of years outside :data:`YEARS`, and whether
        any cell was a full date rather than a year.
    """
    if pd.api.types.is_datetime64_any_dtype(values):
        years = values.dt.year.astype(float)
        return years, np.array([], dtype=int), _outside(years), bool(values.notna().any())
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return _plain(values.astype(float))
    codes, uniques = distinct_cells(values)
    text = _normal(pd.Series(uniques, dtype=object))
    year = pd.Series(np.nan, index=text.index)
    done = text.isin(UNKNOWN_CELLS).to_numpy(copy=True)
    dated = np.zeros(len(text), dtype=bool)
    # Cells of ASCII digits alone fit no form (each has a separator or a month's name): years, read below.
    maybe = np.flatnonzero(~done & ~text.str.fullmatch(r"[0-9]+").to_numpy(dtype=bool))
    for pattern, groups, swap in _FORMS if len(maybe) else ():
        found, fits, real = _form(text.iloc[maybe], pattern, groups, swap)
        new = fits & ~done[maybe]
        year.iloc[maybe[new & real]] = found.to_numpy()[new & real]
        dated[maybe[new]] = True
        done[maybe[new]] = True
    plain, bad, _, _ = _plain(pd.Series(uniques, dtype=object)[~done].reset_index(drop=True))
    rest = np.flatnonzero(~done)
    year.iloc[rest] = plain.to_numpy()
    bad_unique = np.zeros(len(text), dtype=bool)
    bad_unique[rest[bad]] = True
    bad_unique |= dated & year.isna().to_numpy()
    years = pd.Series(year.to_numpy()[codes], index=values.index)
    bad_rows = np.flatnonzero(bad_unique[codes])
    # every distinct cell is some row's: no need to look which are used
    return (
        years,
        bad_rows,
        np.setdiff1d(_outside(years), bad_rows),
        bool(dated.any()),
    )  # every distinct cell is some row's


def _outside(years: pd.Series) -> np.ndarray:
    low, high = YEARS
    return np.flatnonzero((years.notna() & ((years < low) | (years > high))).to_numpy())


def _plain(values: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray, bool]:
    """Plain years, as numbers (``2014``, ``2014.0``, ``2014,0``); a fraction is no year."""
    years, bad, _ = read_numbers(values, dots="decimal", units=False)
    frac = np.flatnonzero((years.notna() & (years % 1 != 0)).to_numpy())
    bad = np.union1d(bad, frac).astype(int)
    years = years.where(~np.isin(np.arange(len(years)), bad))
    return years, bad, np.setdiff1d(_outside(years), bad), False


def parse_years(values: pd.Series, *, column: str, table: pd.DataFrame | None = None) -> Years:
    """Read a column of dates or years as years.

    Parameters
    ----------
    values : pandas.Series
        The column's cells: text in any common date form, years, numbers or datetimes.
    column : str
        The column's name in ``table`` (messages give the header the user wrote).
    table : pandas.DataFrame, optional
        The records the column belongs to: messages name its file and rows.

    Returns
    -------
    Years
        ``(years, dated)``: ``Int64`` years in the column's order (``<NA>`` for empty or
        unknown cells), and whether any cell was a full date (the caller then keeps the
        dates as written).

    Raises
    ------
    InputError
        Naming every cell that is neither a date nor a year, or a year outside :data:`YEARS`.
    """
    years, bad, out, dated = read_years(values)
    if len(bad) or len(out):
        frame = table if table is not None else pd.DataFrame({column: values.to_numpy()})
        low, high = YEARS
        where = describe_values(frame, column, (bad, "not a year"), (out, f"outside {low}–{high}"))
        msg = (
            f"{where}; write the date the cluster was created (such as 12/03/2015 or 2015-03-12) or its "
            "four-digit year (such as 2014), or leave it empty if unknown."
        )
        raise InputError(msg)
    return Years(years.round().astype("Int64"), dated)

"""Numbers as people write them: thousands separators, decimal commas, a unit for the column.

:func:`parse_numbers` reads a whole column at once (each distinct cell once): ``2 880``
(space, U+00A0 or U+202F), ``1.234.567``, ``1'234``, ``5,4``, ``1 234,5``, ``1,234.5``, and a
unit or currency that the column shares, before or after the number (``12 MDH``, ``45 %``,
``MAD 1 200``). A cell that is not a number is an error naming its row and value, never a
silent missing value; an empty cell (or ``-``, ``n/a`` …) is unknown.

Examples
--------
>>> import pandas as pd
>>> values, unit = parse_numbers(pd.Series(["2 880", "1.200", "5,4", ""]), column="Effectif")
>>> values.tolist(), unit
([2880.0, 1200.0, 5.4, nan], None)
>>> parse_numbers(pd.Series(["12 MDH", "3,5 MDH"]), column="Capital")
Numbers(values=[12.0, 3.5], unit='MDH')
"""

from __future__ import annotations

import logging
import warnings
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import schema
from ..errors import AmbiguousNumberWarning, InputError
from .rows import describe_values
from .vocabulary import UNKNOWN_CELLS

__all__ = ["NO_NUMBER_CELLS", "SAME_UNITS", "UNITS", "Numbers", "distinct_cells", "parse_numbers", "read_numbers"]

log = logging.getLogger("clusteratlas")

#: Units and currencies recognised on any share of a column's cells (casefolded, spaces and dots
#: removed); another word is the column's unit only when every number of the column carries it.
UNITS = frozenset(
    {
        *("%", "‰", "°", "dh", "dhs", "mdh", "mdhs", "kdh", "mmdh", "mdsdh", "mrddh", "mad", "kmad", "mmad"),
        *("€", "eur", "k€", "m€", "keur", "meur", "$", "usd", "m$", "musd", "ha", "m²", "m2", "km", "km²", "t", "kg"),
    }
)
#: Units written two ways for one unit (casefolded, spaces and dots removed -> the unit they are):
#: a column may mix them ("12,5 MDH" and "3 M MAD" are both millions of dirhams).
SAME_UNITS: dict[str, str] = {
    "dhs": "dh",
    "mad": "dh",
    "kmad": "kdh",
    "mdhs": "mdh",
    "mmad": "mdh",
    "mdsdh": "mmdh",
    "mrddh": "mmdh",
    "eur": "€",
    "keur": "k€",
    "meur": "m€",
    "usd": "$",
    "musd": "m$",
}
#: Cells of a number column that say its value is unknown (casefolded, spaces around them
#: ignored): read as empty, as the town cells that say so are (``n.d.`` non disponible, ``NC``
#: non communiqué …).
NO_NUMBER_CELLS = UNKNOWN_CELLS | frozenset(
    {"n.d.", "n.d", "nd", "n/d", "n.a.", "n.a", "s/o", "nc", "n.c.", "n.c", "non communiqué", "non disponible"}
)
#: What a lone dot before three digits ("2.880") is when nothing else in the column says.
Dots = Literal["thousands", "decimal"]

_SPACES = r"[\u00a0\u202f\u2009\u2007\u2008]"
_SPLIT = r"^(?P<pre>\D*?)\s*(?P<sign>[-+]?)\s*(?P<num>\d(?:[\d.,' ]*\d)?)\s*(?P<post>\D*?)$"
_UNIT = r"(?:[^\W\d_]|[%‰°²³/.$€£¥ ])+"
_SCIENTIFIC = r"[-+]?\d+(?:\.\d*)?[eE][-+]?\d+"
_LONE_DOT = r"[1-9]\d{0,2}\.\d{3}"  # "2.880": 2880 or 2.88?
_LONE_COMMA = r"[1-9]\d{0,2},\d{3}"  # "1,250": 1250 or 1.25?
#: Cells whose comma can only be a decimal one ("5,4", "1 234,5", "1.234,5").
_DECIMAL_COMMA = r"\d+,(?:\d{1,2}|\d{4,})|\d{4,},\d+|0,\d+|\d{1,3}(?:\.\d{3})+,\d+"


class Numbers(NamedTuple):
    """A column read as numbers: the values (floats, NaN for unknown) and the unit they share."""

    values: pd.Series
    unit: str | None

    def __repr__(self) -> str:
        return f"Numbers(values={self.values.tolist()}, unit={self.unit!r})"


def distinct_cells(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Factorize a column's cells, a missing cell read as ``""``: each row's code and the distinct cells.

    A text column is factorized by Arrow (a tenth of the time of going through Python
    objects); other columns keep their cells' own types (an Excel number stays a number).
    """
    if isinstance(values.dtype, pd.StringDtype):
        codes, uniques = pd.factorize(values.fillna(""), sort=False)
    else:
        codes, uniques = pd.factorize(values.astype(object).where(values.notna(), ""), sort=False)
    return np.asarray(codes, dtype=np.intp), np.asarray(uniques, dtype=object)


def _commas(text: pd.Series, default: Dots) -> Dots:
    """Say what a lone comma before three digits is in this column: other cells decide, else ``default``.

    ``1,250`` is 1250 in an English register and 1.25 in a French one: a cell whose comma
    can only be decimal (``5,4``, ``1 234,5``) makes it decimal; otherwise ``default`` (the
    column's rule for a lone dot: thousands for counts, decimal for coordinates).
    """
    if text.str.fullmatch(_DECIMAL_COMMA).any():
        return "decimal"
    return default


def _dots(body: pd.Series, default: Dots) -> Dots:
    """Say what a lone dot before three digits is in this column: other cells decide, else ``default``."""
    thousands = body.str.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?|\d{1,3}(?:\.\d{3})+,\d+|" + _DECIMAL_COMMA)
    decimal = body.str.fullmatch(r"\d+\.\d+") & ~body.str.fullmatch(_LONE_DOT)
    if thousands.any():
        return "thousands"
    if decimal.any():
        return "decimal"
    return default


def _canonical(body: pd.Series, dots: Dots, default: Dots) -> pd.Series:
    """Rewrite number bodies (digits and separators) in Python's syntax; ``<NA>`` where they don't fit.

    ``dots`` says what a lone dot before three digits is (see :func:`_dots`); ``default``
    what a lone comma before three digits is when no other cell says (see :func:`_commas`).
    """
    spaced = body.str.contains(" ", regex=False)
    good_space = body.str.fullmatch(r"\d{1,3}(?: \d{3})+(?:[.,]\d+)?")
    text = body.str.replace(" ", "", regex=False)
    commas = text.str.fullmatch(r"\d{1,3}(?:,\d{3}){2,}|\d{1,3}(?:,\d{3})+\.\d+")  # 1,234,567 / 1,234.5
    comma_thousands = bool(commas.any()) or _commas(text, default) == "thousands"
    rules = [
        (r"\d+", text),
        (r"\d+\.\d+", text),
        (r"\d+,\d+", text.str.replace(",", ".", regex=False)),
        (r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)),
        (r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", text.str.replace(",", "", regex=False)),
    ]
    out = pd.Series(pd.NA, index=body.index, dtype=object)
    for pattern, value in reversed(rules):  # the first rule that fits wins
        out = out.mask(text.str.fullmatch(pattern), value)
    lone = text.str.fullmatch(_LONE_DOT)
    out = out.mask(lone, text if dots == "decimal" else text.str.replace(".", "", regex=False))
    if comma_thousands:  # "1,234" beside "1,234,567" or alone: a thousands comma, not a decimal one
        out = out.mask(text.str.fullmatch(_LONE_COMMA), text.str.replace(",", "", regex=False))
    return out.mask(spaced & ~good_space, pd.NA)


def _unit(pre: pd.Series, post: pd.Series, weights: np.ndarray, *, units: bool) -> tuple[pd.Series, str | None]:
    """Return each cell's unit key ("" for none, ``<NA>`` where the affix is no unit of the column) and the unit.

    ``weights`` counts the records of each distinct cell that holds a number (0 for the others).
    """
    affix = pre.where(pre != "", post)
    bad = (pre != "") & (post != "") | (affix != "") & ~affix.str.fullmatch(_UNIT) | affix.str.fullmatch(r"[\s.]+")
    key = affix.str.casefold().str.replace(r"[\s.]", "", regex=True).replace(SAME_UNITS).mask(bad, pd.NA)
    some = (key != "") & key.notna()
    if not units or not some.any():
        return key.mask(some, pd.NA), None
    weight = pd.Series(weights, index=key.index)
    given = weight[some].groupby(key[some], sort=False).sum()  # ties: the unit seen first
    top = str(given.idxmax())
    if top not in UNITS and given.max() < weight[key.notna()].sum():  # a word every number carries
        return key.mask(some, pd.NA), None
    shown = affix[key == top]
    unit = str(shown.iloc[int(np.argmax(weight[key == top].to_numpy()))])
    return key.mask(some & (key != top), pd.NA), unit


def _plain(values: pd.Series, dots: Dots) -> np.ndarray | None:
    """Read cells that are all plain numbers (``-12``, ``35.76727``) or empty, in C; else ``None``.

    Coordinates and most numeric columns are written so; their cells are mostly distinct, and
    the general reading (units, spaces, commas) would take many passes over each. A lone dot
    before three digits is read as :func:`_dots` reads it in the general path. A column of
    Arrow strings is read from its own buffers (no Python string made of each cell).
    """
    text = _arrow_text(values)
    if text is None:
        return None
    plain = pc.match_substring_regex(text, r"^-?\d+(?:\.\d+)?$")
    if not pc.all(pc.or_(plain, pc.equal(text, ""))).as_py():
        return None
    if dots == "thousands":
        lone = pc.match_substring_regex(text, r"^-?[1-9]\d{0,2}\.\d{3}$")
        dotted = pc.and_(pc.match_substring(text, "."), pc.invert(lone))
        if not pc.any(dotted).as_py():
            text = pc.if_else(lone, pc.replace_substring(text, ".", ""), text)
    number = pc.cast(pc.if_else(plain, text, pa.scalar(None, type=text.type)), pa.float64())
    return np.asarray(number.to_numpy(zero_copy_only=False), dtype=float)


def _arrow_text(values: pd.Series) -> pa.Array | pa.ChunkedArray | None:
    """Return the cells as Arrow large strings, missing ones empty; ``None`` when a cell is no string."""
    if isinstance(values.dtype, pd.StringDtype) and values.dtype.storage == "pyarrow":
        return pc.cast(pc.fill_null(pa.array(values.array), ""), pa.large_string())
    try:
        return pa.array(values.to_numpy(dtype=object, na_value=""), type=pa.large_string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return None


def read_numbers(
    values: pd.Series, *, dots: Dots = "thousands", units: bool = True
) -> tuple[pd.Series, np.ndarray, str | None]:
    """Read a column as numbers without raising: the values, the positions that are no number, the unit.

    Parameters
    ----------
    values : pandas.Series
        Cells as text (or numbers, returned as floats).
    dots : {"thousands", "decimal"}, default "thousands"
        What a lone dot before three digits (``2.880``) is when no other cell of the column
        says (a decimal comma or ``1.234.567`` elsewhere make dots thousands; ``3.5`` makes
        them decimal). Coordinates pass ``"decimal"``.
    units : bool, default True
        Accept a unit the column shares; years and coordinates take none.

    Returns
    -------
    tuple of (pandas.Series, numpy.ndarray, str or None)
        Floats (NaN for unknown and bad cells), the positions of bad cells, and the unit
        the column's cells share (``None`` if none).
    """
    if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
        return values.astype(float), np.array([], dtype=int), None
    plain = _plain(values, dots)
    if plain is not None:
        return pd.Series(plain, index=values.index, dtype=float), np.array([], dtype=int), None
    codes, uniques = distinct_cells(values)
    text = pd.Series(uniques, dtype=object).astype(str).str.replace(_SPACES, " ", regex=True)
    text = text.str.replace("\u2212", "-", regex=False).str.replace("’", "'", regex=False).str.strip()
    unknown = text.str.casefold().isin(NO_NUMBER_CELLS).to_numpy()
    parts = text.str.extract(_SPLIT)
    parts = parts.fillna("").apply(lambda col: col.str.strip())
    counts = np.bincount(codes[codes >= 0], minlength=len(uniques))
    counts[unknown | parts["num"].eq("").to_numpy()] = 0
    key, unit = _unit(parts["pre"], parts["post"], counts, units=units)
    body = parts["num"].str.replace("'", " ", regex=False)  # apostrophes separate thousands as spaces do
    canon = _canonical(body, _dots(body[key.notna()], dots), dots)
    canon = canon.mask(text.str.fullmatch(_SCIENTIFIC), text)  # 1e3, 2.5E-4: as Python writes them
    number = pd.to_numeric(canon, errors="coerce").astype(float)
    number = number.where(parts["sign"] != "-", -number).where(key.notna() | text.str.fullmatch(_SCIENTIFIC))
    number = number.to_numpy(dtype=float, copy=True)
    number[unknown] = np.nan
    bad_unique = np.isnan(number) & ~unknown
    out = pd.Series(number[codes], index=values.index, dtype=float)
    return out, np.flatnonzero(bad_unique[codes]), unit


def parse_numbers(
    values: pd.Series,
    *,
    column: str,
    table: pd.DataFrame | None = None,
    dots: Dots = "thousands",
    unknown: str = "leave the cell empty if unknown",
) -> Numbers:
    """Read a column as numbers written as people write them; say the unit the column shares.

    Thousands may be separated by spaces (also U+00A0 and U+202F), apostrophes or dots, and
    decimals by a comma or a dot (``2 880``, ``1.234.567``, ``1'234``, ``5,4``, ``1 234,5``,
    ``1,234.5``); a unit or currency before or after the number (``12 MDH``, ``45 %``,
    ``MAD 1 200``) is the column's when every cell that has one has the same and it is a known
    unit (:data:`UNITS`) or every number carries it. Every distinct cell is read once.

    Parameters
    ----------
    values : pandas.Series
        The column's cells.
    column : str
        The column's name in ``table`` (messages give the header the user wrote).
    table : pandas.DataFrame, optional
        The records the column belongs to: messages name its file and rows.
    dots : {"thousands", "decimal"}, default "thousands"
        What ``2.880`` is when no other cell says (see :func:`read_numbers`).
    unknown : str, optional
        What the message of a bad cell says to do when its number is unknown.

    Returns
    -------
    Numbers
        ``(values, unit)``: floats in the column's order (NaN for empty or unknown cells such
        as ``-`` or ``n/a``), and the unit (``None`` if none). The unit is also logged once.

    Raises
    ------
    InputError
        Naming the rows and values of the cells that are not numbers (a word, two units, a
        date …), with how to write them.
    """
    out, bad, unit = read_numbers(values, dots=dots)
    frame = table if table is not None else pd.DataFrame({column: values.to_numpy()})
    if len(bad):
        where = describe_values(frame, column, (bad, "not a number"))
        units = _units_of(values.iloc[bad], unit)
        two = f"; two units in one column: {' and '.join(units)}; write every number in one unit" if units else ""
        msg = (
            f"{where}{two}; write numbers such as 2880, 2 880 or 5,4 (one unit for the whole column, such as "
            f"MDH or %, may follow them), or {unknown}."
        )
        raise InputError(msg)
    if dots == "thousands":
        _say_decimal_dots(frame, column, values, out)
    if unit is not None:
        log.info("%s, column %r: numbers in %s", schema.source(frame), schema.header(frame, column), unit)
    return Numbers(out, unit)


def _units_of(cells: pd.Series, unit: str | None) -> list[str]:
    """Return the column's unit and the other known units of its bad cells (:data:`UNITS`), or ``[]`` if not two."""
    text = pd.Series(pd.unique(cells.astype(str)), dtype=object).str.replace(_SPACES, " ", regex=True).str.strip()
    parts = text.str.extract(_SPLIT).fillna("")
    affix = parts["pre"].str.strip().where(parts["pre"].str.strip() != "", parts["post"].str.strip())
    key = affix.str.casefold().str.replace(r"[\s.]", "", regex=True)
    known = key.isin(UNITS) & (parts["num"] != "")
    if unit is not None:
        known &= key.replace(SAME_UNITS) != SAME_UNITS.get(unit.casefold().replace(" ", "").replace(".", ""), "")
    units = [*([unit] if unit is not None else []), *dict.fromkeys(affix[known])]
    return units if len(units) > 1 else []


def _say_decimal_dots(frame: pd.DataFrame, column: str, values: pd.Series, out: pd.Series) -> None:
    """Warn when cells such as ``1.250`` or ``1,250`` were read as decimals because of other cells.

    ``1.250`` is 1250 in a French table and 1.25 in an English one, ``1,250`` the reverse;
    the column's other cells decide (``12.5`` elsewhere: a decimal dot; ``5,4``: a decimal
    comma). An Excel number cell reaches us written with a dot whatever the user's locale,
    so a register mixing typed ``1.250`` with number cells is read with decimal dots: the
    rows are named so that the user can check them.
    """
    if values.dtype.kind in "biuf" or not len(values):
        return
    codes, uniques = distinct_cells(values)
    text = pd.Series(uniques, dtype=object).astype(str).str.replace(_SPACES, " ", regex=True).str.strip()
    body = text.str.extract(_SPLIT)["num"].fillna("")
    fraction = out.to_numpy(dtype=float) % 1 != 0
    for sign, lone, decimal in ((".", _LONE_DOT, r"\d+\.\d+"), (",", _LONE_COMMA, _DECIMAL_COMMA)):
        alone = body.str.fullmatch(lone).to_numpy(dtype=bool)
        read = fraction & alone[codes]
        if read.any():
            plain = body.str.replace(" ", "", regex=False)
            other = plain.str.fullmatch(decimal).to_numpy(dtype=bool) & ~alone
            # "2403,923" beside "710,813": a column written with three decimals, nothing to say.
            if sign == "," and plain[other].str.fullmatch(r"\d+,\d{3}").any():
                return
            _warn_lone(frame, column, values, read, sign, other)
            return


def _warn_lone(
    frame: pd.DataFrame, column: str, values: pd.Series, read: np.ndarray, sign: str, decimal: np.ndarray
) -> None:
    """Warn that the rows ``read`` hold a lone ``sign`` before three digits read as a decimal one."""
    codes, _ = distinct_cells(values)
    example = next(iter(np.flatnonzero(decimal[codes])), None)
    shown = f" (such as {values.iat[int(example)]!r})" if example is not None else ""
    name = "dot" if sign == "." else "comma"
    where = describe_values(frame, column, (np.flatnonzero(read), "read as a decimal"))
    msg = (
        f"{where}, because other cells of the column have a decimal {name}{shown}; if that {name} separates "
        f"thousands (1{sign}250 for 1250), write the number without it (1250 or 1 250)."
    )
    warnings.warn(msg, AmbiguousNumberWarning, stacklevel=4)

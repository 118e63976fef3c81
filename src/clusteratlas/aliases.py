"""Names the gazetteer lacks: industrial zones, ports, parks, quarters, as aliases.

Two sources, one mechanism. clusteratlas ships well-known industrial sites
(``data/aliases.csv``, kind ``site``: Jorf Lasfar, Tanger Med, Midparc …), each with a
public source; users add their own with ``geocode(..., aliases=FILE)`` / ``--aliases FILE``.
An alias maps a name, as written in the ``city`` column, to a point (``lat``/``lon``), a
gazetteer place, a province or a region. Rows placed through one say so:
``geocode_status`` is ``alias`` (shipped) or ``user_alias`` (yours), and ``geocode_note``
names the alias, its target and its source. Coordinates given in the records always win.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ._csvin import read_text_csv
from ._prebuilt import cached
from ._resources import check_input_file, data_path, read_input_bytes, refuse_nul
from .errors import InputError
from .gazetteer import SOURCE_FILES, load_gazetteer, normalize_name, normalize_names, resolve_admin, resolve_keys
from .geography import admin_table, pack
from .records.encoding import decode_text

__all__ = [
    "ALIAS_COLUMNS",
    "KINDS",
    "Aliases",
    "apply_aliases",
    "combine",
    "describe",
    "load_aliases",
    "shipped_sites",
]

#: Columns of an aliases file (compared without case or accents), English or French.
ALIAS_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nom", "alias"),
    "place": ("place", "lieu", "ville", "city"),
    "province": ("province", "préfecture", "prefecture"),
    "region": ("region", "région"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "longitude"),
    "source": ("source", "sources", "note"),
}
_HEADER = {normalize_name(s): canon for canon, names in ALIAS_COLUMNS.items() for s in names}
#: Kinds of target, most precise first.
KINDS = ("point", "place", "province", "region")


@dataclass(frozen=True)
class Aliases:
    """A table of aliases, one row per distinct name key.

    Attributes
    ----------
    table : pandas.DataFrame
        ``key`` (normalised name), ``alias`` (as written), ``kind`` (:data:`KINDS`),
        ``target`` (place name, province or region code; empty for points), ``lat``,
        ``lon``, ``source``, ``origin`` (``shipped`` or ``user``).
    """

    table: pd.DataFrame

    def __len__(self) -> int:
        return len(self.table)


def _empty() -> pd.DataFrame:
    cols = ["key", "alias", "kind", "target", "lat", "lon", "source", "origin"]
    return pd.DataFrame({c: pd.Series(dtype=float if c in ("lat", "lon") else object) for c in cols})


@functools.cache
def shipped_sites() -> Aliases:
    """Return the industrial sites clusteratlas ships (``data/aliases.csv``, kind ``site``).

    Read once per process (every :func:`~clusteratlas.geocode` call uses them), prebuilt
    when it can be (:mod:`clusteratlas._prebuilt`); treat the table as read-only.
    """
    return cached("shipped_sites", [data_path(*f) for f in SOURCE_FILES], _build_shipped_sites)


def _build_shipped_sites() -> Aliases:
    """Build the shipped sites' table from ``data/aliases.csv``."""
    raw = read_text_csv(data_path("aliases.csv"), keep_default_na=False, comment="#")
    sites = raw[raw["kind"] == "site"]
    if sites.empty:
        return Aliases(_empty())
    target = sites["target"].str.strip()
    is_place = target.str.startswith("gn:").to_numpy()
    gaz = load_gazetteer()
    names = gaz.places["name"].reindex(target[is_place]).to_numpy(dtype=object)
    table = pd.DataFrame(
        {
            "key": normalize_names(sites["alias"]),
            "alias": sites["alias"].to_numpy(dtype=object),
            "kind": np.where(is_place, "place", "province"),
            "target": np.where(is_place, pd.Series(target).where(~is_place, "").to_numpy(), target.to_numpy()),
            "lat": np.nan,
            "lon": np.nan,
            "source": sites["source"].to_numpy(dtype=object) if "source" in sites else "",
            "origin": "shipped",
        }
    )
    table.loc[is_place, "target"] = names
    return Aliases(table.reset_index(drop=True))


def _read_table(path: Path) -> pd.DataFrame:
    raw = read_input_bytes(path)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):  # UTF-16 or UTF-32 (Excel's "Unicode text")
        text, _ = decode_text(raw, path)
    else:
        refuse_nul(raw, path, "an aliases CSV")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text.strip() else ""
    sep = ";" if first.count(";") > first.count(",") else ("\t" if "\t" in first else ",")
    try:
        return read_text_csv(io.StringIO(text), sep=sep, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        lines = str(err).strip().splitlines()
        msg = f"{path}: not an aliases CSV ({lines[0] if lines else 'empty'}); see README, `aliases`."
        raise InputError(msg) from err


def load_aliases(path: str | Path) -> Aliases:
    """Read and check a user's aliases file.

    Parameters
    ----------
    path : str or Path
        CSV (comma, semicolon or tab; UTF-8 or Windows-1252) with a ``name``/``nom`` column
        and, per row, one target: ``lat`` and ``lon``; or ``place``/``lieu`` (a place the
        gazetteer knows); or ``province``; or ``region``/``région``. ``source`` is optional
        and shown in the geocode note.

    Returns
    -------
    Aliases

    Raises
    ------
    InputError
        If two columns mean the same (``name`` and ``nom``). Listing every bad row at once:
        no name, no target or two targets, a place the gazetteer doesn't know exactly, an
        unknown province or region, bad coordinates, or one name given two different targets.
    """
    path = Path(path)
    check_input_file(path, "aliases")
    frame = _read_columns(path)
    problems: list[str] = []
    rows = np.arange(len(frame)) + 2
    kind, lat, lon = _kinds(frame, rows, problems)
    target = _targets(frame, kind, rows, problems)
    table = pd.DataFrame(
        {
            "key": normalize_names(frame["name"]),
            "alias": frame["name"].to_numpy(dtype=object),
            "kind": kind,
            "target": target,
            "lat": np.where(kind == "point", lat, np.nan),
            "lon": np.where(kind == "point", lon, np.nan),
            "source": frame["source"].where(frame["source"].ne(""), path.name).to_numpy(dtype=object),
            "origin": "user",
        }
    )
    clash = table.groupby("key")[["kind", "target", "lat", "lon"]].nunique(dropna=False).gt(1).any(axis=1)
    for key in clash[clash].index:
        names = sorted(set(table.loc[table["key"] == key, "alias"]))
        problems.append(f"{' / '.join(repr(n) for n in names)} given two different targets")
    if problems:
        shown = "; ".join(problems[:10]) + (f"; and {len(problems) - 10} more" if len(problems) > 10 else "")
        msg = f"{path}: {shown}."
        raise InputError(msg)
    return Aliases(table.drop_duplicates("key").reset_index(drop=True))


def _kinds(frame: pd.DataFrame, rows: np.ndarray, problems: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's kind of target (:data:`KINDS`, ``""`` when none or several) and its coordinates.

    Rows with no name, no target or several, and coordinates that are not decimal degrees
    are added to ``problems``.
    """
    has = {c: frame[c].ne("").to_numpy() for c in ("place", "province", "region")}
    has["point"] = (frame["lat"].ne("") & frame["lon"].ne("")).to_numpy()
    n_targets = sum(has.values())
    for r in rows[frame["name"].eq("").to_numpy()]:
        problems.append(f"row {r}: no name")
    for r in rows[(n_targets != 1) & frame["name"].ne("").to_numpy()]:
        problems.append(f"row {r}: give exactly one target (lat+lon, place, province or region)")
    kind = np.select([has["point"], has["place"], has["province"], has["region"]], list(KINDS), "")
    lat = pd.to_numeric(frame["lat"].str.replace(",", ".", regex=False), errors="coerce").to_numpy(dtype=float)
    lon = pd.to_numeric(frame["lon"].str.replace(",", ".", regex=False), errors="coerce").to_numpy(dtype=float)
    bad_point = (kind == "point") & ~((np.abs(lat) <= 90) & (np.abs(lon) <= 180))
    for r, a, b in zip(rows[bad_point], frame["lat"][bad_point], frame["lon"][bad_point], strict=True):
        problems.append(f"row {r}: lat/lon {a!r}, {b!r} are not decimal degrees")
    return kind, lat, lon


def _read_columns(path: Path) -> pd.DataFrame:
    """Read the aliases table with its headers normalised, every column present and stripped."""
    frame = _read_table(path)
    given = [str(c) for c in frame.columns]
    frame.columns = [_HEADER.get(normalize_name(c), c) for c in given]
    twice = sorted({c for c in frame.columns if list(frame.columns).count(c) > 1})
    if twice:
        parts = "; ".join(
            " and ".join(repr(g) for g, c in zip(given, frame.columns, strict=True) if c == t) + f" both mean {t!r}"
            for t in twice
        )
        msg = f"{path}: columns {parts}; keep one of them."
        raise InputError(msg)
    if "name" not in frame:
        msg = f"{path}: no 'name' column (found {', '.join(map(str, frame.columns))}); give name and a target."
        raise InputError(msg)
    if not ({"place", "province", "region"} & set(frame.columns) or {"lat", "lon"} <= set(frame.columns)):
        msg = f"{path}: no target column; give lat and lon, place, province or region."
        raise InputError(msg)
    for col in ("place", "province", "region", "lat", "lon", "source"):
        if col not in frame:
            frame[col] = ""
    return frame.apply(lambda s: s.astype(str).str.strip())


def _targets(frame: pd.DataFrame, kind: np.ndarray, rows: np.ndarray, problems: list[str]) -> np.ndarray:
    """Resolve each row's place, province or region target; unknown ones are added to ``problems``."""
    target = np.full(len(frame), "", dtype=object)
    places = kind == "place"
    if places.any():
        found = resolve_keys(np.array(normalize_names(frame["place"][places]), dtype=object), load_gazetteer())
        exact = found["status"].isin(["exact", "alias", "commune"]).to_numpy()
        gaz = load_gazetteer()
        target[places] = gaz.places["name"].reindex(found["place_id"]).to_numpy(dtype=object)
        for r, p in zip(rows[places][~exact], frame["place"][places][~exact], strict=True):
            problems.append(f"row {r}: place {p!r} is not a place the gazetteer knows exactly")
    for level in ("province", "region"):
        mask = kind == level
        for i in np.flatnonzero(mask):
            code = resolve_admin(normalize_name(frame[level].iat[i]), level)[0]
            if code is None:
                problems.append(f"row {rows[i]}: {frame[level].iat[i]!r} is not a {level} of {pack().country}")
            target[i] = code or ""
    return target


def combine(*tables: Aliases | None) -> Aliases:
    """Merge alias tables; for a name in several, the first wins (the user's before the shipped)."""
    frames = [t.table for t in tables if t is not None and len(t)]
    if not frames:
        return Aliases(_empty())
    return Aliases(pd.concat(frames, ignore_index=True).drop_duplicates("key").reset_index(drop=True))


def apply_aliases(
    frame: pd.DataFrame, aliases: Aliases, *, keys: np.ndarray | None = None, codes: np.ndarray | None = None
) -> tuple[pd.DataFrame, np.ndarray]:
    """Rewrite the location columns of rows whose ``city`` is an alias, for the geocoder.

    ``keys`` and ``codes``: the keys of the ``city`` column's distinct values and each
    row's position among them (``pd.factorize``), when the caller has them already.

    Returns
    -------
    (pandas.DataFrame, numpy.ndarray)
        A copy of ``frame`` with each hit's target written where the geocoder reads it
        (coordinates, the place's name, or the province/region column with the city
        emptied), and for each row the alias table's row (``-1``: no alias). Rows with
        coordinates of their own are never rewritten.
    """
    hit = _alias_rows(frame, aliases, keys, codes)
    if not (hit >= 0).any():
        return frame, hit
    work = frame.copy()
    rows = np.flatnonzero(hit >= 0)
    t = aliases.table.iloc[hit[rows]]
    kind = t["kind"].to_numpy()
    for col in ("lat", "lon"):
        if col not in work:
            work[col] = np.nan
        work[col] = work[col].astype(float)
        sel = rows[kind == "point"]
        work.iloc[sel, work.columns.get_loc(col)] = t[col].to_numpy(dtype=float)[kind == "point"]
    city = work["city"].astype(object).to_numpy(copy=True)
    city[rows[kind == "place"]] = t["target"].to_numpy(dtype=object)[kind == "place"]
    city[rows[np.isin(kind, ("province", "region"))]] = ""
    work["city"] = city
    for level in ("province", "region"):
        sel = kind == level
        if sel.any():
            n = len(work)
            values = work[level].astype(object).to_numpy(copy=True) if level in work else np.full(n, "", dtype=object)
            values[rows[sel]] = t["target"].to_numpy(dtype=object)[sel]
            work[level] = values
    return work, hit


def _alias_rows(
    frame: pd.DataFrame, aliases: Aliases, keys: np.ndarray | None = None, codes: np.ndarray | None = None
) -> np.ndarray:
    """For each row, the alias table's row its ``city`` names (``-1``: none, or coordinates of its own)."""
    hit = np.full(len(frame), -1)
    if not len(aliases) or "city" not in frame or not len(frame):
        return hit
    if keys is None or codes is None:
        codes, uniq = pd.factorize(frame["city"].astype("string"), use_na_sentinel=True)
        keys = np.asarray(normalize_names(uniq), dtype=object)
    if len(keys) == 0:
        return hit
    pos = pd.Index(aliases.table["key"]).get_indexer(keys)
    hit = np.where(codes >= 0, pos[np.maximum(codes, 0)], -1)
    if "lat" in frame and "lon" in frame:
        own = frame["lat"].notna().to_numpy() & frame["lon"].notna().to_numpy()
        hit[own] = -1
    return hit


def describe(aliases: Aliases, index: int) -> str:
    """One line for the geocode note: the alias, its target and its source."""
    row = aliases.table.iloc[index]
    if row["kind"] == "point":
        to = f"{row['lat']:.5f}, {row['lon']:.5f}"
    elif row["kind"] in ("province", "region"):
        names = admin_table(row["kind"]).set_index(f"{row['kind']}_code")[row["kind"]]
        to = f"{row['kind']} {names.get(row['target'], row['target'])}"
    else:
        to = f"place {row['target']}"
    src = f" ({row['source']})" if row["source"] else ""
    return f"alias {row['alias']!r} → {to}{src}"

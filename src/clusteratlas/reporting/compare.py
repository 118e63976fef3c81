"""Compare two datasets (``report --compare``): what was added, gone, renamed or moved.

Records are matched one to one by :func:`match_key` of their name, after declared renames
(:func:`load_renames`); :func:`compare_records` adds the zone shares before and after, and
:func:`compare_section` words it all as a report section.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._resources import check_input_file, data_path, read_input_bytes, refuse_nul
from ..aggregate import UNPLACED, Zones, load_zones, shares
from ..errors import InputError
from ..gazetteer import normalize_name
from ..presentation import number, percent, points
from . import sections
from .sections import Context, Section, Table, group_names

__all__ = [
    "CHANGES",
    "GENERIC_WORDS",
    "compare_records",
    "compare_section",
    "load_renames",
    "match_key",
    "match_records",
]

#: Words left out when names are matched across datasets ("Menara Cluster" = "MENARA").
GENERIC_WORDS = ("cluster", "maroc", "morocco", "moroccan")

#: The kinds of change of a comparison, in the order the report gives them.
CHANGES = ("added", "gone", "renamed", "moved", "same")


def load_renames(path: str | Path | None = None) -> dict[str, str]:
    """Read a rename mapping (CSV with ``old,new``); default ``data/renames.csv``.

    Returns
    -------
    dict
        Match key of the old name -> match key of the new name.

    Raises
    ------
    InputError
        If the file can't be read as CSV or lacks the columns ``old`` and ``new``.
    """
    path = Path(path) if path is not None else data_path("renames.csv")
    check_input_file(path, "renames")
    raw = read_input_bytes(path)
    refuse_nul(raw, path, "a renames CSV")
    try:
        frame = pd.read_csv(io.BytesIO(raw), dtype=str, keep_default_na=False, comment="#", encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        msg = f"{path}: not a renames CSV ({first}); give UTF-8 CSV with columns old,new."
        raise InputError(msg) from err
    if not {"old", "new"} <= set(frame.columns):
        msg = f"{path}: needs columns 'old' and 'new' (found {', '.join(frame.columns)})."
        raise InputError(msg)
    return {match_key(o): match_key(n) for o, n in zip(frame["old"], frame["new"], strict=True)}


def match_key(name: object) -> str:
    """Key that matches a cluster across datasets: normalised, generic words dropped.

    Examples
    --------
    >>> match_key("Menara Cluster") == match_key("MENARA")
    True
    >>> match_key("CISE Maroc") == match_key("CISE")
    True
    """
    words = re.split(r"[\s\-–_/]+", str(name or ""))
    kept = [w for w in words if normalize_name(w) not in GENERIC_WORDS]
    return normalize_name(" ".join(kept)) or normalize_name(name)


def _match_keys(names: pd.Series) -> np.ndarray:
    """Return :func:`match_key` of each name, computed once per distinct name (missing names: ``""``)."""
    codes, uniques = pd.factorize(names)  # missing: -1, the last key
    keys = np.array([match_key(u) for u in uniques] + [match_key(None)], dtype=object)
    out: np.ndarray = keys[codes]
    return out


def _compare_side(frame: pd.DataFrame, renames: dict[str, str] | None) -> pd.DataFrame:
    """One dataset's records, in row order: match key (after ``renames``), its occurrence, name and place.

    The ``occurrence`` numbers records with the same key in row order, so that duplicates
    are matched one to one with the other dataset's, never collapsed.
    """
    none = pd.Series(None, index=frame.index, dtype=object)
    names: pd.Series = frame.get("name", none)
    own = pd.Series(_match_keys(names), index=frame.index, dtype=object)
    key = own.map(renames).fillna(own) if renames else own
    code = frame.get("province_code", none).astype("string")
    province = frame.get("province", none).astype(object).astype(str)
    side = pd.DataFrame(
        {
            "key": key.to_numpy(dtype=object),
            "own": own.to_numpy(dtype=object),
            "name": names.astype(object).astype(str).to_numpy(dtype=object),
            "code": code.fillna("\0").to_numpy(dtype=object),  # NUL: no code (never a real code)
            "place": np.where(code.fillna("").ne("").to_numpy(), province.to_numpy(dtype=object), UNPLACED),
            "row": np.arange(len(frame)),
        }
    )
    side["occurrence"] = side.groupby("key", sort=False).cumcount()
    return side


def match_records(before: pd.DataFrame, after: pd.DataFrame, *, renames: dict[str, str] | None = None) -> pd.DataFrame:
    """Match the records of two datasets one to one; say what became of each.

    Records are matched by :func:`match_key` of their name, after the declared renames;
    records sharing a key in one dataset are matched in row order with the other's (the
    first with the first, ...), so none is dropped.

    Returns
    -------
    pandas.DataFrame
        One row per record of ``before`` and per unmatched record of ``after``: ``change``
        (``added``, ``gone``, ``renamed``, ``moved`` or ``same``: a matched record whose
        province changed is ``moved``, renamed or not), ``before`` and ``after`` (names),
        ``place_before``, ``place_after`` (province, or "Unplaced") and ``row_before``,
        ``row_after`` (0-based rows, -1 for none). Added records come first in ``after``'s
        row order, then the others in ``before``'s. Every record of both is counted once.
    """
    old, new = _compare_side(before, renames), _compare_side(after, None)
    both = old.merge(
        new.drop(columns="key"),
        how="outer",
        left_on=["key", "occurrence"],
        right_on=["own", "occurrence"],
        suffixes=("_b", "_a"),
        indicator=True,
        sort=False,
    )
    out = pd.DataFrame(
        {
            "change": _changes(both),
            "before": both["name_b"].fillna("").to_numpy(dtype=object),
            "after": both["name_a"].fillna("").to_numpy(dtype=object),
            "place_before": both["place_b"].fillna("").to_numpy(dtype=object),
            "place_after": both["place_a"].fillna("").to_numpy(dtype=object),
            "row_before": both["row_b"].fillna(-1).astype(int).to_numpy(),
            "row_after": both["row_a"].fillna(-1).astype(int).to_numpy(),
        }
    )
    added = out["change"].eq("added")
    order = np.lexsort((np.where(added, out["row_after"], out["row_before"]), ~added.to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def _changes(both: pd.DataFrame) -> np.ndarray:
    """Say what became of each row of the merged sides: added, gone, moved, renamed or same."""
    matched = both["_merge"].eq("both").to_numpy()
    return np.select(
        [
            both["_merge"].eq("right_only").to_numpy(),
            both["_merge"].eq("left_only").to_numpy(),
            matched & both["code_b"].ne(both["code_a"]).to_numpy(),
            matched & both["own_b"].ne(both["key"]).to_numpy(),
        ],
        ["added", "gone", "moved", "renamed"],
        "same",
    )


def compare_records(
    before: pd.DataFrame, after: pd.DataFrame, *, renames: dict[str, str] | None = None, zones: Zones | None = None
) -> dict[str, Any]:
    """Compare two geocoded datasets: added, gone, renamed, moved records and zone shares.

    Records are matched one to one by :func:`match_key` of their name, after the declared
    renames (:func:`match_records`): each record of ``before`` is gone, renamed, moved or
    unchanged, each of ``after`` added, renamed, moved or unchanged, exactly once.

    Returns
    -------
    dict
        ``added``, ``gone`` (names), ``renamed`` (pairs), ``moved`` (name, from, to), ``same``
        (names), each in row order, ``records`` (:func:`match_records`' frame) and ``zones``
        (a frame of counts and shares before and after).
    """
    records = match_records(before, after, renames=renames)
    kind = {k: records[records["change"].eq(k)] for k in CHANGES}
    z = zones or load_zones()
    by = "zone" if z.names else "region"  # a table without zones compares its regions
    a = shares(before, by=by, zones=z).table.set_index("group")
    b = shares(after, by=by, zones=z).table.set_index("group")
    groups = list(dict.fromkeys([*b.index, *a.index]))
    table = pd.DataFrame(
        {
            "group": groups,
            "count_before": [int(a["count"].get(g, 0)) for g in groups],
            "share_before": [float(a["share"].get(g, 0.0)) for g in groups],
            "count_after": [int(b["count"].get(g, 0)) for g in groups],
            "share_after": [float(b["share"].get(g, 0.0)) for g in groups],
        }
    )
    table["change_points"] = 100 * (table["share_after"] - table["share_before"])
    return {
        "added": kind["added"]["after"].tolist(),
        "gone": kind["gone"]["before"].tolist(),
        "renamed": list(zip(kind["renamed"]["before"], kind["renamed"]["after"], strict=True)),
        "moved": list(
            zip(kind["moved"]["after"], kind["moved"]["place_before"], kind["moved"]["place_after"], strict=True)
        ),
        "same": kind["same"]["after"].tolist(),
        "records": records,
        "zones": table,
    }


def compare_section(
    c: Context,
    before: pd.DataFrame,
    renames: dict[str, str] | None,
    before_label: str,
    after_label: str,
) -> Section:
    """Return the comparison with ``before``: what became of each record, and the zone shares before and after."""
    t, lang = c.t, c.lang
    diff = compare_records(before, c.geocoded, renames=renames, zones=c.zones)
    labels = t["compare_labels"].format(
        before_word=t["before"], before=before_label, after_word=t["after"], after=after_label
    )
    sec = Section("compare", t["compare"], paragraphs=[labels])
    records: pd.DataFrame = diff["records"]
    summarised = _compare_summarised(records)
    shown = records.groupby("change", sort=False).head(sections.TOP_LISTED) if summarised else records
    if summarised:
        sec.paragraphs.append(
            t["compare_summarised"].format(
                max=sections.RECORDS_LISTED_MAX,
                k=sections.TOP_LISTED,
                rest=number(len(records) - len(shown), lang),
                before=before_label,
                after=after_label,
            )
        )
    sec.items += _compare_items(c, records, shown)
    sec.tables.append(_compare_zones(c, diff["zones"]))
    changes = _compare_changes(shown)
    words = changes.assign(change=[t[f"change_{k}"] for k in changes["change"]])
    columns = {"change": t["status"], "before": t["before"], "after": t["after"]}
    sec.tables.append(Table("compare_records", t["compare_records"], words.rename(columns=columns), changes))
    return sec


def _compare_zones(c: Context, raw: pd.DataFrame) -> Table:
    """Return the zones' counts and shares before and after, and the change in points."""
    t, lang = c.t, c.lang
    names = group_names(t, c.zones, lang)

    def col(when: str, what: str) -> str:
        return t["compare_column"].format(when=t[when], what=t[what])

    display = pd.DataFrame(
        {
            t["group"]: [names.get(g, g) for g in raw["group"]],
            col("before", "count"): [number(v, lang) for v in raw["count_before"]],
            col("before", "share"): [percent(v, lang) for v in raw["share_before"]],
            col("after", "count"): [number(v, lang) for v in raw["count_after"]],
            col("after", "share"): [percent(v, lang) for v in raw["share_after"]],
            t["change"]: [points(v, lang) for v in raw["change_points"]],
        }
    )
    return Table("compare_zones", t["compare_zones"], display, raw, tuple(display.columns[1:]))


def _compare_summarised(records: pd.DataFrame) -> bool:
    """Whether a comparison's lists are summarised: one of them, or the table of changes, is too long."""
    counts = records["change"].value_counts()
    most = sections.RECORDS_LISTED_MAX
    return bool(counts.max() > most or counts.drop("same", errors="ignore").sum() > most)


def _compare_items(c: Context, records: pd.DataFrame, shown: pd.DataFrame) -> list[str]:
    """One item per kind of change: its count and the names of the records ``shown`` (with how many more)."""
    t, lang = c.t, c.lang
    texts_of = {
        "added": shown["after"],
        "gone": shown["before"],
        "renamed": shown["before"] + " → " + shown["after"],
        "moved": shown["after"] + " (" + shown["place_before"] + " → " + shown["place_after"] + ")",
        "same": shown["after"],
    }
    counts = records["change"].value_counts()
    items = []
    for key in CHANGES:
        names = texts_of[key][shown["change"].eq(key)].tolist()
        n = int(counts.get(key, 0))
        listed = ", ".join(names) or t["none"]
        if n > len(names):
            listed = t["compare_more"].format(names=listed, n=number(n - len(names), lang))
        items.append(t["compare_item"].format(what=t[key], n=number(n, lang), names=listed))
    return items


def _compare_changes(shown: pd.DataFrame) -> pd.DataFrame:
    """Return the table of changes: added, gone, renamed then moved records, each with its names before and after."""
    parts = []
    for key in CHANGES[:-1]:
        part = shown[shown["change"].eq(key)]
        before, after = part["before"], part["after"]
        if key == "moved":
            before = before + " (" + part["place_before"] + ")"
            after = after + " (" + part["place_after"] + ")"
        parts.append(pd.DataFrame({"change": key, "before": before, "after": after}))
    return pd.concat(parts, ignore_index=True).astype(object)

"""The study's published claims, as data, recomputed from the records.

Each claim carries the rule that recomputes it (``data/claims.toml``). A claim matches when
the recomputed value agrees with the published one within the study's rounding; it is a
mismatch otherwise, or not computable when the records hold nothing to test it with. The
data are never adjusted to make a claim match.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from ._resources import read_toml
from .aggregate import GEOGRAPHIC, UNKNOWN, UNPLACED, Zones, lever_counts, load_zones, shares
from .errors import InputError
from .geography import pack
from .presentation import percent
from .profile import levers_of
from .registry import Registry

__all__ = [
    "CONDITION_OPS",
    "KINDS",
    "OPS",
    "RULES",
    "STATUSES",
    "ClaimResult",
    "Rule",
    "Verdict",
    "check_claim",
    "check_groups",
    "claims_frame",
    "evaluate_claim",
    "evaluate_claims",
    "load_claims",
    "ok_share",
]

#: Comparison operators a claim's ``op`` may be.
OPS = ("≈", ">", ">=", "<", "<=", "==")
#: What a recomputed claim can be.
STATUSES = ("match", "mismatch", "not computable")


@dataclass(frozen=True)
class ClaimResult:
    """One claim, published against recomputed.

    Attributes
    ----------
    id, text, location : str
        The claim's identifier, its wording in the study and where it stands.
    published, recomputed : str
        Both values as a reader would write them (``"60%"``, ``"58.8% (10 of 17)"``).
    status : str
        ``match``, ``mismatch`` or ``not computable``.
    explanation : str
        One line: how it was recomputed and why it matches or not.
    published_value, recomputed_value : object
        The raw values (floats for shares), for programs.
    """

    id: str
    text: str
    location: str
    published: str
    recomputed: str
    status: str
    explanation: str
    published_value: Any = None
    recomputed_value: Any = None

    #: The fields a reader sees, in table order.
    FIELDS = ("id", "location", "text", "published", "recomputed", "status", "explanation")

    def as_row(self) -> dict[str, str]:
        """Return the claim as one table row (:attr:`FIELDS`)."""
        return {f: getattr(self, f) for f in self.FIELDS}


#: Keys a ``[[claim]]`` table may hold, with the type each must have.
_CLAIM_KEYS: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "text": (str,),
    "location": (str,),
    "kind": (str,),
    "published": (int, float, str, list),
    "op": (str,),
    "tolerance": (int, float),
    "rounding": (str,),
    "by": (str,),
    "group": (str, int),
    "subset": (dict,),
    "test": (dict,),
    "columns": (list,),
    "k": (int,),
    "note": (str,),
    "reason": (str,),
}
#: Operators of ``subset``/``test`` conditions.
CONDITION_OPS = ("==", "!=", ">=", "<=", ">", "<", "in", "contains_all")
_NUMBER_KINDS = ("share", "count", "min", "max", "all")


def _type_name(value: object) -> str:
    return (
        {str: "text", int: "a whole number", float: "a number", bool: "true/false", list: "a list", dict: "a table"}[
            type(value)
        ]
        if type(value) in (str, int, float, bool, list, dict)
        else type(value).__name__
    )


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_condition(where: str, cond: dict[str, Any]) -> list[str]:
    problems = []
    unknown = sorted(set(cond) - {"column", "op", "value"})
    if unknown:
        problems.append(f"{where} has unknown key(s) {unknown}; a condition has column, op and value")
    if not isinstance(cond.get("column"), str) or not cond.get("column", "").strip():
        problems.append(f"{where} needs a 'column' (text)")
    op = cond.get("op", "==")
    if op not in CONDITION_OPS:
        problems.append(f"{where}: op {op!r} is not one of {', '.join(CONDITION_OPS)}")
    if "value" not in cond:
        problems.append(f"{where} needs a 'value'")
    elif op in (">=", "<=", ">", "<") and not _is_number(cond["value"]):
        problems.append(f"{where}: op {op!r} needs a number as value, not {cond['value']!r}")
    elif op == "in" and not isinstance(cond["value"], list):
        problems.append(f"{where}: op 'in' needs a list as value, not {cond['value']!r}")
    return problems


def _check_published(cid: str, kind: str, claim: dict[str, Any]) -> list[str]:
    if "published" not in claim:
        return [] if kind == "not_computable" else [f"claim {cid!r} has no 'published' value"]
    pub = claim["published"]
    if kind in _NUMBER_KINDS and not _is_number(pub):
        return [f"claim {cid!r}: 'published' must be a number for kind {kind!r}, not {_type_name(pub)} ({pub!r})"]
    if kind in ("share", "all") and not 0 <= pub <= 1:
        return [f"claim {cid!r}: 'published' is a share, between 0 and 1 (0.6 for 60%), not {pub!r}"]
    if kind == "mode" and not isinstance(pub, str | int):
        return [f"claim {cid!r}: 'published' must be the expected value of {claim.get('by')!r}, not {pub!r}"]
    if kind == "least_common" and not (isinstance(pub, list) and all(isinstance(p, str) for p in pub)):
        return [f"claim {cid!r}: 'published' must be a list of column names for kind 'least_common'"]
    return []


def _check_needs(cid: str, kind: str, claim: dict[str, Any]) -> list[str]:
    """Return what a claim of ``kind`` needs and lacks: ``by``, ``group``, ``subset`` and ``test``."""
    problems = []
    if kind in ("mode", "min", "max") and "by" not in claim:
        problems.append(f"claim {cid!r}: kind {kind!r} needs 'by'")
    if kind in ("share", "count") and "by" in claim and "group" not in claim:
        problems.append(f"claim {cid!r}: 'by' needs a 'group'")
    if kind == "all" and not ("subset" in claim and "test" in claim):
        problems.append(f"claim {cid!r}: kind 'all' needs 'subset' and 'test'")
    return problems


def _check_least_common(cid: str, claim: dict[str, Any]) -> list[str]:
    """Return the problems of a ``least_common`` claim's ``columns`` and ``k``."""
    cols, k = claim.get("columns"), claim.get("k")
    if not (isinstance(cols, list) and cols and all(isinstance(c, str) for c in cols)):
        return [f"claim {cid!r}: kind 'least_common' needs 'columns', a list of column names"]
    if not (isinstance(k, int) and 1 <= k <= len(cols)):
        return [f"claim {cid!r}: 'k' must be a whole number from 1 to {len(cols)}, not {k!r}"]
    return []


def _check_kind(cid: str, kind: str, claim: dict[str, Any]) -> list[str]:
    """Return what a claim of ``kind`` needs and lacks, and the problems of its conditions."""
    problems = _check_needs(cid, kind, claim)
    if kind == "least_common":
        problems += _check_least_common(cid, claim)
    for key in ("subset", "test"):
        if isinstance(claim.get(key), dict):
            problems += _check_condition(f"claim {cid!r} {key}", claim[key])
    return problems


def _check_keys(cid: str, claim: dict[str, Any]) -> list[str]:
    """Return a claim's unknown keys (with the nearest known one) and its values of the wrong type."""
    problems = []
    for key in sorted(set(claim) - set(_CLAIM_KEYS)):
        near = difflib.get_close_matches(key, list(_CLAIM_KEYS), n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else f"; keys are {', '.join(_CLAIM_KEYS)}"
        problems.append(f"claim {cid!r}: unknown key {key!r}{hint}")
    for key, types in _CLAIM_KEYS.items():
        value = claim.get(key)
        if key in claim and (not isinstance(value, types) or isinstance(value, bool)):
            wanted = " or ".join(
                dict.fromkeys("a number" if t in (int, float) and float in types else _type_name(t()) for t in types)
            )
            problems.append(f"claim {cid!r}: {key!r} must be {wanted}, not {value!r}")
    return problems


def check_claim(claim: object, number: int) -> list[str]:
    """Return every problem of one ``[[claim]]`` table (empty when it is well formed).

    Parameters
    ----------
    claim : object
        One entry of a claims file's ``claim`` array.
    number : int
        Its position in the file (1-based), to name it when it has no ``id``.

    Returns
    -------
    list of str
        One sentence per problem: unknown keys, wrong types, what a kind needs.
    """
    if not isinstance(claim, dict):
        return [f"claim #{number} is {_type_name(claim)}, not a [[claim]] table"]
    cid = str(claim.get("id", f"#{number}"))
    problems = _check_keys(cid, claim)
    if "id" not in claim:
        problems.append(f"claim #{number} has no 'id'")
    kind = claim.get("kind")
    if kind not in KINDS:
        close = difflib.get_close_matches(str(kind), KINDS, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        problems.append(f"claim {cid!r}: kind {kind!r} is not one of {', '.join(KINDS)}{hint}")
        return problems
    if claim.get("op", "==") not in OPS:
        problems.append(f"claim {cid!r}: op {claim.get('op')!r} is not one of {' '.join(OPS)}")
    if _is_number(claim.get("tolerance", 0)) and claim.get("tolerance", 0) < 0:
        problems.append(f"claim {cid!r}: 'tolerance' must be 0 or more")
    return problems + _check_published(cid, str(kind), claim) + _check_kind(cid, str(kind), claim)


def load_claims(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Read and check a claims file (TOML); the default is the study's (``data/claims.toml``).

    Every problem of the file is listed in one message: unknown keys, values of the wrong
    type, kinds and operators that don't exist, what a kind needs and lacks.

    Raises
    ------
    InputError
        If the file is missing or not TOML, or any claim is malformed.
    """
    path = Path(path) if path is not None else pack().claims
    doc = read_toml(path, "claims")
    problems = [
        f"unknown top-level key {k!r} (a claims file has 'source' and [[claim]] tables)"
        for k in doc
        if k not in ("source", "claim")
    ]
    claims = doc.get("claim", [])
    if not isinstance(claims, list):
        problems.append(f"'claim' is {_type_name(claims)}; write each claim as a [[claim]] table")
        claims = []
    seen: set[str] = set()
    for i, c in enumerate(claims, start=1):
        problems += check_claim(c, i)
        cid = str(c.get("id", f"#{i}")) if isinstance(c, dict) else f"#{i}"
        if cid in seen:
            problems.append(f"claim {cid!r} appears twice")
        seen.add(cid)
    if not claims and isinstance(doc.get("claim", []), list):
        problems.append("no [[claim]] tables")
    if problems:
        msg = f"{path}: {'; '.join(problems)}; see data/claims.toml for the format."
        raise InputError(msg)
    return list(claims)


def check_groups(claims: list[dict[str, Any]], zones: Zones) -> None:
    """Check that every claim's ``group`` exists in its geographic grouping.

    A claim on a zone the zones file lacks, or on a region or province that doesn't exist,
    would otherwise read as a mismatch ("0 of 17"); it is an error instead.

    Raises
    ------
    InputError
        Listing every claim whose group is unknown, with the valid names.
    """
    from .gazetteer import normalize_name, resolve_admin

    problems = []
    for c in claims:
        by, group = c.get("by"), c.get("group")
        if c.get("kind") not in ("share", "count") or group is None:
            continue
        if by == "zone" and str(group) not in zones.names:
            problems.append(f"claim {c.get('id')!r}: zone {group!r} is not one of {', '.join(zones.names)}")
        elif by in ("region", "province") and resolve_admin(normalize_name(str(group)), str(by))[0] is None:
            problems.append(f"claim {c.get('id')!r}: {group!r} is not a {by} of {pack().country}")
    if problems:
        where = f" (zones from {zones.source})" if zones.source else ""
        msg = f"claims{where}: {'; '.join(problems)}."
        raise InputError(msg)


def _pct(x: float) -> str:
    return percent(x, trim=True)  # "58.8%", "50%"


def _mask(records: pd.DataFrame, cond: dict[str, Any]) -> pd.Series:
    col, op, value = cond.get("column"), cond.get("op", "=="), cond.get("value")
    if col not in records:
        msg = f"claim condition uses column {col!r}, which the records lack."
        raise InputError(msg)
    s = records[col]
    known = s.notna() & s.astype("string").str.strip().ne("")
    if op == "contains_all":
        words = [str(v).casefold() for v in (value if isinstance(value, list) else [value])]
        text = s.astype("string").fillna("").str.casefold()
        out = pd.Series(True, index=records.index)
        for w in words:
            out &= text.str.contains(w, regex=False)
        return out & known
    if op == "in":
        return s.isin(value if isinstance(value, list) else [value]) & known
    if op in ("==", "!="):
        eq = s.astype("string").str.strip() == str(value)
        return (eq if op == "==" else ~eq).fillna(False) & known
    num = pd.to_numeric(s, errors="coerce")
    cmp = {">=": num >= value, "<=": num <= value, ">": num > value, "<": num < value}.get(op)
    if cmp is None:
        msg = f"claim condition op {op!r} is not one of ==, !=, >=, <=, >, <, in, contains_all."
        raise InputError(msg)
    return cmp.fillna(False)


def _compare(value: float, published: float, op: str, tolerance: float) -> bool:
    if op == "≈":
        return abs(value - published) <= tolerance + 1e-12
    return bool(
        {
            ">": value > published,
            ">=": value >= published,
            "<": value < published,
            "<=": value <= published,
            "==": abs(value - published) < 1e-9,
        }[op]
    )


class Verdict(NamedTuple):
    """What a rule finds: whether the claim holds, both values as written, why, and the raw value."""

    ok: bool
    published: str
    recomputed: str
    why: str
    value: Any


Rule = Callable[[dict[str, Any], pd.DataFrame, "Zones | None"], Verdict]


def _count_of(claim: dict[str, Any], records: pd.DataFrame, zones: Zones | None) -> tuple[int, str]:
    """Count the records in the claim's group (``by``/``group``), ``subset``, or all; say which."""
    by = claim.get("by")
    if by is not None:
        table = shares(records, by=str(by), zones=zones).table
        if by in ("region", "province"):
            from .gazetteer import normalize_name, resolve_admin

            code = resolve_admin(normalize_name(str(claim.get("group"))), str(by))[0]
            hit = table.loc[table["code"].astype(str) == str(code), "count"]
        else:
            hit = table.loc[table["group"].astype(str) == str(claim.get("group")), "count"]
        return (int(hit.iloc[0]) if len(hit) else 0), f"{by} = {claim.get('group')}"
    if "subset" in claim:
        sub = claim["subset"]
        return int(_mask(records, sub).sum()), f"{sub['column']} {sub.get('op', '==')} {sub.get('value')}"
    return len(records), "any value (all records)"


def _rule_count(claim: dict[str, Any], records: pd.DataFrame, zones: Zones | None) -> Verdict:
    n, what = _count_of(claim, records, zones)
    published = claim["published"]
    ok = _compare(n, float(published), claim.get("op", "=="), float(claim.get("tolerance", 0.0)))
    return Verdict(ok, str(published), str(n), f"{n} records with {what} (published {published})", n)


_SAYS = {"≈": "≈", ">": "more than", ">=": "at least", "<": "less than", "<=": "at most", "==": "exactly"}


def _rule_share(claim: dict[str, Any], records: pd.DataFrame, zones: Zones | None) -> Verdict:
    n, what = _count_of(claim, records, zones)
    total, published = len(records), claim["published"]
    op, tol = claim.get("op", "=="), float(claim.get("tolerance", 0.0))
    value = n / total if total else float("nan")
    ok = ok_share(value, published, op, tol)
    if op == "≈":
        rounding = f" to the {claim['rounding']}" if "rounding" in claim else ""
        why = (
            f"{n} of {total} records ({_pct(value)}) with {what}: {'within' if ok else 'not within'} the published "
            f"{_pct(published)}{rounding} (±{100 * tol:g} pts)"
        )
    else:
        why = f"{n} of {total} records ({_pct(value)}) with {what}; published: {_SAYS[op]} {_pct(published)}"
    shown = f"{'' if op in ('≈', '==') else _SAYS[op] + ' '}{_pct(published)}"
    return Verdict(ok, shown, f"{_pct(value)} ({n} of {total})", why, value)


def _rule_mode(claim: dict[str, Any], records: pd.DataFrame, zones: Zones | None) -> Verdict:
    by, published = claim["by"], claim["published"]
    table = shares(records, by=str(by), zones=zones).table
    table = table[~table["group"].isin([UNPLACED, UNKNOWN])]
    groups = list(table.loc[table["count"] == table["count"].max(), "group"].astype(str))
    listing = ", ".join(f"{g} {c}" for g, c in zip(table["group"], table["count"], strict=True) if c)
    tie = f" (tie: {', '.join(groups)})" if len(groups) > 1 else ""
    why = f"most frequent {by}: {' / '.join(groups)}{tie}; counts: {listing}"
    return Verdict(groups == [str(published)], str(published), " / ".join(groups), why, groups)


def _rule_extreme(claim: dict[str, Any], records: pd.DataFrame, zones: Zones | None) -> Verdict:
    kind, by, published = claim["kind"], claim["by"], claim["published"]
    vals = pd.to_numeric(records[by], errors="coerce").dropna()
    value = float(vals.min() if kind == "min" else vals.max()) if len(vals) else float("nan")
    ok = _compare(value, float(published), claim.get("op", "=="), float(claim.get("tolerance", 0.0)))
    shown = f"{value:g}"
    return Verdict(ok, str(published), shown, f"{kind} of {by} over {len(vals)} known values: {shown}", value)


def _rule_all(claim: dict[str, Any], records: pd.DataFrame, zones: Zones | None) -> Verdict:
    sub, test, published = claim["subset"], claim["test"], claim["published"]
    subset = _mask(records, sub)
    passes = _mask(records, test)
    n_sub, passing = int(subset.sum()), int((subset & passes).sum())
    value = passing / n_sub if n_sub else float("nan")
    names = records.loc[subset & ~passes, "name"] if "name" in records else pd.Series(dtype=str)
    failing = f"; not: {', '.join(map(str, names))}" if len(names) else ""
    why = (
        f"{passing} of {n_sub} records with {sub['column']} {sub.get('op', '==')} {sub.get('value')} "
        f"have {test['column']} {test.get('op', '==')} {test.get('value')}{failing}"
    )
    ok = _compare(value, float(published), claim.get("op", "=="), float(claim.get("tolerance", 0.0)))
    return Verdict(ok, _pct(float(published)), f"{_pct(value)} ({passing} of {n_sub})", why, value)


def _rule_least_common(claim: dict[str, Any], records: pd.DataFrame, zones: Zones | None) -> Verdict:
    published = list(claim["published"])
    cols = [c for c in claim["columns"] if c in records]
    counted = lever_counts(records, cols)
    counts, known = counted["yes"].to_dict(), counted["known"].to_dict()
    order = sorted(cols, key=lambda c: (counts[c] / known[c] if known[c] else np.inf, c))
    k = int(claim["k"])
    least = sorted(order[:k], key=lambda c: (published.index(c) if c in published else k, c))
    tied = [c for c in order[k:] if known[c] and counts[c] / known[c] == counts[least[-1]] / known[least[-1]]]
    short = {lever.column: lever.short["en"] for lever in levers_of(None)}  # the default profile's levers
    label = {c: short.get(c, c) for c in cols}
    shown = ", ".join(f"{label[c]} {counts[c]}/{known[c]}" for c in order)
    return Verdict(
        set(least) == set(published) and not tied,
        ", ".join(label.get(c, c) for c in published),
        ", ".join(label[c] for c in least),
        f"least frequent first: {shown}",
        least,
    )


#: Claim kinds: name -> rule and what it recomputes. Adding a kind is one entry and one function.
RULES = Registry[Rule]("claim kind", "kind")
RULES.add("share", _rule_share, "share of ALL records in `group` of `by`, or matching `subset`")
RULES.add("count", _rule_count, "number of records in `group` of `by`, matching `subset`, or all")
RULES.add("mode", _rule_mode, "the most frequent known value of `by`")
RULES.add("min", _rule_extreme, "smallest value of the column `by`")
RULES.add("max", _rule_extreme, "largest value of the column `by`")
RULES.add("all", _rule_all, "share of the records matching `subset` that also match `test`")
RULES.add("least_common", _rule_least_common, "the `k` least frequent of the boolean `columns`")


#: Every claim kind, ``not_computable`` included.
KINDS = (*RULES.choices(), "not_computable")


def evaluate_claim(claim: dict[str, Any], records: pd.DataFrame, *, zones: Zones | None = None) -> ClaimResult:
    """Recompute one claim from geocoded records, with the rule of its kind (:data:`RULES`).

    Parameters
    ----------
    claim : dict
        One ``[[claim]]`` table of a claims file.
    records : pandas.DataFrame
        Geocoded records.
    zones : Zones, optional
        For ``by = "zone"``; defaults to the study's.

    Returns
    -------
    ClaimResult
    """
    base = {"id": claim.get("id", ""), "text": claim.get("text", ""), "location": claim.get("location", "")}
    if claim["kind"] == "not_computable":
        reason = claim.get("reason", "no rule recomputes it")
        return ClaimResult(**base, published="—", recomputed="—", status="not computable", explanation=reason)
    published = claim["published"]
    for col in (claim.get("by"), *(c.get("column") for c in (claim.get("subset"), claim.get("test")) if c)):
        if col and col not in GEOGRAPHIC and col not in records:
            return ClaimResult(
                **base,
                published=str(published),
                recomputed="—",
                status="not computable",
                explanation=f"the records have no {col!r} column",
                published_value=published,
            )
    rule = RULES.get(claim["kind"])
    found = rule(claim, records, zones)
    note = claim.get("note", "")
    return ClaimResult(
        **base,
        published=found.published,
        recomputed=found.recomputed,
        status="match" if found.ok else "mismatch",
        explanation=f"{found.why}{'; ' + note if note else ''}",
        published_value=published,
        recomputed_value=found.value,
    )


def ok_share(value: float, published: float, op: str, tolerance: float) -> bool:
    """Whether a recomputed share agrees with the published one under ``op`` and ``tolerance``."""
    if np.isnan(value):
        return False
    return _compare(value, float(published), op, tolerance)


def evaluate_claims(
    records: pd.DataFrame, *, claims: str | Path | list[dict[str, Any]] | None = None, zones: Zones | None = None
) -> list[ClaimResult]:
    """Recompute every claim of a claims file from geocoded records.

    Parameters
    ----------
    records : pandas.DataFrame
        Geocoded records (:func:`clusteratlas.geocode`).
    claims : str, Path or list of dict, optional
        A claims file, or claims already loaded; defaults to the study's.
    zones : Zones, optional
        Zones for zone claims; defaults to the study's.

    Returns
    -------
    list of ClaimResult
        In file order.
    """
    loaded = claims if isinstance(claims, list) else load_claims(claims)
    zones = zones if zones is not None else load_zones()
    check_groups(loaded, zones)
    return [evaluate_claim(c, records, zones=zones) for c in loaded]


def claims_frame(results: list[ClaimResult]) -> pd.DataFrame:
    """Return claim results as a table (id, location, text, published, recomputed, status, explanation)."""
    return pd.DataFrame([r.as_row() for r in results], columns=list(ClaimResult.FIELDS))

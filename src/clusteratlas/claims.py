"""The study's published claims, as data, recomputed from the records.

Each claim carries the rule that recomputes it (``data/claims.toml``). A claim matches when
the recomputed value agrees with the published one within the study's rounding; it is a
mismatch otherwise, or not computable when the records hold nothing to test it with. The
data are never adjusted to make a claim match.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._resources import data_path, read_toml
from .aggregate import GEOGRAPHIC, UNKNOWN, UNPLACED, Zones, shares
from .errors import InputError
from .records import LEVER_SHORT

KINDS = ("share", "count", "mode", "min", "max", "all", "least_common", "not_computable")
OPS = ("≈", ">", ">=", "<", "<=", "==")
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


def load_claims(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Read and check a claims file (TOML); the default is the study's (``data/claims.toml``).

    Raises
    ------
    InputError
        If the file is missing or not TOML, or a claim lacks what its kind needs.
    """
    path = Path(path) if path is not None else data_path("claims.toml")
    doc = read_toml(path, "claims")
    claims = doc.get("claim", [])
    problems = []
    seen: set[str] = set()
    for i, c in enumerate(claims, start=1):
        cid = c.get("id", f"#{i}")
        if cid in seen:
            problems.append(f"claim {cid!r} appears twice")
        seen.add(cid)
        kind = c.get("kind")
        if kind not in KINDS:
            problems.append(f"claim {cid!r}: kind {kind!r} is not one of {', '.join(KINDS)}")
            continue
        if kind != "not_computable" and "published" not in c:
            problems.append(f"claim {cid!r} has no 'published' value")
        if c.get("op", "==") not in OPS:
            problems.append(f"claim {cid!r}: op {c.get('op')!r} is not one of {' '.join(OPS)}")
        if kind in ("mode", "min", "max") and "by" not in c:
            problems.append(f"claim {cid!r}: kind {kind!r} needs 'by'")
        if kind == "all" and not ("subset" in c and "test" in c):
            problems.append(f"claim {cid!r}: kind 'all' needs 'subset' and 'test'")
        if kind == "least_common" and not ("columns" in c and "k" in c):
            problems.append(f"claim {cid!r}: kind 'least_common' needs 'columns' and 'k'")
    if not claims:
        problems.append("no [[claim]] tables")
    if problems:
        msg = f"{path}: {'; '.join(problems)}."
        raise InputError(msg)
    return list(claims)


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%".replace(".0%", "%") if abs(100 * x - round(100 * x)) < 1e-9 else f"{100 * x:.1f}%"


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


def evaluate_claim(claim: dict[str, Any], records: pd.DataFrame, *, zones: Zones | None = None) -> ClaimResult:
    """Recompute one claim from geocoded records.

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
    kind = claim["kind"]
    base = {"id": claim.get("id", ""), "text": claim.get("text", ""), "location": claim.get("location", "")}
    note = claim.get("note", "")
    if kind == "not_computable":
        return ClaimResult(
            **base,
            published="—",
            recomputed="—",
            status="not computable",
            explanation=claim.get("reason", "no rule recomputes it"),
        )
    published = claim["published"]
    op = claim.get("op", "==")
    tol = float(claim.get("tolerance", 0.0))
    total = len(records)
    by = claim.get("by")
    for col in (by, *(c.get("column") for c in (claim.get("subset"), claim.get("test")) if c)):
        if col and col not in GEOGRAPHIC and col not in records:
            return ClaimResult(
                **base,
                published=str(published),
                recomputed="—",
                status="not computable",
                explanation=f"the records have no {col!r} column",
                published_value=published,
            )

    def finish(ok: bool, published_s: str, recomputed_s: str, why: str, value: Any) -> ClaimResult:
        status = "match" if ok else "mismatch"
        explanation = f"{why}{'; ' + note if note else ''}"
        return ClaimResult(
            **base,
            published=published_s,
            recomputed=recomputed_s,
            status=status,
            explanation=explanation,
            published_value=published,
            recomputed_value=value,
        )

    if kind in ("share", "count"):
        if by is not None:
            table = shares(records, by=str(by), zones=zones).table
            hit = table.loc[table["group"].astype(str) == str(claim.get("group")), "count"]
            n = int(hit.iloc[0]) if len(hit) else 0
            what = f"{by} = {claim.get('group')}"
        elif "subset" in claim:
            n = int(_mask(records, claim["subset"]).sum())
            what = f"{claim['subset']['column']} {claim['subset'].get('op', '==')} {claim['subset'].get('value')}"
        else:
            n, what = total, "any value (all records)"
        if kind == "count":
            ok = _compare(n, float(published), op, tol)
            return finish(ok, str(published), str(n), f"{n} records with {what} (published {published})", n)
        value = n / total if total else float("nan")
        rounding = f" to the {claim['rounding']}" if "rounding" in claim else ""
        sym = {"≈": "≈", ">": "more than", ">=": "at least", "<": "less than", "<=": "at most", "==": "exactly"}[op]
        verdict = "within" if ok_share(value, published, op, tol) else "not within"
        if op == "≈":
            why = (
                f"{n} of {total} records ({_pct(value)}) with {what}: {verdict} the published "
                f"{_pct(published)}{rounding} (±{100 * tol:g} pts)"
            )
        else:
            why = f"{n} of {total} records ({_pct(value)}) with {what}; published: {sym} {_pct(published)}"
        return finish(
            ok_share(value, published, op, tol),
            f"{'' if op in ('≈', '==') else sym + ' '}{_pct(published)}",
            f"{_pct(value)} ({n} of {total})",
            why,
            value,
        )

    if kind == "mode":
        table = shares(records, by=str(by), zones=zones).table
        table = table[~table["group"].isin([UNPLACED, UNKNOWN])]
        top = table[table["count"] == table["count"].max()]
        groups = list(top["group"].astype(str))
        listing = ", ".join(f"{g} {c}" for g, c in zip(table["group"], table["count"], strict=True) if c)
        ok = groups == [str(published)]
        tie = f" (tie: {', '.join(groups)})" if len(groups) > 1 else ""
        return finish(
            ok,
            str(published),
            " / ".join(groups),
            f"most frequent {by}: {' / '.join(groups)}{tie}; counts: {listing}",
            groups,
        )

    if kind in ("min", "max"):
        vals = pd.to_numeric(records[by], errors="coerce").dropna()
        value = float(vals.min() if kind == "min" else vals.max()) if len(vals) else float("nan")
        ok = _compare(value, float(published), op, tol)
        shown = f"{value:g}"
        return finish(ok, str(published), shown, f"{kind} of {by} over {len(vals)} known values: {shown}", value)

    if kind == "all":
        subset = _mask(records, claim["subset"])
        n_sub = int(subset.sum())
        passing = int((subset & _mask(records, claim["test"])).sum())
        value = passing / n_sub if n_sub else float("nan")
        names = (
            records.loc[subset & ~_mask(records, claim["test"]), "name"] if "name" in records else pd.Series(dtype=str)
        )
        failing = f"; not: {', '.join(map(str, names))}" if len(names) else ""
        sub, test = claim["subset"], claim["test"]
        why = (
            f"{passing} of {n_sub} records with {sub['column']} {sub.get('op', '==')} {sub.get('value')} "
            f"have {test['column']} {test.get('op', '==')} {test.get('value')}{failing}"
        )
        return finish(
            _compare(value, float(published), op, tol),
            _pct(float(published)),
            f"{_pct(value)} ({passing} of {n_sub})",
            why,
            value,
        )

    # least_common
    cols = [c for c in claim["columns"] if c in records]
    counts = {c: int((records[c] == True).sum()) for c in cols}  # noqa: E712  (nullable booleans)
    known = {c: int(records[c].notna().sum()) for c in cols}
    order = sorted(cols, key=lambda c: (counts[c] / known[c] if known[c] else np.inf, c))
    k = int(claim["k"])
    least = sorted(order[:k], key=lambda c: (list(published).index(c) if c in published else k, c))
    tied = [c for c in order[k:] if known[c] and counts[c] / known[c] == counts[least[-1]] / known[least[-1]]]
    ok = set(least) == set(published) and not tied
    label = {c: LEVER_SHORT.get(c, c) for c in cols}
    shown = ", ".join(f"{label[c]} {counts[c]}/{known[c]}" for c in order)
    return finish(
        ok,
        ", ".join(label.get(c, c) for c in published),
        ", ".join(label[c] for c in least),
        f"least frequent first: {shown}",
        least,
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
    return [evaluate_claim(c, records, zones=zones) for c in loaded]


def claims_frame(results: list[ClaimResult]) -> pd.DataFrame:
    """Return claim results as a table (id, location, text, published, recomputed, status, explanation)."""
    return pd.DataFrame([r.as_row() for r in results], columns=list(ClaimResult.FIELDS))

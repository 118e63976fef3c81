"""Give a generated register the columns an agency's export has: an address, employees, investment, a date.

    python benchmarks/widen_register.py REG.csv WIDE.csv [--seed N]

``REG.csv`` comes from :mod:`make_register`. ``WIDE.csv`` adds, after ``city``, an
``adresse`` (70% of rows: a street or lot and a number, half of them in a quarter or an
industrial zone named by clusteratlas' own quarters and sites, some with a town: "Lot 45,
ZI Sidi Ghanem", "Rue 12 n° 7, Hay Riad, Rabat"), and at the end ``effectif`` written with
a space between thousands ("2 880"), ``investissement`` in "12,5 MDH" and
``date_creation`` as dd/mm/yyyy. A register with an address per firm has about as many
distinct (town, address) pairs as rows: the case ``benchmarks/paired.py`` measures with it.
Deterministic for a seed; keep big files under /tmp, never in git.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from clusteratlas._subplaces import load_subplaces

STREETS = np.array(["Rue", "Avenue", "Bd", "Lot", "Route de", "Km", "Immeuble", "Angle rue"], dtype=object)
NAMES = np.array(
    ["Hassan II", "Mohammed V", "des FAR", "Ibn Sina", "Al Massira", "Moulay Youssef", "Allal Ben Abdellah", "12", "7"],
    dtype=object,
)
TOWNS = np.array(["Casablanca", "Rabat", "Tanger", "Fès", "Marrakech", "Agadir", ""], dtype=object)


def widen(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Return ``frame`` with ``adresse`` after ``city``; ``effectif``, ``investissement``, ``date_creation`` last."""
    n = len(frame)
    rng = np.random.default_rng(seed)
    quarters = load_subplaces().places["name"].astype(str).unique()
    street = STREETS[rng.integers(0, len(STREETS), n)] + " " + NAMES[rng.integers(0, len(NAMES), n)]
    number = rng.integers(1, 400, n).astype(str).astype(object)
    quarter = np.asarray(quarters, dtype=object)[rng.integers(0, len(quarters), n)]
    town = TOWNS[rng.integers(0, len(TOWNS), n)]
    address = street + " " + number
    in_quarter = rng.random(n) < 0.5
    address = np.where(in_quarter, address + ", " + quarter, address)
    address = np.where(in_quarter & (town != ""), address + ", " + town, address)
    address[rng.random(n) < 0.3] = ""
    out = frame.copy()
    out.insert(int(out.columns.get_loc("city")) + 1, "adresse", address)
    employees = rng.integers(1, 6000, n)
    units = pd.Series(employees % 1000).astype(str).str.zfill(3).to_numpy(dtype=object)
    thousands = (employees // 1000).astype(str).astype(object) + " " + units
    out["effectif"] = np.where(employees >= 1000, thousands, employees.astype(str).astype(object))
    out["investissement"] = pd.Series(rng.integers(1, 5000, n) / 10).map("{:.1f}".format).str.replace(".", ",") + " MDH"
    days = pd.to_datetime(rng.integers(0, 40 * 365, n), unit="D", origin="1985-01-01")
    out["date_creation"] = days.strftime("%d/%m/%Y")
    return out


def main() -> None:
    """Read a register, widen it, write it."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("register")
    parser.add_argument("out")
    parser.add_argument("--seed", type=int, default=20261207)
    args = parser.parse_args()
    frame = pd.read_csv(args.register, dtype=str, keep_default_na=False)
    widen(frame, args.seed).to_csv(args.out, index=False)


if __name__ == "__main__":
    main()

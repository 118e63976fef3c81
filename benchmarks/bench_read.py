"""Benchmark: ``read_records`` on large CSVs as they really come.

    python benchmarks/bench_read.py [--rows 1000000]

Writes CSVs of synthetic records (name, city, sector, year, lat/lon empty) in several
shapes: plain UTF-8; UTF-8 with ten Windows-1252 rows; wholly Windows-1252; with title rows
above the header; with quoted cells spanning two lines and blank lines (row numbers then need
the vectorised record-line pass); UTF-16 with a byte-order mark. Prints the best of
``--repeat`` runs of each.
None of them may cost per-row Python work: all should stay within a small factor of plain.
Deterministic (seeded).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np

from clusteratlas import read_records

CITIES = ["Casablanca", "Fès", "Tétouan", "Salé", "Kénitra", "Agadir", "Marrakech", "Oujda"]


def body(rows: int, seed: int = 20261123) -> list[str]:
    rng = np.random.default_rng(seed)
    city = np.array(CITIES)[rng.integers(0, len(CITIES), rows)]
    year = rng.integers(1990, 2024, rows).astype(str)
    return [f"c{i};{c};Agro-alimentaire;{y};;" for i, (c, y) in enumerate(zip(city, year, strict=True))]


def shapes(rows: int) -> dict[str, bytes]:
    lines = body(rows)
    header = "nom;ville;secteur;année;lat;lon"
    plain = "\n".join([header, *lines]) + "\n"
    mixed_lines = [header, *lines]
    step = max(rows // 10, 1)
    raw = bytearray()
    for i, line in enumerate(mixed_lines):
        raw += line.encode("cp1252" if i and i % step == 0 else "utf-8") + b"\n"
    multi = list(lines)
    for i in range(0, rows, max(rows // 1000, 1)):
        multi[i] = multi[i].replace("Agro-alimentaire", '"Agro-\nalimentaire"') + "\n"
    return {
        "plain UTF-8": plain.encode(),
        "UTF-8 + 10 cp1252 rows": bytes(raw),
        "whole cp1252": plain.encode("cp1252"),
        "3 title rows": ("Clusters;;;;;\nSource: test;;;;;\n;;;;;\n" + plain).encode(),
        "1000 two-line cells + blanks": ("\n".join([header, *multi]) + "\n").encode(),
        "UTF-16 with BOM": plain.encode("utf-16"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="Best of this many runs.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for label, data in shapes(args.rows).items():
            path = Path(tmp) / "records.csv"
            path.write_bytes(data)
            seconds = float("inf")
            for _ in range(args.repeat):
                start = time.perf_counter()
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    frame = read_records(path)
                seconds = min(seconds, time.perf_counter() - start)
            print(f"{label:32s} {len(data) / 1e6:7.1f} MB  {seconds:6.2f} s  {len(frame):,} records")


if __name__ == "__main__":
    main()

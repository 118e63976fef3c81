"""Benchmark: the points figure for 100, 1,000, 10,000 and 100,000 random gazetteer records.

    python benchmarks/bench_figures.py [--sizes 100,1000,10000,100000] [--kind points]

Each size runs in its own child process: random records at gazetteer places (weighted to
big cities; half with coordinates, half placed from the city name; hostile names mixed in,
as in the property tests), geocoded, then the figure drawn and written as a 300 dpi PNG.
Prints the geocoding time, the figure time (draw + labels + save) and the child's peak
memory (max RSS). Deterministic (seeded). Target: a 1,000-record figure in under 10 s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, tempfile, time, warnings
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from randomdata import random_records
import clusteratlas as ca
from clusteratlas.mapspec import map_spec
from clusteratlas.static import write_figure
n, kind = int(sys.argv[2]), sys.argv[3]
frame = random_records(n, n)
t0 = time.perf_counter()
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    geo = ca.geocode(frame)
t1 = time.perf_counter()
spec = map_spec(geo, data_label="random")
with tempfile.TemporaryDirectory() as tmp:
    write_figure(spec, kind, Path(tmp) / "fig.png", dpi=300)
t2 = time.perf_counter()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"records": n, "geocode_s": round(t1 - t0, 2), "figure_s": round(t2 - t1, 2), "peak_mb": round(peak)}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000,100000")
    parser.add_argument("--kind", default="points")
    args = parser.parse_args()
    print(f"{'records':>8} {'geocode s':>10} {'figure s':>9} {'peak MB':>8}")
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(ROOT / "tests"), str(size), args.kind],
            capture_output=True,
            text=True,
            check=True,
        )
        r = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"{r['records']:>8,} {r['geocode_s']:>10} {r['figure_s']:>9} {r['peak_mb']:>8}")


if __name__ == "__main__":
    main()

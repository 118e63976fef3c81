"""Benchmark: figures, the HTML map and the report, on random records or register-like tables.

    python benchmarks/bench_figures.py [--sizes 100,1000,10000,100000] [--kind points]
    python benchmarks/bench_figures.py --register [--sizes 10000,100000,1000000]
                                       [--dir /tmp/html_scale] [--geocoded]

Default mode: each size runs in its own child process: random records at gazetteer places
(weighted to big cities; half with coordinates, half placed from the city name; hostile
names mixed in, as in the property tests), geocoded, then the figure drawn and written as
a 300 dpi PNG. Prints the geocoding time, the figure time (draw + labels + save) and the
child's peak memory (max RSS). Target: a 1,000-record figure in under 10 s.

``--register``: for each size, a register-like table from ``make_register.py`` (cached
under ``--dir``; with ``--geocoded`` geocoded once first, so the timings leave geocoding
out), then ``clusteratlas figure`` (every ``--kind``), ``map`` and ``report`` run as child
processes; prints one table of wall time, peak memory (max RSS, from ``wait4``) and output
size. Targets: each under 20 s and 2 GB at 100,000 rows, under 60 s at 1,000,000.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import run

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "clusteratlas"]
KINDS = ("points", "choropleth", "combined", "timeline", "levers")

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


def register_table(rows: int, folder: Path, geocoded: bool, *, levers: bool = False) -> Path:
    """Return the cached register-like table of ``rows`` rows (geocoded once if asked).

    With ``levers``, the table also has the seven lever columns (random yes, no or empty),
    which the levers figure needs.
    """
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / f"reg_{rows}.csv"
    if not raw.exists():
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_register.py"), str(rows), str(raw)], check=True)
    if levers:
        lev = folder / f"reg_lev_{rows}.csv"
        if not lev.exists():
            import numpy as np
            import pandas as pd

            from clusteratlas.profile import load_profile

            frame = pd.read_csv(raw, dtype=str, keep_default_na=False)
            rng = np.random.default_rng(rows)
            for column in load_profile().lever_columns:
                frame[column] = np.asarray(["yes", "no", ""], dtype=object)[rng.integers(0, 3, len(frame))]
            frame.to_csv(lev, index=False)
        raw = lev
    if not geocoded:
        return raw
    geo = raw.with_name(raw.name.replace("reg_", "geo_", 1))
    if not geo.exists():
        run([*CLI, "geocode", str(raw), "-o", str(geo), "-q"])
    return geo


def register_mode(sizes: list[int], folder: Path, geocoded: bool) -> None:
    """Print time, peak memory and output size of every figure kind, the map and the report."""
    commands = {f"figure {k}": ("figure", "--kind", k, "-o", f"{k}.png") for k in KINDS}
    commands["map"] = ("map", "-o", "map.html")
    commands["report"] = ("report", "-o", "report.html")
    print(f"{'rows':>10} {'command':<18} {'seconds':>8} {'peak MB':>8} {'output MB':>10}", flush=True)
    for rows in sizes:
        for name, args in commands.items():
            src = register_table(rows, folder, geocoded, levers=name == "figure levers")
            with tempfile.TemporaryDirectory() as out:
                target = Path(out) / args[-1]
                wall, peak, code = run([*CLI, args[0], str(src), *args[1:-1], str(target), "-q"])
                size = target.stat().st_size / 1e6 if code == 0 and target.exists() else float("nan")
            print(f"{rows:>10,} {name:<18} {wall:>8.1f} {peak:>8,.0f} {size:>10.2f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=None, help="comma-separated row counts")
    parser.add_argument("--kind", default="points")
    parser.add_argument("--register", action="store_true", help="figure (every kind), map and report via the CLI")
    parser.add_argument("--dir", type=Path, default=Path("/tmp/html_scale"), help="where register tables are cached")
    parser.add_argument("--geocoded", action="store_true", help="geocode each register table once, first")
    args = parser.parse_args()
    if args.register:
        register_mode([int(s) for s in (args.sizes or "10000,100000,1000000").split(",")], args.dir, args.geocoded)
        return
    print(f"{'records':>8} {'geocode s':>10} {'figure s':>9} {'peak MB':>8}")
    for size in (int(s) for s in (args.sizes or "100,1000,10000,100000").split(",")):
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

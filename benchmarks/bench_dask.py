"""Benchmark: the memory, stream and dask engines on register-like tables of 1M and 10M rows.

    python benchmarks/bench_dask.py [--rows 1000000 10000000] [--engines memory stream dask]
                                    [--commands shares geocode-parquet] [--dir /tmp/scale] [--repeat 3]

Each table is made by :mod:`make_register` (cached under ``--dir``; 10M rows is about 450 MB,
never in git). ``pandas.read_csv`` of the file is timed in a child process, then each command
runs in a child process per engine:

- ``shares``: ``clusteratlas shares FILE --by region -o shares.csv --engine E``;
- ``geocode-parquet``: ``clusteratlas geocode FILE -o geocoded.parquet --engine E``.

Printed: wall time (for dask, starting and stopping the local cluster included), the ratio
to ``read_csv``, the peak RSS of the command's process (for dask, of the client process) and,
for dask, of each worker (``getrusage`` in the worker, asked through ``Client.run`` before the
cluster stops), the output size, and whether the output equals the first engine's (shares
CSVs byte for byte).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scale import human, run
from make_register import make_register

#: The dask runs: the same command as the CLI's, on a local cluster kept open to ask each
#: worker its peak memory before it stops.
DASK_CHILD = """
import json, resource, sys, time
from clusteratlas.cli import main
from clusteratlas.engines import dask_client
start = time.perf_counter()
with dask_client() as client:
    code = main([*sys.argv[1:], "--scheduler", client.scheduler.address])
    work = time.perf_counter() - start
    peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
print(json.dumps({"code": code, "work": work, "workers": sorted(v / 1024 for v in peaks.values()),
                  "client": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
sys.exit(code)
"""


def command(name: str, engine: str, src: Path, out: Path) -> list[str]:
    """Return the child command of one benchmark cell (for dask, the CLI inside a cluster kept open)."""
    if name == "shares":
        args = ["-q", "shares", str(src), "--by", "region", "-o", str(out / "shares.csv"), "--engine", engine]
    else:
        args = ["-q", "geocode", str(src), "-o", str(out / "geocoded.parquet"), "--engine", engine]
    if engine == "dask":
        return [sys.executable, "-c", DASK_CHILD, *args]
    return [sys.executable, "-m", "clusteratlas", *args]


def run_dask(cmd: list[str]) -> tuple[float, dict[str, object], int]:
    """Run a dask child; return wall seconds, its JSON report and the exit code."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        wall, rss, code = run(cmd_with_stdout(cmd, Path(report.name)))
        text = Path(report.name).read_text(encoding="utf-8").strip()
    doc = json.loads(text.splitlines()[-1]) if code == 0 and text else {}
    doc["rss"] = rss
    return wall, doc, code


def cell(cmd: list[str], *, dask: bool) -> tuple[float, float, int, str]:
    """Run one cell; return wall seconds, peak RSS (MB), exit code and the dask workers' peaks."""
    if not dask:
        return (*run(cmd), "")
    wall, doc, code = run_dask(cmd)
    peaks = doc.get("workers", [])
    workers = " / ".join(f"{p:,.0f} MB" for p in peaks)  # type: ignore[attr-defined]
    return wall, float(doc.get("client", 0.0)), code, workers  # type: ignore[arg-type]


def cmd_with_stdout(cmd: list[str], to: Path) -> list[str]:
    """Wrap a command so that its standard output goes to a file."""
    return ["bash", "-c", 'exec "$@" > "$0"', str(to), *cmd]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--engines", nargs="+", default=["memory", "stream", "dask"])
    parser.add_argument("--commands", nargs="+", default=["shares"], choices=["shares", "geocode-parquet"])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/scale"))
    parser.add_argument("--repeat", type=int, default=1, help="runs per cell; the median time is shown")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print("| rows | command | engine | time | × read_csv | peak RSS | peak per dask worker | output | equal |")
    print("|---:|---|---|---:|---:|---:|---:|---:|---|")
    for rows in args.rows:
        src = args.dir / f"register_{rows}.csv"
        if not src.exists():
            make_register(rows).to_csv(src, index=False)
        read_cmd = [sys.executable, "-c", f"import pandas as pd; pd.read_csv({str(src)!r})"]
        base, base_rss, _ = sorted(run(read_cmd) for _ in range(args.repeat))[args.repeat // 2]
        print(f"| {rows:,} | `pandas.read_csv` | | {base:.2f} s | 1.0 | {base_rss:,.0f} MB | | | |", flush=True)
        for name in args.commands:
            reference: bytes | None = None
            for engine in args.engines:
                if name == "geocode-parquet" and engine == "stream":
                    continue  # streaming writes CSV only
                out = args.dir / f"out_{rows}_{name}_{engine}"
                out.mkdir(exist_ok=True)
                for old in out.iterdir():
                    old.unlink()
                wall, rss, code, workers = sorted(
                    (cell(command(name, engine, src, out), dask=engine == "dask") for _ in range(args.repeat)),
                    key=lambda r: r[0],
                )[args.repeat // 2]
                produced = sorted(out.iterdir())
                size = sum(p.stat().st_size for p in produced)
                equal = ""
                if name == "shares" and produced and code == 0:
                    data = produced[0].read_bytes()
                    reference = data if reference is None else reference
                    equal = "yes" if data == reference else "NO"
                status = "" if code == 0 else f" (exit {code})"
                print(
                    f"| {rows:,} | `{name}` | {engine} | {wall:.2f} s{status} | {wall / base:.1f} | {rss:,.0f} MB "
                    f"| {workers} | {human(size)} | {equal} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()

"""Run ``clusteratlas shares`` on a multi-worker ``distributed`` cluster and compare it with the memory engine.

    python benchmarks/dask_distributed.py TABLE.csv [--workers 3] [--by region] [--out DIR]

Several machines, stood in for by processes on this one: a ``dask scheduler`` and ``--workers``
separate ``dask worker`` processes (one process and one thread each, ``--memory-limit 2GiB``)
on 127.0.0.1, each its own operating-system process with its own Python, started as they would
be on other machines. Once every worker has joined, the script runs

    clusteratlas shares TABLE --by region -o DIR/dask.csv --scheduler tcp://127.0.0.1:PORT
    clusteratlas shares TABLE --by region -o DIR/memory.csv

compares the two CSVs byte for byte and their warnings (standard error) line for line, prints
the wall time of each command and the CPU seconds the workers spent (asked of each worker
before and after), and stops the cluster, also when something failed. Exit status 0 when the
outputs are equal, 1 otherwise.

On real machines the commands are the same with the scheduler's host name: start
``dask scheduler`` on one machine and ``dask worker tcp://HOST:8786 --nthreads 1`` on each of
the others, with clusteratlas (``pip install 'clusteratlas[dask]'``) installed on every one
and the table at the same path on each (a shared folder), since each worker reads its own
part of the file.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Ran", "cluster", "main", "run_shares", "workers_cpu"]

#: Seconds to wait for the scheduler to answer and every worker to join.
JOIN_TIMEOUT = 120


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop(procs: list[subprocess.Popen[bytes]]) -> None:
    """Stop the processes started here (workers first, then the scheduler), by their own handles."""
    for proc in reversed(procs):
        if proc.poll() is None:
            proc.terminate()
    for proc in reversed(procs):
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def cluster(workers: int, logs: Path, *, memory_limit: str = "2GiB") -> Iterator[str]:
    """Start a ``dask scheduler`` and ``workers`` ``dask worker`` processes on localhost; yield the address.

    Each process logs to a file in ``logs``. Every process is stopped when the block ends.
    """
    from distributed import Client

    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    python = [sys.executable, "-m"]
    procs: list[subprocess.Popen[bytes]] = []
    try:
        scheduler = [*python, "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", port]
        procs.append(_start([*scheduler, "--no-dashboard"], logs / "scheduler.log"))
        for k in range(workers):
            worker = [*python, "distributed.cli.dask_worker", address, "--nthreads", "1", "--nworkers", "1"]
            worker += ["--memory-limit", memory_limit, "--no-dashboard", "--name", f"machine-{k + 1}"]
            procs.append(_start(worker, logs / f"worker-{k + 1}.log"))
        with Client(address, timeout=JOIN_TIMEOUT) as client:
            client.wait_for_workers(workers, timeout=JOIN_TIMEOUT)
        yield address
    finally:
        _stop(procs)


def _start(argv: list[str], log: Path) -> subprocess.Popen[bytes]:
    """Start a process logging to ``log``; it imports the clusteratlas this script imports (its source first)."""
    import clusteratlas

    source = str(Path(clusteratlas.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")])))
    with log.open("wb") as out:
        return subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env)


def workers_cpu(address: str) -> dict[str, float]:
    """Return the CPU seconds (user and system) each worker process of the cluster at ``address`` has used."""
    from distributed import Client

    def cpu() -> float:
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    with Client(address, timeout=JOIN_TIMEOUT) as client:
        return {str(k): float(v) for k, v in client.run(cpu).items()}


@dataclass(frozen=True)
class Ran:
    """One finished command: wall seconds, its own CPU seconds, exit status, standard error."""

    wall: float
    cpu: float
    code: int
    err: str


def run_shares(table: Path, out: Path, *, by: str, scheduler: str | None) -> Ran:
    """Run ``clusteratlas shares TABLE --by BY -o OUT`` (on the cluster at ``scheduler``, else in memory)."""
    argv = [sys.executable, "-m", "clusteratlas", "shares", str(table), "--by", by, "-o", str(out)]
    if scheduler:
        argv += ["--scheduler", scheduler]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    return Ran(wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status), text)


def main(argv: list[str] | None = None) -> int:
    """Start the cluster, run both commands, compare, print, stop the cluster."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table", type=Path)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--by", default="region")
    parser.add_argument("--out", type=Path, default=None, help="folder of the outputs (default: a temporary one)")
    args = parser.parse_args(argv)
    with contextlib.ExitStack() as stack:
        out = args.out or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="dask-distributed-")))
        out.mkdir(parents=True, exist_ok=True)
        address = stack.enter_context(cluster(args.workers, out))
        before = workers_cpu(address)
        dask = run_shares(args.table, out / "dask.csv", by=args.by, scheduler=address)
        after = workers_cpu(address)
        memory = run_shares(args.table, out / "memory.csv", by=args.by, scheduler=None)
        spent = [after[w] - before.get(w, 0.0) for w in sorted(after)]
        same = dask.code == memory.code == 0 and (out / "dask.csv").read_bytes() == (out / "memory.csv").read_bytes()
        warned = dask.err.splitlines() == memory.err.splitlines()
        print(f"cluster: scheduler {address}, {len(after)} worker processes")
        print(f"dask:    {dask.wall:7.2f} s wall, client {dask.cpu:6.2f} s CPU, workers", end=" ")
        print(" + ".join(f"{s:.2f}" for s in spent), f"= {sum(spent):.2f} s CPU, exit {dask.code}")
        print(f"memory:  {memory.wall:7.2f} s wall, {memory.cpu:6.2f} s CPU, exit {memory.code}")
        print(f"shares CSV equal: {'yes' if same else 'NO'}; warnings equal: {'yes' if warned else 'NO'}")
        if not warned:
            print("dask said:\n" + dask.err + "\nmemory said:\n" + memory.err)
    return 0 if same and warned else 1


if __name__ == "__main__":
    sys.exit(main())

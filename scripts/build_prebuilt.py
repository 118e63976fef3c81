"""Build the gazetteer structures once and write them beside the package's code.

    python scripts/build_prebuilt.py [--out PATH] [--check]

Builds, from the shipped files and with the cache turned off, every structure
:mod:`clusteratlas._prebuilt` keeps (the gazetteer, the typo pool, the quarters and sites,
the shipped sites, the names town cells are read against; the full-detail provinces and the
grid that places points) and writes them to
``src/clusteratlas/_prebuilt.pickle`` (or ``--out``), replaced whole. ``make`` runs it after
installing; run it again after changing a data file or a builder (a stale file is never
used: each structure is then built from the files, as without it). ``--check`` writes
nothing and exits 1 when the file is missing or any structure in it is stale.
"""

from __future__ import annotations

import argparse
import os
import pickle
import sys
from pathlib import Path

__all__ = ["build", "main"]


def _build_all() -> dict[str, tuple[str, object]]:
    """Build every prebuilt structure from the files (the cache turned off); return them by name, with their keys."""
    os.environ["CLUSTERATLAS_NO_PREBUILT"] = "1"
    from clusteratlas import _cells, _prebuilt, _subplaces, aliases, gazetteer, geography

    gazetteer.load_gazetteer()
    gazetteer._typo_pool()
    gazetteer._suggestion_labels()
    _subplaces.load_subplaces()
    aliases.shipped_sites()
    _cells._candidates()
    geography._grid()  # and the provinces it is built from
    return dict(_prebuilt._built)


def build(out: Path) -> list[str]:
    """Build every prebuilt structure from the files and write them to ``out``; return their names."""
    _build_all()
    from clusteratlas import _prebuilt

    return _prebuilt.write(out)


def stale(path: Path) -> list[str]:
    """Return the names of the structures ``path`` lacks or holds with another key (building them to know)."""
    built = _build_all()
    stored = pickle.loads(path.read_bytes()) if path.is_file() else {}
    return [n for n, (key, _) in sorted(built.items()) if n not in stored or stored[n][0] != key]


def main(argv: list[str] | None = None) -> int:
    """Command line: build and write, or ``--check``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="where to write (default: beside the package)")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 when the file is stale")
    args = parser.parse_args(argv)
    from clusteratlas._prebuilt import FILE

    out = args.out or FILE
    if args.check:
        old = stale(out)
        print(f"{out}: " + (f"stale or missing: {', '.join(old)}" if old else "up to date"))
        return 1 if old else 0
    names = build(out)
    print(f"{out}: {', '.join(names)} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

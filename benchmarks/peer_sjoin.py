"""The peer for records with coordinates: 15 lines of geopandas an analyst would write.

    python benchmarks/peer_sjoin.py POINTS.csv

Reads the table, joins the points to the full-detail provinces with ``geopandas.sjoin``
(``within``), and prints the count of records per region, as ``clusteratlas shares --by
region`` does. Time it against clusteratlas with :mod:`paired` (runs in alternation, paired medians):

    .venv/bin/python benchmarks/paired.py -n 5 --vs '.venv/bin/python benchmarks/peer_sjoin.py /tmp/p1m.csv' \\
        -- .venv/bin/clusteratlas -q shares /tmp/p1m.csv --by region

``--check`` compares the two counts instead (equal counts are the precondition of the ratio).
"""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

import geopandas as gpd
import pandas as pd

from clusteratlas.geography import boundaries


def peer_counts(path: str) -> pd.Series:
    """Count the records of ``path`` per region code with a plain spatial join."""
    table = pd.read_csv(path)
    points = gpd.GeoDataFrame(table, geometry=gpd.points_from_xy(table["lon"], table["lat"]), crs=4326)
    provinces = boundaries("province")[["region_code", "geometry"]]
    joined = gpd.sjoin(points, provinces, predicate="within", how="left")
    joined = joined[~joined.index.duplicated()]
    return joined["region_code"].value_counts().sort_index()


def ours(path: str) -> pd.Series:
    """Count with ``clusteratlas shares --by region --format csv``."""
    out = subprocess.run(
        [sys.executable, "-m", "clusteratlas", "-q", "shares", path, "--by", "region", "--format", "csv"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    t = pd.read_csv(StringIO(out), dtype={"code": str})
    t = t[t["code"].notna()]
    return t.set_index("code")["count"].rename("count").sort_index()


if __name__ == "__main__":
    if sys.argv[1] == "--check":
        a, b = peer_counts(sys.argv[2]), ours(sys.argv[2])
        diff = pd.concat({"peer": a, "clusteratlas": b}, axis=1).fillna(0).astype(int)
        print(diff.to_string())
        print("equal" if (diff["peer"] == diff["clusteratlas"]).all() else "DIFFERENT")
    else:
        print(peer_counts(sys.argv[1]).to_string())

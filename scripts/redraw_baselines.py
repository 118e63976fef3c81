"""Redraw the figure baselines of tests/test_static.py (look at them before committing).

    python scripts/redraw_baselines.py
"""

import warnings
from pathlib import Path

from clusteratlas import geocode, map_spec, read_records
from clusteratlas._resources import data_path
from clusteratlas.static import write_figure

BASELINE = Path(__file__).resolve().parents[1] / "tests" / "baseline"

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    spec = map_spec(geocode(read_records(data_path("clusters.csv"))), data_label="clusters.csv")
    for png in sorted(BASELINE.glob("*.png")):
        write_figure(spec, png.stem, png, dpi=60)
        png.with_suffix(".alt.txt").unlink(missing_ok=True)  # the alt text is tested elsewhere
        print("redrew", png)

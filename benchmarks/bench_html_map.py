"""Benchmark: build the HTML map of 1,000 to 1,000,000 records, and open it in Chromium.

    python benchmarks/bench_html_map.py [--sizes 1000 10000 100000] [--browser-max 1000000] [--keep DIR]
                                        [--register DIR]

Records stand at gazetteer places drawn weighted by population (seeded); with
``--register DIR`` they are register-like tables from ``make_register.py`` (cached in DIR as
``reg_N.csv``, geocoded once to ``geo_N.csv``). For each size it prints the seconds to build
(``interactive_map``) and render the page, the page's size, and, up to ``--browser-max``
records, in Debian's Chromium (network blocked) the seconds to the ``load`` event and
until the page says it is ready with its markers drawn, and the number of symbols at the
opening view. With ``--keep DIR`` the pages and a screenshot of each (``map_N.png``) stay
in ``DIR``. Targets: 100,000 records under 5 MB, 1,000,000 under 15 MB, open in under 3 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from clusteratlas import geocode, map_spec
from clusteratlas.gazetteer import load_gazetteer
from clusteratlas.interactive import interactive_map, render_map


def records(n: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    places = load_gazetteer().places
    lat = pd.to_numeric(places["lat"], errors="coerce")
    places = places[places["region_code"].notna() & lat.notna()]
    weights = np.sqrt(pd.to_numeric(places["population"]).to_numpy(dtype=float) + 1000)
    idx = rng.choice(len(places), n, p=weights / weights.sum())
    frame = pd.DataFrame(
        {
            "name": [f"Record {i}" for i in range(n)],
            "lat": pd.to_numeric(places["lat"]).to_numpy()[idx],
            "lon": pd.to_numeric(places["lon"]).to_numpy()[idx],
            "sector_group": rng.choice(["Agri-food", "Textile", "Digital", "Energy", "Health"], n),
            "year": rng.integers(2000, 2024, n),
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)


def register(n: int, folder: Path) -> pd.DataFrame:
    """Return the geocoded register-like table of ``n`` rows (made and geocoded once, cached)."""
    folder.mkdir(parents=True, exist_ok=True)
    raw, geo = folder / f"reg_{n}.csv", folder / f"geo_{n}.csv"
    here = Path(__file__).resolve().parent
    if not raw.exists():
        subprocess.run([sys.executable, str(here / "make_register.py"), str(n), str(raw)], check=True)
    if not geo.exists():
        subprocess.run([sys.executable, "-m", "clusteratlas", "geocode", str(raw), "-o", str(geo), "-q"], check=True)
    return pd.read_csv(geo, dtype={"region_code": str, "province_code": str}, keep_default_na=False, na_values=[""])


def open_in_chromium(path: Path, screenshot: Path | None = None) -> tuple[float, float, int]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        page = context.new_page()
        start = time.perf_counter()
        page.goto(path.resolve().as_uri(), timeout=600_000, wait_until="load")
        loaded = time.perf_counter() - start
        page.wait_for_selector("html[data-clusteratlas=ready]", timeout=600_000)
        page.wait_for_selector(".leaflet-marker-pane > *", timeout=600_000)
        seconds = time.perf_counter() - start
        symbols = int(page.locator(".leaflet-marker-pane > *").count())
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=False)
        browser.close()
    return loaded, seconds, symbols


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--browser-max", type=int, default=1000000)
    parser.add_argument("--keep", type=Path, default=None, help="keep the pages and screenshots here")
    parser.add_argument("--register", type=Path, default=None, help="register-like tables, cached in this folder")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or Path(scratch)
        tmp.mkdir(parents=True, exist_ok=True)
        for n in args.sizes:
            spec = map_spec(register(n, args.register) if args.register else records(n))
            start = time.perf_counter()
            m = interactive_map(spec)
            built = time.perf_counter() - start
            page = render_map(m)
            rendered = time.perf_counter() - start - built
            path = Path(tmp) / f"map_{n}.html"
            path.write_text(page, encoding="utf-8")
            line = f"{n:>7} records: build {built:.2f} s, render {rendered:.2f} s, {len(page.encode()) / 1e6:.1f} MB"
            if n <= args.browser_max:
                shot = Path(tmp) / f"map_{n}.png" if args.keep else None
                loaded, seconds, symbols = open_in_chromium(path, shot)
                line += f"; Chromium: load event {loaded:.2f} s, ready with markers {seconds:.2f} s, {symbols} symbols"
            print(line, flush=True)


if __name__ == "__main__":
    main()

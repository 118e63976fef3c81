"""Tables nobody had tried on the HTML map: unlike :mod:`tests.randomdata`, each stresses one thing.

- :func:`french_register`: a French register from ``benchmarks/make_register.py`` (typos,
  non-places, accents), with addresses (some towns blank, the town only in the address), an
  ``Effectif`` weight written as French numbers ("1 234", "12,5") and French headers;
- :func:`one_big_place`: one place with 5,000 records and 80 places with one each;
- :func:`hard_names`: names with quotes, ampersands, right-to-left Arabic, markup and 80
  characters with no space;
- :func:`one_record`: a table of one record;
- :func:`provinces_only`: every record placed by its province only;
- :func:`coordinates_only`: records with coordinates and nothing else (no town);
- :func:`south_only`: records of the south only (Laayoune, Dakhla, Guelmim, Tan-Tan);
- :func:`two_towns`: 200 records at Casablanca and 50 at Marrakech, 240 km apart;
- :func:`fes_then_meknes`: records of Fès listed before those of Meknès (search ranking).

Deterministic for a seed; :func:`write_tables` writes them all as CSV (UTF-8, ``;`` for the
French register) for ``clusteratlas map``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from clusteratlas._resources import data_path

__all__ = [
    "TABLES",
    "coordinates_only",
    "fes_then_meknes",
    "french_register",
    "hard_names",
    "one_big_place",
    "one_record",
    "provinces_only",
    "south_only",
    "two_towns",
    "write_tables",
]

_BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "make_register.py"

#: Names a user's register may hold: quotes, ampersands, right-to-left script, markup, very long.
HARD_NAMES = [
    'Société "Les Frères" & Fils',
    "L'Atelier d'Aït Melloul & Cie",
    "مجمع الصناعات الغذائية بأكادير",
    "شركة النسيج & Co «الدار البيضاء»",
    "Groupement d’intérêt économique des coopératives artisanales de la région du Souss",
    "X" * 80,
    "<b>gras</b> & <i>italique</i>",
    "Cluster 'Menara' — Marrakech → Safi",
    "Ste Ben Salah (ex-\u200fبن صالح\u200f) SARL",
    "A&B&C&D&E&F&G&H&I&J&K&L&M&N&O&P&Q&R&S&T&U&V&W&X&Y&Z",
]


def _places() -> pd.DataFrame:
    """The gazetteer's places with coordinates, largest first."""
    places = pd.read_csv(data_path("geo", "places.csv"), dtype={"region_code": str, "province_code": str})
    places = places[places["lat"].notna()]
    return places.sort_values(["population", "name"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _bench() -> Callable[..., pd.DataFrame]:
    """``benchmarks/make_register.py``'s ``make_register`` (a script, not a package)."""
    spec = importlib.util.spec_from_file_location("make_register", _BENCH)
    assert spec is not None and spec.loader is not None
    module = sys.modules.get("make_register") or importlib.util.module_from_spec(spec)
    if "make_register" not in sys.modules:
        sys.modules["make_register"] = module
        spec.loader.exec_module(module)
    return module.make_register  # type: ignore[no-any-return]


def _french_number(values: np.ndarray, rng: np.random.Generator) -> list[str]:
    """Numbers as French exports write them: "1 234" (space or no-break space), "12,5", some blank."""
    text = pd.Series(values).map(lambda v: f"{v:,.1f}".replace(",", " ").replace(".", ",").removesuffix(",0"))
    nbsp = rng.random(len(values)) < 0.3
    text[nbsp] = text[nbsp].str.replace(" ", "\u00a0")
    text[rng.random(len(values)) < 0.05] = ""
    return list(text)


def french_register(n: int = 3000, seed: int = 11) -> pd.DataFrame:
    """Return a French register of ``n`` firms: typos, non-places, addresses and an ``Effectif`` weight."""
    rng = np.random.default_rng(seed)
    base = _bench()(n, seed=seed)
    places = _places().head(40)
    streets = np.array(["Rue Ibn Battouta", "Bd Mohammed V", "Zone industrielle", "Lot. Al Wifaq", "Av. Hassan II"])
    address = [f"{k}, {s}" for k, s in zip(rng.integers(1, 300, n), rng.choice(streets, n), strict=True)]
    town_in_address = rng.random(n) < 0.08  # the town left blank, written at the end of the address
    towns = places["name"].to_numpy()[rng.integers(0, len(places), n)]
    city = base["city"].astype(str).to_numpy(copy=True)
    city[town_in_address] = ""
    address = [f"{a}, {t}" if m else a for a, t, m in zip(address, towns, town_in_address, strict=True)]
    staff = np.round(rng.lognormal(3.5, 1.4, n))  # a few firms of thousands, most of tens
    staff[rng.random(n) < 0.1] += 0.5
    return pd.DataFrame(
        {
            "Raison sociale": [f"Société {i:04d} {s}" for i, s in enumerate(base["sector_group"])],
            "Adresse": address,
            "Ville": city,
            "Secteur": base["sector_group"],
            "Effectif": _french_number(staff, rng),
            "Année de création": base["year"],
        }
    )


def one_big_place(seed: int = 5, big: int = 5000, small: int = 80) -> pd.DataFrame:
    """Return ``big`` records at one town and one record at each of ``small`` other towns (with years)."""
    rng = np.random.default_rng(seed)
    places = _places()
    many = places.iloc[[0] * big]
    few = places.iloc[1 + rng.choice(len(places) - 1, size=small, replace=False)]
    chosen = pd.concat([many, few], ignore_index=True)
    n = len(chosen)
    return pd.DataFrame(
        {
            "name": [f"Firme {i}" for i in range(n)],
            "city": chosen["name"].to_numpy(),
            "sector": rng.choice(["Textile", "Agroalimentaire", "Automobile", "Chimie"], size=n),
            "year": rng.integers(1980, 2025, size=n),
        }
    )


def hard_names(seed: int = 6, n: int = 60) -> pd.DataFrame:
    """Return ``n`` records named by :data:`HARD_NAMES` (each at least 3 times), at towns and coordinates."""
    rng = np.random.default_rng(seed)
    places = _places().head(25)
    chosen = places.iloc[rng.integers(0, len(places), size=n)].reset_index(drop=True)
    names = [HARD_NAMES[i % len(HARD_NAMES)] for i in range(n)]
    sectors = ['Agro & "Bio"', "النسيج", "Métallurgie <lourde>", "Textile & Cuir d'Art " + "x" * 40]
    frame = pd.DataFrame(
        {
            "name": names,
            "city": chosen["name"],
            "sector": [sectors[i % len(sectors)] for i in range(n)],
            "lat": chosen["lat"].round(5),
            "lon": chosen["lon"].round(5),
            "note": [f"Remarque « {nm} » & suite" for nm in names],
        }
    )
    frame.loc[rng.random(n) < 0.5, ["lat", "lon"]] = np.nan
    return frame


def one_record() -> pd.DataFrame:
    """Return a table of one record, in Ouarzazate."""
    return pd.DataFrame({"name": ["Seule fiche"], "city": ["Ouarzazate"], "sector": ["Énergie"], "year": [2019]})


def provinces_only(seed: int = 8, n: int = 300) -> pd.DataFrame:
    """Return ``n`` records each placed by its province's name only (no town, no coordinates)."""
    rng = np.random.default_rng(seed)
    features = json.loads(data_path("geo", "provinces_web.geojson").read_text(encoding="utf-8"))["features"]
    provinces = pd.DataFrame([f["properties"] for f in features]).rename(columns={"province": "name"})
    names = provinces["name"].to_numpy()[rng.integers(0, len(provinces), size=n)]
    return pd.DataFrame(
        {
            "name": [f"Unité {i}" for i in range(n)],
            "province": names,
            "sector": rng.choice(["Pêche", "Mines", "Tourisme"], size=n),
        }
    )


def coordinates_only(seed: int = 9, n: int = 400) -> pd.DataFrame:
    """Return ``n`` records with coordinates only (no town), jittered around gazetteer places."""
    rng = np.random.default_rng(seed)
    places = _places().head(120)
    chosen = places.iloc[rng.integers(0, len(places), size=n)].reset_index(drop=True)
    return pd.DataFrame(
        {
            "name": [f"Point {i}" for i in range(n)],
            "lat": (chosen["lat"] + rng.normal(0, 0.03, n)).round(5),
            "lon": (chosen["lon"] + rng.normal(0, 0.03, n)).round(5),
            "sector": rng.choice([f"Filière {k}" for k in range(1, 10)], size=n),
        }
    )


def south_only(seed: int = 12) -> pd.DataFrame:
    """Return 70 records of the south: 30 at Laayoune, 20 at Dakhla, 12 at Guelmim, 8 at Tan-Tan."""
    rng = np.random.default_rng(seed)
    towns = ["Laayoune"] * 30 + ["Dakhla"] * 20 + ["Guelmim"] * 12 + ["Tan-Tan"] * 8
    n = len(towns)
    return pd.DataFrame(
        {
            "name": [f"Unité sud {i}" for i in range(n)],
            "city": towns,
            "sector": rng.choice(["Pêche", "Tourisme", "Mines"], size=n),
            "year": rng.integers(1990, 2024, size=n),
        }
    )


def two_towns(big: int = 200, small: int = 50) -> pd.DataFrame:
    """Return ``big`` records at Casablanca and ``small`` at Marrakech (two sectors, with years)."""
    towns = ["Casablanca"] * big + ["Marrakech"] * small
    n = len(towns)
    return pd.DataFrame(
        {
            "name": [f"Firm {i}" for i in range(n)],
            "city": towns,
            "sector": ["Textile", "Automobile"] * (n // 2) + ["Textile"] * (n % 2),
            "year": 1990 + np.arange(n) % 30,
        }
    )


def fes_then_meknes() -> pd.DataFrame:
    """Return 6 records at Fès (region Fès-Meknès), then 3 at Meknès and one named "Meknès Agro"."""
    towns = ["Fès"] * 6 + ["Meknès"] * 3 + ["Fès"]
    names = [f"Atelier {i}" for i in range(9)] + ["Meknès Agro"]
    return pd.DataFrame({"name": names, "city": towns, "sector": ["Agro"] * 10})


#: Each table's maker and its CSV separator.
TABLES: dict[str, tuple[Callable[[], pd.DataFrame], str]] = {
    "register": (french_register, ";"),
    "bigplace": (one_big_place, ","),
    "names": (hard_names, ","),
    "one": (one_record, ","),
    "provinces": (provinces_only, ","),
    "coords": (coordinates_only, ","),
    "south": (south_only, ","),
    "twotowns": (two_towns, ","),
    "fesmeknes": (fes_then_meknes, ","),
}


def write_tables(folder: Path) -> dict[str, Path]:
    """Write every table of :data:`TABLES` to ``folder`` as UTF-8 CSV; return their paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for name, (make, sep) in TABLES.items():
        path = folder / f"{name}.csv"
        path.write_text(make().to_csv(sep=sep, index=False), encoding="utf-8")
        out[name] = path
    return out

"""A register over 40 real places, from 600 records in Casablanca down to eight places with one.

Made like a reviewer's table: French headers, a firm per row named after its town and
number ("Entreprise Azrou 1"), 15 accented sectors, a year and a head count; the places'
names as a French user writes them (accents, "Tanger", "Fès").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["ONE_RECORD", "PLACES", "SECTORS", "places_records", "write_places"]

#: (town as written, records): 40 places, the last eight with one record each.
PLACES: tuple[tuple[str, int], ...] = (
    ("Casablanca", 600), ("Tanger", 100), ("Rabat", 80), ("Marrakech", 70), ("Salé", 50), ("Fès", 40),
    ("Agadir", 30), ("Témara", 24), ("Mohammédia", 18), ("Meknès", 16), ("Kénitra", 12), ("Tétouan", 9),
    ("Oujda", 8), ("Nador", 6), ("El Jadida", 5), ("Safi", 4), ("Berrechid", 3), ("Berkane", 3),
    ("Inezgane", 3), ("Settat", 2), ("Béni Mellal", 2), ("Taza", 2), ("Khouribga", 2), ("Al Hoceïma", 2),
    ("Dakhla", 2), ("Chefchaouen", 2), ("Larache", 2), ("Ouarzazate", 2), ("Ksar El Kébir", 2),
    ("Essaouira", 2), ("Errachidia", 2), ("Taroudant", 2),
    ("Midelt", 1), ("Guelmim", 1), ("Tan-Tan", 1), ("Smara", 1), ("Ifrane", 1), ("Azrou", 1), ("Tiznit", 1),
    ("Laâyoune", 1),
)  # fmt: skip
#: The towns of one record.
ONE_RECORD = tuple(town for town, n in PLACES if n == 1)
SECTORS = (
    "Agroalimentaire", "Artisanat d'art", "Aéronautique et spatial", "Chimie et parachimie",
    "Cuir et maroquinerie", "Halieutique et produits de la mer", "Industrie automobile et équipementiers",
    "Logistique portuaire", "Matériaux de construction", "Pharmaceutique", "Technologies de l'information",
    "Textile et habillement", "Économie sociale et solidaire", "Électronique embarquée", "Énergies renouvelables",
)  # fmt: skip


def places_records(seed: int = 40, scale: int = 1) -> pd.DataFrame:
    """Return the register: ``scale`` times each place's records (one-record places stay at one)."""
    rng = np.random.default_rng(seed)
    towns = np.repeat([t for t, _ in PLACES], [n if n == 1 else n * scale for _, n in PLACES])
    number = pd.Series(towns).groupby(towns).cumcount().to_numpy() + 1
    return pd.DataFrame(
        {
            "Nom": [f"Entreprise {t} {i}" for t, i in zip(towns, number, strict=True)],
            "Ville": towns,
            "Secteur": rng.choice(SECTORS, size=len(towns)),
            "Année": rng.integers(1975, 2024, size=len(towns)),
            "Effectif": rng.integers(5, 900, size=len(towns)),
        }
    )


def write_places(folder: Path, seed: int = 40, scale: int = 1, name: str = "places40.csv") -> Path:
    """Write :func:`places_records` as UTF-8 CSV in ``folder`` and return its path."""
    path = folder / name
    places_records(seed, scale).to_csv(path, index=False)
    return path

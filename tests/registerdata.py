"""A firm register of our own making, as Moroccan agencies export them, and the truth behind it.

:func:`make_register` draws ``n`` firms over :data:`LOCATIONS`: every way a register names
a place (towns, nicknames and Darija spellings, town cells with postcodes and suffixes,
quarters, industrial zones, blank towns with an address, homonyms), and records with no
Moroccan location (foreign towns, junk, blank). Its cells are text as an export writes them:
dates in every common form, employees with thousands by space, U+00A0, dot or apostrophe,
capital in "MDH" with decimal commas, an export rate with decimal commas, ICE codes with
leading zeros. :func:`write_csv` and :func:`write_workbook` write it with blank rows between
blocks and a totals row at the end (and, in the workbook, a title row, a merged group-header
line and date cells). Deterministic for a seed; Windows-1252 safe.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

HEADERS = [
    "Raison sociale",
    "Adresse du siège",
    "Ville",
    "Secteur d'activité",
    "Effectif",
    "Capital social",
    "Taux d'export",
    "Date de création",
    "ICE",
]
#: The group line above the header in the workbook: (label, first column, last column), 1-based.
GROUPS = (("Identification", 1, 1), ("Localisation", 2, 3), ("Activité", 4, 8), ("Identifiant", 9, 9))
#: (town cell, address, true region code or "" when the record has no Moroccan location, kind).
LOCATIONS: tuple[tuple[str, str, str, str], ...] = (
    # towns as written
    ("Casablanca", "", "06", "town"),
    ("CASABLANCA", "", "06", "town"),
    ("Rabat", "", "04", "town"),
    ("Fès", "", "03", "town"),
    ("Marrakech", "", "07", "town"),
    ("Tanger", "", "01", "town"),
    ("Agadir", "", "09", "town"),
    ("Oujda", "", "02", "town"),
    ("Meknès", "", "03", "town"),
    ("Kénitra", "", "04", "town"),
    ("Tétouan", "", "01", "town"),
    ("Safi", "", "07", "town"),
    ("El Jadida", "", "06", "town"),
    ("Béni Mellal", "", "05", "town"),
    ("Nador", "", "02", "town"),
    ("Errachidia", "", "08", "town"),
    ("Ouarzazate", "", "08", "town"),
    ("Laâyoune", "", "11", "town"),
    ("Guelmim", "", "10", "town"),
    ("Settat", "", "06", "town"),
    ("Salé", "", "04", "town"),
    ("Mohammedia", "", "06", "town"),
    ("Berrechid", "", "06", "town"),
    ("Khouribga", "", "05", "town"),
    ("Larache", "", "01", "town"),
    ("Témara", "", "04", "town"),
    ("Bouskoura", "", "06", "town"),
    ("Had Soualem", "", "06", "town"),
    ("Aït Melloul", "", "09", "town"),
    ("Berkane", "", "02", "town"),
    ("Ksar El Kebir", "", "01", "town"),
    ("Sidi Kacem", "", "04", "town"),
    ("Tit Mellil", "", "06", "town"),
    # nicknames, Darija and foreign spellings
    ("Casa", "", "06", "nickname"),
    ("Dar el Beida", "", "06", "nickname"),
    ("Tanja", "", "01", "nickname"),
    ("Fas", "", "03", "nickname"),
    ("Marrakesh", "", "07", "nickname"),
    ("Tangier", "", "01", "nickname"),
    ("Fez", "", "03", "nickname"),
    # town cells with a postcode or a suffix
    ("Rabat 10000", "", "04", "postcode"),
    ("30000 Fès", "", "03", "postcode"),
    ("Marrakech (Maroc)", "", "07", "postcode"),
    ("Agadir 80000", "", "09", "postcode"),
    ("Kénitra, Maroc", "", "04", "postcode"),
    ("Meknès - Maroc", "", "03", "postcode"),
    ("20600 Mohammedia", "", "06", "postcode"),
    ("Tanger (Ville)", "", "01", "postcode"),
    ("Sidi Maârouf - Casablanca", "", "06", "postcode"),
    ("Bouskoura Casablanca", "", "06", "postcode"),
    # quarters of large cities
    ("Sidi Maârouf", "", "06", "quarter"),
    ("Aïn Sebaâ", "", "06", "quarter"),
    ("Sidi Bernoussi", "", "06", "quarter"),
    ("Lissasfa", "", "06", "quarter"),
    ("Hay Hassani", "", "06", "quarter"),
    ("Bni Makada", "", "01", "quarter"),
    ("Gueliz", "", "07", "quarter"),
    ("Agdal Riyad", "", "04", "quarter"),
    ("Souissi", "", "04", "quarter"),
    # industrial zones, parks and free zones
    ("Sapino", "", "06", "site"),
    ("Zenata", "", "06", "site"),
    ("Ahl Loghlam", "", "06", "site"),
    ("Gzenaya", "", "01", "site"),
    ("Tanger Automotive City", "", "01", "site"),
    ("Zone franche de Tanger", "", "01", "site"),
    ("Technopole d'Oujda", "", "02", "site"),
    ("Aïn Johra", "", "04", "site"),
    ("ZI Sidi Ghanem", "", "07", "site"),
    # blank towns whose address names the place
    ("", "Lot 17, ZI Sidi Ghanem, Marrakech", "07", "address"),
    ("", "12 bd Zerktouni, Casablanca", "06", "address"),
    ("", "Route de Rabat km 8, Aïn Sebaâ", "06", "address"),
    ("", "Quartier industriel, BP 45, Nador", "02", "address"),
    ("", "Zone industrielle Gzenaya, Tanger", "01", "address"),
    ("", "45 avenue Hassan II, Agadir", "09", "address"),
    ("", "Parc industriel Sapino, Nouaceur", "06", "address"),
    ("", "Rue de Fès, Meknès", "03", "address"),
    ("", "Angle rue 7 et bd Moulay Ismaïl, Sidi Bernoussi", "06", "address"),
    # homonyms: a site and small communes elsewhere; a town and a city close in spelling
    ("Sidi Ghanem", "", "07", "homonym"),
    ("Sidi Ghanem", "Lot 3, Marrakech", "07", "homonym"),
    ("Dakhla", "", "12", "homonym"),
    ("El Ayoun", "Bd de Mekka, Laâyoune", "11", "homonym"),
    ("El Ayoun", "", "02", "homonym"),  # El Aïoun or Laâyoune: the rest of the row does not say
    # no Moroccan location
    ("Paris", "", "", "foreign"),
    ("Dubaï", "", "", "foreign"),
    ("Bruxelles", "", "", "foreign"),
    ("", "", "", "blank"),
    ("N/A", "", "", "blank"),
)
SECTORS = ("Automobile", "Aéronautique", "Textile et cuir", "Agro-industrie", "Chimie", "Offshoring")
STREETS = ("rue Ibn Sina", "bd Al Massira", "avenue des FAR", "rue 12", "lotissement Al Amal", "Immeuble 4, 2e étage")
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre")
#: Names a register holds that a spreadsheet or a page could take for code.
HOSTILE_NAMES = ('=HYPERLINK("http://x";"y")', "<b>Sté</b> & fils", "+212 Industrie", "@Atlas")


def _date_cell(rng: np.random.Generator, day: dt.date) -> str:
    """A creation date in one of the forms registers write it (ISO ones become date cells in a workbook)."""
    forms = (
        f"{day:%d/%m/%Y}",
        f"{day:%d-%m-%Y}",
        f"{day:%d.%m.%Y}",
        day.isoformat(),
        f"{day.isoformat()}T00:00:00",
        f"{day:%m/%Y}",
        f"{day.day} {MOIS[min(day.month, 10) - 1]} {day.year}",
        str(day.year),
    )
    return forms[int(rng.integers(len(forms)))]


def _staff_cell(rng: np.random.Generator, n: int) -> str:
    """Employees, thousands separated by a space, U+00A0, a dot, an apostrophe or nothing."""
    if n < 1000:
        return str(n)
    return f"{n:,}".replace(",", str(rng.choice([" ", "\u00a0", ".", "'", ""])))


def make_register(n: int = 430, *, seed: int = 2024) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return a register of ``n`` firms as text cells under :data:`HEADERS`, and its truth.

    Every location of :data:`LOCATIONS` is used at least once; the rest are drawn with big
    towns more likely. The truth has, per record: ``region`` (the true region code, "" for
    no Moroccan location), ``kind``, ``staff``, ``capital`` (MDH), ``export`` (percent),
    ``year``.
    """
    rng = np.random.default_rng(seed)
    if n < len(LOCATIONS):
        raise ValueError(f"n must be at least {len(LOCATIONS)}")
    weight = np.array([4.0 if kind == "town" else 1.0 for *_, kind in LOCATIONS])
    extra = rng.choice(len(LOCATIONS), size=n - len(LOCATIONS), p=weight / weight.sum())
    pick = rng.permutation(np.concatenate([np.arange(len(LOCATIONS)), extra]))
    loc = pd.DataFrame(list(LOCATIONS), columns=["town", "address", "region", "kind"]).iloc[pick].reset_index(drop=True)
    days = [dt.date(1965, 1, 1) + dt.timedelta(days=int(d)) for d in rng.integers(0, 21000, size=n)]
    staff = rng.integers(2, 12000, size=n)
    capital = rng.integers(1, 2500, size=n) / 10
    export = rng.integers(0, 1000, size=n) / 10
    unknown = rng.random(n) < 0.04
    names = [f"Société {i:04d} {SECTORS[i % len(SECTORS)].split()[0]}" for i in range(n)]
    for j, bad in enumerate(HOSTILE_NAMES):
        names[7 + 53 * j] = bad
    streets = rng.choice(STREETS, size=n)
    cells = pd.DataFrame(
        {
            HEADERS[0]: names,
            HEADERS[1]: [
                a or f"{int(k)}, {s}"
                for a, k, s in zip(loc["address"], rng.integers(1, 300, size=n), streets, strict=True)
            ],
            HEADERS[2]: loc["town"],
            HEADERS[3]: rng.choice(SECTORS, size=n),
            HEADERS[4]: ["" if u else _staff_cell(rng, int(s)) for u, s in zip(unknown, staff, strict=True)],
            HEADERS[5]: [f"{c:.1f}".replace(".", ",").replace(",0", "") + " MDH" for c in capital],
            HEADERS[6]: [f"{e:.1f}".replace(".", ",") for e in export],
            HEADERS[7]: ["" if u else _date_cell(rng, d) for u, d in zip(unknown, days, strict=True)],
            HEADERS[8]: [f"{int(k):015d}" for k in rng.integers(10**9, 10**14, size=n)],
        }
    )
    truth = pd.DataFrame(
        {
            "region": loc["region"],
            "kind": loc["kind"],
            "staff": np.where(unknown, np.nan, staff.astype(float)),
            "capital": capital,
            "export": export,
            "year": pd.array([pd.NA if u else d.year for u, d in zip(unknown, days, strict=True)], dtype="Int64"),
        }
    )
    return cells, truth


def _blocks(cells: pd.DataFrame) -> list[list[object]]:
    """The register's rows with a blank row between blocks of about 150 records."""
    rows: list[list[object]] = []
    for i, row in enumerate(cells.itertuples(index=False)):
        if i and i % 150 == 0:
            rows.append([""] * cells.shape[1])
        rows.append(list(row))
    return rows


def write_csv(cells: pd.DataFrame, path: Path, *, encoding: str) -> Path:
    """Write the register as a French export does (``;``, CRLF), blank rows between blocks, a totals row."""
    rows = [list(cells.columns), *_blocks(cells), ["TOTAL GÉNÉRAL", *[""] * (cells.shape[1] - 1)]]
    frame = pd.DataFrame(rows[1:], columns=rows[0])
    frame.iloc[-1, 4] = "123 456"
    path.write_bytes(frame.to_csv(sep=";", index=False, lineterminator="\r\n").encode(encoding))
    return path


def _cell(value: object) -> object:
    """A workbook cell: ISO dates as date cells (Excel's dates), the rest as the text written, blank as none."""
    text = str(value)
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        return dt.date.fromisoformat(text)
    return value if text else None


def write_workbook(cells: pd.DataFrame, path: Path) -> Path:
    """Write the register as an agency's workbook: a merged title row, a merged group-header line
    above the real header, date cells, blank rows between blocks and a totals row."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Registre"
    width = cells.shape[1]
    sheet.append(["Registre régional des entreprises industrielles (extraction 2024)"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    group = [None] * width
    for label, first, _ in GROUPS:
        group[first - 1] = label
    sheet.append(group)
    for _, first, last in GROUPS:
        if last > first:
            sheet.merge_cells(start_row=2, start_column=first, end_row=2, end_column=last)
    sheet.append(list(cells.columns))
    for r, row in enumerate(_blocks(cells), start=4):
        values = [_cell(v) for v in row]
        sheet.append(values)
        for j in (j for j, v in enumerate(values) if isinstance(v, str) and v.startswith("=")):
            sheet.cell(row=r, column=j + 1).data_type = "s"  # text that looks like a formula, as exported
    sheet.append(["TOTAL GÉNÉRAL", None, None, None, "123 456"])
    book.save(path)
    return path

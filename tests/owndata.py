"""A record table of our own making (not the study's): French headers, cp1252, 1985–2023."""

from __future__ import annotations

from pathlib import Path

#: (nom, ville, secteur, année, superficie_ha); one unknown place, one record without a year.
ROWS: tuple[tuple[str, str, str, str, str], ...] = (
    ("Zone industrielle Sidi Bernoussi", "Casablanca", "Industrie générale", "1985", "240"),
    ("Zone industrielle Ain Sebaa", "Casablanca", "Industrie générale", "1987", "180"),
    ("Technopark", "Casablanca", "Numérique", "2001", "3"),
    ("Zone industrielle Moulay Rachid", "Casablanca", "Industrie générale", "1992", "95"),
    ("Parc industriel de Bouskoura", "Nouaceur", "Zone franche", "2009", "300"),
    ("Technopolis", "Salé", "Numérique", "2008", "107"),
    ("Zone industrielle Skhirat", "Skhirat", "Industrie générale", "1996", "40"),
    ("Atlantic Free Zone", "Kénitra", "Zone franche", "2012", "345"),
    ("Zone franche de Tanger", "Tanger", "Zone franche", "1999", "400"),
    ("Tanger Automotive City", "Tanger", "Automobile", "2012", "300"),
    ("Zone industrielle Gzenaya", "Tanger", "Industrie générale", "1990", "120"),
    ("Parc industriel de Tétouan", "Tétouan", "Industrie générale", "2014", "150"),
    ("Agropole de Meknès", "Meknès", "Agro-industrie", "2011", "160"),
    ("Zone industrielle Sidi Brahim", "Fès", "Industrie générale", "1986", "70"),
    ("Technopole d'Oujda", "Oujda", "Énergie solaire", "2013", "500"),
    ("Agropole de Berkane", "Berkane", "Agro-industrie", "2015", "130"),
    ("Zone industrielle de Selouane", "Nador", "Industrie générale", "2004", "75"),
    ("Haliopolis", "Agadir", "Agro-industrie", "2010", "230"),
    ("Agropole du Souss", "Agadir", "Agro-industrie", "2016", "100"),
    ("Zone industrielle Sidi Ghanem", "Marrakech", "Industrie générale", "1988", "60"),
    ("Centrale Noor", "Ouarzazate", "Énergie solaire", "2016", "3000"),
    ("Parc solaire de Laâyoune", "Laâyoune", "Énergie solaire", "2018", "500"),
    ("Zone d'activités de Dakhla", "Dakhla", "Énergie solaire", "2021", "150"),
    ("Port de Dakhla Atlantique", "Dakhla", "Zone franche", "2023", "1650"),
    ("Agropole de Béni Mellal", "Béni Mellal", "Agro-industrie", "2019", "200"),
    ("Parc industriel de Settat", "Settat", "Zone franche", "2007", "160"),
    ("Zone industrielle d'Errachidia", "Errachidia", "Industrie générale", "2002", "45"),
    ("Pôle de Guelmim", "Guelmim", "Énergie solaire", "2020", "80"),
    ("Zone de Ksar Imaginaire", "Ksar Imaginaire", "Chimie", "1986", "1700"),
    ("Parc d'Azemmour", "Azemmour", "Chimie", "", "35"),
)


def write_own_data(folder: Path, name: str = "zones_industrielles.csv") -> Path:
    """Write the table as a French Excel user would (``;``, cp1252) and return its path."""
    lines = ["nom;ville;secteur;année;superficie_ha", *(";".join(row) for row in ROWS)]
    path = folder / name
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path

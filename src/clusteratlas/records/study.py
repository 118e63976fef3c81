"""The study's columns: its seven intervention levers and the headers of its own columns.

These are the columns of the 2020 study's Table 3 and of its cluster list (sector group,
governance, financing, labeling, perimeter, vocation), gathered here so that the core
vocabulary (:mod:`clusteratlas.records.vocabulary`) holds only what any register has. They
stay importable from :mod:`clusteratlas.records` until the study becomes a profile.
"""

from __future__ import annotations

__all__ = ["LEVERS", "LEVER_SHORT", "STUDY_SYNONYMS"]

#: The seven intervention levers of the study's Table 3, as columns, with their labels.
LEVERS: dict[str, str] = {
    "lever_rnd": "Innovation development R&D",
    "lever_cooperation": "Cooperation & synergy development",
    "lever_skills": "Skills development",
    "lever_infrastructure": "Infrastructure development",
    "lever_international": "International development",
    "lever_subsidies": "Accessing subsidies and incentives",
    "lever_governance": "Governance and integrated practices",
}

#: Short labels of the levers, for tables and legends.
LEVER_SHORT: dict[str, str] = {
    "lever_rnd": "R&D",
    "lever_cooperation": "Cooperation",
    "lever_skills": "Skills",
    "lever_infrastructure": "Infrastructure",
    "lever_international": "International",
    "lever_subsidies": "Subsidies",
    "lever_governance": "Governance",
}

#: The study's own columns -> the header spellings that mean them (compared by
#: :func:`~clusteratlas.gazetteer.normalize_name`).
STUDY_SYNONYMS: dict[str, tuple[str, ...]] = {
    "governance": ("governance", "gouvernance", "governance system", "système de gouvernance"),
    "financing": ("financing", "financement", "financing system", "système de financement"),
    "labeling": ("labeling", "labelling", "label", "labellisation", "labélisation"),
    "perimeter": ("perimeter", "périmètre", "geographic perimeter", "périmètre géographique"),
    "vocation": ("vocation",),
    "sector_group": ("sector group", "sector_group", "groupe sectoriel", "filière"),
}

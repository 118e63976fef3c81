"""A shipped alias whose address names a place in another province: a conflict, said, never a crash."""

from __future__ import annotations

import warnings

import pandas as pd

from clusteratlas import geocode


def test_alias_rows_in_conflict_beside_alias_rows_placed() -> None:
    frame = pd.DataFrame(
        {
            "Company": ["A", "B", "C"],
            "City": ["Tanger Med", "Tanger Med", "Tanger Med"],
            "Address": ["Zone Franche Gzenaya", "BP 45", ""],
        }
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = geocode(frame)
    assert out["geocode_status"].tolist() == ["conflict", "alias", "alias"]
    assert out["province"].iloc[1] == "Fahs-Anjra"
    assert (out["geocode_match"].iloc[1:] == "Tanger Med").all()

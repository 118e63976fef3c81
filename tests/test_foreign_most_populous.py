"""A town abroad is named by the most populous place of its name: Madrid (ES), not Madrid (CO)."""

from __future__ import annotations

import pandas as pd

from clusteratlas._resources import data_path
from clusteratlas.gazetteer import _foreign_names, normalize_name


def test_every_foreign_name_is_its_most_populous_place() -> None:
    table = pd.read_csv(data_path("geo", "foreign_places.csv"), keep_default_na=False)
    table["key"] = [normalize_name(n) for n in table["name"]]
    top = table.sort_values("population", ascending=False, kind="stable").drop_duplicates("key")
    named = _foreign_names()
    sample = top[top["key"].duplicated(keep=False) | top["key"].isin(table["key"][table["key"].duplicated()])]
    assert len(sample) > 100  # names shared by places of several countries
    for key, name, cc in sample[["key", "name", "country_code"]].itertuples(index=False):
        assert named[key] == f"{name} ({cc})"
    assert named[normalize_name("Madrid")] == "Madrid (ES)"

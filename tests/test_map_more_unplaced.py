"""The map's header points to where the unplaced records not named are listed: the page's table, or geocode."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from clusteratlas import geocode, map_spec
from clusteratlas.interactive import _page
from clusteratlas.presentation import texts


@pytest.mark.parametrize(("listed_up_to", "key"), [(10_000, "more"), (20, "more_unlisted")])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_header_says_where_the_other_unplaced_records_are(
    monkeypatch: pytest.MonkeyPatch, listed_up_to: int, key: str, lang: str
) -> None:
    n = 40
    frame = pd.DataFrame({"name": [f"f{i}" for i in range(n)], "city": ["Zzyzx"] * 30 + ["Tanger"] * 10})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec = map_spec(geocode(frame), lang=lang)
    monkeypatch.setattr(_page, "LIST_ALL_UP_TO", listed_up_to)  # a page above it lists only its first records
    summary = _page._summary(spec, 10, texts("web", lang))
    tail = texts("web", lang)[key].split("{n}")[1]
    assert tail in summary

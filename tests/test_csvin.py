"""``read_text_csv`` reads what ``pandas.read_csv(dtype=str)`` reads: same cells, dtypes, index and columns."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clusteratlas._csvin import read_text_csv

_CELL = st.text(alphabet=st.sampled_from(list('ab ,;"\n\r\t0123456789.-éال\u00a0\u2028#')), max_size=8)
_OPTIONS = [
    {"keep_default_na": False, "na_filter": False, "skipinitialspace": True},
    {"keep_default_na": False},
    {},
    {"keep_default_na": False, "comment": "#"},
]


def _body(rows: list[list[str]], sep: str) -> str:
    return "\n".join(sep.join(row) for row in rows) + "\n"


def _both(body: str, **options: object) -> tuple[object, object]:
    """The frame (or the exception type) from each reader."""
    out = []
    readers = (
        lambda: pd.read_csv(io.StringIO(body), dtype=str, **options),
        lambda: read_text_csv(io.StringIO(body), **options),
    )
    for read in readers:
        try:
            out.append(read())
        except Exception as err:
            out.append(type(err))
    return out[0], out[1]


@settings(max_examples=300, derandomize=True, deadline=None)
@given(
    rows=st.lists(st.lists(_CELL, min_size=1, max_size=4), min_size=1, max_size=6),
    sep=st.sampled_from([",", ";"]),
    k=st.integers(0, len(_OPTIONS) - 1),
)
def test_same_frame_as_dtype_str(rows: list[list[str]], sep: str, k: int) -> None:
    plain, fast = _both(_body(rows, sep), sep=sep, **_OPTIONS[k])
    if isinstance(plain, pd.DataFrame):
        assert isinstance(fast, pd.DataFrame)
        pd.testing.assert_frame_equal(fast, plain)
    else:
        assert fast == plain


@pytest.mark.parametrize(
    "body",
    ["a,b\n1,2,\n3,4,\n", "a,b\n1,2,3,\n3,4,5,\n", "a,a,b\n1,2,3\n", "a,b\n", "x\n\n", 'a\n"x, y"\n'],
    ids=["one-wider", "two-wider", "repeated", "header-only", "blank", "quoted"],
)
def test_index_taken_from_cells_is_text(body: str) -> None:
    plain, fast = _both(body, keep_default_na=False, na_filter=False, skipinitialspace=True)
    assert isinstance(fast, pd.DataFrame) and isinstance(plain, pd.DataFrame)
    pd.testing.assert_frame_equal(fast, plain)
    assert all(str(t) == "str" for t in fast.dtypes)

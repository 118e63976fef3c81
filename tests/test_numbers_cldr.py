"""English and French numbers written without Babel are the ones Babel writes (presentation._cldr)."""

from __future__ import annotations

import decimal

import numpy as np
import pytest

from clusteratlas import presentation
from clusteratlas.presentation import _babel, _cldr


def _values() -> list[float]:
    """Random magnitudes, ties at every decimal, signs, zeros and integers."""
    rng = np.random.default_rng(20261206)
    spread = (10.0 ** rng.uniform(-6, 14.9, 3000)) * rng.choice([-1.0, 1.0], 3000)
    ties = [k / 2**j for k in range(-40, 41) for j in range(1, 6)]
    decimal_ties = [float(f"{i}.{'0' * z}5") for i in range(30) for z in range(4)]
    edges = [0.0, -0.0, 1e-12, -1e-12, 0.0145, 0.005, 0.0005, 999.5, 999_999.995, 1e15 - 1, 2**53, -(2**53)]
    integers = [float(i) for i in rng.integers(-(10**12), 10**12, 500)]
    return [*spread.tolist(), *ties, *decimal_ties, *edges, *integers]


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("kind", ["decimal", "percent"])
def test_numbers_written_without_babel_are_babels(lang: str, kind: str) -> None:
    differ = [
        (value, decimals, _cldr(value, lang, kind, decimals), _babel(value, lang, kind, decimals))
        for value in _values()
        for decimals in range(4)
        if _cldr(value, lang, kind, decimals) != _babel(value, lang, kind, decimals)
    ]
    assert not differ, differ[:5]


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan"), 1e15, -3e22])
def test_values_outside_the_plain_range_go_to_babel(value: float) -> None:
    assert _cldr(value, "fr", "decimal", 1) == _babel(value, "fr", "decimal", 1)


def test_number_and_percent_start_without_loading_babel(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> str:
        raise AssertionError("Babel was loaded")

    monkeypatch.setattr(presentation, "_babel", refuse)
    assert presentation.number(4030222.5, "fr", decimals=1) == "4\u202f030\u202f222,5"
    assert presentation.percent(0.0145, "en") == "1.5%"
    assert presentation.percent(-0.00004, "fr", decimals=2) == "-0,00\u202f%"


def test_a_number_that_decimal_cannot_hold_still_is_written() -> None:
    with decimal.localcontext() as ctx:
        ctx.prec = 6  # a caller's narrow context: the written number is not cut
        assert presentation.number(123456789.25, "en", decimals=1) == "123,456,789.3"

"""The text catalogues and the number formats of every language."""

from __future__ import annotations

import string
import tomllib
from importlib import resources
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from clusteratlas import export, presentation
from clusteratlas.errors import InputError
from clusteratlas.interactive import WEB_TEXTS
from clusteratlas.mapspec import ALT, RECORD_TEXTS, TEXTS
from clusteratlas.presentation import (
    LANGUAGES,
    catalogue,
    catalogue_problems,
    count_share,
    number,
    percent,
    texts,
    value_text,
)
from clusteratlas.reporting import TEXT
from tests.randomdata import HOSTILE

NNBSP = "\u202f"


def _raw(lang: str) -> dict:
    return tomllib.loads(resources.files("clusteratlas").joinpath("_locale", f"{lang}.toml").read_text("utf-8"))


def test_every_key_in_one_language_is_in_the_other() -> None:
    en, fr = _raw("en"), _raw("fr")
    assert set(en) == set(fr)
    for section in en:
        assert set(en[section]) == set(fr[section]), section
    assert catalogue_problems({"en": en, "fr": fr}) == []


def test_placeholders_agree_between_languages() -> None:
    """A French text asks for the same {fields} as its English one, so formatting never fails.

    The pack's fields (``{country}``, ``{of_country}`` …) are filled when the catalogue is read,
    before any formatting: a language may name the country in the form its sentence needs
    ("outside Morocco", "hors du Maroc").
    """
    en, fr = _raw("en"), _raw("fr")
    fields = string.Formatter()
    pack_fields = {"country", "in_country", "of_country"}

    def asked(text: str) -> set[str]:
        return {"<pack>" if f in pack_fields else f for _, f, _, _ in fields.parse(text) if f is not None}

    for section in en:
        for key, text in en[section].items():
            names_en, names_fr = asked(text), asked(fr[section][key])
            assert names_en == names_fr, f"{section}.{key}"


def test_parity_check_names_what_is_missing() -> None:
    books = {"en": {"web": {"a": "A", "b": "B"}, "alt": {}}, "fr": {"web": {"a": "A", "c": "C"}}}
    assert catalogue_problems(books) == ["en lacks web.c", "fr lacks section [alt]", "fr lacks web.b"]


def test_old_names_are_views_of_the_catalogue() -> None:
    assert catalogue("map") == TEXTS
    assert catalogue("map_records") == RECORD_TEXTS
    assert catalogue("alt") == ALT
    assert catalogue("report") == TEXT
    assert catalogue("web") == WEB_TEXTS
    assert catalogue("shares") == export.SHARES_TEXT
    assert WEB_TEXTS["fr"]["reset"] == "Réinitialiser"
    assert set(TEXTS) == set(LANGUAGES)


def test_texts_are_copies_and_bad_requests_are_input_errors() -> None:
    mine = texts("map", "fr")
    mine["title"] = "changed"
    assert texts("map", "fr")["title"] == "Clusters industriels au Maroc"
    with pytest.raises(InputError, match="language 'de'"):
        texts("map", "de")
    with pytest.raises(InputError, match="section 'nope'"):
        texts("nope", "en")


def test_no_text_is_defined_twice() -> None:
    """The text dictionaries of the modules are gone: each module reads the catalogue."""
    root = Path(str(resources.files("clusteratlas")))
    for module in ("mapspec", "reporting", "interactive", "export"):
        files = [root / f"{module}.py"] if (root / f"{module}.py").is_file() else sorted((root / module).glob("*.py"))
        assert files, module
        source = "\n".join(f.read_text("utf-8") for f in files)
        assert '"Réinitialiser"' not in source and '"Clusters industriels au Maroc"' not in source
        assert "dict[str, dict[str, str]] = {" not in source, module


@pytest.mark.parametrize(
    ("value", "lang", "decimals", "expected"),
    [
        (4030222, "en", 0, "4,030,222"),
        (4030222, "fr", 0, f"4{NNBSP}030{NNBSP}222"),
        (2.345, "fr", 2, "2,35"),
        (2.344, "en", 2, "2.34"),
        (-1234.5, "en", 1, "-1,234.5"),
        (0, "fr", 2, "0,00"),
        (999.5, "en", 0, "1,000"),  # half up
    ],
)
def test_numbers(value: float, lang: str, decimals: int, expected: str) -> None:
    assert number(value, lang, decimals=decimals) == expected


@pytest.mark.parametrize(
    ("share", "lang", "expected"),
    [
        (10 / 17, "en", "58.8%"),
        (10 / 17, "fr", f"58,8{NNBSP}%"),
        (1.0, "fr", f"100,0{NNBSP}%"),
        (0.0, "en", "0.0%"),
        (0.0145, "en", "1.5%"),  # the decimal tie rounds up, as a reader rounds
        (1 / 16, "en", "6.3%"),
        (12.3456, "en", "1,234.6%"),
    ],
)
def test_percents(share: float, lang: str, expected: str) -> None:
    assert percent(share, lang) == expected


def test_missing_values_are_empty_and_trim_drops_a_zero_fraction() -> None:
    assert number(float("nan")) == percent(None) == percent(np.nan, "fr") == ""  # type: ignore[arg-type]
    assert percent(0.5, trim=True) == "50%"
    assert percent(0.588, trim=True) == "58.8%"
    assert percent(0.5, "fr", trim=True) == f"50{NNBSP}%"


def test_count_share_and_value_text() -> None:
    assert count_share("Zone A", 1234, 0.5, "fr") == f"Zone A\u00a0: 1{NNBSP}234 (50,0{NNBSP}%)"
    assert count_share("Zone A", 1234, 0.5) == "Zone A: 1,234 (50.0%)"
    assert value_text(2.6, "count") == "3"
    assert value_text(3.0, "number", "fr") == "3"
    assert value_text(1234.5, "per-capita", "fr") == f"1{NNBSP}234,50"


def test_export_keeps_its_formatters() -> None:
    assert export.percent is presentation.percent
    assert export.number is presentation.number
    assert export.count_share is presentation.count_share


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.sampled_from(LANGUAGES), st.integers(0, 3))
def test_numbers_read_back(value: float, lang: str, decimals: int) -> None:
    text = number(value, lang, decimals=decimals)
    plain = text.replace(",", "").replace(NNBSP, "") if lang == "en" else text.replace(NNBSP, "").replace(",", ".")
    assert abs(float(plain) - value) <= 0.5 * 10**-decimals + 1e-6 * abs(value)
    assert (NNBSP in text) == (lang == "fr" and abs(value) >= 999.5)


@given(st.floats(min_value=0, max_value=1, allow_nan=False), st.sampled_from(LANGUAGES))
def test_percents_read_back(share: float, lang: str) -> None:
    text = percent(share, lang)
    assert text.endswith(f"{NNBSP}%" if lang == "fr" else "%")
    digits = text.rstrip("%").strip(NNBSP).replace(",", ".")
    assert abs(float(digits) - 100 * share) <= 0.05 + 1e-9


@pytest.mark.parametrize("hostile", [*HOSTILE, "{0}", "{title}", "%s %d", "</script>"])
def test_hostile_strings_pass_through_as_text(hostile: str) -> None:
    """Data filled into a text is never read as a template, markup or a format."""
    filled = texts("map", "fr")["not_shown"].format(n=number(1, "fr"), names=hostile)
    assert filled == f"Non représentés (1)\u00a0: {hostile}"
    assert count_share(hostile, 1, 1.0).startswith(hostile + ": ")
    assert texts("web", "en")["unplaced"].format(names=hostile).endswith(hostile)


@given(st.floats(min_value=-100, max_value=100, allow_nan=False))
def test_points_are_signed_and_localised(change: float) -> None:
    en, fr = presentation.points(change), presentation.points(change, "fr")
    assert en[0] in "+-" and fr[0] in "+-"
    assert float(en.replace(",", "")) == pytest.approx(change, abs=0.05 + 1e-9)
    assert en.lstrip("+-") == number(abs(change), decimals=1)
    assert fr == en.replace(",", "\u202f").replace(".", ",")
    assert presentation.points(float("nan")) == ""

"""Everything a reader sees, in one place: texts per language and numbers written per locale.

Texts live in one TOML catalogue per language, ``_locale/en.toml`` and ``_locale/fr.toml``,
with one section per module (``map``, ``alt``, ``report``, ``web``, ``shares``, ``fields``,
``status``...).
:func:`texts` returns one section in one language; :func:`catalogue` returns a section in
every language (the shape of the old module-level dictionaries such as ``mapspec.TEXTS``).
Both catalogues must hold the same sections and keys: :func:`texts` checks that when it
first loads them, and a missing key is an error, never an English fallback.
French texts are typeset when read (:func:`typeset`): a no-break space before ``:``, ``;``,
``!``, ``?`` and ``%`` and inside guillemets, so the catalogue is written with plain spaces.

What is country-specific comes from the geography pack in use
(:func:`clusteratlas.geography.pack`): :func:`texts` fills the fields ``{country}``,
``{in_country}``, ``{of_country}``, ``{division}``, ``{attribution}``, ``{population}`` and
``{placement}`` with the pack's ``[texts.LANG]`` table, and ``{n_regions}`` with its number
of regions, so another pack's country appears in every title, alt text and note. Other
``{fields}`` are left for the caller's ``str.format``.

Numbers are written as Babel writes them with CLDR's patterns (:func:`number`, :func:`percent`),
with two decisions of ours, kept from the outputs before Babel. English and French finite
numbers are written here from CLDR's symbols, without loading Babel (a twentieth of a second
at every start; ``tests/test_numbers_cldr.py`` checks every case against Babel); other
values go through Babel itself.

- French uses the narrow no-break space U+202F both between thousands and before ``%``
  ("4 030 222", "58,8 %"). CLDR uses U+202F for the thousands but U+00A0 before ``%``; the
  narrow space is the French typographic rule and keeps one space character in our outputs.
- Ties round half up on the decimal value (``0.0145`` is "1.5%", as a reader or a
  spreadsheet rounds), not half to even on the binary float.
"""

from __future__ import annotations

import decimal
import math
import re
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

import pandas as pd

from ._resources import LANGUAGES as LANGUAGES
from .errors import InputError
from .geography import pack

__all__ = [
    "LANGUAGES",
    "catalogue",
    "catalogue_problems",
    "count_share",
    "fill",
    "number",
    "one",
    "percent",
    "points",
    "texts",
    "typeset",
    "value_text",
]

#: Languages with a catalogue, in the order the catalogues are checked.

_NARROW_NBSP = "\u202f"
#: French typography: the no-break space put before each mark (a narrow one but before ``:``), and
#: inside guillemets.
_FRENCH_SPACES = {":": "\u00a0", ";": _NARROW_NBSP, "!": _NARROW_NBSP, "?": _NARROW_NBSP, "%": _NARROW_NBSP}
_FRENCH_MARKS = re.compile(r" ([:;!?%])(?=\s|$|[^\w/])|(«) | (»)")


def typeset(text: str, lang: str = "en") -> str:
    r"""Return one of our texts with the language's spaces before punctuation.

    French puts a no-break space before ``:`` and a narrow one before ``;``, ``!``, ``?``
    and ``%``, no-break spaces inside guillemets and around ``=`` between words ("1 = la
    même" is not broken after "1"); English is left as it is. Every French
    catalogue text is typeset so when read (:func:`texts`); a ``{field}`` is filled after,
    so the user's words in it stay as written.

    Examples
    --------
    >>> typeset("Données : {data} ; « Inconnu »", "fr")
    'Données\xa0: {data}\u202f; «\xa0Inconnu\xa0»'
    >>> typeset("Data : x", "en")
    'Data : x'
    """
    if lang != "fr":
        return text

    def space(match: re.Match[str]) -> str:
        mark, opening, closing = match.groups()
        if opening:
            return "«\u00a0"
        if closing:
            return "\u00a0»"
        return _FRENCH_SPACES[mark] + mark

    text = _FRENCH_EQUALS.sub("\u00a0=\u00a0", _FRENCH_MARKS.sub(space, text))
    return _APOSTROPHE.sub("\u2019", text)


#: A straight apostrophe between letters ("l'ensemble"): French sets the typographic one (’).
_APOSTROPHE = re.compile(r"(?<=\w)'(?=[\w{])")
#: An equals sign between words ("1 = la même"): French keeps both sides on its line.
_FRENCH_EQUALS = re.compile(r"(?<=\S) = (?=\S)")


@cache
def _load() -> Mapping[str, Mapping[str, Mapping[str, str]]]:
    """Read and check every catalogue once: the same sections and keys in every language."""
    books: dict[str, Mapping[str, Mapping[str, str]]] = {}
    for lang in LANGUAGES:
        raw = tomllib.loads(resources.files(__package__).joinpath("_locale", f"{lang}.toml").read_text("utf-8"))
        books[lang] = MappingProxyType(
            {
                name: MappingProxyType({str(k): typeset(str(v), lang) for k, v in section.items()})
                for name, section in raw.items()
            }
        )
    problems = catalogue_problems(books)
    if problems:
        msg = "the text catalogues disagree: " + "; ".join(problems) + "."
        raise RuntimeError(msg)
    return MappingProxyType(books)


def catalogue_problems(books: Mapping[str, Mapping[str, Mapping[str, str]]]) -> list[str]:
    """List every section or key present in one language's catalogue and missing from another's.

    Parameters
    ----------
    books : mapping
        Language -> section -> key -> text.

    Returns
    -------
    list of str
        One line per problem (``"fr lacks web.reset"``); empty when the catalogues agree.
    """
    out = []
    langs = list(books)
    for lang in langs:
        for other in langs:
            if other == lang:
                continue
            for name, section in books[lang].items():
                theirs = books[other].get(name)
                if theirs is None:
                    out.append(f"{other} lacks section [{name}]")
                    continue
                out += [f"{other} lacks {name}.{key}" for key in section if key not in theirs]
    return sorted(set(out))


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        msg = f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}."
        raise InputError(msg)


#: Catalogue fields filled from the geography pack (see the module's docstring).
_PACK_FIELD = re.compile(r"\{(country|in_country|of_country|division|attribution|population|placement|n_regions)\}")


@cache
def _filled(geo: Any, lang: str, section: str) -> Mapping[str, str]:
    """One section of one language with the pack's fields filled and typeset (once per pack, language and section)."""
    words = geo.texts[lang]

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        return str(geo.region_count()) if key == "n_regions" else str(words[key])

    return MappingProxyType({k: typeset(_PACK_FIELD.sub(fill, v), lang) for k, v in _load()[lang][section].items()})


def texts(section: str, lang: str = "en") -> dict[str, str]:
    """Return one section of the catalogue in one language (a copy: changing it changes nothing else).

    The pack's fields are filled with the geography pack in use when it is called.

    Parameters
    ----------
    section : str
        ``map``, ``map_records``, ``alt``, ``report``, ``web``, ``shares``, ``fields`` or ``status``.
    lang : {"en", "fr"}

    Returns
    -------
    dict of str to str

    Raises
    ------
    InputError
        For an unknown language or section.

    Examples
    --------
    >>> texts("web", "fr")["reset"]
    'Réinitialiser'
    """
    _check_lang(lang)
    books = _load()
    if section not in books[lang]:
        msg = f"unknown text section {section!r}; use one of {', '.join(books[lang])}."
        raise InputError(msg)
    if not _needs_pack(lang, section):
        return dict(books[lang][section])
    return dict(_filled(pack(), lang, section))


@cache
def _needs_pack(lang: str, section: str) -> bool:
    """Whether a section has fields filled from the geography pack (those without are read without it)."""
    return any(_PACK_FIELD.search(v) for v in _load()[lang][section].values())


def catalogue(section: str) -> dict[str, dict[str, str]]:
    """Return one section in every language: ``{"en": {...}, "fr": {...}}`` (a copy).

    The shape of the per-module dictionaries that came before the catalogue
    (``mapspec.TEXTS``, ``interactive.WEB_TEXTS``...), which are now views made by this.
    """
    return {lang: texts(section, lang) for lang in LANGUAGES}


@cache
def _pattern(lang: str, kind: str, decimals: int) -> tuple[Any, Any]:
    """Return the locale and CLDR's decimal or percent pattern for ``lang``, with exactly ``decimals`` decimals."""
    from babel import Locale
    from babel.numbers import parse_pattern

    locale = Locale.parse(lang)
    formats = locale.percent_formats if kind == "percent" else locale.decimal_formats
    pattern = str(formats[None].pattern).split(";")[0]
    fraction = "." + "0" * decimals if decimals else ""
    # The integer part ends at the last 0; replace any fraction CLDR gives with ours.
    pattern = re.sub(r"0(\.[0#]*)?(?=[^0#.]*$)", "0" + fraction, pattern, count=1)
    return locale, parse_pattern(pattern.replace("\u00a0", _NARROW_NBSP))


#: Each language's thousands separator, decimal mark and percent suffix, as CLDR (with our narrow space).
_SYMBOLS = {"en": (",", ".", "%"), "fr": (_NARROW_NBSP, ",", _NARROW_NBSP + "%")}
#: Above this magnitude, numbers are left to Babel.
_PLAIN_BELOW = 1e15
#: Digits enough for any float below :data:`_PLAIN_BELOW` with its decimals, whatever the caller's context.
_CONTEXT = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_UP)


def _cldr(value: float, lang: str, kind: str, decimals: int) -> str:
    """Write ``value`` as :func:`_babel` does, from :data:`_SYMBOLS`: ties half up, groups of three."""
    _check_lang(lang)
    number = float(value)
    if lang not in _SYMBOLS or not math.isfinite(number) or abs(number) >= _PLAIN_BELOW:
        return _babel(number, lang, kind, decimals)
    exact = decimal.Decimal(str(number))
    if kind == "percent":
        exact = exact.scaleb(2, context=_CONTEXT)
    rounded = exact.quantize(decimal.Decimal(1).scaleb(-decimals, context=_CONTEXT), context=_CONTEXT)
    group, mark, suffix = _SYMBOLS[lang]
    whole, _, fraction = f"{rounded.copy_abs():f}".partition(".")
    text = f"{int(whole):,}".replace(",", group) + (mark + fraction if decimals else "")
    return ("-" if rounded.is_signed() else "") + text + (suffix if kind == "percent" else "")


def _babel(value: float, lang: str, kind: str, decimals: int) -> str:
    _check_lang(lang)
    locale, pattern = _pattern(lang, kind, decimals)
    exact = decimal.Decimal(str(float(value)))
    with decimal.localcontext() as ctx:
        ctx.rounding = decimal.ROUND_HALF_UP
        return str(pattern.apply(exact, locale))


def _missing(value: object) -> bool:
    return value is None or bool(pd.isna(value))


def number(value: float, lang: str = "en", *, decimals: int = 0) -> str:
    """Write a number with the language's grouping and decimal mark; missing is ``""``.

    Parameters
    ----------
    value : float
    lang : {"en", "fr"}
    decimals : int, default 0
        Digits after the decimal mark, always written.

    Returns
    -------
    str

    Examples
    --------
    >>> number(4030222), number(4030222, "fr"), number(2.345, "fr", decimals=2)
    ('4,030,222', '4\u202f030\u202f222', '2,35')
    """
    if _missing(value):
        return ""
    return _cldr(value, lang, "decimal", decimals)


def percent(share: float, lang: str = "en", *, decimals: int = 1, trim: bool = False) -> str:
    """Write a share (0 to 1) as a percentage; missing is ``""``.

    Parameters
    ----------
    share : float
    lang : {"en", "fr"}
    decimals : int, default 1
    trim : bool, default False
        Drop a fraction of zeros ("50%" rather than "50.0%"), as the claims' published
        values are written.

    Returns
    -------
    str

    Examples
    --------
    >>> percent(10 / 17), percent(10 / 17, "fr"), percent(0.5, trim=True)
    ('58.8%', '58,8\u202f%', '50%')
    """
    if _missing(share):
        return ""
    if trim and _whole(share):
        decimals = 0
    return _cldr(share, lang, "percent", decimals)


def points(change: float, lang: str = "en", *, decimals: int = 1) -> str:
    """Write a difference of percentages in points, always signed ("+5.3", "-13.9"); missing is ``""``.

    Parameters
    ----------
    change : float
        The difference, in percentage points (``100 * (after - before)``).
    lang : {"en", "fr"}
    decimals : int, default 1

    Returns
    -------
    str

    Examples
    --------
    >>> points(5.3), points(-13.94, "fr"), points(0.0)
    ('+5.3', '-13,9', '+0.0')
    """
    if _missing(change):
        return ""
    text = number(change, lang, decimals=decimals)
    return text if text.startswith(("-", "\u2212")) else "+" + text


def _whole(share: float) -> bool:
    """Whether ``100 * share`` is a whole number (to 1e-9)."""
    return abs(100 * share - round(100 * share)) < 1e-9


def count_share(label: str, count: float, share: float, lang: str = "en") -> str:
    r"""Write "label: n (p%)" as the language does; French puts a no-break space before the colon.

    One wording for every legend that gives a group's count and share (figures and map).

    Examples
    --------
    >>> count_share("Other regions", 11, 11 / 30)
    'Other regions: 11 (36.7%)'
    >>> count_share("Autres régions", 11, 11 / 30, "fr")
    'Autres régions\xa0: 11 (36,7\u202f%)'
    """
    colon = "\u00a0: " if lang == "fr" else ": "
    return f"{label}{colon}{number(count, lang)} ({percent(share, lang)})"


def value_text(value: float, kind: str, lang: str = "en") -> str:
    """Write a choropleth value as its legend does.

    Parameters
    ----------
    value : float
    kind : {"count", "share", "number", "per-capita"}
        ``count`` is a whole number, ``share`` a percentage, ``number`` a column's sum
        (two decimals unless whole), anything else two decimals.
    lang : {"en", "fr"}

    Returns
    -------
    str

    Examples
    --------
    >>> value_text(3, "count"), value_text(0.25, "share", "fr"), value_text(1.5, "number")
    ('3', '25,0\u202f%', '1.50')
    """
    if kind == "count":
        return number(round(value), lang)
    if kind == "share":
        return percent(value, lang)
    if kind == "number":
        return number(value, lang, decimals=0 if float(value).is_integer() else 2)
    return number(value, lang, decimals=2)


#: "de" before a field in a French template: elided to "d'" when the value starts with a vowel or h.
_DE_FIELD = re.compile(r"\b([Dd])e \{(\w+)\}")
#: What starts a word that "de" is elided before (a vowel, accented or not, or h).
_ELIDED = re.compile(r"[aeiouyhàâäéèêëîïôöûùüÿœæ]", re.IGNORECASE)


def fill(template: str, lang: str = "en", **fields: object) -> str:
    """Fill a catalogue text with ``fields``, eliding French "de" before a vowel or h ("Part d’Effectif").

    Only a "de" written just before a field is elided, and only when that field's value
    starts with a vowel or h; the rest of the text and the values are as written.

    Examples
    --------
    >>> fill("Part de {weight}", "fr", weight="Effectif"), fill("Part de {weight}", "fr", weight="Surface")
    ('Part d’Effectif', 'Part de Surface')
    >>> fill("Share of {weight}", "en", weight="Effectif")
    'Share of Effectif'
    """
    if lang == "fr":

        def elide(match: re.Match[str]) -> str:
            value = str(fields.get(match.group(2), "")).lstrip()
            vowel = bool(value) and _ELIDED.match(value) is not None
            return f"{match.group(1)}\u2019{{{match.group(2)}}}" if vowel else match.group(0)

        template = _DE_FIELD.sub(elide, template)
    return template.format(**fields)


def one(n: float, lang: str = "en") -> bool:
    """Whether ``n`` takes the singular: 1 in English; 0 and 1 in French ("0 fiche", "1 graphie").

    Examples
    --------
    >>> one(1), one(0), one(0, "fr"), one(2, "fr")
    (True, False, True, False)
    """
    return abs(n) < 2 if lang == "fr" else n == 1

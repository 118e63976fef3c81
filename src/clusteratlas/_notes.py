"""The geocoder's notes read back into their parts and written in the output's language.

The geocoder writes each record's ``geocode_note`` in English, as parts joined by ``"; "``
("the town cell names 'Aïn Sebaâ'; placed at Aïn-Sebaâ (quarter in Casablanca)"). That
English is the machine-readable form every output keeps (CSV, GeoJSON, GeoPackage,
GeoParquet: read back by :mod:`clusteratlas._readback` and by the reasons a figure or a
report gives). The ``notes`` section of the text catalogues holds every part as the
geocoder writes it in English, with its fields, and the same part in French.
:func:`note_parts` reads a note into its parts (the catalogue key and the fields), the
structured form of the note; :func:`notes_in` writes a column of notes in a language
(the workbook's), each distinct note once:

- place names from the gazetteer in the language (``Tangier`` is ``Tanger`` in French,
  :func:`clusteratlas._labels.french_names`), populations with the language's separators;
- the user's words quoted as the language quotes (« … » in French), never changed;
- French typography in our words (:func:`clusteratlas.presentation.typeset`: the catalogue's
  French is typeset when read; the user's words stay as written), and "de" elided before a
  vowel (:func:`clusteratlas.presentation.fill`).

A part the catalogue does not know is kept as written (a test geocodes generated
registers and finds none).
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from ._labels import french_names
from .geography import pack
from .presentation import fill, number, texts

__all__ = ["NOTE_SEPARATOR", "names_in", "note_parts", "notes_in", "translate_note"]

#: What joins the parts of a note, per language.
NOTE_SEPARATOR = {"en": "; ", "fr": "\u202f; "}
#: Fields that hold place names from the gazetteer (translated); ``words`` the user's quoted words.
_PLACE_FIELDS = ("place", "places", "region", "province")
_POPULATION = re.compile(r"pop\. (\d{1,3}(?:,\d{3})*)")
#: A name starts and ends where no letter, digit or hyphen is next to it.
_NAME_START, _NAME_END = r"(?<![\w-])", r"(?![\w-])"


def _patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """Every English part as its literal start and a pattern (its fields as groups), most literal text first.

    Built once for each geography pack (the parts name its country: "outside Morocco").
    """
    return _patterns_of(pack())


@functools.cache
def _patterns_of(geo: object) -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    """:func:`_patterns` for the pack ``geo`` (the cache's key; :func:`texts` reads the pack in use)."""
    del geo
    out = []
    for key, template in texts("notes", "en").items():
        pieces = re.split(r"\{(\w+)\}", template)
        literal = "".join(pieces[0::2])
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(pieces))
        out.append((len(literal), key, pieces[0], re.compile(rf"\A{regex}\Z", re.DOTALL)))
    out.sort(key=lambda t: -t[0])
    return tuple((key, start, pattern) for _, key, start, pattern in out)


def _part(text: str) -> tuple[str, dict[str, str]] | None:
    """Return the catalogue key and fields of one part, or ``None`` when no part reads so."""
    for key, start, pattern in _patterns():
        found = pattern.match(text) if text.startswith(start) else None  # the start: a quick look first
        if found:
            return key, found.groupdict()
    return None


def note_parts(note: str) -> list[tuple[str, dict[str, str]]]:
    """Read a geocode note into its parts: each part's catalogue key and fields.

    The parts are cut at ``"; "`` where every piece reads as a part of the catalogue (a
    quoted address may hold ``"; "`` itself); a piece no part reads is given under the key
    ``""`` with the field ``text``.

    Parameters
    ----------
    note : str
        A ``geocode_note`` as the geocoder writes it (English).

    Returns
    -------
    list of (str, dict)
        Key and fields of each part, in order; empty for an empty note.

    Examples
    --------
    >>> note_parts("the town cell names 'Casa'; placed at Casablanca")
    [('town_names', {'words': "'Casa'"}), ('placed_at', {'place': 'Casablanca'})]
    >>> note_parts("gibberish")
    [('', {'text': 'gibberish'})]
    """
    if not note:
        return []
    pieces = note.split("; ")
    read = _read(tuple(pieces))
    if read is not None:
        return read
    return [_part(p) or ("", {"text": p}) for p in pieces]


@functools.lru_cache(maxsize=4096)
def _read(pieces: tuple[str, ...]) -> list[tuple[str, dict[str, str]]] | None:
    """Read every piece into parts, the fewest pieces a part first; ``None`` when some cannot be read."""
    if not pieces:
        return []
    for end in range(1, len(pieces) + 1):
        part = _part("; ".join(pieces[:end]))
        if part is None:
            continue
        rest = _read(pieces[end:])
        if rest is not None:
            return [part, *rest]
    return None


@functools.cache
def _exonyms() -> re.Pattern[str] | None:
    """One pattern for every gazetteer name whose French name differs (longest first)."""
    names = sorted(french_names(), key=len, reverse=True)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(_NAME_START + f"({alternatives})" + _NAME_END)


def _places(text: str, lang: str) -> str:
    """Gazetteer names and populations in ``lang`` (lists joined by "and"/"or" in French words)."""
    if lang != "fr":
        return text
    exonyms = _exonyms()
    if exonyms is not None:
        names = french_names()
        text = exonyms.sub(lambda m: names[m.group(1)], text)
    text = _POPULATION.sub(lambda m: number(int(m.group(1).replace(",", "")), lang) + " hab.", text)
    return text.replace(" or ", " ou ").replace(" and ", " et ")


def _words(text: str, lang: str) -> str:
    """Quote the user's quoted words ("'A' and 'B'") as ``lang`` quotes them, the words unchanged."""
    if lang != "fr" or len(text) < 2 or text[0] != "'" or text[-1] != "'":
        return text
    return " et ".join(f"«\u00a0{w}\u00a0»" for w in text[1:-1].split("' and '"))


def translate_note(note: str, lang: str = "en") -> str:
    r"""Write one geocode note in ``lang`` (English: as it is).

    Examples
    --------
    >>> translate_note("the town cell names 'Tanja'; placed at Tangier", "fr")
    'la cellule de ville nomme «\xa0Tanja\xa0»\u202f; placée à Tanger'
    """
    if lang == "en" or not note:
        return note
    return _translate(note, lang, texts("notes", lang))


def _translate(note: str, lang: str, words: dict[str, str]) -> str:
    """Write one geocode note in ``lang`` with the catalogue's ``notes`` section ``words``."""
    out = []
    for key, fields in note_parts(note):
        if not key:
            out.append(fields["text"])
            continue
        shown = {
            k: _places(v, lang) if k in _PLACE_FIELDS else _words(v, lang) if k == "words" else v
            for k, v in fields.items()
        }
        out.append(fill(words[key], lang, **shown))
    return NOTE_SEPARATOR.get(lang, "; ").join(out)


def notes_in(notes: pd.Series, lang: str) -> pd.Series:
    """Return a column of geocode notes in ``lang``, each distinct note written once.

    Parameters
    ----------
    notes : pandas.Series
        ``geocode_note`` values (missing stays missing).
    lang : {"en", "fr"}

    Returns
    -------
    pandas.Series
        Indexed like ``notes``; ``notes`` itself in English.
    """
    codes, uniques = pd.factorize(notes, use_na_sentinel=True)
    if lang == "en" or not len(uniques):
        return notes
    words = texts("notes", lang)
    said = np.array([_translate(str(u), lang, words) if u else u for u in uniques], dtype=object)
    out = pd.Series(said[codes], index=notes.index, dtype=object)
    return out.where(codes >= 0, notes.astype(object))


def names_in(names: pd.Series, lang: str) -> pd.Series:
    """Return gazetteer names in ``lang``: each whole name the language names otherwise, replaced.

    For the names the geocoder matched (``geocode_match``): GeoNames' "Tangier" is "Tanger"
    in French (:func:`clusteratlas._labels.french_names`); any other value is kept.

    Examples
    --------
    >>> names_in(pd.Series(["Tangier", "Casablanca", "Fes"]), "fr").tolist()
    ['Tanger', 'Casablanca', 'Fès']
    """
    codes, uniques = pd.factorize(names, use_na_sentinel=True)
    if lang != "fr" or not len(uniques):
        return names
    french = french_names()
    said = np.array([french.get(str(u), u) for u in uniques], dtype=object)  # each distinct name once
    out = pd.Series(said[codes], index=names.index, dtype=object)
    return out.where(codes >= 0, names.astype(object)).astype(names.dtype)

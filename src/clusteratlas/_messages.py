"""The command line's messages (warnings and one-line errors) in the language the user asked for.

The library writes its messages in English, with their fields (paths, counts, the user's
words, the geocoder's notes). The ``messages`` section of the text catalogues holds each
message as the library writes it, with its fields named (``en``), and the same message in
French (``fr``). :func:`translate` reads a message into its template and fields, writes
the fields' own words in the language (words and phrases of the section, the geocoder's
notes through :func:`clusteratlas._notes.translate_note`) and fills the language's template.
A message the catalogue does not know is kept as written: English, never half-translated.
English is returned as it is, byte for byte.

The command line (:mod:`clusteratlas.cli._log`) writes its messages through it in the
language ``--lang`` asks for, importing it only then (it starts fast).
"""

from __future__ import annotations

import functools
import re

from ._notes import translate_note
from .presentation import one, texts

__all__ = ["level_word", "translate"]

#: Fields kept as written: the user's paths, headers and the lists of accepted names.
_VERBATIM = frozenset({"path", "found", "names", "formats", "choices", "option", "other", "where", "char", "code"})
#: Fields holding a whole message of their own (``--strict``'s, a usage error's).
_MESSAGES = frozenset({"message", "problem"})
#: Fields holding a list of records ("name (city 'X': reason)"), written by :func:`_records`.
_RECORDS = frozenset({"records"})
#: A record as a warning lists it: "(city 'X': reason)" or "(reason)", the reason without parentheses.
_RECORD = re.compile(r"\((?:city (?P<city>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"): )?(?P<reason>[^()]*)\)")
_ROW = re.compile(r"(?:(?<=^)|(?<=; ))row (?P<row>\d+) \(")
_ROWS = re.compile(r"\brow (?P<row>\d+)\b")
_ROWS_MORE = re.compile(r" and (?P<n>\d+) more\Z")
_MORE = re.compile(r"; and (?P<n>\d+) more\Z")


@functools.cache
def _templates(kind: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every English text of one kind (``""`` messages, ``word_``, ``phrase_``) as (key, full-match pattern)."""
    out = []
    for key, template in texts("messages", "en").items():
        if key.endswith("_one") or key in ("warning", "error") or key.startswith("record_"):
            continue
        if (kind and not key.startswith(kind)) or (not kind and key.startswith(("word_", "phrase_"))):
            continue
        pieces = re.split(r"\{(\w+)\}", template)
        regex = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(pieces))
        out.append((key, re.compile(rf"\A{regex}\Z", re.DOTALL)))
    return tuple(out)


def _match(text: str, kind: str) -> tuple[str, dict[str, str]] | None:
    """Return the key and fields of the first template of ``kind`` that reads ``text`` whole."""
    for key, pattern in _templates(kind):
        found = pattern.match(text)
        if found:
            return key, found.groupdict()
    return None


def _fill(key: str, fields: dict[str, str], lang: str, *, single: bool) -> str:
    """Fill the ``lang`` text of ``key`` (its ``_one`` text for one of a count) with the fields in ``lang``."""
    words = texts("messages", lang)
    if "count" in fields and fields["count"].isdigit():
        single = one(int(fields["count"]), lang)
    template = words.get(key + "_one", words[key]) if single else words[key]
    shown = {name: _field(name, value, lang, single=single) for name, value in fields.items()}
    return template.format(**shown)


def _field(name: str, value: str, lang: str, *, single: bool) -> str:
    """Write one field's words in ``lang``: a record list, a word or phrase of the catalogue, or as written."""
    if name in _VERBATIM:
        return value
    if name in _RECORDS:
        return _records(value, lang)
    if name in _MESSAGES:
        return translate(value, lang)
    if name == "rows":
        return _rows(value, lang)
    for kind in ("word_", "phrase_"):
        read = _match(value, kind)
        if read is not None:
            return _fill(*read, lang, single=single)
    if " or " in value:  # "the city or the region column": each alternative on its own
        parts = [_field(name, part, lang, single=single) for part in value.split(" or ")]
        if parts != value.split(" or "):
            return " ou ".join(parts) if lang == "fr" else " or ".join(parts)
    return value


def _rows(text: str, lang: str) -> str:
    """Write a list of rows ("row 3 (same as row 2), row 4 ('Total') and 2 more") in ``lang``."""
    words = texts("messages", lang)
    more = _ROWS_MORE.search(text)
    if more:
        text = text[: more.start()]
    out = []
    for piece in text.split(", "):
        read = _match(piece, "phrase_")
        if read is not None:
            out.append(_fill(*read, lang, single=False))
        else:
            out.append(_ROWS.sub(lambda m: words["record_row"].format(row=m.group("row")), piece))
    shown = ", ".join(out)
    return words["phrase_more"].format(rows=shown, n=more.group("n")) if more else shown


def _records(text: str, lang: str) -> str:
    """Write a list of records ("firm 4 (city '-': no place name given); …") in ``lang``, names as written."""
    words = texts("messages", lang)
    more = _MORE.search(text)
    if more:
        text = text[: more.start()]

    def record(match: re.Match[str]) -> str:
        city, reason = match.group("city"), match.group("reason")
        note = translate_note(reason.replace("[", "(").replace("]", ")"), lang).replace("(", "[").replace(")", "]")
        said = words["record_city"].format(city=f"«\u00a0{city[1:-1]}\u00a0»") if city else ""
        return f"({said}{note})"

    out = _RECORD.sub(record, text)
    out = _ROW.sub(lambda m: words["record_row"].format(row=m.group("row")) + " (", out)
    out = out.replace("); ", ")\u202f; ")
    return out + (words["record_more"].format(n=more.group("n")) if more else "")


def translate(message: str, lang: str) -> str:
    r"""Write one of the library's messages in ``lang`` (the running command's language by default).

    Parameters
    ----------
    message : str
        As the library (and :func:`clusteratlas.cli.with_flags`) words it, in English.
    lang : {"en", "fr"}

    Returns
    -------
    str
        The message in ``lang``; as written when ``lang`` is English or the catalogue does not
        know the message.

    Examples
    --------
    >>> translate("a.csv: the file has a header but no records; add one row per record.", "fr")
    'a.csv\xa0: le fichier a un en-tête mais aucune fiche\u202f; ajoutez une ligne par fiche.'
    >>> translate("something new", "fr")
    'something new'
    """
    if lang == "en" or not message:
        return message
    read = _match(message, "")
    if read is None:
        return message
    return _fill(*read, lang, single=False)


def level_word(level: str, lang: str) -> str:
    """Return the word a message line starts with (``warning``, ``error``) in ``lang``; other levels as given.

    Parameters
    ----------
    level : str
        The level's name in English, lower case.
    lang : {"en", "fr"}

    Returns
    -------
    str
    """
    if lang == "en" or level not in ("warning", "error"):
        return level
    return texts("messages", lang)[level]

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
#: The levels a message line starts with (``warning: …``, ``info: …`` with -v), each a word of the catalogue.
_LEVELS = ("warning", "error", "info", "debug")
#: Kinds of texts that are parts of a message, never a whole one: a field's words and phrases, one
#: problem of a list ("zone 2 needs a 'name' (text)"), one detail of a profile's problem.
_PARTS = ("word_", "phrase_", "problem_", "detail_")
#: Where a file's cells are said ("firms.csv, column 'Année': row 4 ('20150') and 2 more"): its words.
_CELL_WORDS = (
    (re.compile(r"(?<=, )column (?=['\"])"), "cell_column"),
    (re.compile(r"\brows (?=\d)"), "cell_rows"),
    (re.compile(r"\brow (?=\d)"), "cell_row"),
    (re.compile(r"\blines (?=\d)"), "cell_lines"),
    (re.compile(r"\bline (?=\d)"), "cell_line"),
    (re.compile(r"\brecord (?=\d)"), "cell_record"),
    (re.compile(r" and (?=\d+ more\Z)"), "cell_and"),
    (re.compile(r"(?<=\d) more\Z"), "cell_more"),
)


@functools.cache
def _templates(kind: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Every English text of one kind (``""`` messages, ``word_``, ``phrase_``) as (key, full-match pattern)."""
    out = []
    for key, template in texts("messages", "en").items():
        if key.endswith("_one") or key in _LEVELS or key.startswith(("record_", "cell_", "reason_")):
            continue
        if (kind and not key.startswith(kind)) or (not kind and key.startswith(_PARTS)):
            continue
        pieces = re.split(r"\{(\w+)\}", template)
        for strict in (True, False) if _cells_before_field(pieces) else (False,):
            regex = "".join(
                _piece(p) if i % 2 == 0 else _field_pattern(p, before_field=strict and not pieces[i + 1])
                for i, p in enumerate(pieces)
            )
            out.append((key, re.compile(rf"\A{regex}\Z", re.DOTALL)))
    return tuple(out)


def _cells_before_field(pieces: list[str]) -> bool:
    """Whether a template's ``{cells}`` comes right before another field (split by ``re.split``: words, field, …)."""
    return any(pieces[i] == "cells" and not pieces[i + 1] and i + 2 < len(pieces) for i in range(1, len(pieces), 2))


def _piece(text: str) -> str:
    """Return the pattern of a template's words between fields (``{{``, ``}}`` are its braces)."""
    return re.escape(text.replace("{{", "{").replace("}}", "}"))


def _field_pattern(name: str, *, before_field: bool = False) -> str:
    """Return the pattern of a field: some text; perhaps none for an ``opt…`` field (a hint said only sometimes).

    A ``cells`` field right before another field (``{cells}{opt_two}``), when ``before_field``,
    ends with what is wrong with the cells (a ``reason_`` text, perhaps in the last value's
    parentheses), so that the hint after it is not read as part of it, nor it as part of the
    hint; :func:`_templates` tries that reading first, then the one of any text.
    """
    if name == "cells" and before_field:
        return f"(?P<{name}>.+?: (?:{_reason_pattern()})\\)?)"
    return f"(?P<{name}>.{'*' if name.startswith('opt') else '+'}?)"


@functools.cache
def _reason_pattern() -> str:
    """Return a pattern reading any English ``reason_`` text of a list of cells (its fields: some text)."""
    return "|".join(_reason_regex(reason, named=False) for _, reason in _reasons())


def _reasons() -> list[tuple[str, str]]:
    """Return the ``reason_`` texts of a list of cells (key, English), longest first (not unplaced counts)."""
    english = texts("messages", "en").items()
    found = [(k, t) for k, t in english if k.startswith("reason_") and not t.startswith("{n}")]
    return sorted(found, key=lambda kt: -len(kt[1]))


def _reason_regex(reason: str, *, named: bool) -> str:
    """Return the pattern of one reason: its words, each field some text (a named group if ``named``)."""
    parts = re.split(r"\{(\w+)\}", reason)
    fields = (f"(?P<{p}>[^)]+?)" if named else "[^)]+?" for p in parts[1::2])
    return "".join(_piece(p) if i % 2 == 0 else next(fields) for i, p in enumerate(parts))


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
    if name == "units":  # "MDH and %": units of the catalogue's list, joined by the word "and" alone
        return value.replace(" and ", " et ") if lang == "fr" else value
    if name in _RECORDS:
        return _records(value, lang)
    if name in _MESSAGES:
        return translate(value, lang)
    if name == "rows":
        return _rows(value, lang)
    if name == "problems":
        return _problems(value, lang)
    if name == "cells":
        return _cells(value, lang)
    if name == "detail":
        read = _match(value, "detail_")
        if read is None:
            raise LookupError(value)
        return _fill(*read, lang, single=single)
    joined = _each_phrase(value.split("), "), lang, single=single) if "), " in value else None
    if joined is not None:  # hints joined ("'a' looks like … (--x), 'b' looks like … (--y)"): each on its own
        return joined
    for kind in ("word_", "phrase_"):
        read = _match(value, kind)
        if read is not None:
            return _fill(*read, lang, single=single)
    return _alternatives(name, value, lang, single=single)


def _alternatives(name: str, value: str, lang: str, *, single: bool) -> str:
    """Write "the city or the region column" with each alternative in ``lang`` (as written if none is known)."""
    if " or " in value:
        parts = [_field(name, part, lang, single=single) for part in value.split(" or ")]
        if parts != value.split(" or "):
            return " ou ".join(parts) if lang == "fr" else " or ".join(parts)
    return value


def _each_phrase(parts: list[str], lang: str, *, single: bool) -> str | None:
    """Write phrases joined by ", " (split after each ")"), each in ``lang``; None unless every one is a phrase."""
    texts_ = [p + ")" for p in parts[:-1]] + parts[-1:]
    found = [_match(t, "phrase_") for t in texts_]
    if any(f is None for f in found):
        return None
    return ", ".join(_fill(*f, lang, single=single) for f in found if f is not None)


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


def _problems(text: str, lang: str) -> str:
    """Write a list of problems ("zone 2 needs a 'name' (text); row 4: no name; and 3 more") in ``lang``.

    A problem may hold "; " itself: the parts are read together until they make one the catalogue
    knows.

    Raises
    ------
    LookupError
        For a problem the catalogue does not know (the message then stays English).
    """
    words = texts("messages", lang)
    more = _MORE.search(text)
    if more:
        text = text[: more.start()]
    out, held = [], ""
    for part in text.split("; "):
        held = f"{held}; {part}" if held else part
        read = _match(held, "problem_")
        if read is not None:
            out.append(_fill(*read, lang, single=False))
            held = ""
    if held:
        raise LookupError(held)
    return "\u202f; ".join(out) + (words["record_more"].format(n=more.group("n")) if more else "")


def _cells(text: str, lang: str) -> str:
    """Write where a file's cells are ("a.csv, column 'x': row 4 ('y') and 2 more") in ``lang``; values as written."""
    words = texts("messages", lang)
    for key, pattern in _reason_templates():  # what is wrong: after the rows, or after each value
        text = pattern.sub(functools.partial(_reason_in, words[key]), text)
    for pattern, key in _CELL_WORDS:
        text = pattern.sub(words[key], text)
    return text.replace(": ", "\u00a0: ") if lang == "fr" else text


def _reason_in(template: str, found: re.Match[str]) -> str:
    """Return a reason found in a list of cells (``found``), written with ``template`` (its fields as found)."""
    return template.format(**found.groupdict())


@functools.cache
def _reason_templates() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each ``reason_`` text of a list of cells as (key, pattern) reading it after ": " and before ")" or the end."""
    return tuple((k, re.compile(rf"(?<=: ){_reason_regex(t, named=True)}(?=\)|\Z)")) for k, t in _reasons())


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
    for key, pattern in _templates(""):
        found = pattern.match(message)
        if found is None:
            continue
        try:
            return _fill(key, found.groupdict(), lang, single=False)
        except LookupError:  # a part the catalogue does not know: another template, or all of it in English
            continue
    return message


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
    if lang == "en" or level not in _LEVELS:
        return level
    return texts("messages", lang)[level]

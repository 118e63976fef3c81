"""The command line's own words in another language than English: click's messages and ``--help``.

click words its messages through :mod:`gettext` (``Usage:``, ``Show this message and exit.``,
``Got unexpected extra argument``); its help pages print our commands' and options' help
texts. Under ``--lang fr``, :func:`speaking` gives click the ``click`` section of the
catalogue for its gettext messages, and the ``help`` section for the help texts (each
English text as click prints it, and in French). A text the catalogue does not know is kept
as written. click's messages that the ``messages`` section translates whole (an invalid
choice, a missing argument, an unknown option) are left to it.

The module is imported only when a command runs in another language than English, so
English runs and ``clusteratlas --version`` start as fast as before.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
from collections.abc import Iterable, Iterator
from typing import Any

import click
import click.formatting

from ..presentation import texts

__all__ = ["help_text", "speaking"]

#: click's modules that word their messages through ``gettext`` and ``ngettext``.
_CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.types",
)


@functools.cache
def _table(section: str, lang: str) -> dict[str, str]:
    """Map each English text of a section to its ``lang`` text."""
    english, other = texts(section, "en"), texts(section, lang)
    return {text: other[key] for key, text in english.items()}


def help_text(text: str, lang: str) -> str:
    """Return a help text in ``lang``: each paragraph the catalogue knows, its ``[default: …]`` too.

    Parameters
    ----------
    text : str
        As click prints it (an option's help with ``  [default: …]``, a command's paragraphs).
    lang : {"en", "fr"}

    Returns
    -------
    str
        ``text`` with what the ``help`` section knows written in ``lang``; the rest as written.

    Examples
    --------
    >>> help_text("Page title.  [default: x]", "fr")
    'Titre de la page.  [default: x]'
    """
    table = _table("help", lang)
    body, mark, extra = text.partition("  [")
    out = "\n\n".join(table.get(part, part) for part in body.split("\n\n"))
    return out + mark + extra


def _gettext(lang: str) -> tuple[Any, Any]:
    """Return ``gettext`` and ``ngettext`` functions reading the ``click`` section in ``lang``."""
    table = _table("click", lang)

    def gettext(message: str) -> str:
        return table.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    return gettext, ngettext


class _Formatter(click.HelpFormatter):
    """click's help formatter writing headings and help texts in the running language."""

    lang = "en"

    def write_heading(self, heading: str) -> None:
        """Write a section heading ("Options", "Commands") in the language, with its typography."""
        word = _table("click", self.lang).get(heading, heading)
        self.write(f"{'':>{self.current_indent}}{word}{chr(0xA0) + ':' if self.lang == 'fr' else ':'}\n")

    def write_text(self, text: str) -> None:
        """Write a command's help text, each known paragraph in the language."""
        super().write_text(help_text(text, self.lang))

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        """Write options or commands with their help in the language, their value's placeholder too."""
        rows = [(value_placeholder(term, self.lang), help_text(text, self.lang)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def value_placeholder(term: str, lang: str) -> str:
    """Return an option's term in ``--help`` with its value's placeholder in ``lang`` (the ``metavar`` section).

    Examples
    --------
    >>> value_placeholder("--weight COLUMN", "fr"), value_placeholder("--top INTEGER RANGE", "fr")
    ('--weight COLONNE', '--top ENTIER')
    """
    table = _table("metavar", lang)
    return _placeholders(lang).sub(lambda m: table[m.group(1)], term) if table else term


@functools.cache
def _placeholders(lang: str) -> re.Pattern[str]:
    """Return the pattern of the English placeholders ``lang`` writes otherwise (longest first), after a space."""
    words = "|".join(re.escape(w) for w in sorted(_table("metavar", lang), key=len, reverse=True))
    return re.compile(rf"(?<= )({words})(?=$|\.\.\.)")


def _forget_help_options(group: click.Group) -> None:
    """Make click build each command's ``--help`` option again, its help in the language then running.

    click keeps a command's help option once built, with its help text in the language of that
    time: a French run would leave "Afficher ce message et quitter." to the next English one.
    """
    loaded = getattr(group.commands, "_loaded", group.commands)  # the subcommands imported so far
    for command in [group, *loaded.values()]:
        command._help_option = None


@contextlib.contextmanager
def speaking(lang: str, group: click.Group) -> Iterator[None]:
    """Give click the catalogue's words in ``lang`` while the command runs; English restored after.

    Parameters
    ----------
    lang : {"en", "fr"}
    group : click.Group
        The command line (its commands' ``--help`` options are built again in ``lang``, then in English).
    """
    gettext, ngettext = _gettext(lang)
    saved: list[tuple[object, str, object]] = []
    for name in _CLICK_MODULES:
        module = sys.modules.get(name)
        for attr, value in (("_", gettext), ("ngettext", ngettext)):
            if module is not None and hasattr(module, attr):
                saved.append((module, attr, getattr(module, attr)))
                setattr(module, attr, value)
    formatter = type("Formatter", (_Formatter,), {"lang": lang})
    saved.append((click.Context, "formatter_class", click.Context.formatter_class))
    click.Context.formatter_class = formatter
    _forget_help_options(group)
    try:
        yield
    finally:
        for owner, attr, value in reversed(saved):
            setattr(owner, attr, value)
        _forget_help_options(group)

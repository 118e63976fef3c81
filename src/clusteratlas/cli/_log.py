"""Messages of the command line: ``warning:`` lines on stderr, ours and other libraries' alike.

Every line is one terminal-safe line whatever the data hold; a library's warning or log
record is reworded in our voice without its file path; ``-v``/``-q`` move the level.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import TextIO

import click

from .._text import one_line, visible_controls
from ..errors import ClusterAtlasWarning, InputError, ReaderGone
from ..registry import Ref

__all__ = [
    "LANG",
    "adjust_level",
    "library_warning",
    "line",
    "log",
    "print_out",
    "said",
    "setup_logging",
    "warnings_to_log",
]

log = logging.getLogger("clusteratlas")

#: The language of the running command's messages (``--lang``): English outside a command.
LANG: contextvars.ContextVar[str] = contextvars.ContextVar("clusteratlas_lang", default="en")
#: The catalogue's messages, imported the first time a message is written in another language than English.
_TRANSLATE = Ref("clusteratlas._messages:translate")
_LEVEL_WORD = Ref("clusteratlas._messages:level_word")


def said(message: str) -> str:
    """Return one of the library's messages in the running command's language (:data:`LANG`).

    Parameters
    ----------
    message : str
        In English, as the library words it.

    Returns
    -------
    str
        ``message`` itself in English; else :func:`clusteratlas._messages.translate`'s.
    """
    lang = LANG.get()
    return message if lang == "en" else str(_TRANSLATE.resolve()(message, lang))


class _LowerLevel(logging.Formatter):
    """``warning: …`` lines, each one terminal-safe line whatever the data hold.

    ``reword`` turns the library's own words into the command line's (`` `per_capita` ``
    into ``--per-capita``).
    """

    def __init__(self, fmt: str, reword: Callable[[str], str]) -> None:
        super().__init__(fmt)
        self.reword = reword

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)  # a copy: other handlers see the record as logged
        record.levelname = record.levelname.lower()
        if record.name.startswith("clusteratlas") and isinstance(record.msg, str):
            record.msg = self.reword(record.msg)  # the library's own words, not the data in its args
        if LANG.get() == "en":
            return one_line(super().format(record))
        return one_line(line(record.levelname, said(record.getMessage())))


def line(level: str, text: str) -> str:
    """Return a message line, ``level: text``, in the running command's language (``erreur\u00a0: …``).

    Parameters
    ----------
    level : str
        ``warning``, ``error`` (in English; written in the language) or another level.
    text : str
        The message, in the language already.

    Returns
    -------
    str
    """
    lang = LANG.get()
    word = level if lang == "en" else str(_LEVEL_WORD.resolve()(level, lang))
    space = "\u00a0" if lang != "en" else ""
    return f"{word}{space}: {text}"


class _ForeignLog(logging.Filter):
    """Log records of libraries (matplotlib, adjustText, pyogrio …) reworded in our voice."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("clusteratlas"):
            return True
        text = record.getMessage()
        if "labels are too long" in text:
            text = "some labels are too long to place without overlap; shorten the names or use --kind choropleth"
        else:
            text = f"{record.name.split('.')[0]} says: {text.strip().splitlines()[0] if text.strip() else ''}"
        record.msg, record.args = text, None
        return True


def setup_logging(verbose: int, quiet: int, reword: Callable[[str], str] = str) -> None:
    """Send ours and every library's log records to stderr, one ``level: text`` line each.

    Parameters
    ----------
    verbose, quiet : int
        How many ``-v`` and ``-q``: each moves the level by one step from ``WARNING``.
    reword : callable, optional
        Applied to our messages' text (the command line's :func:`clusteratlas.cli.with_flags`).
    """
    level = logging.WARNING - 10 * verbose + 10 * quiet
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LowerLevel("%(levelname)s: %(message)s", reword))
    handler.addFilter(_ForeignLog())
    log.handlers[:] = [handler]
    log.setLevel(max(logging.DEBUG, min(level, logging.CRITICAL)))
    log.propagate = False
    # Libraries log through the root logger; without a handler Python prints their bare text.
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(logging.WARNING, log.level))


def adjust_level(ctx: click.Context, param: click.Parameter, value: int) -> None:
    """Move the level by ``-v``/``-q`` given after a subcommand (``clusteratlas reproduce -q``)."""
    if value:
        step = -10 if param.name == "verbose" else 10
        log.setLevel(max(logging.DEBUG, min(log.level + step * value, logging.CRITICAL)))


_GLYPH = re.compile(r"Glyph (\d+) .*missing from (?:current )?font")


def library_warning(message: str, category: type[Warning], filename: str) -> tuple[int, str]:
    """Reword a warning from a library in our voice, without its file path; return (level, text)."""
    first = message.strip().splitlines()[0] if message.strip() else category.__name__
    glyph = _GLYPH.search(first)
    if glyph:
        char = chr(int(glyph.group(1)))
        if visible_controls(char) != char:  # a control character: written as its escape (\x1b), no box
            return logging.DEBUG, f"control character {char!r} in the data shown as its escape"
        text = f"the figure's font has no glyph for {char!r} (U+{ord(char):04X}) in the data; it is drawn as a box"
        return logging.WARNING, text
    package = re.search(r"site-packages[/\\]([A-Za-z0-9_]+)", filename)
    origin = package.group(1) if package else "python"
    if issubclass(category, DeprecationWarning | PendingDeprecationWarning | FutureWarning):
        return logging.DEBUG, f"{origin}: {first}"
    return logging.WARNING, f"{origin} says: {first}"


@contextlib.contextmanager
def warnings_to_log(reword: Callable[[str], str] = str) -> Iterator[None]:
    """Route every warning raised during a command to the log: ours through ``reword``, others reworded once.

    ``reword`` gives our messages the command line's words (``cli.with_flags``: `width_mm`
    is --width-mm).
    """
    seen: set[str] = set()

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        text = str(message)
        if category.__module__.startswith("clusteratlas") or issubclass(category, ClusterAtlasWarning):
            level, text = logging.WARNING, reword(text)
        else:
            level, text = library_warning(text, category, filename)
        if text not in seen:
            seen.add(text)
            log.log(level, "%s", text)

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = show
        yield


def print_out(text: str) -> None:
    """Print ``text`` and a newline on stdout, or raise if it can't be printed.

    Raises
    ------
    InputError
        If stdout is closed (``>&-``) or can't be written: nothing was printed, which the
        exit status must say.
    ReaderGone
        If the reader of a pipe went away; ``clusteratlas.cli.main`` ends quietly with exit 141.
    """
    stream = sys.stdout
    if stream is None:
        msg = "stdout is closed, so the result could not be printed; give -o FILE, or run with stdout open."
        raise InputError(msg)
    try:
        _write_all(stream, text + "\n")
    except BrokenPipeError as err:
        raise ReaderGone from err
    except OSError as err:
        msg = f"stdout can't be written ({err.strerror or err}), so the result was not printed; give -o FILE."
        raise InputError(msg) from err


def _write_all(stream: TextIO, text: str) -> None:
    """Write ``text`` whole to a text stream's bytes, looping over short writes.

    With ``PYTHONUNBUFFERED`` (or ``-u``) a text stream writes straight to the file, and a
    short write (a pipe whose reader went away) would drop the rest silently; here the rest
    is written again, and the pipe's error raised.
    """
    stream.flush()
    if os.linesep != "\n":
        text = text.replace("\n", os.linesep)
    out = getattr(stream, "buffer", None)
    if out is None:  # a stream without bytes underneath (tests' StringIO): as it is
        stream.write(text)
        stream.flush()
        return
    view = memoryview(text.encode(stream.encoding or "utf-8", stream.errors or "strict"))
    while view:
        written = out.write(view)
        view = view[written if written is not None else 0 :]
    out.flush()

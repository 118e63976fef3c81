"""The ``clusteratlas`` command: one subcommand per library function.

It parses, calls one library function, formats, and maps exceptions to exit codes: 0
success, 2 bad input or usage (one ``error:`` line on stderr, no output file written), 3
with ``--strict`` when some records could not be placed.

It starts fast: this module imports click and the logging setup only. Each subcommand lives
in a module imported the first time the subcommand is looked up to run it: ``_tables``
(``geocode``, ``shares``), ``_maps`` (``figure``, ``map``) and ``_reports`` (``report``,
``reproduce``). ``clusteratlas --help`` lists them from :data:`COMMANDS`, where each one's
one-line help is declared beside where it lives (a test checks it against the command's own),
so it imports none of them. Their options are built from the library's declarations
(:mod:`clusteratlas.cli._params`).
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Iterable, Iterator, MutableMapping, Sequence
from typing import NoReturn

import click

from .._text import one_line
from ..errors import ClusterAtlasError, ReaderGone, Terminated, UnresolvedError
from ..registry import LANGUAGES, Ref
from ._log import LANG, line, log, said, setup_logging, warnings_to_log

__all__ = [
    "COMMANDS",
    "EXIT_BROKEN_PIPE",
    "EXIT_INPUT",
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "EXIT_UNRESOLVED",
    "cli",
    "flag_names",
    "leave",
    "main",
    "run",
    "with_flags",
]

EXIT_INPUT = 2
EXIT_UNRESOLVED = 3
#: Stopped by SIGTERM (128 + 15, as a shell reports a process killed by it).
EXIT_TERMINATED = 128 + signal.SIGTERM
#: Stopped by Ctrl-C (SIGINT: 128 + 2, as a shell reports it).
EXIT_INTERRUPTED = 128 + signal.SIGINT
#: The reader of stdout went away (``| head -1``): 128 + SIGPIPE, what a shell reports for a
#: GNU tool cut off so; quiet, since the reader chose to stop.
EXIT_BROKEN_PIPE = 128 + 13


#: click's words in another language than English (imported only then: English starts fast).
_SPEAKING = Ref("clusteratlas.cli._french:speaking")
_HELP_TEXT = Ref("clusteratlas.cli._french:help_text")

#: Set once SIGTERM has arrived: an exception it caused inside other code (a C extension being
#: imported turns it into ``ImportError: initialization failed``) is the signal, not a bug.
_SIGTERM_SEEN = threading.Event()


def _terminate(signum: int, frame: object) -> None:
    _SIGTERM_SEEN.set()
    raise Terminated


@contextlib.contextmanager
def _unwinding_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` while the command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


#: The subcommands: where each lives, and its one-line help as ``clusteratlas --help`` lists
#: it (the first sentence of the command's own help: ``tests/test_start.py`` checks they agree).
COMMANDS: dict[str, tuple[str, str]] = {
    "reproduce": (
        "clusteratlas.cli._reports:reproduce",
        "Geocode the clusters, write shares and the claims check into OUT, print the claims.",
    ),
    "geocode": (
        "clusteratlas.cli._tables:geocode",
        "Geocode INPUT (CSV, XLSX, GeoJSON, GeoPackage, Parquet) and write OUTPUT.",
    ),
    "shares": (
        "clusteratlas.cli._tables:shares",
        "Count INPUT's records by region, province, zone or a column, with shares of all records.",
    ),
    "figure": ("clusteratlas.cli._maps:figure", "Draw a publication-ready figure of INPUT's records."),
    "map": ("clusteratlas.cli._maps:map_command", "Write a self-contained interactive HTML map of INPUT's records."),
    "report": (
        "clusteratlas.cli._reports:report",
        "Write a regional share report of INPUT (with a study's claims checked when --claims is given).",
    ),
}


def _said_help(text: str) -> str:
    """Return a help text in the running command's language (as written in English)."""
    lang = LANG.get()
    return text if lang == "en" else str(_HELP_TEXT.resolve()(text, lang))


class _Group(click.Group):
    """A group whose ``--help`` lists the subcommands from :data:`COMMANDS`, importing none of them."""

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Write the ``Commands:`` section as click does, the one-liners read from :data:`COMMANDS`."""
        names = [name for name in self.list_commands(ctx) if name in COMMANDS]
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        helps = {name: _said_help(COMMANDS[name][1]) for name in names}
        rows = [(name, click.Command(name, help=helps[name]).get_short_help_str(limit)) for name in names]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """Find the subcommand as click does, refusing an option of one value given twice."""
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            _refuse_repeats(ctx, name or "", command, rest)
        return name, command, rest


def _refuse_repeats(ctx: click.Context, name: str, command: click.Command, args: list[str]) -> None:
    """Refuse an option that takes one value given twice: click would keep the last one silently.

    Raises
    ------
    click.UsageError
        Naming the option and both values (``-o a.csv`` and ``-o b.csv``).
    """
    valued = {
        flag: option
        for option in command.params
        if isinstance(option, click.Option) and not option.is_flag and not option.count
        for flag in option.opts
    }
    seen: dict[str, tuple[str, str]] = {}
    i = 0
    while i < len(args) and args[i] != "--":
        option, flag, value, i = _option_at(args, i, valued)
        if option is None or option.multiple:
            continue
        if option.name in seen:
            first, before = seen[option.name]
            msg = f"{name}: {first} given twice ({before!r} and {value!r}); give it once"
            raise click.UsageError(msg, ctx)
        seen[str(option.name)] = (flag, value)


def _option_at(args: list[str], i: int, valued: dict[str, click.Option]) -> tuple[click.Option | None, str, str, int]:
    """Read the option that takes a value at ``args[i]`` (``-o X``, ``-oX``, ``--output=X``); return where to go on."""
    flag, eq, value = args[i].partition("=") if args[i].startswith("--") else (args[i], "", "")
    if flag not in valued and flag[:2] in valued and not flag.startswith("--"):  # -oout.csv
        flag, eq, value = flag[:2], "=", flag[2:]
    option = valued.get(flag)
    if option is None:
        return None, flag, "", i + 1
    if eq:
        return option, flag, value, i + 1
    return option, flag, (args[i + 1] if i + 1 < len(args) else ""), i + 2


class _Commands(MutableMapping[str, click.Command]):
    """The subcommands by name, each imported from its module when first looked up."""

    def __init__(self, named: dict[str, str]) -> None:
        self._named = {name: Ref(target) for name, target in named.items()}
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            self._loaded[name] = self._named[name].resolve()
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self._named.pop(name, None)
        del self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self._named), **dict.fromkeys(self._loaded)})

    def __len__(self) -> int:
        return len(set(self._named) | set(self._loaded))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="clusteratlas", prog_name="clusteratlas")
@click.option("-v", "--verbose", count=True, help="More messages on stderr (repeatable).")
@click.option("-q", "--quiet", count=True, help="Fewer messages on stderr (repeatable).")
@click.option("--lang", type=click.Choice(LANGUAGES), hidden=True, expose_value=False, help="Language of messages.")
def cli(verbose: int, quiet: int) -> None:
    """Map Morocco's industrial clusters: geocode, aggregate, reproduce a study's numbers."""
    setup_logging(verbose, quiet, with_flags)


cli.commands = _Commands({name: target for name, (target, _) in COMMANDS.items()})

#: Library parameters whose flag is not the parameter's name with dashes (``fmt`` is ``--format``).
#: Every other parameter of a command is found from its click options: see :func:`flag_names`.
_FLAG_OVERRIDES = {"input": "INPUT", "data": "--data", "out": "--out"}

_PARAM = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*)`")


@functools.cache
def flag_names() -> dict[str, str]:
    """Map each library parameter name to the command-line flag that sets it (``per_capita`` -> ``--per-capita``)."""
    return _flags(cli.commands.values())


def _flags(commands: Iterable[click.Command]) -> dict[str, str]:
    """Map each option's parameter name to its longest flag (the first command naming it wins)."""
    names: dict[str, str] = {}
    for command in commands:
        for param in command.params:
            if isinstance(param, click.Option) and param.name:
                names.setdefault(param.name, max(param.opts, key=len))
    return names | _FLAG_OVERRIDES


def with_flags(message: str) -> str:
    """Reword a library message for the command line: `` `per_capita` `` becomes ``--per-capita``.

    Examples
    --------
    >>> with_flags("`per_capita` needs a geographic `by`")
    '--per-capita needs a geographic --by'
    """
    wanted = set(_PARAM.findall(message))
    if not wanted:  # most messages name no parameter: no subcommand module is imported
        return message
    names = _running_flags()
    if not wanted <= names.keys():
        names = flag_names()
    return _PARAM.sub(lambda m: names.get(m.group(1), m.group(1)), message)


def _running_flags() -> dict[str, str]:
    """Return the flags of the running subcommand (none outside one), importing no other subcommand."""
    ctx = click.get_current_context(silent=True)
    return _flags([ctx.command] if ctx is not None else [])


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null so that Python's last flush says nothing."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno() if sys.stdout is not None else 1)
        os.close(devnull)


def _interrupted() -> int:
    _error("interrupted (Ctrl-C); outputs not finished were not written, earlier ones are as they were.")
    return EXIT_INTERRUPTED


def _error(text: str) -> None:
    click.echo(one_line(line("error", said(text))), err=True)


def _usage(err: click.UsageError) -> int:
    """Report a usage error with where to find help; return the exit code."""
    if isinstance(err, click.exceptions.NoSuchOption):
        _error(f"{err.format_message()} (see clusteratlas --help)")
    else:
        where = f"clusteratlas {err.ctx.info_name} --help" if err.ctx and err.ctx.parent else "clusteratlas --help"
        _error(f"{err.format_message()} (see {where})")
    return EXIT_INPUT


def _internal(err: Exception) -> int:
    """Report a bug (not bad input) in one line, the traceback with -v; return the exit code.

    After SIGTERM, an exception the code it interrupted made of it (a C extension being
    imported says ``ImportError: initialization failed``) is the termination, not a bug.
    """
    if _SIGTERM_SEEN.is_set():
        _error("terminated (SIGTERM); outputs not finished were not written, earlier ones are as they were.")
        return EXIT_TERMINATED
    if log.isEnabledFor(logging.INFO):
        raise err
    _error(f"internal error ({type(err).__name__}: {err}); rerun with -v for the traceback and please report it.")
    return 1


def _asked_lang(argv: Sequence[str]) -> str:
    """Return the language ``--lang`` asks for in ``argv`` (English when none or an unknown one)."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else ""
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        if value in LANGUAGES:
            return value
    return "en"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (used by the ``clusteratlas`` script).

    Its messages on stderr (warnings, the ``error:`` line) are in the language ``--lang`` asks for.
    """
    args = list(argv) if argv is not None else sys.argv[1:]
    lang = _asked_lang(args)
    token = LANG.set(lang)
    try:
        if lang == "en":
            return _run(args)
        with _SPEAKING.resolve()(lang, cli):  # click's words and --help in the language
            return _run(args, lang)
    finally:
        LANG.reset(token)


def _command_defaults(lang: str) -> dict[str, dict[str, str]] | None:
    """Return click's ``default_map``: every command's ``--lang`` defaults to ``lang`` (None for English)."""
    return {name: {"lang": lang} for name in COMMANDS} if lang != "en" else None


def _run(args: list[str], lang: str = "en") -> int:
    """Run the command line on ``args``; return the exit code.

    ``lang``: the language asked for anywhere on the line; a command's own ``--lang`` (its
    tables, figures, pages) defaults to it, so ``clusteratlas --lang fr shares …`` prints a
    French table as ``clusteratlas shares … --lang fr`` does.
    """
    defaults = _command_defaults(lang)
    try:
        with _unwinding_on_sigterm(), warnings_to_log(with_flags):
            cli.main(args=args, prog_name="clusteratlas", standalone_mode=False, default_map=defaults)
    except Terminated:
        _error("terminated (SIGTERM); outputs not finished were not written, earlier ones are as they were.")
        return EXIT_TERMINATED
    except UnresolvedError as err:
        _error(f"{with_flags(str(err))} (run without --strict to keep them as unresolved)")
        return EXIT_UNRESOLVED
    except ClusterAtlasError as err:
        _error(with_flags(str(err)))
        return EXIT_INPUT
    except click.UsageError as err:
        return _usage(err)
    except click.exceptions.Abort as err:
        if isinstance(err.__context__, KeyboardInterrupt):
            return _interrupted()
        _error("aborted")
        return 1
    except KeyboardInterrupt:
        return _interrupted()
    except (ReaderGone, BrokenPipeError):
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as err:
        _error(f"{err.filename or ''}: {err.strerror or err}; check the path and permissions.")
        return EXIT_INPUT
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except Exception as err:  # a bug, not bad input: say so in one line, traceback with -v
        return _internal(err)
    return 0


def run() -> NoReturn:
    """Run the ``clusteratlas`` script (and ``python -m clusteratlas``): :func:`main`, then :func:`leave`."""
    leave(main())


def leave(code: int) -> NoReturn:
    """End the process with ``code`` once the command is done, without the interpreter's teardown.

    Freeing every object one by one at the end (the gazetteer's caches, Arrow's memory pools,
    every module) took 0.2 to 0.3 s of a 2.5 s ``shares`` run on a million records. By now
    the command has closed and replaced its output files, so this flushes stdout and
    stderr, runs the exit handlers (``atexit``: logging, temporary files, child processes)
    and ends the process (``os._exit``). While a thread other than the daemons still runs,
    it exits the usual way (``sys.exit``), which waits for it.

    Parameters
    ----------
    code : int
        The exit code (:func:`main`'s); a failed last flush of stdout turns 0 into
        :data:`EXIT_BROKEN_PIPE` (its reader went away, quiet) or 1 (said on stderr).
    """
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not threading.main_thread()):
        sys.exit(code)
    code = _flushed(code)
    atexit._run_exitfuncs()  # the handlers Python runs at exit; only the freeing of objects is skipped
    os._exit(code)


def _flushed(code: int) -> int:
    """Flush stdout and stderr; return ``code``, or the code saying stdout's last flush failed."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        _quiet_stdout()
        code = code or EXIT_BROKEN_PIPE
    except (OSError, ValueError) as err:
        why = getattr(err, "strerror", None) or err
        _error(f"stdout can't be written ({why}), so the result was not printed; give -o FILE.")
        code = code or 1
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    return code


if __name__ == "__main__":  # pragma: no cover
    run()

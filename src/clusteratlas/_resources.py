"""Where the package data live, how input files are checked and how files are written.

Installed from a wheel, the data ship inside the package (``clusteratlas/_data``). In a
source checkout (editable install) they are read from the repository's ``data/`` folder.
``CLUSTERATLAS_DATA`` overrides both. :data:`VERSION` is the installed version, for modules
that write it into their outputs (importing it from the package would be an import cycle).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import signal
import stat
import tempfile
import threading
import tomllib
from collections.abc import Iterable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any, cast

from .errors import DataError, InputError, OutputError

__all__ = [
    "LANGUAGES",
    "VERSION",
    "atomic_path",
    "atomic_write",
    "check_input_file",
    "check_not_input",
    "check_output_target",
    "data_dir",
    "data_path",
    "output_error",
    "read_input_bytes",
    "read_toml",
    "refuse_nul",
    "staged_folder",
]

#: The installed version of clusteratlas (``clusteratlas.__version__``), read from the
#: installed metadata the first time it is used (:func:`__getattr__`): ``importlib.metadata``
#: costs 20 ms at each start, and only the outputs that write the version need it.
VERSION: str


def __getattr__(name: str) -> str:
    """Return :data:`VERSION`, read once from the installed metadata (:pep:`562`)."""
    if name != "VERSION":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        value = version("clusteratlas")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        value = "0+unknown"
    globals()["VERSION"] = value
    return value


#: The languages of the text catalogues (``_locale/LANG.toml``) and of the geography packs' texts.
LANGUAGES = ("en", "fr")


def data_dir() -> Path:
    """Return the folder holding ``clusters.csv``, ``geo/`` and ``profiles/``.

    Returns
    -------
    Path
        The first of ``$CLUSTERATLAS_DATA``, the package's ``_data`` folder (wheel
        install) and the repository's ``data/`` folder (source checkout) that exists.
    """
    return _data_dir(os.environ.get("CLUSTERATLAS_DATA"))


@cache
def _data_dir(env: str | None) -> Path:
    """:func:`data_dir` for one value of ``$CLUSTERATLAS_DATA`` (found once per process; a miss is not kept)."""
    candidates = [Path(env)] if env else []
    packaged = resources.files("clusteratlas") / "_data"
    candidates.append(Path(str(packaged)))
    candidates.append(Path(__file__).resolve().parents[2] / "data")
    for folder in candidates:
        if (folder / "geo" / "regions.geojson").is_file():
            return folder
    tried = ", ".join(str(c) for c in candidates)
    msg = f"clusteratlas' data files were not found (looked in {tried}); reinstall clusteratlas."
    raise DataError(msg)


#: The shipped example of each kind of TOML file (under ``data/``), named in messages; other
#: kinds are ``data/{kind}.toml``.
TOML_EXAMPLES = {
    "zones": "profiles/study/zones.toml",
    "claims": "profiles/study/claims.toml",
    "profile": "profiles/study/profile.toml",
}


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """Read a TOML file, or raise one :class:`InputError` saying which file and how to fix it.

    ``what`` names the kind of file ("zones", "claims", "profile"); messages point to its
    shipped example (:data:`TOML_EXAMPLES`).
    """
    check_input_file(path, what)
    example = TOML_EXAMPLES.get(what, f"{what}.toml")
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        msg = f"{path}: not a valid TOML file ({err}); see data/{example} for the format."
        raise InputError(msg) from err
    except RecursionError as err:  # arrays or tables nested thousands deep
        msg = f"{path}: nested deeper than {MAX_DEPTH} levels; see data/{example} for the format."
        raise InputError(msg) from err
    if _depth(doc) > MAX_DEPTH:
        msg = f"{path}: nested deeper than {MAX_DEPTH} levels; see data/{example} for the format."
        raise InputError(msg)
    return doc


#: How deep arrays and tables may nest in a TOML side file (the shipped ones reach 4).
MAX_DEPTH = 32


def _depth(doc: object) -> int:
    """How deep ``doc``'s lists and dicts nest (iteratively: no recursion limit to hit)."""
    deepest, level = 0, [(doc, 0)]
    while level:
        value, depth = level.pop()
        deepest = max(deepest, depth)
        if depth > MAX_DEPTH:
            break
        if isinstance(value, dict):
            level.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            level.extend((v, depth + 1) for v in value)
    return deepest


_KINDS = (
    (stat.S_ISDIR, "is a folder, not a file; give the path of a file inside it"),
    (stat.S_ISFIFO, "is a named pipe (FIFO), not a regular file; save the data to a file and give its path"),
    (stat.S_ISCHR, "is a character device (like /dev/urandom), not a file; give the path of a data file"),
    (stat.S_ISBLK, "is a block device, not a file; give the path of a data file"),
    (stat.S_ISSOCK, "is a socket, not a file; give the path of a data file"),
)


def check_input_file(path: str | Path, what: str = "") -> os.stat_result:
    """Check that ``path`` is a regular file we can read, without opening anything that could block.

    ``os.stat`` comes first, so a FIFO, a device or a folder is named for what it is and never
    opened (opening a FIFO waits for a writer). The file is then opened without blocking and
    closed, so a permission problem is reported here too.

    Parameters
    ----------
    path : str or Path
        The file to read.
    what : str, optional
        The kind of file ("zones", "claims"), used in the messages.

    Returns
    -------
    os.stat_result
        The file's status.

    Raises
    ------
    InputError
        Saying what the path is: missing, a broken symbolic link, a symbolic link loop, a folder,
        a FIFO, a device or socket, or not readable.
    """
    path = Path(path)
    st = _stat_input(path, f"{what} file" if what else "file")
    for test, text in _KINDS:
        if test(st.st_mode):
            msg = f"{path}: {text}."
            raise InputError(msg)
    if not stat.S_ISREG(st.st_mode):
        msg = f"{path}: is not a regular file; give the path of a data file."
        raise InputError(msg)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except PermissionError as err:
        msg = f"{path}: cannot be read (permission denied); check its permissions (chmod u+r)."
        raise InputError(msg) from err
    except OSError as err:
        msg = f"{path}: cannot be read ({err.strerror or err}); check the path."
        raise InputError(msg) from err
    os.close(fd)
    return st


def _stat_input(path: Path, kind: str) -> os.stat_result:
    """Return ``path.stat()``, or raise an :class:`InputError` saying why the path cannot be reached."""
    try:
        return path.stat()
    except ValueError as err:  # NUL in the path
        msg = f"{str(path)!r}: a file name can't hold a NUL character; check the path."
        raise InputError(msg) from err
    except FileNotFoundError:
        if path.is_symlink():
            msg = f"{path}: is a broken symbolic link (to {str(path.readlink())!r}); point it at an existing {kind}."
        else:
            msg = f"{path}: no such {kind}; check the path."
        raise InputError(msg) from None
    except OSError as err:
        if err.errno == errno.ELOOP:
            msg = f"{path}: is a symbolic link loop (it leads back to itself); give the path of the real {kind}."
        elif err.errno == errno.EACCES:
            msg = f"{path}: cannot be reached (permission denied on a folder above it); check its permissions."
        elif err.errno == errno.ENOTDIR:
            msg = f"{path}: no such {kind} (a part of the path is a file, not a folder); check the path."
        else:
            msg = f"{path}: cannot be read ({err.strerror or err}); check the path."
        raise InputError(msg) from err


def read_input_bytes(path: str | Path) -> bytes:
    """Return the bytes of a regular input file, after :func:`check_input_file`; never blocks."""
    check_input_file(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        msg = f"{path}: cannot be read ({err.strerror or err}); check the path and permissions."
        raise InputError(msg) from err
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):  # replaced since the check
            msg = f"{path}: is not a regular file any more; give the path of a data file."
            raise InputError(msg)
        return f.read()


def refuse_nul(raw: bytes, path: str | Path, what: str = "a text CSV") -> None:
    """Refuse text bytes holding a NUL anywhere (searched in C), naming its line.

    Raises
    ------
    InputError
        If ``raw`` holds a NUL byte.
    """
    at = raw.find(b"\x00")
    if at >= 0:
        line = raw.count(b"\n", 0, at) + 1
        msg = f"{path}: line {line} holds a NUL byte, so it looks binary or damaged, not {what}; save it again as text."
        raise InputError(msg)


def _identity(path: Path) -> tuple[Path, tuple[int, int] | None]:
    """Return the resolved path, and (device, inode) when the file exists."""
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: the readers name it for what it is
        resolved = path.absolute()
    try:
        st = path.stat()
    except OSError:
        return resolved, None
    return resolved, (st.st_dev, st.st_ino)


def check_not_input(outputs: Iterable[str | Path], inputs: Iterable[str | Path | None]) -> None:
    """Refuse to write an output onto one of the inputs.

    An output is an input when both resolve to the same path (through ``..`` and symbolic
    links), or when both exist and are the same file (same device and inode: a hard link).

    Parameters
    ----------
    outputs : iterable of str or Path
        Every file about to be written.
    inputs : iterable of str, Path or None
        Every file read (``None`` entries, options not given, are skipped).

    Raises
    ------
    InputError
        Naming the output and the input it would replace, or an output that is a FIFO, a
        device or a folder (:func:`check_output_target`).
    """
    known = [(Path(p), *_identity(Path(p))) for p in inputs if p is not None]
    for out in outputs:
        check_output_target(out)
        resolved, ident = _identity(Path(out))
        for given, where, inode in known:
            if resolved == where or (ident is not None and ident == inode):
                msg = (
                    f"{out}: is the input file {given} (same file); clusteratlas never replaces its inputs, "
                    "so write the output under another name or in another folder."
                )
                raise InputError(msg)


def data_path(*parts: str) -> Path:
    """Return the path of a package data file, e.g. ``data_path("geo", "regions.geojson")``."""
    return data_dir().joinpath(*parts)


def _umask_mode(path: Path) -> None:
    """Give a temporary file the mode a plain ``open`` would have (mkstemp makes it 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    path.chmod(0o666 & ~mask)


#: What to do about a file that can't be written, by ``errno``.
_WRITE_HINTS = {
    errno.ENOSPC: "the disk is full; free some space, or write elsewhere",
    errno.EDQUOT: "the disk quota is used up; free some space, or write elsewhere",
    errno.EFBIG: "the file is larger than this system lets a file be (ulimit -f); write elsewhere",
    errno.EACCES: "permission denied; check the folder's permissions, or write elsewhere",
    errno.EPERM: "not permitted; check the folder's permissions, or write elsewhere",
    errno.EROFS: "the file system is read-only; write elsewhere",
    errno.ENAMETOOLONG: "the name or path is too long; use a shorter one",
    errno.EIO: "check that the disk has free space and the folder is writable",
}


_OUTPUT_TYPES: dict[str, type[OutputError]] = {}


def _output_error_type(base: type[OSError]) -> type[OutputError]:
    """Return :class:`OutputError`, also of the kind of error it stands for (``PermissionError`` …)."""
    if issubclass(OutputError, base):
        return OutputError
    if base.__qualname__ not in _OUTPUT_TYPES:
        kind = type("OutputError", (OutputError, base), {"__module__": OutputError.__module__})
        _OUTPUT_TYPES[base.__qualname__] = cast("type[OutputError]", kind)
    return _OUTPUT_TYPES[base.__qualname__]


def output_error(path: str | Path, err: OSError) -> OutputError:
    """Return the :class:`OutputError` saying that ``path`` can't be written, why, and what to do.

    It is also an instance of ``err``'s own class (a ``PermissionError`` stays one), with its
    ``errno``, and ``filename`` the output's path.
    """
    if isinstance(err, OutputError):
        return err
    hint = _WRITE_HINTS.get(err.errno or 0, "check the path and permissions")
    if err.errno in (errno.EEXIST, errno.ENOTDIR):  # a folder on the way is a file
        blocking = next((p for p in Path(path).parents if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            hint = f"{blocking} is a file, not a folder; give a path whose folders are folders"
    message = f"{path}: cannot be written ({err.strerror or err}); {hint}."
    return _output_error_type(type(err))(err.errno or 0, message, str(path))


def check_output_target(path: str | Path) -> None:
    """Refuse an output path that holds NUL, or that is there already and is not a regular file.

    A FIFO or a device (``/dev/null``, ``/dev/sda``) is never replaced by an output, nor a folder.

    Raises
    ------
    InputError
        Naming the path and what it is.
    """
    if "\x00" in str(path):
        msg = f"{str(path)!r}: a file name can't hold a NUL character; give another name."
        raise InputError(msg)
    try:
        mode = Path(path).stat().st_mode
    except (OSError, ValueError):  # not there yet, or unreachable: writing it says why
        return
    if stat.S_ISREG(mode):
        return
    if stat.S_ISDIR(mode):
        msg = f"{path}: is a folder, not a file; give the path of a file (inside it, or elsewhere)."
        raise InputError(msg)
    kinds = ((stat.S_ISFIFO, "a named pipe, FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a device"))
    kind = next((name for test, name in kinds if test(mode)), "a socket")
    msg = (
        f"{path}: is a special file ({kind}), not a regular file; clusteratlas writes its outputs only as "
        "regular files, and leaves this one as it is: give another path."
    )
    raise InputError(msg)


def _temporary(path: Path, suffix: str) -> Path:
    """Make an empty temporary file beside ``path`` (hidden, short enough for the folder), or say why not."""
    check_output_target(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:60]}.", suffix=suffix, dir=path.parent)
    except OSError as err:
        raise output_error(path, err) from err
    try:
        os.close(fd)
    except BaseException:  # SIGTERM or Ctrl-C right after it was made: leave nothing behind
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _sync(path: Path) -> None:
    """Flush ``path``'s data to the disk before it is renamed onto an output.

    Without it a crash or power cut just after the rename can leave the new name on a file
    whose blocks were never written: the earlier output gone and the new one empty.
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _move(tmp: Path, path: Path) -> None:
    """Give ``tmp`` a plain file's mode, flush it to the disk and move it onto ``path``."""
    try:
        _umask_mode(tmp)
        _sync(tmp)
        tmp.replace(path)
    except OSError as err:
        raise output_error(path, err) from err


@contextlib.contextmanager
def _replacing(path: Path, suffix: str, *, empty: bool = False) -> Iterator[Path]:
    """Yield a temporary file beside ``path``, moved onto it when the block ends without error, else removed.

    The file is made inside the guarded block, so a signal that arrives as it is made
    (SIGTERM, Ctrl-C) leaves none behind. ``empty``: yield the name with no file there (for
    writers that create their file). An ``OSError`` in the block (a full disk, a read-only
    folder) becomes :class:`~clusteratlas.errors.OutputError` naming ``path``.
    """
    tmp: Path | None = None
    try:
        tmp = _temporary(path, suffix)
        if empty:
            tmp.unlink()
        try:
            yield tmp
        except OSError as err:
            raise output_error(path, err) from err
        _move(tmp, path)
    except BaseException:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", **kwargs: object) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` and move it onto ``path`` only on success.

    Parent folders are created. If the block raises, ``path`` is left as it was. A write
    that fails (a full disk, a read-only folder) raises :class:`~clusteratlas.errors.OutputError`
    naming ``path``; a target that is a FIFO, a device or a folder is refused.
    """
    path = Path(path)
    with _replacing(path, ".part") as tmp, open(tmp, mode, **kwargs) as f:  # type: ignore[call-overload]  # noqa: PTH123
        yield f


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` for writers that take a filename (GDAL, matplotlib).

    The file is moved onto ``path`` when the block ends without error, and removed otherwise;
    errors are as :func:`atomic_write`'s.
    """
    path = Path(path)
    with _replacing(path, path.suffix, empty=True) as tmp:
        yield tmp


@contextlib.contextmanager
def staged_folder(out: str | Path) -> Iterator[Path]:
    """Yield a hidden folder inside ``out`` to write every output into; move them all into ``out`` at the end.

    For commands that write many files (``reproduce``): the files are moved into ``out``
    (replacing earlier ones) only when the block ends without error; on an error, SIGTERM or
    Ctrl-C, none is, the staging folder is removed, and ``out`` is removed again if it was
    made for the run. Earlier files in ``out`` stay as they were. The moves themselves are
    all or nothing too (:func:`_commit`): no failure or signal leaves old and new files mixed.

    Raises
    ------
    OutputError
        If ``out`` can't be made or written into, or a file can't be moved into it.
    """
    out = Path(out)
    made = not out.exists()
    try:
        out.mkdir(parents=True, exist_ok=True)
        stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    except OSError as err:
        raise output_error(out, err) from err
    try:
        yield stage
        files = sorted(p.relative_to(stage) for p in stage.rglob("*") if not p.is_dir())
        for rel in files:
            check_output_target(out / rel)
            try:
                _sync(stage / rel)
            except OSError as err:
                raise output_error(out / rel, err) from err
        with _signals_held():  # a signal that comes while moving is delivered once every file is in
            _commit(stage, out, files)
            shutil.rmtree(stage, ignore_errors=True)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        if made and not any(out.iterdir()):
            out.rmdir()
        raise


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while the block runs; one that came is raised again when it ends.

    Python runs signal handlers in the main thread, so there the handlers are swapped for
    one that only notes the signal; in another thread the block can't be interrupted anyway.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    previous = {signum: signal.signal(signum, lambda signum, frame: pending.append(signum)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler if handler is not None else signal.SIG_DFL)
        if pending:
            signal.raise_signal(pending[0])


def _rename(src: Path, dest: Path) -> None:
    """Rename ``src`` onto ``dest`` (one place, so that a test can make the k-th rename fail)."""
    src.replace(dest)


def _commit(stage: Path, out: Path, files: list[Path]) -> None:
    """Move ``files`` (relative to ``stage``) into ``out``, all or none.

    The earlier files they replace are first renamed aside into ``stage``'s ``.previous``
    folder; if any rename fails, the new files moved in so far are removed, the earlier ones
    renamed back and the folders made for the new ones removed, so that ``out`` holds the
    old set or the new one, never a mix.
    """
    aside = stage / ".previous"
    moved: list[Path] = []  # earlier files renamed aside
    placed: list[Path] = []  # new files renamed in
    made = sorted({p for rel in files for p in (out / rel).parents if not p.exists()}, key=lambda p: -len(p.parts))
    current = out
    try:
        for rel in files:
            current = out / rel
            if current.exists() or current.is_symlink():
                (aside / rel).parent.mkdir(parents=True, exist_ok=True)
                _rename(current, aside / rel)
                moved.append(rel)
        for rel in files:
            current = out / rel
            current.parent.mkdir(parents=True, exist_ok=True)
            _umask_mode(stage / rel)
            _rename(stage / rel, current)
            placed.append(rel)
    except BaseException as err:
        for rel in placed:
            (out / rel).unlink(missing_ok=True)
        for rel in moved:
            with contextlib.suppress(OSError):
                (aside / rel).replace(out / rel)
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        if isinstance(err, OSError):
            raise output_error(current, err) from err
        raise

"""Decoding a CSV's bytes: byte-order marks, UTF-16 without one, UTF-8 and Windows-1252.

French Excel writes Windows-1252; other tools write UTF-8, with or without a byte-order
mark, or UTF-16. :func:`decode_text` reads all of them, and a file that mixes UTF-8 and
Windows-1252 lines without turning valid UTF-8 into mojibake.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa

from .._resources import refuse_nul
from ..errors import InputError

__all__ = [
    "BYTE_ORDER_MARKS",
    "HEAD_ONLY_BYTES",
    "MixedText",
    "check_whole_text",
    "decode_text",
    "decode_with_bytes",
    "guess_utf16",
    "utf8_head",
]

#: Byte-order marks, longest first: (mark, Python codec, name in messages).
BYTE_ORDER_MARKS: tuple[tuple[bytes, str, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes that were not UTF-8, kept by surrogateescape
_SCAN = 1 << 24  # bytes read at a time by check_whole_text
_CHUNK = 1 << 20  # mixed files are decoded in blocks of about this many bytes, cut at line ends


def guess_utf16(raw: bytes) -> str | None:
    """Return the codec of UTF-16 text without a byte-order mark, or ``None`` if it does not look so.

    Mostly-ASCII UTF-16 text has a NUL in every other byte of its first 4 KiB: the odd
    bytes for little-endian, the even ones for big-endian.

    Parameters
    ----------
    raw : bytes
        The file's first bytes (4 KiB are enough).

    Returns
    -------
    str or None
        ``"utf-16-le"``, ``"utf-16-be"`` or ``None``.
    """
    head = raw[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = max(len(head) // 2, 1)
    if odd > 0.1 * half and even * 10 < odd:
        return "utf-16-le"
    if even > 0.1 * half and odd * 10 < even:
        return "utf-16-be"
    return None


def decode_text(raw: bytes, path: Path) -> tuple[str, list[int]]:
    """Decode a CSV's bytes; return the text and the lines that needed the Windows-1252 fallback.

    As :func:`decode_with_bytes`, without the bytes.
    """
    text, fallback, _ = decode_with_bytes(raw, path)
    return text, fallback


def decode_with_bytes(raw: bytes, path: Path) -> tuple[str, list[int], bytes | None]:
    """Decode a CSV's bytes; return the text, the lines that needed the Windows-1252 fallback, and the text's UTF-8.

    The text's UTF-8 is ``raw`` itself (less a UTF-8 byte-order mark) when the text was
    decoded from it as UTF-8 throughout, else None: a reader that wants UTF-8 bytes then
    needs no second copy of the file.

    Byte-order marks (UTF-8, UTF-16, UTF-32) are followed. Otherwise the text is UTF-8; a file
    with no valid UTF-8 beyond ASCII is Windows-1252 as a whole (what French Excel writes); in a
    file that mixes both, only the bytes that are not UTF-8 are read as Windows-1252, so valid
    UTF-8 text ("Fès") is never turned into mojibake ("FÃ¨s"). Everything runs in C except one
    call per run of bytes that are not UTF-8.

    Raises
    ------
    InputError
        If the bytes look binary (a NUL byte anywhere) or break the encoding their mark declares.
    """
    for bom, codec, name in BYTE_ORDER_MARKS:
        if raw.startswith(bom):
            if codec == "utf-8":
                raw = raw[len(bom) :]
                break
            return _strict(raw[len(bom) :], codec, name, path, len(bom)), [], None
    else:
        if b"\x00" in raw[:4096]:
            codec16 = guess_utf16(raw)
            if codec16 is None:
                msg = (
                    f"{path}: holds NUL bytes, so it looks binary, not a text CSV; "
                    "save the table as CSV (UTF-8) or .xlsx."
                )
                raise InputError(msg)
            return _strict(raw, codec16, "UTF-16 (no byte-order mark)", path, 0), [], None
        refuse_nul(raw, path)  # anywhere, not only in the first 4 KiB
    try:
        return raw.decode("utf-8"), [], raw
    except UnicodeDecodeError:
        pass
    # Each valid UTF-8 sequence beyond ASCII makes one character of two to four bytes; with none,
    # every byte is a character and the whole file is Windows-1252.
    if len(raw.decode("utf-8", "surrogateescape")) == len(raw):
        return raw.decode("cp1252", "replace"), [], None
    return (*_decode_mixed(raw), None)


#: From this many bytes on, a UTF-8 file's text is decoded only as far as a reader needs
#: (:func:`utf8_head`); its bytes are checked whole without making a Python string of them.
HEAD_ONLY_BYTES = 8 * 2**20
#: Bytes of a file's head: at least 65,536 characters (of one to four bytes each).
_HEAD_BYTES = 4 * 65536 + 4
#: A byte that is not ASCII white space as ``str.isspace`` has it (its ``\x1c``-``\x1f`` too).
_NOT_SPACE = re.compile(rb"[^ \t\n\r\x0b\x0c\x1c-\x1f]")


def utf8_head(raw: bytes) -> tuple[str, bytes] | None:
    """Return the first 65,536 characters (or more) of a big UTF-8 file and its UTF-8, or None to decode it whole.

    For a file of :data:`HEAD_ONLY_BYTES` or more that :func:`decode_with_bytes` would decode
    as plain UTF-8 (no byte-order mark but UTF-8's, which is left out as there; no NUL byte;
    valid UTF-8 throughout, checked by Arrow without building the text) with LF line ends and
    something besides white space; its head is cut at a character's first byte. Any other
    file gives None: it is decoded whole, as before, so that its warnings and errors are the same.
    """
    if len(raw) < HEAD_ONLY_BYTES:
        return None
    if raw.startswith(b"\xef\xbb\xbf"):  # Excel's "CSV UTF-8"
        raw = raw[3:]
    elif any(raw.startswith(bom) for bom, _, _ in BYTE_ORDER_MARKS):
        return None
    if b"\x00" in raw or (b"\n" not in raw and b"\r" in raw):  # binary, or old Mac line ends
        return None
    seen = _NOT_SPACE.search(raw)
    if seen is None or raw[seen.start()] >= 0x80:  # blank, or maybe only Unicode spaces: decoded whole
        return None
    if not _valid_utf8(raw):
        return None
    cut = min(len(raw), _HEAD_BYTES)
    while cut < len(raw) and raw[cut] & 0xC0 == 0x80:  # not inside a character
        cut -= 1
    return raw[:cut].decode("utf-8"), raw


def _valid_utf8(raw: bytes) -> bool:
    """Whether ``raw`` is valid UTF-8 (what ``raw.decode("utf-8")`` accepts), checked by Arrow in place."""
    offsets = pa.py_buffer(np.array([0, len(raw)], dtype=np.int64))
    text = pa.LargeStringArray.from_buffers(1, offsets, pa.py_buffer(raw))
    try:
        text.validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _decode_block(block: bytes, line: int, lines: list[int]) -> str:
    """Decode one block of whole lines that starts on ``line``; note in ``lines`` those read as Windows-1252.

    The block is decoded in C; one that is not all UTF-8 is decoded again keeping its bad
    bytes aside, and only the runs of bad bytes reach Python, where they are read as
    Windows-1252 and their lines noted. Valid UTF-8 on the same line is kept as it is.
    """
    try:
        return str(block, "utf-8")
    except UnicodeDecodeError:
        pass
    text = str(block, "utf-8", "surrogateescape")
    state = [line, 0]  # line reached, position in text

    def cp1252(match: re.Match[str]) -> str:
        state[0] += text.count("\n", state[1], match.start())
        state[1] = match.start()
        if not lines or lines[-1] != state[0]:
            lines.append(state[0])
        return match.group().encode("utf-8", "surrogateescape").decode("cp1252", "replace")

    return _ESCAPED.sub(cp1252, text)


def _decode_mixed(raw: bytes) -> tuple[str, list[int]]:
    """UTF-8 with some lines that are not: only the bad bytes are read as Windows-1252.

    Blocks of about a megabyte, cut at line ends, each decoded by :func:`_decode_block`.
    Returns the text and the lines that needed the fallback.
    """
    view = memoryview(raw)
    parts: list[str] = []
    lines: list[int] = []
    pos, line = 0, 1
    while pos < len(raw):
        end = raw.find(b"\n", pos + _CHUNK)
        end = len(raw) if end < 0 else end + 1
        parts.append(_decode_block(bytes(view[pos:end]), line, lines))
        line += raw.count(b"\n", pos, end)
        pos = end
    return "".join(parts), lines


class MixedText(io.TextIOBase):
    """A UTF-8 file read as text the way :func:`decode_text` reads it, a block at a time.

    Lines (or runs of bytes) that are not UTF-8 are read as Windows-1252, as in
    :func:`decode_text`, and their line numbers kept in :attr:`fallback`; for streaming a
    file whose encoding mixes both. A UTF-8 byte-order mark at the start is skipped.

    Parameters
    ----------
    raw : BinaryIO
        The file, opened in binary mode at its start.
    """

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self._raw = raw
        self._text = ""
        self._rest = b""
        self._line = 1
        self._start = True
        self._done = False
        #: The lines read as Windows-1252, in order.
        self.fallback: list[int] = []

    def readable(self) -> bool:
        """Say that the text can be read."""
        return True

    def read(self, size: int | None = -1) -> str:
        """Return up to ``size`` characters (all that remain for a negative or missing ``size``)."""
        while not self._done and (size is None or size < 0 or len(self._text) < size):
            self._fill()
        if size is None or size < 0:
            size = len(self._text)
        out, self._text = self._text[:size], self._text[size:]
        return out

    def _fill(self) -> None:
        data = self._raw.read(_CHUNK)
        if self._start:
            data, self._start = data.removeprefix(b"\xef\xbb\xbf"), False
        block = self._rest + data
        if not data:
            self._done, self._rest = True, b""
        else:
            cut = block.rfind(b"\n") + 1
            block, self._rest = block[:cut], block[cut:]
        self._text += _decode_block(block, self._line, self.fallback)
        self._line += block.count(b"\n")


def _strict(raw: bytes, codec: str, name: str, path: Path, skipped: int) -> str:
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as err:
        msg = (
            f"{path}: is {name} but byte {err.start + skipped} is not valid {name}, "
            "so it looks binary or damaged; save the table again as CSV (UTF-8)."
        )
        raise InputError(msg) from err
    if "\x00" in text:
        msg = f"{path}: holds NUL characters, so it looks binary, not a text CSV; save the table as CSV (UTF-8)."
        raise InputError(msg)
    return text


def check_whole_text(paths: Sequence[Path], encoding: str, how: str) -> None:
    """Refuse files holding a NUL or bytes that are not ``encoding``, read in blocks (memory stays flat).

    For readers that hand a CSV's byte blocks to others (the Dask engine's workers), where a
    bad byte would otherwise surface as a decoding error deep in a partition: the whole file
    is checked once, in C, before any work, as :func:`decode_text` checks it in memory.

    Parameters
    ----------
    paths : sequence of Path
        The files, read in the same ``encoding``.
    encoding : str
        Their codec (``utf-8``, ``utf-8-sig``, ``cp1252``, ``utf-16``, ``utf-32`` …).
    how : str
        What reads them, for the fix (``"`engine` dask"``).

    Raises
    ------
    InputError
        Naming the file, the line and the fix.
    """
    for path in paths:
        decoder = codecs.getincrementaldecoder(encoding)()
        lines = 1  # the line a block starts on
        with path.open("rb") as f:
            while True:
                block = f.read(_SCAN)
                try:
                    text = decoder.decode(block, final=not block)
                except UnicodeDecodeError as err:
                    line = lines + block.count(b"\n", 0, max(err.start, 0))
                    msg = (
                        f"{path}: line {line} holds bytes that are not {encoding}; save the file as UTF-8 "
                        f"(or read it without {how}: the other engines read such lines as Windows-1252)."
                    )
                    raise InputError(msg) from err
                if "\x00" in text:
                    line = lines + text.count("\n", 0, text.index("\x00"))
                    msg = (
                        f"{path}: line {line} holds a NUL byte, so it looks binary or damaged, not a text CSV; "
                        "save it again as text."
                    )
                    raise InputError(msg)
                if not block:
                    break
                lines += text.count("\n")

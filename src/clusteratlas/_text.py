"""Text made safe for one line of a terminal, and cells stripped as Python strips them.

Record names come from users' files and reach stderr in warnings and errors. A name could
hold ANSI or OSC escape sequences (which clear the screen or retitle the window), bidi
overrides (which reorder what is shown), or newlines (which forge a second ``error:``
line). :func:`one_line` shows all of them as visible escapes. :func:`strip_cells` strips a
column of strings in Arrow as Python's ``str.strip`` strips each one.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the package starts without pandas: this module only calls the column's methods
    import pandas as pd

__all__ = ["LIMIT", "one_line", "strip_cells", "terminal_lines", "visible_controls"]

# C0 and C1 controls, DEL, bidi marks, embeddings, overrides and isolates, the Arabic letter
# mark, line and paragraph separators, and the byte-order mark / zero-width no-break space.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# The control characters a drawn or XML text can't hold (tab and newline lay text out: kept),
# and the two non-characters XML refuses.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
# What a terminal must not get raw in many lines of output: _UNSAFE but newlines, CR LF and tabs.
_LINES_UNSAFE = re.compile(
    "\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]"
)

#: Longest message shown; the rest is summarised with its length.
LIMIT = 4000


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: object, *, limit: int = LIMIT) -> str:
    r"""Return ``text`` as one terminal-safe line: controls and bidi marks shown as escapes.

    Parameters
    ----------
    text : object
        A message (anything ``str()`` accepts).
    limit : int, default 4000
        Longer messages are cut there, saying how many characters were left out.

    Returns
    -------
    str
        The message with no control character, newline or bidi override left in it.

    Examples
    --------
    >>> one_line("Casa\nerror: forged")
    'Casa\\nerror: forged'
    >>> one_line("\x1b]0;pwned\x07 \u202eabc")
    '\\x1b]0;pwned\\x07 \\u202eabc'
    """
    out = _UNSAFE.sub(_escape, str(text))
    if len(out) > limit:
        out = f"{out[:limit]}… ({len(out) - limit:,} more characters)"
    return out


def visible_controls(text: str) -> str:
    r"""Return ``text`` with its control characters shown as escapes (``\x1b``), tab and newline kept.

    For text drawn in figures and written into SVG and PDF files: XML can't hold most C0
    controls, and a font has no glyph for any of them.

    Examples
    --------
    >>> visible_controls("\x1b[31mred\x07\nok")
    '\\x1b[31mred\\x07\nok'
    """
    return _CONTROLS.sub(_escape, text)


def terminal_lines(text: str) -> str:
    r"""Return many lines of output (CSV, JSON) safe for a terminal: controls shown as escapes.

    Line ends (``\n``, ``\r\n``) and tabs are kept, so the text keeps its lines and columns;
    ESC, BEL, C1 controls (``\x9b``), a lone CR and bidi overrides are shown as escapes.

    Examples
    --------
    >>> terminal_lines("a,\x1b[31mb\x07\r\nc\x9b,\u202ed\n")
    'a,\\x1b[31mb\\x07\r\nc\\x9b,\\u202ed\n'
    """
    return _LINES_UNSAFE.sub(_escape, text)


#: Characters Python's ``str.strip`` strips and Arrow's trimming keeps (file, group, record
#: and unit separators, U+001C to U+001F).
_PYTHON_ONLY_SPACE = "[\x1c-\x1f]"


def strip_cells(text: pd.Series) -> pd.Series:
    r"""Return a column of strings with each cell stripped as Python's ``str.strip`` strips it, in C.

    Arrow (pandas' string methods) trims Unicode white space but keeps the separators
    U+001C to U+001F, which ``str.strip`` also strips: the few cells holding one are
    stripped again in Python. Missing cells stay missing.

    Examples
    --------
    >>> import pandas as pd
    >>> strip_cells(pd.Series([" a\u00a0", "\x1cb\x1f", "c\x1dd"], dtype="str")).tolist()
    ['a', 'b', 'c\x1dd']
    """
    stripped = text.str.strip()
    odd = text.str.contains(_PYTHON_ONLY_SPACE, regex=True).to_numpy(dtype=bool, na_value=False)
    if odd.any():
        stripped[odd] = [str(cell).strip() for cell in text[odd]]
    return stripped

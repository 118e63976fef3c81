"""Text made safe for one line of a terminal.

Record names come from users' files and reach stderr in warnings and errors. A name could
hold ANSI or OSC escape sequences (which clear the screen or retitle the window), bidi
overrides (which reorder what is shown), or newlines (which forge a second ``error:``
line). :func:`one_line` shows all of them as visible escapes.
"""

from __future__ import annotations

import re

__all__ = ["LIMIT", "one_line"]

# C0 and C1 controls, DEL, bidi marks, embeddings, overrides and isolates, the Arabic letter
# mark, line and paragraph separators, and the byte-order mark / zero-width no-break space.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}

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

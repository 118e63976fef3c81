"""The texts of a place: its label's options (names, narrower, "City: 8 records") and its line in the key."""

from __future__ import annotations

import re
import textwrap
from typing import TYPE_CHECKING

from ._style import clean_name, thousands

if TYPE_CHECKING:
    from ..mapspec import MapSpec

__all__ = ["KEY_NAME_MAX", "key_text", "place_text", "short_name"]


def _name_options(cleaned: list[str], n: int, *, detailed: bool) -> list[str]:
    """Return the labels made of a place's names: on one line, then narrower; none when they would be too long."""
    if not cleaned:
        return []
    joined = ", ".join(cleaned)
    if n == 1:
        return [joined, textwrap.fill(joined, 20)]
    if detailed and n <= 8:
        return [textwrap.fill(joined, 30), textwrap.fill(joined, 18)]
    if n <= 3 and len(joined) <= 36:
        return [joined, textwrap.fill(joined, 18)]
    return []


def short_name(name: str, limit: int = 24) -> str:
    """Return a place's name for a label: whole when it fits ``limit`` characters, else cut at a word.

    A qualifier in brackets ("(province)") goes first; a name still too long is cut after
    its last whole word or hyphenated part, with an ellipsis ("Agadir-Ida-Ou-…"), never
    mid-word.
    """
    text = clean_name(name, 4 * limit)
    if len(text) <= limit:
        return text
    base = re.sub(r"\s*\([^()]*\)$", "", text)
    if len(base) <= limit:
        return base
    cut = base[: limit - 1]
    at = max(cut.rfind(" "), cut.rfind("-"))
    return (cut[: at + 1] if at > limit // 2 else cut).rstrip(" ,") + "…"


def place_text(
    names: list[str], city: str, n: int, spec: MapSpec, *, detailed: bool, counted: bool = False
) -> tuple[str, ...]:
    """Labels of a place, in order of preference: its name(s), narrower, then "City: 8 records".

    The count is never split from its unit ("Rabat:" above "3 records"). ``counted``: a
    place of several records is labelled with its count or not at all (on a density map,
    where no size key gives it), never by its name alone.
    """
    cleaned = sorted(clean_name(v) for v in names if clean_name(v))
    summary, bound = _summaries(city, n, spec)
    # A cluster's name says what it is (the study's "AMC, C2TM"); a register's firms don't name their place.
    # A place is named by its own name, in a detail inset too (M17): a cluster without a town by its name.
    named = detailed and spec.unit == "clusters" and not city
    options = _name_options(cleaned, n, detailed=named) if named or not city else []
    if city and n == 1 and not options:  # a place by its name, not its record's (the size key says 1 record)
        options.append(short_name(city))
    if n > 1 or not options:
        options.append(summary)
    if city and n > 1:  # then its name alone: a busy place named before a one-record town (the key gives counts)
        options += [textwrap.fill(bound, 14).replace(_BIND, " ")] + ([] if counted else [short_name(city)])
    return tuple(dict.fromkeys(options))


#: Binds a count to its unit while a label is wrapped (a private-use character: the no-break
#: spaces French sets before ":" stay no-break spaces, as the label is drawn).
_BIND = "\ue000"


def _summaries(city: str, n: int, spec: MapSpec) -> tuple[str, str]:
    """Return "City: 8 records", and the same with the count bound to its unit by :data:`_BIND` (for wrapping)."""
    count = spec.texts["n_records" if n != 1 else "one_record"].format(n=thousands(n, spec.lang))
    bound = count.replace(" ", _BIND)
    if not city:
        return count, bound
    label = short_name(city)
    return (
        spec.texts["labelled_value"].format(label=label, value=count),
        spec.texts["labelled_value"].format(label=label, value=bound),
    )


#: A key line names its place whole up to this length ("Tanger-Tétouan-Al Hoceima (région)").
KEY_NAME_MAX = 40


def key_text(names: list[str], city: str, n: int, spec: MapSpec) -> str:
    """Return a place's line in the key, the place first ("Dakhla: 2 records", "Ifrane" for one record).

    Every place of a numbered map is keyed, so a line is short: the place, and how many
    records when more than one (the key's title says a place without a count has one).
    """
    if not city:
        return place_text(names, city, n, spec, detailed=False)[0].replace("\n", " ")
    if n == 1:
        return clean_name(city, KEY_NAME_MAX)
    summary = spec.texts["n_records" if n != 1 else "one_record"].format(n=thousands(n, spec.lang))
    return spec.texts["labelled_value"].format(label=clean_name(city, KEY_NAME_MAX), value=summary)

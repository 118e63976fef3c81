"""Study profiles: what a published study adds to the core, kept as data.

The core knows records, places, shares and maps; a study knows more: its own columns (with
their names in every language), its yes/no levers, its zones, its published claims, its
creation periods, the figures it draws and its wording (the table it credits). A *profile* holds all of
that in a folder beside the geography pack, ``data/profiles/NAME/``:

- ``profile.toml``: the columns, levers, periods, figures, wording, data and citation;
- the zones and claims files it names (``zones.toml``, ``claims.toml``).

:func:`load_profile` reads one into a frozen :class:`Profile` (every problem reported at
once, naming the file and the key). ``clusteratlas reproduce`` loads the shipped
``study`` profile, or the one ``CLUSTERATLAS_PROFILE`` names; the other products apply a
profile when asked (``profile=``) or when the records carry one of its columns
(:func:`profile_for`), so that a table without the study's columns never shows its wording.

Examples
--------
>>> study = load_profile()
>>> study.name, study.unit
('study', 'clusters')
>>> profile_for(["name", "city", "sector"]) is None  # a table without the study's columns
True
>>> study.recognises(["name", study.category]), study.owns(["name", study.category])  # a register's column
(True, False)
"""

from __future__ import annotations

import os
from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ._resources import LANGUAGES, data_path, read_toml
from .errors import InputError
from .presentation import typeset
from .registry import UNITS

__all__ = [
    "DEFAULT_PROFILE",
    "PROFILE_ENV",
    "PROFILE_FILE",
    "Citation",
    "Lever",
    "Profile",
    "ProfileFigure",
    "default_profile",
    "levers_of",
    "load_profile",
    "profile_for",
]

#: The file of a profile folder.
PROFILE_FILE = "profile.toml"
#: The shipped profile loaded when none is named (``data/profiles/study``).
DEFAULT_PROFILE = "study"
#: Environment variable naming another default profile: a folder, a ``profile.toml`` or a shipped name.
PROFILE_ENV = "CLUSTERATLAS_PROFILE"
#: Sections of the text catalogues a profile may reword (``[texts.LANG.SECTION]``).
TEXT_SECTIONS = ("map", "report", "reproduction")

_TOP_KEYS = {
    "profile",
    "data",
    "citation",
    "columns",
    "labels",
    "headers",
    "lever",
    "figure",
    "map",
    "reproduce",
    "texts",
    "values",
}
_PROFILE_KEYS = {"name", "unit", "category", "periods", "zones", "claims"}


@dataclass(frozen=True)
class Lever:
    """A yes/no column of the study (an intervention lever) with its labels.

    Attributes
    ----------
    column : str
        The column of the records (``true``/``false``/empty).
    label : mapping
        Language -> long label.
    short : mapping
        Language -> short label (table heads, legends).
    """

    column: str
    label: Mapping[str, str]
    short: Mapping[str, str]


@dataclass(frozen=True)
class ProfileFigure:
    """A figure the profile's reproduction draws: file stem, figure kind and formats."""

    name: str
    kind: str
    formats: tuple[str, ...]


@dataclass(frozen=True)
class Citation:
    """How the study is cited.

    Attributes
    ----------
    authors : tuple of str
    title : str
    venue : str
        Where it appeared (or where it comes from, when it states no journal).
    short : str
        The short form the credit lines use ("Smith & Jones").
    """

    authors: tuple[str, ...]
    title: str
    venue: str
    short: str

    def text(self) -> str:
        """Return the full reference: authors, "title", venue."""
        return f'{", ".join(self.authors)}, "{self.title}", {self.venue}.'


@dataclass(frozen=True)
class Profile:
    """A study's columns, levers, zones, claims, periods, figures and wording.

    Attributes
    ----------
    name : str
    path : Path
        The ``profile.toml`` it was read from.
    unit : str
        What its records are called in the texts: ``clusters`` or ``records``.
    category : str
        The column that colours its points by default.
    columns : mapping
        Its own columns besides the levers: column -> language -> label.
    headers : mapping
        Column -> the header spellings that mean it, read by :mod:`clusteratlas.records`
        (its columns and others it reads, such as a perimeter).
    levers : tuple of Lever
        Its yes/no columns, in order.
    periods : tuple of int
        First year of each creation period of its figures and report.
    zones, claims : Path
        Its zones and claims files.
    data : Path
        Its records (what ``reproduce`` reads by default).
    data_label : str
        How the figures' source line names its records.
    compare : Path or None
        An earlier table its report is compared with, when the data are its own.
    figures : tuple of ProfileFigure
        The figures ``reproduce`` draws, in order.
    shares : tuple of str
        The columns whose shares ``reproduce`` writes besides zone, region and province.
    table : tuple of str
        The columns of the HTML map's table after the name, in order, when the data have them.
    words : mapping
        Language -> catalogue section -> key -> text: its wording over the core's.
    citation : Citation
    labels : mapping
        Display names of columns it reads without owning them (a perimeter, a vocation):
        column -> language -> label. They name a column in its figures and pages, and never make a
        table the profile's (:meth:`recognises`, :meth:`owns`).
    values : mapping
        Display names of the values of its columns (its sector groups): column -> value ->
        language -> label. Figures and pages in a language show the label; the data keep the value.
    """

    name: str
    path: Path
    unit: str
    category: str
    columns: Mapping[str, Mapping[str, str]]
    headers: Mapping[str, tuple[str, ...]]
    levers: tuple[Lever, ...]
    periods: tuple[int, ...]
    zones: Path
    claims: Path
    data: Path
    data_label: str
    compare: Path | None
    figures: tuple[ProfileFigure, ...]
    shares: tuple[str, ...]
    table: tuple[str, ...]
    words: Mapping[str, Mapping[str, Mapping[str, str]]]
    citation: Citation
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    values: Mapping[str, Mapping[str, Mapping[str, str]]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def lever_columns(self) -> tuple[str, ...]:
        """Return the lever columns, in order."""
        return tuple(lever.column for lever in self.levers)

    @property
    def own_columns(self) -> tuple[str, ...]:
        """Return every column the profile brings: its columns, then its levers."""
        return (*self.columns, *self.lever_columns)

    def recognises(self, records: Container[Any]) -> bool:
        """Say whether ``records`` (a table, or its column names) carry one of the profile's columns.

        A table that does is read with the profile's column names, category and wording
        (:func:`profile_for`), whoever made it: a register with its category column too.
        """
        return any(column in records for column in self.own_columns)

    def owns(self, records: Container[Any]) -> bool:
        """Say whether ``records`` are the profile's own table: they carry every one of its columns and levers.

        Only the profile's own table gets what is the study's alone, such as its zones
        (:func:`clusteratlas.mapspec.zones.zones_for`); a table that only shares a column with
        it (a register with its category column) is :meth:`recognised <recognises>`, not owned.
        """
        return all(column in records for column in self.own_columns)

    def lever_labels(self, lang: str = "en") -> dict[str, str]:
        """Return lever column -> long label in ``lang``, in order."""
        return {lever.column: lever.label[lang] for lever in self.levers}

    def lever_short(self, lang: str = "en") -> dict[str, str]:
        """Return lever column -> short label in ``lang``, in order."""
        return {lever.column: lever.short[lang] for lever in self.levers}

    def column_label(self, column: str, lang: str = "en") -> str | None:
        """Return the profile's label of one of its columns or levers in ``lang``, ``None`` for another column."""
        if column in self.columns:
            return self.columns[column][lang]
        if column in self.labels:
            return self.labels[column][lang]
        return next((lever.label[lang] for lever in self.levers if lever.column == column), None)

    def value_labels(self, column: str, lang: str = "en") -> dict[str, str]:
        """Return value -> its display name in ``lang`` for one of the profile's columns (empty for another column).

        Examples
        --------
        >>> load_profile().value_labels("sector", "fr")
        {}
        """
        return {value: labels[lang] for value, labels in self.values.get(column, {}).items()}

    def texts(self, section: str, lang: str = "en") -> dict[str, str]:
        """Return the profile's wording of one catalogue section in ``lang`` (empty when it rewords none)."""
        return dict(self.words.get(lang, {}).get(section, {}))


def load_profile(path: str | Path | None = None) -> Profile:
    """Read and check a profile.

    Parameters
    ----------
    path : str or Path, optional
        A profile folder, its ``profile.toml``, or the name of a shipped profile
        (``"study"``). By default the one ``CLUSTERATLAS_PROFILE`` names, else the shipped
        ``study``.

    Returns
    -------
    Profile
        Read once per file and process.

    Raises
    ------
    InputError
        If the file is missing or not TOML, or a key is missing, unknown or of the wrong
        type; one message names the file and every key at fault.
    """
    if path is None:
        path = os.environ.get(PROFILE_ENV) or DEFAULT_PROFILE
    return _load(_profile_file(path))


def default_profile() -> Profile | None:
    """Return the default profile (:func:`load_profile`), or ``None`` for a data folder without profiles.

    Returns
    -------
    Profile or None
        The one ``CLUSTERATLAS_PROFILE`` names, else the shipped ``study`` when the data
        folder (``CLUSTERATLAS_DATA``) has it.
    """
    if not os.environ.get(PROFILE_ENV) and not _profile_file(DEFAULT_PROFILE).is_file():
        return None
    return load_profile()


def levers_of(profile: Profile | None) -> tuple[Lever, ...]:
    """Return the levers that apply: ``profile``'s, else the default profile's (none without one).

    The records' reading makes the default profile's lever columns yes/no columns whatever
    profile a product applies, so a table read without a profile still has its levers labelled.

    Parameters
    ----------
    profile : Profile or None

    Returns
    -------
    tuple of Lever
    """
    chosen = profile if profile is not None else default_profile()
    return chosen.levers if chosen is not None else ()


def profile_for(records: Container[Any], profile: Profile | str | Path | bool | None = None) -> Profile | None:
    """Return the profile that applies to ``records``.

    Parameters
    ----------
    records : pandas.DataFrame or container of column names
    profile : Profile, str, Path or bool, optional
        ``None`` (default): the default profile (:func:`load_profile`) when the records
        carry one of its columns, else none. ``True``: the default profile whatever the
        columns; ``False``: none. A :class:`Profile`, a path or a shipped name: that one.

    Returns
    -------
    Profile or None
    """
    if profile is False:
        return None
    if isinstance(profile, Profile):
        return profile
    if profile is True:
        return load_profile()
    if profile is None:
        default = default_profile()  # None: a data folder without profiles (CLUSTERATLAS_DATA)
        return default if default is not None and default.recognises(records) else None
    return load_profile(profile)


def _profile_file(path: str | Path) -> Path:
    """Return the ``profile.toml`` a path, a folder or a shipped profile's name means."""
    given = Path(path)
    if isinstance(path, str) and len(given.parts) == 1 and not given.suffix and not given.exists():
        given = data_path("profiles", path)
    if given.is_dir():
        given = given / PROFILE_FILE
    return given.resolve()


@cache
def _load(path: Path) -> Profile:
    doc = read_toml(path, "profile")
    problems: list[str] = [f"unknown table [{k}]" for k in sorted(set(doc) - _TOP_KEYS)]
    r = _Reader(path, doc, problems)
    head = r.table("profile", _PROFILE_KEYS)
    data = r.table("data", {"file", "label", "compare"})
    profile = Profile(
        name=r.text(head, "profile.name"),
        path=path,
        unit=r.choice(head, "profile.unit", UNITS.choices()),
        category=r.text(head, "profile.category"),
        columns=r.columns(),
        headers=r.headers(),
        levers=r.levers(),
        periods=r.years(head, "profile.periods"),
        zones=r.file(head, "profile.zones"),
        claims=r.file(head, "profile.claims"),
        data=r.file(data, "data.file"),
        data_label=r.text(data, "data.label"),
        compare=r.file(data, "data.compare") if "compare" in data else None,
        figures=r.figures(),
        shares=r.names(r.table("reproduce", {"shares"}), "reproduce.shares"),
        table=r.names(r.table("map", {"table"}, required=False), "map.table"),
        words=r.words(),
        citation=r.citation(),
        labels=r.columns("labels"),
        values=r.values(),
    )
    if problems:
        msg = f"{path}: {'; '.join(problems)}; see data/profiles/{DEFAULT_PROFILE}/{PROFILE_FILE} for the format."
        raise InputError(msg)
    return profile


class _Reader:
    """Read the keys of a profile file, collecting every problem instead of stopping at the first."""

    def __init__(self, path: Path, doc: dict[str, Any], problems: list[str]) -> None:
        self.path, self.doc, self.problems = path, doc, problems

    def fail(self, key: str, problem: str) -> None:
        self.problems.append(f"{key}: {problem}")

    def table(self, name: str, keys: set[str], *, required: bool = True) -> dict[str, Any]:
        value = self.doc.get(name, None if required else {})
        if not isinstance(value, dict):
            self.fail(f"[{name}]", "missing, or not a table")
            return {}
        self.problems += [f"[{name}]: unknown key {k!r}" for k in sorted(set(value) - keys)]
        return value

    def text(self, table: dict[str, Any], key: str) -> str:
        value = table.get(key.rsplit(".", 1)[-1])
        if not isinstance(value, str) or not value.strip():
            self.fail(key, f"must be a non-empty text, not {value!r}")
            return ""
        return value

    def choice(self, table: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str:
        value = self.text(table, key)
        if value and value not in allowed:
            self.fail(key, f"must be one of {', '.join(allowed)}, not {value!r}")
        return value

    def file(self, table: dict[str, Any], key: str) -> Path:
        name = self.text(table, key)
        found = (self.path.parent / name).resolve()
        if name and not found.is_file():
            self.fail(key, f"names {name!r}, which is not a file beside the profile ({found})")
        return found

    def names(self, table: dict[str, Any], key: str) -> tuple[str, ...]:
        value = table.get(key.rsplit(".", 1)[-1], [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(key, f"must be a list of column names, not {value!r}")
            return ()
        return tuple(value)

    def years(self, table: dict[str, Any], key: str) -> tuple[int, ...]:
        value = table.get(key.rsplit(".", 1)[-1], [])
        ok = isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        if not ok or value != sorted(set(value)):
            self.fail(key, f"must be increasing years (such as [2010, 2015, 2020]), not {value!r}")
            return ()
        return tuple(value)

    def labels(self, value: object, key: str) -> Mapping[str, str]:
        """Check a ``{en = "...", fr = "..."}`` table: a non-empty text in every language."""
        if not isinstance(value, dict):
            self.fail(key, f"must be a table with a text per language ({', '.join(LANGUAGES)}), not {value!r}")
            return MappingProxyType({})
        for lang in LANGUAGES:
            self.text(value, f"{key}.{lang}")
        self.problems += [f"{key}: unknown language {k!r}" for k in sorted(set(value) - set(LANGUAGES))]
        return MappingProxyType({lang: str(value.get(lang, "")) for lang in LANGUAGES})

    def columns(self, section: str = "columns") -> Mapping[str, Mapping[str, str]]:
        """Return a table of column labels (``[columns]``, ``[labels]``): column -> language -> label."""
        table = self.doc.get(section, {})
        if not isinstance(table, dict):
            self.fail(f"[{section}]", "must be a table: column = { en = ..., fr = ... }")
            return MappingProxyType({})
        return MappingProxyType({str(c): self.labels(v, f"{section}.{c}") for c, v in table.items()})

    def values(self) -> Mapping[str, Mapping[str, Mapping[str, str]]]:
        """Return ``[values.COLUMN]``: column -> value -> language -> display name."""
        table = self.doc.get("values", {})
        if not isinstance(table, dict) or not all(isinstance(v, dict) for v in table.values()):
            self.fail("[values]", 'must hold tables: [values.column] "value" = { en = ..., fr = ... }')
            return MappingProxyType({})
        return MappingProxyType(
            {
                str(column): MappingProxyType(
                    {str(v): self.labels(names, f"values.{column}.{v}") for v, names in values.items()}
                )
                for column, values in table.items()
            }
        )

    def headers(self) -> Mapping[str, tuple[str, ...]]:
        table = self.doc.get("headers", {})
        if not isinstance(table, dict):
            self.fail("[headers]", "must be a table: column = [header, ...]")
            return MappingProxyType({})
        return MappingProxyType({str(c): self.names(table, f"headers.{c}") for c in table})

    def items(self, name: str, keys: set[str]) -> Iterator[tuple[str, dict[str, Any]]]:
        """Yield each table of the array ``[[name]]`` with its key for messages (``lever 2``), unknown keys reported."""
        for i, item in enumerate(self._array(name), start=1):
            self.problems += [f"[[{name}]] {i}: unknown key {k!r}" for k in sorted(set(item) - keys)]
            yield f"{name} {i}", item

    def levers(self) -> tuple[Lever, ...]:
        out = []
        for key, item in self.items("lever", {"column", "label", "short"}):
            column = self.text(item, f"{key}.column")
            out.append(
                Lever(
                    column,
                    self.labels(item.get("label"), f"{key}.label"),
                    self.labels(item.get("short"), f"{key}.short"),
                )
            )
        return tuple(out)

    def figures(self) -> tuple[ProfileFigure, ...]:
        out = []
        for key, item in self.items("figure", {"name", "kind", "formats"}):
            formats = self.names(item, f"{key}.formats")
            if not formats or not all(f.startswith(".") for f in formats):
                self.fail(
                    f"{key}.formats", f"must list file extensions such as ['.png', '.pdf'], not {list(formats)!r}"
                )
            out.append(ProfileFigure(self.text(item, f"{key}.name"), self.text(item, f"{key}.kind"), formats))
        return tuple(out)

    def words(self) -> Mapping[str, Mapping[str, Mapping[str, str]]]:
        table = self.doc.get("texts", {})
        out: dict[str, Mapping[str, Mapping[str, str]]] = {}
        for lang in LANGUAGES:
            sections = table.get(lang, {}) if isinstance(table, dict) else None
            if not isinstance(sections, dict):
                self.fail(f"texts.{lang}", "must be a table of catalogue sections")
                sections = {}
            self.problems += [
                f"texts.{lang}: unknown section {s!r} (use {', '.join(TEXT_SECTIONS)})"
                for s in sorted(set(sections) - set(TEXT_SECTIONS))
            ]
            out[lang] = MappingProxyType(
                {
                    s: MappingProxyType({str(k): typeset(str(v), lang) for k, v in words.items()})
                    for s, words in sections.items()
                }
            )
        self._same_keys(out)
        return MappingProxyType(out)

    def _same_keys(self, words: Mapping[str, Mapping[str, Mapping[str, str]]]) -> None:
        """Every reworded key in one language is reworded in the others."""
        keys = {lang: {f"{s}.{k}" for s, section in w.items() for k in section} for lang, w in words.items()}
        for lang, mine in keys.items():
            for other, theirs in keys.items():
                self.problems += [f"texts.{other}.{k}: missing (texts.{lang} has it)" for k in sorted(mine - theirs)]

    def citation(self) -> Citation:
        table = self.table("citation", {"authors", "title", "venue", "short"})
        authors = self.names(table, "citation.authors")
        if not authors:
            self.fail("citation.authors", "must name at least one author")
        return Citation(
            authors,
            self.text(table, "citation.title"),
            self.text(table, "citation.venue"),
            self.text(table, "citation.short"),
        )

    def _array(self, name: str) -> list[dict[str, Any]]:
        value = self.doc.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self.fail(f"[[{name}]]", "must be an array of tables")
            return []
        return value

"""Registries: one place per choice, and the command line's choices come from them."""

from __future__ import annotations

import click
import pytest

from clusteratlas import InputError, registry
from clusteratlas.claims import KINDS, RULES
from clusteratlas.cli import cli
from clusteratlas.export import GEO_FORMATS, SHARE_FORMATS, TABLE_FORMATS
from clusteratlas.interactive import TILES
from clusteratlas.mapspec import SCHEMES, VALUES
from clusteratlas.registry import Registry
from clusteratlas.static import FORMATS
from clusteratlas.static import KINDS as FIGURE_KINDS

SOURCES = [
    (registry.VALUES, VALUES),
    (registry.SCHEMES, SCHEMES),
    (registry.TILES, TILES),
    (registry.FIGURE_KINDS, FIGURE_KINDS),
    (registry.SHARE_FORMATS, SHARE_FORMATS),
    (registry.RECORD_FORMATS, TABLE_FORMATS + GEO_FORMATS),
    (registry.FIGURE_FORMATS, FORMATS),
]


@pytest.mark.parametrize(("reg", "keys"), SOURCES, ids=lambda x: getattr(x, "what", ""))
def test_registries_hold_the_keys_their_modules_export(reg: Registry, keys: tuple[str, ...]) -> None:
    assert reg.choices() == tuple(keys)
    assert all(reg.entry(k).help.strip() for k in keys)


def test_claim_kinds_are_one_registry_of_rules() -> None:
    assert isinstance(RULES, Registry) and (*RULES.choices(), "not_computable") == KINDS
    assert all(callable(RULES.get(k)) for k in RULES)


@pytest.mark.parametrize(
    ("reg", "key", "message"),
    [
        (registry.FIGURE_KINDS, "choropeth", "`kind`: unknown figure kind 'choropeth'; did you mean 'choropleth'?"),
        (registry.TILES, "OSM ", "`tiles`: unknown tile layer 'OSM '; Use one of: none, osm."),
        (RULES, "shares", "`kind`: unknown claim kind 'shares'; did you mean 'share'?"),
        (registry.VALUES, "per_capita", "did you mean 'per-capita'? Use one of: count, share, per-capita."),
    ],
)
def test_unknown_keys_name_the_parameter_suggest_and_list(reg: Registry, key: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        reg.get(key)
    assert message in str(err.value)
    assert all(k in str(err.value) for k in reg)


def test_a_key_is_registered_once() -> None:
    reg = Registry[int]("thing", "thing")
    reg.add("a", 1, "one")
    with pytest.raises(ValueError, match="registered twice"):
        reg.add("a", 2, "two")

    @reg.register("b", "two")
    def two() -> int:
        return 2

    assert reg.get("b") is two and reg.help() == "a: one; b: two"


def _choices(command: str, option: str) -> tuple[str, ...]:
    param = next(p for p in cli.commands[command].params if p.name == option)
    assert isinstance(param.type, click.Choice)
    return tuple(param.type.choices)


@pytest.mark.parametrize(
    ("command", "option", "reg"),
    [
        ("figure", "kind", registry.FIGURE_KINDS),
        ("figure", "scheme", registry.SCHEMES),
        ("map", "scheme", registry.SCHEMES),
        ("map", "tiles", registry.TILES),
        ("shares", "fmt", registry.SHARE_FORMATS),
        ("report", "lang", registry.LANGUAGES),
        ("figure", "lang", registry.LANGUAGES),
        ("figure", "south", registry.SOUTH),
    ],
)
def test_cli_choices_come_from_the_registries(command: str, option: str, reg: Registry) -> None:
    assert _choices(command, option) == reg.choices()


def test_map_choropleth_is_the_values_or_none() -> None:
    assert _choices("map", "choropleth") == (*registry.VALUES.choices(), "none")


@pytest.mark.parametrize(
    ("reg", "name", "ok"),
    [
        (registry.REPORT_FORMATS, "r.MD", True),
        (registry.REPORT_FORMATS, "r.pdf", False),
        (registry.FIGURE_FORMATS, "f.svg", True),
        (registry.MAP_FORMATS, "m", False),
    ],
)
def test_output_format_checks_extensions(reg: Registry, name: str, ok: bool, tmp_path) -> None:
    if ok:
        assert registry.output_format(reg, tmp_path / name) == "." + name.split(".")[-1].lower()
    else:
        with pytest.raises(InputError, match=r"cannot write .* use one of " + ", ".join(reg).replace(".", r"\.")):
            registry.output_format(reg, tmp_path / name)


@pytest.mark.parametrize(("kind", "hint"), [("shares", "; did you mean 'share'?"), ("average", "")])
def test_claims_files_suggest_the_closest_kind(tmp_path, kind: str, hint: str) -> None:
    from clusteratlas import load_claims

    path = tmp_path / "claims.toml"
    path.write_text(f'[[claim]]\nid = "a"\nkind = "{kind}"\nby = "zone"\npublished = 0.6\n', encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_claims(path)
    assert f"kind '{kind}' is not one of {', '.join(KINDS)}{hint}" in str(err.value)


def _every_registry() -> list[Registry]:
    from clusteratlas.cli._maps import CHOROPLETHS
    from clusteratlas.engines import ENGINES

    return [*registry.ENTRIES.values(), RULES, ENGINES, CHOROPLETHS]


@pytest.mark.parametrize("reg", _every_registry(), ids=lambda r: r.what)
def test_every_entry_resolves_to_its_implementation(reg: Registry) -> None:
    """A :class:`Ref` names something importable; what a key maps to is the implementation, not the key."""
    from importlib import resources

    for key, value in reg.items():
        if isinstance(reg.entry(key).value, registry.Ref):
            assert callable(value), f"{reg.what} {key!r}: {reg.entry(key).value.target} is not callable"
        assert value != key or reg is registry.VALUES, f"{reg.what} {key!r} maps to itself"
        assert reg.entry(key).help.strip()
    if reg is registry.LANGUAGES:
        assert all(resources.files("clusteratlas").joinpath(path).is_file() for path in reg.values())
    assert len(set(reg)) == len(reg.choices())  # each key once


def test_the_registry_imports_nothing_it_names() -> None:
    """Implementations are named (imported on first use), so the renderers may import the registry."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(registry.__file__).read_text(encoding="utf-8"))
    ours = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level}
    assert ours == {"errors"}


def test_a_ref_is_imported_once_on_first_use() -> None:
    reg = Registry[object]("thing", "thing")
    reg.add("dumps", registry.Ref("json:dumps"), "JSON")
    import json

    assert reg.get("dumps") is json.dumps and reg.get("dumps") is reg.get("dumps")
    with pytest.raises(InputError, match="did you mean 'dumps'"):
        reg.get("dump")


def test_each_choice_is_checked_once_by_its_registry_before_any_data() -> None:
    """Map options are checked as they are made; shares' format and language by their registries."""
    import pandas as pd

    from clusteratlas.aggregate import shares
    from clusteratlas.export import format_shares
    from clusteratlas.mapspec import MapOptions
    from clusteratlas.share_text import format_result

    for bad, message in [
        ({"scheme": "fisher"}, "`scheme`: unknown classification scheme 'fisher'; did you mean 'fisher_jenks'?"),
        ({"lang": "de"}, "`lang`: unknown language 'de'; Use one of: en, fr."),
        ({"unit": "firms"}, "`unit`: unknown unit 'firms'; Use one of: clusters, records."),
    ]:
        with pytest.raises(InputError) as caught:
            MapOptions(**bad)
        assert message in str(caught.value)
    frame = pd.DataFrame({"region_code": ["06"], "geocode_status": ["matched"], "sector": ["A"]})
    counted = shares(frame, by="region", geocode=False)
    for render in (format_shares, format_result):
        with pytest.raises(InputError, match=r"`fmt`: unknown format of shares 'xml'; Use one of: table, csv"):
            render(counted, "xml")
        with pytest.raises(InputError, match=r"`lang`: unknown language 'de'; Use one of: en, fr"):
            render(counted, "md", lang="de")

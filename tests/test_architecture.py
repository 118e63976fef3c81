"""Architecture rules of issue 9, checked on the source itself.

Each rule has an allow-list of today's offenders in files other helpers are still changing.
The lead empties them as branches merge; an allow-list can only shrink: a listed entry that
no longer offends fails the test, so stale entries are removed as soon as the code is fixed.
"""

from __future__ import annotations

import ast
import collections
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import pytest

import clusteratlas
from clusteratlas import errors

SRC = Path(clusteratlas.__file__).parent
MODULES = sorted(SRC.glob("*.py"))
MAX_LINES = 100


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


# ------------------------------------------------------------ (a) function length

#: Functions still longer than MAX_LINES (docstring included) while their owners split them.
#: TEMPORARY: the lead empties this list as i12-html, i9-text and i9-static merge.
LONG_FUNCTIONS_ALLOWED = frozenset(
    {
    }
)


def function_lengths(paths: list[Path]) -> dict[str, int]:
    """``module.qualified.name`` -> lines of every function (decorators excluded, docstring included)."""
    out: dict[str, int] = {}

    def walk(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = f"{prefix}.{child.name}"
                out[name] = max(out.get(name, 0), (child.end_lineno or child.lineno) - child.lineno + 1)
                walk(child, name)
            elif isinstance(child, ast.ClassDef):
                walk(child, f"{prefix}.{child.name}")
            else:
                walk(child, prefix)

    for path in paths:
        walk(_tree(path), path.stem)
    return out


def test_function_lengths_counts_what_it_should(tmp_path: Path) -> None:
    body = "\n".join(f"        x{i} = {i}" for i in range(MAX_LINES))
    (tmp_path / "m.py").write_text(f'class C:\n    def f(self):\n        """Doc."""\n{body}\n', encoding="utf-8")
    assert function_lengths([tmp_path / "m.py"]) == {"m.C.f": MAX_LINES + 2}


def test_no_function_is_longer_than_100_lines() -> None:
    lengths = function_lengths(MODULES)
    too_long = {name for name, n in lengths.items() if n > MAX_LINES}
    assert too_long - LONG_FUNCTIONS_ALLOWED == set(), "split these functions along their own seams"
    stale = LONG_FUNCTIONS_ALLOWED - too_long
    assert stale == set(), "short enough (or gone) now: remove them from LONG_FUNCTIONS_ALLOWED"


# ------------------------------------------------------------ (b) HTML only from templates

TAG = re.compile(r"<\s*/?\s*[a-zA-Z!]")


def _tag(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and bool(TAG.search(node.value))


def html_built_from_values(source: str) -> list[int]:
    """Lines where a string holding an HTML tag is built from values: f-string, +, % or .format."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
            if TAG.search(text) and any(isinstance(v, ast.FormattedValue) for v in node.values):
                lines.append(node.lineno)
        elif (
            isinstance(node, ast.BinOp)
            and (
                (isinstance(node.op, ast.Add) and (_tag(node.left) or _tag(node.right)))
                or (isinstance(node.op, ast.Mod) and _tag(node.left))
            )
        ) or (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in ("format", "format_map")
            and _tag(node.func.value)
        ):
            lines.append(node.lineno)
    return sorted(lines)


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ('x = f"<td>{v}</td>"', [1]),
        ('x = "<li>" + v', [1]),
        ('x = "<b>%s</b>" % v', [1]),
        ('x = "<p>{}</p>".format(v)', [1]),
        ('x = f"{a} < {b}"', []),  # a comparison, not a tag
        ('x = "<br>"', []),  # a constant is not built from data
        ('x = f"{n} records"', []),
    ],
)
def test_html_check_finds_what_it_should(source: str, found: list[int]) -> None:
    assert html_built_from_values(source) == found


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_html_is_concatenated_from_data_outside_templates(path: Path) -> None:
    """HTML pages and fragments come from autoescaping Jinja2 templates in ``_web/``."""
    assert html_built_from_values(path.read_text(encoding="utf-8")) == []


# ------------------------------------------------------------ (c) Morocco in the geography pack only

MOROCCAN = re.compile(r'"0[0-9]"|MOROCCO|31\.8')
#: The geography pack's loader: the one module that may name Moroccan codes and constants.
PACK_LOADER = "geography.py"
#: Files still holding Moroccan constants, with how many lines do (shrink-only).
#: TEMPORARY: the lead empties this as i9-static (static, aggregate docstring) and i12-html merge.
MOROCCAN_ALLOWED: dict[str, int] = {}


def moroccan_lines() -> dict[str, int]:
    """The issue's grep: ``grep -rn '"0[0-9]"\\|MOROCCO\\|31\\.8' src/clusteratlas/*.py`` per file."""
    out: dict[str, int] = collections.Counter()
    for path in MODULES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if MOROCCAN.search(line):
                out[path.name] += 1
    return dict(out)


def test_no_moroccan_constant_outside_the_geography_pack() -> None:
    found = {name: n for name, n in moroccan_lines().items() if name != PACK_LOADER}
    over = {name: n for name, n in found.items() if n > MOROCCAN_ALLOWED.get(name, 0)}
    assert over == {}, "Moroccan codes, constants and coordinates belong to the geography pack"
    stale = {name for name in MOROCCAN_ALLOWED if name not in found}
    assert stale == set(), "clean now: remove them from MOROCCAN_ALLOWED"


# ------------------------------------------------------------ (d) one errors module


def _defined_classes() -> list[type]:
    classes = []
    for info in pkgutil.iter_modules([str(SRC)]):
        if info.name == "__main__":
            continue
        module = importlib.import_module(f"clusteratlas.{info.name}")
        classes += [c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == module.__name__]
    return classes


def test_every_error_and_warning_class_is_exported() -> None:
    defined = [c for _, c in inspect.getmembers(errors, inspect.isclass) if c.__module__ == errors.__name__]
    assert len(defined) >= 6
    for cls in defined:
        assert cls.__name__ in clusteratlas.__all__ and getattr(clusteratlas, cls.__name__) is cls


def test_every_exception_and_warning_lives_in_errors() -> None:
    elsewhere = [
        f"{c.__module__}.{c.__qualname__}"
        for c in _defined_classes()
        if issubclass(c, BaseException) and c.__module__ != errors.__name__
    ]
    assert elsewhere == []


def test_moved_warning_stays_importable_from_mapspec() -> None:
    from clusteratlas import mapspec

    assert mapspec.ClassificationWarning is errors.ClassificationWarning


# ------------------------------------------------------------ errors name parameters, not flags

FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]*")
#: Library modules whose messages still name command-line flags (string constants, docstrings
#: excepted), with how many. TEMPORARY: the lead empties this as i9-text (mapspec),
#: i9-static (static, aliases) and i12-dask (stream) merge; the library writes `param`.
FLAGS_ALLOWED = {"stream.py": 8}


def flag_strings(path: Path) -> int:
    """How many string constants (docstrings excepted) of a module name a ``--flag``."""
    tree = _tree(path)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return sum(
        1
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and FLAG.search(node.value)
    )


def test_library_messages_name_parameters_not_flags() -> None:
    found = {p.name: n for p in MODULES if p.name != "cli.py" and (n := flag_strings(p))}
    over = {name: n for name, n in found.items() if n > FLAGS_ALLOWED.get(name, 0)}
    assert over == {}, "library messages name parameters (`per_capita`); cli.with_flags translates them"
    assert {name for name in FLAGS_ALLOWED if name not in found} == set(), "clean now: remove from FLAGS_ALLOWED"

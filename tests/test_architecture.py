"""Architecture rules of issues 9 and 19, checked on the source itself.

Each rule has an allow-list of today's offenders in files other helpers are still changing.
The lead empties them as branches merge; an allow-list can only shrink: a listed entry that
no longer offends fails the test, so stale entries are removed as soon as the code is fixed.

Modules are named relative to the package (``static``, ``static.maps``; the package's own
``__init__`` is ``clusteratlas``); functions ``module.qualified.name``; imports
``source -> target``, the target a full module name (``clusteratlas.export``) or the
top-level name of another package (``pyproj``).
"""

from __future__ import annotations

import ast
import collections
import importlib
import inspect
import pkgutil
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import pytest

import clusteratlas
from clusteratlas import errors

SRC = Path(clusteratlas.__file__).parent
PACKAGE = SRC.name
ROOT = SRC.parents[1]


def module_name(path: Path, src: Path = SRC) -> str:
    """``clusteratlas.static.maps`` for ``static/maps.py``; a package is named by its folder."""
    parts = path.relative_to(src.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def short(name: str) -> str:
    """``static.maps`` for ``clusteratlas.static.maps``; the package itself stays ``clusteratlas``."""
    return name.partition(".")[2] or name


def modules(src: Path = SRC) -> dict[str, Path]:
    """Every module of the package (packages' ``__init__`` included) by short name."""
    return {short(module_name(path, src)): path for path in sorted(src.rglob("*.py"))}


MODULES = modules()
PATHS = list(MODULES.values())


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def assert_only_allowed(found: Iterable[str], allowed: frozenset[str], what: str) -> None:
    """Fail on an offender not in ``allowed``, and on an allowed entry that no longer offends."""
    found = set(found)
    new, stale = sorted(found - allowed), sorted(allowed - found)
    assert not new, f"{what}: {new}"
    assert not stale, f"fixed (or gone) now: remove from the allow-list of {what}: {stale}"


# ------------------------------------------------------------ (a) sizes: modules, functions, complexity

MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 60
MAX_COMPLEXITY = 15

#: Modules over MAX_MODULE_LINES lines. TEMPORARY: emptied as static/, records/, mapspec/,
#: interactive/ and cli/ land.
LONG_MODULES_ALLOWED: frozenset[str] = frozenset()
#: Functions still longer than MAX_FUNCTION_LINES (docstring included) while their owners split them.
LONG_FUNCTIONS_ALLOWED: frozenset[str] = frozenset()
#: Functions of radon cyclomatic complexity over MAX_COMPLEXITY.
COMPLEX_FUNCTIONS_ALLOWED: frozenset[str] = frozenset()


def module_lengths(paths: dict[str, Path] = MODULES) -> dict[str, int]:
    """Lines of every module."""
    return {name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in paths.items()}


def function_lengths(paths: dict[str, Path] = MODULES) -> dict[str, int]:
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

    for name, path in paths.items():
        walk(_tree(path), name)
    return out


def complexities(paths: dict[str, Path] = MODULES) -> dict[str, int]:
    """``module.qualified.name`` -> radon's cyclomatic complexity of every function, method and closure."""
    from radon.complexity import cc_visit
    from radon.visitors import Function

    out: dict[str, int] = {}

    def add(prefix: str, function: Function) -> None:
        name = f"{prefix}.{function.fullname}"
        out[name] = max(out.get(name, 0), function.complexity)
        for closure in function.closures:
            add(name, closure)

    for module, path in paths.items():
        for block in cc_visit(path.read_text(encoding="utf-8")):
            if isinstance(block, Function):
                add(module, block)
    return out


def test_sizes_count_what_they_should(tmp_path: Path) -> None:
    body = "\n".join(f"        x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(4))
    (tmp_path / "m.py").write_text(
        f'class C:\n    def f(self):\n        """Doc."""\n{body}\n\n\ndef g(x):\n{branches}    return -1\n',
        encoding="utf-8",
    )
    paths = {"m": tmp_path / "m.py"}
    assert function_lengths(paths) == {"m.C.f": MAX_FUNCTION_LINES + 2, "m.g": 10}
    assert complexities(paths) == {"m.C.f": 1, "m.g": 5}
    assert module_lengths(paths) == {"m": MAX_FUNCTION_LINES + 15}


def test_no_module_is_longer_than_800_lines() -> None:
    long = {name for name, n in module_lengths().items() if n > MAX_MODULE_LINES}
    assert_only_allowed(long, LONG_MODULES_ALLOWED, f"modules over {MAX_MODULE_LINES} lines: split them")


def test_no_function_is_longer_than_60_lines() -> None:
    long = {name for name, n in function_lengths().items() if n > MAX_FUNCTION_LINES}
    assert_only_allowed(long, LONG_FUNCTIONS_ALLOWED, f"functions over {MAX_FUNCTION_LINES} lines: split them")


def test_no_function_is_more_complex_than_15() -> None:
    complex_ = {name for name, n in complexities().items() if n > MAX_COMPLEXITY}
    assert_only_allowed(complex_, COMPLEX_FUNCTIONS_ALLOWED, f"functions of complexity over {MAX_COMPLEXITY}")


# ------------------------------------------------------------ (e) imports: cycles, functions, layers

#: Optional heavy dependencies: the only imports allowed inside a function (a module that draws
#: or runs on Dask still imports without them, and fast).
HEAVY = frozenset(
    {
        "branca",
        "dask",
        "distributed",
        "folium",
        "geopandas",
        "jinja2",
        "mapclassify",
        "matplotlib",
        "openpyxl",
        "pyproj",
        "pyarrow",
        "pyogrio",
        "scipy",
        "shapely",
    }
)


@dataclass(frozen=True)
class Import:
    """One imported module: ``target`` is ours in full (``clusteratlas.export``) or a top-level name."""

    source: str
    target: str
    function: str  # the enclosing function, "" at module level
    line: int

    @property
    def ours(self) -> bool:
        return self.target == PACKAGE or self.target.startswith(PACKAGE + ".")

    @property
    def key(self) -> str:
        return f"{short(self.source)} -> {self.target}"


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Imports(ast.NodeVisitor):
    """The imports of one module, ``if TYPE_CHECKING:`` blocks left out."""

    def __init__(self, module: str, path: Path, known: set[str]) -> None:
        self.module, self.known = module, known
        self.package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        self.scope: list[tuple[str, bool]] = []
        self.found: list[Import] = []

    def _scoped(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef, function: bool) -> None:
        self.scope.append((node.name, function))
        self.generic_visit(node)
        self.scope.pop()

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._scoped(node, True)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._scoped(node, True)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._scoped(node, False)

    def visit_If(self, node: ast.If) -> None:
        for child in node.orelse if _type_checking(node.test) else [node.test, *node.body, *node.orelse]:
            self.visit(child)

    def _add(self, target: str, node: ast.stmt) -> None:
        if target == PACKAGE or target.startswith(PACKAGE + "."):
            while target not in self.known and "." in target:
                target = target.rpartition(".")[0]
        else:
            target = target.partition(".")[0]
        function = ".".join(n for n, _ in self.scope) if any(f for _, f in self.scope) else ""
        self.found.append(Import(self.module, target, function, node.lineno))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            parts = self.package.split(".")
            base = ".".join(parts[: len(parts) - node.level + 1] + ([node.module] if node.module else []))
        else:
            base = node.module or ""
        if base != PACKAGE and not base.startswith(PACKAGE + "."):
            self._add(base, node)
            return
        for alias in node.names:
            self._add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in self.known else base, node)


def imports(src: Path = SRC) -> list[Import]:
    """Every import of every module of the package under ``src``, in order."""
    paths = {module_name(path, src): path for path in sorted(src.rglob("*.py"))}
    found: list[Import] = []
    for name, path in paths.items():
        visitor = _Imports(name, path, set(paths))
        visitor.visit(_tree(path))
        found += visitor.found
    return found


def import_graph(found: Iterable[Import], leave_out: frozenset[str] = frozenset()) -> dict[str, set[str]]:
    """Module -> the modules of ours it imports (at module level or in a function), ``leave_out`` keys dropped."""
    graph: dict[str, set[str]] = collections.defaultdict(set)
    for imp in found:
        if imp.ours and imp.key not in leave_out:
            graph[imp.source].add(imp.target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (or importing itself), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while not component or component[-1] != node:
                component.append(stack.pop())
            if len(component) > 1 or node in graph.get(node, ()):
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, todo = {start}, [start]
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        for other in graph.get(node, ()):
            if other not in seen:
                seen.add(other)
                todo.append(other)
    return False


#: Imports that close an import cycle (counting imports inside functions): none left.
CYCLE_IMPORTS_ALLOWED: frozenset[str] = frozenset()
#: Imports inside functions that are not of an optional heavy dependency (HEAVY).
IN_FUNCTION_IMPORTS_ALLOWED = frozenset(
    {
        "claims -> clusteratlas.gazetteer",
        "engines -> clusteratlas._styles",  # only `geocode -o .gpkg` styles a layer: not paid by shares
        "engines -> clusteratlas.mapspec",
        "interactive.write -> clusteratlas.registry",
        "presentation -> babel",
        "_resources -> importlib",  # importlib.metadata for VERSION, only when an output writes it (20 ms a start)
        "stream -> clusteratlas.export",
        "stream -> clusteratlas.geocode",
    }
)


def _cycle_path(graph: dict[str, set[str]], component: list[str], where: dict[tuple[str, str], Import]) -> str:
    """One import cycle through ``component``'s first module, each step with its file and line."""
    start = component[0]
    paths = {start: [start]}
    todo = [start]
    while todo:
        node = todo.pop(0)
        for other in sorted(graph.get(node, ())):
            if other == start:
                steps = [*paths[node], start]
                hops = [f"{short(a)} (line {where[(a, b)].line})" for a, b in pairwise(steps)]
                return " -> ".join([*hops, short(start)])
            if other in component and other not in paths:
                paths[other] = [*paths[node], other]
                todo.append(other)
    return ", ".join(component)


def test_the_import_scanner_finds_what_it_should(tmp_path: Path) -> None:
    pkg = tmp_path / PACKAGE
    (pkg / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "from .a import f\n",
        "a.py": (
            "from typing import TYPE_CHECKING\nimport numpy.linalg\nfrom . import b\nfrom .sub import c\n"
            "if TYPE_CHECKING:\n    from .d import D\n"
            "def f():\n    import matplotlib.pyplot\n    from .b import g\n"
        ),
        "b.py": f"import {PACKAGE}.a\n",
        "d.py": "",
        "sub/__init__.py": "",
        "sub/c.py": "from .. import a\nfrom . import x\n",
    }
    for name, text in files.items():
        (pkg / name).write_text(text, encoding="utf-8")
    found = {(short(i.source), i.target, i.function) for i in imports(pkg)}
    ours = f"{PACKAGE}."
    assert found == {
        (PACKAGE, f"{ours}a", ""),
        ("a", "typing", ""),
        ("a", "numpy", ""),
        ("a", f"{ours}b", ""),
        ("a", f"{ours}sub.c", ""),
        ("a", "matplotlib", "f"),
        ("a", f"{ours}b", "f"),
        ("b", f"{ours}a", ""),
        ("sub.c", f"{ours}a", ""),
        ("sub.c", f"{ours}sub", ""),
    }
    assert cycles(import_graph(imports(pkg))) == [[f"{ours}a", f"{ours}b", f"{ours}sub.c"]]
    assert cycles(import_graph(imports(pkg), leave_out=frozenset({f"b -> {ours}a"}))) == [[f"{ours}a", f"{ours}sub.c"]]
    assert cycles(import_graph(imports(pkg), leave_out=frozenset({f"a -> {ours}b", f"a -> {ours}sub.c"}))) == []


def test_no_import_cycle() -> None:
    """No cycle among our modules, counting imports inside functions (``TYPE_CHECKING`` left out)."""
    found = imports()
    graph = import_graph(found, leave_out=CYCLE_IMPORTS_ALLOWED)
    where = {(i.source, i.target): i for i in found if i.ours}
    loops = [_cycle_path(graph, c, where) for c in cycles(graph)]
    assert loops == [], "import cycles: move the shared piece down a layer (see ARCHITECTURE.md)"
    everything = import_graph(found)
    closing = {i.key for i in found if i.ours and _reaches(everything, i.target, i.source)}
    assert_only_allowed(closing & CYCLE_IMPORTS_ALLOWED, CYCLE_IMPORTS_ALLOWED, "imports that close a cycle")


def test_imports_inside_functions_are_only_of_heavy_optional_dependencies() -> None:
    inside = {i.key for i in imports() if i.function and i.target not in HEAVY}
    assert_only_allowed(
        inside, IN_FUNCTION_IMPORTS_ALLOWED, "imports inside functions (import at the top, or add to HEAVY)"
    )


#: The layers, lowest first (ARCHITECTURE.md): a module imports only from its layer or below.
#: A package (``static/``) is the layer of its name; the package's ``__init__`` re-exports
#: the API from every layer.
LAYERS: dict[str, int] = {
    **dict.fromkeys(
        (
            "errors",
            "schema",
            "_text",
            "_resources",
            "registry",
            "_csvout",
            "_csvin",
            "_prebuilt",
            "_gpkglock",
        ),
        0,
    ),
    **dict.fromkeys(("geography", "presentation", "profile"), 1),
    **dict.fromkeys(
        (
            "gazetteer",
            "aliases",
            "records",
            "_subplaces",
            "_cells",
            "_typos",
            "_labels",
            "_notes",
            "_closest",
            "_segments",
            "_listing",
            "_messages",
        ),
        2,
    ),
    **dict.fromkeys(("geocode", "options", "_towns", "_weights", "_readback"), 3),
    **dict.fromkeys(("aggregate", "_unplaced_rows", "export", "crosstab", "share_text", "_gis", "_xlsx"), 4),
    **dict.fromkeys(("claims", "mapspec"), 5),
    **dict.fromkeys(("static", "interactive", "_styles"), 6),
    **dict.fromkeys(("reporting", "products", "reproduction", "engines", "stream"), 7),
    **dict.fromkeys(("cli", "__main__"), 8),
    PACKAGE: 9,
}
#: Imports within a layer that go against its order: (importer, imported).
SAME_LAYER_FORBIDDEN = frozenset({("geography", "presentation"), ("aggregate", "export")})
#: Imports of a higher layer. TEMPORARY: the registry module builds its registries from the
#: renderers; modules import the package for ``__version__`` (import ``_resources.VERSION``).
LAYER_IMPORTS_ALLOWED = frozenset({})


def layer_of(module: str) -> str:
    """The layer table's name of a module: ``static`` for ``clusteratlas.static.maps``."""
    return short(module).split(".")[0]


def test_every_module_has_a_layer() -> None:
    unknown = sorted({layer_of(module_name(p)) for p in PATHS} - set(LAYERS))
    assert unknown == [], "give these a layer in LAYERS and in ARCHITECTURE.md's table"


def test_the_layer_table_is_the_one_architecture_md_draws() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d) \| (.+?) \|", text, re.M)
    drawn = {name: int(n) for n, cell in rows for name in re.findall(r"`([\w]+)/?`", cell)}
    assert drawn == {k: v for k, v in LAYERS.items() if k != PACKAGE}


def test_modules_import_only_from_their_layer_or_below() -> None:
    def wrong(imp: Import) -> bool:
        a, b = layer_of(imp.source), layer_of(imp.target)
        return LAYERS.get(b, 0) > LAYERS.get(a, 0) or (a, b) in SAME_LAYER_FORBIDDEN

    upward = {i.key for i in imports() if i.ours and wrong(i)}
    assert_only_allowed(upward, LAYER_IMPORTS_ALLOWED, "imports of a higher layer (ARCHITECTURE.md)")


# ------------------------------------------------------------ (f) public surface

#: Modules without ``__all__``. TEMPORARY: each owner adds it as their branch lands.
NO_ALL_ALLOWED: frozenset[str] = frozenset()


def declared_all(path: Path) -> list[str] | None:
    """The names a module's ``__all__`` lists, or None when it has none."""
    for node in _tree(path).body:
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id == "__all__" for t in targets):
                return list(ast.literal_eval(node.value))
    return None


def test_every_module_declares_all() -> None:
    """``__all__`` says what a module offers; ``__main__`` is a script and offers nothing."""
    missing = {name for name, path in MODULES.items() if name != "__main__" and declared_all(path) is None}
    assert_only_allowed(missing, NO_ALL_ALLOWED, "modules without __all__")


@pytest.mark.parametrize("name", [n for n, p in MODULES.items() if n != "__main__" and declared_all(p) is not None])
def test_all_names_what_the_module_defines(name: str) -> None:
    module = importlib.import_module(PACKAGE if name == PACKAGE else f"{PACKAGE}.{name}")
    listed = declared_all(MODULES[name]) or []
    assert len(listed) == len(set(listed)), "a name is listed twice"
    assert [n for n in listed if not hasattr(module, n)] == []


def test_no_function_hides_its_module() -> None:
    """``clusteratlas.x`` is the module ``x`` wherever a module of that name exists.

    TEMPORARY: ``geocode`` stays a function for now (ARCHITECTURE.md); ``reproduce`` goes as
    its module becomes ``reproduction``.
    """
    hidden = {n for n in clusteratlas.__all__ if n in MODULES and inspect.ismodule(getattr(clusteratlas, n)) is False}
    assert_only_allowed(hidden, frozenset({"geocode"}), "package names hiding a module")


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


@pytest.mark.parametrize("path", PATHS, ids=lambda p: p.relative_to(SRC).as_posix())
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
    for path in PATHS:
        for line in path.read_text(encoding="utf-8").splitlines():
            if MOROCCAN.search(line):
                out[path.relative_to(SRC).as_posix()] += 1
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
    for info in pkgutil.walk_packages([str(SRC)], prefix=f"{PACKAGE}."):
        if info.name.endswith("__main__"):
            continue
        module = importlib.import_module(info.name)
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
FLAGS_ALLOWED: dict[str, int] = {}


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
    found = {
        p.relative_to(SRC).as_posix(): n
        for p in PATHS
        if p.relative_to(SRC).parts[0] not in ("cli.py", "cli") and (n := flag_strings(p))
    }
    over = {name: n for name, n in found.items() if n > FLAGS_ALLOWED.get(name, 0)}
    assert over == {}, "library messages name parameters (`per_capita`); cli.with_flags translates them"
    assert {name for name in FLAGS_ALLOWED if name not in found} == set(), "clean now: remove from FLAGS_ALLOWED"


# ------------------------------------------------------------ (g) the fast loop's lists name real tests


def test_the_slow_and_scale_lists_name_existing_tests() -> None:
    """``make test-fast`` leaves out what tests/conftest.py lists: a renamed test would come back silently."""
    from tests import conftest

    tests = ROOT / "tests"
    for name in conftest.BROWSER_FILES | conftest.SCALE_FILES | {f for f, _ in conftest.SCALE_FIXTURES}:
        assert (tests / name).is_file(), name
    for entry in conftest.SLOW_TESTS:
        file, _, test = entry.partition("::")
        defined = {n.name for n in ast.walk(_tree(tests / file)) if isinstance(n, ast.FunctionDef)}
        assert test.partition("[")[0] in defined, entry
    for file, fixture in conftest.SCALE_FIXTURES:
        assert f"def {fixture}(" in (tests / file).read_text(encoding="utf-8"), (file, fixture)

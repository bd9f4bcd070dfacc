"""The package's layers import one way (docs/architecture.md): a module may import its own
subpackage and the layers below it, never a layer above or a sibling layer beside it.

Every import counts, also the lazy ones inside functions.
"""

from __future__ import annotations

import ast
import io
import re
import subprocess
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ivr"

# lower number = lower layer; layers that share a number are siblings and must not import
# each other
LAYERS = {
    "errors": 0,
    "_gcpause": 0,
    "_record": 0,
    "graphcache": 0,
    "progress": 0,
    "printable": 0,
    "diagnostics": 1,
    "model": 2,
    "io": 3,
    "sim": 4,
    "graph": 5,
    "routing": 6,
    "lint": 6,
    "checking": 7,
    "report": 8,
    "diagram": 8,
    "testing": 9,
    "web": 10,
    "cli": 11,
}
TOP = {"__init__", "__main__"}  # the package root re-exports everything, lazily


def _layer_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "ivr" or len(parts) < 2:
        return None
    return parts[1]


def _type_only(tree: ast.Module) -> set[int]:
    """Line numbers inside ``if TYPE_CHECKING:`` blocks: names for annotations, not imports
    that run."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_only(tree)
    found = []
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
            if node.module == "ivr":  # from ivr import x: the layer is x, when x is one
                found += [(node.lineno, f"ivr.{a.name}") for a in node.names if a.name in LAYERS]
    return found


def _modules() -> list[Path]:
    return sorted(
        p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] != "__pycache__"
    )


def test_every_top_level_module_has_a_layer() -> None:
    names = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in _modules()}
    assert names - TOP - set(LAYERS) == set()


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_run_one_way(path: Path) -> None:
    own = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
    if own in TOP:
        return
    wrong = []
    for line, module in _imports(path):
        layer = _layer_of(module)
        if layer is None or layer == own or layer in TOP:
            continue
        if LAYERS[layer] >= LAYERS[own]:
            wrong.append(f"{path.name}:{line} imports {module} ({layer} is not below {own})")
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_a_wrong_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import ivr.cli\n"
        "def f():\n    from ivr.cli.app import main\n"
    )
    assert [m for m in _imports(bad) if m[1].startswith("ivr")] == [(5, "ivr.cli.app")]


# -- issue 10 item 9: generic code says nothing of an operator or a country -------------------
OPERATOR_OR_COUNTRY = re.compile(r"mts|russia", re.IGNORECASE)


def _docstring_lines(tree: ast.Module) -> set[int]:
    """First lines of the docstrings of a module, its classes and functions, and of the strings
    that document an assignment (examples there load the shipped hotline: its data)."""
    lines = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for i, stmt in enumerate(body):
            doc = isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
            first = i == 0 and isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef))
            after = i > 0 and isinstance(body[i - 1], (ast.Assign, ast.AnnAssign))
            if doc and (first or after):
                lines.add(stmt.lineno)
    return lines


def test_generic_code_says_nothing_of_an_operator_or_a_country() -> None:
    # "an MTS SIM", "in Russia" come from the menus' data; the code's own names, strings and
    # comments name neither. Docstring examples run on the shipped hotline (data), and so do
    # the command line's help examples (ivr/cli).
    found = []
    for path in _modules():
        if path.relative_to(PACKAGE).parts[0] == "cli":
            continue
        text = path.read_text(encoding="utf-8")
        docs = _docstring_lines(ast.parse(text))
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            kinds = (tokenize.NAME, tokenize.STRING, tokenize.COMMENT)
            if tok.type not in kinds or not OPERATOR_OR_COUNTRY.search(tok.string):
                continue
            if tok.type == tokenize.STRING and tok.start[0] in docs:
                continue
            found.append(f"{path.relative_to(PACKAGE)}:{tok.start[0]}: {tok.string[:60]}")
    assert not found, "\n".join(found)


def test_no_file_points_outside_the_repository() -> None:
    outside = re.compile(r"/wor[k]/|/home/[a-z]|/Users/[A-Za-z]|(?<![.\w])\.\./shared/")
    root = PACKAGE.parent
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True)
    if tracked.returncode != 0:
        pytest.skip("not a git checkout")
    found = []
    for name in tracked.stdout.splitlines():
        path = root / name
        if not path.is_file() or path.suffix not in (".py", ".md", ".yaml", ".toml", ".txt", ""):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name}:{n}" for n, line in enumerate(text.splitlines(), 1)
                  if outside.search(line)]  # fmt: skip
    assert not found, found


# -- issue 10 item 1: no module over about 400 lines --------------------------------------------
MAX_LINES = 410


def test_no_module_is_over_about_400_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}

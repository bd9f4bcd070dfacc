"""The package's layers import one way (docs/architecture.md): a module may import its own
subpackage and the layers below it, never a layer above or a sibling layer beside it.

Every import counts, also the lazy ones inside functions.
"""

from __future__ import annotations

import ast
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

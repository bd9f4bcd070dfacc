"""``[tool.ivr]`` in ``pyproject.toml``: which lint rules run, at which severity, on which budgets.

::

    [tool.ivr]
    enable = ["all"]                       # or a list of rule ids; default: every rule
    disable = ["no-invalid"]               # rule ids never run (wins over enable)
    severity = {no-human = "error", key-not-announced = "off"}
    budgets = {max_options = 9, max_depth = 6, max_seconds_to_human = 120}

The file is found by walking up from the checked path: the first ``pyproject.toml`` holding a
``[tool.ivr]`` table wins; the search stops at a repository root (a folder with ``.git``).
Without one the defaults apply. A mistake in the table is a :class:`ConfigError` (``ivr check``
exits 2 and names the file).

>>> c = Config.from_table({"disable": ["no-invalid"], "budgets": {"max_depth": 4}})
>>> c.enabled("no-invalid"), c.enabled("dead-end"), c.budgets["max_depth"], c.budgets["max_options"]
(False, True, 4, 9)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ivr.diagnostics import SEVERITIES, did_you_mean
from ivr.errors import ConfigError as ConfigError  # re-exported: its old home
from ivr.lint.engine import Rule, option_defaults
from ivr.lint.rules import CATALOG

KEYS = ("enable", "disable", "severity", "budgets")


def _toml() -> Any:
    if sys.version_info >= (3, 11):
        import tomllib  # noqa: PLC0415

        return tomllib
    try:  # pragma: no cover - Python 3.10
        import tomli  # noqa: PLC0415
    except ModuleNotFoundError:
        return None
    return tomli


def configurable_rules(catalog: Iterable[Rule] = CATALOG) -> dict[str, str]:
    """Rule id -> default severity, for every rule the configuration may name.

    >>> configurable_rules()["dead-end"], "bad-number" in configurable_rules()
    ('error', False)
    """
    return {r.id: r.severity for r in catalog if r.configurable}


@dataclass(frozen=True)
class Config:
    """The rule selection, severity overrides and budgets of one check.

    >>> Config().enabled("no-human"), Config(disable=("no-human",)).enabled("no-human")
    (True, False)
    """

    enable: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)
    budgets: dict[str, float] = field(default_factory=lambda: option_defaults(CATALOG))
    path: str = ""

    def enabled(self, rule_id: str) -> bool:
        if rule_id in self.disable or self.severity.get(rule_id) == "off":
            return False
        if self.enable is None or "all" in self.enable:
            return True
        return rule_id in self.enable

    def severity_of(self, rule_id: str, default: str) -> str:
        return self.severity.get(rule_id, default)

    @classmethod
    def from_table(
        cls, table: dict[str, Any], path: str = "", catalog: Iterable[Rule] = CATALOG
    ) -> Config:
        """Validate a ``[tool.ivr]`` table against the rules of ``catalog`` and the options they
        declare; ConfigError with a did-you-mean for any mistake."""
        catalog = tuple(catalog)
        known = configurable_rules(catalog)
        defaults = option_defaults(catalog)

        def fail(message: str) -> ConfigError:
            return ConfigError(f"[tool.ivr] {message}", path)

        if not isinstance(table, dict):
            raise fail("must be a table")
        for key in table:
            if key not in KEYS:
                raise fail(
                    f"has unknown key '{key}' (one of {', '.join(KEYS)})" + did_you_mean(key, KEYS)
                )

        def rule_ids(name: str, allow_all: bool) -> tuple[str, ...] | None:
            if name not in table:
                return None
            value = table[name]
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(f"'{name}' must be a list of rule ids")
            for v in value:
                if v == "all" and allow_all:
                    continue
                if v not in known:
                    raise fail(_unknown_rule(name, v, known, catalog))
            return tuple(value)

        enable = rule_ids("enable", True)
        disable = rule_ids("disable", False) or ()
        severity: dict[str, str] = {}
        raw = table.get("severity", {})
        if not isinstance(raw, dict):
            raise fail("'severity' must be a table: {rule-id = \"error\"}")
        levels = (*SEVERITIES, "off")
        for rule_id, level in raw.items():
            if rule_id not in known:
                raise fail(_unknown_rule("severity", rule_id, known, catalog))
            if level not in levels:
                raise fail(
                    f"severity of '{rule_id}' is '{level}'; it must be one of {', '.join(levels)}"
                    + did_you_mean(str(level), levels)
                )
            severity[rule_id] = level
        budgets = dict(defaults)
        raw = table.get("budgets", {})
        if not isinstance(raw, dict):
            raise fail("'budgets' must be a table: {max_options = 9, ...}")
        for name, value in raw.items():
            if name not in defaults:
                raise fail(
                    f"budget '{name}' is not known (one of {', '.join(defaults)})"
                    + did_you_mean(name, defaults)
                )
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise fail(f"budget '{name}' must be a number >= 0, not {value!r}")
            budgets[name] = value
        return cls(enable, disable, severity, budgets, path)


def _unknown_rule(where: str, rule_id: str, known: dict[str, str], catalog: Iterable[Rule]) -> str:
    fixed = {r.id for r in catalog if not r.configurable}
    if rule_id in fixed:
        return (
            f"'{where}' names '{rule_id}', which cannot be configured "
            "(a menu that does not load or a broken documented claim is always an error)"
        )
    return f"'{where}' names unknown rule '{rule_id}'" + did_you_mean(rule_id, known)


DEFAULT = Config()


def find_pyproject(path: str | os.PathLike[str]) -> Path | None:
    """The ``pyproject.toml`` with a ``[tool.ivr]`` table nearest above ``path``, or None.

    >>> find_pyproject("menus/mts").name
    'pyproject.toml'
    """
    try:
        p = Path(path).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL: the reader says so
        return None
    # os.path's tests answer False for a name too long or unreadable, where Path's raise
    folder = p if os.path.isdir(p) else p.parent
    for candidate in (folder, *folder.parents):
        pyproject = candidate / "pyproject.toml"
        if os.path.isfile(pyproject) and _has_table(pyproject):
            return pyproject
        if os.path.exists(candidate / ".git"):
            return None
    return None


def _has_table(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8")
    except OSError:
        return False
    return "[tool.ivr" in text or "tool.ivr" in text


def read_pyproject(pyproject: str | os.PathLike[str]) -> Config:
    """The configuration in one pyproject.toml (the defaults where it has no [tool.ivr]).

    >>> read_pyproject("pyproject.toml").budgets["max_depth"]
    6
    """
    shown = str(pyproject)
    toml = _toml()
    if toml is None:  # pragma: no cover - Python 3.10 without tomli
        raise ConfigError("reading [tool.ivr] needs Python 3.11+ or the 'tomli' package", shown)
    try:
        with open(pyproject, "rb") as fh:
            data = toml.load(fh)
    except OSError as exc:
        raise ConfigError(f"cannot read: {exc.strerror}", shown) from None
    except toml.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", shown) from None
    table = data.get("tool", {}).get("ivr")
    if table is None:
        return Config(path=shown)
    return Config.from_table(table, shown)


def config_for(path: str | os.PathLike[str]) -> Config:
    """The configuration that applies to a checked path (found by walking up).

    >>> config_for("menus/mts").path.endswith("pyproject.toml")
    True
    """
    pyproject = find_pyproject(path)
    return read_pyproject(pyproject) if pyproject is not None else DEFAULT

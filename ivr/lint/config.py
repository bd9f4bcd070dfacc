"""``[tool.ivr]`` in ``pyproject.toml``: which lint rules run, at which severity, on which budgets.

::

    [tool.ivr]
    enable = ["all"]                       # or rule ids/families; default: every rule on by default
    extend-select = ["gethuman"]           # more rules or families, on top of the selection
    disable = ["no-invalid"]               # rule ids or families never run (wins over both)
    severity = {no-human = "error", key-not-announced = "off"}
    budgets = {max_options = 9, max_depth = 6, max_seconds_to_human = 120}

The file is found by walking up from the checked path: the first ``pyproject.toml`` holding a
``[tool.ivr]`` table wins; the search stops at a repository root (a folder with ``.git``).
Without one the defaults apply. A mistake in the table is a :class:`ConfigError` (``ivr check``
exits 2 and names the file).

A name in ``enable`` (``select`` is its ruff spelling), ``extend-select`` and ``disable`` is a
rule id, a family (``gethuman``, ``prompts``: the module the rule is declared in) or the first
words of rule ids (``too`` is ``too-many-options`` and ``too-deep``), as ruff selects by code
prefix. ``all`` is every rule on by default; a pack off by default runs only when named.

>>> c = Config.from_table({"disable": ["no-invalid"], "budgets": {"max_depth": 4}})
>>> c.enabled("no-invalid"), c.enabled("dead-end"), c.budgets["max_depth"], c.budgets["max_options"]
(False, True, 4, 9)
>>> c = Config.from_table({"extend-select": ["gethuman"]})
>>> c.enabled("gethuman-zero"), Config().enabled("gethuman-zero"), c.enabled("dead-end")
(True, False, True)
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from dataclasses import field, replace
from pathlib import Path
from typing import Any

from ivr._record import record
from ivr.diagnostics import SEVERITIES, did_you_mean
from ivr.errors import ConfigError as ConfigError  # re-exported: its old home
from ivr.lint.engine import Rule, option_defaults
from ivr.lint.rules import CATALOG

KEYS = ("enable", "select", "extend-select", "disable", "severity", "budgets")


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


def names_rule(name: str, r: Rule) -> bool:
    """Whether a name of a selection names this rule: its id, its family or the first words of
    its id (``all`` names every rule on by default).

    >>> from ivr.lint.rules import rule
    >>> [names_rule(n, rule("gethuman-zero")) for n in ("gethuman", "gethuman-zero", "all", "zero")]
    [True, True, False, False]
    """
    if name == "all":
        return r.default
    return name in (r.id, r.family) or r.id.startswith(name + "-")


def check_names(
    names: Iterable[str], where: str, catalog: Iterable[Rule] = CATALOG, allow_all: bool = True
) -> tuple[str, ...]:
    """The names, each checked to name at least one configurable rule; a :class:`ConfigError`
    (its message without a path) with a did-you-mean for one that names none.

    >>> check_names(["gethuman", "no-human"], "extend-select")
    ('gethuman', 'no-human')
    """
    catalog = tuple(catalog)
    rules = [r for r in catalog if r.configurable]
    out = tuple(names)
    for name in out:
        if name == "all" and allow_all:
            continue
        if not any(names_rule(name, r) for r in rules) or name == "all":
            known = {r.id: r.severity for r in rules} | {r.family: "" for r in rules if r.family}
            raise ConfigError(_unknown_rule(where, name, known, catalog))
    return out


@record
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
    extend_select: tuple[str, ...] = ()

    def enabled(self, rule_id: str) -> bool:
        """Whether the rule of the catalog with this id runs (an id the catalog does not know
        is taken as a rule on by default)."""
        r = next((r for r in CATALOG if r.id == rule_id), None)
        return self.selects(r if r is not None else Rule(rule_id, "info", "", lambda ctx: ()))

    def selects(self, r: Rule) -> bool:
        """Whether this rule runs: not disabled, and selected (by ``enable``, by default, or by
        ``extend-select``)."""
        if any(names_rule(n, r) for n in self.disable):
            return False
        if self.severity.get(r.id) == "off":
            return False
        if any(names_rule(n, r) for n in self.extend_select):
            return True
        if self.enable is None:
            return r.default
        return any(names_rule(n, r) for n in self.enable)

    def selecting(
        self, select: Iterable[str] | None = None, extend_select: Iterable[str] = ()
    ) -> Config:
        """This configuration with a selection given on the command line (ruff's ``--select``
        replaces the selection, ``--extend-select`` adds to it); ConfigError for a name that
        names no rule.

        >>> Config().selecting(extend_select=["gethuman"]).enabled("gethuman-wait")
        True
        >>> Config().selecting(["no-human"]).enabled("dead-end")
        False
        """
        extend = check_names(extend_select, "--extend-select", allow_all=False)
        if select is None:
            return replace(self, extend_select=self.extend_select + extend)
        return replace(self, enable=check_names(select, "--select"), extend_select=extend)

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
                raise fail(f"'{name}' must be a list of rule ids or families")
            try:
                return check_names(value, name, catalog, allow_all)
            except ConfigError as exc:
                raise fail(str(exc)) from None

        if "enable" in table and "select" in table:
            raise fail("has both 'enable' and 'select', which are the same: give one")
        enable = rule_ids("enable", True)
        if enable is None:
            enable = rule_ids("select", True)
        extend = rule_ids("extend-select", False) or ()
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
        return cls(enable, disable, severity, budgets, path, extend)


def _unknown_rule(where: str, rule_id: str, known: Iterable[str], catalog: Iterable[Rule]) -> str:
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

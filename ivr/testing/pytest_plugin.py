"""A pytest plugin: menu files become test items, and tests get loaded menus as fixtures.

Registered with the ``pytest11`` entry point ``ivr``, so it is active wherever ``ivr`` is
installed; it does nothing until it is given menus::

    pytest --ivr menus/mts              # a folder (one hotline) or a file; repeatable

    # or in pyproject.toml / pytest.ini
    [tool.pytest.ini_options]
    ivr_paths = ["menus/mts"]

Each menu file then collects:

* one item per documented claim (``documented: dial 0890, keys 2 0 (line 290)``), which fails
  with the transcript of the simulated call when the claim does not hold;
* one item per lint rule (``rule dead-end``), which fails when the rule finds something at
  ``error`` severity in that file (rules, severities and budgets from ``[tool.ivr]``, as for
  ``ivr check``); warnings and notes are shown in the item's report;
* ``load``, failing with every located error, when the menus do not load;
* with ``--ivr-coverage`` (or ``ivr_coverage = true``), ``claims coverage`` on a hotline's first
  file: what its documented claims cover (``ivr check --coverage``), shown in the item's report,
  recorded in its JUnit properties (``ivr.coverage.nodes`` = ``covered/total``, ...,
  ``ivr.coverage.percent``) and summed up at the end of the run; with ``--ivr-fail-under PCT``
  (or ``ivr_fail_under``) the item fails below that percentage.

Fixtures: ``ivr_hotline`` (the loaded :class:`~ivr.model.Hotline`) and ``ivr_menu`` (its menu),
from the test's ``@pytest.mark.ivr("menus/mts", menu="short.yaml")`` marker or else the first
``--ivr`` / ``ivr_paths`` path::

    @pytest.mark.ivr("menus/mts", menu="short.yaml")
    def test_zero_reaches_a_human(ivr_menu):
        assert ivr.simulate(ivr_menu, "0890", "2 0", caller={"network": "mts"}).outcome == "agent"
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ivr.io.spec import MENU_SUFFIXES

_REPORTS = pytest.StashKey[dict]()
_PATHS = pytest.StashKey[list]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ivr", "voice menus (ivr)")
    group.addoption(
        "--ivr",
        action="append",
        default=[],
        metavar="PATH",
        help="check these menu files or folders: each documented claim and rule a test item",
    )
    group.addoption(
        "--ivr-coverage",
        action="store_true",
        default=None,
        help="add a 'claims coverage' item per hotline: what its documented claims cover",
    )
    group.addoption(
        "--ivr-fail-under",
        type=float,
        default=None,
        metavar="PCT",
        help="fail a hotline's 'claims coverage' item below PCT percent (implies --ivr-coverage)",
    )
    parser.addini("ivr_coverage", type="bool", default=False,
                  help="a 'claims coverage' item per hotline (as --ivr-coverage)")  # fmt: skip
    parser.addini("ivr_fail_under", default="",
                  help="fail claims coverage below this percent (as --ivr-fail-under)")  # fmt: skip
    parser.addini(
        "ivr_paths",
        type="paths",
        default=[],
        help="menu files or folders whose claims and rules become test items (as --ivr)",
    )


def _configured(config: pytest.Config) -> list[Path]:
    paths = [Path(p).resolve() for p in config.getoption("ivr", default=None) or []]
    if not paths:
        paths = [Path(p).resolve() for p in config.getini("ivr_paths") or []]
    return paths


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "ivr(path, menu=None): the menus the ivr_hotline and ivr_menu fixtures load",
    )
    paths = _configured(config)
    config.stash[_PATHS] = paths
    config.stash[_REPORTS] = {}
    if not paths:
        return
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise pytest.UsageError(f"--ivr: no such file or folder: {', '.join(missing)}")
    # the menus are collected along with the tests the command line names
    for p in paths:
        if str(p) not in config.args:
            config.args.append(str(p))


def _fail_under(config: pytest.Config) -> float | None:
    value = config.getoption("ivr_fail_under", default=None)
    if value is None:
        text = str(config.getini("ivr_fail_under") or "").strip().removesuffix("%")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise pytest.UsageError(f"ivr_fail_under: '{text}' is not a percentage") from None
    return float(value)


def _coverage_on(config: pytest.Config) -> bool:
    """Whether claims coverage is measured: ``--ivr-coverage``, ``--ivr-fail-under`` or the
    ini options."""
    flag = config.getoption("ivr_coverage", default=None)
    if flag is None:
        flag = bool(config.getini("ivr_coverage"))
    return bool(flag) or _fail_under(config) is not None


def pytest_report_header(config: pytest.Config) -> str | None:
    paths = config.stash.get(_PATHS, [])
    if not paths:
        return None
    return "ivr: menus " + ", ".join(os.path.relpath(p, config.rootpath) for p in paths)


def _hotline_path(config: pytest.Config, file: Path) -> Path | None:
    """The hotline (a configured file, or the folder of a file under a configured folder)."""
    for p in config.stash.get(_PATHS, []):
        if file == p:
            return p
        if p.is_dir() and (file.parent == p or p in file.parents):
            return file.parent
    return None


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix not in MENU_SUFFIXES:
        return None
    hotline = _hotline_path(parent.config, file_path.resolve())
    if hotline is None:
        return None
    return MenuFile.from_parent(parent, path=file_path, hotline_path=hotline)


def _report(config: pytest.Config, hotline: Path):
    """``ivr check`` of one hotline, once per session."""
    from ivr.checking.runner import check  # noqa: PLC0415

    cache = config.stash[_REPORTS]
    if hotline not in cache:
        cache[hotline] = check(hotline, coverage=_coverage_on(config))
    return cache[hotline]


class IvrFailure(Exception):
    """A documented claim or a rule that failed; the message is the report."""


class MenuFile(pytest.File):
    """A menu file: its documented claims and the lint rules, each an item."""

    def __init__(self, *args, hotline_path: Path, **kwargs):
        super().__init__(*args, **kwargs)
        self.hotline_path = hotline_path

    def collect(self):
        from ivr.lint.config import config_for  # noqa: PLC0415
        from ivr.lint.rules import CATALOG, load_rule  # noqa: PLC0415

        report = _report(self.config, self.hotline_path)
        me = self.path.resolve()

        def mine(file: str) -> bool:
            return bool(file) and Path(file).resolve() == me

        errors = [d for d in report.errors if mine(d.loc.file) or not d.loc.file]
        if report.errors:
            # a hotline that does not load: this file's errors, or a note that another failed
            yield LoadItem.from_parent(self, name="load", errors=errors, others=report.errors)
            return
        for result in report.results:
            if mine(result.menu.file):
                c = result.claim
                keys = f"keys {c.keys_text}" if c.keys else "no keys"
                caller = ",".join(f"{k}={v}" for k, v in c.caller)
                who = f", {caller}" if caller else ""
                at = f", at {c.at}" if c.at != "12:00" else ""
                name = f"documented: dial {c.dial}, {keys}{who}{at} (line {c.loc.line})"
                yield ClaimItem.from_parent(self, name=name, result=result)
        first = sorted(Path(f).resolve() for f in report.files)[0] if report.files else me
        config = config_for(self.hotline_path)
        for rule in CATALOG:
            if not rule.configurable or not config.enabled(rule.id):
                continue  # load errors and claims have their own items; disabled rules none
            if rule.id == "routes-lock":
                if me != first:
                    continue  # the lock belongs to the hotline: one item, on its first file
                found = [d for d in report.findings if d.rule == "routes-lock"]
            else:
                found = [d for d in report.findings if d.rule == rule.id and mine(d.loc.file)]
            found = [d for d in found if load_rule(d) == rule.id]
            yield RuleItem.from_parent(self, name=f"rule {rule.id}", rule=rule.id, findings=found)
        if report.coverage is not None and me == first:  # the hotline's: one item, first file
            yield CoverageItem.from_parent(self, name="claims coverage", report=report,
                                           fail_under=_fail_under(self.config))  # fmt: skip


class _IvrItem(pytest.Item):
    def reportinfo(self):
        return self.path, self._line, self.name

    _line: int | None = None

    def repr_failure(self, excinfo, style=None):
        if isinstance(excinfo.value, IvrFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)


class ClaimItem(_IvrItem):
    """One documented claim, replayed; fails with the call's transcript."""

    def __init__(self, *args, result, **kwargs):
        super().__init__(*args, **kwargs)
        self.result = result
        self._line = result.claim.loc.line - 1
        self.user_properties.append(("outcome", result.call.outcome))

    def runtest(self) -> None:
        r = self.result
        if not r.ok:
            raise IvrFailure(
                f"{r.claim.loc}: {r.describe()}\n\ntranscript of the call:\n{r.call.transcript()}"
            )


class RuleItem(_IvrItem):
    """One lint rule over one file; fails on findings at error severity."""

    def __init__(self, *args, rule: str, findings: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.findings = findings
        if findings:
            self._line = findings[0].loc.line - 1

    def runtest(self) -> None:
        lines = [f"{d.loc}: {d.severity}: {d.message} [{d.rule}]" for d in self.findings]
        if lines:
            self.add_report_section("call", "ivr", "\n".join(lines))
        if any(d.severity == "error" for d in self.findings):
            raise IvrFailure("\n".join(lines))


class CoverageItem(_IvrItem):
    """What the hotline's documented claims cover (``ivr check --coverage``): the table in the
    item's report and in its JUnit properties; fails below ``--ivr-fail-under``."""

    def __init__(self, *args, report, fail_under: float | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.coverage = report.coverage
        self.fail_under = fail_under
        from ivr.checking.coverage import KINDS  # noqa: PLC0415

        for kind in KINDS:
            c = self.coverage.total(kind)
            self.user_properties.append((f"ivr.coverage.{kind}", f"{c.covered}/{c.total}"))
        self.user_properties.append(("ivr.coverage.percent", f"{self.coverage.percent:.1f}"))

    def runtest(self) -> None:
        text = self.coverage.as_text()
        self.add_report_section("call", "ivr coverage", text)
        if self.fail_under is not None and self.coverage.below(self.fail_under):
            raise IvrFailure(
                f"claims coverage {self.coverage.percent:.1f}% is below --ivr-fail-under "
                f"{self.fail_under:g}%\n\n{text}"
            )


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """With coverage on, one line per hotline: its claims coverage."""
    if not _coverage_on(config):
        return
    reports = config.stash.get(_REPORTS, {})
    shown = [(p, r.coverage) for p, r in reports.items() if r.coverage is not None]
    if not shown:
        return
    terminalreporter.section("ivr claims coverage")
    for path, cov in shown:
        counts = ", ".join(
            f"{kind} {cov.total(kind).covered}/{cov.total(kind).total}"
            for kind in ("nodes", "edges", "entries", "humans")
        )
        where = os.path.relpath(path, config.rootpath)
        terminalreporter.write_line(f"{where}: {cov.percent:.1f}% ({counts})")


class LoadItem(_IvrItem):
    """The menus did not load: every located error."""

    def __init__(self, *args, errors: list, others: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.errors = errors
        self.others = others

    def runtest(self) -> None:
        if self.errors:
            raise IvrFailure("\n".join(str(e) for e in self.errors))
        raise IvrFailure(
            "the hotline could not be checked (another file or the configuration):\n"
            + "\n".join(str(e) for e in self.others)
        )


# -- fixtures ---------------------------------------------------------------------------------
def _marked(request: pytest.FixtureRequest) -> tuple[Path | None, str | None]:
    marker = request.node.get_closest_marker("ivr")
    if marker is not None:
        path = marker.args[0] if marker.args else marker.kwargs.get("path")
        menu = marker.kwargs.get("menu") or (marker.args[1] if len(marker.args) > 1 else None)
        if path is not None:
            p = Path(path)
            return (p if p.is_absolute() else request.config.rootpath / p), menu
        return None, menu
    return None, None


@pytest.fixture(scope="session")
def _ivr_loaded() -> dict:
    return {}


@pytest.fixture
def ivr_hotline(request: pytest.FixtureRequest, _ivr_loaded: dict):
    """The loaded hotline of ``@pytest.mark.ivr(path)``, or of the first ``--ivr`` path."""
    from ivr.io.registry import load  # noqa: PLC0415

    path, _ = _marked(request)
    if path is None:
        paths = request.config.stash.get(_PATHS, [])
        if not paths:
            pytest.skip("no menus: give @pytest.mark.ivr(path), --ivr PATH or ivr_paths")
        path = paths[0]
    key = Path(path).resolve()
    if key not in _ivr_loaded:
        _ivr_loaded[key] = load(path)
    return _ivr_loaded[key]


@pytest.fixture
def ivr_menu(request: pytest.FixtureRequest, ivr_hotline):
    """One menu of the hotline: ``@pytest.mark.ivr(path, menu="file.yaml or id")``, or the
    only one."""
    _, menu = _marked(request)
    if menu is not None:
        return ivr_hotline.menu(menu)
    if len(ivr_hotline.menus) != 1:
        names = ", ".join(Path(m.file).name for m in ivr_hotline.menus)
        raise pytest.UsageError(
            f"ivr_menu: the hotline has {len(ivr_hotline.menus)} menus ({names}); name one with "
            '@pytest.mark.ivr(path, menu="file.yaml")'
        )
    return ivr_hotline.menus[0]

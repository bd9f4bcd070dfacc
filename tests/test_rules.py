# ruff: noqa: E501  (menus written inline, one node a line)
"""Lint rules: every rule of docs/rules.md triggers on its example and not on its fix; the
configuration in pyproject.toml; suppression; the key patterns of prompts; the shared searches."""

from __future__ import annotations

import ast
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

import ivr
from ivr.checking.runner import check
from ivr.cli.app import main
from ivr.graph.build import compile
from ivr.graph.index import graph_index
from ivr.lint import (
    CATALOG,
    RULES,
    Lint,
    Option,
    Rule,
    lint_graph,
    load_rule,
    mentions,
    named_keys,
    rule,
)
from ivr.lint.config import Config, ConfigError, config_for, find_pyproject
from ivr.testing.strategies import hotlines

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules.md"
DEFAULT = Config()


def _examples() -> dict[str, list[str]]:
    text = DOCS.read_text(encoding="utf-8")
    out: dict[str, list[str]] = {}
    for section in re.split(r"^### ", text, flags=re.M)[1:]:
        rule_id = re.match(r"`([a-z-]+)`", section).group(1)
        out[rule_id] = re.findall(r"```yaml\n(.*?)```", section, flags=re.S)
    return out


EXAMPLES = _examples()


def rules_of(
    tmp_path: Path, text: str, config: Config = DEFAULT, name: str = "menu.yaml"
) -> list[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    report = check(path, config=config)
    return [load_rule(d) for d in report.all_findings()]


def findings(text: str, config: Config | None = None) -> list:
    return lint_graph(compile(ivr.load_menu_text(textwrap.dedent(text))), config=config)


BASE = """\
ivr: 1
entries: [{dial: "0890", start: main}]
nodes:
  main: {type: menu, say: "Operator - 0", options: {"0": human}, timeout: {after: 5, to: human}, invalid: main}
  human: {type: agent}
"""


# -- docs/rules.md ----------------------------------------------------------------------------
def test_every_rule_is_documented_with_an_example_and_a_fix():
    ids = [r.id for r in CATALOG]
    assert len(ids) == len(set(ids))
    for rule_id in ids:
        assert rule_id in EXAMPLES, f"docs/rules.md has no section for {rule_id}"
        assert f"| `{rule_id}` |" in DOCS.read_text(encoding="utf-8"), f"{rule_id} not in the table"
        if rule_id != "routes-lock":
            assert len(EXAMPLES[rule_id]) >= 2, f"{rule_id}: needs a triggering example and a fix"


@pytest.mark.parametrize("rule_id", [r.id for r in CATALOG if r.id != "routes-lock"])
def test_documented_example_triggers_the_rule(tmp_path, rule_id):
    trigger = EXAMPLES[rule_id][0]
    assert rule_id in rules_of(tmp_path, trigger, _selecting(rule_id)), trigger


@pytest.mark.parametrize("rule_id", [r.id for r in CATALOG if r.id != "routes-lock"])
def test_documented_fix_clears_the_rule(tmp_path, rule_id):
    fixed = EXAMPLES[rule_id][1]
    found = rules_of(tmp_path, fixed, _selecting(rule_id))
    assert rule_id not in found, fixed
    assert "load" not in found and "unknown-reference" not in found


def _selecting(rule_id: str) -> Config:
    """The default configuration, with the rule selected when it is off by default."""
    return DEFAULT if rule(rule_id).default else DEFAULT.selecting(extend_select=[rule_id])


def _table(heading: str) -> list[list[str]]:
    """The rows of the first table after the line ``heading`` of docs/rules.md, cells stripped."""
    text = DOCS.read_text(encoding="utf-8")
    lines = text[text.index(heading) :].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in line.strip("|").split("|")])
    return rows


def test_the_rule_table_of_the_docs_is_the_catalog():
    rows = _table("| id | default severity |")
    documented = {row[0].strip("`"): row[1].split()[0] for row in rows}
    assert documented == {r.id: r.severity for r in CATALOG}


def test_the_budget_table_of_the_docs_is_what_the_rules_declare():
    rows = _table("The budgets are the options")
    documented = [(n.strip("`"), r.strip("`"), float(d), doc) for n, r, d, doc in rows]
    declared = [(o.name, r.id, o.default, o.doc) for r in CATALOG for o in r.options]
    assert documented == declared
    sections = {
        s.split("`")[1]: s for s in re.split(r"^### ", DOCS.read_text("utf-8"), flags=re.M)[1:]
    }
    for r in CATALOG:
        for o in r.options:
            assert f"`budgets.{o.name}` (default {o.default:g}" in sections[r.id], r.id
    example = re.search(r"^budgets = \{(.*)\}$", DOCS.read_text("utf-8"), flags=re.M).group(1)
    pairs = dict(p.split(" = ") for p in example.split(", "))
    assert {k: float(v) for k, v in pairs.items()} == {
        k: float(v) for k, v in Config().budgets.items()
    }


def test_a_rule_declares_its_options_and_the_configuration_follows():
    wait = Option("max_wait", 30, "most seconds a caller may wait")
    seen = []
    waits = Rule("long-wait", "info", "a wait", lambda ctx: seen.append(ctx.budget(wait)) or ())
    catalog = (*CATALOG, Rule(waits.id, waits.severity, waits.summary, waits.run, (wait,)))
    config = Config.from_table({"budgets": {"max_wait": 5}}, catalog=catalog)
    assert config.budgets["max_wait"] == 5 and config.budgets["max_depth"] == 6
    with pytest.raises(ConfigError, match="did you mean 'max_wait'"):
        Config.from_table({"budgets": {"max_wai": 5}}, catalog=catalog)
    with pytest.raises(ConfigError, match="budget 'max_wait' is not known"):
        Config.from_table({"budgets": {"max_wait": 5}})  # no rule of the catalog declares it
    g = compile(ivr.load_menu_text(BASE))
    lint_graph(g, rules=catalog[-1:])
    lint_graph(g, rules=catalog[-1:], config=config)
    assert seen == [30, 5]


def test_the_lint_modules_import_one_way():
    """vocabulary <- engine <- rules.<family> <- rules <- config <- ivr.lint: no cycle, not even
    a lazy import inside a function (imports under ``if TYPE_CHECKING:`` do not count)."""
    folder = ROOT / "ivr" / "lint"
    families = {p.stem for p in (folder / "rules").glob("*.py")} - {"__init__"}

    def rank(module: str) -> int:
        parts = module.split(".")[2:]  # after ivr.lint
        if parts[:1] == ["rules"]:
            return 2 if len(parts) > 1 else 3
        return {"vocabulary": 0, "engine": 1, "config": 4}.get(parts[0], 5) if parts else 5

    for path in folder.rglob("*.py"):
        module = ".".join(("ivr", *path.relative_to(ROOT / "ivr").with_suffix("").parts))
        module = module.removesuffix(".__init__")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hidden = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
            for n in ast.walk(node)
        }
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom) or id(node) in hidden:
                continue
            if not (node.module or "").startswith("ivr.lint"):
                continue
            targets = [
                f"{node.module}.{a.name}" if a.name in families else node.module for a in node.names
            ]
            for target in targets:
                assert rank(target) < rank(module), f"{module} imports {target}"


def test_rules_have_stable_ids_and_known_severities():
    for r in CATALOG:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", r.id)
        assert r.severity in ("error", "warning", "info")
        assert r.summary


def test_the_mts_menus_are_clean():
    report = check(ROOT / "menus" / "mts")
    assert report.exit_code == 0, [str(d) for d in report.all_findings()]
    assert not [d for d in report.findings if d.severity in ("error", "warning")], [
        f"{d} [{d.rule}]" for d in report.findings
    ]


# -- individual rules -------------------------------------------------------------------------
def test_messages_are_located_and_readable():
    [d] = [
        d
        for d in findings(BASE.replace('"Operator - 0"', '"Operator - 0, balance - 1"'))
        if d.rule == "prompt-key-missing"
    ]
    assert (d.loc.line, d.loc.col) == (4, 9)
    assert d.severity == "warning"
    assert "press 1" in d.message and "no option 1" in d.message and "options: 0" in d.message


@pytest.mark.parametrize(
    "say",
    [
        "Press 3 for tariffs",
        "for tariffs, press 3",
        "Нажмите 3",
        "Для тарифов нажмите клавишу 3",
        "тарифы — 3",
        "Tariffs - 3.",
        "3 — тарифы",
        "3 for tariffs",
        "press 1 or 3",
        "наберите три",
    ],
)
def test_prompt_naming_a_missing_key(say):
    text = BASE.replace('say: "Operator - 0", options: {"0": human}',
                        f'say: "{say}", options: {{"0": human, "1": human}}')  # fmt: skip
    rules = [d.rule for d in findings(text)]
    assert "prompt-key-missing" in rules, say


@pytest.mark.parametrize(
    "say",
    [
        "Call 8 800 250 08 90 for more",
        "We are open 24/7 for you",
        "Sections 1 and 0 lead on",
        "Wait 10 - 15 minutes",
        "Our 3rd line support",
        "",
    ],
)
def test_prompt_without_a_missing_key(say):
    text = BASE.replace('say: "Operator - 0", options: {"0": human}',
                        f'say: "{say}", options: {{"0": human, "1": human}}')  # fmt: skip
    assert "prompt-key-missing" not in [d.rule for d in findings(text)], say


def test_named_keys_patterns():
    assert named_keys("Press star to repeat, press # to go back") == {"*", "#"}
    assert named_keys("нажмите звёздочку или решётку") == {"*", "#"}
    assert named_keys("Press 1, 2 or 3") == {"1", "2", "3"}
    assert named_keys("чтобы связаться с оператором, нажмите 0") == {"0"}
    assert named_keys("dial 8 800 250 08 90") == set()
    assert named_keys("Press A for the menu") == {"A"}
    assert mentions("Balance, the operator is key 0", "0")
    assert not mentions("Balance 10 roubles", "1")


def test_prompt_before_a_menu_is_checked_against_that_menu():
    text = """\
    ivr: 1
    entries: [{dial: "0890", start: hello}]
    nodes:
      hello: {type: prompt, say: "Hello. For an operator press 9 at any time", duration: 5, next: main}
      main: {type: menu, say: "Operator - 0", options: {"0": human}, timeout: {after: 5, to: human}, invalid: main}
      human: {type: agent}
    """
    [d] = [d for d in findings(text) if d.rule == "prompt-key-missing"]
    assert "prompt 'hello'" in d.message and "menu 'main'" in d.message and "9" in d.message


def test_key_not_announced_only_when_the_prompt_names_keys():
    silent = BASE.replace('"Operator - 0"', '"Welcome"').replace(
        '{"0": human}', '{"0": human, "5": human}'
    )
    assert "key-not-announced" not in [d.rule for d in findings(silent)]
    named = BASE.replace('{"0": human}', '{"0": human, "5": human}')
    [d] = [d for d in findings(named) if d.rule == "key-not-announced"]
    assert "option 5" in d.message and d.severity == "info"


def test_too_many_options_uses_the_budget():
    options = ", ".join(f'"{k}": human' for k in "1234")
    text = BASE.replace('{"0": human}', "{" + options + "}")
    assert "too-many-options" not in [d.rule for d in findings(text)]
    tight = Config.from_table({"budgets": {"max_options": 3}})
    [d] = [d for d in findings(text, tight) if d.rule == "too-many-options"]
    assert "4 options" in d.message and "budget of 3" in d.message


def test_depth_counts_key_presses_not_prompts():
    text = """\
    ivr: 1
    entries: [{dial: "0890", start: p1}]
    nodes:
      p1: {type: prompt, say: "One", duration: 5, next: p2}
      p2: {type: prompt, say: "Two", duration: 5, next: m1}
      m1: {type: menu, say: "More - 1", options: {"1": m2}, timeout: {after: 5, to: m1}, invalid: m1}
      m2: {type: menu, say: "Operator - 0", options: {"0": human}, timeout: {after: 5, to: m2}, invalid: m2}
      human: {type: agent}
    """
    g = compile(ivr.load_menu_text(textwrap.dedent(text)))
    depth = Lint(g).depth
    by_id = {g.nodes[n]["id"]: d for n, d in depth.items() if g.nodes[n].get("kind") == "node"}
    assert by_id == {"p1": 0, "p2": 0, "m1": 0, "m2": 1, "human": 2}
    tight = Config.from_table({"budgets": {"max_depth": 1}})
    [d] = [d for d in findings(text, tight) if d.rule == "too-deep"]
    assert "agent 'human' takes 2 key presses" in d.message


def test_slow_to_human_skips_barge_in_prompts_before_a_menu():
    text = """\
    ivr: 1
    entries: [{dial: "0890", start: news}]
    nodes:
      news: {type: prompt, say: "Long news", duration: 300, next: main}
      main: {type: menu, say: "Operator - 0", duration: 10, options: {"0": human}, timeout: {after: 5, to: human}, invalid: main}
      human: {type: agent}
    """
    assert "slow-to-human" not in [d.rule for d in findings(text)]
    g = compile(ivr.load_menu_text(textwrap.dedent(text)))
    assert Lint(g).seconds_to_human[next(n for n in g if "#" in n)] == 1.0
    unskippable = text.replace("next: main}", "next: main, barge_in: false}")
    [d] = [d for d in findings(unskippable) if d.rule == "slow-to-human"]
    assert "301 s" in d.message and "entry '0890'" in d.message and "dial 0890" in d.message


def test_slow_to_human_agrees_with_routes_on_the_mts_menus():
    hotline = ivr.load(ROOT / "menus" / "mts")
    g = compile(hotline)
    seconds = Lint(g).seconds_to_human
    from ivr.routing.search import best_routes

    for who, route in best_routes(hotline):
        if route is None:
            continue
        entry = f"{route.menu.id}#{route.entry.id}"
        # the graph time is a bound for the luckiest caller; the replayed route is never faster
        assert seconds[entry] <= route.seconds + 1e-9, (who, entry, seconds[entry], route.seconds)


def test_disputed_without_reason_on_claims_and_entries(tmp_path):
    text = textwrap.dedent("""\
    ivr: 1
    sources: {A: "a forum post"}
    entries: [{dial: "0890", start: main, disputed: "no", source: A}]
    nodes:
      main: {type: menu, say: "Operator - 0", options: {"0": human}, timeout: {after: 5, to: main}, invalid: main, retries: {max: 3, then: bye}}
      human: {type: agent}
      bye: {type: hangup}
    documented:
      - {dial: "0890", keys: "5", expect: agent, source: A, disputed: "  ?  "}
    """)
    found = [d for d in findings(text) if d.rule == "disputed-without-reason"]
    assert [d.loc.line for d in found] == [3, 9]
    assert "entry '0890'" in found[0].message and "documented claim" in found[1].message


def test_load_errors_have_rule_ids(tmp_path):
    assert "bad-number" in rules_of(tmp_path, BASE.replace('"0890"', '"08-90-xyz"'))
    assert "unknown-reference" in rules_of(tmp_path, BASE.replace("to: human}", "to: humna}"))


# -- suppression ------------------------------------------------------------------------------
def test_suppress_on_a_node_silences_only_that_rule_there():
    text = BASE.replace("invalid: main}", "}")
    assert "no-invalid" in [d.rule for d in findings(text)]
    quiet = BASE.replace("invalid: main}", "suppress: [no-invalid, no-timeout]}")
    assert "no-invalid" not in [d.rule for d in findings(quiet)]


def test_suppress_of_an_entry_finding_is_on_its_start_node():
    text = """\
    ivr: 1
    entries: [{dial: "0890", start: news}]
    nodes:
      news: {type: prompt, say: "News", duration: 300, barge_in: false, next: human, suppress: slow-to-human}
      human: {type: agent}
    """
    assert "slow-to-human" not in [d.rule for d in findings(text)]


# -- configuration ----------------------------------------------------------------------------
def write_project(tmp_path: Path, table: str, menu: str = BASE) -> Path:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n\n" + table, encoding="utf-8")
    folder = tmp_path / "menus" / "demo"
    folder.mkdir(parents=True)
    (folder / "main.yaml").write_text(menu, encoding="utf-8")
    return folder


def test_pyproject_is_found_by_walking_up(tmp_path):
    folder = write_project(tmp_path, "[tool.ivr]\ndisable = ['no-invalid']\n")
    assert find_pyproject(folder) == tmp_path / "pyproject.toml"
    assert find_pyproject(folder / "main.yaml") == tmp_path / "pyproject.toml"
    assert not config_for(folder).enabled("no-invalid")


def test_pyproject_without_tool_ivr_is_skipped(tmp_path):
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text("[project]\nname = 'y'\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        "[tool.ivr]\ndisable = ['dead-end']\n", encoding="utf-8"
    )
    assert find_pyproject(inner) == tmp_path / "pyproject.toml"
    (inner / ".git").mkdir()
    assert find_pyproject(inner) is None  # a repository root ends the search


def test_disable_enable_severity_and_budgets_from_pyproject(tmp_path):
    menu = BASE.replace("invalid: main}", "}")
    folder = write_project(
        tmp_path,
        "[tool.ivr]\nseverity = {no-invalid = 'error'}\nbudgets = {max_options = 0}\n",
        menu,
    )
    report = check(folder)
    rules = {d.rule: d.severity for d in report.findings}
    assert rules["no-invalid"] == "error" and rules["too-many-options"] == "warning"
    assert report.exit_code == 1


def test_enable_selects_only_those_rules(tmp_path):
    menu = BASE.replace("invalid: main}", "}").replace(", timeout: {after: 5, to: human}", "")
    folder = write_project(tmp_path, "[tool.ivr]\nenable = ['no-timeout']\n", menu)
    assert {d.rule for d in check(folder).findings} == {"no-timeout"}
    (tmp_path / "pyproject.toml").write_text(
        "[tool.ivr]\nenable = ['all']\ndisable = ['no-timeout']\nseverity = {no-invalid = 'off'}\n"
    )
    assert {d.rule for d in check(folder).findings} == set()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ("disable = ['no-humans']", "unknown rule 'no-humans' (did you mean 'no-human'?)"),
        ("severity = {dead-end = 'fatal'}", "severity of 'dead-end' is 'fatal'"),
        ("budgets = {max_option = 3}", "did you mean 'max_options'?"),
        ("budgets = {max_depth = 'deep'}", "must be a number"),
        ("disable = ['documented-claim-broken']", "cannot be configured"),
        ("enabled = ['all']", "unknown key 'enabled'"),
        ("disable = [", "not valid TOML"),
    ],
)
def test_configuration_mistakes_are_exit_2_with_the_file(tmp_path, capsys, table, message):
    folder = write_project(tmp_path, "[tool.ivr]\n" + table + "\n")
    code = main(["check", str(folder)])
    out = capsys.readouterr().out
    assert code == 2
    assert message in out and "pyproject.toml" in out


def test_config_error_carries_the_path(tmp_path):
    with pytest.raises(ConfigError) as exc:
        Config.from_table({"severity": {"nope": "error"}}, "x/pyproject.toml")
    assert exc.value.path == "x/pyproject.toml"


def test_this_repository_configures_ivr():
    config = config_for(ROOT / "menus" / "mts")
    assert config.path.endswith("pyproject.toml")
    assert config.budgets["max_options"] == 9


def test_rule_ids_match_the_suppress_help_of_the_schema():
    """The schema's help for 'suppress' names real rules and sends to docs/rules.md, which
    lists every rule a node can suppress."""
    from ivr.io.yaml.schema import schema  # noqa: PLC0415

    help_text = schema()["$defs"]["field_suppress"]["description"]
    named = re.search(r"e\.g\. (.+?) \(every rule is listed in docs/rules\.md\)", help_text)
    assert named, help_text
    examples = set(named.group(1).split(" or "))
    assert examples and examples <= {r.id for r in RULES}
    listed = set(
        re.findall(
            r"^\| `([a-z-]+)` \|", (ROOT / "docs" / "rules.md").read_text(encoding="utf-8"), re.M
        )
    )
    assert {r.id for r in RULES} <= listed


def test_claim_pressing_a_key_that_is_not_an_option_is_broken(tmp_path):
    # "2 0": 2 is not an option of main (an invalid key, the menu again), 0 reaches the agent
    text = textwrap.dedent("""\
    ivr: 1
    sources: {A: "support article"}
    entries: [{dial: "0890", start: main}]
    nodes:
      main: {type: menu, say: "Operator - 0", options: {"0": human}, timeout: {after: 5, to: main}, invalid: main, retries: {max: 3, then: bye}}
      human: {type: agent}
      bye: {type: hangup}
    documented:
      - {dial: "0890", keys: "2 0", expect: agent, source: A}
      - {dial: "0890", keys: "0", expect: agent, source: A}
    """)
    path = tmp_path / "m.yaml"
    path.write_text(text, encoding="utf-8")
    report = check(path, config=DEFAULT)
    [broken] = report.broken
    assert broken.call.outcome == "agent" and broken.wrong_keys == [("2", "main")]
    assert "presses 2 at 'main', which is not an option there" in broken.describe()
    assert "the call still reaches agent at 'human'" in broken.describe()
    assert report.exit_code == 1


def _no_human_findings(g, monkeypatch, min_nodes: int) -> list:
    monkeypatch.setattr("ivr.lint.engine.ARRAY_SEARCH_MIN", min_nodes)
    return sorted(str(f) for f in lint_graph(g, rules=[rule("no-human")]))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(hotlines())
def test_no_human_is_the_same_with_scipy_and_without(monkeypatch, hotline):
    pytest.importorskip("scipy")
    g = compile(hotline)
    assert graph_index(g) is not None
    with_arrays = _no_human_findings(g, monkeypatch, 0)
    without = _no_human_findings(g, monkeypatch, 10**9)
    assert with_arrays == without


def test_no_human_on_a_changed_graph_sees_the_change(monkeypatch):
    g = compile(ivr.load(ROOT / "menus" / "mts"))
    where = {"file": "x.yaml", "line": 1, "col": 1}
    g.add_node("orphan", kind="node", type="prompt", id="orphan", menu="x", **where)
    assert "x.yaml:1:1: no human can be reached from prompt node 'orphan'" in _no_human_findings(
        g, monkeypatch, 0
    )

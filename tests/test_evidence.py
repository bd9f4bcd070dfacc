"""Evidence: the level of every way out of a node (documented, sourced, inferred), the format
marks it rests on, and the lint rules that ask for sources and claims."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import ivr
from ivr.graph.evidence import edge_evidence
from ivr.lint import lint_graph
from ivr.model.types import Claim, Hotline, Source, as_hotline
from ivr.testing.strategies import callers, hotlines, hours

DEMO = """\
ivr: 1
id: demo
sources: {A: "the help page", B: "a forum post"}
caller:
  network: [mts, other]
  segment: [private, vip]
entries:
  - {dial: "0890", start: main, source: A}
nodes:
  main:
    type: menu
    say: "Balance 1, services 2, operator 0"
    duration: 6
    options: {"0": human, "1": balance, "2": services}
    timeout: {after: 5, to: main}
    invalid: main
    retries: {max: 3, then: bye}
    source: A
    inferred: ["options.2", timeout, invalid, retries]
  balance: {type: prompt, say: "Your balance is 100", duration: 4, next: main, source: B}
  services: {type: menu, say: "Operator 0", options: {"0": human}, timeout: {after: 5, to: human}}
  human: {type: agent}
  bye: {type: hangup, inferred: all}
documented:
  - {dial: "0890", keys: "0", caller: {network: mts}, source: A}
  - {dial: "0890", keys: "1", caller: {network: other}, expect: agent, source: B}
"""


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def load(text: str) -> ivr.Hotline:
    return as_hotline(ivr.load_menu_text(text))


@pytest.fixture
def demo() -> ivr.Hotline:
    return load(DEMO)


def levels(hotline, caller=None, at=None) -> dict[tuple[str, str, str | None], str]:
    """(from, to, kind or key) -> level, for reading tests without edge numbers."""
    g = ivr.compile(hotline)
    out = {}
    for edge, ev in edge_evidence(hotline, caller, at, graph=g).items():
        d = g.edges[edge]
        what = d["key"] if d["kind"] == "option" else d["kind"]
        out[(edge[0].split("/")[-1], edge[1].split("/")[-1], what)] = ev.level
    return out


def test_a_claim_documents_what_it_walks_for_every_caller_it_matches(demo):
    for segment in ("private", "vip"):  # the claim says network: mts, nothing of the segment
        got = levels(demo, {"network": "mts", "segment": segment})
        assert got[("main", "human", "0")] == "documented"
        assert got[("demo#0890", "main", "entry")] == "documented"
    other = levels(demo, {"network": "other"})
    assert other[("main", "human", "0")] == "sourced"  # the claim is not about this caller


def test_a_claim_that_does_not_hold_documents_nothing(demo):
    # the 'other' claim presses 1: balance, back to main, then silence loops: no agent
    got = levels(demo, {"network": "other"})
    assert got[("main", "balance", "1")] == "sourced"
    assert got[("balance", "main", "next")] == "sourced"


def test_an_option_marked_alone_is_inferred_and_its_siblings_stay_sourced(demo):
    got = levels(demo, {"network": "other"})
    assert got[("main", "services", "2")] == "inferred"
    assert got[("main", "human", "0")] == "sourced"
    assert got[("main", "main", "timeout")] == "inferred"
    assert got[("services", "human", "0")] == "inferred"  # services cites no source
    ev = edge_evidence(demo, {"network": "other"})
    words = {e.basis.what for e in ev.values() if e.level == "inferred"}
    assert "option '2' of node 'main' is inferred" in words
    assert "option '0' of node 'services': the node cites no source" in words


def test_without_a_caller_every_claim_counts_as_written(demo):
    got = levels(demo)
    assert got[("main", "human", "0")] == "documented"
    ev = edge_evidence(demo)
    (edge,) = [e for e, x in ev.items() if e[0] == "demo/main" and e[1] == "demo/human"]
    (claim,) = ev[edge].claims
    assert (claim.file, claim.line, claim.source) == ("<text>", line_of(DEMO, 'keys: "0"'), ("A",))


def test_options_dot_key_must_name_a_key_the_menu_has():
    bad = DEMO.replace('"options.2"', '"options.7"')
    with pytest.raises(ivr.LoadError, match=r"names 'options.7', but the node has no option '7'"):
        load(bad)
    with pytest.raises(ivr.LoadError, match=r"'x' is not a telephone key"):
        load(DEMO.replace('"options.2"', '"options.x"'))


def test_a_claim_without_source_loads_and_lint_asks_for_one(demo):
    text = DEMO.replace("caller: {network: mts}, source: A}", "caller: {network: mts}}")
    hotline = load(text)
    assert hotline.menus[0].documented[0].source == ()
    found = [d for d in lint_graph(ivr.compile(hotline)) if d.rule == "claim-without-source"]
    assert [d.loc.line for d in found] == [line_of(text, 'keys: "0"')]
    assert "cites no source" in found[0].message
    # a menu that declares no sources at all is a team's own: nothing to cite, nothing asked
    own = text.replace('sources: {A: "the help page", B: "a forum post"}\n', "")
    for word in (", source: A", ", source: B"):
        own = own.replace(word, "")
    own = own.replace("    source: A\n", "").replace(", source: B}", "}")
    g = ivr.compile(load(own))
    assert not [d for d in lint_graph(g) if d.rule == "claim-without-source"]


def test_lint_flags_a_sourced_option_no_claim_presses(demo):
    found = [d for d in lint_graph(ivr.compile(demo)) if d.rule == "option-not-backed"]
    # option 1 is pressed by the 'other' claim, which does not hold: nothing walks it
    assert [(d.loc.line, d.message.split(":")[0]) for d in found] == [
        (line_of(DEMO, "options:"), "option '1' of node 'main'")
    ]
    marked = DEMO.replace('["options.2",', '["options.1", "options.2",')
    g = ivr.compile(load(marked))
    assert not [d for d in lint_graph(g) if d.rule == "option-not-backed"]


def test_the_writer_keeps_single_option_marks_and_claims_without_source(demo):
    from ivr.io.yaml.writer import dump

    text = DEMO.replace("caller: {network: mts}, source: A}", "caller: {network: mts}}")
    hotline = load(text)
    again = load(dump(hotline.menus[0]))
    assert again.menus[0].node("main").facts.inferred[0] == "options.2"
    assert again.menus[0].documented == hotline.menus[0].documented


# -- routes ranked by evidence ---------------------------------------------------------------

RANKED = """\
ivr: 1
id: ranked
sources: {A: "the help page", B: "a forum post"}
caller:
  network: [mts, other]
entries:
  - {dial: "0890", start: main, source: A}
  - {dial: "0891", start: main, source: B, disputed: "A says 0891 is for business clients only"}
nodes:
  main:
    type: menu
    say: "Operator 2, then 0; or press 9"
    duration: 10
    options: {"2": section, "9": human}
    timeout: {after: 5, to: fast}
    invalid: main
    retries: {max: 3, then: bye}
    source: A
    inferred: [timeout, invalid, retries]
  section: {type: menu, say: "Operator 0", duration: 5, options: {"0": human}, source: A}
  fast: {type: prompt, say: "Connecting", duration: 1, next: human, inferred: all}
  human: {type: agent, source: A}
  bye: {type: hangup, inferred: all}
documented:
  - {dial: "0890", keys: "2 0", caller: {network: mts}, source: A}
  - {dial: "0891", keys: "2 0", caller: {network: mts}, source: [A, B]}
"""


@pytest.fixture
def ranked() -> ivr.Hotline:
    return load(RANKED)


def test_documented_beats_sourced_beats_inferred_whatever_the_objective(ranked):
    mts = {"network": "mts"}
    for by in ("keys", "time", "cost"):
        found = ivr.routes(ranked, mts, by=by, k=6)
        levels = [r.evidence.level for r in found]
        assert levels == sorted(levels, key=["documented", "sourced", "inferred"].index)
        assert (found[0].entry.dial, found[0].keys_text) == ("0890", "2 0")
    # by time alone, silence (an inferred timeout) or 9 (sourced) would be faster
    fastest = ivr.routes(ranked, mts, by="time", evidence=False)[0]
    assert fastest.keys_text == "9" and fastest.evidence.level == "sourced"


def test_a_disputed_entry_ranks_below_an_undisputed_one_of_the_same_level(ranked):
    found = ivr.routes(ranked, {"network": "mts"}, k=2)
    assert [(r.entry.dial, r.evidence.level, bool(r.evidence.disputed)) for r in found] == [
        ("0890", "documented", False),
        ("0891", "documented", True),
    ]


def test_trust_limits_what_a_route_may_rest_on(ranked):
    other = {"network": "other"}  # no claim covers this caller
    assert ivr.routes(ranked, other, trust="documented") == []
    sourced = ivr.routes(ranked, other, by="time", k=5, trust="sourced")
    assert sourced and all(r.evidence.level == "sourced" for r in sourced)
    anything = ivr.routes(ranked, other, by="time", k=9)
    assert any(r.evidence.level == "inferred" for r in anything)
    with pytest.raises(ivr.IvrError, match="'trust' is 'soured'.*did you mean 'sourced'"):
        ivr.routes(ranked, other, trust="soured")


def test_the_evidence_of_a_route_in_json_and_in_words(ranked):
    from ivr.routing.instructions import format_route, route_json

    best = ivr.routes(ranked, {"network": "mts"})[0]
    ev = route_json(best)["evidence"]
    assert ev == {
        "level": "documented",
        "claims": [
            {"file": "<text>", "line": line_of(RANKED, 'keys: "2 0", caller'), "source": ["A"]}
        ],
        "inferred": [],
        "sentence": "As text A says: dial 0890, press 2, then 0.",
    }
    assert "As text A says: dial 0890, press 2, then 0." in format_route(best)
    silent = next(
        r for r in ivr.routes(ranked, {"network": "other"}, by="keys", k=9) if r.keys == ()
    )
    ev = route_json(silent)["evidence"]
    assert ev["level"] == "inferred" and ev["claims"] == []
    assert [x["what"] for x in ev["inferred"]] == [
        "'timeout' of node 'main' is inferred",
        "'next' of node 'fast' is inferred (all its fields)",
    ]
    assert "No text gives this sequence: it relies on 2 inferred steps: 'timeout'" in (
        format_route(silent)
    )


def test_the_pareto_set_keeps_the_texts_route_and_a_faster_guess(ranked):
    front = ivr.routes(ranked, {"network": "mts"}, by="pareto")
    assert front[0].evidence.level == "documented"
    assert any(r.evidence.level != "documented" and r.total < front[0].total for r in front)


def test_the_route_table_has_an_evidence_column(ranked, capsys, tmp_path):
    from ivr.cli.app import main

    path = tmp_path / "ranked.yaml"
    path.write_text(RANKED, encoding="utf-8")
    assert main(["route", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:4] == ["network", "dial", "keys", "evidence"]
    assert lines[1].split()[:4] == ["mts", "0890", "2", "0"] and "documented" in lines[1]
    assert main(["route", str(path), "--trust", "documented"]) == 1  # a caller left without
    assert "no documented route reaches a human" in capsys.readouterr().out


# -- properties on random hotlines with claims -------------------------------------------------

LEVEL = {"documented": 0, "sourced": 1, "inferred": 2}


@st.composite
def cited(draw):
    """A random hotline whose nodes and entries cite a text S here and there, with claims of S
    for some of its own routes (so that they hold, for some callers), a caller and an hour."""
    hotline = draw(hotlines(max_nodes=6, claims=False))
    who, at = draw(callers(hotline)), draw(hours())
    found = ivr.routes(hotline, who, at, by="time", k=3, evidence=False)
    text = Source("S", "a text")
    menus = []
    for m in hotline.menus:

        def cite(x):
            if not draw(st.booleans()):
                return x
            return dataclasses.replace(x, facts=dataclasses.replace(x.facts, source=("S",)))

        own = dict(m.caller)  # a claim may name only the attributes its file declares
        claims = tuple(
            Claim(r.entry.dial, r.keys, tuple((a, v) for a, v in who.items()
                                              if a in own and draw(st.booleans())),
                  at, r.outcome, source=("S",))
            for r in found if r.menu.id == m.id and draw(st.booleans())
        )  # fmt: skip
        menus.append(dataclasses.replace(
            m, sources=(*m.sources, text), nodes=tuple(cite(n) for n in m.nodes),
            entries=tuple(cite(e) for e in m.entries), documented=m.documented + claims,
        ))  # fmt: skip
    return Hotline(tuple(menus), hotline.path), who, at


@settings(max_examples=40, deadline=None)
@given(cited())
def test_evidence_ranking_on_random_hotlines(case) -> None:
    hotline, who, at = case
    for by in ("keys", "time", "cost"):
        found = ivr.routes(hotline, who, at, by=by, k=3)
        for r in found[:1]:
            event(f"best route: {r.evidence.level}")
        ranks = [r.evidence.rank for r in found]
        assert ranks == sorted(ranks), "evidence first"
        plain = ivr.routes(hotline, who, at, by=by, evidence=False)
        if plain:  # evidence ranking never answers with weaker evidence than the objective's
            assert found and found[0].evidence.rank <= plain[0].evidence.rank
        for r in found:
            ev = r.evidence
            assert (ev.level == "documented") == bool(ev.claims)
            assert (ev.level == "inferred") == bool(ev.inferred)
            for c in ev.claims:  # the claim, replayed for this caller, makes the route's call
                call = ivr.simulate(hotline, c.claim.dial, c.claim.keys, who, at)
                # the same ways out (a key that only cuts a recording short takes none)
                assert (call.entry, call.node) == (r.entry, r.node)
        sourced = ivr.routes(hotline, who, at, by=by, k=3, trust="sourced")
        assert all(r.evidence.level != "inferred" for r in sourced)
        assert [_slot(r) for r in sourced] == [
            _slot(r) for r in found if LEVEL[r.evidence.level] < 2
        ][: len(sourced)]
        documented = ivr.routes(hotline, who, at, by=by, k=3, trust="documented")
        assert all(r.evidence.level == "documented" for r in documented)


def _slot(route) -> tuple:
    return (route.entry.id, route.menu.id, route.keys)


def test_diff_says_when_the_best_route_loses_its_evidence(ranked):
    # the claims go: the best route for an MTS SIM falls from the texts' '2 0' to a guess
    unclaimed = load(RANKED.split("documented:")[0])
    report = ivr.diff(ranked, unclaimed)
    (change,) = [c for c in report.changes if c.kind == "route" and c.callers == ("network=mts",)]
    assert change.action == "less backed" and change.regression
    assert "documented -> sourced" in change.message
    back = ivr.diff(unclaimed, ranked)
    assert any(c.action == "better backed" and not c.regression for c in back.changes)

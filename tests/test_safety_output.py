"""Issue 15 items 4 and 6: output proportional to meaning, and the tracebacks gone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import ivr
from ivr.cli.app import main
from ivr.diagram import render
from ivr.errors import InputError, IvrError, NoRoute
from ivr.sim.path import PathError, path_of_call

CORPUS = Path(__file__).resolve().parent / "corpus"
HAS_DOT = shutil.which("dot") is not None


def test_a_looping_prompt_is_summarised_in_the_transcript(tmp_path: Path, capsys) -> None:
    menu = tmp_path / "m.yaml"
    menu.write_text('ivr: 1\nentries: [{dial: "0890", start: p}]\n'
                    "nodes:\n  p: {type: prompt, say: hello, duration: 1, next: p}\n")  # fmt: skip
    assert main(["call", str(menu), "--dial", "0890", "--keys", ""]) in (0, 1)
    out = capsys.readouterr().out
    assert "p repeated 3,599 more times" in out
    assert len(out.splitlines()) < 10


def test_a_megabyte_prompt_that_loops_prints_a_few_hundred_bytes(capsys) -> None:
    assert main(
        ["call", str(CORPUS / "prompt-looping-to-itself.yaml"), "--dial", "0890", "--keys", ""]
    ) in (0, 1)
    out = capsys.readouterr().out
    assert len(out) < 2000 and "(1,000,000 characters)" in out


@pytest.mark.parametrize("name", ["say-over-16384.yaml", "odd-node-ids.yaml"])
@pytest.mark.parametrize("fmt", ["dot", "mermaid", "svg"])
def test_valid_menus_with_long_texts_and_odd_ids_can_be_drawn(name: str, fmt: str) -> None:
    if fmt == "svg" and not HAS_DOT:
        pytest.skip("Graphviz is not installed")
    out = render(ivr.load(CORPUS / name), fmt)
    text = out.decode() if isinstance(out, bytes) else out
    assert len(text) < 200_000  # texts cut: the whole say is one step away, in the file


def test_a_long_say_keeps_where_the_whole_text_is_in_the_tooltip() -> None:
    dot = render(ivr.load(CORPUS / "say-over-16384.yaml"), "dot")
    assert "say-over-16384.yaml:6" in dot and "(the whole text: below)" in dot
    assert max(len(s) for s in dot.split('"')) < 16_384


def test_no_route_exits_1_in_the_table_and_in_render(capsys) -> None:
    menu = str(CORPUS / "no-route.yaml")
    assert main(["route", menu]) == 1
    assert main(["route", menu, "--caller", ""]) in (1, 2)
    assert main(["render", menu, "--route", "best", "--format", "dot"]) == 1
    assert "no route reaches a human" in capsys.readouterr().err


def test_best_route_edges_raises_only_the_documented_family() -> None:
    from ivr.diagram import best_route_edges

    hotline = ivr.load(CORPUS / "no-route.yaml")
    with pytest.raises(NoRoute):
        best_route_edges(hotline, ivr.compile(hotline), {}, "12:00")
    assert issubclass(NoRoute, InputError) and issubclass(PathError, IvrError)


def test_path_of_call_on_another_graph_is_an_ivr_error() -> None:
    a = ivr.load(CORPUS / "no-route.yaml")
    b = ivr.load(CORPUS / "brackets-in-comments.yaml")
    with pytest.raises(IvrError):
        path_of_call(ivr.compile(b), ivr.simulate(a, "0890", "1"))


def test_dial_keys_after_a_silent_prompt_and_a_transfer_that_drops_a_key(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(
        'ivr: 1\nentries: [{dial: "0890", start: quiet}]\nnodes:\n'
        "  quiet: {type: prompt, duration: 0, barge_in: false, next: hop}\n"
        '  hop: {type: transfer, duration: 2, to: {file: b.yaml, entry: "0891"}}\n'
    )
    (tmp_path / "b.yaml").write_text(
        'ivr: 1\nentries: [{dial: "0891", start: main}]\nnodes:\n'
        '  main: {type: menu, say: "Operator - 0", options: {"0": human}, '
        "timeout: {after: 5, to: main}}\n  human: {type: agent}\n"
    )
    for keys in ("1 0", "0", "0 0", "_ 0"):
        assert main(["render", str(tmp_path), "--dial", "0890", "--keys", keys,
                     "--format", "dot", "-o", str(tmp_path / "x.dot")]) == 0  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "junit", "text"])
def test_a_report_has_a_size_cap_and_says_what_it_left_out(fmt: str) -> None:
    from ivr.report.registry import render as render_report

    report = ivr.check(Path(__file__).resolve().parent.parent / "menus" / "mts")
    full = render_report(report, fmt)
    small = render_report(report, fmt, limit=3000)
    if len(full) > 3000:
        assert len(small) <= 3000 and "more findings and claims not shown" in small
    else:
        assert small == full

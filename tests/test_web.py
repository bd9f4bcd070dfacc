"""``ivr serve``: the JSON API gives the CLI's documents, errors as JSON with the CLI's
messages, the pages escape every menu text, and the safety defaults hold (issue 14 item 3).
Through Starlette's test client; tests/test_web_browser.py drives the pages in Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT, needed, write_menu

needed("starlette", "ivr serve's API tests")
needed("httpx", "Starlette's test client")

from starlette.testclient import TestClient  # noqa: E402

from ivr.cli.app import main  # noqa: E402
from ivr.web import safety  # noqa: E402
from ivr.web.app import create_app  # noqa: E402
from ivr.web.catalog import Catalog  # noqa: E402

HOSTILE = ROOT / "tests" / "fixtures" / "web" / "hostile"
MTS = ROOT / "menus" / "mts"


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app([str(MTS), str(HOSTILE)]), base_url="http://127.0.0.1")


def cli_json(capsys, *argv: str) -> dict:
    main(list(argv))
    return json.loads(capsys.readouterr().out)


def cli_error(capsys, *argv: str) -> str:
    assert main(list(argv)) == 2
    return capsys.readouterr().err.strip().removeprefix("ivr: ")


# -- the API gives the CLI's documents ------------------------------------------------------


def test_hotlines_are_listed_as_ivr_hotlines_lists_them(capsys):
    shipped = TestClient(create_app(), base_url="http://127.0.0.1")
    assert shipped.get("/api/hotlines").json() == cli_json(capsys, "hotlines", "--json")


def test_route_is_ivr_route_json(client, capsys):
    got = client.get("/api/route", params={"hotline": "mts", "caller": "mts,abroad"}).json()
    assert got == cli_json(capsys, "route", str(MTS), "--caller", "mts,abroad", "--json")
    params = {"hotline": "mts", "caller": ["network=other", "location=roaming"], "at": "16:00",
              "by": "time", "k": "3"}  # fmt: skip
    got = client.get("/api/route", params=params).json()
    assert got == cli_json(capsys, "route", str(MTS), "--caller", "network=other", "--caller",
                           "location=roaming", "--at", "16:00", "--by", "time", "-k", "3",
                           "--json")  # fmt: skip
    assert len(got["routes"]) == 3


def test_route_without_a_caller_is_the_table_of_every_caller(client, capsys):
    got = client.get("/api/route", params={"hotline": "mts"}).json()
    assert got == cli_json(capsys, "route", str(MTS), "--json")
    assert len(got["routes"]) + len(got["unreached"]) > 30


def test_call_is_ivr_call_json(client, capsys):
    body = {"hotline": "mts", "dial": "0890", "keys": "2 0", "caller": "mts,home", "at": "10:00"}
    got = client.post("/api/call", json=body).json()
    assert got == cli_json(capsys, "call", str(MTS), "--dial", "0890", "--keys", "2 0",
                           "--caller", "mts,home", "--at", "10:00", "--json")  # fmt: skip
    assert got["outcome"] == "agent" and got["version"] == 1
    assert {e["menu"] for e in got["events"]} == {"mts-short"}  # each event names its file
    as_object = client.post("/api/call", json={**body, "caller": {"network": "mts"}}).json()
    assert as_object["outcome"] == "agent"


def test_a_call_until_input_waits_and_says_until_when(client):
    from ivr.sim.session import keys_after_press

    body = {"hotline": "mts", "dial": "0890", "caller": "mts", "until_input": True}
    first = client.post("/api/call", json=body).json()
    assert first["outcome"] == "waiting"
    waiting = first["waiting"]
    assert waiting["node"] == first["node"] and waiting["prompt_ends"] > 0
    assert waiting["times_out"] > waiting["prompt_ends"]
    # a key after the prompt ended: pressed after "." (the player's rule, the CLI's rule)
    keys = keys_after_press([], "2", waiting["prompt_ends"] + 1, waiting["prompt_ends"])
    assert keys == [".", "2"]
    second = client.post("/api/call", json={**body, "keys": keys}).json()
    assert second["events"][: len(first["events"])] == first["events"]
    assert second["waiting"] is None or second["waiting"]["node"] != waiting["node"]
    done = client.post("/api/call", json={**body, "keys": "2 0", "until_input": False}).json()
    assert done["outcome"] == "agent" and "waiting" not in done


def test_check_is_ivr_check_json(client, capsys):
    got = client.get("/api/check", params={"hotline": "mts"}).json()
    main(["check", str(MTS), "--json"])
    assert got == json.loads(capsys.readouterr().out)
    covered = client.get("/api/check", params={"hotline": "mts", "coverage": "1"}).json()
    assert covered["coverage"]["percent"] > 0


def test_render_is_ivr_render(client, capsys):
    params = {"hotline": "mts", "format": "mermaid", "route": "best", "caller": "mts,home"}
    reply = client.get("/api/render", params=params)
    assert reply.status_code == 200 and reply.headers["content-type"].startswith("text/plain")
    main(["render", str(MTS), "--format", "mermaid", "--route", "best", "--caller", "mts,home"])
    assert reply.text == capsys.readouterr().out
    svg = client.get("/api/render", params={**params, "format": "svg"})
    assert svg.headers["content-type"] == "image/svg+xml"
    assert svg.text.count('class="edge ivr-route') == svg.text.count("ivr&#45;route") or (
        "ivr&#45;route" in svg.text
    )
    plain = client.get("/api/render", params={"hotline": "mts", "format": "svg"}).text
    assert "ivr&#45;route" not in plain  # no route parameters: nothing lit


def test_render_scope_route_draws_only_the_files_of_the_route(client):
    params = {"hotline": "mts", "format": "mermaid", "dial": "0890", "keys": "2 0",
              "caller": "mts"}  # fmt: skip
    everything = client.get("/api/render", params=params).text
    part = client.get("/api/render", params={**params, "scope": "route"}).text
    assert "short.yaml" in part and "federal.yaml" in everything and "federal.yaml" not in part


def test_diff_between_two_revisions_is_ivr_diff_json(client, capsys):
    got = client.get("/api/diff", params={"hotline": "mts", "old": "HEAD"}).json()
    assert got == cli_json(capsys, "diff", str(MTS), "--rev", "HEAD", "--json")
    same = client.get("/api/diff", params={"hotline": "mts", "old": "HEAD", "new": "HEAD"})
    assert same.json()["changes"] == []


def test_callers_is_ivr_callers_json(client, capsys):
    got = client.get("/api/callers", params={"hotline": "mts"}).json()
    assert got == cli_json(capsys, "callers", str(MTS), "--json")


# -- errors: JSON, a 4xx status, the CLI's message ------------------------------------------


@pytest.mark.parametrize(
    ("params", "argv"),
    [
        ({"caller": "xyz"}, ["--caller", "xyz"]),
        ({"caller": "mts", "at": "25:00"}, ["--caller", "mts", "--at", "25:00"]),
        ({"caller": "mts", "by": "speed"}, ["--caller", "mts", "--by", "speed"]),
    ],
)
def test_a_wrong_parameter_is_a_400_with_the_cli_message(client, capsys, params, argv):
    reply = client.get("/api/route", params={"hotline": "mts", **params})
    assert reply.status_code == 400
    assert reply.json()["error"] == cli_error(capsys, "route", str(MTS), *argv)


def test_a_wrong_call_is_a_400_with_the_cli_message(client, capsys):
    reply = client.post("/api/call", json={"hotline": "mts", "dial": "123", "keys": "1"})
    assert reply.status_code == 400
    assert reply.json()["error"] == cli_error(capsys, "call", str(MTS), "--dial", "123",
                                              "--keys", "1")  # fmt: skip
    reply = client.post("/api/call", json={"hotline": "mts", "dial": "0890", "keys": "2 x"})
    assert reply.status_code == 400 and "'x' is not a telephone key" in reply.json()["error"]


@pytest.mark.parametrize("hid", ["nope", "../../etc/passwd", "/etc/passwd", "menus/mts", ".."])
def test_a_hotline_is_an_id_never_a_path(client, hid):
    reply = client.get("/api/route", params={"hotline": hid})
    assert reply.status_code == 404
    assert reply.json()["error"].startswith(f"no hotline has the id '{hid}'")
    assert client.get("/", params={"hotline": hid}).status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        (b"not json", 400, "the body is not JSON"),
        (b"[1, 2]", 400, "must be a JSON object"),
        (b'{"hotline": "mts", "x": 1}', 400, "unknown field 'x'"),
        (b'{"keys": "1"}', 400, "'hotline' is missing"),
        (b'{"hotline": "mts", "keys": "' + b"1 " * 300 + b'"}', 400, "at most 200"),
        (b'{"hotline": "' + b"x" * 20_000 + b'"}', 413, "larger than 16,384 bytes"),
    ],
)
def test_a_bad_call_body_is_refused(client, body, status, words):
    reply = client.post("/api/call", content=body, headers={"content-type": "application/json"})
    assert reply.status_code == status
    assert words in reply.json()["error"]


def test_a_body_must_say_it_is_json(client):
    reply = client.post("/api/call", content=b'{"hotline": "mts"}',
                        headers={"content-type": "text/plain"})  # fmt: skip
    assert reply.status_code == 400 and "Content-Type: application/json" in reply.json()["error"]


def test_only_get_and_post_and_a_long_query_is_refused(client):
    for method in ("PUT", "DELETE", "PATCH"):
        reply = client.request(method, "/api/call")
        assert reply.status_code == 405 and "read-only" in reply.json()["error"]
    assert client.get("/api/call").status_code == 405
    reply = client.get("/api/route", params={"hotline": "mts", "caller": "m" * 5000})
    assert reply.status_code == 414
    assert client.get("/api/nothing").json()["status"] == 404


def test_a_parameter_has_a_length_and_no_control_character(client):
    reply = client.get("/api/route", params={"hotline": "mts", "at": "1" * 300})
    assert reply.status_code == 400 and "at most 200" in reply.json()["error"]
    reply = client.get("/api/route", params={"hotline": "mts", "at": "12:00\x1b[2J"})
    assert reply.status_code == 400 and "control character" in reply.json()["error"]


def test_menus_that_no_longer_load_are_a_422_with_every_error(tmp_path):
    path = write_menu(tmp_path, (ROOT / "tests" / "fixtures" / "web" / "hostile" /
                                 "hostile.yaml").read_text(), "line.yaml")  # fmt: skip
    client = TestClient(create_app([str(tmp_path)]), base_url="http://127.0.0.1")
    assert client.get("/api/route", params={"hotline": tmp_path.name}).status_code == 200
    path.write_text("ivr: 1\nnodes: {a: {type: menu, options: {'1': b}}}\n")
    reply = client.get("/api/route", params={"hotline": tmp_path.name})
    assert reply.status_code == 422
    assert reply.json()["errors"] and all("line.yaml" in e for e in reply.json()["errors"])
    page = client.get("/", params={"hotline": tmp_path.name})
    assert page.status_code == 422 and "do not load" in page.text


# -- safe by default ------------------------------------------------------------------------


def test_every_response_carries_a_strict_content_security_policy(client):
    for url in ("/", "/owner?hotline=mts", "/api/hotlines", "/static/ivr.js", "/nothing"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"


class Tags(HTMLParser):
    """Every start tag of a page, with its attributes (the SVG's too)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text = ""
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.script_text += data


def test_the_pages_hold_no_inline_script_and_no_inline_style(client):
    for url in ("/", "/?hotline=hostile", "/owner?hotline=mts", "/owner?hotline=hostile"):
        parser = Tags()
        parser.feed(client.get(url).text)
        scripts = [a for t, a in parser.tags if t == "script"]
        assert len(scripts) == 2, url
        assert all(re.fullmatch(r"/static/[\w.]+\?v=\w+", a["src"] or "") for a in scripts)
        assert parser.script_text.strip() == ""  # no inline script
        assert not [t for t, _ in parser.tags if t in ("style", "iframe", "object", "embed",
                                                       "foreignobject")]  # fmt: skip
        for tag, attrs in parser.tags:
            assert "style" not in attrs, tag
            assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
            for name in ("href", "src", "xlink:href", "action"):
                assert not (attrs.get(name) or "").lower().startswith("javascript:"), attrs


def test_a_menu_text_with_a_script_is_shown_escaped(client):
    html = client.get("/", params={"hotline": "hostile"}).text
    assert (
        "<script>alert" not in html
        and "onerror=alert" not in html.replace("&#39;", "'")
        or ("&lt;img src=x onerror=alert" in html)
    )
    assert "&lt;script&gt;alert(&#39;say&#39;)&lt;/script&gt;" in html  # the step, in words
    assert "&lt;script&gt;alert(&#39;words&#39;)&lt;/script&gt; SIM" in html  # the form
    assert "<svg onload" not in html and "<b onmouseover" not in html
    route = client.get("/api/route", params={"hotline": "hostile", "caller": "mts"}).json()
    assert "<script>alert('say')</script>" in route["routes"][0]["steps"][1]  # JSON as it is
    svg = client.get("/api/render", params={"hotline": "hostile", "format": "svg"}).text
    assert "<script" not in svg and "&lt;script&gt;" in svg
    owner = client.get("/owner", params={"hotline": "hostile"}).text
    assert "<script>alert" not in owner


def test_an_svg_that_could_run_is_never_sent():
    from ivr.errors import RenderError

    good = b'<svg xmlns="http://www.w3.org/2000/svg"><text>&lt;script&gt;</text></svg>'
    assert safety.checked_svg(good) == good
    ns = b'xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"'
    for bad in (
        b"<svg " + ns + b"><script>alert(1)</script></svg>",
        b"<svg " + ns + b' onload="alert(1)"></svg>',
        b"<svg " + ns + b'><a x:href="javascript:alert(1)"><text>t</text></a></svg>',
        b"<svg " + ns + b"><foreignObject><div/></foreignObject></svg>",
        b"<svg " + ns + b"><text>unclosed</svg>",
        b'<!DOCTYPE svg [<!ENTITY x "y">]><svg ' + ns + b"><text>&x;</text></svg>",
    ):
        with pytest.raises(RenderError):
            safety.checked_svg(bad)


def test_only_loopback_host_names_are_answered_on_a_loopback_address(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/api/hotlines", headers={"host": "localhost:8000"}).status_code == 200
    anywhere = TestClient(create_app([str(MTS)], host="0.0.0.0"), base_url="http://box")
    assert anywhere.get("/api/hotlines").status_code == 200


def test_a_request_that_takes_too_long_is_stopped(monkeypatch):
    import time

    import anyio

    from ivr.web.app import Server

    monkeypatch.setattr(safety, "REQUEST_SECONDS", 0.2)
    server = Server(Catalog([str(HOSTILE)]))
    started = time.monotonic()
    with pytest.raises(safety.TooSlow, match="longer than 0.2 s"):
        anyio.run(server.work, time.sleep, 1.0)
    assert time.monotonic() - started < 0.9


def test_route_searches_have_a_budget(client, monkeypatch):
    monkeypatch.setattr(safety, "SEARCH_STATES", 10)
    doc = client.get("/api/route", params={"hotline": "mts"}).json()
    assert doc["stopped"]["rule"].startswith("budget")


# -- the pages ------------------------------------------------------------------------------


def test_the_caller_page_answers_in_words(client):
    html = client.get("/", params={"hotline": "mts", "c.location": "abroad"}).text
    assert 'href="tel:+7-495-766-01-66"' in html
    assert "Step by step" in html and "documented" in html.lower()
    assert 'name="c.network"' in html and 'name="at"' in html and 'value="abroad" selected' in html
    assert 'id="n:mts&#45;international#' in html  # the diagram, its nodes by id for the player
    assert "ivr&#45;route" in html  # the route lit


def test_htmx_gets_only_the_part_it_swaps(client):
    headers = {"hx-request": "true", "hx-target": "page"}
    part = client.get("/", params={"hotline": "mts"}, headers=headers).text
    assert part.lstrip().startswith("<form") and "<html" not in part
    owner = client.get("/owner", params={"hotline": "mts", "old": "HEAD"},
                       headers={"hx-request": "true", "hx-target": "diff-result"}).text  # fmt: skip
    assert "<html" not in owner and "the files now" in owner


def test_a_caller_with_no_route_is_told_why(client, tmp_path):
    text = (
        (HOSTILE / "hostile.yaml")
        .read_text()
        .replace("start: main, source: A}", "start: main, source: A, when: {network: mts}}")
    )
    write_menu(tmp_path, text, "line.yaml")
    other = TestClient(create_app([str(tmp_path)]), base_url="http://127.0.0.1")
    html = other.get("/", params={"hotline": tmp_path.name, "c.network": "other"}).text
    assert "No way to a human" in html and "no entry serves this caller" in html


def test_the_owner_page_shows_the_check_and_the_diff(client):
    html = client.get("/owner", params={"hotline": "mts"}).text
    assert "Every documented call holds" in html and "Coverage:" in html
    assert html.count('class="row-') == 38


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   cwd=repo, check=True, capture_output=True, timeout=60)  # fmt: skip


def test_the_diff_between_two_revisions(tmp_path):
    repo = tmp_path / "repo"
    (repo / "line").mkdir(parents=True)
    git(repo, "init", "-q")
    text = (HOSTILE / "hostile.yaml").read_text()
    write_menu(repo / "line", text, "line.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "one")
    write_menu(repo / "line", text.replace('"2": bye', '"2": bye, "3": human'), "line.yaml")
    git(repo, "commit", "-qam", "two")
    write_menu(repo / "line", text, "line.yaml")  # the work tree: back to the first
    client = TestClient(create_app([str(repo / "line")]), base_url="http://127.0.0.1")
    doc = client.get("/api/diff", params={"hotline": "line", "old": "HEAD~1", "new": "HEAD"})
    assert doc.status_code == 200
    changes = doc.json()["changes"]
    assert [(c["kind"], c["action"]) for c in changes if c["kind"] == "option"] == [
        ("option", "added")]  # fmt: skip
    assert all(c["file"].startswith(("HEAD~1:", "HEAD:")) for c in changes if c["file"])
    now = client.get("/api/diff", params={"hotline": "line", "old": "HEAD~1"}).json()
    assert now["changes"] == []  # the work tree is the first revision again
    html = client.get("/owner", params={"hotline": "line", "old": "HEAD~1", "new": "HEAD"}).text
    assert "HEAD~1</b> → <b>HEAD</b>" in html and "option added" in html
    assert '<option value="' in html  # the recent revisions offered
    bad = client.get("/api/diff", params={"hotline": "line", "old": "--output=x"})
    assert bad.status_code == 400 and "cannot begin with '-'" in bad.json()["error"]


def test_the_owner_page_says_when_the_hotline_is_not_in_git(tmp_path):
    write_menu(tmp_path, (HOSTILE / "hostile.yaml").read_text(), "line.yaml")
    client = TestClient(create_app([str(tmp_path)]), base_url="http://127.0.0.1")
    html = client.get("/owner", params={"hotline": tmp_path.name, "old": "HEAD"}).text
    assert "not inside a git repository" in html
    reply = client.get("/api/diff", params={"hotline": tmp_path.name, "old": "HEAD"})
    assert reply.status_code == 400 and "not a git repository" in reply.json()["error"]


def test_a_broken_claim_and_a_finding_show_on_the_owner_page(tmp_path):
    text = (HOSTILE / "hostile.yaml").read_text().replace('keys: "1"', 'keys: "2"')
    write_menu(tmp_path, text, "line.yaml")
    client = TestClient(create_app([str(tmp_path)]), base_url="http://127.0.0.1")
    html = client.get("/owner", params={"hotline": tmp_path.name}).text
    assert "1 broken claim" in html and 'class="row-broken"' in html
    assert "key-not-announced" in html


def test_the_legend_colours_are_the_diagram_colours():
    from ivr.diagram.looks import NODE_STYLES

    css = (ROOT / "ivr" / "web" / "static" / "ivr.css").read_text()
    for kind, (_shape, _style, fill, border, _words) in NODE_STYLES.items():
        rule = re.search(rf"\.t-{kind} \{{([^}}]*)\}}", css)
        assert rule, kind
        assert fill in rule.group(1) and border in rule.group(1), kind


# -- the catalog, the command, the package --------------------------------------------------


def test_served_paths_get_ids_of_their_names(tmp_path):
    other = tmp_path / "mts"
    other.mkdir()
    write_menu(other, (HOSTILE / "hostile.yaml").read_text(), "x.yaml")
    catalog = Catalog([str(MTS), str(other), "mts"])
    assert catalog.ids() == ["mts", "mts-2", "mts-3"]
    assert catalog.load("mts-2").menus[0].id == "hostile"


def test_serve_says_what_it_needs_and_which_port_is_taken(capsys, monkeypatch):
    import importlib.util
    import socket

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "uvicorn" else real(name, *a))  # fmt: skip
    assert main(["serve"]) == 2
    assert "pip install 'ivr[web]' (missing: uvicorn)" in capsys.readouterr().err
    monkeypatch.undo()
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        assert main(["serve", str(HOSTILE), "--port", str(taken.getsockname()[1])]) == 2
    finally:
        taken.close()
    assert "cannot listen on 127.0.0.1:" in capsys.readouterr().err
    assert main(["serve", "no/such/menus"]) == 2
    assert "no/such/menus" in capsys.readouterr().err


def test_the_package_ships_the_templates_and_static_files(tmp_path):
    lib = tmp_path / "lib"
    done = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    web = lib / "ivr" / "web"
    shipped = {p.relative_to(web).as_posix() for p in web.rglob("*") if p.is_file()}
    source = {p.relative_to(ROOT / "ivr" / "web").as_posix()
              for p in (ROOT / "ivr" / "web").rglob("*")
              if p.is_file() and "__pycache__" not in p.parts}  # fmt: skip
    assert source <= shipped
    assert {"static/htmx.min.js", "static/htmx.LICENSE.txt", "templates/base.html"} <= shipped


def test_htmx_is_the_vendored_2x_release_and_served_from_the_package(client):
    js = (ROOT / "ivr" / "web" / "static" / "htmx.min.js").read_text()
    assert 'version:"2.' in js
    assert client.get("/static/htmx.min.js").status_code == 200
    for page in ("/", "/owner?hotline=mts"):
        assert "//" not in "".join(re.findall(r'<script src="([^"]+)"', client.get(page).text))


def test_the_api_index_lists_every_endpoint(client):
    paths = [e["path"].split("?")[0] for e in client.get("/api").json()["endpoints"]]
    assert paths == ["/api/hotlines", "/api/callers", "/api/route", "/api/call", "/api/check",
                     "/api/render", "/api/diff"]  # fmt: skip


def test_a_missing_hotline_parameter_is_a_400(client):
    for url in ("/api/route", "/api/check", "/api/render", "/api/callers", "/api/diff"):
        reply = client.get(url)
        assert reply.status_code == 400 and "'hotline' is missing" in reply.json()["error"]


def test_docs_name_every_endpoint():
    doc = (ROOT / "docs" / "web.md").read_text()
    for path in ("/api/hotlines", "/api/route", "/api/call", "/api/check", "/api/render",
                 "/api/diff", "/api/callers", "Content-Security-Policy"):  # fmt: skip
        assert path in doc, path
    assert Path(ROOT / "docs" / "img" / "serve.png").is_file()

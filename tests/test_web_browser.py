"""``ivr serve`` in a real browser (issue 14 item 4): Playwright drives Debian's Chromium
(Playwright's own browser download is not reachable here) against a real uvicorn server on a
free port. A caller picks a situation, reads the route, sees it lit on the diagram, plays a
call by clicking keys; a menu text that holds a script is shown, never run; the menu owner
reads the check and a diff. Screenshots of a phone and a desktop go to ``test-results/``.

Where Chromium or Playwright is missing these tests fail in CI and are skipped elsewhere
(``apt-get install chromium``; ``pip install -e '.[test]'``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator

import pytest
from conftest import ROOT, in_ci, needed

needed("playwright", "the browser tests")

from playwright.sync_api import Browser, Page, expect, sync_playwright  # noqa: E402

RESULTS = ROOT / "test-results"
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}  # fmt: skip
DESKTOP = {"viewport": {"width": 1440, "height": 960}}
CHROMIUM = ("chromium", "chromium-browser", "google-chrome")


def chromium() -> str:
    for name in CHROMIUM:
        found = shutil.which(name)
        if found:
            return found
    if in_ci():
        pytest.fail("Chromium is missing in CI: .ci/run installs it (apt-get install chromium)")
    pytest.skip("Chromium is not installed: apt-get install chromium")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """``ivr serve`` on a free port, serving MTS and the hostile menu: its base URL."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p))  # fmt: skip
    proc = subprocess.Popen(
        [sys.executable, "-m", "ivr", "serve", "menus/mts", "tests/fixtures/web/hostile",
         "--port", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        stdin=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        assert first.startswith("ivr serve: http://127.0.0.1:"), first + proc.stderr.read()
        yield first.split()[2].rstrip("/")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    path = chromium()
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield launched
        launched.close()


def open_page(browser: Browser, size: dict) -> tuple[Page, list[str]]:
    """A fresh page; the list collects every dialog, page error and console error."""
    context = browser.new_context(**size)
    page = context.new_page()
    problems: list[str] = []
    page.on("dialog", lambda d: (problems.append(f"dialog: {d.message}"), d.dismiss()))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(f"console: {m.text}")
            if m.type == "error" else None)  # fmt: skip
    page.set_default_timeout(15_000)
    return page, problems


def shot(page: Page, name: str, full: bool = False) -> None:
    RESULTS.mkdir(exist_ok=True)
    page.screenshot(path=str(RESULTS / f"{name}.png"), full_page=full)
    assert (RESULTS / f"{name}.png").stat().st_size > 10_000


def test_a_caller_picks_a_situation_and_reads_the_route(server, browser):
    page, problems = open_page(browser, DESKTOP)
    page.goto(server + "/")
    assert page.inner_text("#tel") == "0890"
    page.select_option('select[name="c.location"]', "abroad")  # htmx swaps the answer
    expect(page.locator("#tel")).to_have_text(re.compile(r"^\+7 495"))
    assert page.get_attribute("#tel", "href") == "tel:+7-495-766-01-66"
    assert "location=abroad" in page.url  # the situation is in the address: shareable
    steps = page.locator(".steps li").all_inner_texts()
    assert steps and steps[0].startswith("Dial +7 495 766")
    assert page.locator(".evidence .badge").inner_text().lower() in (
        "documented", "sourced", "inferred")  # fmt: skip
    # the diagram: the route's edges drawn in the route colour, the entry it dials among them
    lit = page.locator("#svgbox g.ivr-route")
    assert lit.count() >= 1
    assert lit.first.locator("path").first.get_attribute("stroke") == "#e11d48"
    start = page.get_attribute("#svgbox", "data-start")
    assert start and start.startswith("n:mts-international#")
    assert page.locator(f'[id="{start}"] [stroke="#e11d48"]').count() >= 1
    page.select_option('select[name="c.location"]', "home")
    expect(page.locator("#tel")).to_have_text("0890")
    shot(page, "serve-desktop-route")
    assert problems == []
    page.context.close()


def test_a_call_plays_by_clicking_keys_on_a_phone(server, browser):
    page, problems = open_page(browser, PHONE)
    page.goto(server + "/?hotline=mts&c.network=mts&c.location=home")
    page.select_option("#speed", "8")
    page.click("#call")
    page.wait_for_selector("#transcript li")
    page.click('#keypad [data-key="2"]')  # during the welcome prompt: barge-in
    expect(page.locator("#transcript li", has_text="Section 2. For a specialist press 0.")
           ).to_have_count(1)  # fmt: skip
    assert page.locator("#svgbox .lit").count() == 1  # where the call is, lit
    assert page.get_attribute("#svgbox .lit", "id") == "n:mts-short/section_2"
    page.click('#keypad [data-key="0"]')
    page.wait_for_selector("#summary:not([hidden])", timeout=20_000)
    summary = page.inner_text("#summary")
    assert summary.startswith("Reached a human (agent)")
    assert "Keys pressed: 2 0" in summary and "ivr call mts --dial '0890'" in summary
    assert page.locator("#svgbox .visited").count() >= 3
    page.locator("#player").scroll_into_view_if_needed()
    shot(page, "serve-phone-call")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "serve-phone")
    assert problems == []
    page.context.close()


def test_the_route_plays_on_the_virtual_clock(server, browser):
    page, problems = open_page(browser, DESKTOP)
    page.goto(server + "/?hotline=mts&c.network=mts&c.location=home")
    page.select_option("#speed", "8")
    page.click("#play")
    expect(page.locator("#clock")).to_have_text(re.compile(r"^00:(0[2-9]|1[0-4])$"))
    early = page.locator("#transcript li").count()
    assert not page.is_visible("#summary")
    assert 0 < early < 12  # the prompts appear as the clock runs, not all at once
    page.wait_for_timeout(1500)  # the clock runs on: the node the call is at lights up
    assert page.locator("#svgbox .lit").count() == 1
    shot(page, "serve-desktop")
    page.wait_for_selector("#summary:not([hidden])", timeout=20_000)
    assert page.locator("#transcript li").count() > early
    assert page.inner_text("#clock") == "00:36"
    assert page.inner_text("#summary").startswith("Reached a human (agent) at agent after 00:36")
    assert problems == []
    page.context.close()


def test_a_menu_text_with_a_script_is_shown_not_run(server, browser):
    page, problems = open_page(browser, DESKTOP)
    reply = page.goto(server + "/?hotline=hostile")
    assert reply is not None and "script-src 'self'" in reply.headers["content-security-policy"]
    said = "<script>alert('say')</script>"
    assert said in page.inner_text(".steps")  # shown as text
    assert said in page.locator("#svgbox").text_content()  # in the diagram too
    assert page.evaluate("[...document.scripts].map(s => s.src.split('?')[0].split('/').pop())"
                         ) == ["htmx.min.js", "ivr.js"]  # fmt: skip
    page.select_option("#speed", "1")  # real time: the key comes before the menu times out
    page.click("#call")  # the prompt plays into the call's screen: still text
    expect(page.locator("#transcript")).to_contain_text("alert('say')")
    page.click('#keypad [data-key="1"]')
    page.wait_for_selector("#summary:not([hidden])")
    assert "</text></svg><script>alert('agent')</script>" in page.inner_text("#transcript")
    page.select_option('select[name="c.network"]', "other")  # a caller word with a payload
    expect(page).to_have_url(re.compile(r"c\.network=other"))
    assert page.locator("svg[onload], b[onmouseover], img[onerror]").count() == 0
    assert problems == []  # no alert ran, no error
    page.context.close()


def test_the_menu_owner_reads_the_check_and_a_diff(server, browser):
    page, problems = open_page(browser, DESKTOP)
    page.goto(server + "/owner?hotline=mts")
    assert page.inner_text(".verdict h1") == "Every documented call holds"
    assert page.locator("#claims tbody tr").count() == 38
    assert "Coverage:" in page.inner_text(".verdict")
    page.fill('input[name="old"]', "HEAD")
    page.click(".diff-form button")
    page.wait_for_selector("#diff-result .summary-line")
    assert page.inner_text("#diff-result .summary-line").startswith("HEAD → the files now")
    shot(page, "serve-owner-desktop")
    assert problems == []
    page.context.close()

"""The calculator in the browser: same answers as the command line, nothing off-site, a watchdog for hangs."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

import pytest
from browser_fixtures import (
    READY_TIMEOUT_S,
    NetLog,
    assert_rows_match_cli,
    cli_error_field,
    cli_json,
    fill_quote,
    open_calculator,
    wait_state,
    widget_pages,
)

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"


def _case_requests() -> list[dict]:
    """Inputs of tests/cases/*.yaml (the core's case tables), when the lead's loader is available."""
    out = []
    try:
        from guide.yaml_loader import load_yaml
    except ImportError:
        return out
    for file in sorted(CASES.glob("*.yaml")):
        data, _ = load_yaml(file)
        for case in data or []:
            if isinstance(case, dict) and isinstance(case.get("input"), dict):
                out.append(case["input"])
    return out


def _sample_requests(regions: list[str]) -> list[dict]:
    out = []
    for slug in regions:
        for lang in ("en", "zh"):
            out += [
                {"action": "quote", "region": slug, "scheme": "employee", "base": "8000",
                 "gap_start": "2025-03", "gap_end": "2025-05", "paid_on": "2025-07-10", "lang": lang},
                {"action": "quote", "region": slug, "scheme": "flexible", "base": "floor",
                 "gap_start": "2024-11", "gap_end": "2025-02", "paid_on": "2025-06-30", "lang": lang},
            ]
        out += [
            {"action": "quote", "region": slug, "scheme": "employee", "base": "999999",
             "gap_start": "2025-01", "gap_end": "2025-01", "paid_on": "2025-03-01", "lang": "en"},
            {"action": "quote", "region": slug, "scheme": "employee", "base": "-5",
             "gap_start": "2025-01", "gap_end": "2025-02", "paid_on": "2025-03-01", "lang": "zh"},
            {"action": "quote", "region": slug, "scheme": "employee", "base": "8000",
             "gap_start": "2025-05", "gap_end": "2025-01", "paid_on": "2025-07-01", "lang": "en"},
            {"action": "retirement", "region": slug, "group": "female-55", "birth_month": "1975-06",
             "months_paid": "150", "local_months_paid": "100", "as_of": "2025-07-01", "keeps_paying": False,
             "lang": "en"},
        ]
    return out


@pytest.fixture(scope="module")
def requests_and_cli(manifest, rules_file):
    """Every request with what the command line answers for it (run in parallel: ~0.3 s each)."""
    regions = [r["slug"] for r in manifest.get("regions", [])]
    assert regions, "the manifest lists no regions: is build/rules.json empty?"
    requests = _case_requests() + _sample_requests(regions)
    with ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(lambda r: cli_json(r, rules_file), requests))
    return list(zip(requests, answers, strict=True))


def _calculate_all(page, requests: list[dict]) -> list[dict]:
    return page.evaluate("(reqs) => Promise.all(reqs.map((r) => window.calculator.calculate(r)))", requests)


def test_same_json_as_command_line_on_every_calculator_page(browser, site_url, calculator_pages, requests_and_cli):
    assert calculator_pages, "no page with a calculator widget"
    context = browser.new_context()  # one context: the runtime is downloaded once, then cached
    try:
        for path in calculator_pages:
            page = context.new_page()
            log = NetLog(page, site_url)
            open_calculator(page, site_url + path)
            results = _calculate_all(page, [r for r, _ in requests_and_cli])
            for (request, (code, cli, stderr)), got in zip(requests_and_cli, results, strict=True):
                if code == 0:
                    assert got == cli, f"{path} {request}: browser and CLI differ"
                else:
                    assert "error" in got, f"{path} {request}: CLI failed ({stderr}) but the browser answered"
                    assert got["error"]["field"] == cli_error_field(stderr), (path, request, stderr, got)
            log.assert_clean()
            page.close()
    finally:
        context.close()


def test_page_is_clean_offsite_console_4xx(page, netlog, site_url, calculator_pages):
    open_calculator(page, site_url + calculator_pages[0])
    page.evaluate("window.calculator.calculate({action: 'quote', region: 'nowhere'})")
    netlog.assert_clean()
    assert any("/assets/runtime/" in u and u.endswith(".wasm") for u in netlog.requests)


def test_form_shows_the_same_numbers(page, netlog, site_url, calculator_pages, requests_and_cli):
    open_calculator(page, site_url + calculator_pages[0])
    lang = page.evaluate("document.querySelector('.mi-calculator').getAttribute('lang')")
    samples = [(r, cli) for r, (code, cli, _) in requests_and_cli
               if code == 0 and r["action"] == "quote" and r.get("lang", "en") == ("zh" if lang == "zh-CN" else "en")]
    assert samples
    for request, cli in samples[:3]:
        root = fill_quote(page, request)
        table = root.locator("table.mi-calc__table")
        table.wait_for()
        assert_rows_match_cli(table, cli, request)
        rows = table.locator("tbody tr")
        for i, line in enumerate(cli["lines"]):
            row = rows.nth(i)
            base_text = row.locator("td[data-field=base]").inner_text()
            assert base_text.startswith(line["base"] if line["base"] is not None else "—")
            assert (row.locator(".mi-calc__clamped").count() == 1) == bool(line["base_clamped"])
        assert root.locator(".mi-calc__facts dd").first.inner_text() == cli["totals"]["principal"]
        assert root.locator("svg.mi-calc__timeline rect").count() >= len(cli["lines"])
        assert root.locator(".mi-calc__timeline-text li").count() >= 1
        c = cli["consequences"]
        ahead = bool(c["restore_window_months"]) and c["restore_deadline"] >= date.today().isoformat()
        assert (root.locator("a.mi-calc__ics").count() == 1) == ahead
    netlog.assert_clean()


def test_core_error_appears_next_to_its_field(page, netlog, site_url, calculator_pages, manifest):
    open_calculator(page, site_url + calculator_pages[0])
    region = manifest["regions"][0]["slug"]
    root = fill_quote(page, {"region": region, "scheme": "employee", "base": "-5", "gap_start": "2025-01",
                              "gap_end": "2025-02", "paid_on": "2025-03-01"})
    base = root.locator("input[name=base]")
    error_box = root.locator(".mi-calc__error:not([hidden])")
    error_box.first.wait_for()
    assert base.get_attribute("aria-invalid") == "true"
    described = base.get_attribute("aria-describedby").split()
    assert error_box.first.get_attribute("id") in described
    assert error_box.first.inner_text().strip()
    netlog.assert_clean()


@pytest.mark.parametrize("scheme", ["employee", "flexible"])
def test_ics_reminder_is_made_in_the_browser(page, site_url, calculator_pages, manifest, rules_file, scheme):
    """Employer arrears too: the reminder is for the last day a payment still brings the gap's benefits back."""
    open_calculator(page, site_url + calculator_pages[0])
    today = date.today()
    last_month = date(today.year - (today.month == 1), (today.month - 2) % 12 + 1, 1).strftime("%Y-%m")
    for region in [r["slug"] for r in manifest["regions"]]:
        request = {"action": "quote", "region": region, "scheme": scheme, "base": "floor", "gap_start": last_month,
                   "gap_end": last_month, "paid_on": today.isoformat()}
        code, cli, _ = cli_json(request, rules_file)
        if code == 0 and cli["consequences"]["restore_window_months"]:
            break
    else:
        pytest.skip(f"no region with a {scheme} window that answers for {last_month}")
    root = fill_quote(page, request)
    link = root.locator("a.mi-calc__ics")
    with page.expect_download() as info:
        link.click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    day = cli["consequences"]["restore_deadline"].replace("-", "")
    assert "BEGIN:VCALENDAR" in text and f"DTSTART;VALUE=DATE:{day}" in text


def test_lazy_start_waits_for_view_or_focus(page, netlog, site_dir, site_url, manifest):
    # the demo site has a /lazy/ page; on the real site every region page starts its widget lazily
    if (site_dir / "lazy" / "index.html").is_file():
        lazy = "/lazy/"
    else:
        lazy = f"/regions/{manifest['regions'][0]['slug']}/"
        assert (site_dir / lazy.strip("/") / "index.html").is_file()
    page.goto(site_url + lazy)
    page.wait_for_timeout(800)
    assert page.evaluate("window.calculator.status.state") == "idle"
    assert not any(".wasm" in u for u in netlog.requests)
    page.locator(".mi-calculator input[name=base]").focus()
    assert wait_state(page)["state"] == "ready"
    netlog.assert_clean()


def test_url_presets_start_at_once_and_are_never_html(page, netlog, site_url, calculator_pages, manifest):
    region = manifest["regions"][0]["slug"]
    evil = "<img src=x onerror=alert(1)>"
    path = calculator_pages[0]
    page.goto(f"{site_url}{path}?region={region}&scheme=flexible&gap-start=2025-01&gap-end=2025-02"
              f"&paid-on=2025-04-01&base=floor&lang=en&x={evil}")
    assert wait_state(page)["state"] == "ready"
    root = page.locator(".mi-calculator").first
    assert root.locator("input[type=radio][value=flexible]").is_checked()
    assert root.locator("input[name=floor]").is_checked()
    root.locator("table.mi-calc__table").wait_for()  # presets with a gap calculate on their own
    for unknown in (evil, "atlantis", "<script>"):
        page.goto(f"{site_url}{path}?" + urlencode({"region": unknown, "gap-start": "2025-01", "gap-end": "2025-02",
                                                    "base": "8000"}))
        wait_state(page)
        root = page.locator(".mi-calculator").first
        assert root.locator("img").count() == 0
        # Never selected, never offered: listed as text among the settings of the link that were not used.
        root.locator(".mi-calc__ignored li").first.wait_for()
        select = root.locator("select[name=region]")
        values = select.locator("option").evaluate_all("(os) => os.map((o) => [o.value, o.textContent])")
        assert all(unknown not in v and unknown not in text for v, text in values), values
        assert select.input_value() == ""
        assert unknown in root.locator(".mi-calc__ignored").inner_text()
        page.wait_for_timeout(500)
        assert root.locator(".mi-calc__results").inner_text().strip() == ""  # nothing was calculated for it
    netlog.assert_clean()


@pytest.mark.parametrize("mode", ["404", "wrong-mime"])
def test_blocked_wasm_shows_watchdog_message_then_retry_works(page, site_url, calculator_pages, mode):
    blocked = {"on": True}

    def handle(route):
        if not blocked["on"]:
            route.continue_()
        elif mode == "404":
            route.fulfill(status=404, content_type="text/plain", body="blocked by test")
        else:
            response = route.fetch()
            route.fulfill(response=response, headers={**response.headers, "content-type": "application/octet-stream"})

    page.route(re.compile(r".*\.wasm(\?.*)?$"), handle)
    page.goto(site_url + calculator_pages[0])
    page.evaluate("void window.calculator.start()")
    status = wait_state(page, states=("failed",), timeout=READY_TIMEOUT_S)
    assert status["code"] in ("wasm_http", "wasm_mime", "watchdog"), status
    alert = page.locator(".mi-calculator .mi-calc__status [role=alert]").first
    assert alert.is_visible() and alert.inner_text().strip()
    retry = page.locator(".mi-calculator .mi-calc__retry").first
    assert retry.is_visible()

    blocked["on"] = False
    retry.click()
    assert wait_state(page)["state"] == "ready"
    assert not alert.is_visible()
    result = page.evaluate("window.calculator.calculate({action: 'quote', region: 'nowhere'})")
    assert "error" in result


def test_watchdog_fires_on_a_silent_hang(page, site_url, calculator_pages):
    """The stdlib never arrives: Pyodide waits forever; once no new bytes have come for the stall threshold
    (shortened to 2 s by the test hook) the watchdog says the download stopped."""
    page.add_init_script("window.__miStallMs = 2000;")
    page.route(re.compile(r".*python_stdlib.*\.zip$"), lambda route: None)  # never answered
    page.goto(site_url + calculator_pages[0])
    page.evaluate("void window.calculator.start()")
    status = wait_state(page, states=("failed",), timeout=30)
    assert status["code"] == "stalled", status
    assert status["downloaded"] is False and 0 < status["loaded"] < status["total"], status
    alert = page.locator(".mi-calculator .mi-calc__status [role=alert]").first
    assert "stopped" in alert.inner_text(), alert.inner_text()
    page.unroute(re.compile(r".*python_stdlib.*\.zip$"))
    page.locator(".mi-calculator .mi-calc__retry").first.click()
    assert wait_state(page)["state"] == "ready"


def test_crashed_worker_is_restarted(page, site_url, calculator_pages):
    open_calculator(page, site_url + calculator_pages[0])
    # Simulate a crash: the worker reports an uncaught error after it was ready.
    page.evaluate("window.calculator.__crash()")
    result = page.evaluate("window.calculator.calculate({action: 'quote', region: 'nowhere'})")
    assert result["error"]["code"] == "unknown_region"
    # the request may be answered before the error event arrives; the replacement worker then loads
    assert wait_state(page)["state"] == "ready"
    again = page.evaluate("window.calculator.calculate({action: 'quote', region: 'nowhere'})")
    assert again["error"]["code"] == "unknown_region"


def test_json_api_returns_exactly_calculate_json(page, site_url, calculator_pages):
    open_calculator(page, site_url + calculator_pages[0])
    text = page.evaluate("window.calculator.calculate('not json')")
    assert text["error"]["code"] and text["error"]["message"]["en"] and text["error"]["message"]["zh"]
    assert json.loads(json.dumps(text)) == text


def test_deeply_nested_request_does_not_break_the_calculator(page, site_url, calculator_pages):
    open_calculator(page, site_url + calculator_pages[0])
    deep = page.evaluate("window.calculator.calculate('['.repeat(4999) + ']'.repeat(4999))")
    assert "error" in deep
    after = page.evaluate("window.calculator.calculate({action: 'quote', region: 'nowhere'})")
    assert after["error"]["field"] == "region"


def _autostart_pages(site_dir) -> list[str]:
    return list(widget_pages(site_dir, 'data-autostart="true"'))


def test_autostart_pages_adopt_the_worker_spawned_in_head(browser, site_dir, site_url):
    """A page whose calculator starts at once spawns the worker from <head> (overrides/main.html), and the
    widget adopts that very worker: one worker per page, never a second boot."""
    pages = _autostart_pages(site_dir)
    if not any("<script data-worker=" in (site_dir / p.strip("/") / "index.html").read_text(encoding="utf-8")
               for p in pages):
        pytest.skip("the demo site has no theme <head>; the built mkdocs site is needed for this test")
    for path in pages:
        context = browser.new_context()
        page = context.new_page()
        workers = []
        page.on("worker", lambda w, seen=workers: seen.append(w.url))
        page.goto(site_url + path)
        assert wait_state(page)["state"] == "ready", path
        assert page.evaluate("window.__miEarly") is None, path
        assert [u for u in workers if u.endswith("calculator-worker.mjs")] == [
            site_url + "/javascripts/calculator-worker.mjs"], (path, workers)
        context.close()


def test_early_worker_that_fails_to_load_is_reported_then_retry_works(page, site_dir, site_url):
    """The <head> worker's load error happens before the widget exists: it is kept and replayed."""
    path = next((p for p in _autostart_pages(site_dir) if "calculator" in p), None)
    if path is None or "<script data-worker=" not in (site_dir / path.strip("/") / "index.html").read_text(
            encoding="utf-8"):
        pytest.skip("the demo site has no theme <head>; the built mkdocs site is needed for this test")
    pattern = re.compile(r".*/calculator-worker\.mjs$")
    page.route(pattern, lambda route: route.fulfill(status=404, content_type="text/plain", body="blocked"))
    page.goto(site_url + path)
    status = wait_state(page, states=("failed",))
    assert status["code"] == "worker", status
    page.unroute(pattern)
    page.locator(".mi-calculator .mi-calc__retry").first.click()
    assert wait_state(page)["state"] == "ready"


def test_early_worker_starts_from_the_inlined_names_and_a_stale_page_is_caught(page, site_dir, site_url):
    """The <head> worker starts from the runtime file names the page inlines (data-boot), without waiting for
    the manifest; when the server's manifest names other files (a page older than the runtime) it fails with
    "stale", and the retry (a worker that reads the manifest itself) works."""
    path = next((p for p in _autostart_pages(site_dir) if "calculator" in p), None)
    html = (site_dir / path.strip("/") / "index.html").read_text(encoding="utf-8") if path else ""
    if "data-boot=\"{" not in html:
        pytest.skip("the built mkdocs site (with data-boot) is needed for this test")
    page.goto(site_url + path)
    status = wait_state(page)
    assert status["state"] == "ready", status
    timings = status["timings"]
    assert timings["worker"] <= timings["config"] <= timings["loader"] <= timings["booted"] <= timings["rules"]

    manifest_url = re.compile(r".*/assets/runtime/manifest\.json$")

    def newer_runtime(route):
        manifest = json.loads(route.fetch().text())
        manifest["files"]["wheel"] = manifest["files"]["wheel"].replace("calculator-", "calculator-newer-")
        route.fulfill(status=200, content_type="application/json", body=json.dumps(manifest))

    page.route(manifest_url, newer_runtime)
    page.goto(site_url + path)
    status = wait_state(page, states=("failed",))
    assert status["code"] == "stale", status
    page.unroute(manifest_url)
    page.locator(".mi-calculator .mi-calc__retry").first.click()
    assert wait_state(page)["state"] == "ready"

"""Playwright fixtures and helpers for the browser calculator (imported by the conftest of tests/browser,
tests/quality and tests/embed; test modules import the helpers from here by this unique name), driving the system Chromium (never `playwright install`).

The site under test: $CALCULATOR_SITE_DIR if set ("demo" forces the demo site), else /work/main/site when it has been built (`make
site`: it then contains assets/runtime/ and pages with the widget), else a minimal demo site generated in
a temporary folder by devtools/serve.py (`make_demo_site`) around the runtime in docs/assets/runtime/.
It is served by devtools/serve.py with the production headers (CSP included) on a free localhost port.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]

from devtools import serve  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
]
READY_TIMEOUT_S = 45

# At most 64 characters each: calculator.js ignores longer query values (documented in queryPresets).
XSS_PAYLOADS = [
    '"><img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=1</script>",
    "'><svg onload=window.__pwned=1>",
    "javascript:window.__pwned=1",
    "</option><img src=x onerror=alert(1)>",
    "${alert(1)}{{7*7}}<b>bold</b>",
]
QUERY_KEYS = ["region", "scheme", "gap-start", "gap-end", "paid-on", "base", "lang"]



def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


def _real_site() -> Path | None:
    env = os.environ.get("CALCULATOR_SITE_DIR")
    if env == "demo":
        return None
    if env:
        return Path(env)
    site = ROOT / "site"
    if (site / "assets" / "runtime" / "manifest.json").is_file() and any(widget_pages(site)):
        return site
    return None


def widget_pages(site: Path, marker: str = 'class="mi-calculator"'):
    """Paths of the built pages whose HTML holds ``marker`` (by default: any calculator widget)."""
    for page in sorted(site.rglob("index.html")):
        if marker in page.read_text(encoding="utf-8", errors="replace"):
            rel = page.parent.relative_to(site).as_posix()
            yield "/" if rel == "." else f"/{rel}/"


def _ensure_runtime() -> None:
    """Refresh build/rules.json and the runtime so the demo site runs the current core and policies."""
    py = sys.executable
    subprocess.run([py, "-m", "guide", "--rules-only"], cwd=ROOT, check=True)
    subprocess.run([py, "-m", "devtools.build_runtime"], cwd=ROOT, check=True)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    real = _real_site()
    if real is not None:
        return real
    _ensure_runtime()
    return serve.make_demo_site(tmp_path_factory.mktemp("demo-site"))


@pytest.fixture(scope="session")
def site_url(site_dir) -> str:
    server, url = serve.serve_in_thread(site_dir)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def manifest(site_dir) -> dict:
    return json.loads((site_dir / "assets" / "runtime" / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def rules_file(site_dir, manifest) -> Path:
    """The rules the browser loads: the command line must use the very same file."""
    return site_dir / "assets" / "runtime" / manifest["base"] / manifest["files"]["rules"]


@pytest.fixture(scope="session")
def calculator_pages(site_dir) -> list[str]:
    """Paths of pages with the widget: the calculator pages and two region pages, in both languages."""
    pages = [p for p in widget_pages(site_dir) if not p.startswith(("/lazy/", "/embed/", "/zh/embed/"))]
    calc = [p for p in pages if "calculator" in p or p in ("/", "/zh/")]
    regions = [p for p in pages if "/regions/" in p]
    en_regions = [p for p in regions if not p.startswith("/zh/")][:2]
    zh_regions = [p for p in regions if p.startswith("/zh/")][:2]
    return calc + en_regions + zh_regions


class NetLog:
    """Everything a page did that a test may want to forbid."""

    def __init__(self, page, base_url: str):
        self.host = urlsplit(base_url).netloc
        self.requests: list[str] = []
        self.foreign: list[str] = []
        self.errors: list[str] = []
        self.bad_status: list[str] = []
        page.on("request", self._request)
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("worker", self._worker)

    def _request(self, request):
        self.requests.append(request.url)
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            self.foreign.append(request.url)

    def _response(self, response):
        if response.status >= 400:
            self.bad_status.append(f"{response.status} {response.url}")

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def _worker(self, worker):
        worker.on("console", self._console)

    def assert_clean(self):
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"
        assert self.bad_status == [], f"4xx/5xx responses: {self.bad_status}"
        assert self.errors == [], f"console errors: {self.errors}"


@pytest.fixture()
def netlog(page, site_url) -> NetLog:
    return NetLog(page, site_url)


def wait_state(page, states=("ready", "failed"), timeout=READY_TIMEOUT_S) -> dict:
    """Poll window.calculator.status (wait_for_function would need 'unsafe-eval' under our CSP)."""
    deadline = time.monotonic() + timeout
    status = None
    while time.monotonic() < deadline:
        status = page.evaluate("window.calculator ? window.calculator.status : null")
        if status and status["state"] in states:
            return status
        time.sleep(0.05)
    raise AssertionError(f"calculator status stayed {status} for {timeout} s")


def open_calculator(page, url: str) -> dict:
    page.goto(url)
    page.evaluate("void window.calculator.start()")
    status = wait_state(page)
    assert status["state"] == "ready", status
    return status


def cli_json(request: dict, rules: Path) -> tuple[int, dict | None, str]:
    """`python -m calculator ACTION --flag value ... --json` for a request object."""
    args = [sys.executable, "-m", "calculator", "--rules", str(rules), str(request["action"])]
    for key, value in request.items():
        if key == "action":
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        args += [f"--{key.replace('_', '-')}", str(value)]
    args.append("--json")
    res = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=60)
    return res.returncode, (json.loads(res.stdout) if res.returncode == 0 else None), res.stderr.strip()


def cli_error_field(stderr: str) -> str | None:
    m = re.match(r"error \[([^\]]+)\]", stderr)
    return m.group(1) if m else None


def assert_rows_match_cli(table, cli: dict, context) -> None:
    """The result table shows exactly the command line's figures, month by month."""
    rows = table.locator("tbody tr")
    assert rows.count() == len(cli["lines"])
    for i, line in enumerate(cli["lines"]):
        row = rows.nth(i)
        assert row.get_attribute("data-month") == line["month"]
        for field in ("employer", "individual", "addons", "late_fee", "total"):
            shown = row.locator(f"td[data-field={field}]").inner_text().strip()
            assert shown == (line[field] if line[field] is not None else "—"), (context, line["month"], field)


def fill_quote(page, request: dict):
    """Fills the first widget's pay-back form with ``request`` and clicks Calculate; returns the widget."""
    root = page.locator(".mi-calculator").first
    root.locator("select[name=region]").select_option(request["region"])
    root.locator(f"input[type=radio][value={request['scheme']}]").check()
    floor = root.locator("input[name=floor]")
    if request["base"] == "floor":
        floor.check()
    else:
        floor.uncheck()
        root.locator("input[name=base]").fill(request["base"])
    root.locator("input[name=gap_start]").fill(request["gap_start"])
    root.locator("input[name=gap_end]").fill(request["gap_end"])
    root.locator("input[name=paid_on]").fill(request["paid_on"])
    root.locator("form[data-action=quote] button[type=submit]").click()
    return root

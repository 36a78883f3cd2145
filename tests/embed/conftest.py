"""Fixtures for the embed tests (tests/embed/): the real built site served by devtools/serve.py with the
production headers, and a partner's page on a second localhost origin that frames it.

The site is the session-wide `built` fixture of tests/conftest.py (a throwaway copy built once), or
$QUALITY_SITE_DIR (e.g. `make site` output) for a faster loop. Browser fixtures are the calculator tests'
(tests/browser/conftest.py), imported rather than copied: system Chromium, failing under CI=true when it is
missing (never skipped there).
"""

from __future__ import annotations

import functools
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
import browser_fixtures as _browser  # noqa: E402
from embed_support import PARTNERS_MD, SNIPPET_ORIGIN, documented_snippet  # noqa: E402, F401

browser_type_launch_args = _browser.browser_type_launch_args
site_url = _browser.site_url
manifest = _browser.manifest
rules_file = _browser.rules_file
NetLog = _browser.NetLog
wait_state = _browser.wait_state
cli_json = _browser.cli_json
READY_TIMEOUT_S = _browser.READY_TIMEOUT_S


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/embed/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, fmt, *args):
        pass


@pytest.fixture(scope="session")
def partner(tmp_path_factory):
    """A partner site on another origin (another port): write pages into .root, open them at .url + name."""
    root = tmp_path_factory.mktemp("partner-site")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="partner-site", daemon=True).start()
    host, port = server.server_address[:2]

    class Partner:
        url = f"http://{host}:{port}/"

        @staticmethod
        def page(name: str, body: str, lang: str = "en") -> str:
            html = (f'<!doctype html>\n<html lang="{lang}">\n<head><meta charset="utf-8"><title>Partner</title><link rel="icon" href="data:,"></head>\n'
                    f"<body>\n<h1>Jobs and social insurance</h1>\n<p>Partner content above the calculator.</p>\n"
                    f"{body}\n<p id=after>Partner content below.</p>\n</body>\n</html>\n")
            (root / name).write_text(html, encoding="utf-8")
            return f"http://{host}:{port}/{name}"

    Partner.root = root
    yield Partner
    server.shutdown()
    server.server_close()

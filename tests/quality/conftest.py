"""Quality gates over the real built site (tests/quality/).

The site is the session-wide `built` fixture of tests/conftest.py (a throwaway copy of the sources built
once, shared with the site tests), so the working tree is never written to.
$QUALITY_SITE_DIR points the gates at an already built site instead (e.g. `make site` output).

Browser fixtures are the calculator helper's (tests/browser/conftest.py), imported rather than copied:
`browser_type_launch_args` (system Chromium; fails under CI=true when it is missing, skips otherwise),
`site_url` (devtools/serve.py with the production headers, CSP included), `NetLog` and `wait_state`.
Their `site_dir` is the full mkdocs site: the `site_dir` fixture of tests/conftest.py.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import browser_fixtures as _browser
import pytest

# Re-exported fixtures and helpers (pytest collects fixtures by name from this module).
browser_type_launch_args = _browser.browser_type_launch_args
site_url = _browser.site_url
NetLog = _browser.NetLog
wait_state = _browser.wait_state
READY_TIMEOUT_S = _browser.READY_TIMEOUT_S

from quality_support import HTML_VALIDATE, LANGS, PAGE_TYPES, ROOT  # noqa: E402, F401


def unavailable(reason: str):
    """Missing tool: a failure under CI (the gate must run there), a skip on a developer machine."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def html_validate() -> Path:
    if not HTML_VALIDATE.exists():
        unavailable(f"{HTML_VALIDATE} is missing: run `npm ci`")
    if shutil.which("node") is None:
        unavailable("node is missing (Node 20): apt-get install nodejs")
    return HTML_VALIDATE

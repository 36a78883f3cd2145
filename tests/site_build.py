"""Building the site from a throwaway copy of the sources with a fixed as-of date (shared by site, api and quality tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
from devtools.site_copy import GENERATED, GENERATED_ASSETS, make_copy  # noqa: E402, F401

AS_OF = date(2026, 11, 30)


def mkdocs_build(src: Path, site: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, GUIDE_AS_OF=AS_OF.isoformat(), NO_MKDOCS_2_WARNING="1")
    env.pop("GUIDE_POLICIES", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(src / "mkdocs.yml"), "-d", str(site)],
        cwd=src, env=env, capture_output=True, text=True, timeout=300,
    )

"""Lighthouse benchmark (not a test): the four category scores of the home page, a region page and the
calculator page in both languages, with the system Chromium, against the built site served by
devtools/serve.py with the production headers.

    .venv/bin/python -m devtools.bench_lighthouse [--site site] [--region guangzhou] [--runs 1]

Installs Lighthouse 12.8.2 on first use into .cache/lighthouse (npm; .cache/ is gitignored). Needs Node 20
and /usr/bin/chromium (or $CHROME_PATH). Prints one line per page and, last, key=value pairs:
lh_a11y_min, lh_bp_min, lh_seo_min, lh_perf_min, lh_perf_region_min (targets: accessibility 100,
best practices >= 95, SEO >= 95, performance >= 90 on region pages).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from devtools import serve

ROOT = Path(__file__).resolve().parent.parent


LH_VERSION = "12.8.2"
LH_DIR = ROOT / ".cache" / "lighthouse"
LH_BIN = LH_DIR / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = {"performance": "perf", "accessibility": "a11y", "best-practices": "bp", "seo": "seo"}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run --disable-dev-shm-usage")


def ensure_lighthouse() -> Path:
    if LH_BIN.exists():
        return LH_BIN
    LH_DIR.mkdir(parents=True, exist_ok=True)
    print(f"bench_lighthouse: installing lighthouse@{LH_VERSION} into {LH_DIR}", file=sys.stderr)
    subprocess.run(["npm", "install", "--prefix", str(LH_DIR), f"lighthouse@{LH_VERSION}", "--no-audit", "--no-fund"],
                   check=True)
    return LH_BIN


def run_lighthouse(lh: Path, url: str, tmp: Path) -> dict[str, int]:
    out = tmp / "report.json"
    env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"),
               TMPDIR=str(tmp))  # a short TMPDIR: Chromium fails on a too-long socket path
    proc = subprocess.run(
        [str(lh), url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={CHROME_FLAGS}",
         "--only-categories=" + ",".join(CATEGORIES), "--max-wait-for-load=60000"],
        env=env, capture_output=True, text=True, timeout=240)
    if proc.returncode != 0 or not out.exists():
        raise RuntimeError(f"lighthouse failed on {url}: {proc.stderr[-1500:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    return {key: round((report["categories"][cat]["score"] or 0) * 100) for cat, key in CATEGORIES.items()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=ROOT / "site")
    ap.add_argument("--region", default="guangzhou")
    ap.add_argument("--runs", type=int, default=1, help="runs per page; the median score is kept")
    args = ap.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"bench_lighthouse: {args.site} has no index.html: build the site first (make site)", file=sys.stderr)
        return 2
    if not Path(os.environ.get("CHROME_PATH", "/usr/bin/chromium")).exists():
        print("bench_lighthouse: no Chromium (apt-get install chromium, or set CHROME_PATH)", file=sys.stderr)
        return 2
    lh = ensure_lighthouse()
    server, base = serve.serve_in_thread(args.site)
    pages = {"home": "", "region": f"regions/{args.region}/", "calculator": "calculator/"}
    scores: dict[tuple[str, str], dict[str, int]] = {}
    tmp = Path(tempfile.mkdtemp(prefix="lh", dir="/tmp"))
    try:
        for lang, prefix in (("en", ""), ("zh", "zh/")):
            for kind, path in pages.items():
                url = f"{base}/{prefix}{path}"
                runs = [run_lighthouse(lh, url, tmp) for _ in range(args.runs)]
                result = {k: sorted(r[k] for r in runs)[len(runs) // 2] for k in CATEGORIES.values()}
                scores[(kind, lang)] = result
                print(f"{kind:<10} {lang}  " + "  ".join(f"{k}={v}" for k, v in result.items()) + f"  /{prefix}{path}",
                      flush=True)
    finally:
        server.shutdown()
        server.server_close()
        shutil.rmtree(tmp, ignore_errors=True)
    summary = {f"lh_{k}_min": min(s[k] for s in scores.values()) for k in CATEGORIES.values()}
    summary["lh_perf_region_min"] = min(s["perf"] for (kind, _), s in scores.items() if kind == "region")
    print(" ".join(f"{k}={v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

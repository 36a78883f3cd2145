"""The calculator widget's ES modules (docs/javascripts/calculator/) bundled into one file for the site.

The sources stay small modules, one per job. The site ships them as one minified module, assets/widget/calculator.js:
twelve modules imported five levels deep meant five round trips before the widget could start (each a phone
network's latency), and twelve revalidations on every repeat visit (pages and scripts are served `no-cache`).
On two cores, serving and evaluating them also slowed the runtime's boot beside them (issue 17's note).

The bundler is esbuild, pinned in package.json and installed by `npm ci`. The bundle sits two folders below the site
root, as the sources do: urls.js finds the site root from its own address either way.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRY = Path("javascripts") / "calculator" / "main.js"  # relative to the docs folder
BUNDLE = Path("assets") / "widget" / "calculator.js"  # relative to the docs (or site) folder
ESBUILD = ROOT / "node_modules" / ".bin" / "esbuild"


class BundleError(Exception):
    """The widget could not be bundled (esbuild missing or failing); the message is in English and Chinese."""


def bundle_widget(docs: Path, out: Path, esbuild: Path = ESBUILD) -> bool:
    """Bundle the widget whose entry is docs/ENTRY into `out`; True when `out`'s bytes changed. Written only when
    they differ, so a watching `mkdocs serve` does not rebuild in a loop."""
    if not esbuild.exists():
        raise BundleError(f"{esbuild} is missing: run `npm ci` (make install) / 缺少打包工具 esbuild：请先运行 `npm ci`")
    proc = subprocess.run(
        [str(esbuild), str(docs / ENTRY), "--bundle", "--format=esm", "--minify", "--charset=utf8",
         "--legal-comments=none", "--log-level=warning"],
        capture_output=True, timeout=120,
    )
    if proc.returncode != 0:
        detail = proc.stderr.decode("utf-8", "replace").strip()[-2000:]
        raise BundleError(f"bundling {docs / ENTRY} failed / 计算器脚本打包失败:\n{detail}")
    if out.is_file() and out.read_bytes() == proc.stdout:
        return False
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_bytes(proc.stdout)
    tmp.replace(out)
    return True

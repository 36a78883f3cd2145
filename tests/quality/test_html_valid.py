"""Valid HTML: html-validate (node_modules, configuration in /.htmlvalidate.cjs) over every .html file of
the built site: zero errors."""

from __future__ import annotations

import json
import subprocess

from quality_support import ROOT

CONFIG = ROOT / ".htmlvalidate.cjs"


def test_html_validate_zero_errors(site_dir, html_validate):
    files = sorted(str(p) for p in site_dir.rglob("*.html"))
    assert len(files) >= 30, f"only {len(files)} HTML files in {site_dir}"
    proc = subprocess.run([str(html_validate), "--config", str(CONFIG), "--formatter", "json", *files],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip().startswith("["), f"html-validate failed to run: {proc.stderr[-2000:]}"
    errors = [f"{r['filePath']}:{m['line']}:{m['column']} [{m['ruleId']}] {m['message']}"
              for r in json.loads(proc.stdout) for m in r["messages"] if m["severity"] == 2]
    assert errors == [], f"{len(errors)} errors in {len(files)} files:\n" + "\n".join(errors[:50])
    assert proc.returncode == 0, proc.stderr[-2000:]

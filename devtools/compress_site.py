"""Precompress the built site's text files: writes `X.gz` (and `X.br` when Node is available) next to X.

    .venv/bin/python -m devtools.compress_site [site]          # after `mkdocs build`; default: site/

devtools/serve.py sends such a sibling with `Content-Encoding` when the request accepts it (brotli first);
static hosts that understand precompressed files do the same. HTML, CSS, JavaScript, JSON, SVG, XML, text
and the search index are compressed; the runtime under assets/runtime/pyodide-*/ is left to
devtools/build_runtime.py, which precompresses it at build time. A sibling is rewritten only when its bytes
would change (reproducible output: gzip with mtime 0, brotli with fixed parameters), and siblings whose
source file is gone are removed. Files under 512 bytes, or that do not shrink by 10 %, get no sibling.
gzip comes from the standard library; brotli from Node's zlib (the same Node that builds the runtime).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUFFIXES = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt", ".ics", ".webmanifest")
SKIP_DIRS = ("assets/runtime/pyodide-",)  # precompressed by build_runtime.py
MIN_BYTES = 512
MIN_SAVING = 0.10

# Reads [[path, ...]] from a JSON file; for each path writes path.br when the brotli bytes differ from what
# is there, or removes a stale path.br when compression does not pay. Prints {"written": n, "kept": n}.
NODE_BROTLI = r"""
import { readFileSync, writeFileSync, existsSync, unlinkSync, renameSync } from "node:fs";
import zlib from "node:zlib";
const { files, minSaving } = JSON.parse(readFileSync(process.argv[1], "utf8"));
let written = 0, kept = 0, removed = 0;
for (const file of files) {
  const data = readFileSync(file);
  const br = zlib.brotliCompressSync(data, { params: {
    [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
    [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
    [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
  const out = file + ".br";
  if (br.length > data.length * (1 - minSaving)) {
    if (existsSync(out)) { unlinkSync(out); removed++; }
    continue;
  }
  if (existsSync(out) && Buffer.compare(readFileSync(out), br) === 0) { kept++; continue; }
  writeFileSync(out + ".tmp", br);
  renameSync(out + ".tmp", out);
  written++;
}
process.stdout.write(JSON.stringify({ written, kept, removed }) + "\n");
"""


def candidates(site: Path) -> list[Path]:
    out = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.is_symlink() or not path.is_file() or not path.name.endswith(SUFFIXES):
            continue
        if any(rel.startswith(d) for d in SKIP_DIRS):
            continue
        if path.stat().st_size < MIN_BYTES:
            for ext in (".gz", ".br"):  # too small now: a sibling left from a larger version is stale
                if path.name != "sitemap.xml":
                    path.with_name(path.name + ext).unlink(missing_ok=True)
            continue
        out.append(path)
    return out


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def remove_orphans(site: Path) -> int:
    """Siblings whose source is gone, or whose source is no longer compressed (a type we skip)."""
    removed = 0
    for ext in (".gz", ".br"):
        for sib in site.rglob("*" + ext):
            rel = sib.relative_to(site).as_posix()
            if any(rel.startswith(d) for d in SKIP_DIRS) or sib.name == "sitemap.xml.gz":
                continue  # sitemap.xml.gz is mkdocs' own output, linked from robots/sitemaps by name
            src = sib.with_name(sib.name[: -len(ext)])
            if not src.is_file() or not src.name.endswith(SUFFIXES):
                sib.unlink()
                removed += 1
    return removed


def compress(site: Path, node: str | None, use_brotli: bool = True) -> dict:
    files = candidates(site)
    stats = {"files": len(files), "gz_written": 0, "gz_kept": 0, "raw_bytes": 0, "gz_bytes": 0}
    for path in files:
        data = path.read_bytes()
        gz = gzip.compress(data, compresslevel=9, mtime=0)
        out = path.with_name(path.name + ".gz")
        stats["raw_bytes"] += len(data)
        if len(gz) > len(data) * (1 - MIN_SAVING):
            out.unlink(missing_ok=True)
            continue
        stats["gz_bytes"] += len(gz)
        if path.name == "sitemap.xml" and out.is_file():
            continue  # mkdocs wrote it already (same content, its own gzip header)
        if write_if_changed(out, gz):
            stats["gz_written"] += 1
        else:
            stats["gz_kept"] += 1
    if use_brotli and node:
        with tempfile.TemporaryDirectory(prefix="compress-") as tmp:
            spec = Path(tmp) / "files.json"
            spec.write_text(json.dumps({"files": [str(p) for p in files], "minSaving": MIN_SAVING}))
            res = subprocess.run([node, "--input-type=module", "-e", NODE_BROTLI, str(spec)],
                                 check=True, capture_output=True, text=True)
            br = json.loads(res.stdout.strip().splitlines()[-1])
        stats.update(br_written=br["written"], br_kept=br["kept"])
    stats["orphans_removed"] = remove_orphans(site)
    return stats


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", nargs="?", type=Path, default=ROOT / "site")
    ap.add_argument("--node", default=shutil.which("node"))
    ap.add_argument("--no-brotli", action="store_true", help="gzip only")
    args = ap.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"compress_site: {args.site} has no index.html: run mkdocs build first", file=sys.stderr)
        return 2
    if not args.no_brotli and not args.node:
        print("compress_site: node not found: writing .gz only", file=sys.stderr)
    stats = compress(args.site, args.node, not args.no_brotli)
    print("compress_site: " + " ".join(f"{k}={v}" for k, v in stats.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

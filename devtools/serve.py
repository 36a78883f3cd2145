"""Serve the built site locally the way the production host should: security headers, right MIME types,
precompressed files.

    .venv/bin/python -m devtools.serve [PORT] [--root site] [--host 127.0.0.1]
    .venv/bin/python -m devtools.serve --write-headers site     # after mkdocs build: fill in CSP hashes

- Headers come from `_headers` (Cloudflare Pages / Netlify format) in the site root, else docs/_headers.
  The placeholders 'inline-script-hashes' and 'inline-style-hashes' are replaced by the sha256 hashes
  of every inline <script> / <style> element in the built HTML (mkdocs-material emits a few, and their
  text differs with the page depth), so the CSP needs neither 'unsafe-inline' nor 'unsafe-eval'.
- `.wasm` is served as application/wasm and `.mjs` as text/javascript: Pyodide hangs on a wrong type.
- `X.br` / `X.gz` written next to `X` (the runtime by devtools/build_runtime.py, the pages, styles,
  scripts and search index by devtools/compress_site.py) are sent with Content-Encoding when the request's
  Accept-Encoding allows it (brotli first), for any file that has such a sibling, with
  `Vary: Accept-Encoding`.
- The service worker (`/sw.js`, scope: the site root) is an ordinary script here: the `_headers` rules
  give it `Cache-Control: no-cache`, never the runtime's immutable caching.
Standard library only; binds to 127.0.0.1 by default. Not a production server.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import os
import re
import sys
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
SCRIPT_PLACEHOLDER = "'inline-script-hashes'"
STYLE_PLACEHOLDER = "'inline-style-hashes'"
EXECUTABLE_SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript"}
MIME = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".map": "application/json",
    ".css": "text/css",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".whl": "application/octet-stream",
    ".zip": "application/zip",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
}
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


# ----------------------------------------------------------------------------- inline hashes

_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_STYLE_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_TYPE_RE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC_RE = re.compile(r"\bsrc\s*=", re.I)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_hashes(site: Path) -> tuple[list[str], list[str]]:
    """CSP source expressions for every distinct inline script and style block in the built HTML."""
    scripts, styles = set(), set()
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        for attrs, body in _SCRIPT_RE.findall(text):
            if _SRC_RE.search(attrs):
                continue
            m = _TYPE_RE.search(attrs)
            if (m.group(1).lower() if m else "") not in EXECUTABLE_SCRIPT_TYPES:
                continue  # JSON data blocks (mkdocs-material's __config) are not executed
            scripts.add(_hash(body))
        for body in _STYLE_RE.findall(text):
            styles.add(_hash(body))
    return sorted(scripts), sorted(styles)


def fill_placeholders(headers_text: str, site: Path) -> str:
    scripts, styles = inline_hashes(site)
    return (headers_text.replace(SCRIPT_PLACEHOLDER, " ".join(scripts))
            .replace(STYLE_PLACEHOLDER, " ".join(styles))
            .replace("  ;", ";").replace(" ;", ";"))


def write_headers(site: Path, source: Path | None = None) -> Path:
    """Write site/_headers with the hashes filled in (call after `mkdocs build`)."""
    src = source or (site / "_headers" if (site / "_headers").is_file() else ROOT / "docs" / "_headers")
    text = fill_placeholders(src.read_text(encoding="utf-8"), site)
    out = site / "_headers"
    if not out.is_file() or out.read_text(encoding="utf-8") != text:
        out.write_text(text, encoding="utf-8")
    return out


# ----------------------------------------------------------------------------- _headers rules

def parse_headers(text: str) -> list[tuple[re.Pattern, list[tuple[str, str | None]]]]:
    """[(path pattern, [(name, value) or (name, None) to remove])] in file order."""
    rules: list[tuple[re.Pattern, list]] = []
    current = None
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if not raw[0].isspace():
            pattern = "".join(".*" if ch == "*" else re.escape(ch) for ch in raw.strip())
            pattern = re.sub(r"\\:[A-Za-z_]\w*", "[^/]+", pattern)  # :placeholder = one segment
            current = []
            rules.append((re.compile(pattern + r"\Z"), current))
        elif current is not None:
            line = raw.strip()
            if line.startswith("!"):
                current.append((line[1:].strip(), None))
            elif ":" in line:
                name, value = line.split(":", 1)
                current.append((name.strip(), value.strip()))
    return rules


def headers_for(rules, path: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for pattern, headers in rules:
        if pattern.match(path):
            for name, value in headers:
                key = next((k for k in out if k.lower() == name.lower()), name)
                out.pop(key, None)
                if value is not None:
                    out[name] = value
    return out


def accepted(accept_encoding: str) -> set[str]:
    ok = set()
    for part in (accept_encoding or "").split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ok.add(bits[0].lower())
    return ok


# ----------------------------------------------------------------------------- server

def make_handler(site: Path, rules, quiet: bool):
    class Handler(SimpleHTTPRequestHandler):
        server_version = "mi-serve"
        sys_version = ""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site), **kwargs)

        def log_message(self, fmt, *args):
            if not quiet:
                super().log_message(fmt, *args)

        def _resolve(self) -> tuple[Path | None, str]:
            url_path = unquote(urlsplit(self.path).path)
            rel = os.path.normpath(url_path.lstrip("/"))
            if rel.startswith("..") or os.path.isabs(rel):
                return None, url_path
            target = site / rel if rel != "." else site
            if target.is_dir():
                if not url_path.endswith("/"):
                    return target, url_path  # redirect below
                target = target / "index.html"
            return (target if target.is_file() else None), url_path

        def send_head(self):
            target, url_path = self._resolve()
            if target is not None and target.is_dir():
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                parts = urlsplit(self.path)
                self.send_header("Location", parts.path + "/" + (("?" + parts.query) if parts.query else ""))
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            status = HTTPStatus.OK
            if target is None:
                status = HTTPStatus.NOT_FOUND
                target = site / "404.html"
                if not target.is_file():
                    self.send_error(HTTPStatus.NOT_FOUND)
                    return None
            body_path, encoding = target, None
            if status == HTTPStatus.OK:
                ok = accepted(self.headers.get("Accept-Encoding", ""))
                for enc, ext in ENCODINGS:
                    candidate = target.with_name(target.name + ext)
                    if enc in ok and candidate.is_file():
                        body_path, encoding = candidate, enc
                        break
            try:
                f = open(body_path, "rb")  # noqa: SIM115  (closed by the base class after copyfile)
            except OSError:
                self.send_error(HTTPStatus.NOT_FOUND)
                return None
            size = os.fstat(f.fileno()).st_size
            self.send_response(status)
            self.send_header("Content-Type", MIME.get(target.suffix.lower()) or self.guess_type(str(target)))
            self.send_header("Content-Length", str(size))
            if encoding:
                self.send_header("Content-Encoding", encoding)
            if any(target.with_name(target.name + ext).is_file() for _, ext in ENCODINGS):
                self.send_header("Vary", "Accept-Encoding")
            for name, value in headers_for(rules, url_path).items():
                self.send_header(name, value)
            self.end_headers()
            return f

    return Handler


def load_rules(site: Path, headers_file: Path | None):
    src = headers_file or (site / "_headers" if (site / "_headers").is_file() else ROOT / "docs" / "_headers")
    return parse_headers(fill_placeholders(src.read_text(encoding="utf-8"), site))


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser that cancels a download (a navigation, a closed tab) is not a server error.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)


def make_server(site: Path, port: int = 8000, host: str = "127.0.0.1", headers_file: Path | None = None,
                quiet: bool = True) -> ThreadingHTTPServer:
    """A ready-to-run server (port 0 picks a free one: read server.server_address)."""
    rules = load_rules(site, headers_file)
    server = _Server((host, port), make_handler(site, rules, quiet))
    server.daemon_threads = True
    return server


def serve_in_thread(site: Path, port: int = 0, **kwargs) -> tuple[ThreadingHTTPServer, str]:
    server = make_server(site, port, **kwargs)
    threading.Thread(target=server.serve_forever, name="serve-site", daemon=True).start()
    host, real_port = server.server_address[:2]
    return server, f"http://{host}:{real_port}"


DEMO_PAGE = """<!doctype html>
<html lang="{html_lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{up}stylesheets/calculator.css">
</head>
<body>
<main>
<h1>{title}</h1>
{spacer}<div class="mi-calculator" data-region="{region}" data-lang="{lang}" data-autostart="{autostart}">
<p>{fallback}</p>
</div>
</main>
<script type="module" src="{up}javascripts/calculator/main.js"></script>
</body>
</html>
"""


def make_demo_site(dest: Path, region: str = "guangzhou") -> Path:
    """A minimal site with the calculator widget, for browser tests and benchmarks before (or instead of)
    the real mkdocs site: / (English, autostart), /zh/ (Chinese), /lazy/ (starts when scrolled into view).
    The runtime (docs/assets/runtime, from devtools/build_runtime.py) is linked, not copied."""
    import shutil

    dest.mkdir(parents=True, exist_ok=True)
    docs = ROOT / "docs"
    widget = [p.relative_to(docs).as_posix() for p in sorted((docs / "javascripts" / "calculator").glob("*.js"))]
    for rel in (*widget, "javascripts/calculator-worker.mjs", "stylesheets/calculator.css", "sw.js"):
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(docs / rel, dest / rel)
    shutil.copy2(docs / "_headers", dest / "_headers")
    runtime = dest / "assets" / "runtime"
    runtime.parent.mkdir(parents=True, exist_ok=True)
    if not runtime.exists():
        try:
            runtime.symlink_to(docs / "assets" / "runtime", target_is_directory=True)
        except OSError:
            shutil.copytree(docs / "assets" / "runtime", runtime)
    pages = {
        "": dict(lang="en", html_lang="en", title="Calculator", autostart="true", spacer=""),
        "zh/": dict(lang="zh", html_lang="zh-CN", title="计算器", autostart="true", spacer=""),
        "lazy/": dict(lang="en", html_lang="en", title="Region page", autostart="false",
                      spacer="<p>Text before the calculator.</p>\n" * 200),
    }
    for path, values in pages.items():
        up = "../" * path.count("/")
        fallback = "计算器需要 JavaScript。" if values["lang"] == "zh" else "The calculator needs JavaScript."
        html_text = DEMO_PAGE.format(up=up, region=region, fallback=fallback, **values)
        (dest / path).mkdir(parents=True, exist_ok=True)
        (dest / path / "index.html").write_text(html_text, encoding="utf-8")
    (dest / "404.html").write_text("<!doctype html><html lang=en><title>Not found</title><p>Not found</p>",
                                   encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Serve the built site with its security headers.")
    ap.add_argument("port", nargs="?", type=int, default=8000)
    ap.add_argument("--root", type=Path, default=ROOT / "site")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--headers", type=Path, default=None, help="a _headers file (default: ROOT/_headers)")
    ap.add_argument("--write-headers", type=Path, metavar="SITE", help="fill the CSP hashes into SITE/_headers and exit")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    if args.write_headers:
        out = write_headers(args.write_headers, args.headers)
        print(f"serve: wrote {out}", file=sys.stderr)
        return 0
    if not (args.root / "index.html").is_file():
        print(f"serve: {args.root} has no index.html: build the site first (make site)", file=sys.stderr)
        return 2
    server = make_server(args.root, args.port, args.host, args.headers, args.quiet)
    host, port = server.server_address[:2]
    print(f"serve: http://{host}:{port}/ (Ctrl-C stops)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

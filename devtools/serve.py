"""Serve the built site locally the way the production host should: security headers, right MIME types,
precompressed files.

    .venv/bin/python -m devtools.serve [PORT] [--root site] [--host 127.0.0.1]
    .venv/bin/python -m devtools.serve --write-headers site     # after mkdocs build: fill in CSP hashes

- Headers come from `_headers` (Cloudflare Pages / Netlify format) in the site root, else docs/_headers.
  The placeholders 'inline-script-hashes' and 'inline-style-hashes' are replaced by the sha256 hashes
  of the inline <script> / <style> elements that the theme's templates and overrides/ emit (mkdocs-material
  emits a few, and their text differs with the page depth), so the CSP needs neither 'unsafe-inline' nor
  'unsafe-eval'; any other executable inline code in a built page fails --write-headers (exit 2).
- Headers are matched on the normalised path of the file served; a request path not in normal form
  (dot segments, empty segments, backslashes, encoded "/", "\\" or NUL) is refused with 400, and
  `_headers` is never served.
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
#
# The CSP trusts an inline <script>/<style> only if the theme's templates or ours (overrides/) emit it: the
# allowed bodies come from those template files, not from whatever the built HTML holds, so a script that
# policy text smuggled into a page is never hashed. A template body's {{ ... }} holes (mkdocs-material puts
# the page's base URL inside a JS string there) may only be filled with URL-path characters, which cannot
# end the string. A built page with an executable inline script outside the list fails --write-headers.

_SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_STYLE_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
_TYPE_RE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC_RE = re.compile(r"\bsrc\s*=", re.I)
_HOLE = re.compile(r"\{\{.*?\}\}", re.S)
_HOLE_FILL = r"[A-Za-z0-9./_:+ -]*"
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}  # never executed: not hashed, not checked


class InlineCodeError(ValueError):
    """A built page holds inline code that no template emits."""


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def template_dirs() -> list[Path]:
    """The installed theme's templates and our overrides: the only sources of inline code."""
    import material

    return [Path(material.__file__).parent / "templates", ROOT / "overrides"]


def _executable(attrs: str) -> bool:
    m = _TYPE_RE.search(attrs)
    return not _SRC_RE.search(attrs) and (m.group(1).lower() if m else "") not in DATA_SCRIPT_TYPES


def _body_pattern(body: str) -> re.Pattern | None:
    """A template body as a pattern: literal text, holes filled only with URL-path characters. Bodies with
    Jinja statements or comments are left out (what they render to cannot be known from the source)."""
    if "{%" in body or "{#" in body:
        return None
    return re.compile(_HOLE_FILL.join(re.escape(part) for part in _HOLE.split(body)), re.S)


def allowed_inline(dirs: list[Path] | None = None) -> tuple[list[re.Pattern], list[re.Pattern]]:
    """(script patterns, style patterns) from the template sources."""
    scripts, styles = {}, {}
    for folder in dirs or template_dirs():
        for file in sorted(folder.rglob("*.html")):
            text = file.read_text(encoding="utf-8")
            for attrs, body in _SCRIPT_RE.findall(text):
                if _executable(attrs) and (pattern := _body_pattern(body)):
                    scripts[pattern.pattern] = pattern
            for body in _STYLE_RE.findall(text):
                if pattern := _body_pattern(body):
                    styles[pattern.pattern] = pattern
    return list(scripts.values()), list(styles.values())


def inline_hashes(site: Path, dirs: list[Path] | None = None) -> tuple[list[str], list[str]]:
    """CSP source expressions for the inline scripts and styles of the built HTML that the templates emit;
    InlineCodeError naming the page for any other executable inline script or style."""
    script_ok, style_ok = allowed_inline(dirs)
    scripts, styles, strangers = set(), set(), []
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        found = [("script", body, script_ok, scripts) for attrs, body in _SCRIPT_RE.findall(text) if _executable(attrs)]
        found += [("style", body, style_ok, styles) for body in _STYLE_RE.findall(text)]
        for kind, body, allowed, hashes in found:
            if any(p.fullmatch(body) for p in allowed):
                hashes.add(_hash(body))
            else:
                strangers.append(f"{page.relative_to(site)}: inline {kind} {body.strip()[:80]!r}")
    if strangers:
        raise InlineCodeError("inline code that neither the theme nor overrides/ emit (not trusted by the CSP):\n  "
                              + "\n  ".join(strangers[:20]))
    return sorted(scripts), sorted(styles)


def fill_placeholders(headers_text: str, site: Path, dirs: list[Path] | None = None) -> str:
    if SCRIPT_PLACEHOLDER not in headers_text and STYLE_PLACEHOLDER not in headers_text:
        return headers_text  # already filled (site/_headers after --write-headers)
    scripts, styles = inline_hashes(site, dirs)
    return (headers_text.replace(SCRIPT_PLACEHOLDER, " ".join(scripts))
            .replace(STYLE_PLACEHOLDER, " ".join(styles))
            .replace("  ;", ";").replace(" ;", ";"))


def write_headers(site: Path, source: Path | None = None, dirs: list[Path] | None = None) -> Path:
    """Write site/_headers with the hashes filled in (call after `mkdocs build`); InlineCodeError if a page
    holds inline code the templates do not emit. ``dirs``: the template folders of another generator."""
    src = source or (site / "_headers" if (site / "_headers").is_file() else ROOT / "docs" / "_headers")
    text = fill_placeholders(src.read_text(encoding="utf-8"), site, dirs)
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


HIDDEN = {"_headers", "_headers.br", "_headers.gz"}  # host configuration, not content
_ENCODED_SEPARATOR = re.compile(r"%(2f|5c|00)", re.I)
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\]")


def normal_path(request_target: str) -> str | None:
    """The decoded path when it is already in normal form, else None (the request is refused). Normal: starts
    with "/", no empty, "." or ".." segments, no backslash or control character, no encoded "/", "\\" or NUL.
    A path that only normalises to a page (/embed/../calculator/, /embed%2f..%2fcalculator/) is refused rather
    than served, so no spelling of a page's path can pick up the headers of another (frame-ancestors *)."""
    # urlsplit would read "//host/x" as a host: only an absolute URL ("http://...") goes through it.
    raw = request_target.partition("?")[0].partition("#")[0] if request_target.startswith("/") else \
        urlsplit(request_target).path
    if _ENCODED_SEPARATOR.search(raw) or not raw.isascii():
        return None
    try:
        decoded = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    if not decoded.startswith("/") or _UNSAFE.search(decoded):
        return None
    segments = decoded[1:].split("/")
    inner = segments[:-1]  # the last may be empty: a directory's trailing slash
    if any(seg in ("", ".", "..") for seg in inner) or segments[-1] in (".", ".."):
        return None
    return decoded


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

        def send_error(self, code, message=None, explain=None):
            # An error answer carries the headers of a non-embed page too (frame-ancestors 'none').
            self._error_headers = headers_for(rules, "/404.html")
            super().send_error(code, message, explain)

        def end_headers(self):
            for name, value in getattr(self, "_error_headers", {}).items():
                self.send_header(name, value)
            self._error_headers = {}
            super().end_headers()

        def log_message(self, fmt, *args):
            if not quiet:
                super().log_message(fmt, *args)

        def _resolve(self) -> tuple[Path | None, str]:
            """(file or directory to serve or None, the path its headers are matched on). The path is
            already normal (see normal_path): the headers follow the file actually served."""
            url_path = normal_path(self.path)
            rel = url_path.lstrip("/")
            if rel.split("/")[-1] in HIDDEN:
                return None, "/404.html"
            target = site / rel if rel else site
            if target.is_dir():
                if not url_path.endswith("/"):
                    return target, url_path  # redirect below
                target = target / "index.html"
            return (target, url_path) if target.is_file() else (None, "/404.html")

        def send_head(self):
            if normal_path(self.path) is None:
                self.send_error(HTTPStatus.BAD_REQUEST, "path is not in normal form")
                return None
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
<script type="module" src="{up}assets/widget/calculator.js"></script>
</body>
</html>
"""


def make_demo_site(dest: Path, region: str = "guangzhou") -> Path:
    """A minimal site with the calculator widget, for browser tests and benchmarks before (or instead of)
    the real mkdocs site: / (English, autostart), /zh/ (Chinese), /lazy/ (starts when scrolled into view).
    The runtime (docs/assets/runtime, from devtools/build_runtime.py) is linked, not copied."""
    import shutil

    from guide.widget_bundle import BUNDLE, bundle_widget

    dest.mkdir(parents=True, exist_ok=True)
    docs = ROOT / "docs"
    bundle_widget(docs, dest / BUNDLE)  # the widget as the site ships it
    for rel in ("javascripts/calculator-worker.mjs", "stylesheets/calculator.css", "sw.js"):
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
        try:
            out = write_headers(args.write_headers, args.headers)
        except InlineCodeError as exc:
            print(f"serve: {exc}", file=sys.stderr)
            return 2
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

"""devtools/compress_site.py writes .gz/.br siblings only when they change; devtools/serve.py sends them
with Content-Encoding and Vary: Accept-Encoding, and the plain file to a client that accepts neither."""

from __future__ import annotations

import gzip
import shutil
import urllib.request
from pathlib import Path

from devtools import compress_site, serve

PAGE = "<!doctype html><html lang=en><title>t</title><p>" + "Medical insurance pay-back. " * 400 + "</p></html>"


def _site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    (site / "index.html").write_text(PAGE, encoding="utf-8")
    (site / "search" / "search_index.json").write_text('{"docs": [' + ",".join(['{"t": "x"}'] * 300) + "]}")
    (site / "tiny.css").write_text("a{}")
    (site / "_headers").write_text("/*\n  Cache-Control: no-cache\n")
    return site


def _get(url: str, accept: str | None):
    request = urllib.request.Request(url, headers={"Accept-Encoding": accept} if accept else {})
    with urllib.request.urlopen(request) as response:
        return response.headers, response.read()


def test_siblings_written_once_and_served_with_content_encoding(tmp_path):
    site = _site(tmp_path)
    node = shutil.which("node")
    stats = compress_site.compress(site, node)
    assert stats["gz_written"] == 2 and not (site / "tiny.css.gz").exists()
    assert gzip.decompress((site / "index.html.gz").read_bytes()).decode() == PAGE
    mtime = (site / "index.html.gz").stat().st_mtime_ns
    again = compress_site.compress(site, node)
    assert again["gz_written"] == 0 and (site / "index.html.gz").stat().st_mtime_ns == mtime
    if node:
        assert (site / "index.html.br").is_file() and again["br_written"] == 0

    server, url = serve.serve_in_thread(site)
    try:
        headers, body = _get(url + "/", "gzip")
        assert headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"]
        assert gzip.decompress(body).decode() == PAGE
        headers, body = _get(url + "/", None)
        assert headers.get("Content-Encoding") is None and body.decode() == PAGE
        if node:
            headers, body = _get(url + "/search/search_index.json", "gzip, deflate, br")
            assert headers["Content-Encoding"] == "br" and headers["Content-Type"] == "application/json"
            assert len(body) < (site / "search" / "search_index.json").stat().st_size
    finally:
        server.shutdown()
        server.server_close()


def test_orphaned_siblings_are_removed(tmp_path):
    site = _site(tmp_path)
    compress_site.compress(site, None)
    (site / "index.html").unlink()
    (site / "index.html").write_text("<!doctype html><p>new</p>")  # now too small to compress
    (site / "search" / "search_index.json").unlink()
    compress_site.compress(site, None)
    assert not (site / "search" / "search_index.json.gz").exists()
    assert not (site / "index.html.gz").exists()

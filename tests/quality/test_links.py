"""Links: a stdlib crawler over the built output. Every internal href/src in HTML and url() in CSS resolves
to a file, every #fragment to an id (or name) on the target page; every source URL in policies/ is a
well-formed http(s) URL (no network)."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from calculator.record import Record
from calculator.record import fields as record_fields
from guide.policy_files import load_policies

LINK_ATTRS = {"href", "src", "poster", "data"}
SKIP_SCHEMES = {"mailto", "tel", "data", "blob"}
CSS_URL = re.compile(r"url\(\s*(['\"]?)([^'\")]+)\1\s*\)")


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif name in LINK_ATTRS and not (tag == "link" and ("rel", "canonical") in attrs):
                self.links.append((tag, value))
            elif name == "srcset":
                self.links += [(tag, part.split()[0]) for part in value.split(",") if part.strip()]


def site_path(site: Path, url_path: str) -> Path | None:
    """The file a static host serves for an absolute URL path, or None."""
    rel = unquote(url_path).lstrip("/")
    target = site / rel
    if url_path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def crawl(site: Path):
    pages: dict[Path, Page] = {}
    for file in sorted(site.rglob("*.html")):
        parser = Page()
        parser.feed(file.read_text(encoding="utf-8", errors="replace"))
        pages[file] = parser
    return pages


def test_every_internal_link_anchor_and_asset_resolves(site_dir):
    site = site_dir.resolve()
    pages = crawl(site)
    checked, fragments, broken = 0, 0, []
    for file, parser in pages.items():
        base = "http://site.invalid/" + file.relative_to(site).as_posix()
        for tag, raw in parser.links:
            parts = urlsplit(raw)
            if parts.scheme in SKIP_SCHEMES or (parts.scheme and parts.scheme not in ("http", "https")):
                if parts.scheme == "javascript":
                    broken.append(f"{file.relative_to(site)}: javascript: URL in <{tag}>")
                continue
            if parts.netloc and parts.netloc != "site.invalid":
                continue  # external (checked by the no-off-host browser test and the policy URL test)
            url = urlsplit(urljoin(base, raw))
            target = site_path(site, url.path)
            checked += 1
            if target is None:
                broken.append(f"{file.relative_to(site)}: <{tag}> {raw} -> {url.path} not found")
                continue
            if url.fragment and target.suffix == ".html":
                fragments += 1
                ids = pages[target].ids if target in pages else set()
                if unquote(url.fragment) not in ids:
                    broken.append(f"{file.relative_to(site)}: {raw} -> #{url.fragment} not on {target.relative_to(site)}")
    for css in sorted(site.rglob("*.css")):
        base = "http://site.invalid/" + css.relative_to(site).as_posix()
        for _, raw in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            parts = urlsplit(raw.strip())
            if parts.scheme or raw.startswith("#"):
                continue
            checked += 1
            if site_path(site, urlsplit(urljoin(base, raw.strip())).path) is None:
                broken.append(f"{css.relative_to(site)}: url({raw}) not found")
    print(f"links: {len(pages)} pages, {checked} internal links/assets, {fragments} fragments checked")
    assert checked > 1000, f"only {checked} links checked: is the crawler reading the site?"
    assert broken == [], f"{len(broken)} broken:\n" + "\n".join(broken[:60])


def _fields(obj) -> dict | None:
    if isinstance(obj, Record):
        return record_fields(obj)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    if type(obj).__module__.startswith("calculator") and hasattr(obj, "__dict__"):
        return vars(obj)
    return None


def _urls(obj, path="rules"):
    """Every field named url (or ending in _url) anywhere in the validated rules."""
    fields = _fields(obj)
    if fields is not None:
        for name, value in fields.items():
            if name == "url" or name.endswith("_url"):
                if value is not None:
                    yield f"{path}.{name}", value
            else:
                yield from _urls(value, f"{path}.{name}")
    elif isinstance(obj, Mapping):
        for k, v in obj.items():
            yield from _urls(v, f"{path}[{k!r}]")
    elif isinstance(obj, (list, tuple)):
        for i, v in enumerate(obj):
            yield from _urls(v, f"{path}[{i}]")


HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.I)


def test_every_policy_source_url_is_well_formed():
    urls = list(_urls(load_policies()))
    assert len(urls) >= 20, f"only {len(urls)} URLs found in the policies"
    bad = []
    for where, url in urls:
        parts = urlsplit(url)
        ok = (isinstance(url, str) and parts.scheme in ("http", "https") and HOST.match(parts.hostname or "")
              and not re.search(r"\s", url) and parts.username is None and parts.password is None)
        try:
            parts.port  # noqa: B018  (raises on a malformed port)
        except ValueError:
            ok = False
        if not ok:
            bad.append(f"{where}: {url!r}")
    print(f"policy URLs: {len(urls)} checked")
    assert bad == [], "\n".join(bad)

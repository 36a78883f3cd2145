"""devtools/serve.py (issue 19): headers follow the normalised path of the file served, a path that is not in
normal form is refused, /_headers is never served, and the CSP trusts only inline code the templates emit.

HTTP level, on localhost, against a small site with the production _headers (docs/_headers); the browser
check of the same thing is tests/embed/test_encoded_paths.py.
"""

import http.client
import shutil
from pathlib import Path

import pytest

from devtools import serve

ROOT = Path(__file__).resolve().parents[1]
PAGE = "<!doctype html><html lang=en><title>{0}</title><p>{0}</p>"

# Spellings of a non-embed page (or a file) that pass through an embed folder; none may get frame-ancestors *.
ENCODED = [
    "/embed/../calculator/", "/embed%2f..%2fcalculator/", "/embed%2F..%2Fcalculator/", "/embed/%2e%2e/calculator/",
    "/embed/%2E%2E/calculator/", "/embed/..%2fcalculator/", "//embed/../calculator/", "/embed//../calculator/",
    "/embed\\..\\calculator/", "/embed%5c..%5ccalculator/", "/embed/./../calculator/", "/embed/%252e%252e/calculator/",
    "/zh/embed/../../calculator/", "/zh/embed%2f..%2f..%2fcalculator/", "/embed/..;/calculator/",
    "/embed/%2e%2e%2fcalculator/", "/embed%2f%2e%2e%2fcalculator/", "/./embed/../calculator/",
    "/embed/.%2e/calculator/", "/embed/..%00/calculator/", "/embed/../index.html", "/embed/calculator/../../",
    "/embed/calculator/%2e%2e/%2e%2e/calculator/", "/embed/%c0%ae%c0%ae/calculator/", "/embed/calculator/..",
    "/embed/../_headers", "/embed//calculator/../../calculator/", "http://127.0.0.1/embed/../calculator/",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve-site")
    for rel in ("", "calculator/", "embed/calculator/", "zh/embed/calculator/", "zh/calculator/"):
        (root / rel).mkdir(parents=True, exist_ok=True)
        (root / rel / "index.html").write_text(PAGE.format(rel or "home"), encoding="utf-8")
    (root / "404.html").write_text(PAGE.format("not found"), encoding="utf-8")
    shutil.copy2(ROOT / "docs" / "_headers", root / "_headers")
    server, _ = serve.serve_in_thread(root)
    yield server.server_address[:2]
    server.shutdown()
    server.server_close()


def get(address, path: str) -> tuple[int, str, bytes]:
    conn = http.client.HTTPConnection(*address, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)  # sent as written: no client-side normalising
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, response.getheader("Content-Security-Policy") or "", body


def frame_ancestors(csp: str) -> str:
    return next((d.strip() for d in csp.split(";") if d.strip().startswith("frame-ancestors")), "")


def test_embed_pages_may_be_framed_and_others_not(site):
    for path in ("/embed/calculator/", "/zh/embed/calculator/", "/embed/calculator/?region=x"):
        status, csp, _ = get(site, path)
        assert status == 200 and frame_ancestors(csp) == "frame-ancestors *", path
    for path in ("/", "/calculator/", "/zh/calculator/", "/404.html", "/nope/"):
        _, csp, _ = get(site, path)
        assert frame_ancestors(csp) == "frame-ancestors 'none'", path


@pytest.mark.parametrize("path", ENCODED)
def test_no_spelling_of_a_path_frames_a_non_embed_page(site, path):
    status, csp, body = get(site, path)
    assert status in (400, 404), (path, status)
    assert frame_ancestors(csp) == "frame-ancestors 'none'", (path, status, csp)
    assert b"<p>calculator/</p>" not in body and b"<p>home</p>" not in body


@pytest.mark.parametrize("path", ["/_headers", "/%5fheaders", "/_headers.br", "/zh/../_headers"])
def test_the_headers_file_is_not_served(site, path):
    status, _, body = get(site, path)
    assert status in (400, 404) and b"Content-Security-Policy" not in body


@pytest.mark.parametrize(("target", "normal"), [
    ("/a/b/", "/a/b/"), ("/a/b", "/a/b"), ("/", "/"), ("/a%20b/", "/a b/"), ("/a/?x=../..", "/a/"),
    ("/a/../b/", None), ("/a/./b/", None), ("//a/", None), ("/a//b", None), ("/a%2fb", None), ("/a%5Cb", None),
    ("/a\\b", None), ("/a/..", None), ("/a/%2e%2e/", None), ("/a%00", None), ("/a/%ff/", None), ("a/b", None),
])
def test_normal_path(target, normal):
    assert serve.normal_path(target) == normal


# ---- CSP hashes come from the templates, not from the built pages ------------------------------------------

THEME_SCRIPT = ('<script>__md_scope=new URL("../..",location),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_'
                '.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),'
                '__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}'
                'catch(e){}}</script>')


def write_site(root: Path, extra: str) -> Path:
    (root / "page").mkdir(parents=True)
    (root / "page" / "index.html").write_text(
        f"<!doctype html><html><head>{THEME_SCRIPT}"
        '<script type="application/ld+json">{"@type": "FAQPage"}</script>'
        '<script id="__config" type="application/json">{"base": "../.."}</script>'
        f"</head><body><p>text</p>{extra}</body></html>", encoding="utf-8")
    shutil.copy2(ROOT / "docs" / "_headers", root / "_headers")
    return root


def test_theme_scripts_are_hashed_and_data_blocks_are_not(tmp_path):
    site = write_site(tmp_path / "site", "")
    scripts, styles = serve.inline_hashes(site)
    body = THEME_SCRIPT[len("<script>"):-len("</script>")]
    assert scripts == [serve._hash(body)] and styles == []
    assert serve.main(["--write-headers", str(site)]) == 0
    assert serve._hash(body) in (site / "_headers").read_text(encoding="utf-8")


@pytest.mark.parametrize("injected", [
    "<script>alert(1)</script>", "<SCRIPT type=text/javascript>alert(1)</SCRIPT>", "<script type=module>x()</script>",
    '<script type="text/jscript">alert(1)</script>', "<style>body{background:url(//evil)}</style>",
    THEME_SCRIPT.replace('"../.."', '"../.."+alert(1)+""'),
])
def test_write_headers_fails_naming_the_page_on_inline_code_no_template_emits(tmp_path, injected, capsys):
    site = write_site(tmp_path / "site", injected)
    before = (site / "_headers").read_text(encoding="utf-8")
    assert serve.main(["--write-headers", str(site)]) == 2
    err = capsys.readouterr().err
    assert "page/index.html" in err and "inline" in err
    assert (site / "_headers").read_text(encoding="utf-8") == before  # placeholders left, nothing trusted


def test_the_allowlist_comes_from_the_theme_and_overrides_templates():
    scripts, _ = serve.allowed_inline()
    sources = "\n".join(p.pattern for p in scripts)
    assert "__md_scope" in sources and "palette" in sources  # mkdocs-material's templates
    assert "__miEarly" in sources  # overrides/main.html

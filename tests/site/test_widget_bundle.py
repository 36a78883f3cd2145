"""The widget ships as one bundled module (guide/widget_bundle.py): what the pages load, and how bundling fails."""

from __future__ import annotations

import re

import pytest
from site_build import ROOT

from guide.widget_bundle import BUNDLE, ENTRY, BundleError, bundle_widget


@pytest.mark.parametrize("path", ["calculator/index.html", "zh/calculator/index.html", "embed/calculator/index.html",
                                  "regions/guangzhou/index.html"])
def test_pages_load_the_widget_as_one_module(built, path):
    page = (built / "site" / path).read_text(encoding="utf-8")
    modules = re.findall(r'<script\b[^>]*\btype="module"[^>]*>', page)
    assert len(modules) == 1, modules
    src = re.search(r'src="([^"]+)"', modules[0]).group(1)
    assert src.endswith("assets/widget/calculator.js"), src


def test_the_bundle_is_self_contained_and_the_sources_are_not_shipped(built):
    site = built / "site"
    bundle = (site / BUNDLE).read_text(encoding="utf-8")
    assert not re.search(r"""\bimport\s*(\{|\*|["'])|\bfrom\s*["']\.""", bundle), "the bundle still imports modules"
    for needed in ("calculator-worker.mjs", "assets/runtime/manifest.json", "sw.js"):  # urls.js, from the site root
        assert needed in bundle, needed
    assert not (site / "javascripts" / "calculator").exists(), "the source modules were copied into the site"


def test_bundling_is_reproducible(built, tmp_path):
    out = tmp_path / "calculator.js"
    assert bundle_widget(ROOT / "docs", out) is True
    assert out.read_bytes() == (built / "site" / BUNDLE).read_bytes()
    assert bundle_widget(ROOT / "docs", out) is False  # same bytes: not rewritten


def test_a_syntax_error_names_the_file_in_both_languages(tmp_path):
    docs = tmp_path / "docs"
    (docs / ENTRY).parent.mkdir(parents=True)
    (docs / ENTRY).write_text('import { x } from "./missing.js";\nexport const y = ;\n', encoding="utf-8")
    out = tmp_path / "out.js"
    with pytest.raises(BundleError) as caught:
        bundle_widget(docs, out)
    message = str(caught.value)
    assert "main.js" in message and "打包失败" in message, message
    assert not out.exists(), "a failed bundle must not leave a file"


def test_a_missing_bundler_says_what_to_run(tmp_path):
    with pytest.raises(BundleError, match=r"npm ci"):
        bundle_widget(ROOT / "docs", tmp_path / "out.js", esbuild=tmp_path / "no-esbuild")

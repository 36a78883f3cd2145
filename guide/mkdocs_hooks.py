"""mkdocs hooks: generate pages from the policies and bundle the widget before each build; group region pages by
province in the nav.

Small and loud: a broken policy file aborts the build with the loader's message (file:line: field: message),
before mkdocs touches site/, so the previous site stays intact. Unknown shortcodes raise.

Build time (issue 8): the preview cards render in the background while mkdocs converts the pages (waited for
in on_env), and the raw HTML blocks of generated pages bypass Python-Markdown (on_page_markdown lifts them
out, on_page_content puts them back).
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
from html import unescape
from pathlib import Path

from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

from guide import cli, shortcodes
from guide.markdown_blocks import HTML_BLOCK_END, HTML_BLOCK_START
from guide.page_models import province_groups
from guide.paths import ENV_POLICIES, LANGS, SUFFIX
from guide.widget_bundle import BUNDLE, BundleError, bundle_widget
from guide.wording import Wording

log = logging.getLogger("mkdocs.hooks.guide")
# Region pages are indexed for search up to this heading: title, meta line and the answers of "In short"
# (see _index_summary_only; the answers name hospital bills, 住院, so such searches find region pages).
SEARCH_CUT = '<h2 id="can-i-pay-back"'
STATE: dict = {}  # rules and as-of date of the last generation, for the nav and shortcodes
# Raw HTML blocks of generated pages (guide.markdown_blocks.html_block) wait outside Markdown under a placeholder
# paragraph: letters and digits only, so no Markdown pattern touches it; the nonce keeps it out of any text.
HTML_BLOCK = re.compile(
    rf"^{re.escape(HTML_BLOCK_START)}\n(.*?)\n{re.escape(HTML_BLOCK_END)}$", re.M | re.S)
PLACEHOLDER = f"mihtmlblock{secrets.token_hex(8)}n"
PLACED = re.compile(rf"<p>{PLACEHOLDER}(\d+)</p>")
ANCHOR_ID = re.compile(r'<[a-z][^>]*?\sid="([^"]+)"')
STASH: dict[str, list[str]] = {}  # page src_uri -> its HTML blocks, from on_page_markdown to on_page_content


# ---- Hooks ------------------------------------------------------------------------------------------


def on_config(config, **kwargs):
    if not config.use_directory_urls:
        # The generated raw HTML tables link to pages as directories (regions/<slug>/): mkdocs does not
        # rewrite links inside raw HTML.
        raise PluginError("use_directory_urls: false is not supported (generated tables link to <page>/)")
    _index_summary_only()
    return config


def on_pre_build(config, **kwargs) -> None:
    """policies/ -> docs/regions/*.md etc. (write-if-changed, so `mkdocs serve` does not loop)."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False) and STATE:
        return  # the i18n plugin's nested build of another language: pages are already generated
    previous = STATE.pop("cards", None)
    if previous is not None:  # left by a build that failed before on_env (mkdocs serve): let it finish first
        previous.exception()
    docs = Path(config.docs_dir)
    root = Path(config.config_file_path).parent  # a copy of the sources (tests, benchmarks) builds its own policies
    args = ["--docs", str(docs), "--rules-json", str(root / "build" / "rules.json"), "--quiet"]
    if not os.environ.get(ENV_POLICIES):
        args += ["--policies", str(root / "policies")]
    status = cli.main(args, state=STATE)
    if status == 2:
        raise Abort("policy error (see above): the site was not rebuilt / 政策文件有误，网站未重建")
    if status != 0:
        raise Abort(f"the page generation failed with status {status}")
    try:
        bundle_widget(docs, docs / BUNDLE)
    except BundleError as exc:
        raise Abort(str(exc)) from exc


def on_env(env, config, files):
    """The preview cards, rendered in the background since on_pre_build, must be complete before mkdocs copies
    static files (right after this event)."""
    pending = STATE.pop("cards", None)
    if pending is not None:
        try:
            pending.result()
        except Exception as exc:
            raise Abort(f"preview cards: {exc}") from exc
    env.globals["guide_words"] = {lang: Wording(lang) for lang in LANGS}  # for theme overrides (404.html)
    env.globals["calculator_boot"] = calculator_boot(Path(config.docs_dir))  # for overrides/main.html
    return env


def calculator_boot(docs: Path) -> str:
    """What the calculator's worker needs from assets/runtime/manifest.json to start (file names, sizes, the
    sha256 of the wheel and the rules), as compact JSON for the page that spawns it early: start-up then does not wait for the
    manifest's round trip (the worker still fetches it, to check the page is not older than the runtime).
    Empty when the runtime is not built."""
    path = docs / "assets" / "runtime" / "manifest.json"
    if not path.is_file():
        return ""
    manifest = json.loads(path.read_text(encoding="utf-8"))
    files = manifest["files"]
    needed = [*files.values(), "pyodide.asm.mjs", "pyodide.asm.wasm"]
    boot = {
        "base": manifest["base"],
        "files": files,
        "package": manifest.get("package", "calculator"),
        "sha256": {files[k]: manifest["sha256"][files[k]] for k in ("wheel", "rules")},
        "sizes": {name: manifest["sizes"][name] for name in needed if name in manifest.get("sizes", {})},
    }
    return json.dumps(boot, sort_keys=True, separators=(",", ":"))


def on_nav(nav: Navigation, config, files) -> Navigation:
    """Replace the 'Regions' page with a section: the comparison table, then one sub-section per province."""
    rules = STATE.get("rules")
    if rules is None:
        return nav
    lang = "zh" if str(config.theme["language"]).startswith("zh") else "en"
    pages = {f.src_uri: f.page for f in files.documentation_pages() if f.page is not None}
    sfx = SUFFIX[lang]

    def page_for(stem: str) -> Page | None:
        return pages.get(f"regions/{stem}{sfx}.md") or pages.get(f"regions/{stem}.md")

    index = page_for("index")
    if index is None or index not in nav.items:
        raise PluginError("mkdocs.yml nav must list regions/index.md at the top level")
    title = Wording(lang)("nav_regions")
    provinces = []
    for province, regions in province_groups(rules, lang):
        children = [pg for pg in (page_for(r.slug) for r in regions) if pg is not None]
        provinces.append(Section(province, children))
    not_covered = page_for("not-covered")
    section = Section(title, [index, *([not_covered] if not_covered else []), *provinces])
    nav.items[nav.items.index(index)] = section
    _relink(nav)
    return nav


def on_page_markdown(markdown: str, page, config, files) -> str:
    """Shortcodes in hand-written pages (guide.shortcodes), then the HTML blocks of generated pages step aside."""
    lang = "zh" if str(config.theme["language"]).startswith("zh") else "en"
    try:
        markdown = shortcodes.expand(markdown, STATE["rules"], STATE["as_of"], lang, page.file.src_uri)
    except shortcodes.ShortcodeError as exc:
        raise PluginError(str(exc)) from exc
    return _stash_html_blocks(markdown, page)


def on_page_content(html: str, page, config, files) -> str:
    """The HTML blocks lifted out in on_page_markdown go back in place of their placeholders."""
    blocks = STASH.pop(page.file.src_uri, None)
    if not blocks:
        return html
    found = set()

    def put(match: re.Match) -> str:
        found.add(int(match.group(1)))
        return blocks[int(match.group(1))]

    html = PLACED.sub(put, html)
    if len(found) != len(blocks):
        raise PluginError(f"{page.file.src_uri}: {len(blocks) - len(found)} HTML block(s) lost in Markdown "
                          "(an html_block must stand as a block of its own, between blank lines)")
    # mkdocs collected the page's ids from its Markdown, before the blocks came back: links to #src-... in the
    # text are checked against these.
    if page.present_anchor_ids is not None:
        for block in blocks:
            page.present_anchor_ids.update(unescape(a) for a in ANCHOR_ID.findall(block))
    return html


# ---- Helper functions ---------------------------------------------------------------------------------


def _stash_html_blocks(markdown: str, page) -> str:
    """Lift each marked raw HTML block (the big tables and source lists of generated pages) out of the
    Markdown, leaving a placeholder paragraph. Python-Markdown would only pass the block through, but it parses
    it tag by tag on the way (twice, with mkdocs' anchor scan), which costs more than the rest of the page."""
    blocks: list[str] = []

    def lift(match: re.Match) -> str:
        blocks.append(match.group(1))
        return f"\n\n{PLACEHOLDER}{len(blocks) - 1}\n\n"

    markdown = HTML_BLOCK.sub(lift, markdown)
    if blocks:
        STASH[page.file.src_uri] = blocks
    return markdown


def _index_summary_only() -> None:
    """Search indexes a region page's title, meta line and "In short" section, not the whole page.

    Every region page repeats the same questions, tables and source lists, so indexing them whole made the
    search index grow by ~65 KB per page (130 MB at 1000 regions, downloaded by every reader who searches)
    and cost a third of the build. The summary names the region, its province and the topic (补缴), which
    is what a reader searches for; the page itself holds the details. Wraps Material's SearchIndex once;
    if Material changes that class, pages are indexed whole again (slower, still correct).
    """
    try:
        from material.plugins.search.plugin import SearchIndex
    except ImportError:  # pragma: no cover - the theme is pinned
        return
    original = SearchIndex.add_entry_from_context
    if getattr(original, "guide_summary_only", False):
        return

    def add_entry_from_context(self, page):
        full = page.content or ""
        cut = full.find(SEARCH_CUT) if page.meta.get("region") else -1
        if cut <= 0:
            return original(self, page)
        page.content = full[:cut]
        try:
            return original(self, page)
        finally:
            page.content = full

    add_entry_from_context.guide_summary_only = True
    SearchIndex.add_entry_from_context = add_entry_from_context


def _relink(nav: Navigation) -> None:
    """Parents, the flat page list and previous/next links after the nav was rearranged."""

    def walk(items, parent):
        for item in items:
            item.parent = parent
            if isinstance(item, Section):
                yield from walk(item.children, item)
            elif isinstance(item, Page):
                yield item

    nav.pages = list(walk(nav.items, None))
    for i, pg in enumerate(nav.pages):
        pg.previous_page = nav.pages[i - 1] if i > 0 else None
        pg.next_page = nav.pages[i + 1] if i + 1 < len(nav.pages) else None

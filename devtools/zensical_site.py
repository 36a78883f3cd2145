"""The same generated pages built with Zensical: a second generator, proven (not the production build).

Usage:
  python -m devtools.zensical_site                      # generate pages (today), build into site-zensical/
  python -m devtools.zensical_site --as-of 2026-11-30   # pin the date of the generated pages
  python -m devtools.zensical_site --no-generate        # reuse the pages already under docs/
  python -m devtools.zensical_site --out DIR            # build somewhere else

Zensical reads mkdocs.yml but builds one language per project, runs no hooks and ignores plugins it does not
know (mkdocs-static-i18n among them). So the bilingual site is two single-language builds joined by the theme's
language switch (extra.alternate), English at / and Chinese at /zh/:

- two source trees under build/zensical/: English gets every `page.md`; Chinese gets `page.zh.md` as
  `page.md`, and the English page where no translation exists (what mkdocs-static-i18n does by default);
  static files are hard-linked (copied across file systems) into both;
- what the production hooks do at build time is done to the copies beforehand: the `<!-- md:regions -->`
  and `<!-- md:as-of -->` shortcodes are expanded (from the same rules and as-of date as the pages), the
  widget is bundled (guide/widget_bundle.py), and the nav lists the regions grouped by province (explicit,
  where production builds it in on_nav);
- two configs derived from mkdocs.yml: the same theme settings (the "classic" variant, the look of
  Material for MkDocs), no hooks, no i18n plugin, the Chinese site name, description, copyright and palette
  labels from the i18n plugin's settings, and extra.alternate linking the two roots. A partial override
  (partials/alternate.html) makes the switch link each page to its twin in the other language;
- after both builds, one _headers at the root with the CSP hashes of both sites (devtools.serve).

The raw HTML blocks of generated pages (between `<!-- html-block -->` markers) go through Markdown as they
are: Python-Markdown passes a raw HTML block through (the production hook only lifts them out for speed).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import yaml

from guide import shortcodes
from guide.widget_bundle import BUNDLE, BundleError, bundle_widget

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "site-zensical"
LANGS = ("en", "zh")

NAV_TITLE = {"en": "Regions", "zh": "地区"}
# The theme's language switch links to the other site's root; this one links to the same page there.
# `page.url` is the page's path from its site root ("" at the home page); `alt.link` the other root.
ALTERNATE_PARTIAL = """{#- Written by devtools/zensical_site.py: the language switch links to this page in the other language
    (every page has a twin: the Chinese tree falls back to the English page, as mkdocs-static-i18n does). -#}
<div class="md-header__option">
  <div class="md-select">
    {% set icon = config.theme.icon.alternate or "material/translate" %}
    <button class="md-header__button md-icon" aria-label="{{ lang.t('select.language') }}">
      {% include ".icons/" ~ icon ~ ".svg" %}
    </button>
    <div class="md-select__inner">
      <ul class="md-select__list">
        {% for alt in config.extra.alternate %}
          <li class="md-select__item">
            <a href="{{ (alt.link ~ (page.url if page and page.url else '')) | url }}" hreflang="{{ alt.lang }}"
               lang="{{ alt.lang }}" class="md-select__link">
              {{ alt.name }}
            </a>
          </li>
        {% endfor %}
      </ul>
    </div>
  </div>
</div>
"""


# overrides/main.html drops the i18n plugin's per-page hreflang links from <head> with str.split, which
# MiniJinja does not have. Zensical's theme writes one such link per extra.alternate entry, pointing at the
# other site's root; the copy replaces them (by exact text, with replace) with links to the page's twin.
SITE_META_LOOP = re.compile(r"\{%-? for line in super\(\)\.split\(.*?\{%-? endfor %\}", re.S)
SITE_META = """{%- set alts = config.extra.alternate -%}
  {%- set here = page.url if page and page.url else '' -%}
  {{ super()
     | replace('<link rel="alternate" href="' ~ (alts[0].link | url) ~ '" hreflang="' ~ alts[0].lang ~ '">', '')
     | replace('<link rel="alternate" href="' ~ (alts[1].link | url) ~ '" hreflang="' ~ alts[1].lang ~ '">', '')
     | safe }}
  {%- for alt in alts %}
  <link rel="alternate" href="{{ (alt.link ~ here) | url }}" hreflang="{{ alt.lang }}">
  {%- endfor %}"""


class ZensicalError(RuntimeError):
    pass


# ---- Source trees -------------------------------------------------------------------------------------


def _link_or_copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def _files(docs: Path):
    """Every file under docs/ (following the symlinks a source copy makes for its assets), as relative paths."""
    for dirpath, _dirs, names in os.walk(docs, followlinks=True):
        for name in names:
            path = Path(dirpath) / name
            yield path.relative_to(docs), path.resolve()


def split_docs(docs: Path, dest: dict[str, Path]) -> dict[str, list[str]]:
    """docs/ (suffix structure) -> one tree per language; returns each tree's Markdown pages (relative, posix)."""
    files = dict(_files(docs))
    pages: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for rel, path in sorted(files.items()):
        name = rel.name
        if name.endswith(".zh.md"):
            target = rel.with_name(name[: -len(".zh.md")] + ".md")
            _link_or_copy(path, dest["zh"] / target)
            pages["zh"].append(target.as_posix())
        elif name.endswith(".md"):
            _link_or_copy(path, dest["en"] / rel)
            pages["en"].append(rel.as_posix())
            if rel.with_name(name[: -len(".md")] + ".zh.md") not in files:  # no translation: the English page
                _link_or_copy(path, dest["zh"] / rel)
                pages["zh"].append(rel.as_posix())
        else:  # static files, shared (docs/ has no per-language assets)
            for lang in LANGS:
                _link_or_copy(path, dest[lang] / rel)
    return pages


def expand_shortcodes(tree: Path, pages: list[str], rules, as_of: date, lang: str) -> None:
    """The shortcodes of hand-written pages, expanded in the copy (the file is rewritten, not the linked source)."""
    for page in pages:
        path = tree / page
        text = path.read_text(encoding="utf-8")
        if "<!-- md:" not in text:
            continue
        try:
            text = shortcodes.expand(text, rules, as_of, lang, page)
        except shortcodes.ShortcodeError as exc:
            raise ZensicalError(str(exc)) from exc
        path.unlink()  # a hard link to the source: write a new file
        path.write_text(text, encoding="utf-8")


# ---- Configs --------------------------------------------------------------------------------------------


def _nav(base_nav: list, rules, lang: str, translations: dict[str, str]) -> list:
    """The production nav with "Regions" as the section the hook builds: the comparison table, then a
    sub-section per province."""
    from guide.page_models import province_groups

    def title(t: str) -> str:
        return translations.get(t, t) if lang == "zh" else t

    nav = []
    for item in base_nav:
        if isinstance(item, dict):
            (name, target), = item.items()
            if target == "regions/index.md":
                provinces = [{p: [f"regions/{r.slug}.md" for r in regions]}
                             for p, regions in province_groups(rules, lang)]
                nav.append({NAV_TITLE[lang]: ["regions/index.md", *provinces]})
                continue
            nav.append({title(name): target})
        else:
            nav.append(item)
    return nav


def _absolute_snippets(ext, root: Path):
    """pymdownx.snippets resolves its base_path from the working folder: name the sources' folder instead."""
    if isinstance(ext, dict) and "pymdownx.snippets" in ext:
        options = dict(ext["pymdownx.snippets"])
        options["base_path"] = [str(root / p) for p in options.get("base_path", ["."])]
        return {"pymdownx.snippets": options}
    return ext


def configs(mkdocs_yml: Path, work: Path, rules) -> dict[str, Path]:
    """Two Zensical configs (mkdocs.yml format) in `work`, building `work/docs-<lang>` into `work/site-<lang>`."""
    base = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    i18n = next(p["i18n"] for p in base["plugins"] if isinstance(p, dict) and "i18n" in p)
    search = next((p["search"] for p in base["plugins"] if isinstance(p, dict) and "search" in p), {})
    languages = {entry["locale"]: entry for entry in i18n["languages"]}
    site_url = base.get("site_url") or ""
    roots = {"en": "./", "zh": "zh/"}
    overrides = work / "overrides"
    shutil.copytree(mkdocs_yml.parent / base["theme"]["custom_dir"], overrides, dirs_exist_ok=True)
    # The 404 page takes its words from the guide's catalogue through a Python global that Zensical cannot call:
    # the theme's own 404 page stands in.
    (overrides / "404.html").unlink(missing_ok=True)
    main_html = overrides / "main.html"
    text, found = SITE_META_LOOP.subn(lambda _: SITE_META, main_html.read_text(encoding="utf-8"))
    if found != 1:
        raise ZensicalError("overrides/main.html: the site_meta loop over super().split() was not found")
    main_html.write_text(text, encoding="utf-8")
    (overrides / "partials").mkdir(exist_ok=True)
    (overrides / "partials" / "alternate.html").write_text(ALTERNATE_PARTIAL, encoding="utf-8")
    out = {}
    for lang in LANGS:
        cfg = {k: v for k, v in base.items() if k not in ("hooks", "plugins", "watch", "nav")}
        theme = dict(base["theme"], custom_dir="overrides", language=lang, variant="classic")
        settings = languages[lang]
        for key in ("site_name", "site_description", "copyright"):
            if settings.get(key):
                cfg[key] = settings[key]
        theme.update(settings.get("theme") or {})
        cfg["theme"] = theme
        cfg["markdown_extensions"] = [_absolute_snippets(ext, mkdocs_yml.parent) for ext in base["markdown_extensions"]]
        cfg["docs_dir"] = f"docs-{lang}"
        cfg["site_dir"] = f"site-{lang}"
        cfg["site_url"] = site_url + roots[lang] if site_url else ""
        # Links from this site's root to each root: relative, so the pair works under any prefix.
        up = "../" if lang == "zh" else ""
        cfg.setdefault("extra", {})
        cfg["extra"] = dict(cfg["extra"] or {}, alternate=[
            {"name": languages[other]["name"], "link": up + roots[other], "lang": other} for other in LANGS])
        cfg["plugins"] = [{"search": {"separator": search["separator"]}}] if search.get("separator") else ["search"]
        cfg["nav"] = _nav(base["nav"], rules, lang, settings.get("nav_translations") or {})
        path = work / f"mkdocs.{lang}.yml"
        path.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False), encoding="utf-8")
        out[lang] = path
    return out


# ---- Build ----------------------------------------------------------------------------------------------


def prepare(root: Path, work: Path, as_of: date, policies: Path | None = None) -> dict[str, Path]:
    """Source trees and configs for both languages in `work` (emptied first), from `root` (mkdocs.yml,
    overrides/, docs/ with the generated pages already in it)."""
    from guide.policy_files import load_policies

    rules = load_policies(policies or root / "policies")
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    trees = {lang: work / f"docs-{lang}" for lang in LANGS}
    pages = split_docs(root / "docs", trees)
    for lang in LANGS:
        expand_shortcodes(trees[lang], pages[lang], rules, as_of, lang)
        try:  # what the production hook does before each build
            bundle_widget(root / "docs", trees[lang] / BUNDLE)
        except BundleError as exc:
            raise ZensicalError(str(exc)) from exc
    return configs(root / "mkdocs.yml", work, rules)


def zensical(config: Path) -> float:
    """One `zensical build --strict` (clean cache: warnings abort, as `mkdocs build --strict` does); returns its wall time in seconds."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "zensical", "build", "--clean", "--strict", "-f", str(config)],
                          cwd=config.parent, capture_output=True, text=True, timeout=600)
    spent = time.perf_counter() - start
    if proc.returncode != 0:
        raise ZensicalError(f"zensical build -f {config.name} failed ({proc.returncode}):\n"
                            f"{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return spent


def build(root: Path, out: Path, as_of: date, work: Path | None = None, policies: Path | None = None) -> dict:
    """Prepare and build both languages; the English site lands in `out`, the Chinese in `out/zh`.
    Returns the build time of each language (seconds)."""
    work = work or root / "build" / "zensical"
    cfgs = prepare(root, work, as_of, policies)
    times = {lang: zensical(cfgs[lang]) for lang in LANGS}
    staged = out.with_name(out.name + ".next")
    if staged.exists():
        shutil.rmtree(staged)
    shutil.move(work / "site-en", staged)
    shutil.move(work / "site-zh", staged / "zh")
    # One _headers for the pair, at the root, with the CSP hashes of both sites' inline scripts and styles.
    (staged / "zh" / "_headers").unlink(missing_ok=True)
    if (staged / "_headers").is_file():
        from importlib.util import find_spec

        from devtools.serve import write_headers

        # The inline code this generator's own theme and the adapted overrides emit is what the CSP trusts.
        theme = Path(find_spec("zensical").origin).parent / "templates"
        write_headers(staged, dirs=[theme, work / "overrides"])
    if out.exists():
        shutil.rmtree(out)
    staged.rename(out)
    return times


def generate(root: Path, as_of: date | None, policies: Path | None = None) -> None:
    """The page generation (python -m guide) into root/docs."""
    args = [sys.executable, "-m", "guide", "--docs", str(root / "docs"),
            "--rules-json", str(root / "build" / "rules.json"), "--quiet",
            "--policies", str(policies or root / "policies")]
    if as_of:
        args += ["--as-of", as_of.isoformat()]
    proc = subprocess.run(args, cwd=root, capture_output=True, text=True)
    if proc.returncode not in (0, 3):  # 3: stale regions, reported, not fatal for a build
        raise ZensicalError(f"page generation failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--as-of", type=date.fromisoformat, default=None)
    ap.add_argument("--no-generate", action="store_true", help="reuse the generated pages under docs/")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    from guide.cli import today_china

    as_of = args.as_of or today_china()
    try:
        if not args.no_generate:
            generate(ROOT, as_of)
        times = build(ROOT, args.out.resolve(), as_of)
    except ZensicalError as exc:
        sys.stderr.write(f"zensical: {exc}\n")
        return 1
    print(f"zensical: {args.out} (en {times['en']:.1f} s, zh {times['zh']:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The build: policies/ -> validated rules -> worked examples (the core) -> generated Markdown pages, the
partner API, preview cards and the canonical rules JSON. It runs before the site generator and does not
depend on it; `guide.mkdocs_hooks` only calls it. Run it as ``python -m guide`` (or scripts/build_pages.py)."""

# The README's two commands are `make serve` and `make test`; everything else is a step they run.
PY := .venv/bin/python
PORT ?= 8000
SHELL := /bin/bash

.PHONY: help install fonts browser-deps rules pages runtime site site-zensical serve test lint bench-build bench-calculator bench-lighthouse check-policies clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/'

install: ## .venv with Python >= 3.12 and the pinned tools; npm ci for the Pyodide runtime
	@bash devtools/setup_env.sh

fonts: ## CJK fonts for the preview cards (apt, only when missing)
	@bash devtools/install_browser.sh --fonts-only

browser-deps: ## system Chromium and CJK fonts for the browser tests (apt, only when missing)
	@bash devtools/install_browser.sh

rules: install ## build/rules.json, the canonical rules the command line reads
	@$(PY) -m guide --rules-only

check-policies: install ## validate every policy file and print the staleness table
	@$(PY) -m guide --check-policies

pages: install fonts ## generated region pages and rules JSON
	@$(PY) -m guide

runtime: install pages ## self-hosted Pyodide, the calculator wheel and lock under docs/assets/runtime/
	@$(PY) -m devtools.build_runtime

# Built beside site/ and swapped in only when every step passed: a failed build leaves the previous site.
site: runtime ## the static site in site/ (mkdocs build --strict)
	@rm -rf site.next site.old
	@$(PY) -m mkdocs build --strict --quiet --site-dir site.next
	@$(PY) -m devtools.serve --write-headers site.next
	@$(PY) -m devtools.compress_site site.next
	@if [ -d site ]; then mv site site.old; fi; mv site.next site; rm -rf site.old

# A second generator, proven: the same generated pages as two single-language Zensical builds (English at /,
# Chinese at /zh/) joined by the language switch. Not the production build; see devtools/zensical_site.py.
site-zensical: runtime ## the same pages built with Zensical into site-zensical/ (not production)
	@$(PY) -m devtools.zensical_site --no-generate

serve: site ## build everything and serve it on 127.0.0.1 with the production headers
	@$(PY) -m devtools.serve $(PORT)

test: install browser-deps site ## every test: core, cases, policies, site, Pyodide under Node, browser
	@$(PY) -m pytest -q

lint: install ## ruff over Python code
	@$(PY) -m ruff check calculator guide devtools scripts tests

bench-calculator: site browser-deps ## calculator ready time vs a bare Pyodide boot (prints ratios)
	@$(PY) -m devtools.bench_calculator

bench-build: install fonts ## site build time at 10 / 100 / 1000 synthetic regions
	@$(PY) -m devtools.bench_build

bench-lighthouse: site browser-deps ## Lighthouse scores for home, region and calculator pages in both languages
	@$(PY) -m devtools.bench_lighthouse

clean: ## remove generated files (keeps .venv and node_modules)
	rm -rf build site site.next site.old docs/assets/runtime docs/assets/cards docs/api .pytest_cache

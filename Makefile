# Two commands do everything on a fresh machine:
#   make serve   set up, then preview the site at http://127.0.0.1:8000 (reloads on edits)
#   make test    set up, then run every test (unit, golden, site build, browser)
# Also: make site (static site into site/), make check (validate data), make lock (re-pin with
# hashes), make audit (known vulnerabilities; network), make links (dead sources; network),
# make mutation (mutation testing of the safety-critical code; docs/mutation.md).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
TOOLS  := .tools
READY  := $(VENV)/.ready
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CASE   ?=
ADDR   ?= 127.0.0.1:8000

export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test site check build schema lint lock audit links browser screenshots clean bench \
	bench-large bench-generator mutation

# Live reload is on by default with the pinned click (8.5); `--livereload` keeps it on with a
# click 8.3.x, which turned it off (mkdocs#4032). tests/test_serve.py checks both.
serve: $(READY)
	CASE=$(CASE) $(BIN)/mkdocs serve --livereload -a $(ADDR)

test: $(READY) browser
	$(BIN)/python -m pytest

site: $(READY)
	$(BIN)/mkdocs build --strict

# The whole site at 10 and 100 synthetic explainers (bench-large: and 1,000, up to half an
# hour), in this site's configuration and in the default one side by side: build time per
# page, size on disk, largest page, bytes of one search in Chromium, live preview; writes
# benchmarks/results/site.json and docs/performance.md. Not part of `test`.
# bench-generator: the generator's own stages (benchmarks/results/latest.json).
bench: $(READY) browser
	$(BIN)/python -m benchmarks.site_bench --sizes 10,100

bench-large: $(READY) browser
	$(BIN)/python -m benchmarks.site_bench --sizes 10,100,1000

bench-generator: $(READY)
	$(BIN)/python -m benchmarks.bench --page benchmarks/results/generator.md

check: $(READY)
	$(BIN)/python -m generator check --strict

build: $(READY)
	$(BIN)/python -m generator build

schema: $(READY)
	$(BIN)/python -m generator schema

lint: $(READY)
	$(BIN)/ruff check generator tests benchmarks
	$(BIN)/ruff format --check generator tests benchmarks
	$(BIN)/mypy

# The virtual environment, from the exact pins in requirements.txt; redone when they change.
# pip refuses any file whose hash is not in requirements.txt (tests/test_supply_chain.py).
$(READY): requirements.txt pyproject.toml
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

# Browser tests drive Debian's Chromium (Playwright cannot download its own here), and the
# HTML checker runs on Java.
browser:
	@command -v chromium >/dev/null && command -v java >/dev/null || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium default-jre-headless >/dev/null; }

# Screenshots of home, overview, awards and chronology, desktop (1280x800) and phone
# (375x667), from the real site, into docs/assets/screenshots/ (the README shows one).
screenshots: $(READY) browser
	$(BIN)/python -m tests.browser.screenshots docs/assets/screenshots

# pip-compile and pip-audit, from their own hash-checked pins, apart from the project's .venv.
$(TOOLS)/.ready: requirements-tools.txt
	[ -x $(TOOLS)/bin/python ] || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-tools.txt
	touch $@

# The header of each file names this command in full, for Dependabot and for readers.
COMPILE := $(TOOLS)/bin/pip-compile --quiet --generate-hashes \
	--allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links

# Re-resolve requirements.in (and the tools' own requirements-tools.in) into exact pins, each
# with the hashes of every file PyPI has for it. Pins already there stay; `make lock
# UPGRADE=--upgrade` moves every one to its newest version.
lock: $(TOOLS)/.ready
	$(COMPILE) $(UPGRADE) -o requirements.txt requirements.in
	$(COMPILE) $(UPGRADE) -o requirements-tools.txt requirements-tools.in
	$(COMPILE) $(UPGRADE) -o requirements-mutation.txt requirements-mutation.in

# Fails on any known vulnerability in the locked requirements (asks PyPI's advisory data, so it
# needs the network and is not part of `make test`; CI runs it on every push).
audit: $(TOOLS)/.ready
	$(TOOLS)/bin/pip-audit --strict --require-hashes --disable-pip -r requirements.txt

# Every source's url and archive_url, asked over the network (README "Checking the sources").
links: $(READY)
	$(BIN)/python -m generator links

# Mutation testing with mutmut, from its own hash-checked pins (the project's pins plus mutmut),
# in .mutation/ apart from the project's .venv. It mutates only the safety-critical functions
# named in [tool.mutmut] of pyproject.toml and runs the tests that cover them; then it prints
# every mutant that survived. Several minutes; not part of `make test` (docs/mutation.md).
MUTATION := .mutation
$(MUTATION)/.ready: requirements-mutation.txt pyproject.toml
	[ -x $(MUTATION)/bin/python ] || $(PYTHON) -m venv $(MUTATION)
	$(MUTATION)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-mutation.txt
	$(MUTATION)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

MUTANTS := 'generator.render.x__md__*' 'generator.render.x_cite__*' \
	'generator.render.x_unescape_markdown__*' 'generator.glossary.x__escape_t*' \
	'generator.write.*' 'generator.export.x__cell__*' 'generator.export.x__awards_csv__*' \
	'generator.load.x_load_yaml__*' 'generator.load.x__alias_lines__*' \
	'generator.load.xǁ_Loaderǁ*' 'generator.validate.x__check_stated_figures__*' \
	'generator.validate.x_stated_sum__*' 'generator.models.xǁVerdictǁtotal_for__*'
mutation: $(MUTATION)/.ready
	rm -rf mutants
	$(MUTATION)/bin/mutmut run $(MUTANTS)
	$(MUTATION)/bin/mutmut results

clean:
	rm -rf site mutants .pytest_cache .mypy_cache .ruff_cache

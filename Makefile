# learnapp — the README's commands. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app learnapp
HOST ?= 127.0.0.1
PORT ?= 5000
DEMO_PASSWORD ?= demo-learnapp-2026
BENCH_PEOPLE ?= 100000
BENCH_JSON ?= bench/last-run.json

OIDC_DIR := tests/oidc

.PHONY: run serve test lint format e2e check bench screenshots translations install install-test clean oidc-provider

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## the real OpenID Provider the sign-in tests run (panva's oidc-provider, from npm, into the
## git-ignored tests/oidc/node_modules); without npm those tests are skipped, and say so
$(OIDC_DIR)/node_modules/.installed: $(OIDC_DIR)/package.json $(OIDC_DIR)/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  (cd $(OIDC_DIR) && npm ci --no-audit --no-fund --prefer-offline --loglevel=error) \
	    && touch $@ || echo "npm ci failed in $(OIDC_DIR): the OpenID Provider tests will be skipped"; \
	else \
	  echo "npm is not installed: the OpenID Provider tests will be skipped"; \
	fi

oidc-provider: $(OIDC_DIR)/node_modules/.installed

translations: $(VENV)/.installed
	$(BIN)/python -c "from learnapp.i18n import compile_catalogs; compile_catalogs(force=True)"

## make run: install, migrate, load courses and demo data, serve on http://127.0.0.1:5000
run: $(VENV)/.installed translations
	LEARNAPP_ENV=development $(FLASK) db upgrade
	LEARNAPP_ENV=development $(FLASK) courses sync
	LEARNAPP_ENV=development $(FLASK) demo load --password '$(DEMO_PASSWORD)'
	@echo
	@echo "  learnapp runs at http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password: $(DEMO_PASSWORD)):"
	@echo "    admin@example.org        administratör"
	@echo "    samordnare@example.org   samordnare"
	@echo "    chef@example.org         chef"
	@echo "    medarbetare@example.org  medarbetare"
	@echo "  The administrator and the coordinator set up two-step sign-in at their first sign-in:"
	@echo "  scan the QR code with any TOTP code app (or type the key shown), enter its code, keep"
	@echo "  the recovery codes. To try the demo without it: LEARNAPP_MFA_REQUIRED_ROLES= make run"
	@echo
	LEARNAPP_ENV=development $(FLASK) run --host $(HOST) --port $(PORT)

## make test: install with test extras and run every test except the browser tests
test: $(VENV)/.installed-test translations oidc-provider
	$(BIN)/python -m pytest -m "not e2e"

## make e2e: only the browser tests (tests/e2e: a live server and Debian's /usr/bin/chromium)
e2e: $(VENV)/.installed-test translations oidc-provider
	$(BIN)/python -m pytest -m e2e tests/e2e

## make check: what CI runs (.ci/run): make test and make e2e, on SQLite and on PostgreSQL
check:
	.ci/run

## make bench: seed instance/bench.sqlite3 (or BENCH_DATABASE_URL) if needed, serve it under
## gunicorn, print latency percentiles and export figures against the targets (bench/RESULTS.md)
bench: $(VENV)/.installed-test translations
	$(if $(BENCH_DATABASE_URL),BENCH_DATABASE_URL='$(BENCH_DATABASE_URL)' )$(BIN)/python -m bench --people $(BENCH_PEOPLE) --json $(BENCH_JSON)

## make screenshots: regenerate docs/screenshots/*.png from the demo data in a real browser
screenshots: $(VENV)/.installed-test translations
	$(BIN)/python tools/screenshots.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check learnapp tests bench
	$(BIN)/ruff format --check learnapp tests bench
	$(BIN)/mypy learnapp bench
	$(BIN)/lint-imports

format: $(VENV)/.installed-test
	$(BIN)/ruff format learnapp tests bench
	$(BIN)/ruff check --fix learnapp tests bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache

# Two entry points: `make run` serves the archive with the sample notices, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLES ?= $(wildcard ../shared/corpus/seeds)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres lint format setup migrate samples bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(PY) manage.py migrate --noinput --verbosity 0

samples: migrate
ifneq ($(SAMPLES),)
	$(PY) manage.py import_notices $(SAMPLES)
else
	@echo "No sample folder found: the archive starts empty. Import notices with"
	@echo "  $(PY) manage.py import_notices PATH...   (or upload them in the admin)"
endif

run: samples
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver $(HOST):$(PORT)

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: lint
	$(PY) -m pytest $(PYTEST_ARGS)

# The same suite on a throwaway PostgreSQL server (database and search); the
# PostgreSQL-only tests fail instead of skipping if the server is not reached.
test-postgres: setup
	SEARCH_BACKEND=postgres ARCHIVE_REQUIRE_POSTGRES=1 .ci/postgres.sh run $(PY) -m pytest $(PYTEST_ARGS)

bench: setup
	$(PY) bench/search.py

clean:
	rm -rf var test-artifacts .pytest_cache

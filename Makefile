# Two entry points: `make run` serves the archive with the sample notices, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLES ?= $(wildcard ../shared/corpus/seeds)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres lint format setup migrate samples bench bench-ocr bench-1k bench-10k clean

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

# The ingest worker (OCR of scans, imports by URL) runs in the background beside the
# development server and is stopped with it.
run: samples
	$(PY) manage.py ensure_admin
	@echo "Starting the ingest worker (manage.py process_ingest) beside the web server."
	$(PY) manage.py process_ingest & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
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

# RapidOCR against Tesseract (Debian tesseract-ocr, tesseract-ocr-chi-sim) on generated pages.
bench-ocr: setup
	nice -n 19 $(PY) bench/ocr.py --pages 2

# Both set-ups and two peers side by side on a throwaway PostgreSQL server (durable,
# as in production); the table goes to stdout and bench/out/backends-N.md.
BENCH_PG_OPTIONS ?= -c shared_buffers=512MB -c work_mem=16MB -c effective_cache_size=4GB
bench-1k: setup
	PG_CI_DURABLE=1 PG_CI_OPTIONS="$(BENCH_PG_OPTIONS)" .ci/postgres.sh run $(PY) bench/backends.py --notices 1000

# Takes an hour or more on two cores: run it in the background, e.g. `nohup make bench-10k &`.
bench-10k: setup
	mkdir -p bench/out
	PG_CI_DURABLE=1 PG_CI_OPTIONS="$(BENCH_PG_OPTIONS)" .ci/postgres.sh run \
		$(PY) bench/backends.py --notices 10000 --repeat 10 --import-sample 500 > bench/out/bench-10k.log 2>&1

clean:
	rm -rf var test-artifacts .pytest_cache

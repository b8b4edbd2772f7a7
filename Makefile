# Two entry points: `make run` serves the archive with the sample notices, `make test` runs the whole suite.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
SAMPLES ?= $(wildcard ../shared/corpus/seeds)
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres lint format setup migrate samples bench bench-ocr bench-1k bench-10k bench-peers bench-writes mutants clean

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
	@echo "没有找到样本文件夹:档案从空开始。导入通报可用"
	@echo "  $(PY) manage.py import_notices 路径...   (或在后台上传)"
endif

# The ingest worker (OCR of scans, imports by URL) runs in the background beside the
# development server and is stopped with it.
run: samples
	$(PY) manage.py ensure_admin
	@echo "导入工作进程(manage.py process_ingest)与网站服务器一同启动。"
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
	nice -n 19 $(PY) bench/ocr.py --pages 4

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

# The archive's set-ups (SQLite + Whoosh, PostgreSQL) and three exact peers (SQLite FTS5 trigram,
# pg_trgm, tantivy), one process each, on one growing-vocabulary corpus of N notices, queried in
# turn; a throwaway PostgreSQL server for the two that need one. Report: stdout and bench/out/peers-N.md.
N ?= 1000
BENCH_REPEAT ?= 10
bench-peers: setup
	PG_CI_DURABLE=1 PG_CI_OPTIONS="$(BENCH_PG_OPTIONS)" nice -n 19 .ci/postgres.sh run \
		$(PY) bench/interleaved.py --notices $(N) --repeat $(BENCH_REPEAT)

# Writes on an archive of N notices (SQLite + Whoosh, or BENCH_BACKEND=postgres on a throwaway
# server): single-notice import and publish, the first query after a write, the query mix while a
# writer process imports a notice every few seconds, index size and memory. Report: bench/out/writes-N.md.
BENCH_BACKEND ?= whoosh
bench-writes: setup
	PG_CI_DURABLE=1 PG_CI_OPTIONS="$(BENCH_PG_OPTIONS)" nice -n 19 .ci/postgres.sh run \
		$(PY) bench/writes.py --notices $(N) --backend $(BENCH_BACKEND)

# Mutation testing of the pure core (mutmut, configured in pyproject.toml): each module's
# mutants meet only that module's own tests (MUTANT_TESTS_<module>), at low priority, one
# module at a time; `make mutants MODULE=search.query` runs one. Not part of CI: the whole
# list takes hours on two busy cores (facts.py alone, whose every mutant parses the samples,
# more than one). Each run starts from a fresh mutants/ folder; each module's results are
# saved to mutants-results/ and the scores printed at the end (scripts/mutation_score.py;
# its `check` command runs new tests against the saved survivors). A surviving mutant is the
# function of its name in mutants/. Equivalent mutants are listed in tests/mutants_equivalent.md.
MUTANT_MODULES ?= search.query search.highlight search.analysis search.facets \
	archive.parsing.normalize archive.parsing.outline archive.parsing.dates archive.parsing.numerals \
	archive.parsing.decode archive.parsing.facts archive.parsing.figures archive.parsing.tagging \
	archive.parsing archive.parsing.header archive.parsing.names archive.parsing.counts archive.parsing.kind \
	archive.parsing.provenance archive.parsing.script archive.parsing.places \
	archive.parsing.units archive.parsing.result archive.parsing.vocabulary
MODULE ?= $(MUTANT_MODULES)
MUTANT_TESTS_search.query ?= tests/search/test_language.py tests/search/test_query_signs.py \
	tests/search/test_query_messages.py tests/search/test_query_properties.py
MUTANT_TESTS_search.highlight ?= tests/search/test_language.py tests/search/test_highlight_safety.py \
	tests/search/test_snippets.py
MUTANT_TESTS_search.analysis ?= tests/search/test_language.py tests/search/test_analysis_units.py
MUTANT_TESTS_search.facets ?= tests/search/test_facet_links.py
MUTANT_TESTS_archive.parsing.normalize ?= tests/archive/test_normalize.py tests/archive/test_outline_properties.py \
	tests/archive/test_normalize_edges.py
MUTANT_TESTS_archive.parsing.outline ?= tests/archive/test_outline.py tests/archive/test_outline_heading_openers.py \
	tests/archive/test_outline_properties.py tests/archive/test_outline_edges.py
MUTANT_TESTS_archive.parsing.dates ?= tests/archive/test_dates.py tests/archive/test_dates_relative.py \
	tests/archive/test_dates_boundaries.py tests/archive/test_dates_edges.py
MUTANT_TESTS_archive.parsing.numerals ?= tests/archive/test_facts.py tests/archive/test_figures.py
MUTANT_TESTS_archive.parsing.decode ?= tests/archive/test_decode.py tests/archive/test_decode_junk.py
MUTANT_TESTS_archive.parsing.facts ?= tests/archive/test_facts.py tests/archive/test_facts_edges.py \
	tests/archive/test_facts_dates_edges.py tests/archive/test_facts_windows_edges.py tests/archive/test_parsing.py \
	tests/archive/test_real_notices.py
MUTANT_TESTS_archive.parsing.figures ?= tests/archive/test_figures.py tests/archive/test_figures_edges.py \
	tests/archive/test_real_notices.py
MUTANT_TESTS_archive.parsing.tagging ?= tests/archive/test_tagging.py tests/archive/test_tagging_written.py \
	tests/archive/test_tagging_edges.py
MUTANT_TESTS_archive.parsing ?= tests/archive/test_parsing.py tests/archive/test_parsing_edges.py tests/archive/test_outline.py \
	tests/archive/test_real_notices.py
MUTANT_TESTS_archive.parsing.header ?= tests/archive/test_header.py tests/archive/test_header_edges.py \
	tests/archive/test_real_notices.py
MUTANT_TESTS_archive.parsing.names ?= tests/archive/test_names.py tests/archive/test_names_edges.py \
	tests/archive/test_real_notices.py
MUTANT_TESTS_archive.parsing.counts ?= tests/archive/test_counts.py tests/archive/test_counts_edges.py \
	tests/archive/test_real_notices.py
MUTANT_TESTS_archive.parsing.kind ?= tests/archive/test_document_kind.py tests/archive/test_kind_edges.py \
	tests/archive/test_real_notices.py
MUTANT_TESTS_archive.parsing.provenance ?= tests/archive/test_document_kind.py tests/archive/test_facts.py \
	tests/archive/test_real_notices.py tests/archive/test_provenance_edges.py
MUTANT_TESTS_archive.parsing.script ?= tests/archive/test_script.py tests/archive/test_script_edges.py
MUTANT_TESTS_archive.parsing.places ?= tests/archive/test_places.py tests/archive/test_places_edges.py
MUTANT_TESTS_archive.parsing.units ?= tests/archive/test_round_units.py tests/archive/test_units_edges.py
MUTANT_TESTS_archive.parsing.result ?= tests/archive/test_result_edges.py tests/archive/test_tagging.py
MUTANT_TESTS_archive.parsing.vocabulary ?= tests/archive/test_tagging.py
MUTANT_CORPUS ?= $(abspath ../shared/corpus)
MUTANT_JOBS ?= 2
mutants: setup
	rm -rf mutants
	$(foreach module,$(MODULE),MUTANT_TESTS="$(MUTANT_TESTS_$(module))" HYPOTHESIS_PROFILE=mutants \
		ARCHIVE_CORPUS_DIR=$(MUTANT_CORPUS) nice -n 19 $(VENV)/bin/mutmut run --max-children $(MUTANT_JOBS) "$(module).x*" \
		> mutants-$(module).log 2>&1 || { tail -n 30 mutants-$(module).log; exit 1; }; \
		$(PY) scripts/mutation_score.py record $(module) &&) true
	$(PY) scripts/mutation_score.py report $(MODULE)

clean:
	rm -rf var test-artifacts .pytest_cache mutants

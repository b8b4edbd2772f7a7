"""The query mix through the search backend and through the search service, on an archive kept between runs.

    .venv/bin/python bench/latency.py --backend whoosh --keep /var/tmp/archive-10k --notices 10000 --repeat 20
    PG_CI_DURABLE=1 .ci/postgres.sh start /var/tmp/archive-bench-pg   # prints DATABASE_URL
    .venv/bin/python bench/latency.py --backend postgres --database-url postgres://…/archive --notices 2000

The first run imports ``--notices`` notices of the synthetic corpus (bench/corpus.py)
through the import service with indexing queued, then indexes and merges them
(``run_indexer``; PostgreSQL: indexed on import, then ``VACUUM FULL ANALYZE``);
later runs find the archive filled and only migrate and time, so a change to the
search code is measured on the same corpus without a rebuild. An archive holding
another number of notices is refused. The process is prepared as gunicorn
prepares its workers (``config.serving.prepare``). Each query is run once untimed,
then ``--repeat`` times, query after query: through the backend alone
(``backend.search``) and through the search service as the search page calls it
(``run_search``: section ranking, highlighted excerpts, facets, hints). p50 and
p95 per query are printed with the machine's load, and the process's memory (the
mix is chosen on the corpus's texts in a child process, so it is the search's alone).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import interleaved  # noqa: E402 - after the path is set
from corpus import CorpusGenerator, make_corpus, seed_texts  # noqa: E402
from mix import build_mix, describe  # noqa: E402


def ensure_archive(backend: str, notices: int, seed: int) -> None:
    """Import the corpus unless the archive already holds it."""
    from archive.models import Notice

    held = Notice.objects.count()
    if held == notices:
        return
    if held:
        raise SystemExit(f"the archive holds {held} notices, not {notices}: use an empty one or --notices {held}")
    print(f"importing {notices} notices…", file=sys.stderr)
    started = time.perf_counter()
    interleaved.import_all(make_corpus(notices, interleaved.CORPUS, seed))
    interleaved.clean_archive_index(backend)
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def corpus_mix(notices: int, seed: int) -> list[dict]:
    """The query mix of the corpus's first ``notices`` notices, with each query's share."""
    generator = CorpusGenerator(seed_texts(interleaved.CORPUS), seed)
    texts = [next(generator).text for _ in range(notices)]
    return describe(build_mix(texts, generator.open_sets()), texts)


def time_mix(queries: list[str], repeat: int) -> dict[str, tuple[list[float], list[float]]]:
    """Query → (backend times, service times) in ms."""
    from urllib.parse import urlencode

    from django.http import QueryDict

    from search.backends import get_backend
    from search.backends.base import SearchRequest
    from search.query import parse_query
    from search.services import run_search

    backend = get_backend()
    timings: dict[str, tuple[list[float], list[float]]] = {q: ([], []) for q in queries}
    for round_ in range(repeat + 1):
        for q in queries:
            started = time.perf_counter()
            backend.search(SearchRequest(parse_query(q).query, facet_size=8))
            middle = time.perf_counter()
            run_search(QueryDict(urlencode({"q": q})), base_url="/search/")
            ended = time.perf_counter()
            if round_:  # the first round warms caches and is not counted
                timings[q][0].append((middle - started) * 1000)
                timings[q][1].append((ended - middle) * 1000)
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["whoosh", "postgres"], default="postgres")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--keep", type=Path, help="the folder holding the archive (its SQLite database and index)")
    parser.add_argument("--notices", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    if args.backend == "postgres" and not args.database_url.startswith("postgres"):
        raise SystemExit("needs --database-url postgres://… (.ci/postgres.sh start prints one)")
    workdir = args.keep or Path(os.environ.get("TMPDIR", "/tmp")) / f"archive-latency-{args.backend}"
    workdir.mkdir(parents=True, exist_ok=True)
    database_url = args.database_url if args.backend == "postgres" else f"sqlite:///{workdir / 'archive.sqlite3'}"
    interleaved.setup_django(workdir, args.backend, database_url, inline=False)
    ensure_archive(args.backend, args.notices, args.seed)
    from config.serving import prepare

    prepare()
    # The mix is chosen on the corpus's texts in a child process, so the memory measured is the search's alone.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        rows = pool.submit(corpus_mix, args.notices, args.seed).result()
    timings = time_mix([row["q"] for row in rows], args.repeat)
    memory = interleaved.memory_mb()
    print(f"{args.backend}, {args.notices} notices, {args.repeat} runs per query, load {os.getloadavg()[0]:.1f}")
    print("| query | share | backend p50 / p95 ms | service p50 / p95 ms |\n| --- | ---: | ---: | ---: |")
    for row in rows:
        backend, service = timings[row["q"]]
        cells = [f"{statistics.median(v):.0f} / {interleaved.percentile(v, 0.95):.0f}" for v in (backend, service)]
        print(f"| `{row['q']}` | {row['share']:.1%} | {cells[0]} | {cells[1]} |")
    print(f"memory: {memory}")


if __name__ == "__main__":
    main()

"""The query mix through the PostgreSQL backend's ``search`` on an archive kept between runs.

    PG_CI_DURABLE=1 .ci/postgres.sh start /var/tmp/archive-bench-pg   # prints DATABASE_URL
    .venv/bin/python bench/pg_latency.py --database-url postgres://…/archive --notices 2000 --repeat 10

The first run imports ``--notices`` notices of the synthetic corpus (bench/corpus.py)
through the import service, indexed on import, then ``VACUUM FULL ANALYZE``s the
search tables; later runs find the archive filled and only migrate and time, so a
change to the search code is measured on the same corpus without a rebuild (the
build takes about 0.1 s a notice plus indexing). An archive holding another number
of notices is refused. Each query is run once untimed, then ``--repeat`` times,
query after query; p50 and p95 per query are printed with the machine's load.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import interleaved  # noqa: E402 - after the path is set
from corpus import CorpusGenerator, make_corpus, seed_texts  # noqa: E402
from mix import build_mix, describe  # noqa: E402


def ensure_archive(notices: int, seed: int) -> None:
    """Import the corpus unless the archive already holds it."""
    from search.models import SearchNotice

    held = SearchNotice.objects.count()
    if held == notices:
        return
    if held:
        raise SystemExit(f"the archive holds {held} notices, not {notices}: use an empty database or --notices {held}")
    print(f"importing {notices} notices…", file=sys.stderr)
    started = time.perf_counter()
    interleaved.import_all(make_corpus(notices, interleaved.CORPUS, seed))
    interleaved.clean_archive_index("postgres")
    print(f"built in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def time_mix(queries: list[str], repeat: int) -> dict[str, list[float]]:
    from search.backends import get_backend
    from search.backends.base import SearchRequest
    from search.query import parse_query

    backend = get_backend()
    timings: dict[str, list[float]] = {q: [] for q in queries}
    for round_ in range(repeat + 1):
        for q in queries:
            started = time.perf_counter()
            backend.search(SearchRequest(parse_query(q).query, facet_size=8))
            if round_:  # the first round warms caches and is not counted
                timings[q].append((time.perf_counter() - started) * 1000)
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--notices", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    if not args.database_url.startswith("postgres"):
        raise SystemExit("needs --database-url postgres://… (.ci/postgres.sh start prints one)")
    workdir = Path(os.environ.get("TMPDIR", "/tmp")) / "archive-pg-latency"
    workdir.mkdir(exist_ok=True)
    interleaved.setup_django(workdir, "postgres", args.database_url, inline=False)
    ensure_archive(args.notices, args.seed)
    generator = CorpusGenerator(seed_texts(interleaved.CORPUS), args.seed)
    texts = [next(generator).text for _ in range(args.notices)]
    rows = describe(build_mix(texts, generator.open_sets()), texts)
    del texts
    timings = time_mix([row["q"] for row in rows], args.repeat)
    print(f"{args.notices} notices, {args.repeat} runs per query, load {os.getloadavg()[0]:.1f}")
    print("| query | share | p50 ms | p95 ms |\n| --- | ---: | ---: | ---: |")
    for row in rows:
        values = timings[row["q"]]
        p50, p95 = statistics.median(values), interleaved.percentile(values, 0.95)
        print(f"| `{row['q']}` | {row['share']:.1%} | {p50:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()

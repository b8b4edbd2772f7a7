"""Search benchmark: import a synthetic corpus, then time its query mix (bench/mix.py).

    .venv/bin/python bench/search.py --notices 200 [--backend whoosh] [--repeat 5]

Everything happens in a throwaway database and index in a temporary folder.
It prints: import throughput (parse + store + index, through the import
service) beside raw jieba tokenisation of the same text in the same run, a
full index rebuild, and p50/p95 latency of the query mix through the search
service (facets and snippets included) and through the backend alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Beyond the corpus's own mix of rare, medium and common terms (bench/mix.py): exclusion,
# fields, filters, types and empty queries.
EXTRA_QUERIES = [
    {"q": "整改 -深圳"},
    {"q": "title:巡视"},
    {"q": "body:市委 津补贴"},
    {"q": "整改", "kind": "巡察"},
    {"q": "八项规定", "kind": "巡察", "year": "2017"},
    {"q": "", "sort": "newest"},
    {"q": "", "kind": "巡视", "from": "2016-01-01", "to": "2019-12-31"},
    {"q": "", "type": "eight-point-rules"},
    {"q": "整改", "type": "eight-point-rules", "kind": "巡视"},
]


def query_mix(queries) -> list[dict]:
    return [{"q": query.q} for query in queries] + EXTRA_QUERIES


def setup_django(workdir: Path, backend: str) -> None:
    """Point Django at a fresh SQLite database and index inside ``workdir``."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["SEARCH_INDEX_DIR"] = str(workdir / "index")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["SEARCH_BACKEND"] = backend
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def time_tokenisation(texts: list[str]) -> float:
    """Characters per second of plain jieba accurate-mode cutting (after initialisation)."""
    from search import analysis

    analysis.segmenter()
    started = time.perf_counter()
    for text in texts:
        analysis.segmenter().lcut(text)
    return sum(map(len, texts)) / (time.perf_counter() - started)


def time_import(notices) -> tuple[float, int]:
    from archive.services import ImportSource, import_notice

    failed = 0
    started = time.perf_counter()
    for item in notices:
        outcome = import_notice(source=ImportSource(item.name, item.text.encode("utf-8")), publish=True)
        failed += outcome.failed
    return time.perf_counter() - started, failed


def time_queries(mix: list[dict], repeat: int) -> dict[str, list[float]]:
    from django.http import QueryDict
    from django.urls import reverse

    from search.backends import get_backend
    from search.services import run_search

    timings: dict[str, list[float]] = {"service": [], "backend": []}
    base_url = reverse("search:search")
    backend = get_backend()
    for _ in range(repeat):
        for params in mix:
            query = QueryDict(mutable=True)
            for key, value in params.items():
                query[key] = value
            started = time.perf_counter()
            page = run_search(query, base_url=base_url)
            timings["service"].append(time.perf_counter() - started)
            assert not page.errors, page.errors
    from search.backends.base import SearchRequest
    from search.query import parse_query

    for _ in range(repeat):
        for params in mix:
            request = SearchRequest(parse_query(params["q"]).query, facet_size=8)
            started = time.perf_counter()
            backend.search(request)
            timings["backend"].append(time.perf_counter() - started)
    return timings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=200, help="synthetic notices to import (default 200)")
    parser.add_argument("--backend", default="whoosh", help='SEARCH_BACKEND value (default "whoosh")')
    parser.add_argument("--repeat", type=int, default=5, help="runs of the query mix (default 5)")
    parser.add_argument("--seed", type=int, default=0, help="corpus variation seed (default 0)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        setup_django(Path(tmp), args.backend)
        from django.conf import settings

        sys.path.insert(0, str(ROOT / "bench"))
        from mix import corpus_mix, print_mix

        notices, queries = corpus_mix(args.notices, settings.BASE_DIR.parent / "shared" / "corpus", args.seed)
        print("query mix (share of notices by substring scan):")
        print_mix(queries, [n.text for n in notices])
        mix = query_mix(queries)
        chars = sum(len(n.text) for n in notices)
        jieba_rate = time_tokenisation([n.text for n in notices])
        seconds, failed = time_import(notices)

        from search.backends import get_backend

        started = time.perf_counter()
        indexed = get_backend().rebuild()
        rebuild = time.perf_counter() - started
        timings = time_queries(mix, args.repeat)

    print(f"backend {args.backend}: {args.notices} notices, {chars / 1e6:.2f} M characters ({failed} failed)")
    rate = f"{args.notices / seconds:.1f} notices/s, {chars / seconds / 1e3:.0f}k chars/s"
    print(f"import (parse + store + index): {rate}")
    print(f"jieba accurate-mode cutting, same text: {jieba_rate / 1e3:.0f}k chars/s")
    print(f"rebuild_index: {indexed} notices in {rebuild:.1f} s ({indexed / rebuild:.1f} notices/s)")
    for name, values in timings.items():
        ms = [v * 1000 for v in values]
        print(
            f"query mix via {name} ({len(mix)} queries x {args.repeat}): "
            f"p50 {statistics.median(ms):.1f} ms, p95 {percentile(ms, 0.95):.1f} ms, max {max(ms):.1f} ms"
        )


if __name__ == "__main__":
    main()

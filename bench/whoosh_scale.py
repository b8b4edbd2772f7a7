"""The embedded search (SQLite + Whoosh) at scale: index rebuild and query-mix latency.

    .venv/bin/python bench/whoosh_scale.py --notices 10000            # build once, rebuild, time the mix
    .venv/bin/python bench/whoosh_scale.py --notices 1000 --skip-rebuild --repeat 30
    .venv/bin/python bench/whoosh_scale.py --notices 1000 --backend some.module.Backend --index-name other
    .venv/bin/python bench/whoosh_scale.py --import-sample 200     # import with indexing, fresh database
    .venv/bin/python bench/whoosh_scale.py --notices 1000 --skip-rebuild --peers icontains recipe

The first run for a corpus size imports the synthetic corpus (bench/corpus.py)
into ``bench/out/whoosh-scale-N/db.sqlite3`` with indexing muted; later runs
reuse it. Each run then rebuilds the index (unless ``--skip-rebuild``) and
reports its throughput beside raw jieba cutting of the same text, measured in
the same process, then times the query mix of bench/backends.py through the
search service (facet counts and highlighted snippets included): p50/p95 in
ms and the number of matching notices. ``--import-sample N`` instead imports
N notices into a fresh database with indexing on, half one by one and half as
one batch, beside raw jieba on the same text. A JSON line with every figure is
appended to ``bench/out/whoosh-scale.jsonl``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"


def setup(workdir: Path, backend: str, index_name: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        SEARCH_BACKEND=backend,
        SEARCH_INDEX_DIR=str(workdir / index_name),
        MEDIA_ROOT=str(workdir / "media"),
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build_database(notices) -> float:
    """Import ``notices`` with the search signals muted; returns notices per second."""
    from archive.models import Notice
    from archive.services import ImportSource, import_notice
    from archive.signals import notice_changed

    if Notice.objects.exists():
        return 0.0
    notice_changed.disconnect(dispatch_uid="search.notice_changed", sender=Notice)
    started = time.perf_counter()
    for number, item in enumerate(notices, start=1):
        outcome = import_notice(source=ImportSource(item.name, item.text.encode("utf-8")), publish=True)
        if outcome.failed:
            raise SystemExit(f"import failed: {item.name}: {outcome.messages}")
        if number % 500 == 0:
            print(f"  stored {number} notices", file=sys.stderr, flush=True)
    return len(notices) / (time.perf_counter() - started)


def import_rates(notices) -> dict[str, float]:
    """Characters per second importing through the import service with indexing on.

    The first half one by one (each import indexes its notice, as an editor's
    upload does), the second half as one batch (as ``manage.py import_notices``).
    """
    from archive.services import ImportSource, import_notice
    from archive.signals import batch

    half = len(notices) // 2
    rates = {}
    for label, group in (("import_one_by_one", notices[:half]), ("import_batch", notices[half:])):
        started = time.perf_counter()
        with batch() if label == "import_batch" else contextlib.nullcontext():
            for item in group:
                outcome = import_notice(source=ImportSource(item.name, item.text.encode("utf-8")), publish=True)
                if outcome.failed:
                    raise SystemExit(f"import failed: {item.name}: {outcome.messages}")
        rates[f"{label}_chars_per_s"] = sum(len(n.text) for n in group) / (time.perf_counter() - started)
    return rates


def jieba_rate(texts: list[str]) -> float:
    """Raw jieba accurate-mode cutting, characters per second."""
    from search import analysis

    cut = analysis.segmenter().lcut
    started = time.perf_counter()
    for text in texts:
        cut(text)
    return sum(map(len, texts)) / (time.perf_counter() - started)


def rebuild() -> tuple[int, float]:
    from search.backends import get_backend

    started = time.perf_counter()
    count = get_backend().rebuild()
    return count, time.perf_counter() - started


def run_service(params: dict) -> int:
    from django.http import QueryDict

    from search.services import run_search

    query = QueryDict(mutable=True)
    query.update(params)
    page = run_search(query, base_url="/search/")
    assert not page.errors, page.errors
    return page.count


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def time_mix(queries, repeat: int, run=run_service) -> dict[str, dict]:
    from backends import mix

    rows = {}
    for label, params in mix(queries):
        run(params)  # warm: open searchers, fill caches
        timings, count = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            count = run(params)
            timings.append(time.perf_counter() - started)
        rows[label] = {"p50": statistics.median(timings), "p95": percentile(timings, 0.95), "hits": count}
    return rows


def peer_runs(names: list[str], workdir: Path) -> dict:
    """The peers of bench/peers.py on the same database: "icontains", and "recipe" (built first)."""
    from peers import CommonRecipe, IcontainsScan

    runs = {}
    if "icontains" in names:
        runs["icontains"] = IcontainsScan().search
    if "recipe" in names:
        recipe = CommonRecipe(workdir / "recipe-index")
        recipe.build()
        runs["recipe"] = recipe.search
    return runs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query (default 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--backend", default="whoosh", help='SEARCH_BACKEND value (default "whoosh")')
    parser.add_argument("--index-name", default="index", help="index folder inside the corpus folder")
    parser.add_argument("--skip-rebuild", action="store_true", help="time queries on the existing index")
    parser.add_argument("--label", default="", help="a note stored with the figures")
    parser.add_argument("--jieba-sample", type=int, default=1000, help="notices cut by raw jieba (default 1000)")
    parser.add_argument(
        "--import-sample", type=int, default=0, help="instead: import this many notices into a fresh database"
    )
    parser.add_argument(
        "--peers", nargs="*", default=[], choices=["icontains", "recipe"], help="also time these peers (slow at scale)"
    )
    parser.add_argument("--build-only", action="store_true", help="only store the corpus in the database")
    args = parser.parse_args(argv)

    if args.import_sample:
        workdir = OUT_DIR / f"whoosh-import-{args.import_sample}"
        shutil.rmtree(workdir, ignore_errors=True)  # a fresh database and index every time
    else:
        workdir = OUT_DIR / f"whoosh-scale-{args.notices}"
    workdir.mkdir(parents=True, exist_ok=True)
    setup(workdir, args.backend, args.index_name)
    from corpus import make_corpus
    from django.conf import settings
    from mix import corpus_mix, print_mix

    corpus_dir = settings.BASE_DIR.parent / "shared" / "corpus"
    if args.import_sample:
        notices = make_corpus(args.import_sample, corpus_dir, args.seed)
        result = {"label": args.label, "backend": args.backend, "import_sample": args.import_sample}
        result["jieba_chars_per_s"] = jieba_rate([n.text for n in notices])
        result.update(import_rates(notices))
        for key in ("import_one_by_one_chars_per_s", "import_batch_chars_per_s"):
            print(f"{key}: {result[key] / 1e3:.0f}k = {result[key] / result['jieba_chars_per_s']:.2f} × raw jieba")
        with (OUT_DIR / "whoosh-scale.jsonl").open("a", encoding="utf-8") as out:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        return

    notices, queries = corpus_mix(args.notices, corpus_dir, args.seed)
    print("query mix (share of notices by substring scan):")
    print_mix(queries, [n.text for n in notices])
    chars = sum(len(n.text) for n in notices)
    result = {"label": args.label, "backend": args.backend, "notices": args.notices, "chars": chars}
    result["store_notices_per_s"] = build_database(notices)
    if args.build_only:
        print(f"stored: {result['store_notices_per_s']:.1f} notices/s (0 when already stored)")
        return
    # A rate: a sample of the corpus measures it as well as the whole (which takes minutes at 10,000).
    result["jieba_chars_per_s"] = jieba_rate([n.text for n in notices[: args.jieba_sample]])
    print(f"raw jieba: {result['jieba_chars_per_s'] / 1e3:.0f}k chars/s", flush=True)
    if not args.skip_rebuild:
        count, seconds = rebuild()
        # The machine's load may change during a long rebuild: jieba again, and the mean of both rates.
        after = jieba_rate([n.text for n in notices[: args.jieba_sample]])
        result["jieba_chars_per_s"] = (result["jieba_chars_per_s"] + after) / 2
        result.update(rebuild_notices=count, rebuild_seconds=seconds, rebuild_chars_per_s=chars / seconds)
        print(
            f"rebuild: {count} notices in {seconds:.1f} s = {count / seconds:.1f} notices/s,"
            f" {result['rebuild_chars_per_s'] / result['jieba_chars_per_s']:.2f} × raw jieba",
            flush=True,
        )
    result["queries"] = time_mix(queries, args.repeat)
    for name, run in peer_runs(args.peers, workdir).items():
        result[f"peer_{name}"] = time_mix(queries, max(3, args.repeat // 4), run)
    for name in ["queries", *(f"peer_{p}" for p in args.peers)]:
        print(f"{name} (p50, p95):")
        for label, row in result[name].items():
            print(f"  {label:32} {row['p50'] * 1e3:8.1f} {row['p95'] * 1e3:8.1f} ms  ({row['hits']} hits)")
        print(f"  worst p95: {max(row['p95'] for row in result[name].values()) * 1e3:.1f} ms")
    with (OUT_DIR / "whoosh-scale.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

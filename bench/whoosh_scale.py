"""The embedded search (SQLite + Whoosh) at scale: index rebuild and query-mix latency.

    .venv/bin/python bench/whoosh_scale.py --notices 10000            # build once, rebuild, time the mix
    .venv/bin/python bench/whoosh_scale.py --notices 1000 --skip-rebuild --repeat 30
    .venv/bin/python bench/whoosh_scale.py --notices 1000 --backend some.module.Backend --index-name other
    .venv/bin/python bench/whoosh_scale.py --import-sample 200     # import with indexing, fresh database
    .venv/bin/python bench/whoosh_scale.py --notices 1000 --skip-rebuild --peers icontains recipe
    .venv/bin/python bench/whoosh_scale.py --notices 1000 --writes 20       # then single-notice imports

The first run for a corpus size imports the synthetic corpus (bench/corpus.py)
into ``bench/out/whoosh-scale-N/db.sqlite3`` with indexing muted; later runs
reuse it. Each run then rebuilds the index (unless ``--skip-rebuild``) and
reports its throughput beside raw jieba cutting of the same text, measured in
the same process, then times the query mix of bench/backends.py through the
search service (facet counts and highlighted snippets included): p50/p95 in
ms (wall, and the CPU time of this process, which a machine shared with other
work inflates far less) and the number of matching notices; then the live index's size on disk
beside the UTF-8 size of the text, and the process's memory (resident now,
and its peak). ``--writes N`` then imports N new notices one by one with
indexing, as an editor's upload does, timing each import and the first query
of the mix after it (the notices are deleted again afterwards, so the corpus
stays the same for the next run). ``--import-sample N`` instead imports
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


def rebuild() -> tuple[int, float, float]:
    """(notices indexed, wall seconds, CPU seconds of this process)."""
    from search.backends import get_backend

    started, started_cpu = time.perf_counter(), time.process_time()
    count = get_backend().rebuild()
    return count, time.perf_counter() - started, time.process_time() - started_cpu


def run_service(params: dict) -> int:
    from django.http import QueryDict

    from search.services import run_search

    query = QueryDict(mutable=True)
    query.update(params)
    page = run_search(query, base_url="/search/")
    assert not page.errors, page.errors
    return page.count


def memory_mb() -> dict[str, float]:
    """Resident memory of this process now and at its peak, MB (Linux /proc)."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            found[{"VmRSS": "rss_mb", "VmHWM": "peak_rss_mb"}[name]] = int(value.split()[0]) / 1024
    return found


def index_mb() -> float:
    """Size on disk of the live index generation (earlier generations left out), MB."""
    from search.backends import get_backend

    backend = get_backend()
    folder = backend.index_dir / backend._live_generation()
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file()) / 1e6


def time_writes(count: int, first: int, corpus_dir: Path, seed: int) -> dict:
    """Import ``count`` new notices one by one with indexing; time each and the first query after it."""
    from backends import mix
    from corpus import make_notice, seed_texts

    from archive.models import Notice
    from archive.services import ImportSource, import_notice

    seeds = seed_texts(corpus_dir)
    queries = mix()
    imports, firsts, keys = [], [], []
    imports_cpu, firsts_cpu = [], []
    for number in range(count):
        item = make_notice(seeds, first + number, seed + 1)
        started, started_cpu = time.perf_counter(), time.process_time()
        outcome = import_notice(source=ImportSource(f"write-{number}.txt", item.text.encode("utf-8")), publish=True)
        imports.append(time.perf_counter() - started)
        imports_cpu.append(time.process_time() - started_cpu)
        if outcome.failed:
            raise SystemExit(f"import failed: {outcome.messages}")
        keys.append(outcome.notice.key)
        _label, params = queries[number % len(queries)]
        started, started_cpu = time.perf_counter(), time.process_time()
        run_service(params)
        firsts.append(time.perf_counter() - started)
        firsts_cpu.append(time.process_time() - started_cpu)
    found = {
        "writes": count,
        "import_p50": statistics.median(imports),
        "import_p95": percentile(imports, 0.95),
        "import_max": max(imports),
        "import_cpu_p50": statistics.median(imports_cpu),
        "import_cpu_max": max(imports_cpu),
        "first_query_p50": statistics.median(firsts),
        "first_query_p95": percentile(firsts, 0.95),
        "first_query_max": max(firsts),
        "first_query_cpu_p50": statistics.median(firsts_cpu),
        "first_query_cpu_p95": percentile(firsts_cpu, 0.95),
        "index_mb_after_writes": index_mb(),
        **{f"{name}_after_writes": value for name, value in memory_mb().items()},
    }
    for notice in Notice.objects.filter(key__in=keys):
        notice.delete()  # the signal removes it from the index too
    return found


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def time_mix(queries, repeat: int, run=run_service) -> dict[str, dict]:
    from backends import mix

    rows = {}
    for label, params in mix(queries):
        started = time.perf_counter()
        run(params)  # warm: open searchers, fill caches
        first = time.perf_counter() - started
        timings, cpu, count = [], [], 0
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            count = run(params)
            timings.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        rows[label] = {"p50": statistics.median(timings), "p95": percentile(timings, 0.95), "hits": count}
        rows[label].update(cpu_p50=statistics.median(cpu), cpu_p95=percentile(cpu, 0.95), first=first)
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
    parser.add_argument("--writes", type=int, default=0, help="then import this many notices one by one")
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
    text_mb = sum(len(n.text.encode("utf-8")) for n in notices) / 1e6
    result = {"label": args.label, "backend": args.backend, "notices": args.notices, "chars": chars}
    result["text_mb"] = text_mb
    result["store_notices_per_s"] = build_database(notices)
    if args.build_only:
        print(f"stored: {result['store_notices_per_s']:.1f} notices/s (0 when already stored)")
        return
    # A rate: a sample of the corpus measures it as well as the whole (which takes minutes at 10,000).
    result["jieba_chars_per_s"] = jieba_rate([n.text for n in notices[: args.jieba_sample]])
    print(f"raw jieba: {result['jieba_chars_per_s'] / 1e3:.0f}k chars/s", flush=True)
    if not args.skip_rebuild:
        count, seconds, cpu_seconds = rebuild()
        # The machine's load may change during a long rebuild: jieba again, and the mean of both rates.
        after = jieba_rate([n.text for n in notices[: args.jieba_sample]])
        result["jieba_chars_per_s"] = (result["jieba_chars_per_s"] + after) / 2
        result.update(rebuild_notices=count, rebuild_seconds=seconds, rebuild_chars_per_s=chars / seconds)
        result["rebuild_cpu_seconds"] = cpu_seconds
        print(
            f"rebuild: {count} notices in {seconds:.1f} s = {count / seconds:.1f} notices/s,"
            f" {result['rebuild_chars_per_s'] / result['jieba_chars_per_s']:.2f} × raw jieba; {cpu_seconds:.1f} s CPU",
            flush=True,
        )
    result["queries"] = time_mix(queries, args.repeat)
    if args.backend == "whoosh":
        result["index_mb"] = index_mb()
        print(f"index: {result['index_mb']:.1f} MB = {result['index_mb'] / text_mb:.2f} × the text ({text_mb:.1f} MB)")
    result.update(memory_mb())
    print(f"memory after the mix: {result['rss_mb']:.0f} MB resident, peak {result['peak_rss_mb']:.0f} MB")
    if args.writes:
        result.update(time_writes(args.writes, args.notices, corpus_dir, args.seed))
        print(
            f"{args.writes} single-notice imports: p50 {result['import_p50']:.2f} s, p95 {result['import_p95']:.2f} s,"
            f" max {result['import_max']:.2f} s; first query after each: p50 {result['first_query_p50'] * 1e3:.0f} ms,"
            f" p95 {result['first_query_p95'] * 1e3:.0f} ms, max {result['first_query_max'] * 1e3:.0f} ms;"
            f" peak memory {result['peak_rss_mb_after_writes']:.0f} MB. CPU time: import p50"
            f" {result['import_cpu_p50']:.2f} s, max {result['import_cpu_max']:.2f} s; first query p50"
            f" {result['first_query_cpu_p50'] * 1e3:.0f} ms, p95 {result['first_query_cpu_p95'] * 1e3:.0f} ms",
            flush=True,
        )
    for name, run in peer_runs(args.peers, workdir).items():
        result[f"peer_{name}"] = time_mix(queries, max(3, args.repeat // 4), run)
    for name in ["queries", *(f"peer_{p}" for p in args.peers)]:
        print(f"{name} (p50, p95 wall; p50, p95 CPU; the query's first run, wall):")
        for label, row in result[name].items():
            print(
                f"  {label:32} {row['p50'] * 1e3:8.1f} {row['p95'] * 1e3:8.1f} ms"
                f" {row['cpu_p50'] * 1e3:8.1f} {row['cpu_p95'] * 1e3:8.1f} ms CPU {row['first'] * 1e3:8.1f} ms first"
                f"  ({row['hits']} hits)"
            )
        print(f"  worst p95: {max(row['p95'] for row in result[name].values()) * 1e3:.1f} ms")
    with (OUT_DIR / "whoosh-scale.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()

"""Both search set-ups side by side, with two peers, on one synthetic corpus, in one run.

    .venv/bin/python bench/backends.py --notices 1000 --database-url postgres://…
    make bench-1k        # the same on a throwaway PostgreSQL server (bench-10k: 10,000 notices)

For each set-up, embedded (SQLite + Whoosh) and server (PostgreSQL for data
and search), a child process imports the corpus (bench/corpus.py) through the
import service and measures: import throughput beside raw jieba cutting of
the same text, a rebuild of the index alone, index size on disk, peak memory,
and p50/p95 latency of the corpus's query mix (bench/mix.py) through the search service (facet
counts and highlighted snippets included), each query with and without two
facets selected. The same mix runs on two peers (bench/peers.py): the common
Whoosh + ChineseAnalyzer recipe, and an ``icontains`` scan of the sections
table of the same database. A markdown table goes to stdout and bench/out/.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"

FACETS = {"kind": "巡察", "year": "2017"}


def mix(queries) -> list[tuple[str, dict]]:
    """(label, parameters): each query of the corpus's mix (bench/mix.py) alone, then with two facets selected."""
    plain = [(query.label, {"q": query.q}) for query in queries]
    faceted = [(f"{query.label} + 2 facets", {"q": query.q, **FACETS}) for query in queries]
    return plain + faceted


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


# Child: one set-up in its own process (Django settings are per process).


def _setup(workdir: Path, backend: str, database_url: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=database_url,
        SEARCH_BACKEND=backend,
        SEARCH_INDEX_DIR=str(workdir / "index"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _jieba_rate(texts: list[str]) -> float:
    from search import analysis

    cut = analysis.segmenter().lcut
    started = time.perf_counter()
    for text in texts:
        cut(text)
    return sum(map(len, texts)) / (time.perf_counter() - started)


def _import(notices, *, index: bool) -> float:
    """Seconds to import ``notices`` one by one; without ``index`` the search signals are muted."""
    from archive.models import Notice
    from archive.services import ImportSource, import_notice
    from archive.signals import notice_changed
    from search.signals import on_notice_changed

    if not index:
        notice_changed.disconnect(dispatch_uid="search.notice_changed", sender=Notice)
    try:
        started = time.perf_counter()
        for item in notices:
            outcome = import_notice(source=ImportSource(item.name, item.text.encode("utf-8")), publish=True)
            if outcome.failed:
                raise SystemExit(f"import failed: {item.name}: {outcome.messages}")
        return time.perf_counter() - started
    finally:
        if not index:
            notice_changed.connect(on_notice_changed, sender=Notice, dispatch_uid="search.notice_changed")


def _index_size(backend: str, workdir: Path) -> int:
    if backend == "whoosh":
        return sum(f.stat().st_size for f in (workdir / "index").rglob("*") if f.is_file())
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_total_relation_size('search_searchnotice')")
        return cursor.fetchone()[0]


def _time(run, params: dict, repeat: int, budget: float = 20.0) -> tuple[list[float], int]:
    """Timings of ``repeat`` runs after a warm-up run; a slow query gets fewer runs (within ``budget`` s)."""
    started = time.perf_counter()
    count = run(params)  # warm: open searchers, fill caches
    first = time.perf_counter() - started
    if first * 2 > budget:
        return [first], count  # one cold run says enough about a query this slow
    timings: list[float] = []
    while len(timings) < repeat and (not timings or sum(timings) + first < budget):
        started = time.perf_counter()
        count = run(params)
        timings.append(time.perf_counter() - started)
    return timings, count


def _service(params: dict) -> int:
    from django.http import QueryDict

    from search.services import run_search

    query = QueryDict(mutable=True)
    query.update(params)
    page = run_search(query, base_url="/search/")
    assert not page.errors, page.errors
    return page.count


def child(args) -> dict:
    workdir = Path(args.workdir)
    _setup(workdir, args.child, args.database_url)
    from django.conf import settings
    from mix import corpus_mix, describe
    from peers import CommonRecipe, IcontainsScan

    from search.backends import get_backend

    notices, queries = corpus_mix(args.notices, settings.BASE_DIR.parent / "shared" / "corpus", args.seed)
    chars = sum(len(n.text) for n in notices)
    megabytes = sum(len(n.text.encode("utf-8")) for n in notices) / 1e6
    jieba_rate = _jieba_rate([n.text for n in notices])
    # One by one as an editor or the import command would, for a sample; the rest loaded, then indexed at once.
    sample = notices[: args.import_sample]
    sample_chars = sum(len(n.text) for n in sample)
    sample_seconds = _import(sample, index=True)
    load_seconds = _import(notices[len(sample) :], index=False)
    started = time.perf_counter()
    get_backend().rebuild()
    rebuild_seconds = time.perf_counter() - started
    result = {
        "backend": args.child,
        "notices": args.notices,
        "megabytes": megabytes,
        "import_sample": len(sample),
        "import_notices_per_s": len(sample) / sample_seconds,
        "import_mb_per_s": sum(len(n.text.encode("utf-8")) for n in sample) / 1e6 / sample_seconds,
        "import_chars_per_s": sample_chars / sample_seconds,
        "load_notices_per_s": (len(notices) - len(sample)) / load_seconds if load_seconds else 0.0,
        "rebuild_notices_per_s": len(notices) / rebuild_seconds,
        "rebuild_chars_per_s": chars / rebuild_seconds,
        "jieba_chars_per_s": jieba_rate,
        "index_bytes": _index_size(args.child, workdir),
        "queries": {},
        "mix": describe(queries, [n.text for n in notices]),
    }
    peers = {"icontains": IcontainsScan().search}
    if args.child == "whoosh":
        recipe = CommonRecipe(workdir / "recipe-index")
        result["recipe_index_bytes"] = recipe.build()
        peers["recipe"] = recipe.search
    for label, params in mix(queries):
        row = {}
        for name, run in [("archive", _service), *peers.items()]:
            # The peers are slow at scale; fewer runs of them still give a fair median.
            repeat = args.repeat if name == "archive" else max(3, args.repeat // 4)
            timings, count = _time(run, params, repeat, budget=60.0 if name == "archive" else 20.0)
            row[name] = {"p50": statistics.median(timings), "p95": percentile(timings, 0.95), "hits": count}
        result["queries"][label] = row
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


# Parent: a database per set-up, one child each, then the table.


def _postgres_database(base_url: str, name: str, *, drop: bool) -> str:
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"')
    return base_url.rsplit("/", 1)[0] + f"/{name}"


def run_child(backend: str, args, workdir: Path) -> dict:
    if backend == "postgres":
        url = _postgres_database(args.database_url, f"bench_{args.notices}", drop=False)
    else:
        url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    command = [sys.executable, __file__, "--child", backend, "--database-url", url, "--workdir", str(workdir)]
    command += ["--notices", str(args.notices), "--repeat", str(args.repeat), "--seed", str(args.seed)]
    command += ["--import-sample", str(args.import_sample)]
    try:
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{backend} run failed:\n{exc.stderr[-3000:]}") from exc
    finally:
        if backend == "postgres":
            _postgres_database(args.database_url, f"bench_{args.notices}", drop=True)
    return json.loads(output.strip().splitlines()[-1])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


LABELS = {"whoosh": "SQLite + Whoosh", "postgres": "PostgreSQL"}
ROWS = [
    ("import one by one (parse, store, index), notices/s", lambda r: f"{r['import_notices_per_s']:.1f}"),
    ("import one by one, MB/s", lambda r: f"{r['import_mb_per_s']:.3f}"),
    ("import one by one ÷ raw jieba (same text)", lambda r: f"{r['import_chars_per_s'] / r['jieba_chars_per_s']:.2f}"),
    ("store without indexing (parse, store), notices/s", lambda r: f"{r['load_notices_per_s']:.1f}"),
    ("index rebuild, notices/s", lambda r: f"{r['rebuild_notices_per_s']:.1f}"),
    ("index rebuild ÷ raw jieba", lambda r: f"{r['rebuild_chars_per_s'] / r['jieba_chars_per_s']:.2f}"),
    ("raw jieba accurate mode, k chars/s", lambda r: f"{r['jieba_chars_per_s'] / 1e3:.0f}"),
    ("index size, MB", lambda r: f"{r['index_bytes'] / 1e6:.1f}"),
    ("peak memory of the process, MB", lambda r: f"{r['peak_rss_mb']:.0f}"),
]
PEERS = [("whoosh", "recipe", "recipe (ChineseAnalyzer)"), ("whoosh", "icontains", "icontains, SQLite")]
PEERS += [("postgres", "icontains", "icontains, PostgreSQL")]


def table(results: dict[str, dict]) -> str:
    """The markdown report for whichever set-ups have results."""
    names = [b for b in ("whoosh", "postgres") if b in results]
    first = results[names[0]]
    lines = [
        f"Corpus: {first['notices']} notices, {first['megabytes']:.1f} MB of text; the first"
        f" {first['import_sample']} imported one by one with indexing, the rest stored, then indexed by a rebuild.",
        "",
        "| | " + " | ".join(LABELS[b] for b in names) + " |",
        "| --- |" + " ---: |" * len(names),
    ]
    lines += [f"| {label} | " + " | ".join(cell(results[b]) for b in names) + " |" for label, cell in ROWS]
    if "whoosh" in results:
        lines.append(
            f"| peer recipe (ChineseAnalyzer) index size, MB | {results['whoosh']['recipe_index_bytes'] / 1e6:.1f} |"
        )
    lines += ["", "| query | kind | notices matching (substring scan) | share |", "| --- | --- | ---: | ---: |"]
    lines += [f"| `{r['q']}` | {r['label']} | {r['scan']} | {r['share']:.2%} |" for r in first["mix"]]
    columns = [(b, "archive", f"archive, {LABELS[b]}") for b in names] + [p for p in PEERS if p[0] in results]
    lines += [
        "",
        "Latency in ms, p50 / p95, through the search service (facet counts and highlighted snippets included);",
        "hits = matching notices (the recipe counts sections).",
        "",
        "| query | " + " | ".join(title for _, _, title in columns) + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    for label in first["queries"]:
        cells = [results[b]["queries"][label][name] for b, name, _ in columns]
        lines.append(
            f"| {label} | " + " | ".join(f"{ms(c['p50'])} / {ms(c['p95'])} ({c['hits']} hits)" for c in cells) + " |"
        )
    for b in names:
        worst = max(q["archive"]["p95"] for q in results[b]["queries"].values())
        lines.append(f"\nWorst p95 over the mix, {LABELS[b]}: {ms(worst)} ms")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20, help="timed runs of each query (default 20)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--import-sample", type=int, default=300, help="notices imported one by one with indexing (default 300)"
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--backends", default="postgres,whoosh", help="set-ups to run, in order (default postgres,whoosh)"
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args)))
        return
    if not args.database_url.startswith("postgres"):
        raise SystemExit("Give a PostgreSQL server: --database-url postgres://… (or run make bench-1k)")
    OUT_DIR.mkdir(exist_ok=True)
    results = {}
    # PostgreSQL first: its run is the shorter one, and each result is saved as soon as it is in.
    backends = args.backends.split(",")
    if not set(backends) <= set(LABELS):
        raise SystemExit(f"--backends takes {', '.join(LABELS)}")
    for backend in backends:
        with tempfile.TemporaryDirectory(prefix=f"bench-{backend}-") as tmp:
            results[backend] = run_child(backend, args, Path(tmp))
        report = table(results)
        (OUT_DIR / f"backends-{args.notices}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        (OUT_DIR / f"backends-{args.notices}.md").write_text(report + "\n", encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()

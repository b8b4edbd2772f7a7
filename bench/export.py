"""Export benchmark: memory of streaming every section of a generated corpus, at N and 4N notices.

    nice -n 19 .venv/bin/python bench/export.py --notices 500 2000

For each size a child process builds a corpus once (SQLite + Whoosh, stored
with indexing muted, then one index rebuild) in ``bench/out/export-N/``;
later runs reuse it. A fresh child process then downloads
``/search/export.csv`` and ``/search/export.jsonl`` (no query: every section
of every notice) through Django's test client, reading the streamed body
chunk by chunk without keeping it, and reports rows, megabytes, seconds,
the resident memory before the export (after a first search has loaded the
index) and the peak resident memory of the process (``ru_maxrss``). A
streaming export keeps the peak flat while the export grows fourfold.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"


def workdir(notices: int) -> Path:
    return OUT / f"export-{notices}"


def setup(notices: int) -> None:
    folder = workdir(notices)
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{folder / 'db.sqlite3'}",
        SEARCH_BACKEND="whoosh",
        SEARCH_INDEX_DIR=str(folder / "index"),
        MEDIA_ROOT=str(folder / "media"),
        ALLOWED_HOSTS="testserver",
        # The bound is not what is measured here: let every section through.
        ARCHIVE_EXPORT_MAX_ROWS=str(10**8),
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(notices: int, corpus_dir: Path) -> None:
    """Store the corpus and rebuild the index, unless an earlier run did."""
    setup(notices)
    from corpus import make_corpus
    from whoosh_scale import build_database, rebuild

    from archive.models import Notice

    if Notice.objects.exists():
        return
    started = time.perf_counter()
    build_database(make_corpus(notices, corpus_dir))
    count, seconds = rebuild()
    print(
        f"  built {count} notices in {time.perf_counter() - started:.0f} s (rebuild {seconds:.0f} s)", file=sys.stderr
    )


def rss_mb() -> float:
    """Current resident memory of this process (Linux /proc)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(notices: int) -> dict:
    """Export everything as CSV, then as JSON Lines, reading the stream without keeping it."""
    setup(notices)
    from django.http import QueryDict
    from django.test import Client

    from archive.models import Section
    from search.services import matching_keys, prepare_search

    # Load what every search needs (jieba, the index's notice table) before taking the baseline.
    matching_keys(prepare_search(QueryDict()), limit=10)
    result = {"notices": notices, "sections": Section.objects.count(), "rss_before_mb": rss_mb()}
    client = Client()
    for fmt in ("csv", "jsonl"):
        started = time.perf_counter()
        response = client.get(f"/search/export.{fmt}")
        size = lines = 0
        for chunk in response.streaming_content:
            size += len(chunk)
            lines += chunk.count(b"\n")
        result[fmt] = {
            "lines": lines,
            "mb": size / 2**20,
            "seconds": time.perf_counter() - started,
            "peak_rss_mb": peak_mb(),
        }
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, nargs="+", default=[500, 2000], help="corpus sizes (default 500 2000)")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus", help="sample corpus folder")
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.build:
        build(args.build, args.corpus)
        return
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    rows = []
    for notices in args.notices:
        me = [sys.executable, __file__, "--corpus", str(args.corpus)]
        subprocess.run([*me, "--build", str(notices)], check=True)
        done = subprocess.run([*me, "--measure", str(notices)], check=True, capture_output=True, text=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print("| notices | sections | rows | CSV MB | CSV s | JSONL MB | JSONL s | RSS before MB | peak RSS MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(
            f"| {r['notices']:,} | {r['sections']:,} | {r['jsonl']['lines']:,} | {r['csv']['mb']:.1f} |"
            f" {r['csv']['seconds']:.1f} | {r['jsonl']['mb']:.1f} | {r['jsonl']['seconds']:.1f} |"
            f" {r['rss_before_mb']:.0f} | {r['jsonl']['peak_rss_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()

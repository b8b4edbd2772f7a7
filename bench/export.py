"""Export benchmark: memory of streaming every section of a generated corpus, at N and 4N notices.

    nice -n 19 .venv/bin/python bench/export.py --notices 500 2000

One corpus grows through the sizes, smallest first, in ``bench/out/export/``
(SQLite + Whoosh): a child process stores the notices it lacks with indexing
muted, then rebuilds the index; later runs reuse what is stored. For each
size a fresh child process then downloads
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


WORKDIR = OUT / "export"


def setup() -> None:
    folder = WORKDIR
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
    """Grow the stored corpus to its first ``notices`` synthetic notices and index exactly those."""
    setup()
    from corpus import make_corpus
    from whoosh_scale import rebuild

    from archive.models import Notice
    from archive.services import ImportSource, import_notice
    from archive.signals import notice_changed
    from search.backends import get_backend

    corpus = make_corpus(notices, corpus_dir)
    names = {item.name for item in corpus}
    stored = set(Notice.objects.values_list("original_name", flat=True))
    if stored == names and len(get_backend().fingerprints()) == notices:
        return
    started = time.perf_counter()
    # Indexing one by one would dominate: everything is indexed by the one rebuild below.
    notice_changed.disconnect(dispatch_uid="search.notice_changed", sender=Notice)
    Notice.objects.exclude(original_name__in=names).delete()
    for item in corpus:
        if item.name not in stored:
            outcome = import_notice(source=ImportSource(item.name, item.text.encode("utf-8")), publish=True)
            if outcome.failed:
                raise SystemExit(f"import failed: {item.name}: {outcome.messages}")
    count, seconds = rebuild()
    elapsed = time.perf_counter() - started
    print(f"  {count} notices ready in {elapsed:.0f} s (index rebuild {seconds:.0f} s)", file=sys.stderr)


def rss_mb() -> float:
    """Current resident memory of this process (Linux /proc)."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def rss_parts_mb() -> dict[str, float]:
    """Resident memory by kind: anonymous (the heap) and file-backed (mapped index files)."""
    parts = {}
    with open("/proc/self/status") as fh:
        for line in fh:
            name, _, value = line.partition(":")
            if name in ("RssAnon", "RssFile"):
                parts[name] = int(value.split()[0]) / 1024
    return parts


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(notices: int) -> dict:
    """Export everything as CSV, then as JSON Lines, reading the stream without keeping it."""
    setup()
    from django.http import QueryDict
    from django.test import Client

    from archive.models import Notice, Section
    from search.services import matching_keys, prepare_search

    # Load what every search needs (jieba, the index's notice table) before taking the baseline.
    matching_keys(prepare_search(QueryDict()), limit=10)
    assert Notice.objects.count() == notices
    result = {"notices": notices, "sections": Section.objects.count(), "rss_before_mb": rss_mb()}
    result["rss_before_parts_mb"] = rss_parts_mb()
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
            "rss_after_parts_mb": rss_parts_mb(),
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
    for notices in sorted(args.notices):
        me = [sys.executable, __file__, "--corpus", str(args.corpus)]
        subprocess.run([*me, "--build", str(notices)], check=True)
        done = subprocess.run([*me, "--measure", str(notices)], check=True, capture_output=True, text=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print("| notices | sections | rows | CSV MB | CSV s | JSONL MB | JSONL s | RSS before MB | peak RSS MB |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    # The first search maps the Whoosh index files: they count as file-backed resident memory.
    for r in rows:
        print(
            f"| {r['notices']:,} | {r['sections']:,} | {r['jsonl']['lines']:,} | {r['csv']['mb']:.1f} |"
            f" {r['csv']['seconds']:.1f} | {r['jsonl']['mb']:.1f} | {r['jsonl']['seconds']:.1f} |"
            f" {r['rss_before_mb']:.0f} | {r['jsonl']['peak_rss_mb']:.0f} |"
        )
    for r in rows:
        before, after = r["rss_before_parts_mb"], r["jsonl"]["rss_after_parts_mb"]
        print(
            f"{r['notices']:,} notices: heap (RssAnon) {before.get('RssAnon', 0):.0f} MB before,"
            f" {after.get('RssAnon', 0):.0f} MB after; mapped files (RssFile) {before.get('RssFile', 0):.0f} MB"
            f" before, {after.get('RssFile', 0):.0f} MB after"
        )


if __name__ == "__main__":
    main()

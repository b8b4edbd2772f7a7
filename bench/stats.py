"""Statistics pages benchmark: build a synthetic corpus, then time each insight page.

    nice -n 19 .venv/bin/python bench/stats.py --notices 2000 [--repeat 20] [--backend whoosh]
    nice -n 19 .venv/bin/python bench/stats.py --notices 10000 --repeat 20   # the target size; about an hour
    nice -n 19 .venv/bin/python bench/stats.py --notices 10000 --keep /tmp/stats-10k   # build once and keep it
    cp -r /tmp/stats-10k /tmp/stats-10k-copy
    nice -n 19 .venv/bin/python bench/stats.py --reuse /tmp/stats-10k-copy --repeat 20   # time a kept copy
    nice -n 19 .venv/bin/python bench/stats.py --reuse /tmp/stats-5k-copy --copies-to 10000   # 5,000 doubled

Everything happens in a throwaway database and index in a temporary folder.
Notices come from ``bench/corpus.py`` and are imported through the import
service with indexing muted (parse and store), then the search index is
rebuilt once (the ``q`` filter reads it). Each page is requested through
Django's test client (middleware, templates and all); p50/p95 in ms. Before
timing, the process is prepared as gunicorn prepares its workers
(``config.serving.prepare``: views and dictionaries loaded, start-up objects
frozen for the garbage collector); ``--no-prepare`` times it without.
``--reuse`` times a folder kept by ``--keep`` instead, after applying any
newer migrations to it (so time a copy: the migrations change it), and
``--copies-to N`` first stores copies of its first notices (new keys, same
facts, sections, figures and sums) until it holds N: a 5,000-notice build doubled
gives 10,000 in seconds. The copies are not in the search index, so the pages
with a query count only the originals.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
TARGET_MS = 300


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def setup(workdir: Path, backend: str) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{workdir / 'bench.sqlite3'}",
        SEARCH_BACKEND=backend,
        SEARCH_INDEX_DIR=str(workdir / "index"),
        MEDIA_ROOT=str(workdir / "media"),
        ALLOWED_HOSTS="testserver,localhost",
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def build(n: int, corpus_dir: Path) -> tuple[float, float]:
    """Import ``n`` synthetic notices without indexing, then rebuild the index; (import s, rebuild s)."""
    from corpus import make_corpus

    from archive.models import Notice
    from archive.services import ImportSource, import_notice
    from archive.signals import notice_changed
    from search.backends import get_backend
    from search.signals import on_notice_changed

    notice_changed.disconnect(dispatch_uid="search.notice_changed", sender=Notice)
    started = time.perf_counter()
    try:
        for i, item in enumerate(make_corpus(n, corpus_dir)):
            outcome = import_notice(source=ImportSource(item.name, item.text.encode("utf-8")), publish=True)
            if outcome.failed:
                raise SystemExit(f"import failed: {item.name}: {outcome.messages}")
            if (i + 1) % 500 == 0:
                print(f"  imported {i + 1}/{n}", file=sys.stderr, flush=True)
    finally:
        notice_changed.connect(on_notice_changed, sender=Notice, dispatch_uid="search.notice_changed")
    imported = time.perf_counter() - started
    started = time.perf_counter()
    get_backend().rebuild()
    return imported, time.perf_counter() - started


def copy_notices(target: int) -> int:
    """Store copies of the first notices until the corpus holds ``target``; returns how many were copied.

    Each copy has a new key and content hash and its own sections, tags, figures,
    type counts and key-figure sums; rows are copied in SQL (SQLite), which takes seconds where importing
    takes an hour. Copies are not in the search index.
    """
    from archive.models import Notice

    # Table → the columns that point at copied rows (and the table they point at).
    tables = {
        "archive_notice": {"id": "archive_notice", "previous_version_id": "archive_notice"},
        "archive_section": {"id": "archive_section", "notice_id": "archive_notice", "parent_id": "archive_section"},
        "archive_section_issue_types": {"id": "archive_section_issue_types", "section_id": "archive_section"},
        "archive_figure": {"id": "archive_figure", "notice_id": "archive_notice", "section_id": "archive_section"},
        "archive_noticeissuetype": {"id": "archive_noticeissuetype", "notice_id": "archive_notice"},
        "archive_noticekeyfigure": {"id": "archive_noticekeyfigure", "notice_id": "archive_notice"},
    }
    where = {
        "archive_notice": "id IN (SELECT id FROM copied)",
        "archive_section_issue_types": "section_id IN (SELECT id FROM archive_section WHERE notice_id IN "
        "(SELECT id FROM copied))",
    }
    copied = 0
    while (wanted := target - Notice.objects.count()) > 0:
        copied += _copy_first(min(wanted, Notice.objects.count()), tables, where)
    return copied


def _copy_first(wanted: int, tables: dict, where: dict) -> int:
    from django.db import connection, transaction

    with transaction.atomic():
        connection.ensure_connection()
        cur = connection.connection.cursor()
        cur.execute("CREATE TEMP TABLE copied AS SELECT id FROM archive_notice ORDER BY id LIMIT ?", [wanted])
        offsets = {t: cur.execute(f"SELECT COALESCE(MAX(id), 0) FROM {t}").fetchone()[0] for t in tables}
        for table, links in tables.items():
            columns = [row[1] for row in cur.execute(f"PRAGMA table_info({table})")]
            rows = cur.execute(
                f"SELECT * FROM {table} WHERE {where.get(table, 'notice_id IN (SELECT id FROM copied)')}"
            )
            copies = []
            for row in rows.fetchall():
                values = dict(zip(columns, row, strict=True))
                for column, target_table in links.items():
                    if values[column] is not None:
                        values[column] += offsets[target_table]
                if table == "archive_notice":
                    values["content_hash"] = hashlib.sha256(
                        f"copy {values['id']}:{values['content_hash']}".encode()
                    ).hexdigest()
                    values["key"] = values["content_hash"][:10]
                copies.append([values[c] for c in columns])
            marks = ", ".join("?" * len(columns))
            names = ", ".join(f'"{c}"' for c in columns)
            cur.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", copies)
        cur.execute("DROP TABLE copied")
    return wanted


def pages() -> list[tuple[str, str]]:
    """The URLs timed: every insight page, with and without filters."""
    from django.db.models import Count

    from archive.models import InspectionRound, IssuingBody, Notice

    body = IssuingBody.objects.annotate(n=Count("notices")).order_by("-n").first()
    round_ = InspectionRound.objects.annotate(n=Count("notices")).order_by("-n").first()
    keys = "&".join(f"n={k}" for k in Notice.objects.published().values_list("key", flat=True)[:4])
    found = [
        ("statistics, no filter", "/stats/"),
        ("statistics, kind", "/stats/?kind=巡察"),
        ("statistics, year + kind", "/stats/?year=2018&kind=巡视"),
        ("statistics, query", "/stats/?q=公务用车"),
        ("statistics, query + kind", "/stats/?q=八项规定&kind=巡察"),
        ("CSV, issue types", "/stats/types.csv"),
        ("figure clauses, money", "/stats/figures/?figure=money"),
        ("compare, 4 notices", f"/compare/?{keys}"),
    ]
    if body:
        found.append((f"body page ({body.n} notices)", body.get_absolute_url()))
    if round_:
        found.append((f"round page ({round_.n} notices)", round_.get_absolute_url()))
    return found


def time_pages(repeat: int, *, with_query: bool = True) -> list[tuple[str, float, float, float]]:
    """(label, p50 ms, p95 ms, p50 CPU ms) per page; CPU time is this process's, so other work on the machine
    lengthens the wall-clock times but hardly the CPU times."""
    from django.test import Client

    client = Client()
    rows = []
    for label, url in pages():
        if not with_query and "q=" in url:
            continue
        assert client.get(url).status_code == 200, url  # warm-up, and a check
        times, cpu = [], []
        for _ in range(repeat):
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        rows.append((label, statistics.median(times), percentile(times, 0.95), statistics.median(cpu)))
    return rows


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--notices", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--backend", default="whoosh", choices=["whoosh"])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--keep", type=Path, help="build the corpus in this (new) folder and keep it, for profiling")
    parser.add_argument("--reuse", type=Path, help="time the corpus kept in this folder instead of building one")
    parser.add_argument("--copies-to", type=int, help="first copy notices of the corpus until it holds this many")
    parser.add_argument(
        "--no-prepare", action="store_true", help="time without config.serving.prepare() (start-up objects not frozen)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-stats-") as folder:
        if args.keep:
            args.keep.mkdir(parents=True)
        if args.reuse and not (args.reuse / "bench.sqlite3").exists():
            raise SystemExit(f"no bench.sqlite3 in {args.reuse}")
        setup(args.reuse or args.keep or Path(folder), args.backend)
        from archive.models import Figure, Notice, Section

        built = (
            "kept corpus"
            if args.reuse
            else "import {:.0f} s, index rebuild {:.0f} s".format(*build(args.notices, args.corpus))
        )
        if args.copies_to:
            built += f", {copy_notices(args.copies_to)} of them copies of the first notices"
        print(f"Corpus: {Notice.objects.count()} notices, {Section.objects.count()} sections, "
              f"{Figure.objects.count()} figures; {built}.")  # fmt: skip
        print(f"\n| page | p50 ms | p95 ms | CPU p50 ms | under {TARGET_MS} ms |\n| --- | ---: | ---: | ---: | --- |")
        # A corpus kept without its search index (its build stopped before the rebuild) times the pages without ``q``.
        with_query = (Path(os.environ["SEARCH_INDEX_DIR"]) / "CURRENT").exists() or not args.reuse
        if not with_query:
            print("(no search index in the kept corpus: the pages with a query are left out)")
        if not args.no_prepare:
            from config.serving import prepare

            prepare()  # as gunicorn does before forking its workers
        for label, p50, p95, cpu in time_pages(args.repeat, with_query=with_query):
            print(f"| {label} | {p50:.1f} | {p95:.1f} | {cpu:.1f} | {'yes' if p95 < TARGET_MS else 'no'} |")
        summary()


def summary() -> None:
    """What the statistics page says about the generated corpus (its CSV tables, shortened)."""
    from archive import stats_tables
    from archive.models import Notice

    for table in stats_tables.all_tables(Notice.objects.published().rectification(), ""):
        if table.slug in ("kind", "delay", "delay-level", "figures-year"):
            print(f"\n{table.caption}")
            for line in table.csv_rows()[:12]:
                print("  " + ",".join(line))


if __name__ == "__main__":
    main()

"""Publishing a large notice on a filled archive (SQLite + Whoosh): the time an editor's request takes.

    nice -n 19 .venv/bin/python bench/writes.py                    # 300 notices, then 300 KB and 1 MB notices
    nice -n 19 .venv/bin/python bench/writes.py --notices 100 --sizes 1000

The archive is built as an operator builds it: one ``import_notices`` batch
of synthetic notices (bench/corpus.py), then ``--uploads`` notices uploaded
one by one (each indexed by its own request, as the admin does). Then, for
each size in ``--sizes`` (KB of UTF-8 text), a notice of that size is
imported for review and published through ``publish_notice`` outside any
batch, as the admin's publish button does; the figure is the wall time of
that call (parse and store are not part of it). Afterwards ``run_indexer
--once`` runs, which is where segment merges belong, and its time is
reported too. Prints a table and appends a JSON line to
``bench/out/writes.jsonl``. Each run uses a fresh folder under ``bench/out``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / "bench" / "out"


def setup(workdir: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        SEARCH_BACKEND="whoosh",
        SEARCH_INDEX_DIR=str(workdir / "index"),
        MEDIA_ROOT=str(workdir / "media"),
        SEARCH_INDEX_INLINE="true",
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def large_text(seeds: list[str], kilobytes: int, tag: str) -> str:
    """One notice of about ``kilobytes`` KB: a sample's head followed by the sections of many synthetic notices."""
    from corpus import make_notice

    parts = [make_notice(seeds, 0, seed=7).text]
    index = 1
    while sum(len(p.encode("utf-8")) for p in parts) < kilobytes * 1024:
        body = make_notice(seeds, index, seed=7).text.split("\n", 3)[-1]
        parts.append(body)
        index += 1
    parts.append(f"(大文件 {tag})")
    return "\n".join(parts)


def segment_count() -> int:
    from search.backends import get_backend

    return len(get_backend()._index()._segments())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notices", type=int, default=300, help="notices imported as one batch first")
    parser.add_argument("--uploads", type=int, default=20, help="notices then uploaded one by one")
    parser.add_argument("--sizes", type=int, nargs="+", default=[300, 1000], help="KB of the notices published")
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--label", default="", help="a name for this run in the JSON line")
    args = parser.parse_args(argv)

    workdir = OUT_DIR / f"writes-{os.getpid()}"
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    try:
        setup(workdir)
        run(args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run(args) -> None:
    from corpus import make_corpus, seed_texts
    from django.core.management import call_command

    from archive.services import ImportSource, import_notice, publish_notice
    from archive.signals import batch

    notices = make_corpus(args.notices + args.uploads, args.corpus)
    started = time.perf_counter()
    with batch():
        for item in notices[: args.notices]:
            import_notice(source=ImportSource(item.name, item.text.encode("utf-8")))
    batch_seconds = time.perf_counter() - started
    started = time.perf_counter()
    for item in notices[args.notices :]:
        import_notice(source=ImportSource(item.name, item.text.encode("utf-8")))
    upload_seconds = time.perf_counter() - started
    print(
        f"archive: {args.notices} notices in one batch ({batch_seconds:.0f} s), "
        f"{args.uploads} one by one ({upload_seconds:.0f} s); {segment_count()} index segments",
        file=sys.stderr,
    )
    seeds = seed_texts(args.corpus)
    rows = []
    for size in args.sizes:
        text = large_text(seeds, size, f"{size}KB")
        notice = import_notice(source=ImportSource(f"large-{size}.txt", text.encode("utf-8")), publish=False).notice
        before = segment_count()
        started = time.perf_counter()
        publish_notice(notice=notice)
        publish_seconds = time.perf_counter() - started
        after = segment_count()
        started = time.perf_counter()
        call_command("run_indexer", "--once", verbosity=0)
        indexer_seconds = time.perf_counter() - started
        rows.append(
            {
                "kb": round(len(text.encode("utf-8")) / 1024),
                "publish_s": round(publish_seconds, 2),
                "segments_before": before,
                "segments_after_publish": after,
                "run_indexer_s": round(indexer_seconds, 2),
                "segments_after_indexer": segment_count(),
            }
        )
    print("| notice, KB | publish (request), s | segments before → after publish | run_indexer --once, s |")
    print("| ---: | ---: | --- | ---: |")
    for row in rows:
        print(
            f"| {row['kb']} | {row['publish_s']} | {row['segments_before']} → {row['segments_after_publish']} "
            f"| {row['run_indexer_s']} |"
        )
    OUT_DIR.mkdir(exist_ok=True)
    line = {"label": args.label, "notices": args.notices, "uploads": args.uploads, "rows": rows}
    with open(OUT_DIR / "writes.jsonl", "a", encoding="utf-8") as fh:
        fh.write(json.dumps(line) + "\n")


if __name__ == "__main__":
    main()

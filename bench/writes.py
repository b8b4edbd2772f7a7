"""Writes on a filled archive, and what readers see meanwhile (SQLite + Whoosh, or PostgreSQL).

    make bench-writes N=1000                               # SQLite + Whoosh; BENCH_BACKEND=postgres for PostgreSQL
    nice -n 19 .venv/bin/python bench/writes.py --notices 1000 [--backend postgres --database-url postgres://…]

The archive of ``--notices`` notices (bench/corpus.py) is built through the
import service with indexing queued, then indexed and merged by
``run_indexer`` (PostgreSQL: indexed on import, then ``VACUUM FULL``), and
its clean index size measured. Then two processes work on it with indexing
inline, as a web server does: a *reader* answering the query mix
(bench/mix.py) through the search service, and a *writer* importing new
notices of the same corpus through the import service:

* single-notice import with indexing, ``--writes`` times, and after each, the
  reader's first query (whose searcher has to take in the write);
* import for review and then ``publish_notice`` (the publish button), timed
  alone, ``--writes`` times, each followed by a first query;
* the mix on a quiet index, then while the writer imports one notice every
  ``--interval`` seconds for ``--duration`` seconds (p50/p95 per query);
* publishing notices of ``--sizes`` KB (the large-notice case of a request);
* index size and pieces afterwards (as served, before any merge), and each
  process's peak (``VmHWM``) and steady memory.

Both processes are prepared as gunicorn prepares its workers
(``config.serving.prepare``: views and the tokenizer's dictionaries loaded,
start-up objects frozen for the garbage collector), so the first write is
not timed with the dictionary's loading.

``--reuse FOLDER`` (SQLite + Whoosh) starts from a copy of an archive that
``bench/latency.py --keep FOLDER`` built with the same ``--notices`` and seed,
instead of building one (an hour at 10,000 notices); ``--reuse-database NAME``
(PostgreSQL) from a copy of that database on the same server. The original is
left as it was. The clean index size is then the kept archive's.

Only the archive's public API is used (import and publish services, the
backend's ``search`` and ``segment_count``, the ``run_indexer`` command), so
the benchmark works whatever the backend stores. The report goes to stdout
and bench/out/writes-N.md (and .json).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
from interleaved import (  # noqa: E402 - bench modules sit beside this file
    CORPUS,
    OUT_DIR,
    _database,
    archive_index_bytes,
    clean_archive_index,
    import_all,
    memory_mb,
    percentile,
    setup_django,
)

LABELS = {"whoosh": "SQLite + Whoosh", "postgres": "PostgreSQL"}


def _stats() -> dict:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child would report the
    # peak of the parent that built the archive.
    memory = memory_mb()
    return {"rss_mb": memory["VmRSS"], "peak_mb": memory["VmHWM"]}


def _source(item):
    from archive.services import ImportSource

    return ImportSource(item.name, item.text.encode("utf-8"))


def large_text(generator, kilobytes: int, tag: str) -> str:
    """One notice of about ``kilobytes`` KB: a notice's head followed by the bodies of the next ones."""
    parts = [next(generator).text]
    while sum(len(p.encode("utf-8")) for p in parts) < kilobytes * 1024:
        parts.append(next(generator).text.split("\n", 3)[-1])
    parts.append(f"(大文件 {tag})")
    return "\n".join(parts)


class Writer:
    """Imports and publishes notices that follow the archive's in the same corpus."""

    def __init__(self, args):
        from corpus import CorpusGenerator, seed_texts

        self.generator = CorpusGenerator(seed_texts(Path(args.corpus)), args.seed)
        for _ in range(args.notices):
            next(self.generator)

    def handle(self, request: dict) -> dict:
        from archive.services import import_notice, publish_notice

        op = request["op"]
        if op == "import":
            item = next(self.generator)
            started = time.perf_counter()
            outcome = import_notice(source=_source(item), publish=True)
            return {"seconds": time.perf_counter() - started, "failed": outcome.failed}
        if op == "publish":
            if "kilobytes" in request:
                name = f"large-{request['kilobytes']}.txt"
                text = large_text(self.generator, request["kilobytes"], name)
                item = type("Item", (), {"name": name, "text": text})
            else:
                item = next(self.generator)
            notice = import_notice(source=_source(item), publish=False).notice
            started = time.perf_counter()
            publish_notice(notice=notice)
            return {"seconds": time.perf_counter() - started, "kb": round(len(item.text.encode("utf-8")) / 1024)}
        if op == "trickle":
            times, ends = [], time.monotonic() + request["duration"]
            while time.monotonic() < ends:
                started = time.perf_counter()
                import_notice(source=_source(next(self.generator)), publish=True)
                times.append(time.perf_counter() - started)
                time.sleep(max(0.0, request["interval"] - times[-1]))
            return {"seconds": times}
        return _stats()


class Reader:
    def handle(self, request: dict) -> dict:
        from django.http import QueryDict

        from search.backends import get_backend
        from search.services import run_search

        if request["op"] == "query" and request.get("level") == "backend":
            from search.backends.base import SearchRequest
            from search.query import parse_query

            started = time.perf_counter()
            result = get_backend().search(SearchRequest(parse_query(request["q"]).query, facet_size=8))
            return {"seconds": time.perf_counter() - started, "hits": result.total}
        if request["op"] == "query":
            params = QueryDict(mutable=True)
            params["q"] = request["q"]
            started = time.perf_counter()
            page = run_search(params, base_url="/search/")
            return {"seconds": time.perf_counter() - started, "hits": page.count}
        if request["op"] == "segments":
            return {"segments": get_backend().segment_count()}
        return _stats()


def child(args) -> None:
    reply = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)
    workdir = Path(args.workdir)
    setup_django(workdir, args.backend, args.database_url, inline=True)
    from config.serving import prepare

    prepare()  # both play web workers, which gunicorn prepares before forking them
    role = Writer(args) if args.role == "writer" else Reader()
    reply.write("{}\n")
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "quit":
            return
        reply.write(json.dumps(role.handle(request)) + "\n")


class Process:
    def __init__(self, role: str, args, workdir: Path, database_url: str):
        self.log = open(workdir / f"{role}.log", "w")  # noqa: SIM115 - open for the child's whole life
        command = [sys.executable, __file__, "--role", role, "--workdir", str(workdir), "--backend", args.backend]
        command += ["--database-url", database_url, "--notices", str(args.notices), "--seed", str(args.seed)]
        command += ["--corpus", str(args.corpus)]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, bufsize=1
        )
        self.name = role
        self.receive()

    def send(self, request: dict) -> None:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()

    def receive(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            self.log.flush()
            raise SystemExit(f"{self.name} stopped:\n{Path(self.log.name).read_text(errors='replace')[-3000:]}")
        return json.loads(line)

    def ask(self, request: dict) -> dict:
        self.send(request)
        return self.receive()

    def close(self) -> None:
        if self.process.poll() is None:
            self.send({"op": "quit"})
            self.process.wait(timeout=60)
        self.log.close()


LEVELS = {"service": "search service", "backend": "search backend alone"}


def _summary(values: list[float]) -> dict:
    return {"p50": statistics.median(values), "p95": percentile(values, 0.95), "max": max(values), "n": len(values)}


def run(args, workdir: Path, database_url: str) -> dict:
    from corpus import CorpusGenerator, seed_texts
    from mix import build_mix

    generator = CorpusGenerator(seed_texts(Path(args.corpus)), args.seed)
    notices = [next(generator) for _ in range(args.notices)]
    mix = [q.q for q in build_mix([n.text for n in notices], generator.open_sets())]
    text_bytes = sum(len(n.text.encode("utf-8")) for n in notices)
    del generator
    setup_django(workdir, args.backend, database_url, inline=False)
    started = time.perf_counter()
    if not (args.reuse or args.reuse_database):
        import_all(notices)
        clean_archive_index(args.backend)
    else:
        from archive.models import Notice

        if Notice.objects.count() != args.notices:
            raise SystemExit(f"the kept archive holds {Notice.objects.count()} notices, not {args.notices}")
    result = {
        "backend": args.backend,
        "notices": args.notices,
        "text_bytes": text_bytes,
        "build_s": time.perf_counter() - started,
        "clean_index_bytes": archive_index_bytes(args.backend, workdir),
        "mix": mix,
    }
    del notices
    reader = Process("reader", args, workdir, database_url)
    writer = Process("writer", args, workdir, database_url)
    try:
        for q in mix:  # warm: open searchers, load caches
            reader.ask({"op": "query", "q": q})
        result["quiet"] = {q: [] for q in mix}
        for _ in range(args.repeat):
            for q in mix:
                result["quiet"][q].append(reader.ask({"op": "query", "q": q})["seconds"])
        for op in ("import", "publish"):
            rows = result[op] = []
            for i in range(args.writes):
                write = writer.ask({"op": op})
                q = mix[i % len(mix)]
                # Every other write's first query goes through the backend alone, the others through the service.
                level = "backend" if i % 2 else "service"
                first = reader.ask({"op": "query", "q": q, "level": level})["seconds"]
                second = reader.ask({"op": "query", "q": q})["seconds"]
                row = {"write_s": write["seconds"], "first_query_s": first, "level": level, "next_query_s": second}
                rows.append({**row, "q": q})
        # The trickle: the writer imports in the background while the reader runs the mix.
        writer.send({"op": "trickle", "interval": args.interval, "duration": args.duration})
        trickle = {q: [] for q in mix}
        ends = time.monotonic() + args.duration
        while time.monotonic() < ends:
            for q in mix:
                trickle[q].append(reader.ask({"op": "query", "q": q})["seconds"])
        result["trickle"] = trickle
        result["trickle_writes_s"] = writer.receive()["seconds"]
        result["large"] = [writer.ask({"op": "publish", "kilobytes": kb}) for kb in args.sizes]
        result["segments_after"] = reader.ask({"op": "segments"})["segments"]
        result["index_bytes_after"] = archive_index_bytes(args.backend, workdir)
        result["memory"] = {"reader": reader.ask({"op": "stats"}), "writer": writer.ask({"op": "stats"})}
    finally:
        reader.close()
        writer.close()
    return result


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def report(r: dict) -> str:
    quiet = [t for ts in r["quiet"].values() for t in ts]
    trickle = [t for ts in r["trickle"].values() for t in ts]
    imports = _summary([row["write_s"] for row in r["import"]])
    publishes = _summary([row["write_s"] for row in r["publish"]])
    by_level: dict[str, list[float]] = {}
    for row in r["import"] + r["publish"]:
        by_level.setdefault(row.get("level", "service"), []).append(row["first_query_s"])
    firsts = {level: _summary(times) for level, times in by_level.items()}
    following = _summary([row["next_query_s"] for row in r["import"] + r["publish"]])
    writes = _summary(r["trickle_writes_s"])
    mem = r["memory"]
    lines = [
        f"{LABELS[r['backend']]}, {r['notices']} notices ({r['text_bytes'] / 1e6:.1f} MB of text), built in"
        f" {r['build_s']:.0f} s. Times in ms: p50 / p95 / max (runs).",
        "",
        "| measure | value |",
        "| --- | ---: |",
        f"| index size, clean (× text) | {r['clean_index_bytes'] / 1e6:.1f} MB"
        f" ({r['clean_index_bytes'] / r['text_bytes']:.2f} ×) |",
        f"| single-notice import with indexing | {_fmt(imports)} |",
        f"| publish of a notice imported for review | {_fmt(publishes)} |",
        *(f"| first query after a write ({LEVELS[level]}) | {_fmt(first)} |" for level, first in firsts.items()),
        f"| the same query again | {_fmt(following)} |",
        f"| query mix, quiet index | {_fmt(_summary(quiet))} |",
        f"| query mix during a trickle of imports (one per {r.get('interval', 0):g} s) | {_fmt(_summary(trickle))} |",
        f"| imports during the trickle | {_fmt(writes)} |",
    ]
    for row in r["large"]:
        lines.append(f"| publish of a {row['kb']} KB notice | {_ms(row['seconds'])} |")
    lines += [
        f"| index size after the writes, before any merge | {r['index_bytes_after'] / 1e6:.1f} MB"
        f" ({r['index_bytes_after'] / r['text_bytes']:.2f} ×), {r['segments_after']} pieces |",
        *(
            f"| {role} process: peak / after everything, MB | {mem[role]['peak_mb']:.0f} / {mem[role]['rss_mb']:.0f} |"
            for role in ("reader", "writer")
        ),
        "",
        "| query | quiet p50 / p95 | during the trickle p50 / p95 |",
        "| --- | ---: | ---: |",
    ]
    for q in r["mix"]:
        a, b = _summary(r["quiet"][q]), _summary(r["trickle"][q])
        lines.append(f"| `{q}` | {_ms(a['p50'])} / {_ms(a['p95'])} | {_ms(b['p50'])} / {_ms(b['p95'])} |")
    return "\n".join(lines)


def _fmt(s: dict) -> str:
    return f"{_ms(s['p50'])} / {_ms(s['p95'])} / {_ms(s['max'])} ({s['n']})"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notices", type=int, default=1000, help="notices in the archive before the writes")
    parser.add_argument("--backend", choices=list(LABELS), default="whoosh")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--writes", type=int, default=10, help="single-notice imports, then publishes, each timed")
    parser.add_argument("--repeat", type=int, default=5, help="runs of the mix on the quiet index")
    parser.add_argument("--interval", type=float, default=3.0, help="seconds between imports of the trickle")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds the trickle lasts")
    parser.add_argument("--sizes", type=int, nargs="*", default=[300, 1000], help="KB of large notices published")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--role", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--reuse", type=Path, help="start from a copy of this kept SQLite + Whoosh archive folder")
    parser.add_argument("--reuse-database", help="start from a copy of this filled database (PostgreSQL)")
    args = parser.parse_args(argv)
    if args.role:
        child(args)
        return
    with tempfile.TemporaryDirectory(prefix="bench-writes-", dir=os.environ.get("BENCH_TMP")) as tmp:
        workdir = Path(tmp)
        if args.backend == "postgres":
            if not args.database_url.startswith("postgres"):
                raise SystemExit("--backend postgres needs --database-url postgres://… (or make bench-writes)")
            database_url = args.database_url
            if args.reuse_database:
                database_url = _database(args.database_url, "archive_writes_bench", template=args.reuse_database)
        else:
            if args.reuse:
                # The database with its write-ahead log (WAL mode keeps recent commits there), the index, originals.
                for path in [*args.reuse.glob("archive.sqlite3*"), args.reuse / "index", args.reuse / "media"]:
                    if path.exists():
                        subprocess.run(["cp", "-a", str(path), str(workdir / path.name)], check=True)
            database_url = f"sqlite:///{workdir / 'archive.sqlite3'}"
        result = run(args, workdir, database_url)
    result["interval"] = args.interval
    text = report(result)
    OUT_DIR.mkdir(exist_ok=True)
    name = f"writes-{args.backend}-{args.notices}"
    (OUT_DIR / f"{name}.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    (OUT_DIR / f"{name}.md").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

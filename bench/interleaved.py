"""The archive's search set-ups and three exact peers on one corpus, queried in turn, one process each.

    make bench-peers N=1000          # on a throwaway PostgreSQL server
    .venv/bin/python bench/interleaved.py --notices 1000 --database-url postgres://… [--setups whoosh,tantivy]

Set-ups: ``whoosh`` (the archive on SQLite + Whoosh) and ``postgres`` (the
archive on PostgreSQL), through the archive's own import service and
commands; ``fts5`` (SQLite FTS5 trigram), ``pg_trgm`` and ``tantivy``
(bench/exact_peers.py) on the same texts. Without a PostgreSQL server the
two PostgreSQL set-ups are left out (and said so).

Each set-up is built in its own child process (all at once, then the
parent waits for every one), which then serves queries over a pipe; the parent sends every query of the mix
(bench/mix.py) to each child in turn, round after round, so load from
outside touches all set-ups alike. The child times its own answer (the
pipe is not part of it). The archive answers through its backend (hit count,
first page, facet counts) and through the search service (the same plus
snippets and page building); the peers give the hit count and the first
page. Every hit count is printed beside a substring scan of the texts.

Index size is measured on a clean index (one generation, no deleted
documents, after ``run_indexer`` and its ``--optimize``; PostgreSQL after
``VACUUM FULL``) and given as × the UTF-8 text.
Memory: peak (``VmHWM``, build included) and steady (``VmRSS`` after
the whole mix) of each child, and of its PostgreSQL server process where it
has one. A markdown report goes to stdout and bench/out/peers-N.md.
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
OUT_DIR = ROOT / "bench" / "out"
CORPUS = ROOT.parent / "shared" / "corpus"
ARCHIVE = ("whoosh", "postgres")
PEERS = ("fts5", "pg_trgm", "tantivy")
NEEDS_SERVER = ("postgres", "pg_trgm")
LABELS = {
    "whoosh": "archive, SQLite + Whoosh",
    "postgres": "archive, PostgreSQL",
    "fts5": "SQLite FTS5 trigram",
    "pg_trgm": "PostgreSQL pg_trgm",
    "tantivy": "tantivy",
}


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def memory_mb(pid: int | str = "self") -> dict[str, float]:
    """Resident (VmRSS) and peak resident (VmHWM) memory of a process, MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(value.split()[0]) / 1024
    return values


def tree_bytes(folder: Path) -> int:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


# Child: one set-up, built then serving queries.


def setup_django(workdir: Path, backend: str, database_url: str, *, inline: bool) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        DATABASE_URL=database_url,
        SEARCH_BACKEND=backend,
        SEARCH_INDEX_DIR=str(workdir / "index"),
        MEDIA_ROOT=str(workdir / "media"),
        SEARCH_INDEX_INLINE="true" if inline else "false",
    )
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def clean_archive_index(backend_name: str) -> None:
    """Apply what is queued and merge everything (Whoosh), or VACUUM FULL the search tables (PostgreSQL)."""
    from django.core.management import call_command
    from django.db import connection

    if backend_name == "whoosh":
        call_command("run_indexer", "--once", "--no-ingest", verbosity=0)
        call_command("run_indexer", "--once", "--optimize", "--no-ingest", verbosity=0)
        return
    with connection.cursor() as cursor:
        for table in archive_search_tables():
            cursor.execute(f'VACUUM FULL ANALYZE "{table}"')


def archive_search_tables() -> list[str]:
    from django.db import connection

    return [t for t in connection.introspection.table_names() if t.startswith("search_")]


def archive_index_bytes(backend_name: str, workdir: Path) -> int:
    from django.db import connection

    if backend_name == "whoosh":
        return tree_bytes(workdir / "index")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "WHERE c.relkind = 'r' AND c.relname = ANY(%s)",
            [archive_search_tables()],
        )
        return int(cursor.fetchone()[0])


def import_all(notices) -> None:
    from archive.services import ImportSource, import_notice
    from archive.signals import batch

    with batch():
        for item in notices:
            outcome = import_notice(source=ImportSource(item.name, item.text.encode("utf-8")), publish=True)
            if outcome.failed:
                raise SystemExit(f"import failed: {item.name}: {outcome.messages}")


class ArchiveServer:
    """The archive on one of its set-ups: answers a query through its backend and its search service."""

    def __init__(self, name: str, workdir: Path, database_url: str):
        self.name, self.workdir = name, workdir
        setup_django(workdir, name, database_url or f"sqlite:///{workdir / 'archive.sqlite3'}", inline=False)

    def build(self, notices) -> None:
        import_all(notices)
        clean_archive_index(self.name)

    def index_bytes(self) -> int:
        return archive_index_bytes(self.name, self.workdir)

    def kept_texts(self) -> list[str]:
        """What the archive holds searchable of each notice: title, body names, sections (page chrome left out)."""
        from search.documents import notice_document, notices_for_indexing

        texts = []
        for notice in notices_for_indexing().iterator(chunk_size=200):
            document = notice_document(notice)
            parts = [document.title, document.body_names, *(s.content for s in document.sections)]
            texts.append("\n".join(parts))
        return texts

    def server_pid(self) -> int | None:
        from django.db import connection

        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    def query(self, q: str) -> dict:
        from django.http import QueryDict

        from search.backends import get_backend
        from search.backends.base import SearchRequest
        from search.query import parse_query
        from search.services import run_search

        started = time.perf_counter()
        result = get_backend().search(SearchRequest(parse_query(q).query, facet_size=8))
        backend_seconds = time.perf_counter() - started
        params = QueryDict(mutable=True)
        params["q"] = q
        started = time.perf_counter()
        page = run_search(params, base_url="/search/")
        service_seconds = time.perf_counter() - started
        assert not page.errors, page.errors
        return {"hits": result.total, "seconds": backend_seconds, "service_seconds": service_seconds}


class PeerServer:
    def __init__(self, name: str, workdir: Path, database_url: str):
        sys.path.insert(0, str(ROOT / "bench"))
        import exact_peers

        self.name = name
        if name == "fts5":
            self.peer = exact_peers.Fts5Trigram(workdir / "fts5.sqlite3")
        elif name == "pg_trgm":
            self.peer = exact_peers.PgTrigram(database_url)
        else:
            self.peer = exact_peers.Tantivy(workdir / "tantivy")

    def build(self, notices) -> None:
        self.peer.build((i, n.text) for i, n in enumerate(notices))

    def index_bytes(self) -> int:
        return self.peer.index_bytes()

    def server_pid(self) -> int | None:
        conn = getattr(self.peer, "conn", None)
        return conn.execute("SELECT pg_backend_pid()").fetchone()[0] if conn else None

    def query(self, q: str) -> dict:
        from mix import string_groups

        started = time.perf_counter()
        count, _ids = self.peer.search(string_groups(q))
        return {"hits": count, "seconds": time.perf_counter() - started}


def serve(args) -> None:
    """Build one set-up, report, then answer JSON requests from stdin until told to quit."""
    reply = os.fdopen(os.dup(1), "w", buffering=1)
    os.dup2(2, 1)  # whatever a library prints goes to the log, not into the replies
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    from corpus import make_corpus

    workdir = Path(args.workdir)
    notices = make_corpus(args.notices, Path(args.corpus), args.seed)
    text_bytes = sum(len(n.text.encode("utf-8")) for n in notices)
    kind = ArchiveServer if args.serve in ARCHIVE else PeerServer
    server = kind(args.serve, workdir, args.database_url)
    started = time.perf_counter()
    server.build(notices)
    build_seconds = time.perf_counter() - started
    del notices
    ready = {"build_s": build_seconds, "index_bytes": server.index_bytes(), "text_bytes": text_bytes}
    if args.serve in ARCHIVE:
        from mix import scan_count, string_groups

        kept = server.kept_texts()
        ready["kept_scan"] = {q: scan_count(kept, string_groups(q)) for q in json.loads(Path(args.mix).read_text())}
        del kept
    reply.write(json.dumps(ready) + "\n")
    for line in sys.stdin:
        request = json.loads(line)
        if request["op"] == "query":
            reply.write(json.dumps(server.query(request["q"])) + "\n")
        elif request["op"] == "stats":
            stats = {
                "rss_mb": memory_mb()["VmRSS"],
                # VmHWM: ru_maxrss would include the parent's peak, which Linux carries over fork and exec.
                "peak_mb": memory_mb()["VmHWM"],
            }
            pid = server.server_pid()
            if pid:
                server_memory = memory_mb(pid)
                stats.update(server_rss_mb=server_memory["VmRSS"], server_peak_mb=server_memory["VmHWM"])
            reply.write(json.dumps(stats) + "\n")
        else:
            return


# Parent: children, interleaved queries, report.


class Child:
    def __init__(self, name: str, args, workdir: Path, database_url: str):
        self.name = name
        self.log = open(workdir / f"{name}.log", "w")  # noqa: SIM115 - open for the child's whole life
        folder = workdir / name
        folder.mkdir()
        command = [sys.executable, __file__, "--serve", name, "--workdir", str(folder), "--database-url", database_url]
        command += ["--notices", str(args.notices), "--seed", str(args.seed), "--corpus", str(args.corpus)]
        command += ["--mix", str(workdir / "mix.json")]
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, bufsize=1
        )

    def wait_ready(self) -> dict:
        """The child's build report, once it has built its index."""
        self.ready = self._read()
        return self.ready

    def _read(self) -> dict:
        line = self.process.stdout.readline()
        if not line:
            self.process.wait()
            self.log.flush()
            tail = Path(self.log.name).read_text(errors="replace")[-3000:]
            raise SystemExit(f"{self.name} stopped (exit {self.process.returncode}):\n{tail}")
        return json.loads(line)

    def ask(self, request: dict) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.write(json.dumps({"op": "quit"}) + "\n")
            self.process.stdin.close()
            self.process.wait(timeout=60)
        self.log.close()


def _database(base_url: str, name: str, *, drop: bool = False, template: str = "") -> str:
    """Database ``name`` on ``base_url``'s server made afresh (a copy of ``template``, if given), or dropped."""
    import psycopg

    with psycopg.connect(base_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop:
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return base_url.rsplit("/", 1)[0] + f"/{name}"


def run(args) -> dict:
    from corpus import CorpusGenerator, seed_texts
    from mix import build_mix, describe

    setups = [s for s in args.setups.split(",") if s]
    if unknown := set(setups) - set(LABELS):
        raise SystemExit(f"unknown set-ups: {', '.join(sorted(unknown))}; choose from {', '.join(LABELS)}")
    if not args.database_url.startswith("postgres"):
        left_out = [s for s in setups if s in NEEDS_SERVER]
        if left_out:
            print(f"no PostgreSQL server (--database-url): leaving out {', '.join(left_out)}", file=sys.stderr)
        setups = [s for s in setups if s not in NEEDS_SERVER]
    generator = CorpusGenerator(seed_texts(args.corpus), args.seed)
    texts = [next(generator).text for _ in range(args.notices)]
    mix = build_mix(texts, generator.open_sets())
    rows = describe(mix, texts)
    del texts, generator
    results = {"notices": args.notices, "seed": args.seed, "repeat": args.repeat, "mix": rows, "setups": {}}
    children: list[Child] = []
    databases = []
    with tempfile.TemporaryDirectory(prefix="bench-peers-") as tmp:
        (Path(tmp) / "mix.json").write_text(json.dumps([row["q"] for row in rows]), encoding="utf-8")
        try:
            for name in setups:
                url = ""
                if name in NEEDS_SERVER:
                    database = f"bench_{name}_{args.notices}"
                    url = _database(args.database_url, database)
                    databases.append(database)
                children.append(Child(name, args, Path(tmp), url))
            # All set-ups build at once (the machine's share of CPU goes further), then are queried in turn.
            print(f"building {', '.join(setups)}…", file=sys.stderr)
            for child in children:
                results["setups"][child.name] = {**child.wait_ready(), "timings": {row["q"]: [] for row in rows}}
                results["setups"][child.name]["hits"] = {}
                print(f"{child.name} built in {child.ready['build_s']:.0f} s", file=sys.stderr)
            for child in children:  # one cold run of each query, not timed into the figures
                for row in rows:
                    answer = child.ask({"op": "query", "q": row["q"]})
                    results["setups"][child.name]["hits"][row["q"]] = answer["hits"]
                    results["setups"][child.name].setdefault("first_s", {})[row["q"]] = answer["seconds"]
            spent = {(c.name, row["q"]): 0.0 for c in children for row in rows}
            for round_ in range(args.repeat):
                for row in rows:
                    order = children[round_ % len(children) :] + children[: round_ % len(children)]
                    for child in order:
                        if round_ >= 3 and spent[child.name, row["q"]] > args.budget:
                            continue  # a slow set-up gets fewer runs of this query, at least three
                        answer = child.ask({"op": "query", "q": row["q"]})
                        spent[child.name, row["q"]] += answer["seconds"] + answer.get("service_seconds", 0)
                        results["setups"][child.name]["timings"][row["q"]].append(answer)
            for child in children:
                results["setups"][child.name]["memory"] = child.ask({"op": "stats"})
        finally:
            for child in children:
                child.close()
            for database in databases:
                _database(args.database_url, database, drop=True)
    return results


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def _stat(answers: list[dict], key: str = "seconds") -> tuple[float, float]:
    values = [a[key] for a in answers]
    return statistics.median(values), percentile(values, 0.95)


def _geomean(values: list[float]) -> float:
    return statistics.geometric_mean(values) if values else float("nan")


def report(results: dict) -> str:
    setups = results["setups"]
    names = list(setups)
    rows = results["mix"]
    first = next(iter(setups.values()), None)
    text_mb = first["text_bytes"] / 1e6 if first else 0
    lines = [
        f"Corpus: {results['notices']} notices (seed {results['seed']}), {text_mb:.1f} MB of UTF-8 text; each query run"
        f" {results['repeat']} times per set-up after one untimed run, set-ups taking turns query by query.",
        "",
        "| query | kind | notices matching (substring scan) | share |",
        "| --- | --- | ---: | ---: |",
    ]
    lines += [f"| `{r['q']}` | {r['label']} | {r['scan']} | {r['share']:.2%} |" for r in rows]
    lines += [
        "",
        "| set-up | build, s | index, MB | × text | peak RSS, MB | RSS after the mix, MB"
        " | server process peak / after, MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name in names:
        s, mem = setups[name], setups[name].get("memory", {})
        server = f"{mem['server_peak_mb']:.0f} / {mem['server_rss_mb']:.0f}" if "server_rss_mb" in mem else "–"
        lines.append(
            f"| {LABELS[name]} | {s['build_s']:.1f} | {s['index_bytes'] / 1e6:.1f}"
            f" | {s['index_bytes'] / s['text_bytes']:.2f} | {mem.get('peak_mb', 0):.0f}"
            f" | {mem.get('rss_mb', 0):.0f} | {server} |"
        )
    columns = [(n, "seconds", LABELS[n] + (" (backend)" if n in ARCHIVE else "")) for n in names]
    columns += [(n, "service_seconds", LABELS[n] + " (search service)") for n in names if n in ARCHIVE]
    lines += [
        "",
        "Latency in ms, p50 / p95; hit counts (✓ = equal to the substring scan of the corpus, † = equal to a scan"
        " of the text the archive keeps after parsing, which leaves page chrome out, ✗ = neither)."
        " The archive's backend answers the count, the first page and facet counts;"
        " its search service adds snippets and the page; a peer answers the count and the first page.",
        "",
        "| query | " + " | ".join(title for _, _, title in columns) + " |",
        "| --- |" + " ---: |" * len(columns),
    ]
    mismatches = []
    for row in rows:
        cells = []
        for name, key, _ in columns:
            p50, p95 = _stat(setups[name]["timings"][row["q"]], key)
            hits = setups[name]["hits"][row["q"]]
            kept = setups[name].get("kept_scan", {}).get(row["q"], row["scan"])
            mark = "✓" if hits == row["scan"] else "†" if hits == kept else "✗"
            if key == "seconds" and hits != row["scan"]:
                mismatches.append(
                    f"{LABELS[name]} `{row['q']}`: {hits} (scan of the corpus {row['scan']},"
                    f" of the text the archive keeps after parsing {kept})"
                )
            cells.append(f"{_ms(p50)} / {_ms(p95)} ({hits} {mark})")
        lines.append(f"| `{row['q']}` | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Hit counts that differ from the scan: " + ("; ".join(mismatches) if mismatches else "none."))
    for name in names:
        worst = max(_stat(setups[name]["timings"][r["q"]])[1] for r in rows)
        lines.append(f"Worst p95, {LABELS[name]}: {_ms(worst)} ms.")
    archive = [n for n in names if n in ARCHIVE]
    peers = [n for n in names if n in PEERS]
    if archive and peers:
        lines += [
            "",
            "Ratios, archive ÷ peer, same run (latency: geometric mean over the mix of per-query ratios, backend).",
            "",
            "| archive ÷ peer | index size | RSS after the mix | p50 | p95 | worst p95 | queries slower |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for a in archive:
            for p in peers:
                sa, sp = setups[a], setups[p]
                p50s = [_stat(sa["timings"][r["q"]])[0] / _stat(sp["timings"][r["q"]])[0] for r in rows]
                p95s = [_stat(sa["timings"][r["q"]])[1] / _stat(sp["timings"][r["q"]])[1] for r in rows]
                worst = max(_stat(sa["timings"][r["q"]])[1] for r in rows) / max(
                    _stat(sp["timings"][r["q"]])[1] for r in rows
                )
                memory = sa["memory"]["rss_mb"] / sp["memory"]["rss_mb"]
                lines.append(
                    f"| {LABELS[a]} ÷ {LABELS[p]} | {sa['index_bytes'] / sp['index_bytes']:.1f} | {memory:.1f}"
                    f" | {_geomean(p50s):.1f} | {_geomean(p95s):.1f} | {worst:.1f}"
                    f" | {sum(r > 1 for r in p50s)} of {len(rows)} |"
                )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notices", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=10, help="timed runs of each query per set-up (default 10)")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per query and set-up before fewer runs")
    parser.add_argument("--setups", default=",".join(LABELS), help="comma-separated, built in this order")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder with the samples' seeds/")
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--mix", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args)
        return
    sys.path.insert(0, str(ROOT / "bench"))
    results = run(args)
    text = report(results)
    OUT_DIR.mkdir(exist_ok=True)
    (OUT_DIR / f"peers-{args.notices}.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    (OUT_DIR / f"peers-{args.notices}.md").write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()

"""Several writers at once, as processes: two ``import_notices`` runs and an editor uploading through the admin.

Each writer is a real process on a file database, so the database's own
locking is what is tested: SQLite (WAL, immediate transactions, busy timeout,
retries) and PostgreSQL (a database of its own on the configured server).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import uuid

import environ
import pytest
from django.conf import settings

from tests.archive.small_notices import write_small_notices

REQUIRED_POSTGRES = os.environ.get("ARCHIVE_REQUIRE_POSTGRES") == "1"
PER_IMPORT = 50
UPLOADS = 25

REPORT = """
import json
from archive.models import IngestRecord, IssuingBody, Notice, InspectionRound
failed = list(IngestRecord.objects.filter(status="failed").values_list("original_name", "messages"))
print(json.dumps({
    "notices": Notice.objects.count(),
    "records": IngestRecord.objects.count(),
    "failed": failed,
    "bodies": sorted(IssuingBody.objects.values_list("name", flat=True)),
    "rounds": InspectionRound.objects.count(),
    "round_keys": InspectionRound.objects.values("committee_id", "label").distinct().count(),
    "round_notice_pairs": Notice.objects.exclude(inspection_round=None)
    .values("inspecting_committee_id", "inspection_round__label").distinct().count(),
    "without_sections": Notice.objects.filter(sections__isnull=True).count(),
}, ensure_ascii=False))
"""


def _env(tmp_path, database_url: str, backend: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url,
        "SEARCH_BACKEND": backend,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "SEARCH_INDEX_INLINE": "true",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }


def _manage(env, *args, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def _run_writers_at_once(tmp_path, env) -> dict:
    first = write_small_notices(tmp_path / "first", range(0, PER_IMPORT))
    second = write_small_notices(tmp_path / "second", range(PER_IMPORT, 2 * PER_IMPORT))
    uploads = write_small_notices(tmp_path / "uploads", range(2 * PER_IMPORT, 2 * PER_IMPORT + UPLOADS))
    assert first and second and uploads
    result = _manage(env, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    commands = [
        [sys.executable, "manage.py", "import_notices", str(tmp_path / "first")],
        [sys.executable, "manage.py", "import_notices", str(tmp_path / "second")],
        [sys.executable, "-m", "tests.archive.concurrent_uploader", *map(str, uploads)],
    ]
    processes = [
        subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for command in commands
    ]
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        outputs.append((process.returncode, out.decode(), err.decode()))
    for code, out, err in outputs:
        assert code == 0, out + err[-3000:]
    report = _manage(env, "shell", "-c", REPORT)
    assert report.returncode == 0, report.stderr
    return json.loads(report.stdout.strip().splitlines()[-1])  # after the shell's own notes


def _assert_nothing_failed(report: dict) -> None:
    assert report["failed"] == []
    assert report["notices"] == 2 * PER_IMPORT + UPLOADS
    assert report["records"] == 2 * PER_IMPORT + UPLOADS
    assert report["without_sections"] == 0
    # Every writer met the same few bodies and rounds: each exists once.
    assert len(report["bodies"]) == 8
    # A round is one committee's label: one row per (committee, label) the notices name, none twice.
    assert report["rounds"] == report["round_keys"] == report["round_notice_pairs"]


def test_two_imports_and_an_editor_at_once_on_sqlite(tmp_path):
    database = tmp_path / "archive.sqlite3"
    env = _env(tmp_path, f"sqlite:///{database}", "whoosh")
    report = _run_writers_at_once(tmp_path, env)
    _assert_nothing_failed(report)
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    # Whatever the index lock left queued, the indexer applies; then the index matches the database.
    assert _manage(env, "run_indexer", "--once").returncode == 0
    check = _manage(env, "check_index")
    assert check.returncode == 0, check.stderr


@pytest.fixture
def postgres_database():
    """A fresh database on the configured PostgreSQL server (its URL), dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        if REQUIRED_POSTGRES:
            pytest.fail("ARCHIVE_REQUIRE_POSTGRES=1 but DATABASE_URL is not postgres://…")
        pytest.skip("needs DATABASE_URL=postgres://… (make test-postgres starts a throwaway server)")
    import psycopg

    config = environ.Env.db_url_config(url)
    name = f"concurrent_{uuid.uuid4().hex[:12]}"
    admin = psycopg.connect(
        dbname=config["NAME"],
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"],
        port=config["PORT"] or None,
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.postgres
def test_two_imports_and_an_editor_at_once_on_postgres(tmp_path, postgres_database):
    env = _env(tmp_path, postgres_database, "postgres")
    report = _run_writers_at_once(tmp_path, env)
    _assert_nothing_failed(report)
    check = _manage(env, "check_index")
    assert check.returncode == 0, check.stderr

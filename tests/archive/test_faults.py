"""An import killed with ``kill -9`` at any point loses nothing: the database stays whole, the commands repair the rest.

The import runs as a process (``tests/archive/fault_runner.py``) that stops
at a chosen point and is killed there with SIGKILL; then the database is
checked directly, ``check_index``/``run_indexer --once`` repair the index,
``check_originals`` finds the file the killed import left, and running the
import again completes it.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys

import pytest
from django.conf import settings

from tests.archive.small_notices import write_small_notices
from tests.archive.test_concurrent_writes import _env, _manage

FILES = 12


def _kill_at(env, point: str, nth: int, folder) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.archive.fault_runner", point, str(nth), str(folder)],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for line in process.stdout:
            if line.strip() == "PAUSED":
                break
        else:
            pytest.fail(f"the import never reached {point}: {process.stderr.read()[-2000:]}")
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL


def _database_report(database) -> dict:
    with sqlite3.connect(database) as db:
        one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "integrity": one("PRAGMA integrity_check"),
            "notices": one("SELECT COUNT(*) FROM archive_notice"),
            "without_record": one(
                "SELECT COUNT(*) FROM archive_notice n WHERE NOT EXISTS "
                "(SELECT 1 FROM archive_ingestrecord r WHERE r.notice_id = n.id)"
            ),
            "without_sections": one(
                "SELECT COUNT(*) FROM archive_notice n WHERE NOT EXISTS "
                "(SELECT 1 FROM archive_section s WHERE s.notice_id = n.id)"
            ),
            "failed": one("SELECT COUNT(*) FROM archive_ingestrecord WHERE status = 'failed'"),
        }


@pytest.mark.parametrize(
    "point, nth, committed, orphan",
    [
        ("before_transaction", 5, 4, True),  # the fifth file's original is stored, nothing else
        ("in_transaction", 5, 4, True),  # the fifth notice is written but never committed
        ("before_index", 2, 10, False),  # ten notices committed, the index write of the last five never happened
        ("in_index_write", 8, 10, False),  # killed holding the index lock midway through the second five, uncommitted
    ],
)
def test_an_import_killed_at_any_point_leaves_a_whole_database_and_is_repaired(tmp_path, point, nth, committed, orphan):
    database = tmp_path / "archive.sqlite3"
    env = {**_env(tmp_path, f"sqlite:///{database}", "whoosh"), "SEARCH_BATCH_SIZE": "5"}
    folder = tmp_path / "notices"
    write_small_notices(folder, range(FILES))
    assert _manage(env, "migrate", "--noinput").returncode == 0

    _kill_at(env, point, nth, folder)

    report = _database_report(database)
    assert report == {
        "integrity": "ok",
        "notices": committed,
        "without_record": 0,
        "without_sections": 0,
        "failed": 0,
    }
    # The index: what the killed import did not write is reported, and the indexer or --repair writes it.
    if point in ("before_index", "in_index_write"):
        check = _manage(env, "check_index")
        assert check.returncode != 0 and "缺少 5 篇" in check.stderr and "run_indexer --once" in check.stderr
        assert _manage(env, "run_indexer", "--once").returncode == 0
    else:
        assert _manage(env, "check_index", "--repair").returncode == 0
    check = _manage(env, "check_index")
    assert check.returncode == 0, check.stderr

    # The original the killed import stored without a record.
    originals = _manage(env, "check_originals", "--min-age", "0")
    if orphan:
        assert originals.returncode != 0 and "无主原始文件" in originals.stdout
        assert "--delete-orphans" in originals.stderr
        deleted = _manage(env, "check_originals", "--min-age", "0", "--delete-orphans")
        assert "已删除 1 个无主原始文件" in deleted.stdout
    assert _manage(env, "check_originals", "--min-age", "0").returncode == 0

    # Running the import again finishes the job.
    again = _manage(env, "import_notices", str(folder))
    assert again.returncode == 0, again.stderr
    assert _database_report(database)["notices"] == FILES
    assert _manage(env, "check_index").returncode == 0

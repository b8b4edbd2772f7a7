"""Production settings, the serving configuration and the primary/replica router."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import RequestFactory

from archive.models import Notice
from config.routers import PrimaryForWritesMiddleware, PrimaryReplicaRouter, use_primary
from tests.conftest import SEEDS_DIR

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "archive.example.org",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for their live server; a deployment never has it.
    test_only = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in test_only}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS"])
def test_production_settings_refuse_to_start_without_required_values(missing):
    env = {k: v for k, v in PROD_ENV.items() if k != missing}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert f"Set {missing}" in result.stderr


def test_gunicorn_config_preloads_the_app_and_warms_the_tokenizer():
    probe = (
        "import runpy; cfg = runpy.run_path('gunicorn.conf.py'); "
        "assert cfg['preload_app'] is True, 'preload'; "
        "assert cfg['wsgi_app'] == 'config.wsgi:application'; "
        "assert callable(cfg['on_starting']); print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except (OSError, urllib.error.HTTPError):
        return None


def test_production_command_serves_pages_and_static_files(tmp_path):
    """The documented production command: migrate, collectstatic, then gunicorn with gunicorn.conf.py."""
    port = _free_port()
    env = {
        **PROD_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SEARCH_BACKEND": "whoosh",  # the embedded shape, whatever backend the suite itself runs on
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",  # plain HTTP here; a proxy terminates TLS in production
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    seed = sorted(SEEDS_DIR.glob("*.txt"))[0]
    # Production indexes through run_indexer (the single writer beside gunicorn); --once applies the queue.
    commands = (["migrate", "--noinput"], ["collectstatic", "--noinput"], ["import_notices", str(seed)])
    for command in (*commands, ["run_indexer", "--once"]):
        result = _manage(*command, env=env)
        assert result.returncode == 0, result.stderr
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}}
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn"))],
            cwd=settings.BASE_DIR,
            env={**base, **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 60
        while _get(f"http://127.0.0.1:{port}/") != 200 and time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            time.sleep(0.3)
        assert _get(f"http://127.0.0.1:{port}/") == 200, log.read_text()
        assert _get(f"http://127.0.0.1:{port}/static/css/archive.css") == 200
        assert _get(f"http://127.0.0.1:{port}/api/docs/") == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/notices/", timeout=10) as response:
            (item,) = json.load(response)["results"]
        # The original is served by the archive itself in production (no debug media view), as an attachment.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/notices/{item['key']}/original/", timeout=10) as response:
            assert response.headers["Content-Disposition"].startswith("attachment;")
            assert response.headers["X-Content-Type-Options"] == "nosniff"
            assert response.read() == seed.read_bytes()
    finally:
        server.terminate()
        server.wait(timeout=30)
    text = log.read_text()
    assert "Tokenizer dictionary loaded in the master process" in text
    assert text.count("Booting worker") == 2


@pytest.fixture
def two_replicas(monkeypatch):
    # The router only needs the aliases; no connection to a replica is opened here.
    monkeypatch.setattr("config.routers.replica_aliases", lambda: ["replica1", "replica2"])
    return PrimaryReplicaRouter()


def test_router_reads_from_replicas_and_writes_to_primary(two_replicas):
    router = two_replicas
    reads = {router.db_for_read(Notice) for _ in range(50)}
    assert reads == {"replica1", "replica2"}
    assert router.db_for_write(Notice) == "default"
    assert router.allow_migrate("default", "archive") is True
    assert router.allow_migrate("replica1", "archive") is False


def test_router_without_replicas_uses_primary():
    assert PrimaryReplicaRouter().db_for_read(Notice) == "default"


def test_router_pins_primary_when_asked(two_replicas):
    with use_primary():
        assert two_replicas.db_for_read(Notice) == "default"
    assert two_replicas.db_for_read(Notice) != "default"


@pytest.mark.django_db(transaction=True)
def test_router_reads_primary_inside_a_transaction(two_replicas):
    with transaction.atomic():
        assert two_replicas.db_for_read(Notice) == "default"


@pytest.mark.parametrize(
    ("method", "path", "pinned"),
    [("GET", "/", False), ("POST", "/", True), ("GET", "/admin/archive/notice/", True)],
)
def test_middleware_pins_writes_and_admin_to_primary(two_replicas, method, path, pinned):
    seen = []

    def view(request):
        seen.append(two_replicas.db_for_read(Notice))
        return None

    request = RequestFactory().generic(method, path)
    PrimaryForWritesMiddleware(view)(request)
    assert (seen[0] == "default") is pinned


def test_gunicorn_warns_at_start_when_several_workers_would_write_the_whoosh_index(tmp_path):
    probe = (
        "import runpy\n"
        "cfg = runpy.run_path('gunicorn.conf.py')\n"
        "class Log:\n"
        "    def info(self, *args): pass\n"
        "    def warning(self, text, *args): print(text % args)\n"
        "class Cfg:\n"
        "    workers = cfg['workers']\n"
        "class Server:\n"
        "    log = Log()\n"
        "    cfg = Cfg()\n"
        "cfg['on_starting'](Server())\n"
    )
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env = {
        **base,
        **PROD_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SEARCH_BACKEND": "whoosh",
        "GUNICORN_WORKERS": "3",
    }
    for inline, warned in (("true", True), ("false", False)):
        result = subprocess.run(
            [sys.executable, "-c", probe],
            cwd=settings.BASE_DIR,
            env={**env, "SEARCH_INDEX_INLINE": inline},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert ("search.W001" in result.stdout) is warned, result.stdout
        if warned:
            assert "run_indexer" in result.stdout and "3 个 gunicorn 工作进程" in result.stdout

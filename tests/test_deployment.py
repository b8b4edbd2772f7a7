"""Production settings, the serving configuration and the primary/replica router."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import transaction
from django.test import RequestFactory

from archive.models import Notice
from config.routers import PrimaryForWritesMiddleware, PrimaryReplicaRouter, use_primary

PROD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.prod",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "archive.example.org",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS"}}
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

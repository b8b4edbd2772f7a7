"""Whole-archive maintenance jobs: queued by a request, run by a worker, never lost or doubled."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from archive import maintenance
from archive.models import IssueType, MaintenanceJob, Section
from archive.services import ImportSource, import_notice
from tests.conftest import SEEDS_DIR

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice():
    seed = SEEDS_DIR / "001_5e2350e4989e1303.txt"
    return import_notice(source=ImportSource(seed.name, seed.read_bytes())).notice


def test_a_second_request_reuses_the_queued_job():
    first, created = maintenance.request_retag()
    again, created_again = maintenance.request_retag()
    assert created and not created_again and again.pk == first.pk
    assert MaintenanceJob.objects.count() == 1


def test_a_request_while_a_job_runs_queues_another(notice):
    running, _ = maintenance.request_retag()
    MaintenanceJob.objects.filter(pk=running.pk).update(status=MaintenanceJob.Status.RUNNING)
    queued, created = maintenance.request_retag()
    # The running job read the rules before this edit; the new request must get its own run.
    assert created and queued.pk != running.pk


def test_the_worker_retags_and_records_the_result(notice):
    new_type = IssueType.objects.create(name="乡村振兴", slug="rural", keywords="*百千万工程")
    job, _ = maintenance.request_retag()
    assert maintenance.run_queued_jobs() == 1
    job.refresh_from_db()
    assert job.status == MaintenanceJob.Status.DONE
    assert job.done == job.total == 1 and job.started_at and job.finished_at
    changed = Section.objects.filter(notice=notice, issue_types=new_type).count()
    assert changed and job.result == f"{changed} 个章节的问题类型有变化。"
    assert maintenance.run_queued_jobs() == 0


def test_a_failing_job_is_marked_failed_with_a_message(notice, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(maintenance, "retag_notices", broken)
    job, _ = maintenance.request_retag()
    maintenance.run_queued_jobs()
    job.refresh_from_db()
    assert job.status == MaintenanceJob.Status.FAILED
    assert "重新申请" in job.result


def test_a_job_whose_worker_died_is_failed_so_it_can_be_asked_again():
    job, _ = maintenance.request_retag()
    started = timezone.now() - maintenance.STALE_AFTER - dt.timedelta(minutes=1)
    MaintenanceJob.objects.filter(pk=job.pk).update(status=MaintenanceJob.Status.RUNNING, started_at=started)
    maintenance.run_queued_jobs()
    job.refresh_from_db()
    assert job.status == MaintenanceJob.Status.FAILED and "后台进程已停止" in job.result


def test_run_indexer_runs_queued_jobs(notice, settings):
    from search.backends import get_backend

    if not get_backend().queues_writes:
        pytest.skip("run_indexer exists only for the Whoosh backend; process_ingest is tested above")
    new_type = IssueType.objects.create(name="乡村振兴", slug="rural", keywords="*百千万工程")
    maintenance.request_retag()
    out = StringIO()
    call_command("run_indexer", "--once", stdout=out)
    assert "重新归类全部章节:已完成" in out.getvalue()
    assert Section.objects.filter(notice=notice, issue_types=new_type).exists()


def test_an_alias_added_by_a_concurrent_import_is_kept(monkeypatch):
    """Two imports adding different spellings of one body: the second must not overwrite the first's alias."""
    from archive.models import IssuingBody
    from archive.services import links

    body = IssuingBody.objects.create(name="中共某某县委员会")
    stale = IssuingBody.objects.get(pk=body.pk)  # read before the other import saved its alias
    IssuingBody.objects.filter(pk=body.pk).update(aliases=["某某县委"])
    real = IssuingBody.objects.get_or_create
    monkeypatch.setattr(IssuingBody.objects, "get_or_create", lambda **kw: (stale, False))
    monkeypatch.setattr(links, "canonical_body_name", lambda name: "中共某某县委员会")
    links.link_issuing_body("中共某某县委")
    monkeypatch.setattr(IssuingBody.objects, "get_or_create", real)
    body.refresh_from_db()
    assert sorted(body.aliases) == ["中共某某县委", "某某县委"]

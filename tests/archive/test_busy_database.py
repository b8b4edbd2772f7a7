"""A database that stays locked: the import is retried with pauses, then reported as busy, never as a parse error."""

from __future__ import annotations

import pytest
from django.db import OperationalError

from archive import formats, retry, services
from archive.models import IngestRecord, Notice
from archive.services import imports
from tests.archive.small_notices import small_notice

# Outside a test transaction: only the outermost transaction can be retried.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_pauses(monkeypatch):
    monkeypatch.setattr(retry, "WRITE_BACKOFF_SECONDS", 0.0)


def _item(index: int = 0) -> formats.SourceFile:
    name, text = small_notice(index)
    return formats.SourceFile(name, text.encode("utf-8"))


def _locked_for(monkeypatch, attempts: int) -> list[int]:
    calls: list[int] = []
    real = imports._store_import

    def store(*args, **kwargs):
        calls.append(len(calls) + 1)
        if len(calls) <= attempts:
            raise OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(imports, "_store_import", store)
    return calls


def test_a_lock_that_clears_is_waited_out(monkeypatch):
    calls = _locked_for(monkeypatch, retry.WRITE_ATTEMPTS - 1)
    outcome = services.import_source_file(item=_item())
    assert outcome.status == "imported" and len(calls) == retry.WRITE_ATTEMPTS
    assert Notice.objects.count() == 1


def test_a_lock_that_never_clears_is_reported_as_busy_with_the_original_kept(monkeypatch):
    calls = _locked_for(monkeypatch, 99)
    outcome = services.import_source_file(item=_item())
    assert len(calls) == retry.WRITE_ATTEMPTS
    assert outcome.failed and Notice.objects.count() == 0
    record = IngestRecord.objects.get()
    assert record.status == IngestRecord.Status.FAILED
    assert record.messages == [retry.BUSY_MESSAGE]
    assert "数据库正忙" in record.messages[0] and "请稍后重试" in record.messages[0]
    assert "解析" not in record.messages[0]
    assert record.file.name and record.file.storage.exists(record.file.name)


def test_other_database_errors_are_not_retried_nor_called_parse_errors(monkeypatch):
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(imports, "_store_import", broken)
    outcome = services.import_source_file(item=_item())
    assert len(calls) == 1
    assert outcome.failed and outcome.messages == [services.DATABASE_ERROR_MESSAGE]
    assert IngestRecord.objects.get().messages == [services.DATABASE_ERROR_MESSAGE]

"""Stored originals (``MEDIA_ROOT/originals/``) that neither a notice nor an ingest record points at.

An import stores the original before its database transaction; an import
killed in between (a timeout, ``kill -9``, a full disk) leaves the file
behind. These functions find such files and remove them on request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.core.files.storage import default_storage
from django.utils import timezone

from .models import IngestRecord, Notice

ORIGINALS_DIR = "originals"


def stored_originals() -> Iterator[str]:
    """Every file name under the originals folder, as the storage names it."""
    if not default_storage.exists(ORIGINALS_DIR):
        return
    folders, files = default_storage.listdir(ORIGINALS_DIR)
    yield from (f"{ORIGINALS_DIR}/{name}" for name in files)
    for folder in folders:
        _sub, names = default_storage.listdir(f"{ORIGINALS_DIR}/{folder}")
        yield from (f"{ORIGINALS_DIR}/{folder}/{name}" for name in names)


def orphan_originals(*, min_age: dt.timedelta = dt.timedelta(hours=1)) -> list[str]:
    """Originals without a notice or ingest record, older than ``min_age``, sorted.

    The age guard keeps a file that an import running right now has stored
    but not yet recorded.
    """
    referenced = set(Notice.objects.exclude(original_file="").values_list("original_file", flat=True))
    referenced.update(IngestRecord.objects.exclude(file="").values_list("file", flat=True))
    cutoff = timezone.now() - min_age
    return sorted(
        name
        for name in stored_originals()
        if name not in referenced and default_storage.get_modified_time(name) <= cutoff
    )


def delete_originals(*, names: list[str]) -> int:
    """Delete these stored files (as returned by :func:`orphan_originals`); returns how many."""
    for name in names:
        default_storage.delete(name)
    return len(names)

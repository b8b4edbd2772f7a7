"""The five sample notices, imported once per test class, and what the tests expect of them.

Expected hit sets are computed from the seed texts themselves: a notice
should match a word when its text contains the word (case and spacing
ignored). Facet expectations come from the hand-checked gold facts.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from django.db.models.signals import post_delete
from django.test import override_settings

from archive.models import Committee, IngestRecord, InspectionRound, IssuingBody, Notice
from archive.services import ImportSource, import_notice
from archive.signals import notice_changed, notice_removed
from search import analysis
from search.documents import NoticeDocument, SectionDocument
from search.signals import on_notice_changed, on_notice_removed
from tests.conftest import GOLD, GOLD_IDS, SEEDS_DIR, seed_text

SEED_IDS = tuple(GOLD_IDS)
GOLD_BY_ID = dict(zip(GOLD_IDS, GOLD, strict=True))


def squeeze(text: str) -> str:
    """Text as search compares it: normalised, without whitespace."""
    return "".join(analysis.normalize(text).split())


SEED_TEXTS = {sid: squeeze(seed_text(GOLD_BY_ID[sid])) for sid in SEED_IDS}


def containing(*words: str) -> set[str]:
    """Seed ids whose text contains every word."""
    return {sid for sid, text in SEED_TEXTS.items() if all(squeeze(w) in text for w in words)}


def gold_date(sid: str) -> dt.date | None:
    gold = GOLD_BY_ID[sid]
    value = gold["feedback_on"] or gold["published_on"]
    return dt.date.fromisoformat(value) if value and len(value) == 10 else None


@contextlib.contextmanager
def index_signals_muted():
    """Import without indexing: the backend under test is built separately."""
    notice_changed.disconnect(dispatch_uid="search.notice_changed", sender=Notice)
    notice_removed.disconnect(dispatch_uid="search.notice_removed")
    post_delete.disconnect(dispatch_uid="search.notice_deleted", sender=Notice)
    try:
        yield
    finally:
        notice_changed.connect(on_notice_changed, sender=Notice, dispatch_uid="search.notice_changed")
        notice_removed.connect(on_notice_removed, dispatch_uid="search.notice_removed")
        post_delete.connect(on_notice_removed, sender=Notice, dispatch_uid="search.notice_deleted")


@dataclass
class SampleArchive:
    keys: dict[str, str]  # seed id → notice key

    @property
    def ids(self) -> dict[str, str]:
        return {key: sid for sid, key in self.keys.items()}

    def sids(self, keys) -> set[str]:
        return {self.ids[k] for k in keys}

    def notice(self, sid: str) -> Notice:
        return Notice.objects.get(key=self.keys[sid])


@contextlib.contextmanager
def sample_archive(django_db_blocker, media_root: Path):
    """Import the five samples (committed, outside any test transaction); remove them afterwards."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root), index_signals_muted():
        keys = {}
        for path in sorted(SEEDS_DIR.glob("*.txt")):
            outcome = import_notice(source=ImportSource(path.name, path.read_bytes()), publish=True)
            assert not outcome.failed, outcome.messages
            keys[path.stem[:3]] = outcome.notice.key
    try:
        yield SampleArchive(keys)
    finally:
        with django_db_blocker.unblock(), index_signals_muted():
            IngestRecord.objects.all().delete()
            Notice.objects.all().delete()
            IssuingBody.objects.all().delete()
            InspectionRound.objects.all().delete()
            Committee.objects.all().delete()


def small_document(key: str, text: str, *, heading: str = "") -> NoticeDocument:
    """A one-section notice document for backend tests that need no database rows."""
    return NoticeDocument(
        key=key,
        title=f"通报{key}",
        body_names="",
        body="",
        round="",
        types=(),
        kind="巡察",
        organ="1",
        year="2020",
        date="2020-01-01",
        sections=(SectionDocument("1", "section", heading, text, 1),),
    )

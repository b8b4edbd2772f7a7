"""The archive's data: notices, their sections, figures and the vocabularies they point at.

Every model is imported here, so ``from archive.models import X`` and the
app's migrations see them all: ``vocabularies`` (bodies, committees, rounds,
issue types), ``notices`` (notices, sections, figures), ``ingest`` (received
files, OCR pages), ``revisions`` (proposed changes), ``derived`` (rows kept
from notices for the statistics and round pages), ``jobs`` (maintenance work).
"""

from .derived import NoticeIssueType, NoticeKeyFigure, RoundUnit
from .ingest import IngestRecord, IngestRecordQuerySet, OcrPage
from .jobs import MaintenanceJob, MaintenanceJobQuerySet
from .notices import (
    DATE_PRECISION,
    Figure,
    FigureQuerySet,
    Notice,
    NoticeQuerySet,
    Section,
    SectionQuerySet,
)
from .revisions import NoticeRevision
from .vocabularies import (
    Committee,
    InspectionRound,
    IssueType,
    IssueTypeQuerySet,
    IssuingBody,
    free_slug,
)

__all__ = [
    "DATE_PRECISION",
    "Committee",
    "Figure",
    "FigureQuerySet",
    "IngestRecord",
    "IngestRecordQuerySet",
    "InspectionRound",
    "IssueType",
    "IssueTypeQuerySet",
    "IssuingBody",
    "MaintenanceJob",
    "MaintenanceJobQuerySet",
    "Notice",
    "NoticeIssueType",
    "NoticeKeyFigure",
    "NoticeQuerySet",
    "NoticeRevision",
    "OcrPage",
    "RoundUnit",
    "Section",
    "SectionQuerySet",
    "free_slug",
]

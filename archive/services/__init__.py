"""Writes to the archive: import, re-parse and publish notices.

Both the admin and the management commands call these functions, so a notice
is stored the same way whichever door it came in by. The modules by role:
``imports`` (a file in, a notice or a kept refusal out), ``parsed`` (a parse
stored on a notice), ``links`` (bodies, committees and rounds), ``updates``
(re-parse, OCR corrections, publish, re-tag).
"""

from .imports import (
    DATABASE_ERROR_MESSAGE,
    KEY_LENGTH,
    NOTICE_WORDS,
    ImportOutcome,
    ImportSource,
    import_notice,
    import_source_file,
    refuse_source,
    store_original,
)
from .links import (
    correct_notice_committee,
    correct_round_committee,
    link_committee,
    link_issuing_body,
    link_round,
)
from .parsed import FACT_FIELDS, fill_from_metadata
from .updates import correct_ocr_pages, publish_notice, reparse_notice, retag_notices

__all__ = [
    "DATABASE_ERROR_MESSAGE",
    "FACT_FIELDS",
    "KEY_LENGTH",
    "NOTICE_WORDS",
    "ImportOutcome",
    "ImportSource",
    "correct_notice_committee",
    "correct_ocr_pages",
    "correct_round_committee",
    "fill_from_metadata",
    "import_notice",
    "import_source_file",
    "link_committee",
    "link_issuing_body",
    "link_round",
    "publish_notice",
    "refuse_source",
    "reparse_notice",
    "retag_notices",
    "store_original",
]

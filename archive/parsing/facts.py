"""Facts read from a parsed notice (dates, group, round, counts, contact, figures)."""

from __future__ import annotations

from .result import ParsedNotice


def extract_facts(notice: ParsedNotice) -> None:
    """Fill the notice's fact fields in place from its header, preamble, sections and closing."""
    notice.display_title = notice.title or ""
    notice.title_derived = notice.title is None

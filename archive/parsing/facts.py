"""Facts read from a parsed notice (dates, group, round, counts, contact, figures)."""

from __future__ import annotations

from .result import ParsedNotice


def extract_facts(notice: ParsedNotice) -> None:
    """Fill the notice's fact fields in place from its header, preamble, sections and closing."""
    notice.display_title = notice.title or ""
    notice.title_derived = notice.title is None


def canonical_body_name(name: str) -> str:
    """The archive's one name for a body that notices write in several ways.

    中共广州市委 and 广州市委 are one body: the party prefix is dropped.
    """
    name = name.strip()
    if name.startswith("中共") and len(name) > 4:
        name = name[2:]
    return name

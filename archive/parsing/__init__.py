"""Pure notice parsing: text in, a :class:`ParsedNotice` out. No ORM, no request."""

from .facts import extract_facts
from .result import Contact, DateValue, ParsedFigure, ParsedNotice, ParsedSection

__all__ = ["Contact", "DateValue", "ParsedFigure", "ParsedNotice", "ParsedSection", "parse_notice"]


def parse_notice(text: str) -> ParsedNotice:
    """Parse a notice's text into its outline and facts; problems become ``warnings``."""
    notice = ParsedNotice(raw_text=text, text=text.strip())
    extract_facts(notice)
    return notice

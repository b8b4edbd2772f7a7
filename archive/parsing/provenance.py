"""Where each fact comes from: its character span and sentence in the normalised text.

Every fact the parser reports carries ``{start, end, quote}`` — the span in
``ParsedNotice.text`` of the words it was read from and the sentence around
them — so a reader can check it, and an editor can see at once what a wrong
value was taken from. A fact whose words cannot be found in the text is not
reported at all: the archive never shows a value it cannot point to.
"""

from __future__ import annotations

import re

from . import dates
from .result import DateValue, ParsedNotice

#: Where a quoted sentence ends.
_SENTENCE_END = "。!?;\n"
#: Longest quote kept; a paragraph without full stops is cut around the span.
MAX_QUOTE = 240

_DATE_FIELDS = ("published_on", "signed_on", "inspection_start", "inspection_end", "feedback_on")
_TEXT_FIELDS = ("title", "issuing_body", "source", "round_label", "inspected_unit")


def span_of(text: str, start: int, end: int) -> dict:
    """``{start, end, quote}`` for ``text[start:end]``: the quote is the sentence (or line) around it."""
    left = max(text.rfind(c, 0, start) for c in _SENTENCE_END) + 1
    rights = [i for c in _SENTENCE_END if (i := text.find(c, end)) >= 0]
    right = min(rights, default=len(text))
    if right < len(text) and text[right] in "。!?":
        right += 1
    if right - left > MAX_QUOTE:
        left, right = max(left, start - MAX_QUOTE // 2), min(right, end + MAX_QUOTE // 2)
    return {"start": start, "end": end, "quote": text[left:right].strip()}


def find_span(text: str, needle: str | None, *, prefer: str = "first", after: int = 0) -> dict | None:
    """The provenance of ``needle`` in ``text`` (first occurrence from ``after``, or the last)."""
    if not needle:
        return None
    index = text.rfind(needle) if prefer == "last" else text.find(needle, after)
    if index < 0 and after:
        index = text.find(needle)
    if index < 0:
        return None
    return span_of(text, index, index + len(needle))


def record(notice: ParsedNotice, *, group_match: str | None = None, counts_sentence: str | None = None) -> None:
    """Fill ``notice.provenance`` for every fact that has a value; drop values nothing in the text supports.

    ``group_match`` is the words the inspection group was read from
    (省委巡视第一组); ``counts_sentence`` the sentence of the feedback's counts.
    """
    text = notice.text
    prov = notice.provenance
    for name in _TEXT_FIELDS:
        value = getattr(notice, name)
        if not value:
            continue
        if prov.get(name):
            continue  # the reader recorded where it read a normalised value (a round label's batch)
        found = find_span(text, value, prefer="last" if name == "issuing_body" else "first", after=0)
        if name == "issuing_body" and found is None:
            found = _name_variant_span(text, value)
        if found is None and name == "title":
            found = find_span(text, value[:12])
        if found is None:
            if name in ("title", "source") and notice.metadata:
                prov[name] = {"start": None, "end": None, "quote": f"网页元数据:{value}"}
                continue
            notice.warnings.append(f"“{value}”在正文中找不到出处,未作为{_LABELS[name]}保存。")
            setattr(notice, name, None)
            continue
        prov[name] = found
    if group_match:
        found = find_span(text, group_match)
        for name in ("inspection_group", "group_number", "inspection_kind", "inspecting_organ"):
            if found and getattr(notice, name):
                prov[name] = found
    elif notice.inspection_kind:
        found = find_span(text, notice.inspection_kind)
        if found:
            prov["inspection_kind"] = found
    for name in _DATE_FIELDS:
        value: DateValue | None = getattr(notice, name)
        if value is None:
            continue
        found = _date_span(text, value, name)
        if found:
            prov[name] = found
        elif name in ("published_on", "signed_on") and notice.metadata:
            prov[name] = {"start": None, "end": None, "quote": "网页元数据"}
    if notice.problem_counts:
        found = find_span(text, counts_sentence.strip()) if counts_sentence else None
        found = found or _counts_span(text, notice.problem_counts)
        if found:
            prov["problem_counts"] = found
    contact = notice.contact
    for name, value in (("phone", contact.phone), ("email", contact.email), ("postcode", contact.postcode)):
        if value:
            needle = value.split("-")[-1] if name == "phone" else value
            found = find_span(text, needle, prefer="last")
            if found:
                prov[f"contact.{name}"] = found


_LABELS = {
    "title": "标题",
    "issuing_body": "发布机关",
    "source": "来源",
    "round_label": "轮次",
    "inspected_unit": "被巡视巡察单位",
}


def _name_variant_span(text: str, value: str) -> dict | None:
    """A name written with spaces or line breaks in the text (中共某某县委  办公室)."""
    pattern = r"\s*".join(re.escape(c) for c in value)
    match = re.search(pattern, text)
    return span_of(text, match.start(), match.end()) if match else None


def _date_span(text: str, value: DateValue, name: str) -> dict | None:
    """The written date in ``text`` that gives ``value`` (its year may be left out in the text)."""
    candidates = []
    for mention in dates.find_dates(text):
        if mention.month != value.value.month or (mention.year is not None and mention.year != value.value.year):
            continue
        if value.precision == "day" and mention.day != value.value.day:
            continue
        candidates.append((mention.start, mention.end))
    for pattern in (dates.ISO_DATE_RE, dates.DAY_FIRST_DATE_RE):
        for match in pattern.finditer(text):
            if (int(match["year"]), int(match["month"]), int(match["day"])) == (
                value.value.year,
                value.value.month,
                value.value.day,
            ):
                candidates.append(match.span())
    if not candidates and value.precision == "day":
        # A date read from a garbled form (2023年118日): the garbled words are its source.
        written = f"{value.value.month}{value.value.day}日"
        for match in dates.GARBLED_DATE_RE.finditer(text):
            if match["md"] + "日" == written and match["year"] in (None, str(value.value.year)):
                candidates.append(match.span())
    if not candidates:
        return None
    candidates.sort()
    if name == "signed_on":
        # The signature closes the notice, so its date is the last one of that day, found
        # or not in what the parser took as the closing.
        start, end = candidates[-1]
    elif name == "feedback_on":
        near = [c for c in candidates if "反馈" in text[c[1] : c[1] + dates.FEEDBACK_WINDOW]]
        start, end = (near or candidates)[0]
    else:
        start, end = candidates[0]
    return span_of(text, start, end)


def _counts_span(text: str, counts: dict) -> dict | None:
    for value in counts.values():
        number = str(int(value)) if float(value).is_integer() else str(value)
        for match in re.finditer(re.escape(number), text):
            around = text[max(0, match.start() - 30) : match.end() + 10]
            if "整改" in around or "问题" in around:
                return span_of(text, match.start(), match.end())
    return None

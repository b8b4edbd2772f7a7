"""Recognised text runs → the page's lines in reading order → the notice's paragraphs.

Pure functions, no engine: a page's runs are grouped into lines, a page of two
columns is read left column first (a heading across both columns is read where
it stands), and an indented line is marked by leading spaces. The pages are then
joined by :func:`archive.formats.pdf.join_lines` after running headers and page
numbers are dropped.
"""

from __future__ import annotations

import re
from collections import Counter

from ..formats.pdf import clean, join_lines
from .engine import OcrLine

#: A column gutter is looked for in this middle band of the text block's width.
GUTTER_BAND = (0.3, 0.7)
#: Each column must hold at least this many runs, and this share of the page's, for two columns.
MIN_COLUMN_RUNS = 3
MIN_COLUMN_SHARE = 0.2
#: At most this share of the runs may cross the gutter (headings and page furniture across both columns).
MAX_CROSSING = 0.15
_DIGITS = re.compile(r"\d+")


def page_lines(runs: list[OcrLine]) -> list[str]:
    """The page's lines in reading order; an indented line starts with two spaces."""
    if not runs:
        return []
    gutter = _gutter(runs)
    if gutter is None:
        return _column_lines(runs)
    lines: list[str] = []
    band: list[OcrLine] = []
    for run in sorted(runs, key=lambda r: r.top):
        if run.left < gutter < run.right:  # spans both columns: ends the band above it
            lines += _band_lines(band, gutter)
            lines += _column_lines([run])
            band = []
        else:
            band.append(run)
    return lines + _band_lines(band, gutter)


def join_pages(pages: list[list[str]]) -> str:
    """The pages' lines → paragraphs separated by blank lines, without running headers or page numbers."""
    headers = _running_lines([page[:1] for page in pages]) | _running_lines([page[-1:] for page in pages])
    lines: list[str] = []
    for page in pages:
        kept = [line for i, line in enumerate(page) if not ((i == 0 or i == len(page) - 1) and _key(line) in headers)]
        lines += [clean(line) if not line.startswith("  ") else "  " + clean(line.strip()) for line in kept]
    return "\n\n".join(join_lines(lines))


def page_text(lines: list[str]) -> str:
    """One page as an editor sees and corrects it: its lines, indents kept."""
    return "\n".join(lines)


def text_lines(text: str) -> list[str]:
    """An edited page's text back into lines (blank lines dropped, indents kept)."""
    return [line.rstrip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def _band_lines(runs: list[OcrLine], gutter: float) -> list[str]:
    left = [run for run in runs if run.right <= gutter]
    right = [run for run in runs if run.left >= gutter]
    return _column_lines(left) + _column_lines(right)


def _column_lines(runs: list[OcrLine]) -> list[str]:
    """Runs of one column grouped into lines (by vertical overlap), each read left to right."""
    rows: list[list[OcrLine]] = []
    for run in sorted(runs, key=lambda r: r.middle):
        if rows and abs(run.middle - _middle(rows[-1])) < 0.5 * max(run.height, _height(rows[-1])):
            rows[-1].append(run)
        else:
            rows.append([run])
    if not rows:
        return []
    lefts = sorted(min(r.left for r in row) for row in rows)
    margin = lefts[len(lefts) // 10]
    heights = sorted(_height(row) for row in rows)
    char = heights[len(heights) // 2]
    lines = []
    for row in rows:
        row.sort(key=lambda r: r.left)
        text = "".join(r.text for r in row)
        indented = min(r.left for r in row) - margin > char
        lines.append(("  " if indented else "") + text)
    return lines


def _gutter(runs: list[OcrLine]) -> float | None:
    """The x of a vertical strip between two columns, or None for a single column.

    The strip is where fewest runs cross the middle band of the text block; a
    few may (a centred title, a running header, a page number), but both sides
    must hold a fair share of the runs.
    """
    left_edge = min(r.left for r in runs)
    right_edge = max(r.right for r in runs)
    width = right_edge - left_edge
    if width <= 0 or len(runs) < 2 * MIN_COLUMN_RUNS:
        return None
    low = left_edge + GUTTER_BAND[0] * width
    steps = 100
    crossing = []
    for i in range(steps + 1):
        x = low + (GUTTER_BAND[1] - GUTTER_BAND[0]) * width * i / steps
        crossing.append((sum(1 for r in runs if r.left < x < r.right), x))
    fewest = min(count for count, _x in crossing)
    if fewest > MAX_CROSSING * len(runs):
        return None
    # The middle of the widest stretch with the fewest crossings.
    best, start = (0, 0.0, 0.0), None
    for count, x in [*crossing, (fewest + 1, right_edge)]:
        if count == fewest and start is None:
            start = x
        elif count != fewest and start is not None:
            if x - start > best[0]:
                best = (x - start, start, x)
            start = None
    middle = (best[1] + best[2]) / 2
    left = sum(1 for r in runs if r.right <= middle)
    right = sum(1 for r in runs if r.left >= middle)
    share = MIN_COLUMN_SHARE * len(runs)
    if min(left, right) < max(MIN_COLUMN_RUNS, share):
        return None
    return middle


def _running_lines(edges: list[list[str]]) -> set[str]:
    """First (or last) lines that recur on at least half the pages (two at least): running headers."""
    counts = Counter(_key(lines[0]) for lines in edges if lines)
    threshold = max(2, (len(edges) + 1) // 2)
    return {key for key, count in counts.items() if count >= threshold and key}


def _key(line: str) -> str:
    # Page numbers differ from page to page; the header's words do not.
    return _DIGITS.sub("#", "".join(line.split()))


def _middle(row: list[OcrLine]) -> float:
    return sum(r.middle for r in row) / len(row)


def _height(row: list[OcrLine]) -> float:
    return max(r.bottom for r in row) - min(r.top for r in row)

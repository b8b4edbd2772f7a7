"""Generated scanned pages: a sample's text set in Noto CJK with Pillow, as a scanner would see it.

The pages are made here from the text of the samples (read at test time): an A4
page at a given resolution, one or two columns, a running header and a page
number, optionally turned a little and speckled with noise. ``Page.lines`` is
the body text as set, line by line, so OCR output can be scored against it.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from PIL import Image, ImageDraw, ImageFilter, ImageFont
from rapidfuzz.distance import Levenshtein

from archive.parsing.outline import match_heading

FONT_DIR = "/usr/share/fonts/opentype/noto/"
A4_MM = (210, 297)
MARGIN_MM = (25, 28)
GUTTER_MM = 10
POINT_SIZE = 14
_PAGE_NUMBER = re.compile(r"^[-—–~一]*\d{1,4}[-—–~一]*$")


@dataclass
class Page:
    image: Image.Image
    lines: list[str] = field(default_factory=list)
    header: str = ""
    number: int = 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@cache
def font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "NotoSansCJK-Bold.ttc" if bold else "NotoSerifCJK-Regular.ttc"
    try:
        # Index 2 of the collection is the Simplified Chinese face (SC).
        return ImageFont.truetype(FONT_DIR + name, size, index=2)
    except OSError as exc:
        raise AssertionError(f"{name} not found in {FONT_DIR}: install the Debian package fonts-noto-cjk.") from exc


def paragraphs(text: str) -> list[str]:
    """The sample's non-empty lines, stripped: each is one paragraph of the page."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def render_pages(
    text: str,
    *,
    dpi: int = 300,
    columns: int = 1,
    skew: float = 0.0,
    noise: float = 0.0,
    header: str = "",
    max_pages: int | None = None,
    seed: int = 0,
) -> list[Page]:
    """Set ``text`` on as many A4 pages as it needs (at most ``max_pages``)."""
    rng = random.Random(seed)
    mm = dpi / 25.4
    width, height = round(A4_MM[0] * mm), round(A4_MM[1] * mm)
    left, top = round(MARGIN_MM[0] * mm), round(MARGIN_MM[1] * mm)
    size = round(POINT_SIZE * dpi / 72)
    body, bold = font(size), font(size, bold=True)
    leading = round(size * 1.6)
    gutter = round(GUTTER_MM * mm)
    column_width = (width - 2 * left - (columns - 1) * gutter) // columns
    rows = (height - 2 * top) // leading

    laid: list[tuple[str, bool]] = []
    for paragraph in paragraphs(text):
        heading = match_heading(paragraph) is not None and len(paragraph) < 40
        indent = "" if heading else "\u3000\u3000"
        for line in _wrap(indent + paragraph, bold if heading else body, column_width):
            laid.append((line, heading))

    pages: list[Page] = []
    per_page = rows * columns
    for start in range(0, len(laid), per_page):
        if max_pages is not None and len(pages) >= max_pages:
            break
        number = len(pages) + 1
        image = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(image)
        chunk = laid[start : start + per_page]
        for i, (line, heading) in enumerate(chunk):
            column, row = divmod(i, rows)
            x = left + column * (column_width + gutter)
            draw.text((x, top + row * leading), line, font=bold if heading else body, fill=0)
        small = font(round(size * 0.75))
        if header:
            draw.text((width // 2, top // 2), header, font=small, fill=0, anchor="mm")
        draw.text((width // 2, height - top // 2), f"— {number} —", font=small, fill=0, anchor="mm")
        image = _scan(image, rng, skew=skew, noise=noise)
        pages.append(Page(image, [line.lstrip("\u3000") for line, _ in chunk], header, number))
    return pages


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, current = [], ""
    for char in text:
        if current and face.getlength(current + char) > width:
            lines.append(current)
            current = char
        else:
            current += char
    if current:
        lines.append(current)
    return lines


def _scan(image: Image.Image, rng: random.Random, *, skew: float, noise: float) -> Image.Image:
    """What a scanner adds: a slight turn, a soft edge and speckles."""
    if skew:
        image = image.rotate(skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    if noise:
        image = image.filter(ImageFilter.GaussianBlur(0.6))
        pixels = image.load()
        w, h = image.size
        for _ in range(int(w * h * noise)):
            x, y = rng.randrange(w), rng.randrange(h)
            pixels[x, y] = rng.choice((0, 90, 160, 255))
    return image


def squeeze(text: str) -> str:
    """Text as accuracy compares it: NFKC (full-width forms as the parser reads them), no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def body_of(lines: list[str], page: Page) -> str:
    """OCR lines without the page's running header and page number."""
    header = squeeze(page.header)
    kept = [line for line in lines if squeeze(line) != header and not _PAGE_NUMBER.match(squeeze(line))]
    return "".join(kept)


def char_accuracy(recognized: str, truth: str) -> float:
    """1 − (edit distance ÷ length of the truth), on squeezed text."""
    expected = squeeze(truth)
    return 1 - Levenshtein.distance(squeeze(recognized), expected) / max(len(expected), 1)


def page_accuracy(lines: list[str], page: Page) -> float:
    return char_accuracy(body_of(lines, page), page.text)

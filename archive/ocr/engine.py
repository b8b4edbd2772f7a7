"""One page image → recognised lines with their boxes and scores (RapidOCR on onnxruntime)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from PIL import Image

#: Named on the notice so an editor knows how its text was made.
ENGINE_NAME = "RapidOCR PP-OCRv4 (onnxruntime)"

_lock = threading.Lock()


@dataclass(frozen=True)
class OcrLine:
    """A recognised run of text and its box on the page, in pixels."""

    text: str
    left: float
    top: float
    right: float
    bottom: float
    score: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@cache
def _engine():
    from rapidocr_onnxruntime import RapidOCR

    threads = settings.ARCHIVE_OCR_THREADS
    # Scanned notices are upright: the 180° classifier only costs time.
    return RapidOCR(
        use_cls=False,
        det_intra_op_num_threads=threads,
        rec_intra_op_num_threads=threads,
        cls_intra_op_num_threads=threads,
    )


def recognize(image: Image.Image) -> list[OcrLine]:
    """The text runs on a page, unordered; an empty page gives an empty list."""
    import numpy as np

    array = np.asarray(image.convert("RGB"))[:, :, ::-1]  # RapidOCR expects OpenCV's BGR order
    # One inference at a time per process: onnxruntime sessions already use every thread allowed.
    with _lock:
        result, _elapsed = _engine()(array)
    lines = []
    for box, text, score in result or []:
        xs = [point[0] for point in box]
        ys = [point[1] for point in box]
        if text.strip():
            lines.append(OcrLine(text.strip(), min(xs), min(ys), max(xs), max(ys), float(score)))
    return lines


def page_confidence(lines: list[OcrLine]) -> float:
    """The engine's mean score over the page, weighted by characters (0 for a page with no text)."""
    total = sum(len(line.text) for line in lines)
    if not total:
        return 0.0
    return sum(line.score * len(line.text) for line in lines) / total

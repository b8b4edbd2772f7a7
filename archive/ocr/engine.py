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


#: Pages are scaled down so that their longer side is at most this many pixels before OCR (RapidOCR's own
#: cap, applied here on the greyscale page): an A4 page at 300 dpi (3508 px) becomes about 170 dpi, where
#: body text is still about 30 px high; the recogniser scales every line to 48 px anyway.
MAX_SIDE = 2000
#: Text detection runs on the page scaled to this longer side (PP-OCR's detector finds lines of
#: body text on an A4 page at this size; the recogniser still reads each line from the MAX_SIDE page).
DETECT_SIDE = 1280


@cache
def _engine(threads: int):
    from rapidocr_onnxruntime import RapidOCR
    from rapidocr_onnxruntime.utils.infer_engine import OrtInferSession

    # RapidOCR 1.4 (pinned) builds its onnxruntime options in this one static method and has no setting
    # for spinning, so the method is wrapped while the engine is made (once, under the caller's lock).
    original = OrtInferSession._init_sess_opts
    OrtInferSession._init_sess_opts = _without_spinning(original)
    try:
        # Scanned notices are upright: the 180° classifier only costs time.
        return RapidOCR(
            use_cls=False,
            max_side_len=MAX_SIDE,
            det_limit_type="max",
            det_limit_side_len=DETECT_SIDE,
            # The global setting: RapidOCR 1.4 copies it over the per-model ones (det_…, rec_…).
            intra_op_num_threads=threads,
            inter_op_num_threads=1,
        )
    finally:
        OrtInferSession._init_sess_opts = staticmethod(original)


def _without_spinning(make_options):
    """onnxruntime options whose idle worker threads sleep instead of spinning.

    By default onnxruntime's worker threads spin while they wait for work: on a
    machine shared with other work that burns CPU time and takes it from the
    others, for no gain in a batch job such as OCR.
    """

    def options(config):
        made = make_options(config)
        made.add_session_config_entry("session.intra_op.allow_spinning", "0")
        made.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return made

    return staticmethod(options)


def recognize(image: Image.Image, *, threads: int | None = None) -> list[OcrLine]:
    """The text runs on a page, unordered, with boxes in the page's own pixels; an empty page gives an empty list.

    ``threads``: onnxruntime threads (default ``ARCHIVE_OCR_THREADS``; given
    explicitly in the pool's processes, which do not load the settings).
    """
    import numpy as np

    if threads is None:
        threads = settings.ARCHIVE_OCR_THREADS

    scale = min(1.0, MAX_SIDE / max(image.size))
    if scale < 1.0:
        # Scaled here, on the greyscale page, rather than by the engine on three colour channels.
        size = (round(image.width * scale), round(image.height * scale))
        image = image.convert("L").resize(size, Image.Resampling.LANCZOS)
    array = np.asarray(image.convert("RGB"))[:, :, ::-1]  # RapidOCR expects OpenCV's BGR order
    # One inference at a time per process: onnxruntime sessions already use every thread allowed.
    with _lock:
        result, _elapsed = _engine(threads)(array)
    return runs_of(result, scale=scale)


def runs_of(result, *, scale: float = 1.0) -> list[OcrLine]:
    """RapidOCR's result (box, text, score triples) as text runs, boxes divided by ``scale``."""
    lines = []
    for box, text, score in result or []:
        xs = [point[0] / scale for point in box]
        ys = [point[1] / scale for point in box]
        if text.strip():
            lines.append(OcrLine(text.strip(), min(xs), min(ys), max(xs), max(ys), float(score)))
    return lines


def page_confidence(lines: list[OcrLine]) -> float:
    """The engine's mean score over the page, weighted by characters (0 for a page with no text)."""
    total = sum(len(line.text) for line in lines)
    if not total:
        return 0.0
    return sum(line.score * len(line.text) for line in lines) / total

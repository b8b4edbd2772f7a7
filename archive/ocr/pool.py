"""The page images of one scan read by OCR in several processes at once, results in page order.

A second onnxruntime thread hardly shortens a page on PP-OCR's models (measured:
wall time ≈ CPU time with two threads), but pages are independent: two processes
reading two pages keep two cores busy. The processes are started
once (``spawn``: a clean interpreter, no copy of the worker's database
connections or threads) and kept for the next scan; each loads the models once.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from django.conf import settings
from PIL import Image

from ..formats import ExtractionError
from .engine import OcrLine, recognize

logger = logging.getLogger(__name__)

#: Pages handed to the processes ahead of the ones being read, per process: enough to keep
#: every process busy, few enough that a 60-page scan is not copied into the queue at once.
AHEAD = 2

_pools: dict[tuple[int, int], ProcessPoolExecutor] = {}
_pools_lock = threading.Lock()


class PageFailed(ExtractionError):
    """A page could not be read by OCR; the message names it, in Chinese, for the ingest record."""


def read_pages(
    images: Sequence[Image.Image],
    *,
    numbers: Sequence[int] | None = None,
    progress: Callable[[int], None] | None = None,
    reader: Callable[[Image.Image, int], list[OcrLine]] | None = None,
) -> list[list[OcrLine]]:
    """The text runs of each image, in the order of ``images``.

    Read in ``ARCHIVE_OCR_WORKERS`` processes when there is more than one page
    (else here, in this process). ``progress(done)`` is called after each page
    is read, in whatever order pages finish; ``done`` only grows. ``reader``
    (a module-level function, so that it can be sent to a process) replaces the
    engine in tests. A page the engine fails on raises :class:`PageFailed`
    naming it by its number in ``numbers`` (default: 1, 2, …).
    """
    reader = reader or recognize_page
    numbers = list(numbers or range(1, len(images) + 1))
    threads = max(1, settings.ARCHIVE_OCR_THREADS)
    size = max(1, settings.ARCHIVE_OCR_WORKERS)
    workers = min(size, len(images))
    if workers <= 1:
        return _read_here(images, numbers, progress, reader, threads)
    # One pool of the configured size, whatever the page count: it starts processes only as pages
    # need them (spawn), so a short scan does not start them all, and no second set is ever made.
    pool = _pool(size, threads)
    try:
        return _read_in(pool, images, numbers, progress, reader, threads, workers)
    except BrokenProcessPool as exc:
        # A process died (killed, out of memory): the pool is unusable, the next scan gets a new one.
        _discard(size, threads)
        raise PageFailed("文字识别进程意外退出(可能是内存不足),原始文件已保存:请稍后重新处理或联系管理员。") from exc


def recognize_page(image: Image.Image, threads: int) -> list[OcrLine]:
    """The engine on one page, with ``threads`` onnxruntime threads (runs in a pool process)."""
    return recognize(image, threads=threads)


def _read_here(images, numbers, progress, reader, threads) -> list[list[OcrLine]]:
    pages = []
    for index, image in enumerate(images):
        try:
            pages.append(reader(image, threads))
        except Exception as exc:
            raise _failed(numbers[index], exc) from exc
        if progress:
            progress(index + 1)
    return pages


def _read_in(pool, images, numbers, progress, reader, threads, workers) -> list[list[OcrLine]]:
    results: list[list[OcrLine] | None] = [None] * len(images)
    running: dict[Future, int] = {}
    queued = iter(enumerate(images))
    done = 0
    try:
        while True:
            for index, image in queued:
                running[pool.submit(reader, image, threads)] = index
                if len(running) >= workers * AHEAD:
                    break
            if not running:
                return results  # type: ignore[return-value]
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index = running.pop(future)
                try:
                    results[index] = future.result()
                except BrokenProcessPool:
                    raise
                except Exception as exc:
                    raise _failed(numbers[index], exc) from exc
                done += 1
                if progress:
                    progress(done)
    finally:
        for future in running:
            future.cancel()


def _failed(number: int, exc: Exception) -> PageFailed:
    logger.error("OCR of page %s failed", number, exc_info=exc)
    return PageFailed(f"第 {number} 页文字识别失败,原始文件已保存:请检查这一页的图像是否完整、清晰,或重新扫描后上传。")


def _pool(workers: int, threads: int) -> ProcessPoolExecutor:
    with _pools_lock:
        pool = _pools.get((workers, threads))
        if pool is None:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
            _pools[(workers, threads)] = pool
        return pool


def _discard(workers: int, threads: int) -> None:
    with _pools_lock:
        pool = _pools.pop((workers, threads), None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


@atexit.register
def shutdown() -> None:
    """Stop the processes (at exit; tests call it to start from none)."""
    with _pools_lock:
        pools = list(_pools.values())
        _pools.clear()
    for pool in pools:
        pool.shutdown(wait=True, cancel_futures=True)

"""OCR engines compared on the same generated pages: character accuracy, layout, seconds per page.

    nice -n 19 .venv/bin/python bench/ocr.py [--pages 4] [--threads 2]
        [--engines rapidocr-pool rapidocr rapidocr-defaults tesseract]

The pages are set from the samples' text (``tests/archive/ocr_pages.py``):
one column at 300 dpi, one column at 150 dpi turned 0.8° with noise, two
columns at 300 dpi turned 0.3°; each with a running header and a page number.
Engines:

- ``rapidocr-pool`` — the archive's pipeline: a set's pages read as one scan
  by ``archive.ocr.pool``, in ``ARCHIVE_OCR_WORKERS`` processes (default: one
  per CPU) with ``ARCHIVE_OCR_THREADS`` onnxruntime threads each (default 1);
- ``rapidocr`` — the archive's engine (``archive.ocr``: RapidOCR PP-OCRv4 from
  the ``rapidocr_onnxruntime`` wheel, our line and column ordering), one page
  after another in this process with ``--threads`` onnxruntime threads (2:
  the archive's former setting, before pages were read in several processes);
- ``rapidocr-defaults`` — the same models with RapidOCR's own settings (page
  scaled to 2000 px by the engine, detection at that size, onnxruntime threads
  that spin while idle; the classifier off as in the archive): the reference
  for what the archive's settings save;
- ``tesseract`` — Debian ``tesseract-ocr`` + ``tesseract-ocr-chi-sim`` through its
  command line, page segmentation ``--psm 3`` (automatic, columns included).

Accuracy is 1 − edit distance ÷ length of the text as set (NFKC, whitespace
ignored, header and page number dropped). "Headings in order" counts the page's
outline headings (一、 (一) 1. …) found in the output after the one before.
Seconds are per page, a set's pages being read as one document (its time ÷
its pages): wall time, which is what an editor waits for, and CPU time (this
process's, the pool's processes' and Tesseract's, all threads), which a machine
shared with other work distorts far less than wall time.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402
from django.conf import settings  # noqa: E402

django.setup()

from archive.ocr import pool  # noqa: E402
from archive.ocr.engine import recognize, runs_of  # noqa: E402
from archive.ocr.layout import page_lines  # noqa: E402
from archive.parsing.outline import match_heading  # noqa: E402
from tests.archive.ocr_pages import body_of, char_accuracy, render_pages, squeeze  # noqa: E402

SEEDS = Path(os.environ.get("ARCHIVE_CORPUS_DIR", ROOT.parent / "shared" / "corpus")) / "seeds"
PAGE_SETS = [
    ("300 dpi, one column", {"dpi": 300, "columns": 1}),
    ("150 dpi, one column, skew 0.8°, noise", {"dpi": 150, "columns": 1, "skew": 0.8, "noise": 0.004}),
    ("300 dpi, two columns, skew 0.3°", {"dpi": 300, "columns": 2, "skew": 0.3, "noise": 0.001}),
]


THREADS = 2  # --threads


def rapidocr_pool_lines(images) -> list[list[str]]:
    return [page_lines(runs) for runs in pool.read_pages(images)]


def rapidocr_lines(image) -> list[str]:
    return page_lines(recognize(image, threads=THREADS))


@cache
def _library_defaults():
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(use_cls=False, intra_op_num_threads=THREADS)


def rapidocr_defaults_lines(image) -> list[str]:
    import numpy as np

    result, _elapsed = _library_defaults()(np.asarray(image.convert("RGB"))[:, :, ::-1])
    return page_lines(runs_of(result))


def tesseract_lines(image) -> list[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.png"
        image.save(path)
        out = subprocess.run(
            ["tesseract", str(path), "stdout", "-l", "chi_sim", "--psm", "3"],
            capture_output=True,
            check=True,
            text=True,
            env={**os.environ, "OMP_THREAD_LIMIT": str(THREADS)},
        ).stdout
    return [line for line in out.splitlines() if line.strip()]


def one_by_one(read_page):
    return lambda images: [read_page(image) for image in images]


ENGINES = {
    "rapidocr-pool": rapidocr_pool_lines,
    "rapidocr": one_by_one(rapidocr_lines),
    "rapidocr-defaults": one_by_one(rapidocr_defaults_lines),
    "tesseract": one_by_one(tesseract_lines),
}


def cpu_seconds() -> float:
    """CPU time of this process, of finished child processes (Tesseract) and of the OCR pool's processes."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime + pool_cpu_seconds()


def pool_cpu_seconds() -> float:
    """User + system time of the running pool processes, from /proc (Linux): they never exit between sets."""
    ticks, total = os.sysconf("SC_CLK_TCK"), 0.0
    for executor in list(pool._pools.values()):
        for pid in list(executor._processes or {}):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def headings_in_order(text: str, page) -> tuple[int, int]:
    heads = [squeeze(line)[:8] for line in page.lines if match_heading(line) is not None and len(line) < 40]
    found, position = 0, 0
    for head in heads:
        at = text.find(head, position)
        if at >= 0:
            found, position = found + 1, at + len(head)
    return found, len(heads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=4, help="pages per set (first pages of different samples)")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=list(ENGINES))
    parser.add_argument(
        "--threads", type=int, default=2, help="onnxruntime/Tesseract threads of the one-by-one engines"
    )
    args = parser.parse_args()
    global THREADS
    THREADS = args.threads
    seeds = sorted(SEEDS.glob("*.txt"))
    sets = []
    for label, options in PAGE_SETS:
        pages = []
        for index in range(args.pages):
            text = seeds[index % len(seeds)].read_text(encoding="utf-8")
            pages += render_pages(text, header="巡察整改情况通报", max_pages=1, seed=index, **options)
        sets.append((label, pages))
    # Load the models outside the timings; whole pages, so that every process of the pool gets one.
    for engine in args.engines:
        ENGINES[engine]([sets[0][1][0].image] * settings.ARCHIVE_OCR_WORKERS)

    rows = []
    for label, pages in sets:
        for engine in args.engines:
            start, start_cpu = time.perf_counter(), cpu_seconds()
            read = ENGINES[engine]([page.image for page in pages])
            seconds, cpu = (time.perf_counter() - start) / len(pages), (cpu_seconds() - start_cpu) / len(pages)
            accuracies, found, total = [], 0, 0
            for lines, page in zip(read, pages, strict=True):
                accuracies.append(char_accuracy(body_of(lines, page), page.text))
                f, t = headings_in_order(squeeze("".join(lines)), page)
                found, total = found + f, total + t
            rows.append((label, engine, statistics.mean(accuracies), min(accuracies), found, total, seconds, cpu))
            print(f"  {label} · {engine}: {statistics.mean(accuracies):.2%}, {seconds:.1f} s/page", file=sys.stderr)

    print(
        f"{args.pages} page(s) per set; pool: {settings.ARCHIVE_OCR_WORKERS} processes × "
        f"{settings.ARCHIVE_OCR_THREADS} thread(s); one by one: {THREADS} threads; "
        f"load average at the end {os.getloadavg()[0]:.1f}\n"
    )
    print("| pages | engine | character accuracy, mean (min) | headings in order | wall s/page | CPU s/page |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for label, engine, mean, low, found, total, seconds, cpu in rows:
        print(f"| {label} | {engine} | {mean:.2%} ({low:.2%}) | {found}/{total} | {seconds:.1f} | {cpu:.1f} |")


if __name__ == "__main__":
    main()

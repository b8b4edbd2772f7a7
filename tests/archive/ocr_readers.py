"""Stand-ins for the OCR engine, run in the pool's processes (so defined in a module they can import).

A page image is blank; its width says its number (modulo 100) (``page_image``). The readers
"recognise" one line naming the page and the process that read it.
"""

from __future__ import annotations

import os
import time

from PIL import Image

from archive.ocr.engine import OcrLine


def page_image(number: int) -> Image.Image:
    return Image.new("L", (100 + number, 50), 255)


def number_of(image: Image.Image) -> int:
    return image.width % 100


def slow_reader(image: Image.Image, threads: int) -> list[OcrLine]:
    """Later pages are read faster, so that pages finish out of order."""
    number = number_of(image)
    time.sleep(max(0.0, 0.3 - 0.05 * number))
    return [OcrLine(f"第{number}页 进程{os.getpid()}", 0, 0, 100, 20, 0.99)]


def failing_reader(image: Image.Image, threads: int) -> list[OcrLine]:
    """The engine raising on page 2."""
    if number_of(image) == 2:
        raise ValueError("the engine could not read this image")
    return slow_reader(image, threads)


def dying_reader(image: Image.Image, threads: int) -> list[OcrLine]:
    """The process dying on page 2, as when the system kills it for memory."""
    if number_of(image) == 2:
        os._exit(1)
    return slow_reader(image, threads)

"""Received files → the files to import, with zips unpacked under limits.

The same limits serve the admin upload and the import command: the size of one
file (``ARCHIVE_MAX_UPLOAD_BYTES``), and for a zip the number of files
(``ARCHIVE_MAX_ZIP_FILES``) and their total unpacked size
(``ARCHIVE_MAX_ZIP_UNPACKED_BYTES``). A zip is never extracted to disk: each
entry is read into memory, at most as many bytes as it declares, so an entry
that lies about its size (a zip bomb) is caught without being inflated.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path, PurePath, PurePosixPath

from django.conf import settings

from . import ZIP_SUFFIX

CHUNK = 64 * 1024
# Folders and files that archivers add and that are never notices.
_JUNK_PREFIXES = ("__MACOSX/",)
_JUNK_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class SourceFile:
    """One file to import. ``error`` is set when it was refused before being read."""

    name: str
    data: bytes
    error: str = ""


def iter_sources(paths: Iterable[Path]) -> Iterator[SourceFile]:
    """The files to import from these paths on disk, zips unpacked; refusals included."""
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    for path in paths:
        size = path.stat().st_size
        if size > limit:
            yield SourceFile(path.name, b"", too_large_message(size))
            continue
        yield from unpack(path.name, path.read_bytes())


def unpack(name: str, data: bytes) -> list[SourceFile]:
    """``[the file]``, or for a zip the files inside it; anything refused carries ``error``."""
    if len(data) > settings.ARCHIVE_MAX_UPLOAD_BYTES:
        return [SourceFile(name, b"", too_large_message(len(data)))]
    if PurePath(name).suffix.lower() != ZIP_SUFFIX:
        return [SourceFile(name, data)]
    from ..ocr.images import is_image_zip

    if is_image_zip(data):
        # Page images of one scanned notice: read together by OCR, not as separate files.
        return [SourceFile(name, data)]
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        return [SourceFile(name, data, "压缩包已损坏或不是 zip 格式,无法打开。")]
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir() and not _is_junk(_entry_name(info))]
        refusal = _check_zip_limits(entries)
        if refusal:
            return [SourceFile(name, data, refusal)]
        if not entries:
            return [SourceFile(name, data, "压缩包中没有文件。")]
        return [_read_entry(archive, info, name) for info in entries]


def too_large_message(size: int) -> str:
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    return f"文件过大({_megabytes(size)}):单个文件不能超过 {_megabytes(limit)}。"


def _check_zip_limits(entries: list[zipfile.ZipInfo]) -> str:
    max_files = settings.ARCHIVE_MAX_ZIP_FILES
    if len(entries) > max_files:
        return f"压缩包中有 {len(entries)} 个文件,超过上限 {max_files} 个:请分批上传。"
    declared = sum(info.file_size for info in entries)
    max_bytes = settings.ARCHIVE_MAX_ZIP_UNPACKED_BYTES
    if declared > max_bytes:
        return f"压缩包解压后共 {_megabytes(declared)},超过上限 {_megabytes(max_bytes)}:请分批上传。"
    return ""


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str) -> SourceFile:
    entry = _entry_name(info)
    display = f"{zip_name}/{entry}"
    if not _is_safe(entry):
        return SourceFile(display, b"", "压缩包中的文件路径不安全(绝对路径或含“..”),已拒绝。")
    if info.flag_bits & 0x1:
        return SourceFile(display, b"", "压缩包中的文件已加密,无法读取:请解密后再上传。")
    if PurePath(entry).suffix.lower() == ZIP_SUFFIX:
        return SourceFile(display, b"", "压缩包中不能再包含压缩包:请先解开内层压缩包。")
    if info.file_size > settings.ARCHIVE_MAX_UPLOAD_BYTES:
        return SourceFile(display, b"", too_large_message(info.file_size))
    try:
        data = _read_at_most(archive, info)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, OSError):
        return SourceFile(display, b"", "压缩包中的这个文件已损坏,无法解压。")
    if data is None:
        return SourceFile(display, b"", "压缩包中的文件实际大小与声明不符(可能是“压缩炸弹”),已拒绝。")
    return SourceFile(display, data)


def _read_at_most(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes | None:
    """The entry's bytes, or None if it inflates beyond its declared size."""
    buffer = BytesIO()
    with archive.open(info) as fh:
        while chunk := fh.read(CHUNK):
            buffer.write(chunk)
            if buffer.tell() > info.file_size:
                return None
    return buffer.getvalue()


def _entry_name(info: zipfile.ZipInfo) -> str:
    # Zips made on Chinese Windows store GBK names without the UTF-8 flag; Python reads them as cp437.
    name = info.filename
    if not info.flag_bits & 0x800:
        raw = name.encode("cp437", errors="replace")
        for encoding in ("utf-8", "gb18030"):
            try:
                name = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    return name.replace("\\", "/")


def _is_safe(entry: str) -> bool:
    path = PurePosixPath(entry)
    drive = len(entry) > 1 and entry[1] == ":"
    return not (path.is_absolute() or drive or ".." in path.parts)


def _is_junk(entry: str) -> bool:
    return entry.startswith(_JUNK_PREFIXES) or PurePosixPath(entry).name in _JUNK_NAMES


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"

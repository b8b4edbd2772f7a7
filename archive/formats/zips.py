"""Received files → the files to import, with zips unpacked under limits.

The same limits serve the admin upload and the import command: the size of one
file (``ARCHIVE_MAX_UPLOAD_BYTES``), and for a zip the number of files
(``ARCHIVE_MAX_ZIP_FILES``) and their total unpacked size
(``ARCHIVE_MAX_ZIP_UNPACKED_BYTES``). A zip is never extracted to disk: each
entry is read into memory, at most as many bytes as it declares, so an entry
that lies about its size (a zip bomb) is caught without being inflated.
Entries that are not plain files (symbolic links, devices, pipes) are refused.
A file taken from a zip carries the zip (``container``): a refused or
unreadable entry keeps the small zip as its original rather than its own
inflated bytes, so what a zip stores is bounded by the unpacked-size limit.
"""

from __future__ import annotations

import stat
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
    container_name: str = ""  # the zip this file came out of, if any
    container: bytes = b""


def iter_sources(paths: Iterable[Path]) -> Iterator[SourceFile]:
    """The files to import from these paths on disk, zips unpacked; refusals included."""
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    for path in paths:
        try:
            size = path.stat().st_size
            if size > limit:
                yield SourceFile(path.name, b"", too_large_message(size))
                continue
            data = path.read_bytes()
        except OSError as exc:
            yield SourceFile(path.name, b"", unreadable_message(exc))
            continue
        yield from unpack(path.name, data)


def unpack(name: str, data: bytes) -> list[SourceFile]:
    """``[the file]``, or for a zip the files inside it; anything refused carries ``error``."""
    if len(data) > settings.ARCHIVE_MAX_UPLOAD_BYTES:
        return [SourceFile(name, b"", too_large_message(len(data)))]
    if not data:
        return [SourceFile(name, b"", EMPTY_MESSAGE)]
    if PurePath(name).suffix.lower() != ZIP_SUFFIX:
        return [SourceFile(name, data)]
    from ..ocr.images import is_image_zip

    if is_image_zip(data):
        # Page images of one scanned notice: read together by OCR, not as separate files.
        return [SourceFile(name, data)]
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError):
        return [SourceFile(name, data, "压缩包已损坏或不是 zip 格式,无法打开:请重新打包后再上传。")]
    with archive:
        entries = [info for info in archive.infolist() if not info.is_dir() and not _is_junk(_entry_name(info))]
        refusal = _check_zip_limits(entries)
        if refusal:
            return [SourceFile(name, data, refusal)]
        if not entries:
            return [SourceFile(name, data, "压缩包中没有文件:请确认打包时选中了通报文件。")]
        return [_read_entry(archive, info, name, data) for info in entries]


EMPTY_MESSAGE = "文件是空的(0 字节),没有导入:请检查文件是否完整,重新保存后再上传。"


def too_large_message(size: int) -> str:
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    return f"文件过大({_megabytes(size)}):单个文件不能超过 {_megabytes(limit)},请拆分或删去图片后再上传。"


def unreadable_message(error: OSError) -> str:
    return f"无法读取这个文件({error.strerror or error}):请检查文件权限或重新保存后再上传。"


def _check_zip_limits(entries: list[zipfile.ZipInfo]) -> str:
    max_files = settings.ARCHIVE_MAX_ZIP_FILES
    if len(entries) > max_files:
        return f"压缩包中有 {len(entries)} 个文件,超过上限 {max_files} 个:请分批上传。"
    declared = sum(info.file_size for info in entries)
    max_bytes = settings.ARCHIVE_MAX_ZIP_UNPACKED_BYTES
    if declared > max_bytes:
        return f"压缩包解压后共 {_megabytes(declared)},超过上限 {_megabytes(max_bytes)}:请分批上传。"
    return ""


def _read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str, zip_data: bytes) -> SourceFile:
    entry = _entry_name(info)
    display = f"{zip_name}/{entry}"

    def refused(message: str) -> SourceFile:
        return SourceFile(display, b"", message, zip_name, zip_data)

    if not _is_safe(entry):
        return refused("压缩包中的文件路径不安全(绝对路径或含“..”),已拒绝:请用普通的相对路径重新打包。")
    kind = _special_kind(info)
    if kind:
        return refused(f"压缩包中的这一项是{kind},不是普通文件,已拒绝:请把文件本身放进压缩包。")
    if info.flag_bits & 0x1:
        return refused("压缩包中的文件已加密,无法读取:请解密后再上传。")
    if PurePath(entry).suffix.lower() == ZIP_SUFFIX:
        return refused("压缩包中不能再包含压缩包:请先解开内层压缩包。")
    if info.file_size > settings.ARCHIVE_MAX_UPLOAD_BYTES:
        return refused(too_large_message(info.file_size))
    if info.file_size == 0:
        return refused(EMPTY_MESSAGE)
    try:
        data = _read_at_most(archive, info)
    except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, OSError):
        return refused("压缩包中的这个文件已损坏,无法解压:请重新打包后再上传。")
    if data is None:
        return refused("压缩包中的文件实际大小与声明不符(可能是“压缩炸弹”),已拒绝:请检查压缩包的来源。")
    return SourceFile(display, data, "", zip_name, zip_data)


def _special_kind(info: zipfile.ZipInfo) -> str:
    """What a zip entry is when it is not a plain file (the Unix mode in its external attributes), else ""."""
    mode = info.external_attr >> 16
    if info.create_system != 3 or not mode:  # only Unix-made zips record a file type
        return ""
    for test, kind in (
        (stat.S_ISLNK, "符号链接"),
        (stat.S_ISCHR, "字符设备"),
        (stat.S_ISBLK, "块设备"),
        (stat.S_ISFIFO, "命名管道"),
        (stat.S_ISSOCK, "套接字"),
    ):
        if test(mode):
            return kind
    return ""


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

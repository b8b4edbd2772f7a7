"""Import notices from files, folders or web addresses: ``manage.py import_notices PATH|URL...``.

Scans are read by OCR here, in the command; addresses are fetched here too.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive import formats, signals
from archive.ingest import import_url
from archive.services import import_source_file

PROGRESS_FROM = 5  # files; fewer are reported line by line only
STATUS_LABELS = {"imported": "新导入", "updated": "已更新", "unchanged": "未变", "failed": "失败"}


class Command(BaseCommand):
    help = "导入通报文件(或文件夹中的全部通报),重复导入同一文本不会产生重复记录。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="文件、文件夹或 http(s) 网址")
        parser.add_argument("--review", action="store_true", help="导入后留待审核,不直接发布")

    def handle(self, *paths, **options):
        verbosity = options["verbosity"]
        urls = [p for p in options["paths"] if p.startswith(("http://", "https://"))]
        files = collect_files([Path(p) for p in options["paths"] if p not in urls]) + urls
        if not files:
            raise CommandError("给定路径中没有可导入的文件(支持 .txt、.html/.htm、.docx、.pdf 和 .zip)。")
        counts: Counter[str] = Counter()
        failures: list[str] = []
        self.held: list[str] = []
        progress = tqdm(files, unit="个", disable=verbosity < 1 or len(files) < PROGRESS_FROM, file=sys.stderr)
        # One batch: the search index takes the notices in a few large writes, not one per file.
        with signals.batch():
            self._import(progress, files, counts, failures, options)
        self._merge_index(verbosity)
        summary = ",".join(f"{label} {counts[status]}" for status, label in STATUS_LABELS.items())
        total = sum(counts.values())
        if verbosity >= 1:
            self.stdout.write(f"共 {total} 个文件:{summary}")
            if self.held:
                # Not rectification notices by their look: kept unpublished until an editor decides.
                self.stdout.write(f"留待审核 {len(self.held)} 个(看起来不是巡视巡察整改情况通报):")
                for line in self.held:
                    self.stdout.write(f"  {line}")
        if failures:
            raise CommandError(f"{total} 个文件中有 {len(failures)} 个未能导入:\n" + "\n".join(failures))

    def _import(self, progress, files, counts, failures, options) -> None:
        verbosity = options["verbosity"]
        for path in progress:
            for name, outcome in self._outcomes(path, publish=not options["review"]):
                counts[outcome.status] += 1
                if outcome.failed:
                    failures.append(f"{name}:{';'.join(outcome.messages)}")
                    progress.write(self.style.ERROR(f"失败  {name}:{';'.join(outcome.messages)}"))
                    continue
                if outcome.notice.document_kind != "notice" and not outcome.notice.is_published:
                    reason = outcome.notice.warnings[0] if outcome.notice.warnings else ""
                    self.held.append(f"{name} → {outcome.notice.key}:{reason}")
                if verbosity >= 2 or (verbosity >= 1 and len(files) < PROGRESS_FROM):
                    progress.write(f"{STATUS_LABELS[outcome.status]}  {name} → {outcome.notice.key}")
                if verbosity >= 2:
                    for message in outcome.messages:
                        progress.write(f"          {message}")

    def _outcomes(self, path, *, publish: bool):
        if isinstance(path, str):  # a web address
            yield path, import_url(url=path, publish=publish)
            return
        # A zip yields each file inside it; refused entries come back as failed outcomes.
        for item in formats.iter_sources([path]):
            yield path.parent / item.name, import_source_file(item=item, publish=publish)

    def _merge_index(self, verbosity: int) -> None:
        # Index maintenance belongs to a command like this one, not to web requests.
        from search.backends import get_backend
        from search.backends.base import IndexBusyError

        backend = get_backend()
        if not (backend.queues_writes and settings.SEARCH_INDEX_INLINE):
            return
        try:
            before, after = backend.merge_segments(threshold=settings.SEARCH_MAX_SEGMENTS)
        except IndexBusyError:
            return  # another writer (run_indexer) holds the index and merges on its own schedule
        if before != after and verbosity >= 2:
            self.stdout.write(f"索引分段已合并:{before} → {after}")


def collect_files(paths: list[Path]) -> list[Path]:
    """The importable files named or inside the named folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and formats.is_importable(p.name)))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"没有这个文件或文件夹:{path}")
    return found

"""Import notices from files, folders or web addresses: ``manage.py import_notices PATH|URL...``.

Scans are read by OCR here, in the command; addresses are fetched here too.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from archive import formats, signals
from archive.ingest import import_url
from archive.services import import_source_file

PROGRESS_FROM = 5  # files; fewer are reported line by line only


class Command(BaseCommand):
    help = "导入通报文件(或文件夹中的全部通报),重复导入同一文本不会产生重复记录。"

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="files, folders or http(s) addresses")
        parser.add_argument(
            "--review", action="store_true", help="leave imported notices for review instead of publishing them"
        )

    def handle(self, *paths, **options):
        verbosity = options["verbosity"]
        urls = [p for p in options["paths"] if p.startswith(("http://", "https://"))]
        files = collect_files([Path(p) for p in options["paths"] if p not in urls]) + urls
        if not files:
            raise CommandError("No importable files found in the given paths (supported: see `import_notices --help`).")
        counts: Counter[str] = Counter()
        failures: list[str] = []
        progress = tqdm(files, unit="file", disable=verbosity < 1 or len(files) < PROGRESS_FROM, file=sys.stderr)
        # One batch: the search index takes the notices in a few large writes, not one per file.
        with signals.batch():
            self._import(progress, files, counts, failures, options)
        summary = ", ".join(f"{counts[s]} {s}" for s in ("imported", "updated", "unchanged", "failed"))
        total = sum(counts.values())
        if verbosity >= 1:
            self.stdout.write(f"{total} files: {summary}")
        if failures:
            raise CommandError(f"{len(failures)} of {total} files could not be imported:\n" + "\n".join(failures))

    def _import(self, progress, files, counts, failures, options) -> None:
        verbosity = options["verbosity"]
        for path in progress:
            for name, outcome in self._outcomes(path, publish=not options["review"]):
                counts[outcome.status] += 1
                if outcome.failed:
                    failures.append(f"{name}: {'; '.join(outcome.messages)}")
                    progress.write(self.style.ERROR(f"failed  {name}: {'; '.join(outcome.messages)}"))
                elif verbosity >= 2 or (verbosity >= 1 and len(files) < PROGRESS_FROM):
                    progress.write(f"{outcome.status:<9} {name} → {outcome.notice.key}")
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


def collect_files(paths: list[Path]) -> list[Path]:
    """The importable files named or inside the named folders, in a stable order."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and formats.is_importable(p.name)))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"No such file or folder: {path}")
    return found

"""``manage.py run_indexer``: the single writer of a Whoosh index shared by several web workers."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from archive.ingest import process_pending
from search.backends import get_backend
from search.backends.base import IndexBusyError


class Command(BaseCommand):
    help = (
        "Apply queued search-index changes, then keep doing so (run one per index folder, "
        "with SEARCH_INDEX_INLINE=false on the web workers). Between index writes it also does the "
        "queued ingest work (OCR, imports by URL), one record at a time, unless --no-ingest."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="apply what is queued now, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at the queue")
        parser.add_argument("--no-ingest", action="store_true", help="leave ingest work to process_ingest")

    def handle(self, *args, once: bool, interval: float, verbosity: int, no_ingest: bool = False, **options):
        backend = get_backend()
        if not backend.queues_writes:
            raise CommandError(
                f"The {backend.name} search backend writes in the same transaction as the notice; "
                "run_indexer is only needed with SEARCH_BACKEND=whoosh."
            )
        if verbosity >= 1 and not once:
            self.stdout.write(f"Indexing queued changes every {interval:g} s; stop with Ctrl-C.")
        try:
            while True:
                self._apply(backend, verbosity)
                # One ingest record per round, so queued index changes never wait behind a long OCR batch.
                if not no_ingest and process_pending(limit=1) and verbosity >= 1:
                    self.stdout.write("Processed one queued ingest record.")
                if once:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            if verbosity >= 1:
                self.stdout.write("Stopped.")

    def _apply(self, backend, verbosity: int) -> None:
        try:
            applied = backend.apply_pending(wait=True)
        except IndexBusyError as exc:
            self.stderr.write(f"{exc} Will try again.")
            return
        if applied and verbosity >= 1:
            self.stdout.write(f"Indexed {applied} changed notices.")

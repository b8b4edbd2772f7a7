from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = "检索"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from archive.models import Notice
        from archive.signals import batch_finished, notice_changed, notice_removed

        from . import checks  # noqa: F401  (registers the system checks)
        from .signals import on_batch_finished, on_notice_changed, on_notice_removed

        notice_changed.connect(on_notice_changed, sender=Notice, dispatch_uid="search.notice_changed")
        notice_removed.connect(on_notice_removed, dispatch_uid="search.notice_removed")
        post_delete.connect(on_notice_removed, sender=Notice, dispatch_uid="search.notice_deleted")
        batch_finished.connect(on_batch_finished, dispatch_uid="search.batch_finished")

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "通报档案"

    def ready(self):
        from .round_units import on_notice_changed
        from .signals import notice_changed

        notice_changed.connect(on_notice_changed, dispatch_uid="archive.round_units")

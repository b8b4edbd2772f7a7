"""Run as a process: upload files one by one through the admin's upload page (Django's test client).

    python -m tests.archive.concurrent_uploader FILE...

Settings and database come from the environment, as for ``manage.py``. Prints
one line per file: the HTTP status and the upload report's status label.
Exits non-zero if any response is not 200.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def main(paths: list[str]) -> int:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's host through ALLOWED_HOSTS
    user, _ = get_user_model().objects.get_or_create(
        username=f"uploader-{os.getpid()}", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    failures = 0
    for name in paths:
        path = Path(name)
        upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
        response = client.post("/admin/archive/notice/upload/", {"files": [upload]})
        failures += response.status_code != 200
        print(response.status_code, path.name, flush=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

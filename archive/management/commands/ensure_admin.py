"""Create the first admin account once: ``manage.py ensure_admin``."""

from __future__ import annotations

import os
import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an admin account from ADMIN_USER/ADMIN_PASSWORD, or with a generated password printed once."

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("ADMIN_USER", "admin")
        if User.objects.filter(username=username).exists():
            if options["verbosity"] >= 1:
                self.stdout.write(f"Admin account “{username}” already exists.")
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        if os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write(f"Created admin account “{username}” with the password from ADMIN_PASSWORD.")
        else:
            self.stdout.write(f"Created admin account “{username}” with password: {password}  (shown only once)")

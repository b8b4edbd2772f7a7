"""Production: everything from the environment, secure defaults.

Required: ``SECRET_KEY`` and ``ALLOWED_HOSTS``. Usually also ``DATABASE_URL``
(PostgreSQL), ``DATABASE_REPLICA_URLS``, ``SEARCH_BACKEND=postgres``,
``MEDIA_ROOT`` on storage every web machine shares, and ``STATIC_ROOT``.
See docs/deployment.md.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env

DEBUG = env.bool("DEBUG", default=False)
if SECRET_KEY.startswith("insecure-"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production settings.")
if "ALLOWED_HOSTS" not in env.ENVIRON:
    raise ImproperlyConfigured("Set ALLOWED_HOSTS in the environment (comma-separated host names).")

# TLS ends at the proxy in front of gunicorn, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 30)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
if not SECURE_HSTS_PRELOAD:
    # Preloading binds the whole domain to HTTPS in browsers for months and cannot be
    # undone quickly: the domain's owner opts in (SECURE_HSTS_PRELOAD=1), not the archive.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Several gunicorn workers share one Whoosh index: a `manage.py run_indexer` process beside
# them is its single writer and does the merges (docs/deployment.md). The system check
# search.W001 warns if this is switched back on with more than one worker.
SEARCH_INDEX_INLINE = env.bool("SEARCH_INDEX_INLINE", default=False)

# Static files are collected once per release (collectstatic) and served by
# WhiteNoise (base settings) from every web machine; hashed names are cached forever.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "jieba": {"level": "WARNING"},
        # Requests refused by ALLOWED_HOSTS are noise from scanners, not errors.
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
    },
}

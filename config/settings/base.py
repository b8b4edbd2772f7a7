"""Settings shared by every environment; values come from the environment (django-environ)."""

import os
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file is optional; the process environment always wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

VAR_DIR = Path(env("ARCHIVE_VAR_DIR", default=str(BASE_DIR / "var")))

SECRET_KEY = env("SECRET_KEY", default="insecure-development-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "corsheaders",
    "archive",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "config.routers.PrimaryForWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'archive.sqlite3'}"),
}
if "DATABASE_URL" not in env.ENVIRON:
    # The embedded default lives in var/, which a fresh clone does not have yet.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Several writers at once (imports, editors, the indexer): WAL lets readers go on while one
    # writes; a transaction takes the write lock when it begins (IMMEDIATE), so it waits for its
    # turn (the busy timeout) instead of failing when a read turns into a write mid-transaction.
    _sqlite_options = DATABASES["default"].setdefault("OPTIONS", {})
    _sqlite_options.setdefault("timeout", env.int("SQLITE_BUSY_TIMEOUT", default=30))
    _sqlite_options.setdefault("transaction_mode", "IMMEDIATE")
    _sqlite_options.setdefault("init_command", "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
else:
    # Server databases: keep connections between requests, checked before reuse.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# Read replicas (PostgreSQL): reads go to them, writes and search-index writes to the
# primary; see config/routers.py. Tests mirror them onto the test database.
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), start=1):
    DATABASES[f"replica{_number}"] = {
        **environ.Env.db_url_config(_url),
        "CONN_MAX_AGE": DATABASES["default"].get("CONN_MAX_AGE", 0),
        "CONN_HEALTH_CHECKS": True,
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["config.routers.PrimaryReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Search: which backend serves search, and where the embedded Whoosh index lives.
SEARCH_BACKEND = env("SEARCH_BACKEND", default="whoosh")
SEARCH_INDEX_DIR = Path(env("SEARCH_INDEX_DIR", default=str(VAR_DIR / "index")))
# Whoosh only: apply index changes in the request that made them. Turn off when a
# `manage.py run_indexer` process is the single writer (several web workers).
SEARCH_INDEX_INLINE = env.bool("SEARCH_INDEX_INLINE", default=True)
# Whoosh only: in a batch import, apply queued changes every this many notices.
SEARCH_BATCH_SIZE = env.int("SEARCH_BATCH_SIZE", default=100)
# Whoosh only: how long a web request waits for the index lock before leaving its change queued.
SEARCH_REQUEST_LOCK_WAIT = env.float("SEARCH_REQUEST_LOCK_WAIT", default=5.0)
# Whoosh only: a request indexes a notice of at most this many characters itself (a sample notice
# has 6,000–16,000); a longer one, whose index write takes tens of seconds, waits for run_indexer.
SEARCH_INLINE_MAX_CHARS = env.int("SEARCH_INLINE_MAX_CHARS", default=30_000)
# Whoosh only: run_indexer and import_notices merge small segments once there are more than this many.
SEARCH_MAX_SEGMENTS = env.int("SEARCH_MAX_SEGMENTS", default=8)
# PostgreSQL only: rank the newest this many matches of a query; past this many candidate
# notices for a long word or phrase, count them from the index and confirm only the hits shown.
SEARCH_RANK_CAP = env.int("SEARCH_RANK_CAP", default=1000)
SEARCH_VERIFY_CAP = env.int("SEARCH_VERIFY_CAP", default=300)
# Characters of normalised section text each process keeps for ranking (about 2 bytes each;
# 8,000,000 is the sections of about 800 notices); 0 reads them from the database every time.
SEARCH_PART_CACHE_CHARS = env.int("SEARCH_PART_CACHE_CHARS", default=8_000_000)

# Ingest limits (admin upload and import command).
ARCHIVE_MAX_UPLOAD_BYTES = env.int("ARCHIVE_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
ARCHIVE_MAX_ZIP_FILES = env.int("ARCHIVE_MAX_ZIP_FILES", default=200)
#: Hand-labelled section issue types (with the notices they refer to, relative to the file) that the
#: issue-type admin scores keyword changes against; absent means no preview.
ARCHIVE_LABELLED_SECTIONS = Path(
    env("ARCHIVE_LABELLED_SECTIONS", default=str(BASE_DIR.parent / "shared" / "corpus" / "section_types.json"))
)
ARCHIVE_MAX_ZIP_UNPACKED_BYTES = env.int("ARCHIVE_MAX_ZIP_UNPACKED_BYTES", default=200 * 1024 * 1024)
# Exports of search results (/search/export.csv, .jsonl): at most this many rows (sections) each.
ARCHIVE_EXPORT_MAX_ROWS = env.int("ARCHIVE_EXPORT_MAX_ROWS", default=50_000)

# The read API (/api/): anyone may read it from any site's scripts; CORS only there, GET only.
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_CREDENTIALS = False
# django-ninja: page numbers in the API, a page of this many items (at most API_MAX_PAGE_SIZE on request).
NINJA_PAGINATION_PER_PAGE = 20
API_MAX_PAGE_SIZE = 100

# OCR of scanned PDFs and images (done by the ingest worker, never in a web request).
ARCHIVE_OCR_MAX_PAGES = env.int("ARCHIVE_OCR_MAX_PAGES", default=60)
ARCHIVE_OCR_MAX_PIXELS = env.int("ARCHIVE_OCR_MAX_PIXELS", default=40_000_000)
ARCHIVE_OCR_LOW_CONFIDENCE = env.float("ARCHIVE_OCR_LOW_CONFIDENCE", default=0.9)
# Pages of one scan are read in this many processes at once (default: one per CPU, at most 8),
# each with ARCHIVE_OCR_THREADS onnxruntime threads.
ARCHIVE_OCR_WORKERS = env.int("ARCHIVE_OCR_WORKERS", default=min(os.cpu_count() or 1, 8))
ARCHIVE_OCR_THREADS = env.int("ARCHIVE_OCR_THREADS", default=1)
# Import by URL: fetched by the ingest worker; private and loopback addresses refused unless allowed.
ARCHIVE_FETCH_ALLOW_PRIVATE = env.bool("ARCHIVE_FETCH_ALLOW_PRIVATE", default=False)
ARCHIVE_FETCH_TIMEOUT = env.float("ARCHIVE_FETCH_TIMEOUT", default=20.0)
ARCHIVE_FETCH_MAX_REDIRECTS = env.int("ARCHIVE_FETCH_MAX_REDIRECTS", default=5)
ARCHIVE_FETCH_MAX_URLS = env.int("ARCHIVE_FETCH_MAX_URLS", default=50)
DATA_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
    "loggers": {"jieba": {"level": "WARNING"}},
}

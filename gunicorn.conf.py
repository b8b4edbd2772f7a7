"""gunicorn settings for production: `gunicorn` in the project folder reads this file.

The application is loaded once in the master (``preload_app``) and the Chinese
tokenizer's dictionary is loaded there before the workers fork, so every worker
shares it (copy-on-write) instead of paying about 0.5 s and 85 MB each on its
first search. Values can be overridden from the environment (GUNICORN_*).
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(
    os.environ.get("GUNICORN_WORKERS") or os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1
)
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
# Recycle workers now and then so slow leaks cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
preload_app = True
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")


def on_starting(server):
    """Load the app, its views and the tokenizer dictionary in the master, before any worker forks."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.prod")
    import config.wsgi  # noqa: F401  (sets Django up when preload is switched off)
    from config.serving import prepare

    # Views and jieba's dictionaries loaded once, then frozen for the collector (config/serving.py).
    frozen = prepare()
    server.log.info("Tokenizer dictionary loaded in the master process; %d objects frozen", frozen)
    # The checks that concern serving, with the worker count gunicorn really uses.
    from django.core import checks

    os.environ["GUNICORN_WORKERS"] = str(server.cfg.workers)
    for message in checks.run_checks(tags=["search"], include_deployment_checks=True):
        server.log.warning("%s", message)

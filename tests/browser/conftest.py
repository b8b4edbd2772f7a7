"""Browser test fixtures: headless Chromium (pytest-playwright) and one live server per module.

``archive_server`` starts pytest-django's live server once per test module
with the sample notices imported and published, an admin account, and its own
media and index folders. Its rows are committed for the whole module and
removed afterwards: pytest-django's per-test ``live_server`` would empty the
database after every test and force a fresh import each time. Tests get the
server's base URL.

``admin_page`` is a Playwright page already logged in to the admin.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls
# from such a thread unless told it is safe (it is: the loop is not ours).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
ADMIN_USERNAME = "browser-admin"
ADMIN_PASSWORD = "browser-admin-password"
SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium; skip (or fail, when the browser is required) if it is missing."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install -y chromium fonts-noto-cjk`."
        if os.environ.get("ARCHIVE_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "zh-CN"}


@pytest.fixture(scope="session", autouse=True)
def _close_connections_before_the_browser(django_db_setup, django_db_blocker):
    """Close the connections opened while the test database was made, before Playwright starts.

    Once Playwright's event loop runs, Django hands this thread other connection
    objects; one opened before would stay open and keep a server database from
    being dropped at the end of the run.
    """
    from django.db import connections

    with django_db_blocker.unblock():
        connections.close_all()


@pytest.fixture(autouse=True)
def _browser_database(db):
    """Every browser test has the test database (and rolls back what it writes itself)."""


@pytest.fixture(autouse=True)
def _isolated_media_and_index():
    """Browser tests use the module server's media and index folders (set up by ``archive_server``)."""
    yield


@pytest.fixture(scope="module")
def archive_server(django_db_setup, django_db_blocker, tmp_path_factory):
    """Base URL of a live server with the sample notices imported and published."""
    from django.db import connections
    from django.test.utils import override_settings
    from pytest_django.live_server_helper import LiveServer

    from tests.conftest import SEEDS_DIR

    folder = tmp_path_factory.mktemp("archive-server")
    files = override_settings(MEDIA_ROOT=folder / "media", SEARCH_INDEX_DIR=folder / "index")
    files.enable()
    with django_db_blocker.unblock():
        _import_samples(SEEDS_DIR)
        _create_admin()
        server = LiveServer(os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS", "localhost"), start=False)
        # Stopping it must end the request threads that share the test's connection; see the class.
        server.thread.server_class = ServerEndingItsRequests
        server.start()
        server._live_server_modified_settings.enable()
        try:
            yield server.url
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            _remove_everything_imported()
            # See _close_connections_before_the_browser: connections of Playwright's context
            # would otherwise outlive the run.
            connections.close_all()
            files.disable()
            shutil.rmtree(folder, ignore_errors=True)


class ServerEndingItsRequests(ThreadedWSGIServer):
    """Django's threaded test server, whose ``server_close()`` ends and waits for its request threads.

    Chromium keeps connections open between requests; each is served by a
    thread that, when its socket closes, closes the in-memory database
    connection it shares with the test. Django's server leaves those (daemon)
    threads running after it stops, so on a busy machine one could close the
    connection after ``LiveServer.stop()`` revoked its sharing, which raises
    in that thread. Here stopping the server closes the open sockets and
    joins their threads first, so every use of the shared connection falls
    inside the server's lifetime.
    """

    daemon_threads = False
    block_on_close = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._open_requests: set[socket.socket] = set()
        self._open_lock = threading.Lock()

    def process_request(self, request, client_address):
        with self._open_lock:
            self._open_requests.add(request)
        super().process_request(request, client_address)

    def close_request(self, request):
        with self._open_lock:
            self._open_requests.discard(request)
        super().close_request(request)

    def server_close(self):
        with self._open_lock:
            still_open = list(self._open_requests)
        for request in still_open:
            with contextlib.suppress(OSError):
                request.shutdown(socket.SHUT_RDWR)
        super().server_close()  # joins the request threads (block_on_close)


def _import_samples(seeds: Path) -> None:
    from archive.services import ImportSource, import_notice

    for path in sorted(seeds.glob("*.txt")):
        outcome = import_notice(source=ImportSource(name=path.name, data=path.read_bytes()), publish=True)
        assert not outcome.failed, (path.name, outcome.messages)


def _create_admin() -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser(ADMIN_USERNAME, "admin@example.org", ADMIN_PASSWORD)


def _remove_everything_imported() -> None:
    # The issue-type vocabulary comes from a migration and stays for the tests that follow.
    from django.contrib.auth import get_user_model

    from archive.models import Committee, IngestRecord, InspectionRound, IssuingBody, Notice

    # Rounds before committees (a round points at its committee); round units go with their rounds.
    for model in (IngestRecord, Notice, IssuingBody, InspectionRound, Committee):
        model.objects.all().delete()
    get_user_model().objects.filter(username=ADMIN_USERNAME).delete()


@pytest.fixture
def admin_page(page, archive_server):
    """A page logged in to the admin as a superuser, showing the admin index."""
    page.goto(f"{archive_server}/admin/login/?next=/admin/")
    page.fill("#id_username", ADMIN_USERNAME)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit], button[type=submit]")
    page.wait_for_url(f"{archive_server}/admin/")
    return page


def screenshot(page, name: str, *, full_page: bool = False) -> Path:
    """Save a screenshot of the window (or the whole page) under ``test-artifacts/screenshots/``."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path

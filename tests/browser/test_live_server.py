"""The browser tests' live server: stopping it ends the request threads of connections a client keeps open."""

from __future__ import annotations

import http.client
import threading
from urllib.parse import urlsplit

import pytest
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import ServerEndingItsRequests


@pytest.fixture(autouse=True)
def _browser_database():
    """No test transaction here: a connection this thread opened after Playwright started would outlive the run."""


def _request_threads() -> set[threading.Thread]:
    return {thread for thread in threading.enumerate() if "process_request_thread" in thread.name}


def test_stopping_the_server_ends_the_threads_of_kept_alive_connections(django_db_blocker):
    earlier = _request_threads()
    with django_db_blocker.unblock():
        server = LiveServer("localhost", start=False)
        server.thread.server_class = ServerEndingItsRequests
        server.start()
        address = urlsplit(server.url)
        client = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
        try:
            client.request("GET", "/static/css/archive.css")
            response = client.getresponse()
            response.read()
            # HTTP/1.1: the connection stays open, and its thread waits for the next request on it.
            assert response.status == 200 and response.getheader("Connection") != "close"
            assert _request_threads() - earlier
            server.stop()
            # Every request thread has closed its database connections before the sharing ended.
            assert not {thread for thread in _request_threads() - earlier if thread.is_alive()}
        finally:
            client.close()

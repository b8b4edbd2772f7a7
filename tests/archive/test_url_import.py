"""Import by URL against a local HTTP server started by the test: pages, wrappers, redirects and refusals."""

from __future__ import annotations

import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive import fetch
from archive.ingest import import_url, process_pending
from archive.models import IngestRecord, Notice
from tests.archive.documents import html_page, pdf_bytes
from tests.conftest import GOLD, seed_text

pytestmark = pytest.mark.django_db

SAMPLE = min((item for item in GOLD if item["title"]), key=lambda item: len(seed_text(item)))
LIMIT = 300 * 1024


def _pages() -> dict[str, tuple[int, str, bytes, dict]]:
    text = seed_text(SAMPLE)
    notice = html_page(text, title=SAMPLE["title"], metadata={"发布日期": "2024-12-30", "来源": "某某市纪委"})
    wrapper = (
        "<html><head><meta charset='utf-8'><title>附件</title></head><body><h1>通报</h1>"
        "<p>详见附件:</p><a href='/files/notice.pdf?download=1'>通报全文.pdf</a></body></html>"
    ).encode()
    login = (
        "<html><head><meta charset='utf-8'></head><body><form action='/login' method='post'>"
        "用户名 <input name='user'> 密码 <input type='password' name='pw'><button>登录</button></form></body></html>"
    ).encode()
    images = "<html><head><meta charset='utf-8'></head><body><img src='/p1.jpg'><img src='/p2.jpg'></body></html>"
    other = html_page("本网站是某市政府门户网站,提供政务公开、办事服务和互动交流。\n" * 5, title="网站介绍")
    html = {"Content-Type": "text/html; charset=utf-8"}
    return {
        "/notice.html": (200, "", notice, html),
        "/wrapper.html": (200, "", wrapper, html),
        "/files/notice.pdf": (200, "", pdf_bytes(text), {"Content-Type": "application/pdf"}),
        "/r1": (302, "/r2", b"", {}),
        "/r2": (301, "http://127.0.0.1:{port}/notice.html", b"", {}),
        "/loop": (302, "/loop", b"", {}),
        "/hop": (302, "http://hop.example.org:{port}/notice.html", b"", {}),
        "/login.html": (200, "", login, html),
        "/images.html": (200, "", images.encode(), html),
        "/other.html": (200, "", other, html),
        "/forbidden": (403, "", b"no", html),
        "/broken": (500, "", b"oops", html),
        "/big": (200, "", b"<p>" + b"x" * (LIMIT + 10) + b"</p>", html),
        "/archive.bin": (200, "", b"\x00" * 100, {"Content-Type": "application/octet-stream"}),
    }


class Server(str):
    """The local server's base URL, with its ``port`` and the ``requests`` it received as (path, Host header)."""

    port: int
    requests: list[tuple[str, str]]

    @classmethod
    def at(cls, port: int, requests: list) -> Server:
        server = cls(f"http://127.0.0.1:{port}")
        server.port, server.requests = port, requests
        return server


class FakeDns:
    """Made-up host names: each answers its addresses in turn (the last one from then on); ``asked`` logs lookups."""

    def __init__(self, real):
        self.answers: dict[str, list[str]] = {}
        self.asked: list[str] = []
        self.real = real

    def getaddrinfo(self, host, port, *args, **kwargs):
        if host not in self.answers:
            return self.real(host, port, *args, **kwargs)
        self.asked.append(host)
        queue = self.answers[host]
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        addresses = answer if isinstance(answer, tuple) else (answer,)  # a tuple: several addresses at once
        return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (a, port)) for a in addresses]


@pytest.fixture
def dns(monkeypatch) -> FakeDns:
    fake = FakeDns(socket.getaddrinfo)
    monkeypatch.setattr(socket, "getaddrinfo", fake.getaddrinfo)
    return fake


@pytest.fixture(scope="module")
def server():
    """A local HTTP server in a thread; ``/slow`` answers after 3 s, ``/big-stream`` sends no length."""
    pages = _pages()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server API
            path = self.path
            requests.append((path, self.headers.get("Host")))
            if path == "/slow":
                time.sleep(3)
            if path == "/big-stream":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(LIMIT // 1024 + 10):
                    self.wfile.write(b"y" * 1024)
                return
            status, location, body, headers = pages.get(path.split("?")[0], (404, "", b"not found", {}))
            self.send_response(status)
            if location:
                self.send_header("Location", location.format(port=self.server.server_address[1]))
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests = requests
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Server.at(httpd.server_address[1], requests)
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(autouse=True)
def _fetch_settings(settings):
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE = True
    settings.ARCHIVE_FETCH_TIMEOUT = 1.0
    settings.ARCHIVE_MAX_UPLOAD_BYTES = LIMIT


def test_a_notice_page_is_imported_with_its_address_and_metadata(server):
    outcome = import_url(url=f"{server}/notice.html", publish=False)
    assert outcome.status == "imported", outcome.messages
    notice = outcome.notice
    assert notice.source_url == f"{server}/notice.html"
    assert notice.title == SAMPLE["title"] and notice.source == "某某市纪委"
    assert notice.status == Notice.Status.REVIEW and notice.sections.exists()
    record = outcome.record
    assert record.status == IngestRecord.Status.NEEDS_REVIEW and record.source_url == notice.source_url
    assert record.file.name.endswith(".html")
    # The same page again is a duplicate, not a second notice.
    assert import_url(url=f"{server}/notice.html").status in ("unchanged", "updated")
    assert Notice.objects.count() == 1


def test_a_wrapper_page_is_read_through_the_pdf_it_links(server):
    outcome = import_url(url=f"{server}/wrapper.html", publish=False)
    assert outcome.status == "imported", outcome.messages
    assert outcome.notice.original_name == "notice.pdf"
    assert outcome.notice.source_url == f"{server}/wrapper.html"
    assert outcome.notice.feedback_on.isoformat() == SAMPLE["feedback_on"]
    assert any("网页只是附件的外壳" in m for m in outcome.record.messages)


def test_a_redirect_chain_is_followed(server):
    outcome = import_url(url=f"{server}/r1")
    assert outcome.status == "imported", outcome.messages
    assert outcome.notice.source_url == f"{server}/r1"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/missing", "不存在(HTTP 404)"),
        ("/forbidden", "需要登录或没有访问权限"),
        ("/broken", "返回错误(HTTP 500)"),
        ("/slow", "秒内没有响应"),
        ("/login.html", "登录页面"),
        ("/images.html", "只有图片"),
        ("/other.html", "不是巡视巡察整改通报"),
        ("/big", "过大"),
        ("/big-stream", "过大"),
        ("/loop", "重定向次数过多"),
        ("/archive.bin", "内容类型"),
    ],
)
def test_bad_addresses_get_a_clear_message_and_a_failed_record(server, path, message):
    outcome = import_url(url=f"{server}{path}")
    assert outcome.failed
    assert any(message in m for m in outcome.messages), outcome.messages
    record = IngestRecord.objects.get()
    assert record.status == IngestRecord.Status.FAILED and record.source_url == f"{server}{path}"
    assert Notice.objects.count() == 0


def test_nothing_is_left_half_imported_when_the_address_does_not_answer(settings):
    outcome = import_url(url="http://127.0.0.1:9/notice.html")
    assert outcome.failed and "无法连接" in outcome.messages[0]
    assert Notice.objects.count() == 0 and IngestRecord.objects.get().status == IngestRecord.Status.FAILED


def test_private_addresses_are_refused_unless_allowed(server, settings):
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE = False
    outcome = import_url(url=f"{server}/notice.html")
    assert outcome.failed and "内部网络地址" in outcome.messages[0]
    for url in ("http://10.1.2.3/", "http://169.254.169.254/latest/", "http://[::1]/", "http://192.168.0.1/"):
        with pytest.raises(fetch.FetchError, match="内部网络地址"):
            fetch.check_address(url)
    with pytest.raises(fetch.FetchError, match="只支持以 http"):
        fetch.check_address("file:///etc/passwd")


def test_a_redirect_to_a_private_address_is_refused_at_that_hop(server, settings, monkeypatch):
    checked = []
    real = fetch.check_address

    def check(url):
        checked.append(url)
        if url.endswith("/r2"):
            settings.ARCHIVE_FETCH_ALLOW_PRIVATE = False
        return real(url)

    monkeypatch.setattr(fetch, "check_address", check)
    outcome = import_url(url=f"{server}/r1")
    assert outcome.failed and "内部网络地址" in outcome.messages[0]
    assert checked == [f"{server}/r1", f"{server}/r2"]


def test_admin_queues_addresses_and_the_worker_imports_them(server, admin_client):
    response = admin_client.post(
        "/admin/archive/notice/import-urls/", {"urls": f"{server}/notice.html\n\nnot a url\n{server}/missing\n"}
    )
    assert response.status_code == 302 and response["Location"].endswith("/admin/archive/notice/ingest/")
    statuses = sorted(IngestRecord.objects.values_list("status", flat=True))
    assert statuses == ["failed", "queued", "queued"]
    page = admin_client.get("/admin/archive/notice/ingest/").content.decode()
    assert "等待后台处理" in page and 'http-equiv="refresh"' in page and "网址“not a url”无效" in page
    assert Notice.objects.count() == 0  # nothing was fetched in the request
    assert process_pending() == 2
    notice = Notice.objects.get()
    assert notice.status == Notice.Status.REVIEW and notice.source_url == f"{server}/notice.html"
    page = admin_client.get("/admin/archive/notice/ingest/").content.decode()
    assert 'http-equiv="refresh"' not in page and "不存在(HTTP 404)" in page


def test_admin_url_form_refuses_an_empty_submission(admin_client):
    response = admin_client.post("/admin/archive/notice/import-urls/", {"urls": "  \n"})
    assert response.status_code == 200 and "请至少填写一个网址" in response.content.decode()


def test_import_notices_command_accepts_addresses(server, capsys):
    call_command("import_notices", f"{server}/notice.html", "--review")
    assert Notice.objects.get().source_url == f"{server}/notice.html"
    with pytest.raises(CommandError, match="未能导入"):
        call_command("import_notices", f"{server}/missing")


def test_process_ingest_command_empties_the_queue(server):
    from archive.ingest import queue_urls

    queue_urls(urls=[f"{server}/notice.html", f"{server}/missing"])
    out = io.StringIO()
    call_command("process_ingest", "--once", stdout=out)
    text = out.getvalue()
    assert "处理了 2 条导入记录" in text and "不存在(HTTP 404)" in text
    assert not IngestRecord.objects.in_progress().exists() and Notice.objects.count() == 1


def test_run_indexer_does_queued_ingest_work_too(server, settings):
    from archive.ingest import queue_urls

    settings.SEARCH_BACKEND = "whoosh"
    queue_urls(urls=[f"{server}/notice.html"])
    call_command("run_indexer", "--once", stdout=io.StringIO())
    assert Notice.objects.get().source_url == f"{server}/notice.html"


def test_a_record_left_processing_by_a_dead_worker_is_taken_again(server):
    from datetime import timedelta

    from django.utils import timezone

    from archive.ingest import STALE_AFTER, queue_urls

    (record,) = queue_urls(urls=[f"{server}/notice.html"])
    IngestRecord.objects.filter(pk=record.pk).update(
        status=IngestRecord.Status.PROCESSING, updated_at=timezone.now() - STALE_AFTER - timedelta(minutes=1)
    )
    assert process_pending() == 1
    record.refresh_from_db()
    assert record.status == IngestRecord.Status.NEEDS_REVIEW and record.notice is not None


def test_a_host_name_that_resolves_to_a_private_address_is_refused(server, settings, dns):
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE = False
    dns.answers["intranet.example.org"] = ["10.20.30.40"]
    dns.answers["metadata.example.org"] = ["169.254.169.254"]
    for url in ("http://intranet.example.org/notice.html", "https://metadata.example.org/latest/"):
        with pytest.raises(fetch.FetchError, match="内部网络地址"):
            fetch.fetch(url)
    assert dns.asked == ["intranet.example.org", "metadata.example.org"]


def test_a_named_host_is_fetched_at_the_address_it_resolved_to_under_its_name(server, settings, dns):
    # The first answer is the local server, every later one an address where nothing listens:
    # a second lookup by the HTTP client would fail to connect.
    dns.answers["rebind.example.org"] = ["127.0.0.1", "127.0.0.2"]
    fetched = fetch.fetch(f"http://rebind.example.org:{server.port}/notice.html")
    assert fetched.final_url == f"http://rebind.example.org:{server.port}/notice.html"
    assert dns.asked == ["rebind.example.org"]
    # The server was asked for the page under its name (the Host header), at the checked address.
    assert server.requests[-1] == ("/notice.html", f"rebind.example.org:{server.port}")


def test_a_name_that_rebinds_to_a_private_address_after_the_check_is_never_contacted(
    server, settings, dns, monkeypatch
):
    # Checked as a public address, then (rebinding) pointing at the local server.
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE = False
    dns.answers["rebind.example.org"] = ["93.184.216.34", "127.0.0.1"]
    connected = []

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        raise ConnectionRefusedError("no network in tests")

    monkeypatch.setattr(socket, "create_connection", create_connection)
    before = len(server.requests)
    with pytest.raises(fetch.FetchError, match="无法连接"):
        fetch.fetch(f"http://rebind.example.org:{server.port}/notice.html")
    assert connected == [("93.184.216.34", server.port)]
    assert len(server.requests) == before


def test_every_redirect_hop_is_resolved_and_checked_by_name(server, settings, dns):
    # The server's own redirect names a host that resolves to the loopback server only for the check.
    dns.answers["hop.example.org"] = ["127.0.0.1", "127.0.0.2"]
    fetched = fetch.fetch(f"{server}/hop")
    assert fetched.final_url == f"http://hop.example.org:{server.port}/notice.html"
    assert dns.asked == ["hop.example.org"]
    assert server.requests[-1] == ("/notice.html", f"hop.example.org:{server.port}")
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(fetch.FetchError, match="内部网络地址"):
        fetch.fetch(f"http://hop.example.org:{server.port}/notice.html")


def test_an_https_request_names_the_host_for_tls_and_connects_to_the_ip():
    with httpx.Client() as client:
        request = fetch.pinned_request(client, "https://例子.cn:8443/a?b=1", "203.0.113.7")
    assert str(request.url) == "https://203.0.113.7:8443/a?b=1"
    assert request.headers["host"] == "xn--fsqu00a.cn:8443"
    assert request.extensions["sni_hostname"] == "xn--fsqu00a.cn"


def test_the_checked_addresses_are_tried_in_order_until_one_answers(server, settings, dns):
    # Two addresses in one answer: nothing listens on the first; the second is the local server.
    dns.answers["two.example.org"] = [("127.0.0.2", "127.0.0.1"), "10.9.9.9"]
    fetched = fetch.fetch(f"http://two.example.org:{server.port}/notice.html")
    assert fetched.content_type == "text/html" and dns.asked == ["two.example.org"]
    # Every address of an answer is checked: one private address among public ones is refused.
    settings.ARCHIVE_FETCH_ALLOW_PRIVATE = False
    dns.answers["mixed.example.org"] = [("93.184.216.34", "192.168.1.20")]
    with pytest.raises(fetch.FetchError, match="192.168.1.20"):
        fetch.check_address("http://mixed.example.org/")

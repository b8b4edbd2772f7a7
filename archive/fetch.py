"""Fetching a notice by its web address, for the ingest worker and the import command.

httpx does the HTTP; redirects are followed here, one hop at a time, so every
address on the way is checked before it is contacted: only http(s), and no
private, loopback or link-local network unless ``ARCHIVE_FETCH_ALLOW_PRIVATE``.
Each host name is resolved once per hop and the connection goes to the address
that was checked (the request names that IP, with the host name in the
``Host`` header and as the TLS server name): a name that answers a public
address to the check and a private one to the connection (DNS rebinding) gets
nowhere. Proxies from the environment are not used, for the same reason.
Bodies are read in chunks up to ``ARCHIVE_MAX_UPLOAD_BYTES``; the whole fetch
is bounded by ``ARCHIVE_FETCH_TIMEOUT``. Every refusal is a :class:`FetchError`
whose message is shown to the editor.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

import httpx
from django.conf import settings

USER_AGENT = "Mozilla/5.0 (compatible; notice-archive/1.0)"
#: Content types the archive can read, with the suffix that tells ``formats`` how.
CONTENT_TYPES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/tiff": ".tiff",
}
CHUNK = 64 * 1024


class FetchError(Exception):
    """The address could not be fetched as a notice; the message says why, in Chinese."""


@dataclass(frozen=True)
class Fetched:
    url: str  # the address asked for
    final_url: str  # after redirects
    content_type: str
    data: bytes

    @property
    def suffix(self) -> str:
        return CONTENT_TYPES[self.content_type]

    @property
    def name(self) -> str:
        """A file name for the stored original: the address's last segment with the right suffix."""
        stem = PurePosixPath(unquote(urlsplit(self.final_url).path)).stem or urlsplit(self.final_url).hostname or "page"
        stem = re.sub(r"[^\w.\-]+", "_", stem)[:80] or "page"
        return stem + self.suffix


def check_scheme(url: str) -> None:
    """Refuse an address that is not http(s) with a host (checked before it is queued)."""
    try:
        parts = urlsplit(url)
        _port = parts.port  # raises ValueError for a malformed port
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        valid = False
    if not valid or any(c.isspace() for c in url):
        raise FetchError(f"网址“{url}”无效:只支持以 http:// 或 https:// 开头的网址。")


def check_address(url: str) -> list[str]:
    """The IP addresses to connect to for ``url``, after refusing other schemes and, unless allowed, private networks.

    The host is resolved here, once; every address it resolves to must be public.
    They come in the resolver's order of preference, each once.
    """
    check_scheme(url)
    try:
        target = httpx.URL(url)
        host = target.raw_host.decode("ascii")  # IDNA-encoded already
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise FetchError(f"网址“{url}”无效:请检查网址是否正确。") from exc
    try:
        infos = socket.getaddrinfo(host, target.port or _default_port(target), type=socket.SOCK_STREAM)
        addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(f"找不到网站“{target.host}”:请检查网址是否正确。") from exc
    if not addresses:
        raise FetchError(f"找不到网站“{target.host}”:请检查网址是否正确。")
    if not settings.ARCHIVE_FETCH_ALLOW_PRIVATE:
        for address in addresses:
            if getattr(address, "ipv4_mapped", None):
                address = address.ipv4_mapped
            if not address.is_global or address.is_multicast:
                raise FetchError(
                    f"网址“{url}”指向内部网络地址({address}),出于安全考虑不予获取。"
                    "如确需导入内网网站,请管理员设置 ARCHIVE_FETCH_ALLOW_PRIVATE。"
                )
    return list(dict.fromkeys(str(address) for address in addresses))


def fetch(url: str) -> Fetched:
    """GET ``url`` following redirects within the limits; the body must be a readable type."""
    timeout = settings.ARCHIVE_FETCH_TIMEOUT
    deadline = time.monotonic() + timeout
    current = url
    with httpx.Client(
        timeout=httpx.Timeout(timeout),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT},
        trust_env=False,
        # A kept connection is pooled by IP: never let one site's TLS session serve another name.
        limits=httpx.Limits(max_keepalive_connections=0),
    ) as client:
        for _hop in range(settings.ARCHIVE_FETCH_MAX_REDIRECTS + 1):
            addresses = check_address(current)
            try:
                response = _send(client, current, addresses)
                try:
                    if response.is_redirect:
                        # Against the address as named, not the IP the request went to.
                        current = str(httpx.URL(current).join(response.headers.get("location", "")))
                        continue
                    content_type, data = _receive(response, url, deadline)
                finally:
                    response.close()
            except httpx.TimeoutException as exc:
                raise FetchError(f"网站在 {timeout:g} 秒内没有响应:请稍后再试。") from exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(f"无法连接网址“{url}”:请检查网址是否正确,或稍后再试。") from exc
            return Fetched(url, current, content_type, data)
    raise FetchError(f"网址“{url}”重定向次数过多(超过 {settings.ARCHIVE_FETCH_MAX_REDIRECTS} 次),已停止。")


def _send(client: httpx.Client, url: str, addresses: list[str]) -> httpx.Response:
    """The response from the first checked address that accepts a connection (as a browser tries them)."""
    for address in addresses[:-1]:
        try:
            return client.send(pinned_request(client, url, address), stream=True)
        except httpx.ConnectError:
            continue
    return client.send(pinned_request(client, url, addresses[-1]), stream=True)


def pinned_request(client: httpx.Client, url: str, address: str) -> httpx.Request:
    """A GET of ``url`` that connects to ``address``: the host name goes in ``Host`` and, for https, the SNI.

    The certificate is still checked against the host name (the TLS server name).
    """
    target = httpx.URL(url)
    extensions = {"sni_hostname": target.raw_host.decode("ascii")} if target.scheme == "https" else {}
    return client.build_request(
        "GET", target.copy_with(host=address), headers={"Host": target.netloc.decode("ascii")}, extensions=extensions
    )


def _default_port(target: httpx.URL) -> int:
    return 443 if target.scheme == "https" else 80


def _receive(response: httpx.Response, url: str, deadline: float) -> tuple[str, bytes]:
    """The content type and body of a final answer, refused when it is an error, unreadable or too large."""
    limit = settings.ARCHIVE_MAX_UPLOAD_BYTES
    _check_status(response, url)
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in CONTENT_TYPES:
        raise FetchError(
            f"网址返回的内容类型“{content_type or '未知'}”无法作为通报读取(支持网页、PDF、Word .docx、纯文本和图像)。"
        )
    declared = int(response.headers.get("content-length") or 0)
    if declared > limit:
        raise FetchError(_too_large(declared))
    return content_type, _read_body(response, limit, deadline)


def _check_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status in (401, 403, 407):
        raise FetchError(f"网址“{url}”需要登录或没有访问权限(HTTP {status}):请在浏览器中保存页面后上传。")
    if status == 404 or status == 410:
        raise FetchError(f"网址“{url}”不存在(HTTP {status}):页面可能已删除或网址有误。")
    if status >= 400:
        raise FetchError(f"网址“{url}”返回错误(HTTP {status}):请稍后再试。")


def _read_body(response: httpx.Response, limit: int, deadline: float) -> bytes:
    # Read in chunks: a body without Content-Length (or lying about it) is stopped at the limit,
    # and a server that trickles bytes is stopped at the deadline.
    chunks, size = [], 0
    for chunk in response.iter_bytes(CHUNK):
        size += len(chunk)
        if size > limit:
            raise FetchError(_too_large(size, more=True))
        if time.monotonic() > deadline:
            raise httpx.ReadTimeout("deadline passed")
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(size: int, *, more: bool = False) -> str:
    limit_mb = settings.ARCHIVE_MAX_UPLOAD_BYTES / (1024 * 1024)
    at_least = "超过" if more else ""
    return f"网址返回的文件过大({at_least}{size / (1024 * 1024):.1f} MB):单个文件不能超过 {limit_mb:.1f} MB。"

"""HTTP outside the crawler with the crawler's fetch safety (common/addresses.py): urllib, for `unionfeed extract`'s
page and for the webhook deliveries to consumers' URLs.

Every connection urllib opens (the page, each redirect, a proxy from the environment) resolves its host here, checks
every address, and connects to the checked address itself: a name cannot resolve to something else between the check
and the connection. A URL whose host is an address literal or a metadata name is judged before anything is opened,
redirects included (a proxy would otherwise connect there for us).
"""

from __future__ import annotations

import http.client
import socket
import urllib.request
from collections.abc import Sequence
from functools import partial
from typing import Any
from urllib.parse import urlsplit

from common.addresses import Network, RefusedAddress, address_refusal, describe_refusal, host_refusal


def open_url(
    url: str,
    *,
    allowed: Sequence[Network],
    timeout: float,
    headers: dict[str, str],
    data: bytes | None = None,
    method: str | None = None,
) -> http.client.HTTPResponse:
    """`urlopen` that refuses addresses outside the public internet and `allowed` (RefusedAddress)."""
    check_host(url, allowed)
    opener = urllib.request.build_opener(
        SafeHTTPHandler(allowed), SafeHTTPSHandler(allowed), SafeRedirectHandler(allowed)
    )
    return opener.open(urllib.request.Request(url, data=data, headers=headers, method=method), timeout=timeout)


def check_host(url: str, allowed: Sequence[Network]) -> None:
    host = urlsplit(url).hostname or ""
    if (kind := host_refusal(host, allowed)) is not None:
        raise RefusedAddress(describe_refusal(host, None, kind))


def connect_checked(
    allowed: Sequence[Network], address: tuple[str, int], timeout: Any = None, source_address: Any = None
) -> socket.socket:
    """`socket.create_connection`, to an address of `address`'s host only once every one of them passed."""
    host, port = address
    if (kind := host_refusal(host, allowed)) is not None:
        raise RefusedAddress(describe_refusal(host, None, kind))
    resolved = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for *_, sockaddr in resolved:
        if (kind := address_refusal(str(sockaddr[0]), allowed)) is not None:
            raise RefusedAddress(describe_refusal(host, str(sockaddr[0]), kind))
    error: OSError | None = None
    for *_, sockaddr in resolved:
        try:
            return socket.create_connection((str(sockaddr[0]), port), timeout, source_address)
        except OSError as exc:
            error = exc
    raise error or OSError(f"{host} has no address")


class SafeHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, allowed: Sequence[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = partial(connect_checked, tuple(allowed))


class SafeHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, allowed: Sequence[Network], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = partial(connect_checked, tuple(allowed))


class SafeHTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allowed: Sequence[Network]) -> None:
        super().__init__()
        self.allowed = tuple(allowed)

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(SafeHTTPConnection, allowed=self.allowed), req)


class SafeHTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allowed: Sequence[Network]) -> None:
        super().__init__()
        self.allowed = tuple(allowed)

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(SafeHTTPSConnection, allowed=self.allowed), req, context=self._context)


class SafeRedirectHandler(urllib.request.HTTPRedirectHandler):
    def __init__(self, allowed: Sequence[Network]) -> None:
        super().__init__()
        self.allowed = tuple(allowed)

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        check_host(newurl, self.allowed)
        return super().redirect_request(req, fp, code, msg, headers, newurl)

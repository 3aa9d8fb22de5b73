"""Defences against hostile web pages, for every route the app has (the page, the API, /v1).

A page the person visits in their browser can aim requests at this server. Three things
stop it from using or reading anything:

- a Host allowlist: DNS rebinding makes `evil.example` resolve to 127.0.0.1, but the
  browser still sends `Host: evil.example`, which gets 400 here;
- an Origin check on requests that change something (POST, PUT, PATCH, DELETE): a browser
  names the page's origin, and only this server's own is accepted (403 otherwise).
  Clients that are not browsers (curl, the CLI, SDKs) send no Origin and are not affected;
- the same security headers on every response: no framing, no sniffing, no referrer,
  no use by other origins, and a same-origin Content-Security-Policy.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.http.responses import send_json

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARD_ADDRESSES = ("", "0.0.0.0", "::")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Same-origin only: no inline script, nothing fetched from elsewhere, no framing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def allowed_hosts(listen_host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Loopback names, the address the server listens on (unless a wildcard), and `extra`."""
    names = {*LOOPBACK_NAMES, *(h.strip().strip("[]").lower() for h in extra if h.strip())}
    listen = listen_host.strip().strip("[]").lower()
    if listen not in WILDCARD_ADDRESSES:
        names.add(listen)
    return frozenset(names)


def host_name(authority: str) -> str | None:
    """`localhost:8000` -> `localhost`, `[::1]:8000` -> `::1`; None when it does not parse."""
    try:
        parts = urlsplit(f"//{authority}")
        parts.port  # noqa: B018  (raises ValueError for a malformed port)
    except ValueError:
        return None
    if parts.username is not None or parts.password is not None or parts.path:
        return None
    return parts.hostname or None


def is_loopback(address: str | None) -> bool:
    """Whether a client address is this machine (IPv4, IPv6, or IPv4 mapped into IPv6)."""
    try:
        ip = ipaddress.ip_address(address or "")
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return bool(ip.is_loopback or (mapped is not None and mapped.is_loopback))


def same_origin(origin: str, host_header: str, scheme: str) -> bool:
    """Whether a browser's Origin is this server as the request addressed it."""
    parts = urlsplit(origin)
    default = {"http": 80, "https": 443}
    try:
        origin_port = parts.port or default.get(parts.scheme)
        request = urlsplit(f"{scheme}://{host_header}")
        request_port = request.port or default.get(scheme)
    except ValueError:
        return False
    return (parts.scheme == scheme and parts.hostname is not None
            and parts.hostname == request.hostname and origin_port == request_port)


class SecurityMiddleware:
    """Host allowlist, Origin check on state-changing requests, and security headers."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if host_name(host) not in self.hosts:
            await _refuse(send, 400, "UntrustedHost",
                          "this server answers only to its own host names (see the "
                          "allowed_hosts setting)")
            return
        if scope["method"] not in SAFE_METHODS:
            origin = headers.get("origin")
            fetch_site = headers.get("sec-fetch-site", "same-origin")
            foreign = (origin is not None and not same_origin(origin, host, scope["scheme"])) \
                or fetch_site in ("cross-site", "same-site")
            if foreign:
                await _refuse(send, 403, "CrossOrigin",
                              "requests from other web pages cannot change anything here")
                return

        static = scope["path"].startswith("/static/")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    out.setdefault(name, value)
                if not static:  # conversations and answers are private: never cached
                    out.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


async def _refuse(send: Send, status: int, kind: str, detail: str) -> None:
    headers = [(b"cache-control", b"no-store")]
    headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
    await send_json(send, status, {"detail": detail, "type": kind}, headers)

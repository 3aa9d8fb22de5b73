"""The HTTP edge against hostile pages and hostile input, through the real app.

Host allowlist and Origin check (DNS rebinding, cross-site requests), security headers on
every response, /health without paths for callers elsewhere, no CDN-backed /docs, the body
limit, strict JSON, blank and undecodable text, strict booleans, short error excerpts, and
OPTIONS. One app serves the module: the real index, embedder and safety screen, a fake model.
"""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from eval.serving import serving
from indexer.embedding import MiniLMEmbedder
from indexer.store import FORMAT_VERSION
from server.http.app import create_app
from server.http.bodies import MAX_DEPTH
from server.http.conformance import EXCERPT_CHARS
from server.http.security import SECURITY_HEADERS, allowed_hosts, host_name, same_origin
from server.settings import Settings
from tests.conftest import CORPUS
from tests.fakes import FakeGenerator

QUESTION = "How do I bring up feeling distant with my partner?"
LOCAL = "http://127.0.0.1"


@pytest.fixture(scope="module")
def app_settings(index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(corpus_dir=CORPUS, index_dir=index_dir, allowed_hosts=[],
                    data_dir=tmp_path_factory.mktemp("edge"), max_body_bytes=65_536)


@pytest.fixture(scope="module")
def client(app_settings: Settings, embedder: MiniLMEmbedder) -> Iterator[TestClient]:
    """A client that addresses the server as the web page does: http://127.0.0.1."""
    app = create_app(app_settings, embedder=embedder, generator=FakeGenerator())
    with TestClient(app, base_url=LOCAL) as c:
        yield c


# --- Host: DNS rebinding ----------------------------------------------------------------------
@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example",
                                  "localhost.evil.example", "", "user@127.0.0.1",
                                  "127.0.0.1:notaport"])
@pytest.mark.parametrize(("method", "path"), [("GET", "/health"), ("GET", "/"),
                                              ("POST", "/api/chat"),
                                              ("GET", "/api/sessions/abc"),
                                              ("DELETE", "/api/sessions/abc"),
                                              ("GET", "/openapi.json")])
def test_unknown_hosts_are_refused(client: TestClient, host: str, method: str,
                                   path: str) -> None:
    r = client.request(method, path, headers={"Host": host},
                       json={"message": QUESTION} if method == "POST" else None)
    assert r.status_code == 400
    assert r.json()["type"] == "UntrustedHost" and "allowed_hosts" in r.json()["detail"]
    assert r.headers["X-Frame-Options"] == "DENY"


def test_a_rebound_page_cannot_create_or_read_a_chat(client: TestClient) -> None:
    evil = {"Host": "evil.example:8000", "Origin": "http://evil.example:8000"}
    assert client.post("/api/chat", json={"message": QUESTION}, headers=evil).status_code == 400
    sid = client.post("/api/chat", json={"message": QUESTION}).json()["session_id"]
    assert client.get(f"/api/sessions/{sid}", headers=evil).status_code == 400
    assert client.get(f"/api/sessions/{sid}").status_code == 200


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "127.0.0.1:8000", "[::1]:8000",
                                  "LOCALHOST", "lan-box.home:8000"])
def test_own_hosts_are_served(app_settings: Settings, embedder: MiniLMEmbedder,
                              host: str) -> None:
    settings = app_settings.model_copy(update={"allowed_hosts": ["lan-box.home"]})
    with TestClient(create_app(settings, embedder=embedder, generator=FakeGenerator()),
                    base_url=LOCAL) as c:
        assert c.get("/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(("listen", "extra", "expected"), [
    ("127.0.0.1", [], {"localhost", "127.0.0.1", "::1"}),
    ("0.0.0.0", ["Box.Local", " "], {"localhost", "127.0.0.1", "::1", "box.local"}),
    ("192.168.1.5", ["[fe80::1]"], {"localhost", "127.0.0.1", "::1", "192.168.1.5", "fe80::1"}),
])
def test_allowed_hosts(listen: str, extra: list[str], expected: set[str]) -> None:
    assert allowed_hosts(listen, extra) == expected


@pytest.mark.parametrize(("authority", "name"), [
    ("localhost:8000", "localhost"), ("[::1]:8000", "::1"), ("127.0.0.1", "127.0.0.1"),
    ("Example.COM", "example.com"), ("a:b", None), ("", None), ("x@localhost", None),
    ("localhost/path", None)])
def test_host_name(authority: str, name: str | None) -> None:
    assert host_name(authority) == name


# --- Origin: cross-site requests --------------------------------------------------------------
@pytest.mark.parametrize("headers", [
    {"Origin": "http://evil.example"},
    {"Origin": "null"},
    {"Origin": "http://127.0.0.1:3000"},  # another page on this machine
    {"Origin": "https://127.0.0.1"},
    {"Sec-Fetch-Site": "cross-site"},
])
def test_foreign_origins_cannot_change_anything(client: TestClient,
                                                headers: dict[str, str]) -> None:
    sid = client.post("/api/chat", json={"message": QUESTION}).json()["session_id"]
    for method, path, body in [("DELETE", f"/api/sessions/{sid}", None),
                               ("POST", "/api/chat", {"message": QUESTION, "session_id": sid}),
                               ("POST", "/api/rephrase", {"text": "You never listen."})]:
        r = client.request(method, path, json=body, headers=headers)
        assert (r.status_code, r.json()["type"]) == (403, "CrossOrigin"), (method, path)
    turns = client.get(f"/api/sessions/{sid}", headers=headers).json()["turns"]
    assert len(turns) == 2  # nothing was added, nothing deleted


def test_own_origin_and_no_origin_may_change_things(client: TestClient) -> None:
    own = {"Origin": LOCAL, "Sec-Fetch-Site": "same-origin"}
    sid = client.post("/api/chat", json={"message": QUESTION}, headers=own).json()["session_id"]
    assert client.delete(f"/api/sessions/{sid}", headers=own).status_code == 204
    sid = client.post("/api/chat", json={"message": QUESTION}).json()["session_id"]  # curl, SDKs
    assert client.delete(f"/api/sessions/{sid}").status_code == 204


@pytest.mark.parametrize(("origin", "host", "scheme", "same"), [
    ("http://127.0.0.1:8000", "127.0.0.1:8000", "http", True),
    ("http://localhost", "localhost:80", "http", True),
    ("http://localhost:8000", "127.0.0.1:8000", "http", False),
    ("http://127.0.0.1:8001", "127.0.0.1:8000", "http", False),
    ("https://127.0.0.1:8000", "127.0.0.1:8000", "http", False),
    ("null", "127.0.0.1:8000", "http", False),
    ("http://127.0.0.1:x", "127.0.0.1:8000", "http", False),
])
def test_same_origin(origin: str, host: str, scheme: str, same: bool) -> None:
    assert same_origin(origin, host, scheme) is same


# --- headers, /health, /docs ------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path"), [
    ("GET", "/"), ("GET", "/static/app.js"), ("GET", "/health"), ("GET", "/openapi.json"),
    ("GET", "/api/excerpts?topic=hugs"), ("GET", "/api/excerpts"), ("GET", "/api/sessions/nope"),
    ("GET", "/nowhere"), ("POST", "/api/chat"), ("OPTIONS", "/api/sessions/x")])
def test_every_response_has_the_security_headers(client: TestClient, method: str,
                                                 path: str) -> None:
    r = client.request(method, path)
    for name, value in SECURITY_HEADERS.items():
        assert r.headers.get(name) == value, (name, path, r.status_code)
    if not path.startswith("/static/"):
        assert r.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/docs/oauth2-redirect"])
def test_no_docs_pages_that_load_a_cdn(client: TestClient, path: str) -> None:
    assert client.get(path).status_code == 404
    assert client.get("/openapi.json").json()["info"]["title"] == "Reconnect"


def test_health_shows_paths_only_to_this_machine(app_settings: Settings,
                                                 embedder: MiniLMEmbedder) -> None:
    app = create_app(app_settings, embedder=embedder, generator=FakeGenerator())
    with TestClient(app, base_url=LOCAL, client=("192.168.1.20", 50000)) as remote:
        index = remote.get("/health").json()["index"]
        assert index.get("folder") is None and index["format_version"] == FORMAT_VERSION
        assert str(app_settings.index_path) not in remote.get("/health").text
    with serving(app) as url:  # a real socket from 127.0.0.1
        index = httpx.get(f"{url}/health").json()["index"]
        assert index["folder"] == str(app_settings.index_path)


# --- bodies -------------------------------------------------------------------------------------
def test_a_body_over_the_limit_is_413(client: TestClient) -> None:
    big = json.dumps({"message": "x" * 10_000_000})
    r = client.post("/api/chat", content=big, headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and "max_body_bytes" in r.json()["detail"]
    assert len(r.content) < 300


def test_a_chunked_body_over_the_limit_is_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"message": "'
        for _ in range(100):
            yield b"x" * 10_000
        yield b'"}'

    r = client.post("/api/chat", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


@pytest.fixture(scope="module")
def live(app_settings: Settings, embedder: MiniLMEmbedder) -> Iterator[str]:
    """The same app on a real socket: what a client sees depends on the connection."""
    with serving(create_app(app_settings, embedder=embedder, generator=FakeGenerator())) as url:
        yield url


OVERSIZED = json.dumps({"message": "x" * 20_000_000}).encode()  # 300 times the 64 KiB limit


def post_with(client: str, url: str, body: bytes, tmp_path: Path) -> tuple[int, bytes]:
    """POST `body` as JSON with one ordinary HTTP client: its status and body."""
    headers = {"Content-Type": "application/json"}
    if client == "urllib":  # sends the whole body before it reads a byte of the answer
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()
    if client in ("httpx", "httpx-chunked"):
        content: bytes | Iterator[bytes] = body
        if client == "httpx-chunked":
            content = iter([body[i:i + 65_536] for i in range(0, len(body), 65_536)])
        r = httpx.post(url, content=content, headers=headers, timeout=60)
        return r.status_code, r.content
    (tmp_path / "body.json").write_bytes(body)
    out = tmp_path / "answer"
    # curl asks "Expect: 100-continue" first for a big body; with -H "Expect:" it does not.
    extra = ["-H", "Expect:"] if client == "curl-no-expect" else []
    done = subprocess.run(["curl", "-sS", "-o", str(out), "-w", "%{http_code}", *extra,
                           "-H", "Content-Type: application/json",
                           "--data-binary", f"@{tmp_path / 'body.json'}", url],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return int(done.stdout), out.read_bytes()


@pytest.mark.skipif(shutil.which("curl") is None, reason="needs curl")
@pytest.mark.parametrize("client", ["urllib", "httpx", "httpx-chunked", "curl",
                                    "curl-no-expect"])
@pytest.mark.parametrize("path", ["/api/chat", "/v1/chat/completions"])
def test_every_client_reads_its_413_on_its_connection(live: str, client: str, path: str,
                                                      tmp_path: Path) -> None:
    status, body = post_with(client, live + path, OVERSIZED, tmp_path)
    assert status == 413, body[:200]
    assert b"max_body_bytes" in body or b"too large" in body.lower()


def test_a_body_past_the_drain_bound_is_refused_without_reading_it(live: str) -> None:
    """Ten gigabytes declared: the 413 comes at once, and the connection closes."""
    host, port = live.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest("POST", "/api/chat")
    connection.putheader("Content-Type", "application/json")
    connection.putheader("Content-Length", str(10 ** 10))
    connection.endheaders()
    connection.send(b'{"message": "')
    r = connection.getresponse()
    assert r.status == 413 and r.getheader("Connection") == "close"
    assert b"max_body_bytes" in r.read()
    connection.close()


def test_a_drained_413_closes_its_connection(live: str) -> None:
    r = httpx.post(f"{live}/api/chat", content=OVERSIZED, timeout=60,
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 413 and r.headers["connection"] == "close"
    ok = httpx.post(f"{live}/api/chat", json={"message": QUESTION}, timeout=60)
    assert ok.status_code == 200  # the server is fine, on a new connection


def test_a_body_under_the_limit_is_read_whole(client: TestClient) -> None:
    body = json.dumps({"message": QUESTION}) + " " * 60_000  # JSON may end in whitespace
    r = client.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 200


def deep(n: int) -> bytes:
    return ('{"message": ' + "[" * n + "]" * n + "}").encode()


@pytest.mark.parametrize(("body", "why"), [
    (b'{"message": "caf\xe9"}', "not valid UTF-8"),
    (b'\xff\xfe{"message": "hi"}', "not valid UTF-8"),
    (deep(10_000), "nested more than"),
    (deep(MAX_DEPTH + 1), "nested more than"),
    (b'{"message": "hi", "session_id": null, "x": ' + b"[" * 40 + b"]" * 40 + b"}",
     "nested more than"),
    (b'{"message": "hi"', "JSON decode error"),
    (b"", "Field required"),
])
def test_malformed_bodies_are_422(client: TestClient, body: bytes, why: str) -> None:
    r = client.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422, r.text
    assert why in r.json()["detail"][0]["msg"]
    assert r.json()["detail"][0]["loc"][0] == "body"


@pytest.mark.parametrize(("path", "body", "field"), [
    ("/api/chat", '{"message": "\\ud800"}', "message"),
    ("/api/chat", '{"message": "hello \\udfff there"}', "message"),
    ("/api/chat", '{"message": "hi", "session_id": "\\ud83d"}', "session_id"),
    ("/api/rephrase", '{"text": "You never listen \\ud800"}', "text"),
])
def test_lone_surrogates_are_422_naming_the_field(client: TestClient, path: str, body: str,
                                                  field: str) -> None:
    r = client.post(path, content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", field]
    assert "valid Unicode" in r.json()["detail"][0]["msg"]


def test_a_surrogate_pair_is_text(client: TestClient) -> None:
    body = '{"message": "How do we reconnect? \\ud83d\\ude42"}'
    r = client.post("/api/chat", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 200


INVISIBLE = ["\u200b", "\u200b\u200c\u200d\u2060\ufeff", " \u200b\n\t\u00a0", "\u3164\u2800",
             "\u202e\u2066\u2069", "\u00ad\u034f"]


@pytest.mark.parametrize("text", INVISIBLE)
def test_invisible_only_text_is_blank(client: TestClient, text: str) -> None:
    for method, path, kwargs, field in [
            ("POST", "/api/chat", {"json": {"message": text}}, "message"),
            ("POST", "/api/rephrase", {"json": {"text": text}}, "text"),
            ("GET", "/api/excerpts", {"params": {"topic": text}}, "topic")]:
        r = client.request(method, path, **kwargs)
        assert r.status_code == 422, (path, text)
        assert r.json()["detail"][0]["loc"][-1] == field
        assert "empty or only invisible" in r.json()["detail"][0]["msg"]


@pytest.mark.parametrize("value", ["yes", "true", 1, 0, "1", None, [True]])
def test_stream_is_a_strict_boolean(client: TestClient, value: object) -> None:
    r = client.post("/api/chat", json={"message": QUESTION, "stream": value})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "stream"]


@pytest.mark.parametrize(("payload", "field"), [
    ({"message": "x" * 5000}, "message"),
    ({"message": ["x" * 100] * 200}, "message"),
    ({"message": {"nested": "y" * 5000}}, "message"),
    ({"message": "hi", "unknown": "z" * 9000}, "unknown"),
    ({"message": "hi", "session_id": "s" * 500}, "session_id"),
])
def test_errors_echo_only_a_short_excerpt(client: TestClient, payload: dict[str, object],
                                          field: str) -> None:
    r = client.post("/api/chat", json=payload)
    assert r.status_code == 422
    error = r.json()["detail"][0]
    assert error["loc"][-1] == field
    assert len(json.dumps(error["input"], ensure_ascii=False)) <= EXCERPT_CHARS + 30
    assert len(r.content) < 1000


def test_excerpts_echo_only_a_short_excerpt_of_a_long_topic(client: TestClient) -> None:
    r = client.get("/api/excerpts", params={"topic": "hugs " * 2000})
    assert r.status_code == 422 and len(r.content) < 1000


@pytest.mark.parametrize("method", ["GET", "DELETE"])
def test_an_overlong_session_id_is_422_without_echoing_it(client: TestClient,
                                                          method: str) -> None:
    r = client.request(method, "/api/sessions/" + "a" * 5000)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["path", "session_id"]
    assert len(r.content) < 1000


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded",
                                          None])
def test_a_body_that_is_not_json_is_422(client: TestClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    r = client.post("/api/chat", content=b"\xff\xfe" + b"x" * 5000, headers=headers)
    assert r.status_code == 422 and len(r.content) < 1000


# --- OPTIONS ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("path", "methods"), [
    ("/api/sessions/abc", {"GET", "HEAD", "DELETE", "OPTIONS"}),
    ("/api/chat", {"POST", "OPTIONS"}),
    ("/health", {"GET", "HEAD", "OPTIONS"}),
])
def test_options_lists_every_method_of_the_path(client: TestClient, path: str,
                                                methods: set[str]) -> None:
    r = client.options(path)
    assert r.status_code == 204
    assert {m.strip() for m in r.headers["Allow"].split(",")} == methods


def test_options_on_an_unknown_path_is_404(client: TestClient) -> None:
    assert client.options("/nowhere").status_code == 404

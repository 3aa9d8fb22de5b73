"""Shared fixtures: one real embedder and one real index per test session, all in tmp dirs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from indexer.build import build_index
from indexer.embedding import MiniLMEmbedder, minilm_id
from server.settings import ROOT, Settings

CORPUS = ROOT / "corpus"


# Starlette's TestClient sends `Host: testserver`; the server answers only to hosts it knows
# (server/http/security.py), so the tests name it as a deployment would.
TESTCLIENT_HOSTS = '["testserver"]'


@pytest.fixture(scope="session", autouse=True)
def testclient_host() -> Iterator[None]:
    """Set before any module-scoped app is built, as well as in every test (below)."""
    saved = os.environ.get("RECONNECT_ALLOWED_HOSTS")
    os.environ["RECONNECT_ALLOWED_HOSTS"] = TESTCLIENT_HOSTS
    yield
    if saved is None:
        os.environ.pop("RECONNECT_ALLOWED_HOSTS", None)
    else:
        os.environ["RECONNECT_ALLOWED_HOSTS"] = saved


@pytest.fixture(autouse=True)
def clean_environ(tmp_path: Path) -> Iterator[None]:
    """No RECONNECT_* settings leak in, and nothing is written into the home folder."""
    saved = dict(os.environ)
    for key in list(os.environ):
        if key.startswith("RECONNECT_"):
            del os.environ[key]
    os.environ["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    os.environ["RECONNECT_ALLOWED_HOSTS"] = TESTCLIENT_HOSTS
    yield
    os.environ.clear()
    os.environ.update(saved)


@pytest.fixture(scope="session")
def embedder() -> MiniLMEmbedder:
    return MiniLMEmbedder(threads=2)


@pytest.fixture(scope="session")
def index_dir(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMEmbedder) -> Path:
    """The real index of the real corpus, safety classifier included."""
    folder = tmp_path_factory.mktemp("data") / "index"
    build_index(CORPUS, folder, minilm_id(), lambda: embedder)
    return folder


@pytest.fixture
def settings(index_dir: Path, tmp_path: Path) -> Settings:
    return Settings(corpus_dir=CORPUS, data_dir=tmp_path / "data", index_dir=index_dir)


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    """A real PostgreSQL server for this test session (tests/services.py); its admin URL."""
    from tests.services import postgres_server

    with postgres_server() as url:
        yield url

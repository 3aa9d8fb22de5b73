"""Schemathesis against the real app over a real socket: every check, bounded examples.

Its checks include response-schema conformance (every body matches its typed model),
status-code and content-type conformance (every 4xx is declared), positive and negative
data (valid input is accepted, invalid input gets a 4xx), no 5xx, and the Allow header
(a method the schema does not list is 405). /v1 is in the run like the rest: its errors are
documented in OpenAI's shape. The model is the fake one, so the run is about the API, not the
answers.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from eval.serving import serving
from indexer.embedding import MiniLMEmbedder
from server.http.app import create_app
from server.settings import Settings
from tests.fakes import FakeGenerator

ST = Path(sys.executable).with_name("st")
MAX_EXAMPLES = 10


def test_schemathesis_finds_no_failure(settings: Settings, embedder: MiniLMEmbedder,
                                       tmp_path: Path) -> None:
    # Requests run one at a time, so none is turned away as busy; 16k tokens of fake
    # context fit any message the schema allows.
    app = create_app(settings.model_copy(update={"max_waiting": 64}), embedder=embedder,
                     generator=FakeGenerator(n_ctx=16384))
    cwd = tmp_path / "st"
    cwd.mkdir()
    # Without these, st keeps a crash cache in .schemathesis/ and Hypothesis its own caches in
    # .hypothesis/, both where it runs (the repository, for `make test`), even on a clean run.
    config = tmp_path / "schemathesis.toml"
    config.write_text("[cache]\nenabled = false\n")
    with serving(app) as url:
        run = subprocess.run(
            [str(ST), "--config-file", str(config), "run", f"{url}/openapi.json", "--checks",
             "all", "--workers", "1", "--max-examples", str(MAX_EXAMPLES), "--seed", "1",
             "--generation-database", "none", "--no-color", "--output-truncate", "false"],
            cwd=cwd, capture_output=True, text=True, timeout=3000, check=False,
            env=os.environ | {"SCHEMATHESIS_TELEMETRY": "false",
                              "HYPOTHESIS_STORAGE_DIRECTORY": str(tmp_path / "hypothesis")})
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-30000:]
    selected = re.search(r"Selected: (\d+)/(\d+)", report)
    tested = re.search(r"Tested: (\d+)", report)
    assert selected and tested, report[-3000:]
    assert int(selected[1]) == int(selected[2]) == int(tested[1]) >= 10  # /v1's 3 included
    assert list(cwd.iterdir()) == []  # it wrote nothing, not even where it ran


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def test_v1_documents_every_status_in_openai_shape() -> None:
    schema = create_app(Settings(), generator=FakeGenerator()).openapi()  # nothing loads
    v1 = {(method.upper(), path): operation for path, operations in schema["paths"].items()
          if path.startswith("/v1/") for method, operation in operations.items()}
    assert set(v1) == {("GET", "/v1/models"), ("GET", "/v1/models/{model}"),
                       ("POST", "/v1/chat/completions")}
    statuses = {key: set(operation["responses"]) for key, operation in v1.items()}
    assert statuses == {
        ("GET", "/v1/models"): {"200", "400", "401"},
        ("GET", "/v1/models/{model}"): {"200", "400", "401", "404"},
        ("POST", "/v1/chat/completions"): {"200", "400", "401", "403", "404", "413", "499",
                                           "500", "503"}}  # an invalid body is 400, never 422
    for operation in v1.values():
        for status, response in operation["responses"].items():
            if status != "200":
                assert response["content"]["application/json"]["schema"] == ref("OpenAIError")
    ok = {key: operation["responses"]["200"]["content"] for key, operation in v1.items()}
    assert ok["GET", "/v1/models"]["application/json"]["schema"] == ref("ModelList")
    assert ok["GET", "/v1/models/{model}"]["application/json"]["schema"] == ref("ModelCard")
    completion = ok["POST", "/v1/chat/completions"]
    assert completion["application/json"]["schema"] == ref("ChatCompletion")
    assert "text/event-stream" in completion
    assert schema["components"]["schemas"]["ChatCompletion"]["properties"]["reconnect"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]  # FastAPI's 422
    for path, operations in schema["paths"].items():  # /api keeps its own error shapes
        for operation in operations.values():
            if not path.startswith("/v1/") and "400" in operation["responses"]:
                body = operation["responses"]["400"]["content"]["application/json"]["schema"]
                assert body == ref("ErrorBody")

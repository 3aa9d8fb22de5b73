"""Schemathesis against the real app over a real socket: every check, bounded examples.

Its checks include response-schema conformance (every body matches its typed model),
status-code and content-type conformance (every 4xx is declared), positive and negative
data (valid input is accepted, invalid input gets a 4xx), no 5xx, and the Allow header.
The model is the fake one, so the run is about the API, not the answers.
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
    with serving(app) as url:
        run = subprocess.run(
            [str(ST), "run", f"{url}/openapi.json", "--checks", "all", "--workers", "1",
             "--max-examples", str(MAX_EXAMPLES), "--seed", "1", "--generation-database", "none",
             "--no-color", "--output-truncate", "false"],
            cwd=cwd, capture_output=True, text=True, timeout=3000, check=False,
            env=os.environ | {"SCHEMATHESIS_TELEMETRY": "false"})
    report = run.stdout + run.stderr
    assert run.returncode == 0, report[-30000:]
    selected = re.search(r"Selected: (\d+)/(\d+)", report)
    tested = re.search(r"Tested: (\d+)", report)
    assert selected and tested, report[-3000:]
    assert int(selected[1]) == int(selected[2]) == int(tested[1]) >= 7
    assert list(cwd.iterdir()) == []  # it wrote nothing, not even where it ran

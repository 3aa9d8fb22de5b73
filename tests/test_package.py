"""The built wheel works without the source tree: corpus and prompts ship inside it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from server.settings import ROOT

RUN = ("import sys, server; from server.cli import main; "
       "print('server from', server.__file__, file=sys.stderr); main()")


SOURCES = ("pyproject.toml", "README.md", "corpus", "prompts", "indexer", "server", "eval")


def test_installed_wheel_runs_excerpts(index_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "source"  # a copy: building writes build/ next to the sources
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(ROOT / name, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, check=False,
        env=os.environ | {"PIP_NO_INPUT": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"})
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp_path / "dist").glob("reconnect-*.whl")
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    away = tmp_path / "elsewhere"  # no corpus/ or prompts/ anywhere near
    away.mkdir()
    result = subprocess.run(
        [sys.executable, "-c", RUN, "excerpts", "physical affection", "--json",
         "--index-dir", str(index_dir)],
        cwd=away, capture_output=True, text=True, check=False,
        env=os.environ | {"PYTHONPATH": str(site), "XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert result.returncode == 0, result.stderr
    assert f"server from {site}" in result.stderr
    body = json.loads(result.stdout)
    corpus = site / "server" / "_assets" / "corpus" / "how-to-reconnect-with-your-partner.md"
    text = corpus.read_text(encoding="utf-8")
    assert body["excerpts"] and body["safety"] is None
    for e in body["excerpts"]:
        assert text[e["start"]:e["end"]] == e["quote"]
    assert (site / "server" / "_assets" / "prompts" / "gently.toml").is_file()

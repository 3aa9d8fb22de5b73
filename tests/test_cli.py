from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from server.cli import main, wrapped_quote
from tests.conftest import CORPUS


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_excerpts_json(index_dir: Path) -> None:
    code, out, _ = run("excerpts", "physical affection", "-k", "2", "--json",
                       "--index-dir", str(index_dir), "--corpus-dir", str(CORPUS))
    assert code == 0
    body = json.loads(out)
    assert len(body["excerpts"]) == 2


def test_excerpts_text(index_dir: Path) -> None:
    code, out, _ = run("excerpts", "shared laughter", "--index-dir", str(index_dir))
    assert code == 0 and out.startswith("1. ")
    _, raw, _ = run("excerpts", "shared laughter", "--json", "--index-dir", str(index_dir))
    quote = json.loads(raw)["excerpts"][0]["quote"]
    assert wrapped_quote(quote) in out


def test_a_quote_is_wrapped_for_the_terminal_whatever_the_source_s_line_breaks() -> None:
    quote = "When a fight is never talked about again, each partner files away\ntheir own " \
            "version of what happened, and the next disagreement starts from there. " * 2
    lines = wrapped_quote(quote.strip()).splitlines()
    assert " ".join(line.strip() for line in lines).strip("“”") == " ".join(quote.split())
    assert all(len(line) <= 88 and line.startswith("   ") for line in lines)
    assert not lines[0].endswith("away")  # the source's break is not kept


DISCLOSURE = "he said he will kill me if I leave"


def test_excerpts_screen_a_disclosure_first(index_dir: Path) -> None:
    code, out, _ = run("excerpts", DISCLOSURE, "--index-dir", str(index_dir))
    assert code == 0
    assert not out.startswith("1. ") and "\n1. " not in out  # no excerpts listed
    assert "Call 911" in out and "0808 2000 247" in out
    code, out, _ = run("excerpts", DISCLOSURE, "--json", "--index-dir", str(index_dir))
    body = json.loads(out)
    assert body["excerpts"] == [] and body["safety"]["action"] in ("crisis", "support")


def test_excerpts_json_has_the_http_shape(index_dir: Path) -> None:
    code, out, _ = run("excerpts", "shared laughter", "--json", "--index-dir", str(index_dir))
    assert code == 0 and set(json.loads(out)) == {"topic", "excerpts", "safety"}


def test_ask_prints_the_help_lines_its_safety_reply_refers_to(index_dir: Path,
                                                               tmp_path: Path) -> None:
    code, out, _ = run("ask", DISCLOSURE, "--index-dir", str(index_dir), "--data-dir",
                       str(tmp_path))
    assert code == 0
    assert "Call 911" in out and "National Domestic Violence Hotline" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["excerpts", "  "], "topic must not be empty"),
        (["excerpts", "x" * 1001], "at most 1000"),
        (["excerpts", "affection", "-k", "0"], "between 1 and 20"),
        (["excerpts", "affection", "-k", "21"], "between 1 and 20"),
    ],
)
def test_excerpts_bad_input(args: list[str], message: str) -> None:
    code, _out, err = run(*args)
    assert code == 2
    assert err.strip() == f"error: {message}" or message in err
    assert len(err.strip().splitlines()) == 1


def test_missing_index_is_one_line(tmp_path: Path) -> None:
    code, _, err = run("excerpts", "affection", "--data-dir", str(tmp_path))
    assert code == 1
    assert err.startswith("error: no index at") and "reconnect index" in err
    assert len(err.strip().splitlines()) == 1


def test_index_is_idempotent(tmp_path: Path) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    (corpus / "a.md").write_text("# A\n\nOne sentence here. Another one.\n", encoding="utf-8")
    args = ["index", "--corpus-dir", str(corpus), "--index-dir", str(tmp_path / "i")]
    code, out, _ = run(*args)
    assert code == 0 and out.startswith("built index")
    code, out, _ = run(*args)
    assert code == 0 and "up to date" in out
    vectors = tmp_path / "i" / "vectors.faiss"
    vectors.write_bytes(vectors.read_bytes()[:100])  # a damaged index is noticed and rebuilt
    code, out, _ = run(*args)
    assert code == 0 and "was damaged (vectors.faiss is 100 bytes" in out and "rebuilt" in out
    code, out, _ = run(*args)
    assert code == 0 and "up to date" in out


@pytest.fixture
def damaged_index(index_dir: Path, tmp_path: Path) -> Path:
    """A copy of the real index whose vectors.faiss was cut short."""
    copy = tmp_path / "index"
    shutil.copytree(index_dir, copy)
    vectors = copy / "vectors.faiss"
    vectors.write_bytes(vectors.read_bytes()[: vectors.stat().st_size // 2])
    return copy


@pytest.mark.parametrize("args", [["excerpts", "shared laughter"], ["excerpts", "hugs", "--json"],
                                  ["serve"], ["ask", "how do we talk again?"],
                                  ["rephrase", "You never listen."]])
def test_a_damaged_index_is_one_error_line(damaged_index: Path, args: list[str],
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*a: object, **k: object) -> None:
        raise AssertionError("the server must not start on a damaged index")

    monkeypatch.setattr("uvicorn.run", never)
    code, out, err = run(*args, "--index-dir", str(damaged_index), "--data-dir",
                         str(damaged_index.parent))
    assert code == 1 and out == ""
    assert err.startswith(f"error: the index at {damaged_index} is damaged (vectors.faiss is")
    assert err.rstrip().endswith("run `reconnect index --force` to rebuild it")
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["excerpts"], "Missing argument 'TOPIC'"),
    (["excerpts", "hugs", "-k", "three"], "'three' is not a valid integer"),
    (["excerpts", "hugs", "--colour", "blue"], "No such option '--colour'"),
    (["nonsense"], "No such command 'nonsense'"),
])
def test_usage_errors_are_one_line(args: list[str], message: str) -> None:
    code, out, err = run(*args)
    assert code == 2 and out == ""
    assert err.startswith("error: ") and message in err and "--help" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("args", "message"), [
    (["ask", "   "], "message must not be empty"),
    (["ask", "x" * 4001], "at most 4000"),
    (["rephrase", ""], "text must not be empty"),
    (["rephrase", "x" * 2001], "at most 2000"),
])
def test_ask_and_rephrase_bad_input(args: list[str], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2 and message in err and len(err.strip().splitlines()) == 1


def test_rephrase_json(index_dir: Path) -> None:
    code, out, _ = run("rephrase", "You never talk to me anymore.", "--json",
                       "--index-dir", str(index_dir))
    assert code == 0
    body = json.loads(out)
    assert body["rephrased"] and body["needs_clarification"] is False


def test_ask_json(index_dir: Path, tmp_path: Path) -> None:
    code, out, _ = run("ask", "How do we start talking about feeling distant?", "--json",
                       "--index-dir", str(index_dir), "--data-dir", str(tmp_path),
                       "--temperature", "0")
    assert code == 0
    body = json.loads(out)
    assert body["grounding"] in ("generated", "extractive") and body["citations"]


def test_interactive_chat(index_dir: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["chat", "--index-dir", str(index_dir), "--data-dir", str(tmp_path)],
        input="How do I start talking about feeling distant?\n/delete\n/quit\n",
        catch_exceptions=False)
    assert result.exit_code == 0
    assert "[1]" in result.stdout
    assert "Deleted this conversation" in result.stdout


@pytest.mark.parametrize("job", ["ask", "rephrase", "excerpts"])
def test_every_command_gives_the_crisis_reply_with_its_help_lines(
        job: str, index_dir: Path, tmp_path: Path) -> None:
    """Plain and --json, each command shows the screen's crisis reply and every help line."""
    where = ("--index-dir", str(index_dir), "--data-dir", str(tmp_path))
    code, out, _ = run(job, DISCLOSURE, "--json", *where)
    assert code == 0
    safety = json.loads(out)["safety"]
    assert safety["action"] == "crisis" and safety["resources"][0]["contact"] == "Call 911"
    code, out, _ = run(job, DISCLOSURE, *where)
    assert code == 0
    shown = " ".join(out.split())  # help lines are wrapped to the terminal
    assert " ".join(safety["message"].split()) in shown
    for line in safety["resources"]:
        assert line["contact"] in shown
    assert shown.index("Call 911") < shown.index("1-800-799-7233")

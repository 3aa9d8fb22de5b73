"""The `reconnect` command. Flags come from the Settings fields (their descriptions are the help).

Every user-facing failure prints one line, `error: ...`, and exits non-zero.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, get_origin

import click

from server.chat import MAX_MESSAGE_CHARS
from server.errors import IndexerError, ReconnectError, SessionWriteError
from server.excerpts import DEFAULT_K, MAX_K, MAX_TOPIC_CHARS, MIN_K, find_excerpts
from server.inputs import is_blank, problem
from server.rephrase import MAX_TEXT_CHARS
from server.settings import Settings, get_settings

F = TypeVar("F", bound=Callable[..., Any])

_TYPES: dict[Any, Any] = {int: int, float: float, str: str, bool: bool,
                          Path: click.Path(path_type=Path)}


def settings_options(*names: str) -> Callable[[F], F]:
    """Add one --flag per named Settings field, with the field's description as help."""

    def decorate(func: F) -> F:
        for name in reversed(names):
            field = Settings.model_fields[name]
            annotation = field.annotation
            args = getattr(annotation, "__args__", ())
            base = next((t for t in _TYPES if annotation is t or t in args), str)
            flag = "--" + name.replace("_", "-")
            if base is bool:
                option = click.option(f"{flag}/--no-{name.replace('_', '-')}", name,
                                      default=None, help=field.description)
            elif get_origin(annotation) is list:
                option = click.option(flag, name, multiple=True,
                                      help=f"{field.description} Repeat for more than one.")
            else:
                option = click.option(flag, name, type=_TYPES[base], default=None,
                                      help=field.description)
            func = option(func)
        return func

    return decorate


def build_settings(options: dict[str, Any]) -> Settings:
    return get_settings(**{k: list(v) if isinstance(v, tuple) else v
                           for k, v in options.items()
                           if k in Settings.model_fields and v not in (None, ())})


def fail(message: str, code: int = 1) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


class Group(click.Group):
    """Turns every failure into one line on stderr and a non-zero exit: the project's errors
    (exit 1), a command line that does not parse (exit 2), and anything unexpected (exit 1,
    its traceback only at debug level)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (ReconnectError, IndexerError) as exc:
            fail(str(exc))
        except click.UsageError as exc:
            where = exc.ctx.command_path if exc.ctx else "reconnect"
            fail(f"{exc.format_message()} (see `{where} --help`)", exc.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except OSError as exc:
            fail(f"{exc.strerror or type(exc).__name__}: {exc.filename or ''}".rstrip(": "))
        except Exception as exc:
            logging.getLogger(__name__).debug("unexpected failure", exc_info=True)
            fail(f"unexpected {type(exc).__name__}; please report it")


@click.group(cls=Group)
def main() -> None:
    """Reconnect: a local, private assistant for feeling distant from a partner.

    \b
    Examples:
      reconnect index                 build the index (does nothing if up to date)
      reconnect serve                 start the web app on http://127.0.0.1:8000
      reconnect excerpts "physical affection" -k 3
    """
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("bm25s").setLevel(logging.WARNING)


@main.command()
@click.option("--force", is_flag=True, help="Rebuild even if the index is up to date.")
@settings_options("corpus_dir", "data_dir", "index_dir", "embed_threads")
def index(force: bool, **options: Any) -> None:
    """Build the index from the corpus (chunks, vectors, BM25, safety classifier)."""
    from indexer.build import build_index
    from indexer.embedding import MiniLMEmbedder, minilm_id

    settings = build_settings(options)
    report = build_index(
        settings.corpus_dir, settings.index_path, minilm_id(),
        lambda: MiniLMEmbedder(threads=settings.embed_threads), force=force,
        progress=sys.stderr.isatty(),
    )
    if report.status == "unchanged":
        click.echo(f"index at {report.folder} is up to date ({report.sentences} sentences)")
        return
    if report.status == "repaired":
        click.echo(f"the index at {report.folder} was damaged ({report.damage}), so it was "
                   "rebuilt")
    click.echo(f"built index at {report.folder}: {report.documents} document(s), "
               f"{report.sentences} sentences, {report.vectors} vectors, "
               f"{report.safety_examples} safety examples in {report.seconds:.1f} s")


# Scale-out: sessions in PostgreSQL, drafts from an inference server (docs/deploy.md).
# The engine's API key is read from the environment only, never from a flag.
SCALE_SETTINGS = ("sessions_url", "llm_url", "llm_model", "llm_max_concurrent",
                  "llm_connect_timeout", "llm_read_timeout", "llm_draft_timeout",
                  "llm_retry_after")


@main.command()
@settings_options("host", "port", "log_level", "allowed_hosts", "max_body_bytes", "max_waiting",
                  "corpus_dir", "data_dir", "index_dir",
                  "model", "chat_template", "temperature", "max_tokens", "n_ctx", "n_threads",
                  "seed", "persist_sessions", "talk_drafts", *SCALE_SETTINGS)
def serve(**options: Any) -> None:
    """Start the HTTP server (what `make run` calls)."""
    import uvicorn

    from server.http.app import create_app
    from server.runtime import check_ready

    settings = build_settings(options)
    check_ready(settings)
    logging.getLogger().setLevel(settings.log_level.upper())
    click.echo(f"Reconnect is starting on http://{settings.host}:{settings.port}")
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port,
                log_level=settings.log_level, access_log=False)


@main.command()
@click.argument("topic")
@click.option("-k", "k", type=int, default=DEFAULT_K, show_default=True,
              help=f"How many excerpts ({MIN_K}-{MAX_K}).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as the HTTP API returns it.")
@settings_options("corpus_dir", "data_dir", "index_dir", "min_relevance")
def excerpts(topic: str, k: int, as_json: bool, **options: Any) -> None:
    """Print cited excerpts from the article on TOPIC (screened for safety first)."""
    check_text("topic", topic, MAX_TOPIC_CHARS)
    if not MIN_K <= k <= MAX_K:
        fail(f"-k must be between {MIN_K} and {MAX_K}", 2)
    from server.runtime import check_ready, load_retriever, load_screen

    settings = build_settings(options)
    check_ready(settings)
    retriever = load_retriever(settings)
    result = find_excerpts(load_screen(settings, retriever), retriever, topic, k)
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    if result.safety:
        print_safety(result.safety)
        return
    found = result.excerpts
    if not found:
        titles = retriever.titles()
        click.echo("The article does not cover that topic." if len(titles) == 1 else
                   f"None of the {len(titles)} documents covers that topic.")
        return
    for n, e in enumerate(found, 1):
        click.echo(f"{n}. {e.section}  (score {e.score:.2f})")
        click.echo(wrapped_quote(e.quote))
        click.echo(f"   {e.doc} [{e.start}:{e.end}]\n")


def wrapped_quote(quote: str) -> str:
    """A quote wrapped for the terminal: the source's own line breaks are not its shape."""
    return click.wrap_text("“" + " ".join(quote.split()) + "”", initial_indent="   ",
                           subsequent_indent="   ", width=88)


def print_safety(safety: dict[str, Any]) -> None:
    """The safety reply and the help lines it refers to."""
    click.echo(safety["message"])
    click.echo("")
    for r in safety["resources"]:
        click.echo(click.wrap_text(f"  - {r['name']}: {r['contact']}. {r['note']}",
                                   subsequent_indent="    ", width=88))


def _print_result(result: Any, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    if result.safety:
        click.echo("")
        for r in result.safety["resources"]:
            click.echo(click.wrap_text(f"  - {r['name']}: {r['contact']}. {r['note']}",
                                       subsequent_indent="    ", width=88))
    if result.citations:  # the quotes are in the answer already: name where they come from
        click.echo("")
        for c in result.citations:
            click.echo(f"[{c.n}] {c.doc}, “{c.section}” [{c.start}:{c.end}]")


def check_text(field: str, text: str, limit: int) -> None:
    """One error line and exit 2 for blank, undecodable or over-long input, as the API's 422."""
    why = problem(text, limit)
    if why is not None:
        fail(f"{field} {why}", 2)


CHAT_SETTINGS = ("corpus_dir", "data_dir", "index_dir", "model", "chat_template", "temperature",
                 "max_tokens", "n_ctx", "n_threads", "seed", "persist_sessions",
                 "sessions_url", "llm_url", "llm_model", "talk_drafts")


@main.command()
@click.argument("question")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, as POST /api/chat returns it.")
@click.option("--session", "session_id", default=None, help="Continue this conversation.")
@settings_options(*CHAT_SETTINGS)
def ask(question: str, as_json: bool, session_id: str | None, **options: Any) -> None:
    """Ask one question and print the grounded answer with its citations."""
    check_text("message", question, MAX_MESSAGE_CHARS)
    from server.chat.pipeline import Delta, Done
    from server.runtime import check_ready, load_runtime

    settings = build_settings(options)
    check_ready(settings)
    runtime = load_runtime(settings)
    try:
        for event in runtime.chat.stream(question, session_id):
            if isinstance(event, Delta) and not as_json:
                click.echo(event.text, nl=False)
            elif isinstance(event, Done):
                if not as_json:
                    click.echo("")
                _print_result(event.result, as_json)
    finally:
        runtime.close()


@main.command(name="chat")
@settings_options(*CHAT_SETTINGS)
def chat_command(**options: Any) -> None:
    """Talk in the terminal. /new starts over, /delete deletes this conversation, /quit leaves."""
    from server.chat.pipeline import Delta, Done
    from server.runtime import check_ready, load_runtime

    settings = build_settings(options)
    check_ready(settings)
    runtime = load_runtime(settings)
    session_id: str | None = None
    click.echo("Reconnect (type /quit to leave, /delete to erase this conversation)")
    try:
        while True:
            try:
                message = click.prompt("\nyou", prompt_suffix="> ", default="", show_default=False)
            except (EOFError, click.Abort):
                break
            command = message.strip().lower()
            if command in ("/quit", "/exit"):
                break
            if command == "/new":
                session_id = None
                continue
            if command == "/delete":
                if session_id:
                    runtime.sessions.delete(session_id)
                    click.echo("Deleted this conversation from this device.")
                session_id = None
                continue
            if is_blank(message):
                continue
            if len(message) > MAX_MESSAGE_CHARS:
                click.echo(f"That message is over {MAX_MESSAGE_CHARS:,} characters; please "
                           "shorten it.")
                continue
            click.echo("")
            try:
                for event in runtime.chat.stream(message, session_id):
                    if isinstance(event, Delta):
                        click.echo(event.text, nl=False)
                    elif isinstance(event, Done):
                        session_id = event.result.session_id
                        click.echo("")
                        _print_result(event.result, False)
            except SessionWriteError as exc:  # the answer is on screen; say it was not kept
                click.echo(f"\n\nnote: {exc}", err=True)
    finally:
        runtime.close()


@main.command()
@click.argument("text")
@click.option("--json", "as_json", is_flag=True,
              help="Print JSON, as POST /api/rephrase returns it.")
@settings_options("corpus_dir", "data_dir", "index_dir", "model", "n_threads", "seed")
def rephrase(text: str, as_json: bool, **options: Any) -> None:
    """Rewrite what you want to say to your partner so it leads with longing."""
    check_text("text", text, MAX_TEXT_CHARS)
    from server.runtime import check_ready, load_runtime

    settings = build_settings(options | {"persist_sessions": False})
    check_ready(settings)
    runtime = load_runtime(settings)
    try:
        result = runtime.rephraser.rephrase(text)
    finally:
        runtime.close()
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    if result.safety:
        print_safety(result.safety)
        if not (result.rephrased or result.question):
            return  # support or crisis: the reply replaces the rephrasing
        click.echo("")
    if result.needs_clarification:
        click.echo(result.question)
        return
    click.echo(click.wrap_text(result.rephrased, width=88) + "\n")
    for alt in result.alternatives:
        click.echo(click.wrap_text(f"or: {alt}", subsequent_indent="    ", width=88))
    click.echo("\nWhat changed:")
    for note in result.changes:
        click.echo(click.wrap_text(f"- {note}", subsequent_indent="  ", width=88))
    if result.question:
        click.echo("\n" + click.wrap_text(result.question, width=88))


@main.command(name="eval")
@click.option("--suite", type=click.Choice(["fast", "full"]), default="fast", show_default=True,
              help="fast: a few minutes, the thresholds CI enforces; full: everything.")
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("eval-out"),
              show_default=True, help="Folder for report.json, report.md and chart.png.")
@settings_options("corpus_dir", "data_dir", "index_dir", "model", "n_threads")
def eval_command(suite: str, out: Path, **options: Any) -> None:
    """Measure retrieval, chat faithfulness, rephrasing, safety and latency."""
    from eval.run import run_eval, summary_lines
    from server.runtime import check_ready

    settings = build_settings(options)
    check_ready(settings)
    report = run_eval(settings, suite, out)
    for line in summary_lines(report):
        click.echo(line)
    click.echo(f"report: {out / 'report.md'}")
    if report["failures"]:
        sys.exit(1)

"""The web app: one page at `/` (a Jinja2 template, autoescaped) and its static files.

Everything the page needs is served from here: no CDN, no remote fonts, no build step.
The page talks to the JSON API with small hand-written JavaScript and keeps nothing in
the browser beyond the current conversation's id, held in memory.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from server.http.security import SECURITY_HEADERS

WEB_DIR = Path(__file__).resolve().parent / "web"

# The security headers (server/http/security.py) are on every response; the page is not cached.
PAGE_HEADERS = SECURITY_HEADERS | {"Cache-Control": "no-store"}


def _article_titles(request: Request) -> list[str]:
    runtime = getattr(request.app.state, "runtime", None)
    documents = getattr(runtime, "documents", None) or {}
    return [doc.title for doc in documents.values()]


def mount_web(app: FastAPI) -> None:
    """Add the page at GET / and its assets under /static."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(WEB_DIR / "templates"),
                             autoescape=True, undefined=jinja2.StrictUndefined)
    templates = Jinja2Templates(env=env)

    @app.api_route("/", methods=["GET", "HEAD"], response_class=HTMLResponse,
                   include_in_schema=False)
    def index(request: Request) -> HTMLResponse:
        """The web app."""
        return templates.TemplateResponse(request, "index.html",
                                          {"titles": _article_titles(request)},
                                          headers=PAGE_HEADERS)

    app.mount("/static", StaticFiles(directory=WEB_DIR / "static"), name="static")

"""An OpenAI-compatible API at /v1, so the chat clients people already use can talk to Reconnect.

Two jobs are offered as models: `reconnect` (Talk) and `reconnect-gently` (Say it gently).
The conversation is the request's `messages`, and nothing is stored: earlier user and
assistant turns become the history a stored session would hold (their safety records
screened again, in order), and the last user message is answered by the same pipeline,
safety screen and verifier as /api/chat. System messages are ignored: a client cannot
change the product's rules. The reply reads well in any client (the answer with its [n]
markers, help lines when the screen flagged the message, then a Sources list), and the
structured data travel in an extra top-level `reconnect` field that clients ignore.

Errors on /v1, and only there, take OpenAI's shape, `{"error": {"message", "type", "param",
"code"}}`: OpenAIRoute translates the routes' errors and OpenAIEdge those the middleware
answers before any route runs (Host, Origin, body size, malformed JSON), so /api keeps its
own. As OpenAI does, an invalid body is 400, never 422. Each route declares every status it
answers, with its body model (server/http/schemas.py); a known path asked with another
method is 405 with `Allow`, an unknown one 404.

One concern a module, in the order a request meets them: errors.py (the error shape, and
the middleware that gives it to the edge's errors), requests.py (the request body),
conversation.py (the messages, as the question and its history), jobs.py (Talk and Say it
gently run on them), reply.py (the completion, whole or in chunks) and routes.py.
"""

from server.http.openai.routes import include_openai

__all__ = ["include_openai"]

// Talking to the local API: JSON requests, kind error messages, and Server-Sent Events.

const EMPTY = {
  message: "Please write a message first.",
  text: "Please write what you would like to say first.",
  topic: "Please type a topic first.",
};

export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

// What went wrong, in words meant for a person rather than a developer. `kind` is the
// error body's `type`: "Busy" when too many requests are already waiting for the model.
export function kindly(status, detail, kind) {
  if (status === 422 && Array.isArray(detail)) {
    const first = detail[0] || {};
    const field = (first.loc || []).at(-1);
    if (/at most|too long/i.test(String(first.msg))) {
      return "That is a little long. Please shorten it and try again.";
    }
    return EMPTY[field] || "Something in that did not look right. Please check it and try again.";
  }
  if (status === 404) return "That is no longer on this device.";
  if (status === 503 && kind === "Busy") {
    return "The assistant is busy with other requests just now. Please try again in a moment.";
  }
  if (status === 413) return "That is a little long. Please shorten it and try again.";
  if (status === 0) return "Could not reach the assistant on this device. Is it still running?";
  if (status >= 500) return "The assistant is not ready just now. Please try again in a moment.";
  return "Something went wrong. Please try again.";
}

async function send(path, options = {}) {
  let response;
  try {
    response = await fetch(path, { headers: { Accept: "application/json" }, ...options });
  } catch {
    throw new ApiError(kindly(0), 0);
  }
  if (!response.ok) {
    let body = {};
    try { body = (await response.json()) || {}; } catch { /* not JSON */ }
    throw new ApiError(kindly(response.status, body.detail, body.type), response.status);
  }
  return response;
}

export async function getJSON(path, params) {
  const query = params ? `?${new URLSearchParams(params)}` : "";
  return (await send(path + query)).json();
}

export async function postJSON(path, body, { stream = false } = {}) {
  const response = await send(path, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      Accept: stream ? "text/event-stream" : "application/json",
    },
    body: JSON.stringify(body),
  });
  return stream ? response : response.json();
}

export async function remove(path) {
  await send(path, { method: "DELETE" });
}

// Yields {event, data} for each Server-Sent Event in a streamed response body.
export async function* readEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, "");
      const parsed = parseEvent(block);
      if (parsed) yield parsed;
    }
  }
  const last = parseEvent(buffer.trim());
  if (last) yield last;
}

function parseEvent(block) {
  let event = "message";
  const data = [];
  for (const line of block.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon === 0) continue; // a comment
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "event") event = value;
    else if (field === "data") data.push(value);
  }
  return data.length ? { event, data: JSON.parse(data.join("\n")) } : null;
}

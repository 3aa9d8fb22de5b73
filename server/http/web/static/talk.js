// Talk: a streamed conversation. Its id lives in this module's memory and nowhere else.

import { ApiError, postJSON, readEvents, remove } from "./api.js";
import { renderReply } from "./citations.js";
import { byId, el, setBusy, showError, submitOnEnter } from "./dom.js";
import { safetyCard } from "./safety.js";

const GROUNDING = {
  generated: "The quotes are the article's own words; the other sentences were checked against them.",
  extractive: "The quotes are the article's own words.",
};

let sessionId = null;
let pending = null; // the reply being streamed

export function initTalk() {
  const form = byId("talk-form");
  submitOnEnter(byId("talk-input"), form);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    send();
  });
  byId("talk-delete").addEventListener("click", deleteConversation);
}

async function send() {
  if (pending) return;
  const input = byId("talk-input");
  const text = input.value;
  showError(byId("talk-error"), "");
  byId("talk-status").textContent = "";
  const reply = { deleted: false, done: false };
  pending = reply;
  busy(true);
  try {
    const body = { message: text, session_id: sessionId, stream: true };
    const response = await postJSON("/api/chat", body, { stream: true });
    if (!reply.deleted) {
      input.value = "";
      addTurn("user", "You", el("div", { class: "bubble", text }));
      Object.assign(reply, startReply());
    }
    for await (const { event, data } of readEvents(response)) {
      if (event === "session") {
        // Known from the first event on, so Delete reaches the server before the reply ends.
        if (reply.deleted) await deleteLanded(data.session_id);
        else sessionId = data.session_id;
      } else if (event === "done" && reply.deleted) await deleteLanded(data.session_id);
      else if (reply.deleted) continue;
      else if (event === "delta") reply.text.appendData(data.text);
      else if (event === "citations") reply.citations = data;
      else if (event === "done") {
        sessionId = data.session_id;
        finishReply(reply, data);
      } else if (event === "error" && data.result) {
        // Answered but not saved: show the answer, then say it will not be remembered.
        finishReply(reply, data.result);
        failReply(reply, data.detail);
      } else if (event === "error") failReply(reply, "Something went wrong while answering. Please try again.");
    }
    if (!reply.done && !reply.deleted) failReply(reply, "The reply was interrupted. Please try again.");
  } catch (error) {
    if (reply.deleted) return;
    if (error instanceof ApiError && error.status === 404) {
      sessionId = null;
      showError(byId("talk-error"), "This conversation is no longer on this device, so the next " +
        "message starts a new one. Please send it again.");
    } else if (reply.turn) {
      failReply(reply, "The reply was interrupted. Please try again.");
    } else {
      showError(byId("talk-error"), error instanceof ApiError ? error.message : "Something went wrong. Please try again.");
    }
  } finally {
    pending = null;
    busy(false);
  }
}

function busy(on) {
  setBusy(byId("talk-form"), byId("talk-send"), on, "Thinking…");
  byId("transcript").setAttribute("aria-busy", String(on));
}

function addTurn(role, who, body) {
  const turn = el("div", { class: `turn ${role}` }, el("p", { class: "who", text: who }), body);
  byId("transcript").append(turn);
  byId("talk-empty").hidden = true;
  turn.scrollIntoView({ block: "end", behavior: "smooth" });
  return turn;
}

// The reply grows as verified text arrives; it is re-rendered with citation buttons when done.
function startReply() {
  const text = document.createTextNode("");
  const bubble = el("div", { class: "bubble streaming" }, text);
  const turn = addTurn("assistant", "Reconnect", bubble);
  return { turn, bubble, text, citations: [] };
}

// The finished reply: its paragraphs and the article's quotes, each quote shown once with its
// citation button; a check-in stays quiet below the answer; support and crisis replace it.
function finishReply(reply, result) {
  reply.done = true;
  const citations = result.citations || reply.citations;
  const safety = result.safety;
  if (safety && safety.action !== "check_in") {
    reply.bubble.replaceWith(safetyCard({ ...safety, message: result.answer || safety.message }));
    return;
  }
  let answer = result.answer;
  if (safety && answer.endsWith(safety.message)) answer = answer.slice(0, -safety.message.length).trimEnd();
  reply.bubble.classList.remove("streaming");
  reply.bubble.replaceChildren();
  renderReply(reply.bubble, answer, citations);
  if (result.suggestion && result.suggestion.job === "rephrase") {
    reply.turn.append(el("p", { class: "suggestion" }, el("button", {
      type: "button",
      class: "quiet",
      text: "Find gentler words for this in Say it gently",
      onclick: () => openGently(result.suggestion.text),
    })));
  }
  if (GROUNDING[result.grounding]) {
    reply.turn.append(el("p", { class: "grounding", text: GROUNDING[result.grounding] }));
  }
  if (safety) reply.turn.append(el("details", { class: "check-in" },
    el("summary", { text: "A gentle check-in" }), safetyCard(safety)));
}

// Say it gently, opened with the person's own words.
function openGently(text) {
  byId("gently-input").value = text;
  byId("tab-gently").click();
  byId("gently-input").focus();
}

function failReply(reply, message) {
  reply.done = true;
  reply.bubble.classList.remove("streaming");
  reply.turn.append(el("p", { class: "error", text: message }));
}

// Quick exit (exit.js): the conversation's id, forgotten here at once; the caller deletes it.
// A reply still in flight is marked deleted, so its stream deletes it if it ever lands.
export function forgetConversation() {
  const id = sessionId;
  sessionId = null;
  if (pending) pending.deleted = true;
  return id;
}

// Deletes at once what the server holds. A reply still being written is deleted by its id as
// soon as the stream names it; the server never stores an exchange whose conversation is gone.
async function deleteConversation() {
  const status = byId("talk-status");
  const id = sessionId;
  const inFlight = pending;
  try {
    if (id) await deleteStored(id);
  } catch {
    status.textContent = "Could not delete the conversation just now. Please try again.";
    return;
  }
  if (inFlight) inFlight.deleted = true;
  sessionId = null;
  byId("transcript").replaceChildren();
  byId("talk-empty").hidden = false;
  showError(byId("talk-error"), "");
  status.textContent = id || inFlight ? "Deleted. This conversation is gone from this device."
    : "There is no conversation to delete.";
}

// The exchange of a reply deleted while in flight; on failure the id is kept for a retry.
async function deleteLanded(id) {
  try {
    await deleteStored(id);
  } catch {
    sessionId = id;
    byId("talk-status").textContent = "Could not delete the conversation just now. Please try again.";
  }
}

async function deleteStored(id) {
  try {
    await remove(`/api/sessions/${encodeURIComponent(id)}`);
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) throw error;
  }
}

// Quick exit, on every mode: the button, or Escape pressed twice, replaces this page with a
// plain recipe page at once. The conversation is deleted on the server by a request that
// outlives the page (fetch keepalive: sendBeacon can only POST), and the page is emptied
// first. location.replace takes this page's place in the history, so Back cannot bring it
// back.

import { forgetConversation } from "./talk.js";

export const NEUTRAL_PAGE = "/static/recipe.html";
const TWICE_WITHIN_MS = 800;

export function initQuickExit() {
  document.getElementById("quick-exit").addEventListener("click", quickExit);
  let last = -Infinity;  // not 0: a first press within 800 ms of loading is one press
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.repeat) return;
    const now = event.timeStamp;
    if (now - last <= TWICE_WITHIN_MS) quickExit();
    else last = now;
  }, true);
}

function quickExit() {
  const id = forgetConversation();
  if (id) {
    // Same origin, so the browser's Origin header passes the server's check on DELETE.
    fetch(`/api/sessions/${encodeURIComponent(id)}`, { method: "DELETE", keepalive: true })
      .catch(() => { /* the page is gone; nothing to tell */ });
  }
  for (const field of document.querySelectorAll("input, textarea")) field.value = "";
  document.title = "Recipes";
  document.body.replaceChildren();
  location.replace(NEUTRAL_PAGE);
}

// Find passages: the article's own sentences on a topic, with their section titles.

import { getJSON } from "./api.js";
import { openPassage } from "./citations.js";
import { byId, el, requestForm } from "./dom.js";
import { safetyCard } from "./safety.js";

export function initPassages() {
  requestForm("passages", "Looking…",
    () => getJSON("/api/excerpts", { topic: byId("passages-input").value, k: 3 }), render);
}

function render(data) {
  if (data.safety) return safetyCard(data.safety);
  if (!data.excerpts.length) {
    return el("div", { class: "card none" },
      el("p", {}, "The article does not seem to cover “", el("span", { text: data.topic }),
        "”. That is not a judgement on the question: it may just need other words, or a "
        + "different kind of help. You could try something like closeness, listening or small daily habits."));
  }
  return el("ol", { class: "excerpts" }, data.excerpts.map((excerpt) =>
    el("li", { class: "card excerpt" },
      el("h3", { class: "section-title", text: excerpt.section }),
      el("blockquote", { text: excerpt.quote }),
      el("button", {
        type: "button",
        class: "quiet context",
        text: "Read it in context",
        "aria-haspopup": "dialog",
        onclick: (event) => openPassage(excerpt, event.currentTarget),
      }))));
}

// Say it gently: a gentler opening, other ways to say it, and what changed.

import { postJSON } from "./api.js";
import { renderCited, sourcesList } from "./citations.js";
import { byId, copyButton, el, requestForm, submitOnEnter } from "./dom.js";
import { safetyCard } from "./safety.js";

export function initGently() {
  const form = requestForm("gently", "Finding gentler words…",
    () => postJSON("/api/rephrase", { text: byId("gently-input").value }), render);
  submitOnEnter(byId("gently-input"), form);
}

function render(data) {
  if (data.safety) return safetyCard(data.safety);
  if (data.needs_clarification) {
    return el("div", { class: "card ask" },
      el("h2", { text: "Could you tell me a little more?" }),
      el("p", { class: "question", text: data.question || "" }));
  }
  const citations = data.citations || [];
  const opening = data.rephrased || "";
  return el("article", { class: "card rephrased" },
    el("h2", { text: "A gentler way to open" }),
    el("blockquote", { class: "opening" }, renderCited(el("p"), opening, citations)),
    el("div", { class: "actions" }, copyButton(withoutMarkers(opening))),
    section("What changed", "changes", data.changes, (note) => renderCited(el("li"), note, citations)),
    section("Other ways to say it", "alternatives", data.alternatives, (text) =>
      el("li", {}, renderCited(el("p"), text, citations), copyButton(withoutMarkers(text)))),
    checks(data.checks, citations),
    sourcesList(citations, "Why, from the article"));
}

function section(heading, className, items, item) {
  if (!items || !items.length) return null;
  return el("div", { class: `part ${className}` },
    el("h3", { text: heading }), el("ul", {}, items.map(item)));
}

function checks(results, citations) {
  const entries = Object.entries(results || {});
  if (!entries.length) return null;
  return el("details", { class: "checks" },
    el("summary", { text: "How it was checked" }),
    el("ul", {}, entries.map(([rule, { pass, why }]) =>
      el("li", { class: pass ? "pass" : "fail" },
        el("span", { class: "check-mark", "aria-hidden": "true", text: pass ? "✓" : "–" }),
        el("span", { class: "visually-hidden", text: pass ? "Passed: " : "Not met: " }),
        el("strong", { text: humanize(rule) }), " ",
        renderCited(el("span"), why || "", citations)))));
}

function humanize(rule) {
  const words = rule.replace(/[_-]+/g, " ").trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function withoutMarkers(text) {
  return text.replace(/\s*\[\d+\]/g, "");
}

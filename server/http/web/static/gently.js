// Say it gently: a gentler opening, other ways to say it, and what changed. A safety
// check-in comes beside the opening (above it); support and crisis replies come instead.

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
  const answered = data.rephrased || data.needs_clarification;
  if (data.safety && !answered) return safetyCard(data.safety);
  const answer = data.needs_clarification ? clarification(data) : opening(data);
  if (!data.safety) return answer;
  return el("div", { class: "stack" }, safetyCard(data.safety), answer);
}

function clarification(data) {
  return el("div", { class: "card ask" },
    el("h2", { text: "Could you tell me a little more?" }),
    el("p", { class: "question", text: data.question || "" }));
}

function opening(data) {
  const citations = data.citations || [];
  const text = data.rephrased || "";
  return el("article", { class: "card rephrased" },
    el("h2", { text: "A gentler way to open" }),
    el("blockquote", { class: "opening" }, renderCited(el("p"), text, citations)),
    el("div", { class: "actions" }, copyButton(withoutMarkers(text))),
    data.question ? el("div", { class: "part ask-detail" },
      el("h3", { text: "To make it more yours" }),
      el("p", { class: "question", text: data.question })) : null,
    section("What changed", "changes", data.changes, (note) => renderCited(el("li"), note, citations)),
    section("Other ways to say it", "alternatives", data.alternatives, (alt) =>
      el("li", {}, renderCited(el("p"), alt, citations), copyButton(withoutMarkers(alt)))),
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

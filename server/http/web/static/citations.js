// Citations: [n] markers become buttons, and a button opens the quoted sentence
// highlighted inside its paragraph, in a dialog that Escape closes.

import { getJSON } from "./api.js";
import { byId, el } from "./dom.js";

const MARKER = /\[(\d+)\]/g;

// Append `text` to `parent`, turning each [n] that has a citation into a button.
export function renderCited(parent, text, citations = []) {
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  let last = 0;
  for (const match of text.matchAll(MARKER)) {
    const citation = byNumber.get(Number(match[1]));
    if (!citation) continue;
    parent.append(text.slice(last, match.index), citeButton(citation));
    last = match.index + match[0].length;
  }
  parent.append(text.slice(last));
  return parent;
}

export function citeButton(citation) {
  return el("button", {
    type: "button",
    class: "cite",
    text: String(citation.n),
    "aria-label": `Source ${citation.n}: ${citation.section}`,
    "aria-haspopup": "dialog",
    onclick: (event) => openPassage(citation, event.currentTarget),
  });
}

// A reply: paragraphs, and the article's quotes ("> text [n]") as block quotes, each with
// its citation button. Everything is set as text, never as HTML.
export function renderReply(parent, text, citations = []) {
  for (const block of text.split(/\n{2,}/)) {
    if (!block.trim()) continue;
    const quoted = block.startsWith("> ");
    const node = el(quoted ? "blockquote" : "p", { class: quoted ? "quote" : "" });
    renderCited(node, quoted ? block.slice(2) : block, citations);
    parent.append(node);
  }
  return parent;
}

// "From the article": every citation with its section and quote, each one openable.
export function sourcesList(citations, heading = "From the article") {
  if (!citations || !citations.length) return null;
  return el("div", { class: "sources" },
    el("h3", { text: heading }),
    el("ol", {}, citations.map((c) => el("li", {},
      el("button", {
        type: "button",
        class: "source",
        "aria-haspopup": "dialog",
        onclick: (event) => openPassage(c, event.currentTarget),
      },
      el("span", { class: "source-n", text: String(c.n ?? "") }),
      el("span", { class: "source-text" },
        el("span", { class: "source-section", text: c.section }),
        el("span", { class: "source-quote", text: `“${c.quote}”` })))))));
}

let opener = null;
let pending = 0;

export function initPassageDialog() {
  const dialog = byId("passage");
  byId("passage-close").addEventListener("click", () => dialog.close());
  // A click on the backdrop (the dialog element itself, outside its body) closes it.
  dialog.addEventListener("click", (event) => { if (event.target === dialog) dialog.close(); });
  dialog.addEventListener("close", () => { opener?.focus(); opener = null; });
}

export async function openPassage(citation, from) {
  const dialog = byId("passage");
  const title = byId("passage-title");
  const text = byId("passage-text");
  opener = from || document.activeElement;
  title.textContent = citation.section;
  text.replaceChildren(el("span", { class: "muted", text: "Opening the passage…" }));
  if (!dialog.open) dialog.showModal();
  const request = ++pending;
  try {
    const passage = await getJSON("/api/passage",
      { doc: citation.doc, start: citation.start, end: citation.end });
    if (request !== pending) return;
    title.textContent = passage.section;
    text.replaceChildren(...highlight(passage));
  } catch {
    if (request !== pending) return;
    text.replaceChildren(el("mark", { text: citation.quote }),
      el("span", { class: "muted", text: " (the surrounding paragraph could not be opened)" }));
  }
}

// The paragraph split around the quote. Offsets count code points, as Python does.
function highlight({ paragraph, quote_start: start, quote_end: end, quote }) {
  const chars = Array.from(paragraph);
  let before = chars.slice(0, start).join("");
  let middle = chars.slice(start, end).join("");
  let after = chars.slice(end).join("");
  if (middle !== quote) {
    const at = paragraph.indexOf(quote);
    if (at < 0) return [paragraph];
    [before, middle, after] = [paragraph.slice(0, at), quote, paragraph.slice(at + quote.length)];
  }
  return [before, el("mark", { text: middle }), after];
}

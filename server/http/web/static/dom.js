// DOM helpers. Text from people or from the API only ever becomes text nodes or
// attribute values: nothing here parses HTML.

import { ApiError } from "./api.js";

export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

export function byId(id) {
  return document.getElementById(id);
}

// Enter submits, Shift+Enter keeps its newline (and IME composition is left alone).
export function submitOnEnter(textarea, form) {
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
}

export function showError(node, message) {
  node.textContent = message || "";
  node.hidden = !message;
}

// Tell screen readers about something that has no visible text change of its own.
export function announce(message) {
  const node = byId("announcer");
  node.textContent = "";
  setTimeout(() => { node.textContent = message; }, 50);
}

// A button that copies `text` and says so for a moment.
export function copyButton(text, label = "Copy") {
  let timer;
  return el("button", {
    type: "button",
    class: "copy",
    text: label,
    onclick: async (event) => {
      const button = event.currentTarget;
      try {
        await navigator.clipboard.writeText(text);
        button.textContent = "Copied";
        announce("Copied to the clipboard.");
      } catch {
        button.textContent = "Could not copy";
      }
      clearTimeout(timer);
      timer = setTimeout(() => { button.textContent = label; }, 2500);
    },
  });
}

// A busy form: the button says what is happening but stays focusable.
export function setBusy(form, button, busy, busyLabel) {
  if (!button.dataset.label) button.dataset.label = button.textContent;
  button.textContent = busy ? busyLabel : button.dataset.label;
  button.setAttribute("aria-disabled", String(busy));
  form.setAttribute("aria-busy", String(busy));
}

// A form that runs one request at a time and shows its rendered result or a plain error.
// `prefix` names its elements: #<prefix>-form, -send, -error and -result.
export function requestForm(prefix, busyLabel, request, render) {
  const form = byId(`${prefix}-form`);
  const button = byId(`${prefix}-send`);
  const error = byId(`${prefix}-error`);
  let busy = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (busy) return;
    showError(error, "");
    busy = true;
    setBusy(form, button, true, busyLabel);
    try {
      byId(`${prefix}-result`).replaceChildren(render(await request()));
    } catch (failure) {
      showError(error, failure instanceof ApiError ? failure.message : "Something went wrong. Please try again.");
    } finally {
      busy = false;
      setBusy(form, button, false);
    }
  });
  return form;
}

// Safety replies: distinct but calm, with the help resources as a list
// (emergency help first when someone may be in danger now).

import { el } from "./dom.js";

const HEADINGS = {
  crisis: "Your safety comes first",
  support: "You deserve support",
  check_in: "Checking in with you",
};
const EMERGENCY = /emergency/i;
const PHONE = /^(?:call(?: or text)? )?(\+?\d[\d\s().-]{0,18}\d)$/i;

export function safetyCard(safety) {
  const action = HEADINGS[safety.action] ? safety.action : "support";
  let resources = safety.resources || [];
  // The API lists emergency help first; keep it so even if it ever does not.
  if (action === "crisis" && resources.length && !isEmergency(resources[0])) {
    resources = [...resources.filter(isEmergency), ...resources.filter((r) => !isEmergency(r))];
  }
  return el("div", { class: `safety safety-${action}`, role: "note", "aria-label": HEADINGS[action] },
    el("p", { class: "safety-heading", text: HEADINGS[action] }),
    el("p", { class: "safety-message", text: safety.message || "" }),
    resources.length ? el("h3", { text: "Where you can find help" }) : null,
    resources.length ? el("ul", { class: "resources" }, resources.map(resourceItem)) : null);
}

function isEmergency(resource) {
  return EMERGENCY.test(resource.name || "");
}

function resourceItem(resource) {
  return el("li", { class: isEmergency(resource) ? "resource emergency" : "resource" },
    el("span", { class: "resource-name", text: resource.name }),
    resource.contact ? contact(resource.contact) : null,
    resource.region ? el("span", { class: "resource-region", text: capitalized(resource.region) }) : null,
    resource.note ? el("span", { class: "resource-note", text: resource.note }) : null);
}

// Phone numbers become tel: links and web addresses become links; anything else stays text.
function contact(value) {
  const text = String(value);
  const phone = text.match(PHONE);
  if (phone) {
    return el("a", { class: "resource-contact", href: `tel:${phone[1].replace(/[^\d+]/g, "")}`, text });
  }
  try {
    const url = new URL(text);
    if (url.protocol === "https:" || url.protocol === "http:") {
      return el("a", { class: "resource-contact", href: url.href, rel: "noopener noreferrer",
        target: "_blank", text });
    }
  } catch { /* not a web address */ }
  return el("span", { class: "resource-contact", text });
}

function capitalized(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

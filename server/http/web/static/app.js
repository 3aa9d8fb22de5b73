// Reconnect's page: three modes behind accessible tabs.

import { initPassageDialog } from "./citations.js";
import { initQuickExit } from "./exit.js";
import { initGently } from "./gently.js";
import { initPassages } from "./passages.js";
import { initTalk } from "./talk.js";

// WAI-ARIA tabs: click or arrow keys (Home/End) move between modes.
function initTabs() {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const select = (chosen, focus) => {
    for (const tab of tabs) {
      const on = tab === chosen;
      tab.setAttribute("aria-selected", String(on));
      tab.tabIndex = on ? 0 : -1;
      document.getElementById(tab.getAttribute("aria-controls")).hidden = !on;
    }
    if (focus) chosen.focus();
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => select(tab, false));
    tab.addEventListener("keydown", (event) => {
      const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (to === undefined) return;
      event.preventDefault();
      select(tabs[(to + tabs.length) % tabs.length], true);
    });
  });
}

initQuickExit();
initTabs();
initPassageDialog();
initTalk();
initGently();
initPassages();

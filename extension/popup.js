// The toolbar popup: today's prioritized call queue in the server's order, each item with
// its reason and SLA countdown; open the company's site with the sidebar, complete or snooze.
import { el, replace } from "./lib/dom.js";
import { errorState, idempotencyKey, queueItems, slaCountdown } from "./lib/format.js";
import { ask } from "./lib/protocol.js";

const $ = (id) => document.getElementById(id);

async function load() {
  $("status").textContent = "Loading…";
  const result = await ask("queue.list"); // the server knows the rep's time zone and day
  if (!result.ok) {
    showError(result.error);
    return;
  }
  $("error").hidden = true;
  const items = queueItems(result.data);
  $("status").textContent = items.length ? `${items.length} to call today` : "Nothing left to call today.";
  replace($("queue"), items.map(renderItem));
}

function itemName(item) {
  const contact = item.contact?.name;
  const company = item.company?.name || item.company?.domain;
  return [contact, company].filter(Boolean).join(" · ") || "Queue item";
}

function renderItem(item) {
  const name = itemName(item);
  const sla = slaCountdown(item.sla_deadline);
  const domain = item.company?.domain;
  const key = { value: null };
  const complete = (outcome, label) => el("button", { type: "button", "aria-label": `${label} – ${name}`, onclick: async (event) => {
    key.value = key.value || idempotencyKey("queue");
    event.currentTarget.disabled = true;
    const result = await ask("queue.complete", { item, outcome, idempotency_key: key.value });
    if (result.ok) load(); else failed(event.currentTarget, result.error);
  } }, label);
  return el("li", { "data-item": String(item.id ?? "") },
    el("div", { class: "item-head" },
      domain ? el("button", { type: "button", class: "item-name", title: `Open ${domain} with the sidebar`,
        "aria-label": `Open ${domain} – ${name}`,
        onclick: () => ask("queue.open", { url: `https://${domain}/` }).then(() => window.close()) }, name)
        : el("span", { class: "item-name" }, name),
      sla ? el("span", { class: `sla${sla.includes("overdue") ? " overdue" : ""}` }, sla) : null),
    el("p", { class: "reason" }, item.reason || ""),
    item.attempts_allowed ? el("p", { class: "muted" }, `Attempt ${(item.attempts_made || 0) + 1} of ${item.attempts_allowed}`) : null,
    el("div", { class: "item-actions" },
      complete("no_answer", "No answer"), complete("connected", "Connected"),
      el("button", { type: "button", "aria-label": `Snooze ${name}`, onclick: async (event) => {
        event.currentTarget.disabled = true;
        const result = await ask("queue.snooze", { item_id: item.id });
        if (result.ok) load(); else failed(event.currentTarget, result.error);
      } }, "Snooze")),
  );
}

function failed(button, error) {
  button.disabled = false;
  $("status").textContent = error.message;
}

function showError(error) {
  const view = errorState(error);
  $("status").textContent = "";
  replace($("queue"));
  const action = view.action === "retry" ? el("button", { type: "button", class: "primary", onclick: load }, "Retry")
    : view.action === "options" ? el("button", { type: "button", class: "primary", onclick: () => chrome.runtime.openOptionsPage() }, "Open Sidekick options") : null;
  replace($("error"), el("div", { class: "error-box", "data-kind": error.kind }, el("h2", {}, view.title), el("p", {}, view.detail), action));
  $("error").hidden = false;
}

$("open-sidebar").addEventListener("click", async () => {
  const result = await ask("sidebar.toggle.active");
  if (result.ok) window.close(); else $("status").textContent = result.error.message;
});
load();

// One-click logging. Each click gets its own idempotency key; a second click while the first
// is saving or within DOUBLE_CLICK_MS is the same click, and Retry resends the same key, so
// double-clicks and retries never log twice.
import { el, replace } from "./lib/dom.js";
import { LOG_ACTIONS, QUALIFICATION_FIELDS, idempotencyKey, qualificationNote } from "./lib/format.js";
import { ask } from "./lib/protocol.js";

const DOUBLE_CLICK_MS = 1000;

/**
 * Build the logging section once (it keeps what the rep typed across refreshes).
 * @param {HTMLElement} node
 * @param {() => number|null} companyId the current company's id, read at click time
 * @param {() => void} onLogged called after each saved activity (to refresh last touch)
 * @param {(error: object) => boolean} onUnauthorized true when it took over a 401 (Retry is useless then)
 */
export function buildLogSection(node, companyId, onLogged = () => {}, onUnauthorized = () => false) {
  const feedback = el("p", { class: "feedback", role: "status", id: "log-feedback" });
  const note = el("textarea", { id: "note", "aria-label": "Note", placeholder: "Note about this company…" });
  const fields = Object.fromEntries(Object.keys(QUALIFICATION_FIELDS).map((name) =>
    [name, el("input", { id: `q-${name}`, type: "text", autocomplete: "off" })]));
  const send = sender(feedback, companyId, onUnauthorized);
  const actions = LOG_ACTIONS.map((action) => oneClick(action.label, feedback, send,
    () => ({ type: action.type, outcome: action.outcome }), onLogged));
  const saveNote = oneClick("Save note", feedback, send, () => {
    const text = note.value.trim();
    return text ? { type: "note", notes: text } : null;
  }, () => { note.value = ""; onLogged(); });
  const saveQualification = oneClick("Save qualification notes", feedback, send, () => {
    const text = qualificationNote(Object.fromEntries(Object.entries(fields).map(([k, input]) => [k, input.value])));
    return text ? { type: "note", outcome: "qualification", notes: text } : null;
  }, () => { Object.values(fields).forEach((input) => { input.value = ""; }); onLogged(); });
  replace(node,
    el("h2", {}, "Log"),
    el("div", { class: "actions" }, actions),
    el("div", { class: "note" }, note, el("div", { class: "actions" }, saveNote)),
    el("details", { class: "qualification" }, el("summary", {}, "Discovery call: GPCT / BANT notes"),
      Object.entries(QUALIFICATION_FIELDS).map(([name, label]) => [el("label", { for: `q-${name}` }, label), fields[name]]),
      el("div", { class: "actions" }, saveQualification)),
    feedback,
  );
}

/** A call attempt logged when the rep clicks the company's phone number. */
export async function logDial(companyId, phone) {
  if (!companyId) return;
  await ask("activity.log", {
    activity: { type: "call", outcome: "dialed", company_id: companyId, notes: `Dialed ${phone}`, idempotency_key: idempotencyKey("dial") },
  });
}

function oneClick(label, feedback, send, makeActivity, onSaved = () => {}) {
  const button = el("button", { type: "button", "data-action": label }, label);
  let click = null; // {key, at, state, activity}
  button.addEventListener("click", () => {
    const now = Date.now();
    if (click && (click.state === "saving" || now - click.at < DOUBLE_CLICK_MS)) return;
    const activity = makeActivity();
    if (!activity) {
      show(feedback, "Write something first.", true);
      return;
    }
    click = { key: idempotencyKey(), at: now, state: "saving", activity };
    send(button, click, label, onSaved);
  });
  return button;
}

/** send(button, click, label, onSaved): log the click's activity, with Retry on failure. */
function sender(feedback, companyId, onUnauthorized) {
  return async function send(button, click, label, onSaved) {
    const company = companyId();
    if (!company) {
      click.state = "failed";
      show(feedback, "Wait until the company is in the CRM, then log again.", true);
      return;
    }
    click.state = "saving";
    button.dataset.state = "saving";
    show(feedback, `${label}: saving…`);
    const result = await ask("activity.log", {
      activity: { ...click.activity, company_id: company, idempotency_key: click.key },
    });
    click.at = Date.now();
    if (result.ok) {
      click.state = "saved";
      button.dataset.state = "saved";
      show(feedback, `${label}: saved.`);
      onSaved();
      return;
    }
    click.state = "failed";
    button.dataset.state = "failed";
    if (onUnauthorized(result.error)) return;
    const retry = el("button", { type: "button", "aria-label": `Retry ${label}`, onclick: () => send(button, click, label, onSaved) }, "Retry");
    replace(feedback, `${label}: not saved – ${result.error.message} `, retry);
    feedback.classList.add("bad");
  };
}

function show(feedback, text, bad = false) {
  replace(feedback, text);
  feedback.classList.toggle("bad", bad);
}

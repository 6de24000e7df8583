// The sidebar: asks the worker for everything about the tab's company in one round trip,
// sends the page for enrichment when the CRM does not know it yet, and polls until the
// crawl completes. Errors are states with an action (Retry, or a link to the options).
import { el, replace } from "./lib/dom.js";
import { errorState, idempotencyKey } from "./lib/format.js";
import { ask } from "./lib/protocol.js";
import { cadencePicker } from "./sidebar-cadence.js";
import { buildLogSection, logDial } from "./sidebar-log.js";
import {
  renderCadence, renderCompany, renderCrm, renderEngagement, renderPeople,
} from "./sidebar-sections.js";

const POLL_MS = 1500;
const MAX_POLLS = 40; // about a minute: the crawl has its own deadline well within that

const state = {
  data: null, enrichSent: false, htmlOmitted: false, polls: 0, timer: null, claimError: null, logBuilt: false,
  picker: null, // the open "Enroll in cadence…" picker, kept across re-renders
  pickerOpening: false, // its cadences are being fetched: another click opens no second one
};
const $ = (id) => document.getElementById(id);

async function load() {
  clearTimeout(state.timer);
  const result = await ask("sidebar.load");
  if (!result.ok) {
    showError(result.error);
    return;
  }
  state.data = result.data;
  render();
  await enrichWhenNeeded();
}

/** Unknown or never-enriched company: send the page once; a partial one: poll. */
async function enrichWhenNeeded() {
  const status = state.data.enrichment?.status;
  if (!state.enrichSent && (!state.data.company || !status)) {
    state.enrichSent = true;
    setStatus("Reading this site…");
    const sent = await ask("sidebar.enrich");
    if (!sent.ok) {
      setStatus(`Could not enrich this site: ${sent.error.message}`);
      if (!state.data.company) showError(sent.error);
      return;
    }
    state.htmlOmitted = sent.data.html_omitted === true;
    schedule(0);
    return;
  }
  if (status === "partial" && state.polls < MAX_POLLS) {
    state.polls += 1;
    schedule(POLL_MS);
    return;
  }
  setStatus(finalStatus(status));
}

/** What the rep should know once the crawl is over (or was never needed). */
function finalStatus(status) {
  if (state.htmlOmitted) {
    return status === "failed"
      ? "This page is too large to send (2 MB limit); showing what the CRM knows."
      : "This page is too large to send (2 MB limit), so only its address was sent; the rest came from the site's other pages.";
  }
  return status === "failed" ? "Could not read the rest of the site; showing what the page says." : "";
}

function schedule(delay) {
  state.timer = setTimeout(load, delay);
}

function render() {
  const data = state.data;
  replace($("error"));
  $("error").hidden = true;
  $("content").hidden = false;
  document.body.dataset.state = data.enrichment?.status === "partial" ? "partial" : data.company ? "loaded" : "unknown";
  $("company-name").textContent = data.company?.name || data.domain || "Sidekick";
  if (data.enrichment?.status === "partial") setStatus("Partial: still reading the site…");
  else if (!state.timer) setStatus("");
  renderCompany($("company"), data, { onDial: (phone) => logDial(data.company?.id, phone) });
  renderCrm($("crm"), data, { me: data.me, onClaim: claim, claimError: state.claimError });
  renderPeople($("people"), data, { onAdd: addContact });
  renderEngagement($("engagement"), data);
  renderCadence($("cadence"), data, { onPick: pickCadence });
  if (state.picker) $("cadence").append(state.picker);
  if (!state.logBuilt) {
    buildLogSection($("log"), () => state.data?.company?.id ?? null, reloadQuietly, signedOut);
    state.logBuilt = true;
  }
}

async function claim(event) {
  event.currentTarget.disabled = true;
  const result = await ask("company.claim", { company_id: state.data.company.id });
  if (!result.ok && signedOut(result.error)) return;
  state.claimError = result.ok ? null : result.error.message;
  if (!result.ok && result.error.kind !== "conflict") {
    render();
    return;
  }
  await reloadQuietly();
}

async function addContact(person, button) {
  button.disabled = true;
  button.textContent = "Adding…";
  const [first, ...rest] = person.name.split(/\s+/);
  const contact = {
    company_id: state.data.company.id, first_name: first, last_name: rest.join(" ") || null,
    title: person.title || null, email: person.email || null, phone: person.phone || null,
  };
  // One key per person, kept for "Retry add": if a reply was lost (the worker stopped), asking
  // again gets the first answer from the server instead of a second contact.
  person.idempotencyKey ||= idempotencyKey("contact");
  const result = await ask("contact.add", { contact, idempotency_key: person.idempotencyKey });
  if (!result.ok && signedOut(result.error)) return;
  if (!result.ok && result.error.kind !== "internal") {
    button.disabled = false;
    button.textContent = "Retry add";
    button.title = result.error.message;
    setStatus(`Could not add ${person.name}: ${result.error.message}`);
    return;
  }
  await reloadQuietly();
}

async function pickCadence() {
  if (state.picker?.dataset.ready || state.pickerOpening) return; // open already
  state.pickerOpening = true;
  state.picker?.remove();
  const contacts = (state.data.people || []).filter((p) => p.contact_id);
  state.picker = await cadencePicker(contacts, {
    onUnauthorized: signedOut,
    onEnrolled: async (text) => {
      state.picker?.remove();
      state.picker = null;
      await reloadQuietly();
      setStatus(text);
    },
  });
  state.pickerOpening = false;
  if (state.picker) $("cadence").append(state.picker);
}

/** A 401 anywhere: the token was revoked or expired, so every action would fail the same way. */
function signedOut(error) {
  if (error?.kind !== "unauthorized") return false;
  showError(error);
  return true;
}

/** Re-read the sidebar data without flashing the loading state. */
async function reloadQuietly() {
  const result = await ask("sidebar.load");
  if (result.ok) {
    state.data = result.data;
    render();
  } else {
    showError(result.error);
  }
}

function setStatus(text) {
  $("status").textContent = text;
}

function showError(error) {
  const view = errorState(error);
  setStatus("");
  $("content").hidden = true;
  document.body.dataset.state = "error";
  const retryButton = el("button", { type: "button", class: view.action === "retry" ? "primary" : null, id: "retry", onclick: retry }, "Retry");
  const action = view.action === "retry" ? [retryButton]
    : view.action === "options" // after fixing the options, Retry picks the new settings up
      ? [el("button", { type: "button", class: "primary", onclick: () => chrome.runtime.openOptionsPage() }, "Open Sidekick options"), " ", retryButton]
      : null;
  replace($("error"), el("div", { class: "error-box", "data-kind": error.kind },
    el("h2", {}, view.title), el("p", {}, view.detail), action));
  $("error").hidden = false;
}

function retry() {
  state.polls = 0;
  setStatus("Loading…");
  load();
}

$("close").addEventListener("click", () => ask("sidebar.close"));
load();

// The "Enroll in cadence…" picker. The sidebar keeps the element across its re-renders (the
// crawl's polls, the refresh after each logged activity), so a rep's choice is never wiped
// while they pick; an Enroll click is one request at a time and the server's refusal is shown.
import { el } from "./lib/dom.js";
import { ask } from "./lib/protocol.js";

/**
 * The picker for the company's contacts, or a one-line reason it cannot be used.
 * @param {Array<{contact_id: number, name: string}>} contacts the company's people in the CRM
 * @param {{onEnrolled: (text: string) => void, onUnauthorized: (error: object) => boolean}} hooks
 */
export async function cadencePicker(contacts, { onEnrolled, onUnauthorized }) {
  if (!contacts.length) return notice("Add someone here as a contact first, then enroll them.");
  const cadences = await ask("cadence.list");
  if (!cadences.ok) {
    return onUnauthorized(cadences.error) ? null : notice(`Cadences unavailable: ${cadences.error.message}`);
  }
  const items = cadences.data.items || [];
  if (!items.length) return notice("There is no cadence to enroll in yet.");
  const cadenceSelect = el("select", { "aria-label": "Cadence" },
    items.map((c) => el("option", { value: c.id }, c.name)));
  const contactSelect = el("select", { "aria-label": "Contact" },
    contacts.map((p) => el("option", { value: p.contact_id }, p.name)));
  const feedback = el("p", { class: "feedback", role: "status" });
  const enroll = el("button", { type: "button", class: "primary", onclick: async () => {
    enroll.disabled = true; // a double-click must not send a second, refused, request
    feedback.textContent = "Enrolling…";
    const [cadenceName, contactName] = [cadenceSelect, contactSelect].map((select) => select.selectedOptions[0]?.textContent);
    // Sent once: a resent enrollment would be refused as "already active" though it worked.
    const result = await ask("cadence.enroll", { cadence_id: cadenceSelect.value, contact_id: contactSelect.value }, 1);
    enroll.disabled = false;
    if (result.ok) {
      onEnrolled(`Enrolled ${contactName} in ${cadenceName}.`);
    } else if (result.error.kind === "internal") { // reply lost: the refreshed list tells
      onEnrolled("The extension did not answer; the list above shows whether the enrollment was made.");
    } else if (!onUnauthorized(result.error)) {
      feedback.textContent = result.error.message;
      feedback.classList.add("bad");
    }
  } }, "Enroll");
  return el("div", { class: "picker", id: "cadence-picker", dataset: { ready: "true" } },
    cadenceSelect, contactSelect, enroll, feedback);
}

function notice(text) {
  return el("p", { class: "feedback", role: "status", id: "cadence-picker" }, text);
}

// Pure formatting helpers shared by the sidebar and the popup (unit-tested with node:test).

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "27 Nov 2026" in the rep's locale; "" for no date. */
export function formatDate(iso, locale = undefined) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return "";
  return date.toLocaleDateString(locale, { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
}

/** "just now", "5 min ago", "3 h ago", "2 days ago", or the date beyond 30 days. */
export function timeAgo(iso, now = new Date()) {
  const date = iso ? new Date(iso) : null;
  if (!date || Number.isNaN(date.getTime())) return "";
  const age = now.getTime() - date.getTime();
  if (age < MINUTE) return "just now";
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  const days = Math.floor(age / DAY);
  if (days <= 30) return days === 1 ? "yesterday" : `${days} days ago`;
  return formatDate(iso);
}

/** The SLA countdown of a queue item: "due in 1 h 20 min", "overdue by 2 h", "". */
export function slaCountdown(deadlineIso, now = new Date()) {
  const deadline = deadlineIso ? new Date(deadlineIso) : null;
  if (!deadline || Number.isNaN(deadline.getTime())) return "";
  const left = deadline.getTime() - now.getTime();
  const span = duration(Math.abs(left));
  return left >= 0 ? `SLA in ${span}` : `SLA overdue by ${span}`;
}

function duration(ms) {
  if (ms < HOUR) return `${Math.max(1, Math.round(ms / MINUTE))} min`;
  if (ms < DAY) {
    const hours = Math.floor(ms / HOUR);
    const minutes = Math.round((ms - hours * HOUR) / MINUTE);
    return minutes ? `${hours} h ${minutes} min` : `${hours} h`;
  }
  return `${Math.round(ms / DAY)} d`;
}

/**
 * The CRM status line: "Yours since …", "Owned by … since … · last touch …" or "Unowned".
 * @param {object|null} crm the sidebar response's ``crm`` object
 * @param {object|null} me the current user ({id, name})
 */
export function ownershipLine(crm, me, now = new Date()) {
  if (!crm || !crm.owner) return "Unowned";
  const since = formatDate(crm.owned_since);
  const touch = crm.last_activity ? ` · last touch ${timeAgo(crm.last_activity.occurred_at, now)}` : "";
  if (me && crm.owner.id === me.id) return `Yours since ${since}${touch}`;
  return `Owned by ${crm.owner.name} since ${since}${touch}`;
}

/** "51-200 employees (mid)" or the tier alone or "". */
export function sizeLabel(company) {
  if (!company) return "";
  const count = company.employees ? `${company.employees.toLocaleString("en")} employees`
    : company.employee_range ? `${company.employee_range} employees` : "";
  if (count && company.size_tier) return `${count} (${company.size_tier})`;
  return count || (company.size_tier ? `${company.size_tier} company` : "");
}

/** "Wellington, New Zealand" from whichever address parts are known. */
export function locationLine(company) {
  if (!company) return "";
  return [company.city, company.region, company.country].filter(Boolean).join(", ");
}

/** Only http(s) links are shown as links; anything else (javascript:, data:) is not a link. */
export function safeHttpUrl(value) {
  try {
    const url = new URL(String(value));
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}

/** A tel: href from a phone number, keeping only + and digits. */
export function telHref(phone) {
  const digits = String(phone || "").replace(/[^\d+]/g, "");
  return digits.replace(/\+/g, "").length >= 3 ? `tel:${digits}` : null;
}

/** A fresh idempotency key for one click (retries of that click reuse it). */
export function idempotencyKey(prefix = "ext") {
  const random = globalThis.crypto?.randomUUID ? globalThis.crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `${prefix}-${random}`;
}

/** What the rep sees for an error value: a title, a sentence and the action to offer. */
export function errorState(error) {
  const kind = error && error.kind;
  const message = (error && error.message) || "Something went wrong.";
  switch (kind) {
    case "unconfigured":
      return { title: "Sidekick is not set up", detail: message, action: "options" };
    case "unreachable":
      return { title: "Server unreachable", detail: message, action: "retry" };
    case "timeout":
      return { title: "The server took too long", detail: message, action: "retry" };
    case "unauthorized":
      return { title: "Your API token was refused", detail: message, action: "options" };
    case "permission":
      return { title: "Sidekick may not reach the server", detail: message, action: "options" };
    case "forbidden":
      return { title: "Not allowed", detail: message, action: null };
    case "too_large":
      return { title: "This page is too large to send", detail: message, action: null };
    case "unsupported":
      return { title: "Sidekick does not work on this page", detail: message, action: null };
    default:
      return { title: "Something went wrong", detail: message, action: "retry" };
  }
}

/** Qualification notes (GPCT and BANT) as one note text; "" when every field is empty. */
export function qualificationNote(fields) {
  const lines = Object.entries(QUALIFICATION_FIELDS)
    .filter(([name]) => fields[name] && String(fields[name]).trim())
    .map(([name, label]) => `${label}: ${String(fields[name]).trim()}`);
  return lines.length ? `Qualification (GPCT/BANT)\n${lines.join("\n")}` : "";
}

export const QUALIFICATION_FIELDS = Object.freeze({
  goals: "Goals", plans: "Plans", challenges: "Challenges", timeline: "Timeline",
  budget: "Budget", authority: "Authority", need: "Need",
});

/** The one-click logging buttons: label -> the activity they log. */
export const LOG_ACTIONS = Object.freeze([
  { label: "Call – connected", type: "connect", outcome: "connected" },
  { label: "Call – voicemail", type: "voicemail", outcome: "voicemail" },
  { label: "Call – no answer", type: "call", outcome: "no_answer" },
  { label: "Email sent", type: "email", outcome: "sent" },
  { label: "Meeting booked", type: "meeting", outcome: "meeting_booked" },
]);

/** Whether the sidebar may run on a page: http(s) and not on the never-touch list. */
export function mayTouch(pageUrl, neverTouch) {
  let url;
  try {
    url = new URL(pageUrl);
  } catch {
    return false;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return false;
  const host = url.hostname.toLowerCase();
  return !neverTouch.some((domain) => host === domain || host.endsWith(`.${domain}`));
}

export const MAX_HTML_BYTES = 2 * 1024 * 1024;

/** The page HTML to send for enrichment, or null when over the 2 MB cap. */
export function htmlForEnrichment(html) {
  const bytes = new TextEncoder().encode(html).length;
  return bytes <= MAX_HTML_BYTES ? html : null;
}

/**
 * The /enrich request for a page: with its HTML only while the whole JSON request stays within
 * the 2 MB cap (JSON escaping can double a page's size), else the address alone.
 * @param {string} url
 * @param {string|null|undefined} html null when the page was already too large to capture
 * @returns {{request: object, omitted: boolean}} omitted: the page's HTML was left out for size
 */
export function enrichmentRequest(url, html) {
  if (typeof html === "string") {
    const request = { url, html };
    if (new TextEncoder().encode(JSON.stringify(request)).length <= MAX_HTML_BYTES) return { request, omitted: false };
  }
  return { request: { url }, omitted: html !== undefined };
}

/** The queue items of a response ({items: [...]} or a bare list). */
export function queueItems(data) {
  return Array.isArray(data) ? data : Array.isArray(data?.items) ? data.items : [];
}

// The message protocol between extension pages, the content script and the worker.
// Every request is {name, payload}; every reply is {ok: true, data} or {ok: false, error}.
// An error is a value the UI can act on: {kind, status, message, code, extra}.

/** The messages the worker answers (see background.js for the handlers). */
export const WORKER_MESSAGES = Object.freeze([
  "connection.test",    // options: is the server reachable and the token good?
  "settings.permission", // options: does the worker hold host permission for the server?
  "page.hello",         // content: should the sidebar open by itself on this page?
  "sidebar.load",       // sidebar: everything for the company of its tab
  "sidebar.enrich",     // sidebar: send the tab's HTML for enrichment
  "sidebar.close",      // sidebar: close itself
  "company.claim",
  "contact.add",
  "activity.log",
  "cadence.list",
  "cadence.enroll",
  "queue.list",         // popup
  "queue.snooze",
  "queue.complete",
  "queue.open",         // popup: open a company's site with the sidebar open
  "sidebar.toggle.active", // popup: open the sidebar on the current tab
]);

/** The messages the content script answers (sent by the worker to one tab). */
export const CONTENT_MESSAGES = Object.freeze(["sidebar.toggle", "sidebar.open", "sidebar.close", "page.capture"]);

export const ERROR_KINDS = Object.freeze([
  "unconfigured", "unreachable", "timeout", "unauthorized", "forbidden", "not_found",
  "conflict", "too_large", "invalid", "server", "permission", "unsupported", "internal",
]);

export function reply(data) {
  return { ok: true, data };
}

export function failure(kind, message, extra = {}) {
  if (!ERROR_KINDS.includes(kind)) kind = "internal";
  return { ok: false, error: { kind, message: String(message), status: null, code: null, ...extra } };
}

/** Check a request's shape; returns an error reply or null when it may be handled. */
export function checkRequest(message, known = WORKER_MESSAGES) {
  if (!message || typeof message !== "object" || typeof message.name !== "string") {
    return failure("invalid", "A message needs a name.");
  }
  if (!known.includes(message.name)) return failure("invalid", `Unknown message ${message.name}.`);
  if (message.payload !== undefined && (typeof message.payload !== "object" || message.payload === null)) {
    return failure("invalid", "A message payload must be an object.");
  }
  return null;
}

/** The reply as a value; a missing reply (worker gone) becomes an "internal" error. */
export function unwrap(response) {
  if (response && typeof response === "object" && typeof response.ok === "boolean") return response;
  return failure("internal", "The extension did not answer; reload the page and try again.");
}

/**
 * Ask the worker; never throws. Chrome may stop the worker while a request is in flight (the
 * reply is then lost), so a request without a reply is sent once more: reads, and writes carrying
 * an idempotency key, are safe to repeat. Other writes (contact.add, cadence.enroll) pass
 * ``attempts = 1`` and refresh to learn whether they landed.
 */
export async function ask(name, payload = {}, attempts = 2) {
  let last = null;
  for (let attempt = 1; attempt <= attempts; attempt += 1) {
    try {
      const response = await chrome.runtime.sendMessage({ name, payload });
      if (response !== undefined) return unwrap(response);
      last = unwrap(response);
    } catch (error) {
      last = failure("internal", `The extension did not answer (${error.message}).`);
    }
  }
  return last;
}

/** Map an HTTP status and our JSON error envelope to an error value. */
export function errorFromResponse(status, body) {
  const envelope = body && typeof body === "object" && body.error ? body.error : {};
  const kind = status === 401 ? "unauthorized"
    : status === 403 ? "forbidden"
      : status === 404 ? "not_found"
        : status === 409 ? "conflict"
          : status === 413 ? "too_large"
            : status === 422 || status === 400 || status === 415 ? "invalid"
              : "server";
  const message = typeof envelope.message === "string" && envelope.message
    ? envelope.message : `The server answered ${status}.`;
  const { code = null, fields = null, message: _m, ...extra } = envelope;
  return { ok: false, error: { kind, status, message, code, fields, extra } };
}

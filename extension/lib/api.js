// The single API client. Imported by the service worker only: it reads the token.
import { errorFromResponse, failure, reply } from "./protocol.js";
import { loadSettings, originPattern } from "./storage.js";

const TIMEOUT_MS = 15_000;

/**
 * Call the API and return a reply value ({ok, data} or {ok: false, error}); never throws.
 * @param {string} method
 * @param {string} path under /api/v1, e.g. "/sidebar"
 * @param {{query?: object, body?: object, settings?: object, timeoutMs?: number,
 *          idempotencyKey?: string}} options  idempotencyKey: the same one again replays the answer
 */
export async function apiRequest(method, path, options = {}) {
  const settings = options.settings || await loadSettings();
  if (!settings.apiToken) {
    return failure("unconfigured", "Set the server URL and your API token in Sidekick's options.");
  }
  const url = new URL(`${settings.serverUrl}/api/v1${path}`);
  for (const [name, value] of Object.entries(options.query || {})) {
    if (value !== undefined && value !== null) url.searchParams.set(name, String(value));
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs || TIMEOUT_MS);
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: {
        Authorization: `Bearer ${settings.apiToken}`,
        Accept: "application/json",
        ...(options.body ? { "Content-Type": "application/json" } : {}),
        ...(options.idempotencyKey ? { "Idempotency-Key": options.idempotencyKey } : {}),
      },
      body: options.body ? JSON.stringify(options.body) : undefined,
      signal: controller.signal,
      credentials: "omit",
      cache: "no-store",
    });
  } catch (error) {
    if (controller.signal.aborted) {
      return failure("timeout", `No answer from ${settings.serverUrl} within ${Math.round((options.timeoutMs || TIMEOUT_MS) / 1000)} s.`);
    }
    if (!(await hasServerPermission(settings.serverUrl))) {
      return failure("permission", `Sidekick has no permission to reach ${settings.serverUrl}: open the options and save to grant it.`);
    }
    return failure("unreachable", `Cannot reach the Sidekick server at ${settings.serverUrl}. Is it running, and is the URL right?`);
  } finally {
    clearTimeout(timer);
  }
  return readResponse(response, settings.serverUrl);
}

async function readResponse(response, serverUrl) {
  let body = null;
  const type = response.headers.get("Content-Type") || "";
  if (type.includes("application/json")) {
    try {
      body = await response.json();
    } catch {
      body = null;
    }
  }
  if (response.ok) {
    if (response.status !== 204 && body === null) {
      return failure("unreachable", `${serverUrl} answered, but not like a Sidekick server: check the URL.`, { status: response.status });
    }
    return reply(body);
  }
  if (body === null && response.status === 404) {
    return failure("not_found", `${serverUrl} is not a Sidekick server (no API at /api/v1): check the URL.`, { status: 404, code: "wrong_url" });
  }
  return errorFromResponse(response.status, body);
}

export async function hasServerPermission(serverUrl) {
  try {
    return await chrome.permissions.contains({ origins: [originPattern(serverUrl)] });
  } catch {
    return false;
  }
}

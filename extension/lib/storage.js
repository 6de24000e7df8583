// The one place settings live: typed defaults, reading, saving and migrations.
// Only extension contexts (worker, options, popup, sidebar) may import this; the token is
// read by the worker alone (see background.js), other pages only write or show "set".
import { PRESET } from "../config.js";

export const SCHEMA_VERSION = 1;

// Webmail, social networks and intranets: never offer the sidebar there.
export const NEVER_TOUCH_DEFAULTS = [
  "mail.google.com", "outlook.live.com", "outlook.office.com", "mail.yahoo.com",
  "linkedin.com", "facebook.com", "twitter.com", "x.com", "instagram.com",
  "youtube.com", "reddit.com", "localhost", "127.0.0.1",
];

export const DEFAULTS = Object.freeze({
  schemaVersion: SCHEMA_VERSION,
  serverUrl: PRESET.serverUrl || "http://127.0.0.1:5000",
  apiToken: "",
  autoOpen: false,
  neverTouch: NEVER_TOUCH_DEFAULTS,
});

// version -> function(settings) returning the settings of the next version.
const MIGRATIONS = {};

/** The settings with defaults filled in, migrated to the current schema. */
export async function loadSettings(area = chrome.storage.local) {
  const stored = await area.get(null);
  let settings = { ...DEFAULTS, ...stored };
  for (let v = stored.schemaVersion || SCHEMA_VERSION; v < SCHEMA_VERSION; v += 1) {
    settings = MIGRATIONS[v](settings);
  }
  return coerce(settings);
}

/** Save some settings after checking their types. */
export async function saveSettings(changes, area = chrome.storage.local) {
  const clean = coerce({ ...DEFAULTS, ...changes });
  const picked = {};
  for (const name of Object.keys(changes)) picked[name] = clean[name];
  await area.set({ ...picked, schemaVersion: SCHEMA_VERSION });
  return picked;
}

/** Coerce each setting to its default's type, so bad values never reach the API client. */
export function coerce(settings) {
  return {
    schemaVersion: SCHEMA_VERSION,
    serverUrl: normalizeServerUrl(settings.serverUrl) || DEFAULTS.serverUrl,
    apiToken: String(settings.apiToken || "").trim(),
    autoOpen: settings.autoOpen === true,
    neverTouch: Array.isArray(settings.neverTouch)
      ? settings.neverTouch.map((d) => String(d).trim().toLowerCase()).filter(Boolean)
      : [...NEVER_TOUCH_DEFAULTS],
  };
}

/** "https://crm.acme.com/" -> "https://crm.acme.com"; "" for anything not http(s). */
export function normalizeServerUrl(value) {
  try {
    const url = new URL(String(value || "").trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return "";
    return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  } catch {
    return "";
  }
}

/** The origin pattern the worker needs permission for to reach ``serverUrl``. */
export function originPattern(serverUrl) {
  const url = new URL(serverUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

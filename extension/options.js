// Options: server URL, API token, automatic look-up and the never-touch list.
// The token is written here but only the worker reads it back; this page shows "set" only.
import { ask } from "./lib/protocol.js";
import { loadSettings, normalizeServerUrl, originPattern, saveSettings } from "./lib/storage.js";

const $ = (id) => document.getElementById(id);
let shown = null; // the settings as last shown, so a click handler can compare without waiting

async function show() {
  const settings = await loadSettings();
  shown = settings;
  $("server-url").value = settings.serverUrl;
  $("api-token").value = "";
  $("token-state").textContent = settings.apiToken
    ? "A token is saved. Leave the field empty to keep it." : "No token saved yet.";
  $("auto-open").checked = settings.autoOpen;
  $("never-touch").value = settings.neverTouch.join("\n");
}

function report(text, ok) {
  $("result").textContent = text;
  $("result").className = ok ? "ok" : "bad";
}

async function save() {
  const serverUrl = normalizeServerUrl($("server-url").value);
  if (!serverUrl) {
    report("The server URL must start with http:// or https://.", false);
    return false;
  }
  // Self-hosted servers beyond the manifest's hosts need a runtime grant. Ask before any await
  // (the prompt needs this click's user gesture) and save while the rep answers the prompt.
  const origin = originPattern(serverUrl);
  let answered = false;
  const asked = chrome.permissions.request({ origins: [origin] }).catch(() => false)
    .finally(() => { answered = true; });
  const changes = {
    serverUrl,
    autoOpen: $("auto-open").checked,
    neverTouch: $("never-touch").value.split(/\s+/).filter(Boolean),
  };
  const token = $("api-token").value.trim();
  if (token) changes.apiToken = token;
  await saveSettings(changes);
  await show();
  if (!answered) report(`Saved. Allow Sidekick to reach ${origin} in the browser's prompt.`, true);
  const granted = await asked;
  if (!granted) {
    report(`Saved, but Sidekick may not reach ${serverUrl} until you allow it.`, false);
    return false;
  }
  report("Saved.", true);
  return true;
}

async function testConnection() {
  report("Testing…", true);
  const result = await ask("connection.test");
  if (result.ok) {
    report(`Connected to ${(await loadSettings()).serverUrl} as ${result.data.name} (${result.data.role}).`, true);
    return;
  }
  const { kind, message } = result.error;
  const prefix = {
    unauthorized: "Bad token (401):", unreachable: "Server unreachable:", timeout: "Server unreachable:",
    not_found: "Wrong URL:", unconfigured: "Not set up:", permission: "No permission:",
  }[kind] || "Failed:";
  report(`${prefix} ${message}`, false);
}

$("settings").addEventListener("submit", (event) => {
  event.preventDefault();
  save();
});
$("test-connection").addEventListener("click", async () => {
  const changed = $("api-token").value.trim() || normalizeServerUrl($("server-url").value) !== shown?.serverUrl;
  if (changed) await save(); // no await before it: the permission prompt needs this click
  testConnection();
});
show();

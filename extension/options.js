// Options: server URL, API token, automatic look-up and the never-touch list.
// The token is written here but only the worker reads it back; this page shows "set" only.
import { ask } from "./lib/protocol.js";
import { loadSettings, normalizeServerUrl, originPattern, saveSettings } from "./lib/storage.js";

const $ = (id) => document.getElementById(id);

async function show() {
  const settings = await loadSettings();
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
  // Self-hosted servers beyond the manifest's hosts need a runtime grant (needs this click).
  const granted = await chrome.permissions.request({ origins: [originPattern(serverUrl)] }).catch(() => false);
  const changes = {
    serverUrl,
    autoOpen: $("auto-open").checked,
    neverTouch: $("never-touch").value.split(/\s+/).filter(Boolean),
  };
  const token = $("api-token").value.trim();
  if (token) changes.apiToken = token;
  await saveSettings(changes);
  await show();
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
  if ($("api-token").value.trim() || $("server-url").value !== (await loadSettings()).serverUrl) await save();
  testConnection();
});
show();

// Unit tests of the message protocol and the settings' typed defaults (node --test).
import assert from "node:assert/strict";
import { test } from "node:test";

import { checkRequest, errorFromResponse, failure, reply, unwrap, WORKER_MESSAGES } from "../../../extension/lib/protocol.js";
import { DEFAULTS, coerce, loadSettings, normalizeServerUrl, originPattern, saveSettings } from "../../../extension/lib/storage.js";

test("requests need a known name and an object payload", () => {
  assert.equal(checkRequest({ name: "sidebar.load" }), null);
  assert.equal(checkRequest({ name: "sidebar.load", payload: {} }), null);
  assert.equal(checkRequest({ name: "steal.token" }).error.kind, "invalid");
  assert.equal(checkRequest("sidebar.load").error.kind, "invalid");
  assert.equal(checkRequest({ name: "activity.log", payload: "x" }).error.kind, "invalid");
  assert.ok(!WORKER_MESSAGES.some((name) => /token/i.test(name)), "no message hands out the token");
});

test("replies and failures have one shape", () => {
  assert.deepEqual(reply({ a: 1 }), { ok: true, data: { a: 1 } });
  assert.equal(failure("nonsense", "x").error.kind, "internal");
  assert.equal(unwrap(undefined).error.kind, "internal");
  assert.deepEqual(unwrap(reply(1)), reply(1));
});

test("HTTP errors map to kinds and keep the server's sentence and extras", () => {
  const conflict = errorFromResponse(409, { error: { code: "already_owned", message: "Already owned by Ann.", fields: {}, owner: { id: 2 } } });
  assert.equal(conflict.error.kind, "conflict");
  assert.equal(conflict.error.message, "Already owned by Ann.");
  assert.deepEqual(conflict.error.extra, { owner: { id: 2 } });
  assert.equal(errorFromResponse(401, null).error.kind, "unauthorized");
  assert.equal(errorFromResponse(413, null).error.kind, "too_large");
  assert.equal(errorFromResponse(502, "html").error.message, "The server answered 502.");
});

test("settings are coerced to their defaults' types", () => {
  const settings = coerce({ serverUrl: "javascript:alert(1)", apiToken: "  t  ", autoOpen: "yes", neverTouch: "x" });
  assert.equal(settings.serverUrl, DEFAULTS.serverUrl);
  assert.equal(settings.apiToken, "t");
  assert.equal(settings.autoOpen, false);
  assert.deepEqual(settings.neverTouch, DEFAULTS.neverTouch);
  assert.equal(normalizeServerUrl("https://crm.acme.com/sidekick/"), "https://crm.acme.com/sidekick");
  assert.equal(originPattern("http://127.0.0.1:5000"), "http://127.0.0.1/*");
});

test("load and save through a storage area", async () => {
  const stored = {};
  const area = { get: async () => ({ ...stored }), set: async (values) => Object.assign(stored, values) };
  assert.equal((await loadSettings(area)).autoOpen, false);
  await saveSettings({ autoOpen: true, apiToken: "abc" }, area);
  assert.deepEqual(stored, { autoOpen: true, apiToken: "abc", schemaVersion: 1 });
  const loaded = await loadSettings(area);
  assert.equal(loaded.autoOpen, true);
  assert.equal(loaded.serverUrl, "http://127.0.0.1:5000");
});

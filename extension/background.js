// The service worker: the only API client and the only reader of the token.
// It is a table of named messages; nothing here may live only in memory (Chrome stops
// the worker at any moment), so per-tab state goes to chrome.storage.session.
import { apiRequest, hasServerPermission } from "./lib/api.js";
import { enrichmentRequest, mayTouch } from "./lib/format.js";
import { checkRequest, failure, reply } from "./lib/protocol.js";
import { loadSettings } from "./lib/storage.js";

const PENDING_OPEN_TTL_MS = 60_000;

// Who may send what: extension pages (sidebar, popup, options) or content scripts.
const FROM_PAGE = "extension";
const FROM_CONTENT = "content";

const HANDLERS = {
  "connection.test": [FROM_PAGE, testConnection],
  "settings.permission": [FROM_PAGE, async () => reply({ granted: await hasServerPermission((await loadSettings()).serverUrl) })],
  "page.hello": [FROM_CONTENT, pageHello],
  "sidebar.load": [FROM_PAGE, async (payload, sender) => loadSidebar(sender)],
  "sidebar.enrich": [FROM_PAGE, async (payload, sender) => enrichTab(sender)],
  "sidebar.close": [FROM_PAGE, async (payload, sender) => tellTab(sender.tab?.id, "sidebar.close")],
  "company.claim": [FROM_PAGE, ({ company_id }) => apiRequest("POST", `/companies/${int(company_id)}/claim`)],
  "contact.add": [FROM_PAGE, ({ contact, idempotency_key }) => apiRequest("POST", "/contacts", {
    body: contact, idempotencyKey: typeof idempotency_key === "string" ? idempotency_key : undefined,
  })],
  "activity.log": [FROM_PAGE, ({ activity }) => apiRequest("POST", "/activities", { body: { ...activity, source: "extension" } })],
  "cadence.list": [FROM_PAGE, () => apiRequest("GET", "/cadences", { query: { limit: 100 } })],
  "cadence.enroll": [FROM_PAGE, ({ cadence_id, contact_id }) => apiRequest("POST", `/cadences/${int(cadence_id)}/enrollments`, { body: { contact_id: int(contact_id) } })],
  "queue.list": [FROM_PAGE, ({ date }) => apiRequest("GET", "/queue", { query: { date } })], // date: default today for the rep
  "queue.snooze": [FROM_PAGE, ({ item_id }) => apiRequest("POST", `/queue/${encodeURIComponent(item_id)}/snooze`, { body: {} })],
  "queue.complete": [FROM_PAGE, completeQueueItem],
  "queue.open": [FROM_PAGE, openWithSidebar],
  "sidebar.toggle.active": [FROM_PAGE, toggleActiveTab],
};

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  handle(message, sender).then(sendResponse, (error) => sendResponse(failure("internal", error.message)));
  return true; // the reply is asynchronous
});

chrome.commands.onCommand.addListener((command) => {
  if (command === "toggle-sidebar") toggleActiveTab();
});

async function handle(message, sender) {
  const invalid = checkRequest(message);
  if (invalid) return invalid;
  const [allowedFrom, handler] = HANDLERS[message.name];
  if (senderKind(sender) !== allowedFrom) return failure("forbidden", `${message.name} may not be sent from here.`);
  return handler(message.payload || {}, sender);
}

function senderKind(sender) {
  // Content scripts send with their page's URL; our own pages (also the sidebar, whose URL
  // may carry the dynamic id of use_dynamic_url) with a chrome-extension: URL.
  if (sender.id !== chrome.runtime.id) return "other";
  return String(sender.url || "").startsWith("chrome-extension://") ? FROM_PAGE : FROM_CONTENT;
}

function int(value) {
  const number = Number.parseInt(value, 10);
  if (!Number.isSafeInteger(number) || number <= 0) throw new Error("Expected a record id.");
  return number;
}

async function testConnection() {
  const result = await apiRequest("GET", "/me", { timeoutMs: 8_000 });
  return result;
}

async function pageHello({ url }, sender) {
  const settings = await loadSettings();
  const touch = mayTouch(url, settings.neverTouch);
  if (!touch) return reply({ touch: false, open: false });
  const pending = await takePendingOpen(url);
  return reply({ touch: true, open: pending || (settings.autoOpen && Boolean(settings.apiToken)) });
}

/** Ask the content script of the sidebar's tab for the page (URL, and HTML when asked). */
async function describeTab(sender, withHtml) {
  const tabId = sender.tab?.id;
  if (tabId === undefined) return failure("unsupported", "The sidebar is not inside a tab.");
  try {
    const page = await chrome.tabs.sendMessage(tabId, { name: "page.capture", payload: { html: withHtml } }, { frameId: 0 });
    if (!page || !page.url) return failure("unsupported", "Sidekick cannot read this page.");
    return reply(page);
  } catch (error) {
    return failure("unsupported", "Reload the page: Sidekick was updated since it was opened.");
  }
}

async function loadSidebar(sender) {
  const page = await describeTab(sender, false);
  if (!page.ok) return page;
  const settings = await loadSettings();
  if (!mayTouch(page.data.url, settings.neverTouch)) {
    return failure("unsupported", "This site is on your never-touch list.");
  }
  const result = await apiRequest("GET", "/sidebar", { query: { url: page.data.url }, settings });
  return result.ok ? reply({ ...result.data, page_url: page.data.url }) : result;
}

async function enrichTab(sender) {
  const page = await describeTab(sender, true);
  if (!page.ok) return page;
  const { url, html } = page.data;
  if (!/^https?:/.test(url)) return failure("unsupported", "Only http(s) pages are enriched.");
  const { request, omitted } = enrichmentRequest(url, html); // never more than 2 MB on the wire
  const result = await apiRequest("POST", "/enrich", { body: request, timeoutMs: 30_000 });
  return result.ok ? reply({ ...result.data, html_omitted: omitted }) : result;
}

async function tellTab(tabId, name, payload = {}) {
  if (tabId === undefined) return failure("unsupported", "No tab to talk to.");
  try {
    await chrome.tabs.sendMessage(tabId, { name, payload }, { frameId: 0 });
    return reply({});
  } catch {
    return failure("unsupported", "Sidekick does not run on this page (reload it, or it is not a website).");
  }
}

async function toggleActiveTab() {
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  return tellTab(tab?.id, "sidebar.toggle");
}

/** The popup opens a company's site; its content script then opens the sidebar. */
async function openWithSidebar({ url }) {
  if (!/^https?:\/\//.test(String(url))) return failure("invalid", "Not a website address.");
  await chrome.storage.session.set({ [pendingKey(url)]: Date.now() });
  const tab = await chrome.tabs.create({ url });
  return reply({ tab_id: tab.id });
}

function pendingKey(url) {
  const host = new URL(url).hostname.replace(/^www\./, "");
  return `open:${host}`;
}

async function takePendingOpen(url) {
  const key = pendingKey(url);
  const stored = await chrome.storage.session.get(key);
  if (!stored[key]) return false;
  await chrome.storage.session.remove(key);
  return Date.now() - stored[key] < PENDING_OPEN_TTL_MS;
}

/** Complete a queue item: a cadence task through its endpoint, anything else by logging a call. */
async function completeQueueItem({ item, outcome, idempotency_key }) {
  if (item.task_id) {
    return apiRequest("POST", `/tasks/${int(item.task_id)}/complete`, { body: { outcome, idempotency_key } });
  }
  const activity = {
    type: outcome === "connected" ? "connect" : "call", outcome, idempotency_key,
    contact_id: item.contact?.id ?? null, company_id: item.company?.id ?? null, source: "extension",
  };
  return apiRequest("POST", "/activities", { body: activity });
}

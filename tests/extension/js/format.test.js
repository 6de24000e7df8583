// Unit tests of the pure helpers the sidebar and popup render with (node --test).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  LOG_ACTIONS, enrichmentRequest, errorState, htmlForEnrichment, idempotencyKey, locationLine, mayTouch,
  ownershipLine, qualificationNote, queueItems, safeHttpUrl, sizeLabel, slaCountdown, telHref, timeAgo,
} from "../../../extension/lib/format.js";

const NOW = new Date("2026-11-27T12:00:00Z");

test("ownership line: unowned, yours, someone else's with the last touch", () => {
  assert.equal(ownershipLine(null, { id: 1 }), "Unowned");
  assert.equal(ownershipLine({ owner: null }, { id: 1 }), "Unowned");
  const crm = { owner: { id: 7, name: "Olive" }, owned_since: "2026-01-05T09:00:00Z" };
  assert.match(ownershipLine(crm, { id: 7 }, NOW), /^Yours since .*2026$/);
  const touched = { ...crm, last_activity: { occurred_at: "2026-11-27T09:00:00Z" } };
  assert.match(ownershipLine(touched, { id: 1 }, NOW), /^Owned by Olive since .* · last touch 3 h ago$/);
});

test("time ago and SLA countdowns", () => {
  assert.equal(timeAgo("2026-11-27T11:59:30Z", NOW), "just now");
  assert.equal(timeAgo("2026-11-27T11:15:00Z", NOW), "45 min ago");
  assert.equal(timeAgo("2026-11-26T11:00:00Z", NOW), "yesterday");
  assert.equal(timeAgo("not a date", NOW), "");
  assert.equal(slaCountdown("2026-11-27T13:20:00Z", NOW), "SLA in 1 h 20 min");
  assert.equal(slaCountdown("2026-11-27T10:00:00Z", NOW), "SLA overdue by 2 h");
  assert.equal(slaCountdown(null, NOW), "");
});

test("size and location labels use what is known", () => {
  assert.equal(sizeLabel({ employees: 1500, size_tier: "enterprise" }), "1,500 employees (enterprise)");
  assert.equal(sizeLabel({ employee_range: "11-50" }), "11-50 employees");
  assert.equal(sizeLabel({}), "");
  assert.equal(locationLine({ city: "Wellington", country: "NZ" }), "Wellington, NZ");
});

test("only http(s) links become links; tel: keeps digits and plus", () => {
  assert.equal(safeHttpUrl("javascript:alert(1)"), null);
  assert.equal(safeHttpUrl("data:text/html,x"), null);
  assert.equal(safeHttpUrl("https://x.com/evil"), "https://x.com/evil");
  assert.equal(telHref("+1 (415) 555-0100"), "tel:+14155550100");
  assert.equal(telHref("call us"), null);
});

test("each click gets its own idempotency key", () => {
  const keys = new Set(Array.from({ length: 100 }, () => idempotencyKey()));
  assert.equal(keys.size, 100);
  assert.ok([...keys].every((key) => key.length <= 100));
});

test("log buttons carry their action in their name", () => {
  assert.ok(LOG_ACTIONS.some((a) => a.label === "Call – no answer" && a.outcome === "no_answer"));
});

test("errors become states with an action", () => {
  assert.equal(errorState({ kind: "unreachable", message: "down" }).action, "retry");
  assert.equal(errorState({ kind: "unauthorized", message: "bad" }).action, "options");
  assert.equal(errorState({ kind: "forbidden", message: "no" }).action, null);
  assert.equal(errorState(undefined).title, "Something went wrong");
});

test("never-touch list and http(s) only", () => {
  const never = ["linkedin.com", "mail.google.com"];
  assert.equal(mayTouch("https://www.linkedin.com/in/x", never), false);
  assert.equal(mayTouch("https://mail.google.com/mail/u/0", never), false);
  assert.equal(mayTouch("https://notlinkedin.com/", never), true);
  assert.equal(mayTouch("file:///etc/passwd", never), false);
  assert.equal(mayTouch("chrome://settings", never), false);
});

test("page HTML over 2 MB is not sent", () => {
  assert.equal(htmlForEnrichment("<p>hi</p>"), "<p>hi</p>");
  assert.equal(htmlForEnrichment("é".repeat(1024 * 1024 + 1)), null); // 2 bytes each in UTF-8
});

test("the enrich request carries the HTML only while the whole JSON stays within 2 MB", () => {
  const url = "https://acme.test/";
  assert.deepEqual(enrichmentRequest(url, "<p>hi</p>"), { request: { url, html: "<p>hi</p>" }, omitted: false });
  assert.deepEqual(enrichmentRequest(url, undefined), { request: { url }, omitted: false }); // not captured
  assert.deepEqual(enrichmentRequest(url, null), { request: { url }, omitted: true }); // over 2 MB already
  const quotes = '"'.repeat(1024 * 1024 + 10); // 1 MB of HTML, 2 MB once JSON escapes each quote
  assert.deepEqual(enrichmentRequest(url, quotes), { request: { url }, omitted: true });
});

test("qualification notes list only what was filled in", () => {
  assert.equal(qualificationNote({}), "");
  assert.equal(qualificationNote({ goals: " Grow 20% ", budget: "50k" }),
    "Qualification (GPCT/BANT)\nGoals: Grow 20%\nBudget: 50k");
});

test("queue items from either response shape", () => {
  assert.deepEqual(queueItems({ items: [1, 2] }), [1, 2]);
  assert.deepEqual(queueItems([3]), [3]);
  assert.deepEqual(queueItems(null), []);
});

/* Sidekick website tracking: page views and forms on your own marketing site.
 * <script src="https://SIDEKICK/t/site.js" data-site-key="KEY" async></script>
 * A first-party visitor id lives in localStorage (no cookies); Do Not Track is honoured. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || navigator.doNotTrack === "1" || window.doNotTrack === "1") return;
  var key = script.getAttribute("data-site-key");
  var endpoint = new URL("/t/v", script.src).href;
  var store = window.localStorage;
  var vid = store.getItem("sk_vid");
  if (!vid) {
    // getRandomValues, unlike randomUUID, also exists on plain-http pages.
    vid = Array.from(crypto.getRandomValues(new Uint8Array(16)), function (b) { return (b + 256).toString(16).slice(1); }).join("");
    store.setItem("sk_vid", vid);
  }
  function send(body) {
    body.k = key; body.v = vid; body.n = Date.now().toString(36) + Math.random().toString(36).slice(2, 8);
    var text = JSON.stringify(body);
    if (navigator.sendBeacon) navigator.sendBeacon(endpoint, text);
    else fetch(endpoint, { method: "POST", body: text, keepalive: true, credentials: "omit" });
  }
  var url = new URL(window.location.href);
  var identity = url.searchParams.get("sk_id");
  if (identity) {
    url.searchParams.delete("sk_id");
    window.history.replaceState(null, "", url.pathname + url.search + url.hash);
  }
  send({ f: "view", p: url.pathname, t: document.title.slice(0, 200), r: document.referrer.slice(0, 500), i: identity || undefined });
  document.addEventListener("submit", function (event) {
    var field = event.target && event.target.querySelector && event.target.querySelector("input[type=email]");
    if (field && field.value) send({ f: "form", p: window.location.pathname, e: field.value.slice(0, 320) });
  }, true);
})();

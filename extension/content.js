// Content script: a slim tab at the page edge and the sidebar iframe. It holds no data and
// never talks to the API; the sidebar is an extension page (sidebar.html) in an iframe so
// the prospect's page can neither style it, read it, nor see the keys typed into it.
(() => {
  const FRAME_ID = "sidekick-sidebar";
  const TAB_ID = "sidekick-tab";
  const MAX_HTML_BYTES = 2 * 1024 * 1024; // same cap as lib/format.js htmlForEnrichment
  if (window.top !== window || document.getElementById(TAB_ID)) return;

  // Inline styles with !important: the page's CSS must not hide or move our elements.
  const FRAME_STYLE = "all:initial !important; position:fixed !important; top:0 !important; right:0 !important;"
    + "width:380px !important; max-width:100vw !important; height:100vh !important; border:0 !important;"
    + "z-index:2147483647 !important; box-shadow:-2px 0 12px rgba(0,0,0,.25) !important; background:#fff !important;"
    + "display:block !important; visibility:visible !important;";
  const TAB_STYLE = "all:initial !important; position:fixed !important; top:40% !important; right:0 !important;"
    + "z-index:2147483646 !important; background:#1e5ac8 !important; color:#fff !important; cursor:pointer !important;"
    + "font:600 12px/1 system-ui,sans-serif !important; padding:10px 6px !important; border-radius:6px 0 0 6px !important;"
    + "writing-mode:vertical-rl !important; box-shadow:0 1px 4px rgba(0,0,0,.3) !important;";

  function frame() {
    return document.getElementById(FRAME_ID);
  }

  function openSidebar() {
    if (frame()) return;
    const iframe = document.createElement("iframe");
    iframe.id = FRAME_ID;
    iframe.title = "Sidekick";
    iframe.src = chrome.runtime.getURL("sidebar.html");
    iframe.setAttribute("style", FRAME_STYLE);
    document.documentElement.append(iframe);
  }

  function closeSidebar() {
    frame()?.remove();
  }

  function toggleSidebar() {
    if (frame()) closeSidebar(); else openSidebar();
  }

  function addTab() {
    const tab = document.createElement("button");
    tab.id = TAB_ID;
    tab.type = "button";
    tab.textContent = "Sidekick";
    tab.setAttribute("aria-label", "Open the Sidekick sidebar");
    tab.setAttribute("style", TAB_STYLE);
    tab.addEventListener("click", (event) => {
      if (!event.isTrusted) return; // only the rep's own clicks, not the page's scripts
      toggleSidebar();
    });
    document.documentElement.append(tab);
  }

  /** The page as the worker needs it for look-up and enrichment. */
  function capturePage(withHtml) {
    const page = { url: location.href, title: document.title };
    if (withHtml && /^https?:$/.test(location.protocol)) {
      const html = document.documentElement.outerHTML;
      page.html = new TextEncoder().encode(html).length <= MAX_HTML_BYTES ? html : null;
    }
    return page;
  }

  const COMMANDS = {
    "sidebar.toggle": toggleSidebar,
    "sidebar.open": openSidebar,
    "sidebar.close": closeSidebar,
  };

  chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (sender.id !== chrome.runtime.id || !message) return false;
    if (message.name === "page.capture") {
      sendResponse(capturePage(Boolean(message.payload?.html)));
    } else if (COMMANDS[message.name]) {
      COMMANDS[message.name]();
      sendResponse({ ok: true });
    }
    return false;
  });

  chrome.runtime.sendMessage({ name: "page.hello", payload: { url: location.href } }).then((answer) => {
    if (!answer?.ok || !answer.data.touch) return;
    addTab();
    if (answer.data.open) openSidebar();
  }, () => {});
})();

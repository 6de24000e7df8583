"""Issue 4, test 5: a hostile prospect page can neither run code through the sidebar nor
read it, nor see what the rep types; hostile text is shown literally; the token stays put."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

HOST = "www.evil-corp.com"
HOSTILE_PAGE = (Path(__file__).parent / "pages" / "hostile.html").read_text()
EVIL_NAME = '<img src=x onerror="window.__pwned=1">Evil Corp<script>window.__pwned=1</script>'
EVIL_PERSON = "<script>window.__pwned=1</script>"


def test_hostile_page_gets_nothing_and_runs_nothing(launch, api, make, pages):
    owner = make.user(name="Olga Owner-Secret")
    rep = make.user(name="Rita Rep")
    company = make.company(
        domain="evil-corp.com", name=EVIL_NAME, owner=owner,
        description="<b>bold</b><script>fetch('/exfil?desc')</script>",
        socials={"linkedin": "javascript:window.__pwned=1", "twitter": "https://x.com/evil"},
        provenance={"name": {"source": f"user:{owner.id}", "at": "2026-11-01T00:00:00+00:00"},
                    "description": {"source": f"user:{owner.id}", "at": "2026-11-01T00:00:00+00:00"}})
    make.contact(company=company, first_name=EVIL_PERSON, last_name="Eve", title="<i>CEO</i>")
    url = pages.serve(HOST, "/", HOSTILE_PAGE)
    profile = launch()
    profile.configure(api.url, rep.plain_token)
    page, sidebar = profile.open_sidebar(url)

    sidebar.locator("#company-name", has_text="Evil Corp").wait_for()
    sidebar.locator("body[data-state=loaded]").wait_for()
    # Hostile strings are shown as the literal text they are.
    assert sidebar.locator("#company-name").inner_text() == EVIL_NAME
    assert "<script>fetch('/exfil?desc')</script>" in sidebar.locator("#company").inner_text()
    assert EVIL_PERSON in sidebar.locator("ul.people").inner_text()
    assert "Owned by Olga Owner-Secret" in sidebar.locator("[data-field=ownership]").inner_text()
    # ...and never became markup: no images, scripts or javascript: links inside the sidebar.
    frame = next(f for f in page.frames if f.url.endswith("/sidebar.html"))
    assert frame.evaluate("document.querySelectorAll('img, b, i').length") == 0
    assert frame.evaluate("[...document.scripts].map(s => s.getAttribute('src'))") == ["sidebar.js"]
    assert frame.evaluate("[...document.links].filter(a => !/^(https?|mailto|tel):/.test(a.href)).length") == 0

    note = "Secret pricing note 4711"
    sidebar.locator("#note").press_sequentially(note)
    sidebar.get_by_role("button", name="Save note").click()
    sidebar.locator("#log-feedback", has_text="Save note: saved.").wait_for()
    time.sleep(0.3)  # let the spy poll a few more times

    spy = page.evaluate("window.__spy")
    assert page.evaluate("window.__pwned") is None and frame.evaluate("window.__pwned") is None
    assert not [path for _, path in pages.log if "exfil" in path or path.startswith("/x")]
    assert spy["keys"] == [] and spy["messages"] == []
    # contentDocument is null across origins (at most the empty about:blank before it loads)
    assert set(spy["frameTexts"]) <= {None, ""}
    assert spy["errors"]  # and window.frames[0].document threw
    seen_by_page = json.dumps(spy) + page.content()
    for secret in (note, "Olga Owner-Secret", rep.plain_token, "Owned by"):
        assert secret not in seen_by_page
    assert rep.plain_token not in page.evaluate("document.documentElement.outerHTML")

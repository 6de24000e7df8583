"""One parsed page: the lxml tree, its structured data and its visible text as lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urljoin

import lxml.etree
import lxml.html
from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from extruct.w3cmicrodata import MicrodataExtractor

from enrichment.errors import UnusablePageError

MAX_HTML_CHARS = 4_000_000
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff\u200b-\u200f\u202a-\u202e\u2060-\u2064]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SPACES = re.compile(r"\s+")
_INVISIBLE_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "object", "select")
_BLOCK_TAGS = frozenset(
    "address article aside blockquote body br dd details div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table td th tr ul "
    "button label option caption cite".split()
)
_MAX_BINARY_SHARE = 0.1


@dataclass
class Line:
    """A run of visible text between block boundaries, with the block element it came from."""

    text: str
    block: lxml.html.HtmlElement
    index: int = 0


@dataclass
class Page:
    """Everything extractors read from one HTML document; built once, shared by all of them."""

    url: str
    tree: lxml.html.HtmlElement
    jsonld: list[dict] = field(default_factory=list)
    microdata: list[dict] = field(default_factory=list)
    opengraph: dict[str, str] = field(default_factory=dict)
    script_sources: list[str] = field(default_factory=list)

    @cached_property
    def lines(self) -> list[Line]:
        return _visible_lines(self.tree)

    @cached_property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @cached_property
    def title(self) -> str:
        node = self.tree.find(".//title")
        return clean_text(node.text_content()) if node is not None else ""

    @cached_property
    def lang(self) -> str:
        return (self.tree.get("lang") or "").strip().lower().replace("_", "-")

    def meta(self, name: str) -> str:
        """Content of ``<meta name=...>`` (or property=), empty when absent."""
        for node in self.tree.iterfind(".//meta"):
            if (node.get("name") or node.get("property") or "").lower() == name:
                return clean_text(node.get("content") or "")
        return ""

    @cached_property
    def links(self) -> list[tuple[str, lxml.html.HtmlElement]]:
        """Absolute hrefs of every anchor, with the anchor, in document order."""
        found = []
        for anchor in self.tree.iterfind(".//a[@href]"):
            href = (anchor.get("href") or "").strip()
            if href:
                try:
                    found.append((urljoin(self.url, href), anchor))
                except ValueError:
                    continue
        return found


def clean_text(text: str) -> str:
    """Collapse whitespace and drop zero-width/bidi controls so names compare reliably."""
    return _SPACES.sub(" ", _CONTROL_CHARS.sub("", text)).strip()


def parse_page(html: str, url: str) -> Page:
    """Parse HTML into a Page; raises UnusablePageError for input that is not a web page."""
    if len(html) > MAX_HTML_CHARS:
        raise UnusablePageError(f"page is {len(html)} characters; the limit is {MAX_HTML_CHARS}")
    sample = html[:20000]
    if sample and sum(ch < " " and ch not in "\t\r\n" for ch in sample) > len(sample) * _MAX_BINARY_SHARE:
        raise UnusablePageError("input looks like binary data, not HTML")
    html = _CONTROL_CHARS.sub("", _XML_DECLARATION.sub("", html, count=1))
    if not html.strip():
        raise UnusablePageError("page is empty")
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise UnusablePageError(f"page could not be parsed as HTML: {exc}") from exc
    page = Page(url=url, tree=tree)
    page.jsonld = _jsonld(tree, url)
    page.microdata = _microdata(tree, url)
    page.opengraph = _opengraph(tree)
    page.script_sources = [src for src in (s.get("src") for s in tree.iter("script")) if src]
    _drop_invisible(tree)
    return page


def _jsonld(tree: lxml.html.HtmlElement, url: str) -> list[dict]:
    """JSON-LD items, one script at a time so one broken block does not hide the others."""
    extractor = JsonLdExtractor()
    items: list[dict] = []
    for script in tree.iterfind(".//script[@type='application/ld+json']"):
        try:
            items.extend(i for i in extractor.extract_items(script, base_url=url) if isinstance(i, dict))
        except (ValueError, TypeError, RecursionError):
            continue
    return items


def _microdata(tree: lxml.html.HtmlElement, url: str) -> list[dict]:
    if tree.find(".//*[@itemscope]") is None:
        return []
    try:
        return [i for i in MicrodataExtractor().extract_items(tree, url) if isinstance(i, dict)]
    except (ValueError, TypeError, RecursionError, AttributeError):
        return []


def _opengraph(tree: lxml.html.HtmlElement) -> dict[str, str]:
    try:
        items = OpenGraphExtractor().extract_items(tree)
    except (ValueError, TypeError, AttributeError):
        return {}
    merged: dict[str, str] = {}
    for item in items:
        for key, value in item.get("properties", []):
            merged.setdefault(key, clean_text(str(value)))
    return merged


def _drop_invisible(tree: lxml.html.HtmlElement) -> None:
    for node in list(tree.iter(*_INVISIBLE_TAGS)):
        if node.getparent() is not None:
            node.drop_tree()  # keeps the tail text, unlike parent.remove()


def _visible_lines(tree: lxml.html.HtmlElement) -> list[Line]:
    """Split body text at block boundaries without recursion, so 10,000-deep pages are fine."""
    body = tree.find("body")
    root = body if body is not None else tree
    lines: list[Line] = []
    parts: list[str] = []
    blocks: list[lxml.html.HtmlElement] = [root]

    def flush() -> None:
        text = clean_text(" ".join(parts))
        parts.clear()
        if text:
            lines.append(Line(text=text, block=blocks[-1], index=len(lines)))

    for event, node in lxml.etree.iterwalk(root, events=("start", "end")):
        tag = node.tag if isinstance(node.tag, str) else ""
        is_block = tag in _BLOCK_TAGS
        if event == "start":
            if is_block:
                flush()
                blocks.append(node)
            if node.text and tag not in _INVISIBLE_TAGS:
                parts.append(node.text)
        else:
            if is_block:
                flush()
                if len(blocks) > 1:
                    blocks.pop()
            if node.tail and node is not root:
                parts.append(node.tail)
    flush()
    return lines

"""Technologies the site runs, from script, link and meta evidence."""

from __future__ import annotations

import re

from enrichment.document import Page
from enrichment.extractors.base import Extractor, register
from enrichment.findings import Findings

# name -> pattern over script src, link href, and generator meta
_SIGNATURES = {
    "WordPress": r"wp-content|wp-includes|wordpress",
    "Drupal": r"drupal|/sites/default/files",
    "Joomla": r"joomla|/media/jui/",
    "Magento": r"magento|/static/version\d+|mage/",
    "Shopify": r"cdn\.shopify\.com|shopify",
    "Wix": r"wixstatic|wix\.com",
    "Squarespace": r"squarespace",
    "Webflow": r"webflow",
    "HubSpot": r"hs-scripts|hubspot|hsforms",
    "Google Analytics": r"google-analytics\.com|gtag/js|googletagmanager\.com/gtag",
    "Google Tag Manager": r"googletagmanager\.com/gtm",
    "Facebook Pixel": r"connect\.facebook\.net",
    "jQuery": r"jquery",
    "Bootstrap": r"bootstrap",
    "React": r"react(?:-dom)?(?:\.production)?(?:\.min)?\.js|_next/static",
    "Next.js": r"_next/static",
    "Vue.js": r"vue(?:\.min)?\.js",
    "Angular": r"angular(?:\.min)?\.js",
    "Cloudflare": r"cdnjs\.cloudflare|cdn-cgi",
    "Elementor": r"elementor",
    "Yoast SEO": r"yoast",
    "Gravity Forms": r"gravityforms|gform",
    "MODX": r"modx",
    "TYPO3": r"typo3",
    "Intercom": r"intercom",
    "Hotjar": r"hotjar",
    "Matomo": r"matomo|piwik",
    "Font Awesome": r"font-?awesome",
    "Google Fonts": r"fonts\.googleapis",
}
_PATTERN = {name: re.compile(sig, re.I) for name, sig in _SIGNATURES.items()}


@register
class TechnologiesExtractor(Extractor):
    name = "technologies"
    order = 70

    def extract(self, page: Page, found: Findings) -> None:
        # Scripts were removed from the visible tree, so read sources from the raw attributes kept
        # on the page before cleaning (link/meta survive; script srcs are captured at parse time).
        evidence = [("script", src) for src in page.script_sources]
        evidence += [("link", node.get("href") or "") for node in page.tree.iterfind(".//link[@href]")]
        evidence += [("generator meta", page.meta("generator"))]
        for kind, value in evidence:
            if not value:
                continue
            for name, pattern in _PATTERN.items():
                if name not in found.technologies and pattern.search(value):
                    found.technologies[name] = f"{kind}: {value[:100]}"

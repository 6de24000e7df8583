"""Benchmark profile_from_html on the shared corpus of real company pages.

Prints per-field precision/recall/F1 against labels.json (comparison rules in the corpus README)
and per-page timing. ``score_corpus`` is importable so a test can hold the scores as floors.
Run: ``.venv/bin/python bench/enrich_eval.py``
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from enrichment import UnusablePageError, profile_from_html  # noqa: E402
from enrichment.domains import region_from_domain  # noqa: E402

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def corpus_dir() -> Path:
    """The shared corpus beside the repository, unless SIDEKICK_CORPUS_DIR points elsewhere."""
    override = os.environ.get("SIDEKICK_CORPUS_DIR")
    return Path(override) if override else Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@dataclass
class Counts:
    """True positives, predictions and gold items for one field, summed over pages."""

    hits: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.hits += len(predicted & gold)
        self.predicted += len(predicted)
        self.gold += len(gold)

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    pages: int = 0
    name_correct: int = 0
    industry_correct: int = 0
    fields: dict[str, Counts] = field(default_factory=lambda: {
        k: Counts() for k in ("phones", "emails", "socials", "people_names", "people_titles")})
    times_ms: list[float] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def name_accuracy(self) -> float:
        return self.name_correct / self.pages if self.pages else 0.0

    @property
    def industry_accuracy(self) -> float:
        return self.industry_correct / self.pages if self.pages else 0.0

    def timing(self) -> dict[str, float]:
        ordered = sorted(self.times_ms)
        p99 = ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]
        return {"median": statistics.median(ordered), "p99": p99, "max": ordered[-1]}


def _norm_text(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def _phone(written: str, region: str) -> str:
    text = re.sub(r"[–—]", "-", written).replace("(0)", " ")
    try:
        return phonenumbers.format_number(phonenumbers.parse(text, region), phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        return re.sub(r"\D", "", written)


def social_key(url: str) -> str:
    """Scheme, www. and trailing slash ignored; x.com counts as twitter.com."""
    parts = urlsplit(url.strip() if "://" in url else "https://" + url.strip())
    host = (parts.hostname or "").removeprefix("www.")
    host = "twitter.com" if host == "x.com" else host
    return (host + parts.path.rstrip("/")).casefold()


def person_key(name: str) -> str:
    core = re.sub(r"^(?:dr|prof|mr|mrs|ms)\.?\s+", "", name.split(",", 1)[0].strip(), flags=re.I)
    return "".join(ch for ch in core.casefold() if ch.isalpha())


def _title_key(title: str) -> str:
    return _norm_text(title).strip(" ,;.")


def score_page(label: dict, profile: dict, report: Report) -> None:
    """Add one labelled page's comparison to the report."""
    report.pages += 1
    names = {_norm_text(n) for n in [label["company_name"], *label.get("company_name_variants", [])]}
    if _norm_text(profile["name"]) in names:
        report.name_correct += 1
    else:
        report.misses.append(f"{label['file']}: name {profile['name']!r}")
    if profile["industry"] == label["industry"]["category"]:
        report.industry_correct += 1
    else:
        report.misses.append(f"{label['file']}: industry {profile['industry']!r} != {label['industry']['category']}")
    region = region_from_domain(label["domain"]) or "US"
    gold_emails = {e.lower() for e in label["emails"]}
    gold_emails |= {m.group(0).lower() for o in label.get("emails_obfuscated", []) for m in [EMAIL.search(
        re.sub(r"\s*\[at\]\s*", "@", o))] if m}
    gold_people = {person_key(p["name"]) for p in label["people"]}
    gold_titles = {(person_key(p["name"]), _title_key(p["title"])) for p in label["people"] if p.get("title")}
    compared = {
        "phones": ({p for p in profile["phones"]}, {_phone(p, region) for p in label["phones"]}),
        "emails": (set(profile["emails"]), gold_emails),
        "socials": ({social_key(u) for urls in profile["socials"].values() for u in urls},
                    {social_key(u) for urls in label["socials"].values() for u in urls}),
        "people_names": ({person_key(p["name"]) for p in profile["people"]}, gold_people),
        "people_titles": ({(person_key(p["name"]), _title_key(p["title"]))
                           for p in profile["people"] if p["title"]}, gold_titles),
    }
    for key, (predicted, gold) in compared.items():
        report.fields[key].add(predicted, gold)
        for extra in sorted(map(str, predicted - gold)):
            report.misses.append(f"{label['file']}: {key} extra {extra}")
        for missing in sorted(map(str, gold - predicted)):
            report.misses.append(f"{label['file']}: {key} missed {missing}")


def score_corpus(root: Path | None = None) -> Report:
    """Profile every page in the corpus, score the labelled ones, time all of them."""
    root = root or corpus_dir()
    labels = {entry["file"]: entry for entry in json.loads((root / "labels.json").read_text("utf-8"))}
    report = Report()
    for path in sorted((root / "pages").glob("*.html")):
        label = labels.get(path.name)
        url = (label or {}).get("url_guess") or f"https://{(label or {}).get('domain') or path.stem.split('__')[0] + '.com'}/"
        html = path.read_bytes().decode("utf-8", "replace")
        started = time.perf_counter()
        try:
            profile = profile_from_html(html, url).to_dict()
        except UnusablePageError as exc:
            report.misses.append(f"{path.name}: unusable ({exc})")
            continue
        finally:
            report.times_ms.append((time.perf_counter() - started) * 1000)
        if label is not None:
            score_page(label, profile, report)
    return report


def main() -> None:
    report = score_corpus()
    if "-v" in sys.argv:
        print("\n".join(report.misses), end="\n\n")
    print(f"labelled pages: {report.pages}, timed pages: {len(report.times_ms)}")
    print(f"{'name accuracy':<16} {report.name_accuracy:.3f}")
    print(f"{'industry acc.':<16} {report.industry_accuracy:.3f}")
    print(f"{'field':<16} {'P':>6} {'R':>6} {'F1':>6}  (hits/pred/gold)")
    for key, counts in report.fields.items():
        print(f"{key:<16} {counts.precision:6.3f} {counts.recall:6.3f} {counts.f1:6.3f}  "
              f"({counts.hits}/{counts.predicted}/{counts.gold})")
    timing = report.timing()
    print("time per page ms: " + ", ".join(f"{k} {v:.1f}" for k, v in timing.items()))


if __name__ == "__main__":
    main()

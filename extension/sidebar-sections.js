// The sidebar's read-only sections: company, CRM status, people, engagement, cadence.
// Everything from the page or the API goes in as text (lib/dom.js), links only if http(s).
import { el, replace } from "./lib/dom.js";
import {
  formatDate, locationLine, ownershipLine, safeHttpUrl, sizeLabel, telHref, timeAgo,
} from "./lib/format.js";

/** The company facts; ``onDial`` logs a call attempt when a tel: link is clicked. */
export function renderCompany(node, data, { onDial }) {
  const company = data.company || {};
  const status = data.enrichment?.status;
  const rows = [
    ["Industry", company.industry], ["Size", sizeLabel(company)], ["Location", locationLine(company)],
  ];
  const phone = (company.phones || [])[0];
  const href = telHref(phone);
  const socials = Object.entries(company.socials || {})
    .map(([network, url]) => [network, safeHttpUrl(url)]).filter(([, url]) => url);
  replace(node,
    el("h2", {}, "Company ", status === "partial" ? el("span", { class: "badge partial" }, "partial – still reading the site") : null),
    el("dl", {},
      rows.filter(([, value]) => value).map(([label, value]) => [el("dt", {}, label), el("dd", { "data-field": label.toLowerCase() }, value)]),
      phone ? [el("dt", {}, "Phone"), el("dd", {}, href
        ? el("a", { href, target: "_top", "data-field": "phone", onclick: () => onDial(phone) }, phone) : phone)] : null,
      socials.length ? [el("dt", {}, "Social"), el("dd", {}, socials.map(([network, url], i) => [
        i ? " · " : "", el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, network)]))] : null,
      el("dt", {}, "Website"), el("dd", {}, data.domain || company.domain || ""),
    ),
    company.description ? el("p", { class: "description" }, company.description) : null,
    !data.company ? el("p", { class: "muted" }, "Not in the CRM yet.") : null,
  );
}

/** Ownership, last touch, open deal and the Claim button. */
export function renderCrm(node, data, { me, onClaim, claimError }) {
  const crm = data.crm || {};
  const deal = crm.open_deal;
  replace(node,
    el("h2", {}, "CRM"),
    el("p", { class: "owner", "data-field": "ownership" }, ownershipLine(crm, me)),
    crm.last_activity ? el("p", { class: "muted" },
      `Last touch: ${crm.last_activity.type} by ${crm.last_activity.user?.name || "someone"}, ${timeAgo(crm.last_activity.occurred_at)}`) : null,
    deal ? el("p", {}, `Open deal: ${deal.name || "deal"} · ${deal.stage}${deal.mrr ? ` · ${deal.mrr} MRR` : ""}`) : null,
    data.company && !crm.owner ? el("button", { type: "button", class: "primary", id: "claim", onclick: onClaim }, "Claim") : null,
    claimError ? el("p", { class: "feedback bad", role: "alert", id: "claim-error" }, claimError) : null,
  );
}

/** Decision-makers first, then other people; each with a button to add them as a contact. */
export function renderPeople(node, data, { onAdd }) {
  const people = [...(data.people || [])].sort((a, b) => Number(b.is_decision_maker) - Number(a.is_decision_maker));
  replace(node,
    el("h2", {}, `People (${people.length})`),
    people.length ? el("ul", { class: "people" }, people.map((person) => personItem(person, data, onAdd)))
      : el("p", { class: "muted" }, "No people found yet."),
  );
}

function personItem(person, data, onAdd) {
  const email = person.email && /^[^\s@]+@[^\s@]+$/.test(person.email) ? person.email : null;
  const phoneHref = telHref(person.phone);
  return el("li", { "data-person": person.name },
    el("span", { class: "person-name" }, person.name),
    person.is_decision_maker ? el("span", { class: "dm" }, "decision-maker") : null,
    person.title ? el("div", {}, person.title, person.seniority ? el("span", { class: "muted" }, ` · ${person.seniority}`) : null) : null,
    email ? el("div", {}, el("a", { href: `mailto:${email}`, target: "_top" }, email)) : null,
    person.phone ? el("div", {}, phoneHref ? el("a", { href: phoneHref, target: "_top" }, person.phone) : person.phone) : null,
    person.contact_id ? el("span", { class: "badge" }, "Contact")
      : data.company ? el("button", { type: "button", "aria-label": `Add ${person.name} as contact`, onclick: (event) => onAdd(person, event.currentTarget) }, "Add as contact")
        : null,
  );
}

/** Score (fit + engagement) with the reasons behind it, and the recent timeline. */
export function renderEngagement(node, data) {
  const score = data.engagement;
  if (!score) {
    replace(node, el("h2", {}, "Engagement"), el("p", { class: "muted" }, "No engagement data yet."));
    return;
  }
  const reasons = [...(score.engagement?.reasons || []), ...(score.fit?.reasons || [])];
  const timeline = score.timeline || [];
  replace(node,
    el("h2", {}, "Engagement"),
    el("p", { "data-field": "score" }, el("span", { class: "score" }, String(score.score ?? 0)),
      el("span", { class: "muted" }, `  fit ${score.fit?.score ?? 0} + engagement ${score.engagement?.score ?? 0}`),
      score.buyer_stage ? el("span", { class: "badge" }, score.buyer_stage) : null),
    reasons.length ? el("ul", { class: "reasons" }, reasons.map((reason) => el("li", {}, reason.text))) : null,
    timeline.length ? el("ul", { class: "timeline" }, timeline.map((entry) =>
      el("li", {}, `${timeAgo(entry.occurred_at)} · ${entry.summary || entry.type}`)))
      : el("p", { class: "muted" }, "No engagement data yet."),
  );
}

/** Current enrollments with their next step, and the "Enroll in cadence…" picker. */
export function renderCadence(node, data, { onPick }) {
  const cadence = data.cadence;
  if (!cadence) {
    replace(node, el("h2", {}, "Cadence"), el("p", { class: "muted" }, "No cadence data yet."));
    return;
  }
  const enrollments = cadence.enrollments || [];
  replace(node,
    el("h2", {}, "Cadence"),
    enrollments.length ? el("ul", { class: "timeline" }, enrollments.map((e) => el("li", {},
      `${e.contact?.name || "Contact"}: ${e.cadence?.name || "cadence"} (${e.status})`,
      e.next_step ? ` · next: ${e.next_step.type} ${formatDate(e.next_step.due_at)}` : ""))) : el("p", { class: "muted" }, "Nobody here is in a cadence."),
    data.company ? el("button", { type: "button", onclick: onPick }, "Enroll in cadence…") : null,
  );
}

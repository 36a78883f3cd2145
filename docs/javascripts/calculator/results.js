// The results of a calculation, built from exactly what calculate_json returned, and nothing worked out
// again here (a second computation could disagree with the core): the verdict (consequences.summary) and how
// sure it is (certainty, uncertain_because) first, the restore deadline with its reminder, the totals (flagged
// "estimate" when totals.estimate), the month-by-month table (provisional months flagged, with the core's
// reasons), what the gap means, the timeline, notes and sources. Each function returns a fragment.
import { icsLink } from "./calendar.js";
import { el, fill, safeUrl, today } from "./dom.js";
import { timeline } from "./timeline.js";

function dl(rows) {
  const list = el("dl", { class: "mi-calc__facts" });
  rows.forEach((r) => {
    if (!r) return;
    list.appendChild(el("dt", { text: r[0] }));
    list.appendChild(el("dd", { "data-field": r[2] || null, text: r[1] == null || r[1] === "" ? "—" : String(r[1]) }));
  });
  return list;
}

function heading(text) {
  return el("h3", { class: "mi-calc__heading", text });
}

function title(t, regionName) {
  return el("h2", { class: "mi-calc__title", tabindex: "-1", text: t.results + (regionName ? " · " + regionName : "") });
}

// "Yes"/"No" for a yes/no question: the words fit the question in both languages (zh 是/否).
function yesNo(v, t) {
  return v == null ? null : (v ? t.yes : t.no);
}

function flag(kind, text) {
  return el("span", { class: "mi-calc__flag mi-calc__flag--" + kind, "data-flag": kind, text });
}

function monthsTable(r, t) {
  const table = el("table", { class: "mi-calc__table" }, [el("caption", { text: t.monthsCaption })]);
  const cols = [t.colMonth, t.colBase, t.colEmployer, t.colIndividual, t.colAddons, t.colLateFee, t.colTotal,
    t.colRepayable, t.colRestored];
  table.appendChild(el("thead", {}, [el("tr", {}, cols.map((h) => el("th", { scope: "col", text: h })))]));
  const body = el("tbody");
  const dash = (v) => (v == null || v === "" ? t.none : String(v));
  (r.lines || []).forEach((line) => {
    const baseCell = el("td", { class: "mi-num", "data-field": "base" }, [dash(line.base)]);
    if (line.base_clamped) {
      baseCell.appendChild(el("span", { class: "mi-calc__clamped", "data-clamped": line.base_clamped,
        text: " (" + (line.base_clamped === "floor" ? t.clampedFloor : t.clampedCeiling) + ")" }));
    }
    const monthCell = el("th", { scope: "row" }, [line.month]);
    if (line.provisional) monthCell.appendChild(flag("provisional", t.provisional));
    const cells = [
      monthCell,
      baseCell,
      el("td", { class: "mi-num", "data-field": "employer", text: dash(line.employer) }),
      el("td", { class: "mi-num", "data-field": "individual", text: dash(line.individual) }),
      el("td", { class: "mi-num", "data-field": "addons", text: dash(line.addons) }),
      el("td", { class: "mi-num", "data-field": "late_fee", text: dash(line.late_fee) }),
      el("td", { class: "mi-num", "data-field": "total", text: dash(line.total) }),
      el("td", { "data-field": "repayable", text: yesNo(line.repayable, t) }),
      el("td", { "data-field": "restored", text: yesNo(line.restored, t) }),
    ];
    // On narrow screens the table stacks, one card per month: each cell shows its column's heading.
    cells.forEach((cell, i) => { if (i > 0) cell.setAttribute("data-label", cols[i]); });
    body.appendChild(el("tr", { "data-month": line.month, "data-provisional": line.provisional ? "true" : "false" },
      cells));
  });
  table.appendChild(body);
  return el("div", { class: "mi-calc__scroll", tabindex: "0", role: "region", "aria-label": t.monthsCaption }, [table]);
}

// Why months are provisional: each month's reason from the core (at most 12, then a count).
function provisionalReasons(r, t, lang) {
  const lines = (r.lines || []).filter((l) => l.provisional);
  if (!lines.length) return null;
  const shown = lines.slice(0, 12);
  const items = shown.map((l) => el("li", { "data-month": l.month },
    [el("strong", { text: l.month + ": " }), (l.provisional_reason && (l.provisional_reason[lang] || l.provisional_reason.en)) || t.provisional]));
  if (lines.length > shown.length) items.push(el("li", { text: fill(t.provisionalMore, { n: lines.length - shown.length }) }));
  return el("div", { class: "mi-calc__provisional", "data-provisional-months": String(lines.length) }, [
    el("p", { text: fill(t.provisionalIntro, { n: lines.length }) }),
    el("ul", {}, items),
  ]);
}

// How sure the verdict is: the core's certainty and, in both languages, why it is weaker.
function certaintyBlock(r, t, lang) {
  const c = r.certainty;
  if (!c) return null;
  const because = r.uncertain_because || [];
  return el("div", { class: "mi-calc__certainty mi-calc__certainty--" + String(c).replace(/[^a-z]/g, ""), "data-certainty": c }, [
    el("p", {}, [el("strong", { text: t.certaintyLabel + " " }), t.certainty[c] || c]),
    because.length ? el("ul", { class: "mi-calc__because" }, because.map((b) => el("li", { text: (b && (b[lang] || b.en)) || "" }))) : null,
  ]);
}

function verdict(summary, lang) {
  return summary ? el("p", { class: "mi-calc__summary", text: summary[lang] || summary.en }) : null;
}

// The last day a payment still brings back the gap's benefits (flexible: the last day the months can be
// paid at all), with a calendar reminder while that day is still ahead.
function deadline(r, t, lang) {
  const c = r.consequences || {};
  const day = c.restore_deadline;
  if (!day || !c.restore_window_months) return null;
  const flexible = r.request && r.request.scheme === "flexible";
  const label = flexible ? t.lastDay : t.lastDayRestore;
  const passedBeforePayment = !c.in_restore_window;
  const upcoming = day >= today();
  return el("p", { class: "mi-calc__deadline" + (upcoming ? "" : " mi-calc__deadline--past"), "data-deadline": day }, [
    el("strong", { text: label + ": " }), el("time", { datetime: day, text: day }),
    passedBeforePayment ? " (" + (flexible ? t.deadlineMissedFlexible : t.deadlineMissed) + ")" : null,
    upcoming ? " " : null,
    upcoming ? icsLink(day, r, t, lang) : null,
  ]);
}

export function renderQuote(r, t, lang) {
  const out = document.createDocumentFragment();
  const c = r.consequences || {};
  const regionName = (r.region && r.region.name && r.region.name[lang]) || (r.region && r.region.slug) || "";
  out.appendChild(title(t, regionName));
  const v = verdict(c.summary, lang);
  if (v) out.appendChild(v);
  const sure = certaintyBlock(c, t, lang);
  if (sure) out.appendChild(sure);
  const dl0 = deadline(r, t, lang);
  if (dl0) out.appendChild(dl0);

  const tot = r.totals || {};
  const totalsHeading = heading(t.totals);
  if (tot.estimate) totalsHeading.appendChild(flag("estimate", t.estimate));
  out.appendChild(totalsHeading);
  out.appendChild(dl([
    [t.principal, tot.principal, "principal"], [t.lateFee, tot.late_fee, "late_fee"], [t.total, tot.total, "total"],
    [t.employer, tot.employer, "employer"], [t.individual, tot.individual, "individual"],
  ]));
  if (tot.estimate) out.appendChild(el("p", { class: "mi-calc__estimate", "data-estimate": "true", text: t.estimateNote }));

  out.appendChild(heading(t.months));
  out.appendChild(monthsTable(r, t));
  const why = provisionalReasons(r, t, lang);
  if (why) out.appendChild(why);

  const lines = r.lines || [];
  const flexible = r.request && r.request.scheme === "flexible";
  out.appendChild(heading(t.consequences));
  out.appendChild(dl([
    [t.benefitsStop, c.benefits_stop_from, "benefits_stop_from"],
    [t.gapMonths, c.gap_months, "gap_months"],
    [t.monthsOutstanding, c.months_outstanding, "months_outstanding"],
    [flexible ? t.restoreWindowFlexible : t.restoreWindow, c.restore_window_months, "restore_window_months"],
    [flexible ? t.stillPayableFlexible : t.stillPayable, lines.length ? yesNo(lines.every((l) => l.repayable), t) : null, "repayable"],
    [t.restored, lines.length ? yesNo(lines.every((l) => l.restored), t) : null, "restored"],
    [t.benefitsResume, c.benefits_resume_from, "benefits_resume_from"],
    [t.waiting, c.waiting_period_months, "waiting_period_months"],
    [t.continuity, c.continuity && (c.continuity[lang] || c.continuity.en), "continuity"],
  ]));

  out.appendChild(heading(t.timeline));
  out.appendChild(timeline(r, t));
  appendNotesAndSources(out, r, t, lang);
  return out;
}

export function renderRetirement(r, t, lang) {
  const out = document.createDocumentFragment();
  const regionName = (r.region && r.region.name && r.region.name[lang]) || "";
  out.appendChild(title(t, regionName));
  const v = verdict(r.summary, lang);
  if (v) out.appendChild(v);
  const sure = certaintyBlock(r, t, lang);
  if (sure) out.appendChild(sure);
  const age = r.retirement_age || {};
  const ageText = age.years == null ? null
    : fill(age.months ? t.ageYearsMonths : t.ageYears, { years: age.years, months: age.months });
  out.appendChild(dl([
    [t.retirementMonth, r.retirement_month, "retirement_month"],
    [t.retirementAge, ageText],
    [t.requiredMonths, r.required_months, "required_months"], [t.requiredLocal, r.required_local_months, "required_local_months"],
    [t.monthsSoFar, r.months_so_far, "months_so_far"], [t.projected, r.projected_months, "projected_months"],
    [t.shortfall, r.shortfall_months, "shortfall_months"], [t.localShortfall, r.local_shortfall_months, "local_shortfall_months"],
    [t.makeup, r.makeup ? fill(t.makeupFmt, r.makeup) : t.noMakeup],
  ]));
  appendNotesAndSources(out, r, t, lang);
  return out;
}

function appendNotesAndSources(out, r, t, lang) {
  if (r.notes && r.notes.length) {
    out.appendChild(heading(t.notes));
    out.appendChild(el("ul", { class: "mi-calc__notes" }, r.notes.map((n) => el("li", { text: (n && (n[lang] || n.en)) || "" }))));
  }
  const ids = Object.keys(r.sources || {});
  if (!ids.length) return;
  out.appendChild(heading(t.sources));
  out.appendChild(el("ol", { class: "mi-calc__sources" }, ids.map((id) => {
    const s = r.sources[id] || {};
    const name = (s.title && (s.title[lang] || s.title.en)) || id;
    const issuer = s.issuer && (s.issuer[lang] || s.issuer.en);
    const url = safeUrl(s.url);
    const gradeText = t.grade[s.grade] || s.grade || "";
    return el("li", { "data-source": id }, [
      url ? el("a", { href: url, rel: "noopener noreferrer external", text: name }) : el("span", { text: name }),
      issuer ? " — " + issuer : null,
      s.doc_no ? " (" + s.doc_no + ")" : null,
      s.published ? ", " + t.published + " " + s.published : null,
      gradeText ? el("span", { class: "mi-calc__grade mi-calc__grade--" + String(s.grade).replace(/[^a-z-]/g, ""), text: gradeText }) : null,
    ]);
  })));
}

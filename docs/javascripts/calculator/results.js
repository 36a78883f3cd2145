// The results of a calculation, built from exactly what calculate_json returned: totals, the month-by-
// month table, what the gap means, the timeline, notes and sources. Each function returns a fragment.
import { icsLink } from "./calendar.js";
import { el, fill, safeUrl } from "./dom.js";
import { timeline } from "./timeline.js";

function dl(rows) {
  const list = el("dl", { class: "mi-calc__facts" });
  rows.forEach((r) => {
    if (!r) return;
    list.appendChild(el("dt", { text: r[0] }));
    list.appendChild(el("dd", { text: r[1] == null || r[1] === "" ? "—" : String(r[1]) }));
  });
  return list;
}

function heading(text) {
  return el("h3", { class: "mi-calc__heading", text });
}

function title(t, regionName) {
  return el("h2", { class: "mi-calc__title", tabindex: "-1", text: t.results + (regionName ? " · " + regionName : "") });
}

function monthsTable(r, t) {
  const table = el("table", { class: "mi-calc__table" }, [el("caption", { text: t.monthsCaption })]);
  const cols = [t.colMonth, t.colBase, t.colEmployer, t.colIndividual, t.colAddons, t.colLateFee, t.colTotal, t.colRepayable];
  table.appendChild(el("thead", {}, [el("tr", {}, cols.map((h) => el("th", { scope: "col", text: h })))]));
  const body = el("tbody");
  const dash = (v) => (v == null || v === "" ? t.none : String(v));
  (r.lines || []).forEach((line) => {
    const baseCell = el("td", { class: "mi-num", "data-field": "base" }, [dash(line.base)]);
    if (line.base_clamped) {
      baseCell.appendChild(el("span", { class: "mi-calc__clamped", "data-clamped": line.base_clamped,
        text: " (" + (line.base_clamped === "floor" ? t.clampedFloor : t.clampedCeiling) + ")" }));
    }
    body.appendChild(el("tr", { "data-month": line.month }, [
      el("th", { scope: "row", text: line.month }),
      baseCell,
      el("td", { class: "mi-num", "data-field": "employer", text: dash(line.employer) }),
      el("td", { class: "mi-num", "data-field": "individual", text: dash(line.individual) }),
      el("td", { class: "mi-num", "data-field": "addons", text: dash(line.addons) }),
      el("td", { class: "mi-num", "data-field": "late_fee", text: dash(line.late_fee) }),
      el("td", { class: "mi-num", "data-field": "total", text: dash(line.total) }),
      el("td", { "data-field": "repayable", text: line.repayable ? t.yes : t.no }),
    ]));
  });
  table.appendChild(body);
  return el("div", { class: "mi-calc__scroll", tabindex: "0", role: "region", "aria-label": t.monthsCaption }, [table]);
}

export function renderQuote(r, t, lang) {
  const out = document.createDocumentFragment();
  const c = r.consequences || {};
  const regionName = (r.region && r.region.name && r.region.name[lang]) || (r.region && r.region.slug) || "";
  out.appendChild(title(t, regionName));
  if (c.summary) out.appendChild(el("p", { class: "mi-calc__summary", text: c.summary[lang] || c.summary.en }));

  const tot = r.totals || {};
  out.appendChild(heading(t.totals));
  out.appendChild(dl([
    [t.principal, tot.principal], [t.lateFee, tot.late_fee], [t.total, tot.total],
    [t.employer, tot.employer], [t.individual, tot.individual],
  ]));

  if (c.last_repayable_day) {
    out.appendChild(el("p", { class: "mi-calc__deadline" }, [
      el("strong", { text: t.lastDay + ": " }), el("time", { datetime: c.last_repayable_day, text: c.last_repayable_day }), " ",
      icsLink(c.last_repayable_day, r, t, lang),
    ]));
  }

  out.appendChild(heading(t.months));
  out.appendChild(monthsTable(r, t));

  out.appendChild(heading(t.consequences));
  out.appendChild(dl([
    [t.benefitsStop, c.benefits_stop_from], [t.gapMonths, c.gap_months], [t.monthsOutstanding, c.months_outstanding],
    [t.restoreWindow, c.restore_window_months],
    [t.inWindow, c.in_restore_window == null ? null : (c.in_restore_window ? t.yes : t.no)],
    [t.benefitsResume, c.benefits_resume_from], [t.waiting, c.waiting_period_months],
    [t.lastDay, c.last_repayable_day],
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
  const age = r.retirement_age || {};
  const ageText = age.years == null ? null
    : fill(age.months ? t.ageYearsMonths : t.ageYears, { years: age.years, months: age.months });
  out.appendChild(dl([
    [t.retirementMonth, r.retirement_month],
    [t.retirementAge, ageText],
    [t.requiredMonths, r.required_months], [t.requiredLocal, r.required_local_months],
    [t.monthsSoFar, r.months_so_far], [t.projected, r.projected_months],
    [t.shortfall, r.shortfall_months], [t.localShortfall, r.local_shortfall_months],
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

// The SVG timeline of a pay-back result: two months of context, the gap (payable or lost), the waiting
// period and the month reimbursement resumes, with a text alternative (months of one kind grouped).
import { el, formatMonth, nextUid, parseMonth, svg } from "./dom.js";

const KINDS = ["paid", "gap", "lost", "waiting", "resume"];

// One {month, kind} per month shown (at most 60).
export function timelineCells(r) {
  const c = r.consequences || {};
  const lines = r.lines || [];
  const first = parseMonth(lines.length ? lines[0].month : r.request && r.request.gap_start);
  const last = parseMonth(lines.length ? lines[lines.length - 1].month : r.request && r.request.gap_end);
  if (first == null || last == null) return null;
  const resume = parseMonth(c.benefits_resume_from);
  const waiting = Number(c.waiting_period_months) || 0;
  const end = Math.max(last + 1, resume != null ? resume : last + 1 + waiting);
  const byMonth = {};
  lines.forEach((l) => { byMonth[l.month] = l; });
  const cells = [];
  for (let m = first - 2; m <= end && cells.length < 60; m++) {
    const key = formatMonth(m);
    let kind;
    if (m < first) kind = "paid";
    else if (m <= last) kind = byMonth[key] && !byMonth[key].repayable ? "lost" : "gap";
    else if (resume != null && m >= resume) kind = "resume";
    else if (waiting && resume != null && m >= resume - waiting) kind = "waiting";
    else kind = resume != null && m < resume ? "waiting" : "resume";
    cells.push({ month: key, kind });
  }
  return cells;
}

export function timeline(r, t) {
  const cells = timelineCells(r);
  if (!cells) return el("p", { text: t.none });
  const w = 28, h = 34, gapX = 2;
  const width = cells.length * (w + gapX);
  const titleId = nextUid("tl-title"), descId = nextUid("tl-desc");
  const pic = svg("svg", {
    class: "mi-calc__timeline", viewBox: "0 0 " + width + " " + (h + 30), width: String(width), height: String(h + 30),
    role: "img", "aria-labelledby": titleId, "aria-describedby": descId, focusable: "false",
  }, [svg("title", { id: titleId, text: t.timeline })]);
  cells.forEach((cell, i) => {
    const x = i * (w + gapX);
    pic.appendChild(svg("rect", { x: String(x), y: "0", width: String(w), height: String(h), rx: "3", class: "mi-tl mi-tl--" + cell.kind }));
    const mm = cell.month.slice(5);
    pic.appendChild(svg("text", { x: String(x + w / 2), y: String(h + 14), "text-anchor": "middle", class: "mi-tl__label", text: mm }));
    if (mm === "01" || i === 0) {
      pic.appendChild(svg("text", { x: String(x + 1), y: String(h + 27), class: "mi-tl__year", text: cell.month.slice(0, 4) }));
    }
  });
  // Text alternative: consecutive months of the same kind grouped.
  const runs = [];
  cells.forEach((cell) => {
    const lastRun = runs[runs.length - 1];
    if (lastRun && lastRun.kind === cell.kind) lastRun.to = cell.month;
    else runs.push({ kind: cell.kind, from: cell.month, to: cell.month });
  });
  const desc = el("ul", { id: descId, class: "mi-calc__timeline-text" }, runs.map((run) =>
    el("li", { text: (run.from === run.to ? run.from : run.from + " – " + run.to) + ": " + t.timelineStatus[run.kind] })));
  const legend = el("ul", { class: "mi-calc__legend", "aria-hidden": "true" }, KINDS.map((k) =>
    el("li", {}, [el("span", { class: "mi-calc__swatch mi-tl--" + k }), " " + t.timelineStatus[k]])));
  return el("figure", { class: "mi-calc__figure" }, [
    el("div", { class: "mi-calc__scroll" }, [pic]), legend,
    el("figcaption", {}, [el("span", { text: t.timelineIntro }), desc]),
  ]);
}

// The SVG timeline of a pay-back result, drawn only from the values the core returned (nothing is worked
// out again here): two months of context, each gap month as its line says (restored once paid back,
// still owed without restoring benefits, or lost), the months after the gap without reimbursement, exactly
// `consequences.waiting_period_months` waiting months just before `consequences.benefits_resume_from`, and
// that month. A text alternative groups months of one kind.
import { el, formatMonth, nextUid, parseMonth, svg } from "./dom.js";

const MAX_CELLS = 60;

function gapKind(line) {
  if (!line.repayable) return "lost";
  return line.restored ? "gap" : "owed";
}

// One {month, kind} per month shown (at most 60). Kinds: paid, gap, owed, lost, hold (after the gap, on
// hold until paid back), nocover (after the gap, not reimbursed), waiting, resume.
export function timelineCells(r) {
  const c = r.consequences || {};
  const lines = r.lines || [];
  if (!lines.length) return null;
  const first = parseMonth(lines[0].month);
  const last = parseMonth(lines[lines.length - 1].month);
  if (first == null || last == null) return null;
  const resume = parseMonth(c.benefits_resume_from);
  const waiting = Math.max(0, Number(c.waiting_period_months) || 0);
  const restored = lines.every((l) => l.restored);
  const end = resume != null ? Math.max(last, resume) : last;
  const byMonth = {};
  lines.forEach((l) => { byMonth[l.month] = l; });
  const cells = [];
  for (let m = first - 2; m <= end && cells.length < MAX_CELLS; m++) {
    const key = formatMonth(m);
    let kind;
    if (m < first) kind = "paid";
    else if (byMonth[key]) kind = gapKind(byMonth[key]);
    else if (resume != null && m === resume) kind = "resume";
    else if (resume != null && m < resume && m >= resume - waiting) kind = "waiting";
    else kind = restored ? "hold" : "nocover";
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
    pic.appendChild(svg("rect", { x: String(x), y: "0", width: String(w), height: String(h), rx: "3",
      class: "mi-tl mi-tl--" + cell.kind, "data-month": cell.month, "data-kind": cell.kind }));
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
    el("li", { "data-kind": run.kind, text: (run.from === run.to ? run.from : run.from + " – " + run.to) + ": " + t.timelineStatus[run.kind] })));
  // The legend names only the kinds this timeline shows.
  const kinds = cells.map((c) => c.kind).filter((k, i, all) => all.indexOf(k) === i);
  const legend = el("ul", { class: "mi-calc__legend", "aria-hidden": "true" }, kinds.map((k) =>
    el("li", {}, [el("span", { class: "mi-calc__swatch mi-tl--" + k }), " " + t.timelineStatus[k]])));
  return el("figure", { class: "mi-calc__figure" }, [
    el("div", { class: "mi-calc__scroll" }, [pic]), legend,
    el("figcaption", {}, [el("span", { text: t.timelineIntro }), desc]),
  ]);
}

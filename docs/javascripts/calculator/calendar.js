// A calendar reminder made in the browser (nothing is sent anywhere): an all-day event on the last day
// to pay back, with an alarm one week before, offered as a .ics download.
import { el, pad } from "./dom.js";

function escapeText(s) {
  return String(s).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
}

// The .ics text for `day` (YYYY-MM-DD) and the result `r`, in language `lang`.
export function icsText(day, r, t, lang) {
  const d = day.replace(/-/g, "");
  const next = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)) + 1));
  const dEnd = next.getUTCFullYear() + pad(next.getUTCMonth() + 1) + pad(next.getUTCDate());
  const region = (r.region && r.region.name && (r.region.name[lang] || r.region.name.en)) || "";
  const stamp = new Date().toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");
  const summary = (r.consequences && r.consequences.summary && (r.consequences.summary[lang] || r.consequences.summary.en)) || "";
  return [
    "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//mi-gap-guide//calculator//EN", "CALSCALE:GREGORIAN",
    "BEGIN:VEVENT",
    "UID:" + d + "-" + ((r.region && r.region.slug) || "region") + "@mi-gap-guide.invalid",
    "DTSTAMP:" + stamp,
    "DTSTART;VALUE=DATE:" + d,
    "DTEND;VALUE=DATE:" + dEnd,
    "SUMMARY:" + escapeText(t.reminderTitle + (region ? " · " + region : "")),
    "DESCRIPTION:" + escapeText(summary + (window.location.href ? "\n" + window.location.origin + window.location.pathname : "")),
    "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P7D", "DESCRIPTION:" + escapeText(t.reminderTitle), "END:VALARM",
    "END:VEVENT", "END:VCALENDAR", "",
  ].join("\r\n");
}

export function icsLink(day, r, t, lang) {
  const ics = icsText(day, r, t, lang);
  const d = day.replace(/-/g, "");
  const a = el("a", { class: "mi-calc__ics", download: "medical-insurance-" + d + ".ics", text: t.reminder, href: "#" });
  a.addEventListener("click", () => {
    const blobUrl = URL.createObjectURL(new Blob([ics], { type: "text/calendar;charset=utf-8" }));
    a.href = blobUrl;
    setTimeout(() => { URL.revokeObjectURL(blobUrl); a.href = "#"; }, 30000);
  });
  return a;
}

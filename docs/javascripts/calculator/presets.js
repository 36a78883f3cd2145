// Inputs preset from the URL query (?region=guangzhou&scheme=flexible&gap-start=2025-03&...) and the
// "copy link" that shares the current inputs. The declared base is a wage: it goes into the link only
// when the person ticks the box (or chose the local floor, which says nothing about them).

export const QUERY_KEYS = ["region", "scheme", "gap-start", "gap-end", "paid-on", "base", "lang"];
// What a preset must look like; anything else is ignored and listed in a visible note (as text).
// `region` is checked against the manifest's list once it has loaded (form.js fillRegions).
const QUERY_FORMATS = {
  region: /^[\s\S]+$/,
  scheme: /^(employee|flexible)$/,
  "gap-start": /^\d{4}-(0[1-9]|1[0-2])$/,
  "gap-end": /^\d{4}-(0[1-9]|1[0-2])$/,
  "paid-on": /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/,
  base: /^(floor|\d{1,9}(\.\d{1,2})?)$/,
  lang: /^(en|zh)$/,
};
const QUERY_QUIET = ["h"]; // mkdocs-material's search highlight (?h=term): the site's own, not a preset
export const QUERY_MAX = 64;

// The presets the URL query sets: known keys whose (first) value has the expected form.
export function queryPresets(search = window.location.search) {
  const params = new URLSearchParams(search);
  const out = {};
  QUERY_KEYS.forEach((k) => {
    const v = params.get(k);
    if (v != null && v !== "" && v.length <= QUERY_MAX && QUERY_FORMATS[k].test(v)) out[k] = v;
  });
  return out;
}

// True when the query presets any input (the calculator then starts at once).
export function hasPresets(presets) {
  return QUERY_KEYS.some((k) => k !== "lang" && presets[k] != null);
}

// Everything else in the query: [{key, value, reason}] for the visible note (shown as text only).
export function queryIgnored(search = window.location.search) {
  const out = [];
  const seen = {};
  new URLSearchParams(search).forEach((v, k) => {
    if (QUERY_QUIET.indexOf(k) >= 0) return;
    const known = QUERY_KEYS.indexOf(k) >= 0;
    if (known && seen[k]) return; // a repeated key: the first value is the one read
    seen[k] = true;
    const reason = !known ? "unknown" : v.length > QUERY_MAX ? "long" : v === "" || !QUERY_FORMATS[k].test(v) ? "invalid" : null;
    if (reason) out.push({ key: k, value: v, reason });
  });
  return out;
}

export function clip(s) {
  s = String(s);
  return s.length > QUERY_MAX ? s.slice(0, QUERY_MAX) + "…" : s;
}

// The link to `page` with the pay-back inputs: {region, scheme, gap_start, gap_end, paid_on, floor, base}.
export function shareLink(page, values, withBase) {
  const url = new URL(page, window.location.href);
  url.hash = "";
  const q = new URLSearchParams();
  if (values.region) q.set("region", values.region);
  q.set("scheme", values.scheme);
  if (values.gap_start) q.set("gap-start", values.gap_start);
  if (values.gap_end) q.set("gap-end", values.gap_end);
  if (values.paid_on) q.set("paid-on", values.paid_on);
  if (values.floor) q.set("base", "floor");
  else if (withBase && values.base) q.set("base", values.base);
  url.search = q.toString();
  return url.href;
}

// Small DOM and date helpers shared by the widget's modules. Text is always set through textContent:
// nothing from the URL, the rules or the core is ever parsed as HTML.

let uid = 0;
export function nextUid(prefix) {
  uid += 1;
  return "mi-" + prefix + "-" + uid;
}

// Builds an element: attrs.text becomes textContent, attrs.class the class, onX a listener.
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const k in attrs) {
      const v = attrs[k];
      if (v == null || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else if (k.slice(0, 2) === "on") node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? "" : v);
    }
  }
  (children || []).forEach((c) => {
    if (c == null) return;
    node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
  });
  return node;
}

const SVG_NS = "http://www.w3.org/2000/svg";
export function svg(tag, attrs, children) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const k in attrs || {}) {
    if (k === "text") node.textContent = attrs[k];
    else node.setAttribute(k, attrs[k]);
  }
  (children || []).forEach((c) => node.appendChild(c));
  return node;
}

// "{name}" placeholders of strings.js, filled from `values` (unknown names stay as written).
export function fill(template, values) {
  return String(template || "").replace(/\{(\w+)\}/g, (m, k) => (values && values[k] != null ? String(values[k]) : m));
}

export function pad(n) {
  return (n < 10 ? "0" : "") + n;
}

export function today() {
  const d = new Date();
  return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
}

// "YYYY-MM" <-> a month index (year * 12 + month - 1).
export function parseMonth(s) {
  const m = /^(\d{4})-(\d{2})$/.exec(s || "");
  return m ? Number(m[1]) * 12 + Number(m[2]) - 1 : null;
}

export function formatMonth(i) {
  return Math.floor(i / 12) + "-" + pad((i % 12) + 1);
}

export function safeUrl(u) {
  return /^https?:\/\//i.test(u || "") ? u : null;
}

// Offline repeat visits. Once the calculator has worked on a page, a service worker (sw.js at the site
// root, scope: the site root) keeps the versioned runtime, this page and its files. Its URL names the
// runtime (sw.js?v=KEY), so a new runtime installs a new worker that replaces the old cache.
// Besides this page, it is asked to keep this page in the other language and the calculator page in both
// languages; region pages are kept by the service worker itself as they are visited (see sw.js).
import { loadManifest, setStatus } from "./runtime-client.js";
import { MANIFEST_URL, SERVICE_WORKER_URL, SITE_ROOT, WORKER_URL } from "./urls.js";

// The calculator page in both languages (the i18n plugin's URLs, stated on the partners page).
const CALCULATOR_PAGES = ["calculator/", "zh/calculator/"];

export function runtimeKey(manifest) {
  const text = String(manifest.base) + JSON.stringify(manifest.sha256 || manifest.files || {});
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return ("0000000" + h.toString(16)).slice(-8);
}

function activated(registration) {
  const sw = registration.installing || registration.waiting || registration.active;
  return new Promise((resolve, reject) => {
    if (!sw) { reject(new Error("no service worker")); return; }
    if (sw.state === "activated") { resolve(sw); return; }
    sw.addEventListener("statechange", () => {
      if (sw.state === "activated") resolve(sw);
      else if (sw.state === "redundant") reject(new Error("service worker redundant"));
    });
  });
}

// The URLs to keep: this page, its other-language versions (the theme's language switch), the
// calculator pages, the widget's own files and every same-origin file this page loaded (the widget,
// styles and the theme's scripts). The runtime is cached by the service worker itself.
export function keepList() {
  const origin = window.location.origin;
  const urls = [window.location.href.split("#")[0], WORKER_URL, MANIFEST_URL];
  document.querySelectorAll("a.md-select__link[hreflang]").forEach((a) => urls.push(a.href));
  CALCULATOR_PAGES.forEach((path) => urls.push(new URL(path, SITE_ROOT).href));
  (performance.getEntriesByType ? performance.getEntriesByType("resource") : []).forEach((e) => {
    if (e.name.indexOf(origin + "/") === 0 && e.name.indexOf("/assets/runtime/pyodide-") < 0) urls.push(e.name);
  });
  return urls.filter((u, i) => u.indexOf(origin + "/") === 0 && urls.indexOf(u) === i);
}

export function keepOffline() {
  if (window.__miNoServiceWorker || !("serviceWorker" in navigator) || !window.isSecureContext) return;
  loadManifest().then((manifest) => {
    const url = SERVICE_WORKER_URL + "?v=" + runtimeKey(manifest);
    return navigator.serviceWorker.register(url, { scope: SITE_ROOT });
  }).then(activated).then((sw) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => {
      if (event.data && event.data.offline) setStatus({ offline: true });
    };
    sw.postMessage({ type: "keep", urls: keepList() }, [channel.port2]);
  }).catch(() => {
    // No service worker (private mode, a partner's frame, an old browser): the calculator still works online.
  });
}

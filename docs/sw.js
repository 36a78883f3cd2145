/*
 * Service worker: keeps the calculator usable offline on a repeat visit.
 *
 * Registered by javascripts/calculator/offline.js only once the calculator has become ready on a page (never on
 * a page that did not use it), as sw.js?v=KEY where KEY names the runtime files listed in
 * assets/runtime/manifest.json. A new runtime gives a new KEY, so the browser installs a new worker,
 * which copies the new runtime into a new cache and deletes the older ones when it activates.
 *
 * Scope: the site root (the pages with a calculator live in several folders, and the calculator's own
 * worker script is under javascripts/). What it does there:
 * - /assets/runtime/pyodide-<version>/...: cache first. These files are immutable (versioned folder,
 *   content-hashed names), so a cached copy is never stale.
 * - every other same-origin GET (pages, styles, scripts, the manifest): network first, always. The cache
 *   is only a fallback when the network fails. Pages are never served stale while the site is reachable.
 *   What the cache holds:
 *   - the pages (and their files) offline.js names after registration: the page the calculator was used
 *     on, the same page in the other language, and the calculator page in both languages;
 *   - every page visited later (a region page read once is there offline), with its scripts, styles,
 *     images and fonts: cached on visit, at most MAX_PAGES pages (the oldest go first).
 *   Other requests (JSON, the search index) are refreshed only when kept already.
 * - anything else (other origins, POST): not touched.
 */
"use strict";

const RUNTIME_PREFIX = "mi-runtime-";
const PAGES_CACHE = "mi-pages-v1";
const MAX_PAGES = 200;
// Request destinations cached when a page is visited (besides the page itself).
const PAGE_FILES = ["script", "style", "image", "font", "worker"];
const KEY = new URL(self.location.href).searchParams.get("v") || "0";
const RUNTIME_CACHE = RUNTIME_PREFIX + KEY;
const SCOPE = new URL(self.registration.scope);
const MANIFEST_URL = new URL("assets/runtime/manifest.json", SCOPE).href;
const RUNTIME_PATH = new URL("assets/runtime/pyodide-", SCOPE).pathname;

async function precacheRuntime() {
  const response = await fetch(MANIFEST_URL, { cache: "no-cache" });
  if (!response.ok) throw new Error(`${response.status} ${MANIFEST_URL}`);
  const manifest = await response.clone().json();
  const base = new URL(manifest.base, MANIFEST_URL);
  const names = Object.keys(manifest.sha256 || manifest.sizes || {});
  const cache = await caches.open(RUNTIME_CACHE);
  for (const name of names) {
    const url = new URL(name, base).href;
    if (await cache.match(url)) continue;
    // A file the previous runtime shared with this one (the .wasm when only the rules changed) is copied
    // from the old cache; the rest comes from the HTTP cache the calculator has just filled (immutable).
    const old = await caches.match(url);
    const fresh = old || (await fetch(url));
    if (!fresh.ok) throw new Error(`${fresh.status} ${url}`);
    await cache.put(url, fresh);
  }
  const pages = await caches.open(PAGES_CACHE);
  await pages.put(MANIFEST_URL, response);
}

self.addEventListener("install", (event) => {
  event.waitUntil(precacheRuntime().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(RUNTIME_PREFIX) && name !== RUNTIME_CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function cacheFirst(request) {
  const cache = await caches.open(RUNTIME_CACHE);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.status === 200) await cache.put(request, response.clone());
  return response;
}

// Drops the oldest pages once more than MAX_PAGES are kept (cache keys keep their insertion order).
async function trimPages(cache) {
  const pages = (await cache.keys()).filter((r) => r.url.endsWith("/") || r.url.endsWith(".html"));
  for (const old of pages.slice(0, Math.max(0, pages.length - MAX_PAGES))) await cache.delete(old);
}

async function networkFirst(request, navigate) {
  const cache = await caches.open(PAGES_CACHE);
  try {
    const response = await fetch(request);
    // Pages and their files are kept on visit; anything else is refreshed only when kept already.
    const keep = navigate || PAGE_FILES.includes(request.destination) ||
      (await cache.match(request, { ignoreVary: true }));
    if (keep && response.ok && response.status === 200 && response.type === "basic" && !response.redirected) {
      const key = navigate ? pageKey(request.url) : request;
      await cache.put(key, response.clone());
      if (navigate) await trimPages(cache);
    }
    return response;
  } catch (error) {
    const hit = await cache.match(request, { ignoreVary: true, ignoreSearch: navigate });
    if (hit) return hit;
    throw error;
  }
}

// A page is kept under its URL without query or fragment (?h=term is the theme's search highlight).
function pageKey(raw) {
  const url = new URL(raw);
  url.search = "";
  url.hash = "";
  return url.href;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== SCOPE.origin) return;
  if (request.cache === "only-if-cached" && request.mode !== "same-origin") return;
  if (url.pathname.startsWith(RUNTIME_PATH)) {
    event.respondWith(cacheFirst(request));
  } else {
    event.respondWith(networkFirst(request, request.mode === "navigate"));
  }
});

// {type: "keep", urls: [...]} from offline.js: keep these pages and files for offline use.
self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports && event.ports[0];
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  event.waitUntil((async () => {
    const cache = await caches.open(PAGES_CACHE);
    let kept = 0;
    for (const raw of data.urls.slice(0, 200)) {
      let url;
      try {
        url = new URL(raw, SCOPE);
      } catch {
        continue;
      }
      if (url.origin !== SCOPE.origin || url.pathname.startsWith(RUNTIME_PATH)) continue;
      url.hash = "";
      try {
        const response = await fetch(url.href, { cache: "no-cache" });
        if (response.ok && response.status === 200) {
          await cache.put(url.href, response);
          kept += 1;
        }
      } catch {
        // offline or gone: keep what we have
      }
    }
    const runtimeReady = (await caches.keys()).includes(RUNTIME_CACHE);
    if (port) port.postMessage({ type: "kept", kept, offline: runtimeReady && kept > 0 });
  })());
});

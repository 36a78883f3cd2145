// The page's side of the calculator runtime: one module Web Worker per page (calculator-worker.mjs),
// request ids, the start-up watchdog, restarts after a crash or a hang, and the status every widget shows.
//
// Watchdog (issue 18): it judges progress, not total time. The worker reports the bytes it has received
// of every runtime file; while they keep arriving the widget waits, however slow the network. It fails
// only when nothing new happened for STALL_MS:
//  - "stalled": the download stopped (some bytes still missing): a dropped or very poor connection;
//  - "watchdog": everything arrived but the runtime did not start (WebAssembly blocked by a browser,
//    a network filter or the CSP, or the .wasm served with the wrong type: Pyodide hangs instead of
//    failing). The worker detects the common causes itself and fails at once with their own codes.
// Test hook: window.__miStallMs (or the older window.__miWatchdogMs), set before this module runs
// (Playwright add_init_script), shortens STALL_MS. Nothing else reads it.
//
// Restarts (issue 19): a worker that crashes or hangs on a request is replaced. The request that was
// being answered is not sent again (it is answered with an "internal" error instead), the others are.
// Restarts without such a culprit (the runtime dying by itself) are limited to UNEXPLAINED_RESTARTS in a
// row; every successful answer resets that budget.
import { MANIFEST_URL, WORKER_URL } from "./urls.js";
import { STRINGS } from "./strings.js";

export const STALL_MS = 20000;
const REQUEST_TIMEOUT_MS = 15000; // test hook: window.__miRequestTimeoutMs
const UNEXPLAINED_RESTARTS = 2;

export const status = {
  state: "idle", code: null, detail: null, stage: null, fraction: 0,
  loaded: 0, total: 0, downloaded: false, stallSeconds: STALL_MS / 1000,
};
let listeners = [];
let worker = null;
let manifestPromise = null;
let nextId = 1;
const pending = {};
let watchdog = null;
let readyResolve;
export const ready = new Promise((resolve) => { readyResolve = resolve; });
let restarts = 0; // unexplained restarts in a row (the budget)
let replaced = 0; // workers replaced so far (for tests)

export function restartCount() { return replaced; }
let onReady = null;

export function onFirstReady(fn) { onReady = fn; }

export function stallMs() {
  return Number(window.__miStallMs) || Number(window.__miWatchdogMs) || STALL_MS;
}

export function subscribe(fn) { listeners.push(fn); }

// Keeps only the listeners `keep` accepts (widgets detached by instant navigation stop listening).
export function pruneListeners(keep) { listeners = listeners.filter(keep); }

export function setStatus(patch) {
  Object.assign(status, patch);
  listeners.forEach((fn) => {
    try { fn(status); } catch (e) { console.warn(e); }
  });
}

export function loadManifest() {
  if (!manifestPromise) {
    manifestPromise = fetch(MANIFEST_URL, { cache: "no-cache" }).then((r) => {
      if (!r.ok) throw new Error(r.status + " " + MANIFEST_URL);
      return r.json();
    });
    manifestPromise.catch(() => { manifestPromise = null; });
  }
  return manifestPromise;
}

function armWatchdog() {
  clearTimeout(watchdog);
  const ms = stallMs();
  status.stallSeconds = Math.round(ms / 100) / 10;
  watchdog = setTimeout(() => {
    if (status.downloaded) {
      fail("watchdog", `everything downloaded, but the runtime did not start within ${ms / 1000} s (stage ${status.stage})`);
    } else {
      fail("stalled", `no new bytes for ${ms / 1000} s: ${status.loaded} of ${status.total} bytes (stage ${status.stage})`);
    }
  }, ms);
}

function fail(code, detail) {
  clearTimeout(watchdog);
  if (worker) { worker.terminate(); worker = null; }
  setStatus({ state: "failed", code, detail: detail || null });
  rejectPending(code);
}

function rejectPending(code) {
  Object.keys(pending).forEach((id) => {
    const p = pending[id];
    delete pending[id];
    clearTimeout(p.timer);
    p.reject(new Error("calculator " + code));
  });
}

const LOADING = { state: "loading", code: null, detail: null, stage: "start", fraction: 0, loaded: 0, total: 0, downloaded: false };

export function start() {
  if (status.state === "loading" || status.state === "ready") return ready;
  setStatus(LOADING);
  armWatchdog();
  // The worker starts loading by itself, from the manifest next to it. On a page that starts the
  // calculator at once, <head> has spawned it already (overrides/main.html): adopt it.
  const early = window.__miEarly;
  window.__miEarly = null;
  spawn(early && early.worker ? early : null);
  return ready;
}

function onProgress(m) {
  const moved = m.stage !== status.stage || (Number(m.loaded) || 0) > status.loaded || (m.downloaded && !status.downloaded);
  setStatus({
    stage: m.stage, fraction: m.fraction,
    loaded: Number(m.loaded) || status.loaded, total: Number(m.total) || status.total,
    downloaded: !!m.downloaded || status.downloaded,
  });
  if (moved) armWatchdog();
}

// `early`: {worker, events} from the <head> script; what its worker said before this module ran is
// replayed in order.
function spawn(early) {
  try {
    worker = early ? early.worker : new Worker(WORKER_URL, { type: "module" });
  } catch (e) {
    fail("nomodule", String(e && e.message));
    return;
  }
  const w = worker;
  w.onmessage = (event) => {
    if (w !== worker) return;
    const m = event.data || {};
    if (m.type === "progress") {
      onProgress(m);
    } else if (m.type === "ready") {
      clearTimeout(watchdog);
      setStatus({ state: "ready", stage: "ready", fraction: 1, downloaded: true, pyodide: m.pyodide, readyAt: performance.now(),
        timings: m.timings || null });
      readyResolve(true);
      flushQueue();
      if (onReady) { const fn = onReady; onReady = null; fn(); }
    } else if (m.type === "error") {
      fail(m.code, m.detail);
    } else if (m.type === "crashed") {
      // m.answered: the worker answered the request that broke it (an "internal" error) before saying so;
      // else m.id names the request it was working on (null: none, e.g. the test hook).
      restartOrFail("worker", m.detail, m.answered ? true : m.id != null ? Number(m.id) : null);
    } else if (m.id != null && pending[m.id]) {
      const p = pending[m.id];
      delete pending[m.id];
      clearTimeout(p.timer);
      restarts = 0;
      try { p.resolve(JSON.parse(m.response)); } catch (e) { p.reject(e); }
    }
  };
  w.onerror = (event) => {
    if (w !== worker) return;
    if (event && event.preventDefault) event.preventDefault();
    restartOrFail("worker", event && event.message, false);
  };
  w.onmessageerror = w.onerror;
  if (!early) return;
  early.events.forEach((e) => {
    if (e.error != null) w.onerror({ message: e.error });
    else w.onmessage({ data: e.data });
  });
}

// The answer given instead of sending a request again to a fresh worker: the request broke the last one.
function crashedAnswer(detail) {
  return {
    error: {
      code: "internal",
      field: null,
      message: { en: STRINGS.en.requestCrashed, zh: STRINGS.zh.requestCrashed },
      detail: String(detail || "").slice(0, 200),
    },
  };
}

// `culprit`: the id of the request the worker was answering when it died or hung (null: unknown), or
// true when the worker has answered it already.
function restartOrFail(code, detail, culprit) {
  if (culprit != null && culprit !== true && pending[culprit]) {
    const p = pending[culprit];
    delete pending[culprit];
    clearTimeout(p.timer);
    p.resolve(crashedAnswer(detail));
  }
  const explained = culprit != null && culprit !== false;
  if (status.state !== "ready" || (!explained && restarts >= UNEXPLAINED_RESTARTS)) {
    fail(code, detail);
    return;
  }
  if (!explained) restarts += 1;
  replaced += 1;
  if (worker) worker.terminate();
  worker = null;
  setStatus(LOADING);
  armWatchdog();
  Object.keys(pending).forEach((id) => { pending[id].sent = false; clearTimeout(pending[id].timer); });
  spawn(null);
}

// The worker answers in the order it was asked: the oldest request sent and unanswered is the one it is
// working on.
function oldestInFlight() {
  const ids = Object.keys(pending).filter((id) => pending[id].sent).map(Number).sort((a, b) => a - b);
  return ids.length ? ids[0] : null;
}

function flushQueue() {
  const timeout = Number(window.__miRequestTimeoutMs) || REQUEST_TIMEOUT_MS;
  Object.keys(pending).forEach((id) => {
    const p = pending[id];
    if (p.sent || !worker) return;
    p.sent = true;
    p.timer = setTimeout(() => {
      if (!pending[id]) return;
      const culprit = oldestInFlight();
      restartOrFail("worker", "no answer to request " + culprit + " within " + timeout / 1000 + " s", culprit);
    }, timeout);
    worker.postMessage(p.simulate ? { id: Number(id), request: p.request, simulate: p.simulate }
      : { id: Number(id), request: p.request });
  });
}

// `simulate`: test hook only ("fatal" or "hang", see calculator-worker.mjs answer()).
export function calculate(request, simulate) {
  const text = typeof request === "string" ? request : JSON.stringify(request);
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending[id] = { request: text, resolve, reject, sent: false, timer: null, simulate: simulate || null };
    if (status.state === "ready") flushQueue();
    else if (status.state === "failed") { delete pending[id]; reject(new Error("calculator " + status.code)); }
    else start();
  });
}

export function retry() {
  if (status.state === "loading" || status.state === "ready") return ready;
  restarts = 0;
  manifestPromise = null;
  setStatus({ state: "idle" });
  return start();
}

// Test hook: makes the worker die with an uncaught error, as a crash would.
export function simulateCrash() {
  if (worker) worker.postMessage({ type: "crash" });
}

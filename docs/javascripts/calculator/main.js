/*
 * The browser calculator (ES modules, shipped bundled into one as assets/widget/calculator.js by
 * guide/widget_bundle.py and loaded with type="module" from mkdocs.yml extra_javascript): builds an
 * accessible form inside every
 *   <div class="mi-calculator" data-region="SLUG" data-lang="en|zh" data-autostart="true|false">
 * and runs the project's own Python core (the `calculator` wheel) on self-hosted Pyodide in a module Web
 * Worker (../calculator-worker.mjs). Nothing typed leaves the browser: the only requests go to this site
 * for the runtime files named in assets/runtime/manifest.json.
 *
 * JS API:  window.calculator.ready            Promise, resolves once the core is loaded (never rejects)
 *          window.calculator.calculate(req)   Promise of exactly what calculate_json returns (parsed)
 *          window.calculator.start()          starts loading (calculate() does too)
 *          window.calculator.retry()          starts again after a failure
 *          window.calculator.status           {state: "idle"|"loading"|"ready"|"failed", code, detail,
 *                                              stage, fraction, loaded, total (bytes, estimated on the
 *                                              wire), downloaded, readyAt: performance.now() when it
 *                                              became ready, offline: true once a repeat visit works
 *                                              without network}
 * Test hooks: window.__miStallMs, window.__miRequestTimeoutMs (runtime-client.js),
 *             window.__miNoServiceWorker (offline.js), window.calculator.__crash() (the worker dies
 *             with an uncaught error), window.calculator.__calculate(request, "fatal" | "hang") (the
 *             request breaks the worker), window.calculator.__restarts (workers replaced so far).
 *
 * Loading starts when a widget scrolls into view or one of its inputs gets focus; at once when
 * data-autostart="true" or the URL query presets inputs. Re-attaches on Material's document$ (instant
 * navigation). Modules:
 *   strings.js         every word shown, en + zh, plain data
 *   urls.js            where the worker, the manifest and the service worker are
 *   runtime-client.js  the worker, request ids, the progress watchdog, restarts
 *   offline.js         the service worker registration (offline repeat visits)
 *   presets.js         URL query presets and the copy link
 *   form.js            the widget (form, status, errors, submit)
 *   results.js, timeline.js, calendar.js   the results, the SVG timeline, the .ics reminder
 *   embed-resize.js    the height report of the embeddable page
 *   dom.js             element builders and date helpers
 */
import { reportHeight } from "./embed-resize.js";
import { Widget } from "./form.js";
import { keepOffline } from "./offline.js";
import { hasPresets, queryPresets } from "./presets.js";
import * as runtime from "./runtime-client.js";

function install() {
  if (window.calculator && window.calculator.__mi) return false;
  window.calculator = {
    __mi: true,
    ready: runtime.ready,
    calculate: (request) => runtime.calculate(request),
    start: runtime.start,
    retry: runtime.retry,
    get status() { return JSON.parse(JSON.stringify(runtime.status)); },
    __crash: runtime.simulateCrash,
    __calculate: runtime.calculate, // (request, "fatal" | "hang"): a request that breaks the worker
    get __restarts() { return runtime.restartCount(); },
  };
  // Later than the first answers, so that copying the runtime into the offline cache never competes.
  runtime.onFirstReady(() => setTimeout(keepOffline, 1500));
  return true;
}

const observer = "IntersectionObserver" in window ? new IntersectionObserver((entries) => {
  entries.forEach((e) => {
    if (e.isIntersecting) { runtime.start(); observer.disconnect(); }
  });
}, { rootMargin: "200px" }) : null;

function attach() {
  const nodes = document.querySelectorAll("div.mi-calculator");
  const presets = queryPresets();
  const preset = hasPresets(presets);
  let eager = false;
  nodes.forEach((node) => {
    if (node.getAttribute("data-mi-attached") === "true") return;
    node.setAttribute("data-mi-attached", "true");
    const widget = new Widget(node);
    node.__miWidget = widget;
    if (node.getAttribute("data-autostart") === "true" || preset) eager = true;
    if (observer) observer.observe(node);
    // Calculate at once only when the link says everything; a link without a base (the wage stays
    // private unless shared) waits for the reader to type one instead of greeting them with an error.
    // It is queued at once (the reader sees it waiting), once the region list confirms the region: a
    // region that is not ours is never calculated, only listed among the unused settings.
    if (preset && presets["gap-start"] && presets["gap-end"] && presets.base) {
      widget.regionKnown().then((known) => { if (known) widget.submit("quote"); });
    }
    reportHeight(node);
  });
  // Widgets detached by instant navigation stop listening for status changes.
  const live = Array.from(document.querySelectorAll("div.mi-calculator"));
  runtime.pruneListeners((fn) => live.some((n) => n.__miWidget && n.__miWidget.onStatus === fn));
  if (nodes.length && !observer) eager = true;
  if (eager) runtime.start();
}

if (install()) {
  // A module runs once the document is parsed: a widget that starts at once need not wait for document$.
  if (document.querySelector('div.mi-calculator[data-autostart="true"]')) runtime.start();
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(attach);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attach);
  } else {
    attach();
  }
}

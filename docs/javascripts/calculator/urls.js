// Where the widget's files live, from this module's own URL (javascripts/calculator/urls.js): the
// worker next to the widget's folder, the runtime manifest and the service worker at the site root.
export const WORKER_URL = new URL("../calculator-worker.mjs", import.meta.url).href;
export const MANIFEST_URL = new URL("../../assets/runtime/manifest.json", import.meta.url).href;
export const SITE_ROOT = new URL("../../", import.meta.url).href;
export const SERVICE_WORKER_URL = new URL("../../sw.js", import.meta.url).href;

// Where the widget's files live, from this module's own URL: two folders below the site root, whether read as
// a source module (javascripts/calculator/urls.js) or bundled (assets/widget/calculator.js, as the site ships it).
export const SITE_ROOT = new URL("../../", import.meta.url).href;
export const WORKER_URL = new URL("javascripts/calculator-worker.mjs", SITE_ROOT).href;
export const MANIFEST_URL = new URL("assets/runtime/manifest.json", SITE_ROOT).href;
export const SERVICE_WORKER_URL = new URL("sw.js", SITE_ROOT).href;

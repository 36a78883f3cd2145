/*
 * The embeddable calculator page (/embed/calculator/, overrides/embed.html) only:
 *  - points the "back" link at the full page of the region named by the `region` query parameter, using
 *    /api/regions.json from this site (default: the regions index); the slug is checked against that list
 *    and everything from the URL is handled with URL APIs and textContent, never as HTML;
 *  - opens links to other pages in a new tab: the other pages of the site refuse to be framed
 *    (frame-ancestors 'none'), and a partner's page should stay where it is.
 * The widget itself (calculator.js, data-embed="true") reports its height to the parent window.
 */
(function () {
  "use strict";

  var SCRIPT_URL = (document.currentScript && document.currentScript.src) || new URL("javascripts/embed.js", document.baseURI).href;
  var SITE_ROOT = new URL("../", SCRIPT_URL);
  var REGIONS_URL = new URL("api/regions.json", SITE_ROOT);
  var SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

  function pageLang() {
    return /^zh/i.test(document.documentElement.lang || "") ? "zh" : "en";
  }

  function fill(template, values) {
    return String(template || "").replace(/\{(\w+)\}/g, function (m, k) { return values[k] != null ? values[k] : m; });
  }

  function linkBack() {
    var link = document.querySelector("a.mi-embed__back");
    if (!link || link.getAttribute("data-mi-linked") === "true") return;
    link.setAttribute("data-mi-linked", "true");
    var slug = new URLSearchParams(window.location.search).get("region");
    if (!slug || !SLUG.test(slug)) return; // absent or malformed: the regions index stays
    fetch(REGIONS_URL.href, { cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + REGIONS_URL.href);
      return r.json();
    }).then(function (index) {
      var lang = pageLang();
      var region = (index.regions || []).filter(function (r) { return r && r.slug === slug; })[0];
      if (!region || !region.urls || typeof region.urls[lang] !== "string") return; // unknown: the index stays
      var target = new URL(region.urls[lang].replace(/^\/+/, ""), SITE_ROOT);
      if (target.origin !== SITE_ROOT.origin) return;
      var name = (region.name && (region.name[lang] || region.name.en)) || slug;
      link.href = target.href;
      link.textContent = fill(link.getAttribute("data-text-region"), { region: name });
      if (region.last_reviewed && /^\d{4}-\d{2}-\d{2}$/.test(region.last_reviewed)) {
        var reviewed = document.createElement("span");
        reviewed.className = "mi-embed__reviewed";
        reviewed.textContent = " (" + fill(link.getAttribute("data-text-reviewed"), { region: name, date: region.last_reviewed }) + ")";
        link.parentNode.insertBefore(reviewed, link.nextSibling);
      }
    }).catch(function () { /* offline or blocked: the regions index link stays */ });
  }

  // Links that leave this page open in a new tab (a framed page must not navigate its frame away).
  document.addEventListener("click", function (event) {
    var a = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!a || a.hasAttribute("download") || a.target) return;
    var url;
    try { url = new URL(a.href, window.location.href); } catch (e) { return; }
    if (url.protocol === "blob:" || url.protocol === "data:") return;
    var samePage = url.origin === window.location.origin && url.pathname === window.location.pathname &&
      url.search === window.location.search;
    if (samePage && url.hash) return;
    a.target = "_blank";
    a.rel = ((a.rel || "") + " noopener").trim();
  }, true);

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", linkBack);
  else linkBack();
})();

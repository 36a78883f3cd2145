// The 404 page holds both languages (overrides/404.html): keep the one of the path the reader asked for.
(function () {
  "use strict";
  var sections = document.querySelectorAll("section.mi-not-found");
  if (sections.length < 2) return;
  var lang = /^\/zh(\/|$)/.test(window.location.pathname) ? "zh" : "en";
  for (var i = 0; i < sections.length; i++) {
    if (sections[i].getAttribute("data-lang") !== lang) sections[i].hidden = true;
  }
})();

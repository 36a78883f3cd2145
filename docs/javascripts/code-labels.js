/*
 * Accessibility (axe "landmark-unique"): the theme wraps each code block's copy button in a <nav>, so a page
 * with several code blocks (partners, contract) has several unnamed navigation landmarks. Name each one.
 */
(function () {
  "use strict";
  var word = /^zh/i.test(document.documentElement.lang || "") ? "代码块 " : "Code block ";
  function label() {
    var navs = document.querySelectorAll("nav.md-code__nav");
    for (var i = 0; i < navs.length; i++) {
      if (!navs[i].hasAttribute("aria-label")) navs[i].setAttribute("aria-label", word + (i + 1));
    }
  }
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
  label();
})();

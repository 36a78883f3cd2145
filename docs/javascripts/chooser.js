// Home page city chooser (guide/shortcodes.py writes the form): the chosen city's page opens on submit, and the
// situation links point at that city's answer. Without JavaScript the links lead to the list of regions.
(function () {
  "use strict";
  function attach(form) {
    var select = form.querySelector("select");
    var base = form.getAttribute("data-regions");
    var links = document.querySelectorAll("a.mi-situation");
    function page(slug) { return base + encodeURIComponent(slug) + "/"; }
    function update() {
      for (var i = 0; i < links.length; i++) {
        var link = links[i];
        link.href = select.value ? page(select.value) + "#" + link.getAttribute("data-answer") : "#region";
      }
    }
    select.addEventListener("change", update);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (select.value) window.location.href = page(select.value) + "#summary";
      else select.focus();
    });
    for (var i = 0; i < links.length; i++) {
      links[i].addEventListener("click", function (event) {
        if (select.value) return;
        event.preventDefault();
        select.focus();
      });
    }
    update();
  }
  var forms = document.querySelectorAll("form.mi-chooser");
  for (var i = 0; i < forms.length; i++) attach(forms[i]);
})();

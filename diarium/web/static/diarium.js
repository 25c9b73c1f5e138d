// Diarium: toggling fact kinds in a document's text, and jumping between a fact and its table row.
(function () {
  "use strict";
  function flash(element) {
    if (!element) return;
    element.scrollIntoView({ behavior: "smooth", block: "center" });
    element.classList.add("flash");
    setTimeout(function () { element.classList.remove("flash"); }, 1600);
  }
  document.addEventListener("DOMContentLoaded", function () {
    var text = document.getElementById("doctext");
    if (!text) return;
    document.querySelectorAll("#legend input[data-kind]").forEach(function (box) {
      box.addEventListener("change", function () {
        text.classList.toggle("hide-" + box.dataset.kind, !box.checked);
      });
    });
    text.addEventListener("click", function (event) {
      var mark = event.target.closest("mark.fact");
      if (mark) flash(document.getElementById("r" + mark.dataset.fact));
    });
    text.addEventListener("keydown", function (event) {
      var mark = event.target.closest("mark.fact");
      if (mark && event.key === "Enter") flash(document.getElementById("r" + mark.dataset.fact));
    });
    document.querySelectorAll("a.goto").forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        flash(document.getElementById(link.getAttribute("href").slice(1)));
      });
    });
  });
})();

// The check-in list filters itself as staff type (the search form still works without it).
(function () {
  "use strict";
  var input = document.querySelector("[data-check-in-filter]");
  if (!input) { return; }
  var list = document.getElementById(input.getAttribute("data-check-in-filter"));
  var none = document.getElementById("check-in-none");
  if (!list) { return; }
  var fold = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  };
  var rows = Array.prototype.slice.call(list.querySelectorAll("[data-search]"));
  rows.forEach(function (row) { row.dataset.folded = fold(row.getAttribute("data-search")); });
  var carried = Array.prototype.slice.call(list.querySelectorAll("input[name=q]"));
  input.addEventListener("input", function () {
    // A check-in reloads the page: it comes back filtered by what was typed.
    carried.forEach(function (hidden) { hidden.value = input.value; });
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (row) {
      var match = words.every(function (word) { return row.dataset.folded.indexOf(word) !== -1; });
      row.hidden = !match;
      if (match) { shown += 1; }
    });
    if (none) { none.hidden = shown !== 0; }
  });
})();

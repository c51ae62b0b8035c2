// ipcli: a filter over the rows of the site's lists of plans and deadlines, as you type. No
// outside files and no server: it works from disk (file://). Without it the page shows every row.
(function () {
  "use strict";
  var holder = document.querySelector("[data-filter]");
  if (!holder || !String.prototype.normalize) { return; }
  // as ipcli compares names (language/fold.py): case and accents ignored, but not those of æ ø å
  function fold(s) {
    return s.toLowerCase().normalize("NFC").replace(/å/g, "\u0001").normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "").replace(/\u0001/g, "å");
  }
  var label = document.createElement("label");
  label.className = "filter";
  label.appendChild(document.createTextNode(holder.getAttribute("data-filter") + " "));
  var input = document.createElement("input");
  input.type = "search";
  label.appendChild(input);
  var said = document.createElement("p");
  said.className = "filter-count";
  said.setAttribute("role", "status");
  holder.parentNode.insertBefore(label, holder);
  holder.parentNode.insertBefore(said, holder);
  var rows = Array.prototype.slice.call(holder.querySelectorAll("tbody tr"));
  var texts = rows.map(function (r) {
    var section = r.closest("section");
    var heading = section ? section.querySelector("h2") : null;
    return fold((heading ? heading.textContent + " " : "") + r.textContent);
  });
  var sections = Array.prototype.slice.call(holder.querySelectorAll("section"));
  input.addEventListener("input", function () {
    var words = fold(input.value).split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (r, i) {
      var hit = words.every(function (w) { return texts[i].indexOf(w) >= 0; });
      r.hidden = !hit;
      if (hit) { shown += 1; }
    });
    sections.forEach(function (s) { s.hidden = !s.querySelector("tbody tr:not([hidden])"); });
    said.textContent = words.length ? holder.getAttribute("data-filter-count").replace("{n}", shown) : "";
  });
})();

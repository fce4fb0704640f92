// Filters and sorting for the "All papers" table. No dependencies, no build step.
// Without JavaScript the form stays hidden and the table lists every paper.
(function () {
  "use strict";
  function init() {
    var table = document.getElementById("effplm-papers");
    var form = document.getElementById("effplm-filters");
    if (!table || !form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var original = rows.slice();
    var count = document.getElementById("effplm-count");
    var sortKey = "", sortDir = 1;
    var fields = ["q", "category", "venue", "from", "to", "code"];

    function read() {
      var params = new URLSearchParams(window.location.search);
      fields.forEach(function (name) {
        var el = form.elements[name];
        var value = params.get(name) || "";
        if (el.type === "checkbox") el.checked = value === "1"; else el.value = value;
      });
      var sort = params.get("sort") || "";
      sortDir = sort.charAt(0) === "-" ? -1 : 1;
      sortKey = sort.replace(/^-/, "");
    }

    function state() {
      var params = new URLSearchParams();
      fields.forEach(function (name) {
        var el = form.elements[name];
        var value = el.type === "checkbox" ? (el.checked ? "1" : "") : el.value.trim();
        if (value) params.set(name, value);
      });
      if (sortKey) params.set("sort", (sortDir < 0 ? "-" : "") + sortKey);
      return params;
    }

    function normalize(text) {
      return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
    }

    function cellText(row, key) {
      var index = { title: 0, authors: 1, year: 2, venue: 3, category: 4 }[key];
      return row.cells[index].textContent;
    }

    function apply(push) {
      var p = state();
      var q = normalize(p.get("q") || "");
      var terms = q.split(/\s+/).filter(Boolean);
      var cat = p.get("category"), venue = p.get("venue");
      var from = parseInt(p.get("from") || "", 10), to = parseInt(p.get("to") || "", 10);
      var code = p.get("code") === "1";
      var shown = 0;
      var ordered = original.slice();
      if (sortKey) {
        ordered.sort(function (a, b) {
          var x = cellText(a, sortKey), y = cellText(b, sortKey);
          var cmp = sortKey === "year" ? (parseInt(x, 10) - parseInt(y, 10)) : x.localeCompare(y);
          return cmp * sortDir;
        });
      }
      ordered.forEach(function (row) {
        var ok = true;
        if (cat && (" " + row.dataset.categories + " ").indexOf(" " + cat + " ") < 0) ok = false;
        if (venue && row.dataset.venue !== venue) ok = false;
        var year = parseInt(row.dataset.year, 10);
        if (!isNaN(from) && year < from) ok = false;
        if (!isNaN(to) && year > to) ok = false;
        if (code && row.dataset.code !== "1") ok = false;
        if (ok && terms.length) {
          var hay = normalize(row.textContent + " " + row.dataset.title);
          ok = terms.every(function (t) { return hay.indexOf(t) >= 0; });
        }
        row.hidden = !ok;
        if (ok) shown++;
        tbody.appendChild(row);
      });
      table.querySelectorAll("th[data-sort]").forEach(function (th) {
        th.setAttribute("aria-sort", th.dataset.sort === sortKey ? (sortDir > 0 ? "ascending" : "descending") : "none");
      });
      count.textContent = shown + " of " + original.length + " papers";
      var query = p.toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (push) window.history.replaceState(null, "", url);
    }

    form.addEventListener("input", function () { apply(true); });
    form.addEventListener("change", function () { apply(true); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { sortKey = ""; apply(true); }, 0); });
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      th.tabIndex = 0;
      th.addEventListener("click", function () {
        if (sortKey === th.dataset.sort) sortDir = -sortDir; else { sortKey = th.dataset.sort; sortDir = 1; }
        apply(true);
      });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") th.click(); });
    });
    window.addEventListener("popstate", function () { read(); apply(false); });
    read();
    apply(false);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

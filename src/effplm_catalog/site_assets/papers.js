// Filters, sorting, URL state and export for the "All papers" table (render/table.py).
// Loaded by that page alone. No dependencies, no build step, no request but papers.bib.
// Without JavaScript the form stays hidden and the table lists every paper.
(function () {
  "use strict";
  // Multi-valued filters: a row's data-<name> lists its values, separated by spaces; the URL
  // repeats the parameter for several chosen values, and a row needs any one of them.
  var FACETS = ["category", "venue", "kind", "track", "tag"];
  var FLAGS = ["code", "link"]; // yes-or-any filters: data-<name> is "1" or "0"
  var COLUMNS = { title: 0, authors: 1, year: 2, venue: 3, category: 4 }; // sortable, by cell
  var CSV_FIELDS = ["id", "bibtex_key", "title", "authors", "year", "venue", "venue_label", "kind", "track",
    "categories", "tags", "url", "code", "page"];

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function init() {
    var table = document.getElementById("effplm-papers");
    var form = document.getElementById("effplm-filters");
    if (!table || !form || form.dataset.ready) return;
    form.dataset.ready = "1";
    form.hidden = false;
    var tbody = table.tBodies[0];
    var count = document.getElementById("effplm-count");
    var status = document.getElementById("effplm-export-status");
    var sort = form.querySelector("select[name=sort]");
    var sorted = "";

    // What the filters need of each row, read once.
    var rows = Array.prototype.map.call(tbody.rows, function (tr, index) {
      var row = { tr: tr, index: index, year: parseInt(tr.dataset.year, 10), values: {}, sortText: {} };
      FACETS.forEach(function (name) { row.values[name] = (tr.dataset[name] || "").split(" ").filter(Boolean); });
      FLAGS.forEach(function (name) { row[name] = tr.dataset[name] === "1"; });
      Object.keys(COLUMNS).forEach(function (key) { row.sortText[key] = tr.cells[COLUMNS[key]].textContent; });
      // The text filter sees the visible cells, every author (the cell may show three) and data-text.
      row.text = fold([tr.cells[0].textContent, tr.dataset.authors, tr.cells[3].textContent,
        tr.cells[4].textContent, tr.dataset.text].join(" "));
      return row;
    });

    var boxesByName = {};
    FACETS.concat(FLAGS).forEach(function (name) {
      boxesByName[name] = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox][name=" + name + "]"));
    });
    function boxes(name) { return boxesByName[name]; }
    function chosen(name) {
      return boxes(name).filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    }
    function field(name) { return form.querySelector("input[name=" + name + "]"); }
    function year(name) {
      var value = field(name).value; // a number input holds "" for anything that is not a number
      return value === "" ? NaN : Math.floor(Number(value));
    }

    // URL → form. Values the page does not offer (?category=nope, ?sort=bogus, ?from=abc) are dropped.
    function read() {
      var params = new URLSearchParams(window.location.search);
      field("q").value = params.get("q") || "";
      field("from").value = params.get("from") || "";
      field("to").value = params.get("to") || "";
      sort.value = params.get("sort") || "";
      if (sort.selectedIndex < 0) sort.value = "";
      FACETS.forEach(function (name) {
        var wanted = [];
        params.getAll(name).forEach(function (v) { wanted = wanted.concat(v.split(",")); }); // a=x&a=y or a=x,y
        boxes(name).forEach(function (b) { b.checked = wanted.indexOf(b.value) >= 0; });
      });
      FLAGS.forEach(function (name) { field(name).checked = params.get(name) === "1"; });
    }

    // Form → URL parameters.
    function state() {
      var params = new URLSearchParams();
      var q = field("q").value.trim();
      if (q) params.set("q", q);
      FACETS.forEach(function (name) { chosen(name).forEach(function (v) { params.append(name, v); }); });
      ["from", "to"].forEach(function (name) { if (!isNaN(year(name))) params.set(name, String(year(name))); });
      FLAGS.forEach(function (name) { if (field(name).checked) params.set(name, "1"); });
      if (sort.value) params.set("sort", sort.value);
      return params;
    }

    function reorder() {
      if (sort.value === sorted) return;
      sorted = sort.value;
      var dir = sorted.charAt(0) === "-" ? -1 : 1, key = sorted.replace(/^-/, "");
      var list = rows.slice();
      if (key) {
        list.sort(function (a, b) {
          var cmp = key === "year" ? a.year - b.year : a.sortText[key].localeCompare(b.sortText[key]);
          return cmp * dir || a.index - b.index; // ties keep the default order (newest first)
        });
      }
      list.forEach(function (row) { tbody.appendChild(row.tr); });
      table.querySelectorAll("th[data-sort]").forEach(function (th) {
        var state = th.dataset.sort !== key ? "none" : dir > 0 ? "ascending" : "descending";
        th.setAttribute("aria-sort", state);
      });
    }

    function apply() {
      var picked = {};
      FACETS.forEach(function (name) { picked[name] = chosen(name); });
      var flags = {};
      FLAGS.forEach(function (name) { flags[name] = field(name).checked; });
      var terms = fold(field("q").value).split(/\s+/).filter(Boolean);
      var from = year("from"), to = year("to");
      var tests = FACETS.concat(FLAGS, ["rest"]);
      var counts = {};
      tests.forEach(function (name) { counts[name] = {}; });
      var shown = 0;
      rows.forEach(function (row) {
        // Which filters the row passes: a count shows the rows a value would add to the others' choice.
        var pass = {};
        FACETS.forEach(function (name) {
          var want = picked[name];
          pass[name] = !want.length || row.values[name].some(function (v) { return want.indexOf(v) >= 0; });
        });
        FLAGS.forEach(function (name) { pass[name] = !flags[name] || row[name]; });
        pass.rest = (isNaN(from) || row.year >= from) && (isNaN(to) || row.year <= to) &&
          terms.every(function (t) { return row.text.indexOf(t) >= 0; });
        var failed = tests.filter(function (name) { return !pass[name]; });
        row.tr.hidden = failed.length > 0;
        if (!failed.length) shown++;
        if (failed.length > 1) return;
        FACETS.forEach(function (name) {
          if (failed.length && failed[0] !== name) return;
          row.values[name].forEach(function (v) { counts[name][v] = (counts[name][v] || 0) + 1; });
        });
        FLAGS.forEach(function (name) {
          if ((!failed.length || failed[0] === name) && row[name]) counts[name]["1"] = (counts[name]["1"] || 0) + 1;
        });
      });
      FACETS.concat(FLAGS).forEach(function (name) {
        boxes(name).forEach(function (b) {
          var n = counts[name][b.value] || 0;
          b.parentNode.querySelector(".effplm-n").textContent = n;
          b.parentNode.classList.toggle("effplm-zero", n === 0 && !b.checked);
        });
      });
      form.querySelectorAll("details[data-facet]").forEach(function (details) {
        var n = picked[details.dataset.facet].length;
        details.querySelector(".effplm-chosen").textContent = n ? " (" + n + ")" : "";
      });
      reorder();
      count.textContent = shown + " of " + rows.length + " papers";
      var query = state().toString();
      var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
      if (url !== window.location.pathname + window.location.search + window.location.hash) {
        window.history.replaceState(null, "", url);
      }
    }

    function visible() {
      return Array.prototype.filter.call(tbody.rows, function (tr) { return !tr.hidden; });
    }

    function download(name, type, content) {
      var url = URL.createObjectURL(new Blob([content], { type: type }));
      var a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }

    // Like papers.csv (exports.py): a cell a spreadsheet would run as a formula gets a leading quote.
    function csvCell(value) {
      var text = /^[=+\-@\t\r]/.test(value) ? "'" + value : value;
      return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
    }

    function exportCsv() {
      var lines = [CSV_FIELDS.join(",")];
      visible().forEach(function (tr) {
        var d = tr.dataset;
        var link = tr.querySelector("a.effplm-paper-link"), code = tr.querySelector("a.effplm-code-link");
        var values = [d.id, d.key, tr.cells[0].textContent, d.authors, d.year, d.venue, tr.cells[3].textContent,
          d.kind, d.track, d.category.split(" ").join("; "), d.tag.split(" ").join("; "),
          link ? link.getAttribute("href") : "", code ? code.getAttribute("href") : "",
          tr.cells[0].querySelector("a").href];
        lines.push(values.map(csvCell).join(","));
      });
      download("effplm-papers.csv", "text/csv;charset=utf-8", lines.join("\n") + "\n");
    }

    var bib = null; // papers.bib, fetched on the first BibTeX export
    function exportBibtex(button) {
      var keys = visible().map(function (tr) { return tr.dataset.key; });
      button.disabled = true;
      status.textContent = "";
      bib = bib || fetch(button.dataset.src).then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      });
      bib.then(function (text) {
        // Entries start with "@type{key," at the start of a line (bibtex.py writes one per paper).
        var byKey = {}, starts = [], re = /^@[A-Za-z]+\{([^,\s]+),/gm, m;
        while ((m = re.exec(text))) starts.push({ at: m.index, key: m[1] });
        starts.forEach(function (s, i) {
          byKey[s.key] = text.slice(s.at, i + 1 < starts.length ? starts[i + 1].at : text.length).trim() + "\n";
        });
        var kept = keys.filter(function (k) { return k in byKey; }).map(function (k) { return byKey[k]; });
        download("effplm-papers.bib", "application/x-bibtex;charset=utf-8", kept.join("\n"));
      }).catch(function (error) {
        bib = null;
        status.textContent = "Could not load the BibTeX file (" + error.message + ").";
      }).then(function () { button.disabled = false; });
    }

    form.addEventListener("input", apply);
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.querySelector("[data-export=csv]").addEventListener("click", exportCsv);
    form.querySelector("[data-export=bibtex]").addEventListener("click", function (e) { exportBibtex(e.target); });

    // One facet list open at a time; a click elsewhere or Escape closes it.
    var facets = Array.prototype.slice.call(form.querySelectorAll("details[data-facet]"));
    facets.forEach(function (details) {
      details.addEventListener("toggle", function () {
        if (details.open) facets.forEach(function (d) { if (d !== details) d.open = false; });
      });
    });
    document.addEventListener("click", function (e) {
      facets.forEach(function (d) { if (d.open && !d.contains(e.target)) d.open = false; });
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape") facets.forEach(function (d) { d.open = false; });
    });

    // A heading's click sorts by its column, a second click the other way.
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      th.tabIndex = 0;
      th.addEventListener("click", function () {
        sort.value = sort.value === th.dataset.sort ? "-" + th.dataset.sort : th.dataset.sort;
        apply();
      });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") th.click(); });
    });
    window.addEventListener("popstate", function () { read(); apply(); });
    read();
    apply();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();

// The site's search engine, loaded by the search worker (search.js) on the first query. It
// ranks papers by field (identifiers, title, authors, tags, venue, year, categories), folds
// accents, treats "8-bit", "8bit" and "int8" alike, and never fails on a partial query.
// Results are in the shape Material for MkDocs renders (its templates insert titles and
// texts as HTML: everything from the index is escaped here). No dependencies, no build step.
(function () {
  "use strict";
  var INDEX_URL = new URL("../../search/effplm-index.json", self.location.href).href;
  var WEIGHT = { ids: 12, title: 10, authors: 8, tags: 6, year: 4, venue: 4, categories: 3, description: 1 };
  var loading = null;

  var LETTERS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[ßæœøłđðþı]/g, function (c) { return LETTERS[c]; });
  }

  var WORD = /[\p{L}\p{N}]+(?:[-.'’+][\p{L}\p{N}]+)*/gu;
  // One word's tokens: its parts, and the parts joined ("BERT-of-Theseus": bert, of, theseus,
  // bertoftheseus; "LLM.int8": llm, int8, llmint8).
  function wordTokens(word) {
    var parts = word.split(/[-.'’+]/).filter(Boolean);
    return parts.length > 1 ? parts.concat([parts.join("")]) : parts;
  }
  function tokens(text) {
    var out = [];
    (fold(text).match(WORD) || []).forEach(function (word) { out.push.apply(out, wordTokens(word)); });
    return out;
  }

  // Forms a query term also matches: int8 and 8bit (and 8-bit, whose parts join to 8bit).
  function alternatives(term) {
    var m = /^int(\d+)$/.exec(term) || /^(\d+)bits?$/.exec(term);
    return m ? [term, "int" + m[1], m[1] + "bit"] : [term];
  }

  // A title's first word as a name: "LoRA:" gives lora, "LoRA+" lora+, "LoRA-SP" lorasp.
  function firstWord(title) {
    var m = /[\p{L}\p{N}][\p{L}\p{N}\-.'’+]*/u.exec(fold(title));
    return m ? m[0].replace(/[-.'’]+$/, "").replace(/[-.'’]/g, "") : "";
  }

  function field(list) {
    return { list: list, set: new Set(list) };
  }

  function prepare(data) {
    var categories = data.categories.map(function (c) {
      return { url: c[0], title: c[1], description: c[2], count: 0,
        fields: { title: field(tokens(c[1])), description: field(tokens(c[2])) } };
    });
    var papers = data.papers.map(function (p) {
      var venue = data.venues[p[3]] || ["", ""];
      var cats = p[6].map(function (i) { return categories[i]; }).filter(Boolean);
      cats.forEach(function (c) { c.count++; });
      var authorTokens = p[2].map(tokens);
      return {
        url: p[0], title: p[1], authors: p[2], label: p[4], year: p[5], categories: cats,
        folded: tokens(p[1]).join(" "),
        name: firstWord(p[1]),
        authorTokens: authorTokens,
        fields: {
          ids: field([].concat.apply([], p[8].map(tokens))),
          title: field(tokens(p[1])),
          authors: field([].concat.apply([], authorTokens)),
          tags: field([].concat.apply([], p[7].map(tokens))),
          year: field([String(p[5])]),
          venue: field(tokens(venue[0] + " " + venue[1] + " " + p[4])),
          categories: field([].concat.apply([], cats.map(function (c) { return c.fields.title.list; })))
        }
      };
    });
    return { papers: papers, categories: categories };
  }

  function load() {
    if (!loading) {
      loading = fetch(INDEX_URL).then(function (response) {
        if (!response.ok) throw new Error("search index: HTTP " + response.status);
        return response.json();
      }).then(prepare);
      loading.catch(function () { loading = null; });  // a failed download is tried again next time
    }
    return loading;
  }

  // How well one query term matches one field: 1 exact (or an equivalent form), 0.7 when the
  // term's parts are all there, 0.5 as the start of a word (the word being typed, or 4+ letters).
  function quality(term, f, isLast) {
    var alts = term.alts, best = 0;
    for (var i = 0; i < alts.length; i++) if (f.set.has(alts[i])) return 1;
    if (term.parts.length > 1 && term.parts.every(function (p) { return f.set.has(p); })) best = 0.7;
    if (best < 0.5 && (isLast || term.text.length >= 4) && term.text.length >= 2) {
      for (var j = 0; j < f.list.length; j++) {
        if (f.list[j].length > term.text.length && f.list[j].lastIndexOf(term.text, 0) === 0) return 0.5;
      }
    }
    return best;
  }

  function parse(query) {
    var words = fold(query).match(WORD) || [];
    var open = !/\s$/.test(query);  // the last word is still being typed
    return words.map(function (word, i) {
      var parts = word.split(/[-.'’+]/).filter(Boolean);
      var text = parts.join("");
      return { word: word, text: text, parts: parts, alts: alternatives(text), last: open && i === words.length - 1 };
    });
  }

  function score(doc, terms) {
    var total = 0, matched = {}, inField = {};
    terms.forEach(function (term) {
      var best = 0;
      Object.keys(doc.fields).forEach(function (name) {
        var q = quality(term, doc.fields[name], term.last);
        if (q > 0) inField[name] = (inField[name] || 0) + 1;
        best = Math.max(best, q * WEIGHT[name]);
      });
      matched[term.word] = matched[term.word] || best > 0;
      total += best;
    });
    if (doc.authors) total += paperBonus(doc, terms, inField);
    return { score: total, matched: matched };
  }

  function paperBonus(doc, terms, inField) {
    var bonus = 0;
    if (terms.length > 1 && inField.title === terms.length) bonus += 4;
    if (terms.length && doc.name === terms[0].text) bonus += 3;  // the paper that names a method
    else if (terms.length && doc.fields.title.list[0] === terms[0].text) bonus += 1;  // one of its variants
    var phrase = terms.map(function (t) { return t.parts.join(" "); }).join(" ");
    if (terms.length > 1 && (" " + doc.folded + " ").indexOf(" " + phrase + " ") >= 0) bonus += 4;
    if (terms.length > 1 && doc.authorTokens.some(function (name) {
      var f = field(name);
      return terms.every(function (t) { return quality(t, f, t.last) > 0; });
    })) bonus += 6;  // one author's given and family names
    return bonus;
  }

  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
    });
  }

  // The text, HTML-escaped, with the words that match a query term marked.
  function highlight(text, terms) {
    var out = "", last = 0;
    String(text).replace(WORD, function (word, offset) {
      var set = new Set(wordTokens(fold(word)));
      var hit = terms.some(function (t) {
        return quality(t, { set: set, list: Array.from(set) }, t.last) > 0;
      });
      out += escapeHTML(text.slice(last, offset)) + (hit ? "<mark>" + escapeHTML(word) + "</mark>" : escapeHTML(word));
      last = offset + word.length;
      return word;
    });
    return out + escapeHTML(text.slice(last));
  }

  function authorsText(authors) {
    return authors.length > 4 ? authors.slice(0, 3).join(", ") + " et al." : authors.join(", ");
  }

  function search(index, query) {
    var terms = parse(query);
    if (!terms.length) return { items: [] };
    var found = [];
    index.papers.concat(index.categories).forEach(function (doc) {
      var result = score(doc, terms);
      var missing = terms.filter(function (t) { return !result.matched[t.word]; }).length;
      if (missing < terms.length) found.push({ doc: doc, score: result.score, matched: result.matched, missing: missing });
    });
    var complete = found.filter(function (r) { return r.missing === 0; });
    var shown = (complete.length ? complete : found).sort(function (a, b) {
      return a.missing - b.missing || b.score - a.score || (b.doc.year || 0) - (a.doc.year || 0) ||
        (a.doc.title < b.doc.title ? -1 : a.doc.title > b.doc.title ? 1 : 0);
    });
    return {
      items: shown.map(function (r) {
        var doc = r.doc, text;
        if (doc.authors) {
          text = highlight(authorsText(doc.authors), terms) + " · " + highlight(doc.label, terms) + " · " +
            doc.categories.map(function (c) { return escapeHTML(c.title); }).join(", ");
        } else {
          text = "Category · " + doc.count + " paper" + (doc.count === 1 ? "" : "s") + " · " +
            highlight(doc.description, terms);
        }
        return [{ location: doc.url, title: highlight(doc.title, terms), text: text, score: r.score, terms: r.matched }];
      })
    };
  }

  self.effplmSearch = {
    load: load,
    search: function (index, query) {
      try { return search(index, query); } catch (err) { return { items: [] }; }
    }
  };
})();

// The site's search worker, started by Material for MkDocs' page scripts in place of their
// Lunr worker (the effplm plugin points them here) and speaking the same protocol: messages
// SETUP 0, READY 1, QUERY 2, RESULT 3. Kept small because every page starts it: the engine
// (search-engine.js) and the index (search/effplm-index.json) are fetched on the first query,
// so a page that is only read downloads neither.
(function () {
  "use strict";
  var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
  var NOTHING = { items: [] };

  function answer(result) {
    self.postMessage({ type: RESULT, data: result });
  }

  self.addEventListener("message", function (event) {
    var message = event.data || {};
    if (message.type === SETUP) {
      self.postMessage({ type: READY });
    } else if (message.type === QUERY) {
      var query = typeof message.data === "string" ? message.data : "";
      if (!/[\p{L}\p{N}]/u.test(query)) return answer(NOTHING);  // sent when the box opens, or only punctuation
      try {
        if (!self.effplmSearch) importScripts("search-engine.js");
      } catch (err) {
        return answer(NOTHING);
      }
      self.effplmSearch.load().then(function (index) {
        return self.effplmSearch.search(index, query);
      }, function () { return NOTHING; }).then(answer);
    }
  });
})();

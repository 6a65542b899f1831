// Search over the index that `ebb build` writes to search/: the documents in
// docs.json, and the terms sharded by their first two letters, loaded only
// when a query needs them. Results are built with textContent, never HTML.
(function () {
  "use strict";
  var form = document.getElementById("search");
  if (!form) return;
  var input = form.querySelector("input[type=search]");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var base = form.getAttribute("data-index");
  var cache = {};

  function load(name) {
    if (!cache[name]) {
      cache[name] = fetch(base + name + ".json").then(function (r) {
        if (!r.ok) throw new Error(name + ": " + r.status);
        return r.json();
      });
    }
    return cache[name];
  }

  // The same folding as the index: ASCII, lowercase, words of two or more,
  // cut to 32 characters.
  function terms(q) {
    return q.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/[^a-z0-9]+/).filter(function (t) { return t.length >= 2; })
      .map(function (t) { return t.slice(0, 32); });
  }

  // Scores of the documents with a term starting with `term`; exact words count double.
  function scores(term, shards) {
    var key = term.slice(0, 2);
    if (shards.indexOf(key) < 0) return Promise.resolve({});
    return load(key).then(function (index) {
      var found = {};
      Object.keys(index).forEach(function (t) {
        if (t.lastIndexOf(term, 0) !== 0) return;
        var flat = index[t], doc = 0, bonus = t === term ? 2 : 1;
        for (var i = 0; i < flat.length; i += 2) {
          doc += flat[i];
          found[doc] = (found[doc] || 0) + flat[i + 1] * bonus;
        }
      });
      return found;
    });
  }

  function show(docs, ranked, query) {
    list.textContent = "";
    ranked.slice(0, 50).forEach(function (id) {
      var d = docs[id];
      var li = document.createElement("li");
      li.className = "search-result";
      var a = document.createElement("a");
      a.href = d.u;
      a.textContent = d.t;
      var meta = document.createElement("span");
      meta.className = "quiet";
      meta.textContent = " · " + d.d + (d.m ? " · " + d.m : "");
      li.appendChild(a);
      li.appendChild(meta);
      if (d.s) {
        var p = document.createElement("p");
        p.textContent = d.s;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
    status.textContent = ranked.length === 0 ? "Nothing found for “" + query + "”."
      : ranked.length + (ranked.length === 1 ? " entry" : " entries") +
        (ranked.length > 50 ? ", the 50 best shown." : ".");
  }

  var latest = 0;
  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    var wanted = terms(query);
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    if (wanted.length === 0) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    Promise.all([load("docs"), load("shards")]).then(function (r) {
      var docs = r[0], shards = r[1];
      return Promise.all(wanted.map(function (t) { return scores(t, shards); })).then(function (each) {
        if (ticket !== latest) return;
        // Every word must match; the score is the sum over words.
        var total = {};
        Object.keys(each[0]).forEach(function (doc) {
          if (each.every(function (s) { return doc in s; })) {
            total[doc] = each.reduce(function (sum, s) { return sum + s[doc]; }, 0);
          }
        });
        var ranked = Object.keys(total).map(Number).sort(function (a, b) {
          return total[b] - total[a] || b - a;
        });
        show(docs, ranked, query);
      });
    }).catch(function (e) {
      status.textContent = "Search is not available: " + e.message;
    });
  }

  var timer = null;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    run();
  });
  var q = new URLSearchParams(location.search).get("q");
  if (q) {
    input.value = q;
    run();
  }
})();

// Search over the index that `ebb build` writes to search/: the documents in
// docs.json, the terms sharded by their first letters (shards.json lists the
// shards), loaded only when a query needs them, and how the entries' letters
// beyond ASCII are folded (letters.json). Results are built with textContent,
// never HTML.
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

  // Queries are split exactly as src/search.rs `each_term` splits entries:
  // combining diacritics dropped; runs of Han, Hiragana, Katakana and Hangul
  // as overlapping bigrams plus their last character; other runs of letters
  // and digits as words of two or more characters, folded, cut to 32.
  var MARK = /[\u0300-\u036f]/;
  var CJK = /[\u1100-\u11ff\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7ff\uf900-\ufaff\uff66-\uffdc\u{1aff0}-\u{1b16f}\u{20000}-\u{3ffff}]/u;
  var ALNUM = /[\p{Alphabetic}\p{N}]/u;
  var ASCII = /^[a-z0-9]$/;
  // Letters no entry uses, so letters.json lacks them: folded as near to the
  // index as the browser can (a query word with one can still find an entry
  // that spells the word without it).
  var PLAIN = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };

  function fold(c, letters) {
    if (c < "\u0080") return c.toLowerCase();
    if (Object.prototype.hasOwnProperty.call(letters, c)) return letters[c];
    return Array.from(c.normalize("NFKD").toLowerCase()).map(function (d) {
      return PLAIN[d] || (MARK.test(d) || !ALNUM.test(d) ? "" : d);
    }).join("");
  }

  function terms(text, letters) {
    var out = [], word = "", run = [];
    function endWord() {
      var w = Array.from(word).slice(0, 32);
      if (w.length >= 2) out.push(w.join(""));
      word = "";
    }
    function endRun() {
      run.forEach(function (c, i) { out.push(c + (i + 1 < run.length ? run[i + 1] : "")); });
      run = [];
    }
    Array.from(text).forEach(function (c) {
      if (MARK.test(c)) return;
      var alnum = c < "\u0080" ? ASCII.test(c.toLowerCase())
        : Object.prototype.hasOwnProperty.call(letters, c) || ALNUM.test(c);
      if (alnum && CJK.test(c)) {
        endWord();
        run.push(c);
      } else if (alnum) {
        endRun();
        word += fold(c, letters);
      } else {
        endWord();
        endRun();
      }
    });
    endWord();
    endRun();
    return out;
  }

  // The shard of a term, named as src/search.rs `shard_key` names it.
  function shardKey(term) {
    var chars = Array.from(term);
    return chars.slice(0, CJK.test(chars[0]) ? 1 : 2).map(function (c) {
      return ASCII.test(c) ? c : "u" + c.codePointAt(0).toString(16).padStart(4, "0");
    }).join("");
  }

  // Scores of the documents with a term starting with `term`; exact words count double.
  function scores(term, shards) {
    var key = shardKey(term);
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
    history.replaceState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    if (!query) {
      list.textContent = "";
      status.textContent = "";
      return;
    }
    Promise.all([load("docs"), load("shards"), load("letters")]).then(function (r) {
      var docs = r[0], shards = r[1];
      var wanted = terms(query, r[2]).filter(function (t, i, all) { return all.indexOf(t) === i; });
      return Promise.all(wanted.map(function (t) { return scores(t, shards); })).then(function (each) {
        if (ticket !== latest) return;
        // Every term must match; the score is the sum over terms. A query
        // with no terms (one letter, only punctuation) matches nothing.
        var total = {};
        Object.keys(each[0] || {}).forEach(function (doc) {
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
      if (ticket === latest) status.textContent = "Search is not available: " + e.message;
    });
  }

  // How this page splits a query, for checking in a browser that it agrees
  // with the index.
  window.ebbSearchTerms = function (text) {
    return load("letters").then(function (letters) { return terms(text, letters); });
  };

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

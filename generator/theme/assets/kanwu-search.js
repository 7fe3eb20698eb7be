// kanwu search page: Pagefind's JavaScript API over the site's own index.
// Every request goes to this site (the index under pagefind/, one bundle per
// year and one for the newest month); nothing else is loaded.
//
// The index holds each run of text as a token of GRAM units at every unit (a
// Chinese character, or a number or Latin word whole; see
// generator/site/search.py): a query is turned into the same tokens and
// searched as an exact phrase, so a phrase finds every issue that contains it,
// and a number only as written. Each result keeps its page's text, tokenized
// here the same way to find the hits in it; the issue record names where each
// report's text begins, so a hit becomes an entry for the report that holds
// it, with an excerpt of its body as written.
(function () {
  "use strict";
  var root = document.querySelector(".kw-search");
  if (!root) return;
  var form = root.querySelector(".kw-search__form");
  var input = root.querySelector("#kw-q");
  var status = root.querySelector(".kw-search__status");
  var list = root.querySelector(".kw-search__results");
  var more = root.querySelector(".kw-search__more");
  var selects = Array.prototype.slice.call(root.querySelectorAll("select[data-filter]"));
  var PAGE = 20;
  var INDEX_LANGUAGE = "en"; // generator/search.py INDEX_LANGUAGE
  var GRAM = 4; // generator/search.py GRAM
  var END = "\u01c2"; // generator/site/search.py END
  var WORD_END = "\u01c1"; // generator/site/search.py WORD_END, DOT, COMMA
  var MARKS = { ".": "\u01c3", ",": "\u01c0" };
  var PACKED_BASE = 0x2800; // generator/site/search.py PACKED_BASE
  var HAN = "\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff";
  // A number or Latin word, as generator/site/search.py _WORD: letters and
  // digits, and a point or separator between digits ("68.7", "1,250").
  var WORD = "(?:(?![" + HAN + "])[\\p{L}\\p{N}])+(?:[.,][0-9]+)*";
  var RUN = "(?:[" + HAN + "]|" + WORD + ")+";
  var UNIT = "[" + HAN + "]|" + WORD;
  // A Chinese token starts with a Chinese character (a short one ends with
  // generator/site/search.py END, which no query holds).
  var IS_HAN = new RegExp("^[" + HAN + "]", "u");
  var pagefind = null;
  // The index bundles, newest first, and which of them Pagefind has merged:
  // older ones are merged only when the newer ones do not give a page of
  // results, so a common word downloads the newest bundles alone.
  var bundles = [];
  var loaded = [];
  var siteBase = "/"; // where the site is served, for the links of results
  var generation = 0; // the search now running; an older one stops
  // `covered`: how many bundles, newest first, are merged or cannot hold a
  // result of this search; the results come from those bundles only.
  var current = { results: [], counts: null, seen: {}, shown: 0, covered: 0, term: null, filters: {}, terms: [], words: [], phrase: false };
  // Which older bundles have a word starting with a term (generator/build/terms.py):
  // the bits of the hash that pick a file (0: no such files), where they are,
  // and the files fetched so far (bucket → promise of a DataView, or null).
  var termBits = 0;
  var termFolder = null;
  var termFiles = {};
  var CRC_TABLE = (function () {
    var table = new Uint32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
    return table;
  })();

  // The units of a run as tokens write them (generator/site/search.py
  // _units): a Chinese character as it is, a number or word in lower case,
  // its marks as letters, ended by WORD_END; each with where it starts.
  function units(run, at) {
    var found = [];
    var unit = new RegExp(UNIT, "gu");
    var match;
    while ((match = unit.exec(run))) {
      var text = match[0];
      if (!IS_HAN.test(text)) {
        text = text.toLowerCase().replace(/[.,]/g, function (mark) { return MARKS[mark]; }) + WORD_END;
      }
      found.push({ text: text, at: at + match.index });
    }
    return found;
  }

  function runs(text) {
    var found = [];
    var run = new RegExp(RUN, "gu");
    var match;
    while ((match = run.exec(text))) found.push(units(match[0], match.index));
    return found;
  }

  function joined(list, from, to) {
    return list.slice(from, to).map(function (unit) { return unit.text; }).join("");
  }

  // The words of a text as the index holds them, each with where it starts
  // (generator/site/search.py tokens): GRAM units from each unit of each run,
  // the last ones shorter and ending in END.
  function unitTokens(text) {
    var words = [];
    var offsets = [];
    runs(text).forEach(function (list) {
      for (var i = 0; i < list.length; i++) {
        words.push(joined(list, i, i + GRAM) + (i + GRAM <= list.length ? "" : END));
        offsets.push(list[i].at);
      }
    });
    return { words: words, offsets: offsets };
  }

  // The query for Pagefind, as generator/site/search.py search_query(): a run
  // up to GRAM units is a prefix of the token where it starts; a longer one
  // is the run of whole tokens it spans, an exact phrase when it is all that
  // was typed.
  function queryWords(text) {
    var words = [];
    var found = runs(text);
    found.forEach(function (list) {
      if (list.length > GRAM) {
        for (var i = 0; i + GRAM <= list.length; i++) words.push(joined(list, i, i + GRAM));
      } else {
        words.push(joined(list, 0, list.length));
      }
    });
    return { words: words, phrase: found.length === 1 && words.length > 1 };
  }

  function pagefindQuery(query) {
    return query.phrase ? '"' + query.words.join(" ") + '"' : query.words.join(" ");
  }

  function highlighted(text, terms) {
    var node = document.createElement("p");
    node.className = "kw-result__excerpt";
    var pattern = terms.filter(Boolean).map(function (t) {
      return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }).join("|");
    var parts = pattern ? text.split(new RegExp("(" + pattern + ")", "gi")) : [text];
    parts.forEach(function (part, i) {
      if (i % 2) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        node.appendChild(mark);
      } else if (part) {
        node.appendChild(document.createTextNode(part));
      }
    });
    return node;
  }

  function params() {
    var p = new URLSearchParams(location.search);
    input.value = p.get("q") || "";
    selects.forEach(function (s) { s.dataset.wanted = p.get(s.name) || ""; });
  }

  function remember() {
    var p = new URLSearchParams();
    if (input.value.trim()) p.set("q", input.value.trim());
    selects.forEach(function (s) { if (s.value) p.set(s.name, s.value); });
    var query = p.toString();
    history.replaceState(null, "", query ? "?" + query : location.pathname);
  }

  // The filters' values with the whole archive's counts (pagefind/shards.json),
  // shown until a search gives counts of its own results.
  var totals = {};

  function fillFilters(filters) {
    totals = filters;
    selects.forEach(function (select) {
      var values = filters[select.dataset.filter] || {};
      var keys = Object.keys(values).sort(function (a, b) {
        return select.dataset.filter === "year" ? b.localeCompare(a) : a.localeCompare(b, "zh");
      });
      keys.forEach(function (key) {
        var option = document.createElement("option");
        option.value = key;
        select.appendChild(option);
      });
      select.value = select.dataset.wanted || "";
    });
    recount(filters);
  }

  // Each value's count: issues among the results (or in the archive, with no
  // search); without counts (null), the values alone.
  function recount(counts) {
    selects.forEach(function (select) {
      var values = counts ? counts[select.dataset.filter] || {} : null;
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.value) return;
        option.textContent = values ? option.value + "（" + (values[option.value] || 0) + "）" : option.value;
      });
    });
  }

  function countsOf(search) {
    return search.filters && Object.keys(search.filters).length ? search.filters : null;
  }

  // The results' counts take Pagefind's filter files of the bundles searched,
  // which a query itself does not need: they are fetched when a reader goes to
  // a filter, not with every query (its download stays within budget).
  async function countResults() {
    if (!pagefind || !(current.term || Object.keys(current.filters).length)) return;
    var mine = generation;
    await pagefind.filters();
    var search = await pagefind.search(current.term, { filters: current.filters });
    if (mine !== generation) return;
    current.counts = countsOf(search);
    recount(current.counts);
  }

  function chosen() {
    var filters = {};
    selects.forEach(function (s) { if (s.value) filters[s.dataset.filter] = s.value; });
    return filters;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // Where the query stands in a page's words. Pagefind reports only the first
  // match of a phrase; a report further down the page may hold it too.
  function occurrences(words, wanted, phrase) {
    var found = [];
    if (!wanted.length) return found;
    for (var i = 0; i < words.length; i++) {
      if (phrase) {
        var whole = true;
        for (var j = 0; j < wanted.length && whole; j++) whole = words[i + j] === wanted[j];
        if (whole) found.push(i);
      } else if (wanted.some(function (w) { return words[i] && words[i].indexOf(w) === 0; })) {
        found.push(i);
      }
    }
    return found;
  }

  // meta.reports: JSON, one {anchor, at, body, end, title, units, category}
  // per report in page order (where its text, its body and their end are in
  // the page's text, in UTF-16 units), each UTF-8 byte packed as a Braille pattern so that Pagefind,
  // which searches metadata, finds no word in it (generator/site/search.py packed).
  function reportsOf(data) {
    var packed = data.meta.reports || "";
    if (!packed) return [];
    var bytes = new Uint8Array(packed.length);
    for (var i = 0; i < packed.length; i++) bytes[i] = packed.charCodeAt(i) - PACKED_BASE;
    var reports = JSON.parse(new TextDecoder("utf-8").decode(bytes));
    return Array.isArray(reports) ? reports : [];
  }

  // Characters of a report's body before the first hit, and in all, that an
  // excerpt shows.
  var BEFORE = 30;
  var EXCERPT = 100;

  // The excerpt of text[from, to) around `hit` (an offset, or -1 for none),
  // as written: it starts at the sentence where the hit is, or else at a
  // clause, when that begins BEFORE characters or less before it, and says
  // where it is cut.
  function excerpt(text, from, to, hit) {
    var start = from;
    if (hit - from > BEFORE) {
      start = hit - BEFORE;
      var before = text.slice(start, hit);
      var sentence = before.search(/[。！？；\n][^。！？；\n]*$/);
      var clause = before.search(/[，、：]/);
      if (sentence >= 0) start += sentence + 1;
      else if (clause >= 0) start += clause + 1;
    }
    var stop = Math.min(to, start + EXCERPT);
    // Never half of a character beyond the Basic Multilingual Plane.
    if (/[\udc00-\udfff]/.test(text.charAt(start))) start += 1;
    if (/[\udc00-\udfff]/.test(text.charAt(stop))) stop += 1;
    var shown = text.slice(start, stop).replace(/\s+/g, " ").trim();
    return (start > from ? "……" : "") + shown + (stop < to ? "……" : "");
  }

  // One entry per issue (what the count counts), listing each of its reports
  // with hits, most hits first, linked to the report's anchor; an issue whose
  // own words match (its 编者按 or topic) and no report's, by itself. The
  // fragment keeps the page's text (meta.kanwu_text, generator/build/fragments.py);
  // one that does not (not as expected) gives Pagefind's own excerpt.
  function issueEntry(data, filters) {
    var page = data.url.replace(/#.*$/, "");
    var item = element("li", "kw-result");
    var head = element("div", "kw-result__issue");
    var number = element("a", "kw-result__number", data.meta.series + " " + data.meta.number);
    number.href = page;
    head.appendChild(number);
    head.appendChild(document.createTextNode(" · " + data.meta.date));
    item.appendChild(head);
    if (!data.meta.kanwu_text) {
      var plain = new DOMParser().parseFromString(data.excerpt || "", "text/html").body.textContent;
      item.appendChild(reportEntry(data.meta.title, page, [], plain));
      return item;
    }
    var text = data.content || "";
    var tokens = unitTokens(text);
    var reports = reportsOf(data);
    var hits = reports.map(function () { return []; });
    var own = [];
    occurrences(tokens.words, current.words, current.phrase).forEach(function (word) {
      var at = tokens.offsets[word];
      for (var i = reports.length - 1; i >= 0; i--) {
        if (reports[i].at <= at) { hits[i].push(at); return; }
      }
      own.push(at);
    });
    var found = reports.map(function (report, i) {
      return { report: report, hits: hits[i] };
    }).filter(function (entry) {
      if (!entry.hits.length) return false;
      if (filters.unit && entry.report.units.indexOf(filters.unit) < 0) return false;
      if (filters.category && entry.report.category !== filters.category) return false;
      return true;
    }).sort(function (a, b) { return b.hits.length - a.hits.length; });
    if (!found.length) {
      var end = reports.length ? reports[0].at : text.length;
      item.appendChild(reportEntry(data.meta.title, page, [], excerpt(text, 0, end, own.length ? own[0] : -1)));
    }
    found.forEach(function (entry) {
      var report = entry.report;
      // The first hit in the body; a hit in the title or units shows the body's start.
      var inBody = entry.hits.filter(function (at) { return at >= report.body; });
      item.appendChild(reportEntry(report.title, page + "#" + report.anchor, report.units,
        excerpt(text, report.body, report.end, inBody.length ? inBody[0] : -1)));
    });
    return item;
  }

  function reportEntry(title, url, units, shown) {
    var entry = element("div", "kw-result__report");
    var link = element("a", "kw-result__title", title);
    link.href = url;
    entry.appendChild(link);
    if (units.length) entry.appendChild(element("div", "kw-result__meta", units.join("、")));
    entry.appendChild(highlighted(shown, current.terms));
    return entry;
  }

  function bundleName(bundle) {
    return bundle.pathname.replace(/\/$/, "").split("/").pop(); // "2025" or "2026-11"
  }

  function bundleYear(bundle) {
    return bundleName(bundle).slice(0, 4);
  }

  // "2025年" or "2026年11月": since when the merged bundles hold every issue.
  function bundleSince(bundle) {
    var parts = bundleName(bundle).split("-");
    return parts[0] + "年" + (parts[1] ? Number(parts[1]) + "月" : "");
  }

  // One merge at a time: a search and a click on 「显示更多结果」 may both ask
  // for one. A failed merge (the network) fails the search that asked for
  // it, not every later one.
  var merging = Promise.resolve();
  function merge(i) {
    merging = merging.catch(function () {}).then(async function () {
      if (loaded[i]) return;
      await pagefind.mergeIndex(bundles[i].pathname, { baseUrl: siteBase, language: INDEX_LANGUAGE });
      loaded[i] = true;
    });
    return merging;
  }

  function crc32(text) {
    var bytes = new TextEncoder().encode(text);
    var c = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  }

  function termFile(bucket) {
    if (!(bucket in termFiles)) {
      var name = ("00" + bucket.toString(16)).slice(-3) + ".bin"; // terms.py bucket_file
      termFiles[bucket] = fetch(new URL(name, termFolder).href).then(function (response) {
        return response.ok ? response.arrayBuffer() : null;
      }).then(function (data) {
        return data ? new DataView(data) : null;
      }).catch(function () { return null; });
    }
    return termFiles[bucket];
  }

  // Whether bundle i (an older one) may have a word starting with `word`.
  async function mayHave(i, word) {
    var hash = crc32(word);
    var view = await termFile(hash >>> (32 - termBits));
    if (!view) return true; // not known: merge it
    var offset = 0;
    for (var k = 1; k < i; k++) offset += 4 + 2 * view.getUint32(offset, true);
    var count = view.getUint32(offset, true);
    var wanted = hash & 0xffff;
    var low = 0;
    var high = count;
    while (low < high) {
      var middle = (low + high) >> 1;
      var value = view.getUint16(offset + 4 + 2 * middle, true);
      if (value === wanted) return true;
      if (value < wanted) low = middle + 1; else high = middle;
    }
    return false;
  }

  // Whether bundle i may hold a result of the current search, as Pagefind
  // searches (pagefind_web/src/search.rs): a phrase needs every one of its
  // words, other words need one of theirs (a word not in a bundle is left
  // out of its search). Only Chinese words are known to the lists: Pagefind
  // may match a different word for another one.
  async function mayHold(i) {
    if (!termBits || i === 0) return true;
    var han = current.words.filter(function (w) { return IS_HAN.test(w); });
    if (!han.length || (!current.phrase && han.length < current.words.length)) return true;
    for (var k = 0; k < han.length; k++) {
      var has = await mayHave(i, han[k]);
      if (has && !current.phrase) return true;
      if (!has && current.phrase) return false;
    }
    return current.phrase;
  }

  // Moves `current.covered` on over the bundles merged or without a result
  // for this search (those of another year, when a year is chosen), merging
  // the others until the results hold `wanted` not yet shown. A bundle
  // merged for an earlier search is only searched with every newer one
  // covered too, so that the count says since when. False when a newer
  // search has started meanwhile.
  async function cover(mine, wanted) {
    var last = loaded.lastIndexOf(true);
    var unseen = function () {
      return current.results.filter(function (r) { return !current.seen[r.id]; }).length;
    };
    var year = current.filters.year;
    while (current.covered < bundles.length) {
      var i = current.covered;
      var skip = loaded[i] || (year && bundleYear(bundles[i]) !== year);
      if (!skip) {
        if (i > last && unseen() >= wanted) break;
        var hold = await mayHold(i);
        if (mine !== generation) return false;
        if (hold) {
          await merge(i);
          var search = await pagefind.search(current.term, { filters: current.filters });
          if (mine !== generation) return false;
          current.results = search.results;
          current.counts = countsOf(search);
        }
      }
      current.covered += 1;
    }
    return true;
  }

  function sayCount() {
    var count = current.results.length;
    recount(current.counts);
    if (current.covered < bundles.length) {
      status.textContent = bundleSince(bundles[current.covered - 1]) + "以来有" + count +
        "期刊物含有相关信息；更早的年份在「显示更多结果」中查找。";
    } else {
      status.textContent = count ? "共有" + count + "期刊物含有相关信息。" : "没有找到相关信息。";
    }
  }

  async function showMore() {
    var mine = generation;
    if (!(await cover(mine, PAGE))) return;
    var batch = current.results.filter(function (r) { return !current.seen[r.id]; }).slice(0, PAGE);
    batch.forEach(function (r) { current.seen[r.id] = true; });
    current.shown += batch.length;
    var data = await Promise.all(batch.map(function (r) { return r.data(); }));
    if (mine !== generation) return;
    data.forEach(function (d) { list.appendChild(issueEntry(d, current.filters)); });
    sayCount();
    more.hidden = current.shown >= current.results.length && current.covered >= bundles.length;
  }

  async function run() {
    remember();
    var text = input.value.trim();
    var filters = chosen();
    if (!text && !Object.keys(filters).length) {
      list.innerHTML = "";
      status.textContent = "";
      more.hidden = true;
      recount(totals);
      return;
    }
    var query = queryWords(text);
    var term = pagefindQuery(query) || null;
    var mine = ++generation;
    var search = await pagefind.debouncedSearch(term, { filters: filters }, 250);
    if (search === null || mine !== generation) return; // a newer search has started
    current = {
      results: search.results,
      counts: countsOf(search),
      seen: {},
      shown: 0,
      covered: 0,
      term: term,
      filters: filters,
      terms: text.split(/\s+/),
      words: query.words,
      phrase: query.phrase,
    };
    if (!(await cover(mine, PAGE))) return;
    list.innerHTML = "";
    await showMore();
  }

  // The index is one Pagefind bundle per year and one for the newest month
  // (generator/build/index.py): pagefind/shards.json names them, newest
  // first, and gives each filter's values with their counts. Pagefind's
  // script comes from the newest bundle; older ones are merged into it as a
  // search needs them (cover), so results and filters span every year.
  async function load(folder, base) {
    var response = await fetch(new URL("shards.json", folder).href);
    if (!response.ok) throw new Error("no index");
    var listed = await response.json();
    var shards = listed.shards || [];
    if (!shards.length) throw new Error("no index");
    bundles = shards.map(function (name) { return new URL(name + "/", folder); });
    termBits = listed.terms || 0;
    termFolder = new URL("terms/", folder); // terms.py FOLDER
    var api = await import(new URL("pagefind.js", bundles[0]).href);
    // Searching on the page itself spares every visitor Pagefind's worker script.
    await api.options({ baseUrl: base, noWorker: true });
    await api.init();
    siteBase = base;
    loaded = shards.map(function (name, i) { return i === 0; });
    fillFilters(listed.filters || {});
    return api;
  }

  async function start() {
    params();
    // Pagefind picks its index, and whether to split Chinese words itself, from
    // <html lang>; the index is in INDEX_LANGUAGE, so load it under that name.
    var html = document.documentElement;
    var lang = html.getAttribute("lang");
    html.setAttribute("lang", INDEX_LANGUAGE);
    try {
      var folder = new URL(root.dataset.pagefind, location.href);
      pagefind = await load(folder, new URL(root.dataset.base, location.href).pathname);
    } catch (e) {
      // MkDocs' preview server puts its livereload() on every page it serves.
      status.textContent = typeof window.livereload === "function"
        ? "预览默认不建立搜索索引。要在预览中搜索，请用 kanwu serve --search 启动预览。"
        : "暂时无法搜索：本站的搜索索引缺失，请告知网站管理员。";
      return;
    } finally {
      html.setAttribute("lang", lang);
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", run);
    selects.forEach(function (s) {
      s.addEventListener("change", run);
      s.addEventListener("focus", countResults);
      s.addEventListener("pointerdown", countResults);
    });
    more.addEventListener("click", showMore);
    run();
  }

  start();
})();

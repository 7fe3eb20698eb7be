// kanwu search page: Pagefind's JavaScript API over the site's own index.
// Every request goes to this site (the index under pagefind/); nothing else is loaded.
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
  var pagefind = null;
  var current = { results: [], shown: 0, query: "" };

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

  function fillFilters(filters) {
    selects.forEach(function (select) {
      var values = filters[select.dataset.filter] || {};
      var keys = Object.keys(values).sort(function (a, b) {
        return select.dataset.filter === "year" ? b.localeCompare(a) : a.localeCompare(b, "zh");
      });
      keys.forEach(function (key) {
        var option = document.createElement("option");
        option.value = key;
        option.textContent = key + "（" + values[key] + "）";
        select.appendChild(option);
      });
      select.value = select.dataset.wanted || "";
    });
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

  // One entry per matching report: its title, series, 期号, date and units,
  // linking to the report's anchor in its issue page.
  function entries(data, filters) {
    // meta.reports: "anchor~unit、unit~category|…", written by the issue page.
    var reports = {};
    (data.meta.reports || "").split("|").forEach(function (entry) {
      var parts = entry.split("~");
      if (parts.length === 3) {
        reports[parts[0]] = { units: parts[1] ? parts[1].split("、") : [], category: parts[2] };
      }
    });
    // The report with most (and best) hits comes first within its issue.
    function score(sub) {
      return (sub.weighted_locations || []).reduce(function (sum, w) { return sum + w.balanced_score; }, 0);
    }
    var subs = (data.sub_results || []).slice().sort(function (a, b) { return score(b) - score(a); });
    var found = subs.filter(function (sub) {
      var info = sub.anchor && reports[sub.anchor.id];
      if (!info) return false;
      if (filters.unit && info.units.indexOf(filters.unit) < 0) return false;
      if (filters.category && info.category !== filters.category) return false;
      return true;
    }).map(function (sub) {
      return { title: sub.title, url: sub.url, excerpt: sub.excerpt, units: reports[sub.anchor.id].units };
    });
    if (!found.length) {
      found = [{ title: data.meta.title, url: data.url, excerpt: data.excerpt, units: [] }];
    }
    return found.map(function (entry) {
      var item = element("li", "kw-result");
      var link = element("a", "kw-result__title", entry.title);
      link.href = entry.url;
      item.appendChild(link);
      var facts = [data.meta.series + " " + data.meta.number, data.meta.date];
      if (entry.units.length) facts.push(entry.units.join("、"));
      item.appendChild(element("div", "kw-result__meta", facts.join(" · ")));
      var excerpt = element("p", "kw-result__excerpt");
      excerpt.innerHTML = entry.excerpt; // Pagefind escapes the text and adds only <mark>
      item.appendChild(excerpt);
      return item;
    });
  }

  async function showMore() {
    var batch = current.results.slice(current.shown, current.shown + PAGE);
    current.shown += batch.length;
    var filters = chosen();
    var data = await Promise.all(batch.map(function (r) { return r.data(); }));
    data.forEach(function (d) {
      entries(d, filters).forEach(function (item) { list.appendChild(item); });
    });
    more.hidden = current.shown >= current.results.length;
  }

  async function run() {
    remember();
    var query = input.value.trim();
    var filters = chosen();
    if (!query && !Object.keys(filters).length) {
      list.innerHTML = "";
      status.textContent = "";
      more.hidden = true;
      return;
    }
    var search = await pagefind.debouncedSearch(query || null, { filters: filters }, 250);
    if (search === null) return; // a newer search has started
    list.innerHTML = "";
    current = { results: search.results, shown: 0, query: query };
    status.textContent = search.results.length
      ? "共有 " + search.results.length + " 期刊物含有相关信息。"
      : "没有找到相关信息。";
    await showMore();
  }

  async function start() {
    params();
    try {
      pagefind = await import(new URL(root.dataset.pagefindUrl, location.href).href);
      await pagefind.options({ baseUrl: new URL(root.dataset.base, location.href).pathname });
      fillFilters(await pagefind.filters());
    } catch (e) {
      status.textContent = "搜索索引尚未生成：运行 kanwu build 后即可搜索。";
      return;
    }
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    input.addEventListener("input", run);
    selects.forEach(function (s) { s.addEventListener("change", run); });
    more.addEventListener("click", showMore);
    run();
  }

  start();
})();

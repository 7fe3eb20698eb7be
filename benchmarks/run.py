"""kanwu against Hugo + Pagefind on the same synthetic archive, in one command.

    python -m benchmarks.run                       # ten years, realistic vocabulary
    python -m benchmarks.run --years 1 --scale 0.05
    python -m benchmarks.run --content DIR         # an existing content directory (copied first)
    python -m benchmarks.run --vocabulary bank --json out.json

Every build runs as its own process (``kanwu build``, ``hugo``, ``python -m pagefind``), timed
from start to exit; its peak memory is the largest sum of the resident memory of its whole
process tree, sampled from /proc every 50 ms, and also ``ru_maxrss`` from ``os.wait4`` (the
largest single process). Measured for each side:

- cold build: into a fresh output folder, with XDG_CACHE_HOME pointed at a fresh folder (and
  any ``--cache`` path deleted first), so nothing from an earlier build can be reused;
- daily publish: one new issue of five reports (the newest date, the next number of 每日快报,
  written by ``benchmarks.corpus``), then a build into the same output folder; then three
  more days, one more issue each the same way (kanwu then has the spare folder the first
  publish kept, as every publish after the first has): the later days' figure is the median
  of the three, as one run on this machine can be a second off;
- preview: ``kanwu serve`` (``hugo server``) with a page open in Chromium; a unique word is
  appended to a report on that page, and the time until the browser shows it is measured;
  kanwu's preview is started a second time, from the cache the first one kept;
- the search index (``pagefind/``) and the bytes a browser downloads from it for a query's
  first 20 results, with a fresh cache per query.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from benchmarks import hugo
from benchmarks.corpus import (
    DEFAULT_ISSUES_PER_YEAR,
    VOCABULARIES,
    append_issue,
    generate,
)

# Days published after the first, one issue each; their median is reported.
LATER_DAYS = 3
QUERIES = ("安全生产", "营商环境建设", "安")
SAMPLE_SECONDS = 0.05
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
KANWU = Path(sys.executable).parent / "kanwu"
# kanwu's own modules, compiled before the runs as pip compiles an installed
# package: in an editable checkout on a machine that sets
# PYTHONDONTWRITEBYTECODE, every run would compile them from source again.
KANWU_PACKAGE = Path(__file__).resolve().parents[1] / "generator"


# ---------------------------------------------------------------------------------------------
# Processes


@dataclass
class Run:
    """One process (tree) from start to exit."""

    seconds: float
    peak_tree_mb: float  # max over time of the summed RSS of the process and its descendants
    maxrss_mb: float  # os.wait4's ru_maxrss: the largest single process of the tree
    returncode: int


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as file:
                stat = file.read()
        except OSError:
            continue
        parent = int(stat[stat.rindex(b")") + 2 :].split()[1])
        tree.setdefault(parent, []).append(int(entry.name))
    return tree


def tree_rss(pid: int) -> int:
    """Bytes resident in `pid` and all its descendants now."""
    tree = _children()
    total = 0
    stack = [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/statm", "rb") as file:
                total += int(file.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            pass
        stack += tree.get(current, [])
    return total


class Sampler:
    """The peak of tree_rss(pid), sampled in a thread until stopped."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(SAMPLE_SECONDS)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def measure(command: Sequence[str | Path], log: Path, cwd: Path | None = None) -> Run:
    """Run `command` to its end, output into `log`; time and memory as `Run` says."""
    with log.open("ab") as out:
        out.write(f"$ {' '.join(map(str, command))}\n".encode())
        out.flush()
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(part) for part in command], stdout=out, stderr=subprocess.STDOUT, cwd=cwd
        )
        sampler = Sampler(process.pid)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        peak = sampler.stop()
        process.returncode = os.waitstatus_to_exitcode(status)
    return Run(seconds, peak / 2**20, usage.ru_maxrss / 1024, process.returncode)


def _checked(run: Run, what: str, log: Path) -> Run:
    if run.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"{what}失败（退出码 {run.returncode}），输出：\n{tail}")
    return run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _machine() -> str:
    pages = os.sysconf("SC_PHYS_PAGES") * PAGE_SIZE
    return (
        f"{platform.machine()}, {os.cpu_count()} cores, {pages / 2**30:.0f} GiB, "
        f"Python {platform.python_version()}"
    )


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], capture_output=True, text=True, cwd=Path(__file__).parent, check=True
    ).stdout.strip()


def _commit() -> str:
    try:
        head = _git("rev-parse", "--short", "HEAD")
        dirty = _git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+modified" if dirty else "")


# ---------------------------------------------------------------------------------------------
# Browser


KANWU_DONE = ".kw-result, .kw-search__status:has-text('没有')"


def query_bytes(site: Path, queries: Sequence[str], done: str = KANWU_DONE) -> dict[str, int]:
    """Bytes the search page downloads from pagefind/ for each query, in Chromium.

    `done` is the selector that appears once the page shows its results.
    """
    return {query: size for query, (size, _) in searches(site, queries, done, "").items()}


def searches(
    site: Path, queries: Sequence[str], done: str, result: str
) -> dict[str, tuple[int, int]]:
    """(bytes downloaded from pagefind/, results shown matching `result`) for each query."""
    from playwright.sync_api import Response, sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serving

    results: dict[str, tuple[int, int]] = {}
    with serving(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            context = browser.new_context()  # a fresh cache for every query
            page = context.new_page()
            sizes: list[int] = []

            def count(response: Response, sizes: list[int] = sizes) -> None:
                if "/pagefind/" in response.url:
                    sizes.append(len(response.body()))

            page.on("response", count)
            page.goto(f"{base}search/?q={query}", wait_until="networkidle")
            page.wait_for_selector(done, timeout=120_000)
            page.wait_for_load_state("networkidle")
            shown = page.locator(result).count() if result else 0
            results[query] = (sum(sizes), shown)
            context.close()
        browser.close()
    return results


@dataclass
class Preview:
    """`serve` with a page open: seconds until the page first shows, and from save to shown."""

    startup_s: float | None = None
    save_to_shown_s: float | None = None
    save_to_served_s: float | None = None  # until the server's HTML has the word (polled)
    peak_tree_mb: float | None = None
    note: str = ""


class _Served:
    """Polls `url` in a thread until its HTML contains `word`: seconds since `since`."""

    def __init__(self, url: str, word: str, since: float) -> None:
        self.url, self.word, self.since = url, word, since
        self.seconds: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:
                    if self.word in response.read().decode("utf-8", "replace"):
                        self.seconds = time.monotonic() - self.since
                        return
            except OSError:
                pass
            self._stop.wait(0.5)

    def stop(self) -> float | None:
        self._stop.set()
        self._thread.join()
        return self.seconds


def _timeout_note(error: Exception, timeout: float, served: float | None) -> str:
    if "Timeout" not in str(error):
        return f"出错：{str(error).splitlines()[0]}"
    if served is None:
        return f"超过 {timeout:.0f} 秒仍未显示（服务器也未更新页面）"
    return f"超过 {timeout:.0f} 秒仍未显示（服务器 {served:.0f} 秒后已更新页面）"


def _wait_port(port: int, process: subprocess.Popen[bytes], deadline: float) -> bool:
    while time.monotonic() < deadline and process.poll() is None:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.2)
    return False


def preview(
    command: Sequence[str | Path],
    port: int,
    url_path: str,
    shown: str,
    edit: Callable[[str], None],
    log: Path,
    timeout: float,
) -> Preview:
    """Start `command` (a preview server on `port`), open `url_path`, wait for `shown`; then
    `edit(word)` and measure until the browser shows `word`."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    result = Preview()
    word = f"预览测量词{time.time_ns() % 10**9}"
    with log.open("ab") as out:
        started = time.monotonic()
        process = subprocess.Popen(
            [str(part) for part in command], stdout=out, stderr=subprocess.STDOUT
        )
        sampler = Sampler(process.pid)
        try:
            if not _wait_port(port, process, started + timeout):
                result.note = "预览服务器未启动" if process.poll() is not None else "启动超时"
                return result
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page()
                remaining = started + timeout - time.monotonic()
                try:
                    page.goto(f"http://127.0.0.1:{port}{url_path}", timeout=remaining * 1000)
                    _wait_text(page, shown, started + timeout - time.monotonic())
                    result.startup_s = time.monotonic() - started
                    time.sleep(1.0)  # let the server settle after its first build
                    saved = time.monotonic()
                    edit(word)
                    served = _Served(f"http://127.0.0.1:{port}{url_path}", word, saved)
                    try:
                        _wait_text(page, word, timeout)
                        result.save_to_shown_s = time.monotonic() - saved
                    finally:
                        result.save_to_served_s = served.stop()
                except PlaywrightError as error:
                    result.note = _timeout_note(error, timeout, result.save_to_served_s)
                browser.close()
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            result.peak_tree_mb = sampler.stop() / 2**20
    return result


def _wait_text(page: Any, text: str, seconds: float) -> None:
    page.wait_for_function(
        "text => document.body && document.body.innerText.includes(text)",
        arg=text,
        timeout=max(1.0, seconds) * 1000,
        polling=100,
    )


# ---------------------------------------------------------------------------------------------
# The two sides


@dataclass
class Side:
    cold: Run | None = None
    daily: Run | None = None
    # The later days' issues: kanwu then assembles the site in the spare the
    # first publish kept (generator.build.spare), as every later day does.
    # The figure is the median of LATER_DAYS days; all of them are kept.
    next_daily: Run | None = None
    later_days: list[Run] = field(default_factory=list)
    preview: Preview | None = None
    # A second preview started after the first: kanwu serve keeps its cache.
    preview_again: Preview | None = None
    index_mb: float | None = None
    site_mb: float | None = None
    query_bytes: dict[str, int] = field(default_factory=dict)
    query_results: dict[str, int] = field(default_factory=dict)  # results shown (at most 20)
    pages: int | None = None
    # kanwu: the cold build again with the documents to download (PDF and
    # Word of every issue and 通报), into an output and cache of its own; the
    # days are then published with them, as a site that offers them is.
    documents_cold: Run | None = None
    documents: int | None = None  # documents offered (each as PDF and Word)
    documents_mb: float | None = None  # their files in the site
    # kanwu: `kanwu check` on the archive, which keeps no cache: reading,
    # validating and proofreading every file.
    check: Run | None = None


def _record_day(side: Side, day: int, run: Run) -> None:
    """The first day's publish is ``daily``; the median of the later days'
    (by seconds) is ``next_daily``."""
    if day == 0:
        side.daily = run
        return
    side.later_days.append(run)
    ranked = sorted(side.later_days, key=lambda later: later.seconds)
    side.next_daily = ranked[(len(ranked) - 1) // 2]


def _search_figures(side: Side, site: Path, done: str, result: str) -> None:
    for query, (size, shown) in searches(site, QUERIES, done, result).items():
        side.query_bytes[query] = size
        side.query_results[query] = shown


def _append_to_report(report: Path, word: str) -> None:
    with report.open("a", encoding="utf-8") as file:
        file.write(f"\n会上还研究了{word}有关事项。\n")


def _first_report(folder: Path) -> Path:
    return sorted(p for p in folder.glob("*.md") if p.name != "index.md")[0]


def run_kanwu(
    content: Path,
    work: Path,
    days: Sequence[Callable[[], Path]],
    skip_preview: bool,
    timeout: float,
    documents: bool = True,
) -> Side:
    side = Side()
    compileall.compile_dir(KANWU_PACKAGE, quiet=1)
    output = work / "kanwu-site"
    log = work / "kanwu.log"
    # The cold build starts from an empty cache and fills it; the daily
    # publish reuses what it kept, as CI does when it keeps .kanwu-cache/.
    cache = work / "kanwu-cache"
    shutil.rmtree(cache, ignore_errors=True)

    def build_into(site: Path, kept: Path) -> list[str | Path]:
        return [*(KANWU, "build", "--content", content, "--output", site, "--cache", kept)]

    build = build_into(output, cache)
    # Like for like with Hugo + Pagefind first: the site without documents to download.
    os.environ["KANWU_DOCUMENTS"] = "false"
    side.cold = _checked(measure(build, log), "kanwu 冷构建", log)
    side.check = _checked(measure([KANWU, "check", "--content", content], log), "kanwu 检查", log)
    side.index_mb = _size(output / "pagefind") / 2**20
    side.site_mb = _size(output) / 2**20
    _search_figures(side, output, KANWU_DONE, ".kw-result")
    if documents:
        # The site as offices publish it: every issue and 通报 also as PDF and
        # Word, printed by Chromium; the days are published into it.
        os.environ["KANWU_DOCUMENTS"] = "true"
        output, cache = work / "kanwu-site-documents", work / "kanwu-cache-documents"
        shutil.rmtree(cache, ignore_errors=True)
        build = build_into(output, cache)
        side.documents_cold = _checked(measure(build, log), "kanwu 冷构建（含下载文件）", log)
        files = [p for p in output.rglob("*") if p.suffix in (".pdf", ".docx")]
        side.documents = sum(1 for p in files if p.suffix == ".pdf")
        side.documents_mb = sum(p.stat().st_size for p in files) / 2**20
    folders = []
    for day, publish in enumerate(days):
        folders.append(publish())
        run = _checked(measure(build, log), f"kanwu 第 {day + 1} 天的日常发布", log)
        _record_day(side, day, run)
        page = output.joinpath(*folders[-1].relative_to(content).parts, "index.html")
        if not page.is_file():
            raise RuntimeError(f"日常发布后找不到新一期的页面：{page}")
    side.pages = sum(1 for _ in output.rglob("*.html"))
    if not skip_preview:
        port = _free_port()
        series, year, number = folders[0].relative_to(content).parts
        report = _first_report(folders[0])
        title = report.read_text(encoding="utf-8").split("title: ", 1)[1].split("\n", 1)[0]
        for again in (False, True):
            shown = preview(
                [KANWU, "serve", "--content", content, "--dev-addr", f"127.0.0.1:{port}"],
                port,
                f"/{series}/{year}/{number}/",
                title.strip('"'),
                lambda word: _append_to_report(report, word),
                log,
                timeout,
            )
            if again:
                side.preview_again = shown
            else:
                side.preview = shown
    return side


@dataclass
class HugoSide:
    hugo: Side
    pagefind: Side
    pagefind_binary: str


def run_hugo(
    content: Path,
    work: Path,
    days: Sequence[Callable[[], Path]],
    skip_preview: bool,
    timeout: float,
) -> HugoSide:
    from pagefind.service import get_executable

    site = work / "hugo-site"
    public = site / "public"
    log = work / "hugo.log"
    binary = hugo.hugo_binary()
    pagefind_binary = str(get_executable())
    hugo_side, pagefind_side = Side(), Side()
    hugo_side.pages = hugo.write_site(content, site)
    build: list[str | Path] = [binary, "--quiet", "--source", site, "--destination", public]
    index: list[str | Path] = [sys.executable, "-m", "pagefind", "--site", public]
    hugo_side.cold = _checked(measure(build, log, site), "Hugo 冷构建", log)
    pagefind_side.cold = _checked(measure(index, log, site), "Pagefind（Hugo 输出）", log)
    pagefind_side.index_mb = _size(public / "pagefind") / 2**20
    hugo_side.site_mb = _size(public) / 2**20
    _search_figures(pagefind_side, public, "#status:not(:empty)", ".result")
    series_names, units = hugo.registry(content)
    folders = []
    for day, publish in enumerate(days):
        folders.append(publish())
        hugo.add_issue(content, site, folders[-1], series_names, units)
        hugo_run = _checked(measure(build, log, site), f"Hugo 第 {day + 1} 天的日常发布", log)
        index_run = _checked(measure(index, log, site), f"Pagefind 第 {day + 1} 天", log)
        _record_day(hugo_side, day, hugo_run)
        _record_day(pagefind_side, day, index_run)
        series, year, number = folders[-1].relative_to(content).parts
        if not (public / series / year / number / "index.html").is_file():
            raise RuntimeError(f"Hugo 日常发布后找不到新一期的页面：{series}/{year}/{number}")
    folder = folders[0]
    series, year, number = folder.relative_to(content).parts
    if not skip_preview:
        port = _free_port()
        page = hugo.add_issue(content, site, folder, series_names, units)
        title = page.read_text(encoding="utf-8").split('title: "', 1)[1].split('"', 1)[0]
        hugo_server: list[str | Path] = [
            *(binary, "server", "--source", site, "--port", str(port)),
            *("--bind", "127.0.0.1", "--disableFastRender", "--watch"),
        ]
        hugo_side.preview = preview(
            hugo_server,
            port,
            f"/{series}/{year}/{number}/",
            title,
            lambda word: _append_to_report(page, word),
            log,
            timeout,
        )
    return HugoSide(hugo_side, pagefind_side, pagefind_binary)


# ---------------------------------------------------------------------------------------------
# Report


@dataclass
class Figures:
    date: str
    machine: str
    kanwu_commit: str
    command: str
    vocabulary: str
    years: int | None
    scale: float | None
    issues: int
    reports: int
    content_mb: float
    generate_corpus_s: float
    cache_note: str
    kanwu: Side
    hugo: Side | None
    pagefind: Side | None
    pagefind_binary: str | None
    ratio_cold: float | None  # kanwu cold build / (Hugo + Pagefind)
    load_before: tuple[float, float, float]  # os.getloadavg(): other work on the machine
    load_after: tuple[float, float, float]


def _seconds(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} 秒"


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} MB" if value >= 10 else f"{value:.1f} MB"


def _kb(value: int | None) -> str:
    return "—" if value is None else f"{value / 1024:,.0f} KB"


def _sum(*values: float | None) -> float | None:
    return None if any(v is None for v in values) else sum(v for v in values if v is not None)


def _max(*values: float | None) -> float | None:
    return None if any(v is None for v in values) else max(v for v in values if v is not None)


def _preview_cell(side: Side | None) -> str:
    if side is None or side.preview is None:
        return "—"
    if side.preview.save_to_shown_s is None:
        return side.preview.note or "超时"
    return _seconds(side.preview.save_to_shown_s)


def table(figures: Figures) -> str:
    """The side-by-side table in Markdown, with Chinese headings."""
    k, h, p = figures.kanwu, figures.hugo, figures.pagefind
    hc = h.cold if h else None
    pc = p.cold if p else None
    hd = h.daily if h else None
    pd = p.daily if p else None
    hn = h.next_daily if h else None
    pn = p.next_daily if p else None

    def cold(run: Run | None) -> float | None:
        return run.seconds if run else None

    def peak(run: Run | None) -> float | None:
        return run.peak_tree_mb if run else None

    rows = [
        ("冷构建耗时", cold(hc), cold(pc), _sum(cold(hc), cold(pc)), cold(k.cold), _seconds),
        ("内存峰值（冷构建）", peak(hc), peak(pc), _max(peak(hc), peak(pc)), peak(k.cold), _mb),
        ("检查全部内容（kanwu check，含校对）", None, None, None, cold(k.check), _seconds),
        (
            f"冷构建，含下载的 PDF 和 Word（{k.documents or 0:,} 份公文）",
            None,
            None,
            None,
            cold(k.documents_cold),
            _seconds,
        ),
        ("内存峰值（冷构建，含下载文件）", None, None, None, peak(k.documents_cold), _mb),
        (
            "日常发布（新增一期）",
            cold(hd),
            cold(pd),
            _sum(cold(hd), cold(pd)),
            cold(k.daily),
            _seconds,
        ),
        ("内存峰值（日常发布）", peak(hd), peak(pd), _max(peak(hd), peak(pd)), peak(k.daily), _mb),
        (
            f"此后每天发布（再新增一期，{LATER_DAYS} 天的中位数）",
            cold(hn),
            cold(pn),
            _sum(cold(hn), cold(pn)),
            cold(k.next_daily),
            _seconds,
        ),
    ]
    lines = [
        "| 项目 | Hugo | Pagefind（Hugo 输出） | Hugo + Pagefind | kanwu |",
        "|---|---|---|---|---|",
    ]
    for name, a, b, c, d, show in rows:
        cells: list[str] = [show(a), show(b), show(c), show(d)]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    hugo_preview = _preview_cell(h)
    lines.append(
        f"| 预览（保存到显示） | {hugo_preview} | — | {hugo_preview} | {_preview_cell(k)} |"
    )
    startup = [s.preview.startup_s if s and s.preview else None for s in (h, k)]
    lines.append(
        f"| 预览启动（到页面显示） | {_seconds(startup[0])} | — | {_seconds(startup[0])} | "
        f"{_seconds(startup[1])} |"
    )
    again = k.preview_again.startup_s if k.preview_again else None
    lines.append(f"| 预览再次启动（保留了预览缓存） | — | — | — | {_seconds(again)} |")
    index = p.index_mb if p else None
    lines.append(f"| 索引大小（pagefind/） | — | {_mb(index)} | {_mb(index)} | {_mb(k.index_mb)} |")
    site = h.site_mb if h else None
    lines.append(f"| 站点总大小 | {_mb(site)} | — | — | {_mb(k.site_mb)} |")
    lines.append(f"| 下载文件（PDF 和 Word）总大小 | — | — | — | {_mb(k.documents_mb)} |")
    for query in QUERIES:
        other = p.query_bytes.get(query) if p else None
        lines.append(
            f"| 一次搜索的下载量：「{query}」 | — | {_kb(other)} | {_kb(other)} | "
            f"{_kb(k.query_bytes.get(query))} |"
        )
    text = "\n".join(lines)
    if figures.ratio_cold is not None:
        text += f"\n\nkanwu 冷构建耗时 ÷（Hugo + Pagefind）= {figures.ratio_cold:.1f} 倍"
    return text


def run(args: argparse.Namespace) -> Figures:
    load_before = os.getloadavg()
    scratch = Path(args.workdir or tempfile.mkdtemp(prefix="kanwu-bench-"))
    scratch.mkdir(parents=True, exist_ok=True)
    content = scratch / "content"
    if content.exists():
        raise FileExistsError(f"工作目录里已有 content/：{content}")
    started = time.perf_counter()
    if args.content is None:
        per_year = {k: max(1, round(v * args.scale)) for k, v in DEFAULT_ISSUES_PER_YEAR.items()}
        corpus = generate(
            content,
            years=args.years,
            issues_per_year=per_year,
            vocabulary=args.vocabulary,
            published_lock=True,
        )
        issues = len(corpus.issues)
        reports = sum(len(issue.reports) for issue in corpus.issues)
    else:
        shutil.copytree(args.content, content)  # the daily publish and the preview write to it
        issues = sum(1 for _ in content.glob("*/*/*/index.md"))
        reports = sum(1 for _ in content.glob("*/*/*/*.md")) - issues
    corpus_seconds = time.perf_counter() - started
    content_mb = _size(content) / 2**20
    # A fresh user cache for every process: nothing an earlier build left can be reused.
    os.environ["XDG_CACHE_HOME"] = str(scratch / "cache")
    for cache in args.cache:
        shutil.rmtree(cache, ignore_errors=True)
    # The days' new issues, written now (each reads the archive, each after the one before)
    # and kept aside until each side publishes them.
    facts = [
        append_issue(content, seed=day, vocabulary=args.vocabulary) for day in range(1 + LATER_DAYS)
    ]
    staged = scratch / "new-issues"
    for fact in facts:
        (staged / fact.folder).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(content / fact.folder, staged / fact.folder)

    def publishers(root: Path) -> list[Callable[[], Path]]:
        def publisher(folder: str) -> Callable[[], Path]:
            def publish() -> Path:
                target = root / folder
                if not target.exists():
                    shutil.copytree(staged / folder, target)
                return target

            return publish

        return [publisher(fact.folder) for fact in facts]

    hugo_result = None
    if not args.skip_hugo:
        hugo_content = scratch / "hugo-content"
        shutil.copytree(content, hugo_content)
        hugo_result = run_hugo(
            hugo_content, scratch, publishers(hugo_content), args.skip_preview, args.preview_timeout
        )
    kanwu = run_kanwu(
        content,
        scratch,
        publishers(content),
        args.skip_preview,
        args.preview_timeout,
        documents=not args.skip_documents,
    )
    ratio = None
    if hugo_result and kanwu.cold and hugo_result.hugo.cold and hugo_result.pagefind.cold:
        ratio = kanwu.cold.seconds / (
            hugo_result.hugo.cold.seconds + hugo_result.pagefind.cold.seconds
        )
    figures = Figures(
        date=time.strftime("%Y-%m-%d"),
        machine=_machine(),
        kanwu_commit=_commit(),
        command=" ".join(["python", "-m", "benchmarks.run", *sys.argv[1:]]),
        vocabulary=args.vocabulary if args.content is None else "（已有内容）",
        years=args.years if args.content is None else None,
        scale=args.scale if args.content is None else None,
        issues=issues,
        reports=reports,
        content_mb=content_mb,
        generate_corpus_s=corpus_seconds,
        cache_note=(
            "冷构建写入新的输出目录，kanwu 的缓存目录先清空，XDG_CACHE_HOME 指向新的空目录；"
            "日常发布沿用冷构建留下的缓存；kanwu 的模块像安装的包一样先编译好"
            + ("，并先删除 " + "、".join(map(str, args.cache)) if args.cache else "")
        ),
        kanwu=kanwu,
        hugo=hugo_result.hugo if hugo_result else None,
        pagefind=hugo_result.pagefind if hugo_result else None,
        pagefind_binary=hugo_result.pagefind_binary if hugo_result else None,
        ratio_cold=ratio,
        load_before=load_before,
        load_after=os.getloadavg(),
    )
    if not args.keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return figures


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="在同一份示例档案上比较 kanwu 与 Hugo + Pagefind：构建耗时、内存、日常发布、预览、索引与搜索下载量。",
    )
    parser.add_argument(
        "--content", type=Path, default=None, help="已有的内容目录（先复制，不再生成）"
    )
    parser.add_argument("--years", type=int, default=10, help="生成的年数（默认 10）")
    parser.add_argument("--scale", type=float, default=1.0, help="每年期数的倍数（默认 1.0）")
    parser.add_argument(
        "--vocabulary",
        choices=VOCABULARIES,
        default="realistic",
        help="示例档案的词表（默认 realistic）",
    )
    parser.add_argument("--workdir", type=Path, default=None, help="工作目录（默认临时目录）")
    parser.add_argument("--keep", action="store_true", help="保留工作目录（档案、两个站点、日志）")
    parser.add_argument(
        "--cache",
        type=Path,
        action="append",
        default=[],
        help="冷构建前删除的缓存目录（可多次给出）",
    )
    parser.add_argument("--skip-hugo", action="store_true", help="不测 Hugo + Pagefind")
    parser.add_argument("--skip-preview", action="store_true", help="不测预览")
    parser.add_argument(
        "--skip-documents",
        action="store_true",
        help="不测下载文件（PDF 和 Word）：十年档案的冷构建因此少用约一小时",
    )
    parser.add_argument(
        "--preview-timeout", type=float, default=300.0, help="预览每一步最多等待的秒数（默认 300）"
    )
    parser.add_argument("--json", type=Path, default=None, help="把全部结果另存为 JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.years < 1 or args.scale <= 0:
        parser.error("--years 必须为正整数，--scale 必须大于 0")
    figures = run(args)
    print(
        f"档案：{figures.issues:,} 期，{figures.reports:,} 篇稿件，Markdown {figures.content_mb:.1f} MB，"
        f"词表 {figures.vocabulary}（生成用时 {figures.generate_corpus_s:.1f} 秒）"
    )
    print(f"机器：{figures.machine}；kanwu 提交 {figures.kanwu_commit}；{figures.date}")
    loads = (figures.load_before[0], figures.load_after[0])
    print(f"开始与结束时的系统负载（1 分钟平均）：{loads[0]:.1f}、{loads[1]:.1f}")
    print(
        f"说明：{figures.cache_note}；内存峰值是整个进程树常驻内存之和的最大值（每 50 毫秒采样）。"
    )
    print()
    print(table(figures))
    if args.json:
        args.json.write_text(
            json.dumps(asdict(figures), ensure_ascii=False, indent=2), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

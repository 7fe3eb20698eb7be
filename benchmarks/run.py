"""Build a synthetic archive and report what it costs (DESIGN §6 scale).

    python -m benchmarks.run                       # ten years, generated into a scratch folder
    python -m benchmarks.run --years 2 --scale 0.2
    python -m benchmarks.run --content DIR         # an existing content directory

Reports seconds per stage (load, generate, engine, index), peak memory of the
build and of its child processes (Pagefind), the size of the search index,
the bytes a browser downloads for one search (served on 127.0.0.1, measured in
Debian's chromium) and the largest pages.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.corpus import DEFAULT_ISSUES_PER_YEAR, generate
from generator.build.engine import DEFAULT_CONFIG, build_site
from generator.build.timing import StageTimes
from generator.content.pipeline import load_and_validate

QUERIES = ("安全生产", "营商环境建设", "安")


@dataclass
class Figures:
    machine: str
    issues: int
    reports: int
    content_mb: float
    generate_corpus_s: float
    load_s: float
    generate_s: float
    engine_s: float
    index_s: float
    total_build_s: float
    peak_rss_build_mb: float
    peak_rss_children_mb: float
    site_mb: float
    index_mb: float
    largest_page_kb: float
    largest_page: str
    largest_issue_page_kb: float
    query_bytes: dict[str, int]


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _machine() -> str:
    pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    return f"{platform.machine()}, {os.cpu_count()} cores, {pages / 2**30:.0f} GiB, Python {platform.python_version()}"


def query_bytes(site: Path, queries: tuple[str, ...]) -> dict[str, int]:
    """Bytes the search page downloads from pagefind/ for each query, in Chromium."""
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, serving

    results: dict[str, int] = {}
    with serving(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for query in queries:
            context = browser.new_context()  # a fresh cache for every query
            page = context.new_page()
            sizes: list[int] = []
            page.on(
                "response",
                lambda r, sizes=sizes: (
                    sizes.append(len(r.body())) if "/pagefind/" in r.url else None
                ),
            )
            page.goto(f"{base}search/?q={query}", wait_until="networkidle")
            page.wait_for_selector(".kw-result, .kw-search__status:has-text('没有')")
            page.wait_for_load_state("networkidle")
            results[query] = sum(sizes)
            context.close()
        browser.close()
    return results


def run(content: Path | None, years: int, scale: float, output: Path) -> Figures:
    scratch = Path(tempfile.mkdtemp(prefix="kanwu-bench-"))
    try:
        started = time.perf_counter()
        if content is None:
            per_year = {k: max(1, round(v * scale)) for k, v in DEFAULT_ISSUES_PER_YEAR.items()}
            content = generate(scratch / "content", years=years, issues_per_year=per_year).root
        corpus_seconds = time.perf_counter() - started
        times = StageTimes()
        started = time.perf_counter()
        publication, problems = load_and_validate(content)
        assert publication is not None and not problems.errors, problems.errors[:5]
        times.load = time.perf_counter() - started
        build_site(publication, content, output, DEFAULT_CONFIG, times)
        total = time.perf_counter() - started
        pages = {p: p.stat().st_size for p in output.rglob("*.html")}
        largest = max(pages, key=pages.__getitem__)
        issue_pages = [
            s for p, s in pages.items() if p.parent.name.isdigit() and len(p.parent.name) == 3
        ]
        return Figures(
            machine=_machine(),
            issues=len(publication.issues),
            reports=sum(len(i.reports) for i in publication.issues),
            content_mb=_size(content) / 2**20,
            generate_corpus_s=corpus_seconds,
            load_s=times.load,
            generate_s=times.generate,
            engine_s=times.engine,
            index_s=times.index,
            total_build_s=total,
            peak_rss_build_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            peak_rss_children_mb=resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            site_mb=_size(output) / 2**20,
            index_mb=_size(output / "pagefind") / 2**20,
            largest_page_kb=pages[largest] / 1024,
            largest_page=largest.relative_to(output).as_posix(),
            largest_issue_page_kb=max(issue_pages) / 1024,
            query_bytes=query_bytes(output, QUERIES),
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description="生成多年示例档案并测量构建耗时、内存、索引与页面大小。"
    )
    parser.add_argument("--content", type=Path, default=None, help="已有的内容目录（不再生成）")
    parser.add_argument("--years", type=int, default=10, help="生成的年数（默认 10）")
    parser.add_argument("--scale", type=float, default=1.0, help="每年期数的倍数（默认 1.0）")
    parser.add_argument("--output", type=Path, default=None, help="站点输出目录（默认临时目录）")
    parser.add_argument("--json", type=Path, default=None, help="把结果另存为 JSON")
    args = parser.parse_args()
    output = args.output or Path(tempfile.mkdtemp(prefix="kanwu-bench-site-")) / "site"
    figures = run(args.content, args.years, args.scale, output)
    for key, value in asdict(figures).items():
        print(f"{key}: {value:.1f}" if isinstance(value, float) else f"{key}: {value}")
    if args.json:
        args.json.write_text(json.dumps(asdict(figures), ensure_ascii=False, indent=2), "utf-8")


if __name__ == "__main__":
    main()

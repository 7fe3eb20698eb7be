"""A build says what it is doing: a bar on a terminal, one line per stage in a log."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console

from benchmarks.corpus import append_issue, generate
from generator.build.progress import Bar, LogLines, for_console
from tests.helpers import kanwu

STAGE_LINE = re.compile(r"^(\S+)：(?:[\d,]+ 项，)?\d+\.\d 秒$")


def test_a_build_in_a_ci_log_writes_one_line_per_stage(content: Path, tmp_path: Path) -> None:
    result = kanwu("build", "--content", content, "--output", tmp_path / "site")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert all(STAGE_LINE.match(line) for line in lines), lines
    stages = [STAGE_LINE.match(line).group(1) for line in lines]  # type: ignore[union-attr]
    assert stages == [
        "读取与检查内容",
        "渲染稿件正文",
        "比对页面",
        "生成页面",
        "建立搜索索引",
        "复用未改动的页面",
    ]
    counted = {line.split("：")[0]: line for line in lines}
    assert re.search(r"生成页面：[\d,]+ 项", counted["生成页面"])


def test_a_second_build_says_how_many_pages_it_reused(content: Path, tmp_path: Path) -> None:
    kanwu("build", "--content", content, "--output", tmp_path / "site")
    result = kanwu("build", "--content", content, "--output", tmp_path / "site")
    reused = next(line for line in result.stderr.splitlines() if line.startswith("复用"))
    rendered = next(line for line in result.stderr.splitlines() if line.startswith("生成页面"))
    count = int(re.search(r"([\d,]+) 项", reused).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert count > 0
    assert count > int(re.search(r"([\d,]+) 项", rendered).group(1).replace(",", ""))  # type: ignore[union-attr]


def test_a_terminal_gets_a_bar_and_a_log_gets_lines() -> None:
    for terminal, kind in ((True, Bar), (False, LogLines)):
        progress = for_console(Console(force_terminal=terminal))
        progress.close()
        assert isinstance(progress, kind)


def _indexed(stderr: str) -> int:
    """How many bundles the index stage's line says Pagefind indexed."""
    line = next(line for line in stderr.splitlines() if line.startswith("建立搜索索引"))
    found = re.search(r"([\d,]+) 项", line)
    return int(found.group(1).replace(",", "")) if found else 0


def test_the_index_stage_counts_the_bundles_pagefind_indexes(tmp_path: Path) -> None:
    """A cold build indexes every bundle, a publish its month's, a build
    that changed nothing none: the stage counts them as they are done."""
    corpus = generate(tmp_path / "content", years=2, issues_per_year={"kuaibao": 30}, seed=4)
    site = tmp_path / "site"
    build = ("build", "--content", corpus.root, "--output", site)
    first = kanwu(*build)
    assert first.returncode == 0, first.stderr
    bundles = [p for p in (site / "pagefind").iterdir() if (p / "pagefind-entry.json").is_file()]
    assert len(bundles) >= 3  # two years and the newest month
    assert _indexed(first.stderr) == len(bundles)
    assert _indexed(kanwu(*build).stderr) == 0
    append_issue(corpus.root)
    assert _indexed(kanwu(*build).stderr) == 1

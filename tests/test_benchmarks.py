"""The benchmark runs end to end in one command on a small archive: kanwu and Hugo + Pagefind,
cold build, daily publish, preview, index and search downloads. No timed assertions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.helpers import REPO


def test_one_command_compares_kanwu_with_hugo_and_pagefind(tmp_path: Path) -> None:
    out = tmp_path / "figures.json"
    result = subprocess.run(
        [
            *(sys.executable, "-m", "benchmarks.run", "--years", "1", "--scale", "0.05"),
            *("--preview-timeout", "60", "--json", str(out)),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["issues"] > 20 and figures["reports"] > figures["issues"]
    assert figures["vocabulary"] == "realistic"
    assert "pagefind_extended" in figures["pagefind_binary"]  # Chinese segmentation

    kanwu, hugo, pagefind = figures["kanwu"], figures["hugo"], figures["pagefind"]
    for side in (kanwu, hugo, pagefind):
        # The later days' figure is the median of three days, each kept.
        assert len(side["later_days"]) == 3
        assert side["next_daily"] in side["later_days"]
        seconds = sorted(day["seconds"] for day in side["later_days"])
        assert side["next_daily"]["seconds"] == seconds[1]
        for stage in ("cold", "daily", "next_daily"):
            run = side[stage]
            assert run["returncode"] == 0
            assert run["seconds"] > 0
            # A whole tree is at least as large as its largest process, give or take sampling.
            assert 10 < run["peak_tree_mb"] < 20_000
            assert 10 < run["maxrss_mb"] < 20_000
    for side in (kanwu, pagefind):
        assert side["index_mb"] > 0
        assert all(0 < size < 1_000_000 for size in side["query_bytes"].values())
        assert side["query_results"]["安"] > 0
    for side in (kanwu, hugo):
        preview = side["preview"]
        assert preview["startup_s"] > 0, preview["note"]
        assert preview["save_to_shown_s"] > 0, preview["note"]
    again = kanwu["preview_again"]
    assert again["startup_s"] > 0 and again["save_to_shown_s"] > 0, again["note"]
    assert figures["ratio_cold"] > 0
    # Every issue and 通报 to download (the days' issues came after the count).
    assert kanwu["documents"] > figures["issues"] and kanwu["documents_mb"] > 0
    assert kanwu["documents_cold"]["returncode"] == 0
    assert kanwu["check"]["returncode"] == 0 and kanwu["check"]["seconds"] > 0

    table = result.stdout
    assert "| 项目 | Hugo | Pagefind（Hugo 输出） | Hugo + Pagefind | kanwu |" in table
    rows = ("冷构建耗时", "内存峰值", "日常发布（新增一期）", "此后每天发布", "预览（保存到显示）")
    for row in (*rows, "预览再次启动", "索引大小", "冷构建，含下载的 PDF 和 Word", "检查全部内容"):
        assert f"| {row}" in table
    assert "一次搜索的下载量" in table and "kanwu 冷构建耗时 ÷（Hugo + Pagefind）" in table


def test_the_new_issue_is_published_by_a_daily_build(tmp_path: Path) -> None:
    from benchmarks.corpus import append_issue, generate
    from tests.helpers import built_site

    corpus = generate(tmp_path / "content", years=1, issues_per_year={"kuaibao": 6}, seed=2)
    newest = max(issue.date for issue in corpus.issues)
    fact = append_issue(corpus.root)
    assert (fact.series, fact.date, len(fact.reports)) == ("kuaibao", newest, 5)
    assert fact.number == 1 + max(i.number for i in corpus.issues if i.series == "kuaibao")
    site = built_site(corpus.root, tmp_path / "site", "--strict")
    assert (site / f"kuaibao/{fact.year}/{fact.number:03d}/index.html").is_file()


def test_the_realistic_vocabulary_draws_no_proper_noun_and_keeps_the_reports(
    tmp_path: Path,
) -> None:
    from benchmarks.corpus import generate
    from benchmarks.vocabulary import Vocabulary, realistic

    small = Vocabulary("张三 90 nr\n示例 80 ns\n某某局 70 nt\n发展 60 v\n经济 50 n\n全面 40 d\n")
    assert {name: c.words for name, c in small.classes.items() if c.words} == {
        "n": ["经济"],
        "v": ["发展"],
        "d": ["全面"],
    }
    assert len(realistic()) > 100_000

    issues = {"kuaibao": 20, "yaoqing": 4, "pishi": 4, "shangbao": 10, "jiaoliu": 4}
    bank = generate(tmp_path / "bank", years=1, issues_per_year=issues, vocabulary="bank")
    real = generate(tmp_path / "real", years=1, issues_per_year=issues)
    # Same issues, titles, units and references: only the bodies' words differ.
    strip = [
        (i.folder, i.date, i.topic, [(r.title, r.unit_ids) for r in i.reports]) for i in bank.issues
    ]
    assert strip == [
        (i.folder, i.date, i.topic, [(r.title, r.unit_ids) for r in i.reports]) for i in real.issues
    ]

    def characters(root: Path) -> set[str]:
        return {
            c
            for p in root.rglob("*.md")
            for c in p.read_text(encoding="utf-8")
            if "一" <= c <= "鿿"
        }

    assert len(characters(real.root)) > 2 * len(characters(bank.root))

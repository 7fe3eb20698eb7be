"""What goes into the search index, and the query the search page sends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.content.pipeline import load_and_validate
from generator.site.bodies import render_bodies
from generator.site.catalog import build_catalog
from generator.site.search import GRAM, PACKED_BASE, search_query, search_records, tokens


def unpacked(value: str) -> Any:
    """The structured metadata as kanwu-search.js reads it."""
    return json.loads(bytes(ord(c) - PACKED_BASE for c in value).decode("utf-8"))


def test_a_token_starts_at_every_chinese_character() -> None:
    assert GRAM == 4
    assert tokens("营商环境建设，2026年GDP") == [
        *("营商环境", "商环境建", "环境建设", "境建设", "建设", "设"),
        *("2026", "年", "gdp"),
    ]


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("营商", "营商"),  # a prefix of the token where it starts
        ("营商环境", "营商环境"),
        ("营商环境建设", '"营商环境 商环境建 环境建设"'),  # whole tokens, as a phrase
        ("安全 生产", "安全 生产"),  # two terms: both, anywhere
        ("GDP增长", "gdp 增长"),  # a short run only matches as a prefix: no phrase
    ],
)
def test_search_query_matches_substrings(typed: str, sent: str) -> None:
    assert search_query(typed) == sent


def test_a_phrase_query_is_a_run_of_the_tokens_of_any_text_containing_it() -> None:
    text = "全市优化营商环境建设工作"
    phrase = search_query("营商环境建设").strip('"').split()
    words = tokens(text)
    assert any(words[i : i + len(phrase)] == phrase for i in range(len(words)))


def test_one_record_per_issue_with_what_a_reader_reads(content: Path) -> None:
    publication, _ = load_and_validate(content)
    assert publication is not None
    catalog = build_catalog(publication)
    records = {r.url: r for r in search_records(catalog, render_bodies(catalog, content))}
    assert set(records) == {f"/{key}/" for key in catalog.issues}
    record = records["/kuaibao/2026/001/"]
    words = record.content.split()
    assert "甲县多措" in words  # title
    assert "隐患排查" in words  # body
    assert "纯属虚构" in words  # 编者按
    assert "省委办公" not in words  # the distribution block is not what one searches
    assert record.meta["title"] == "每日快报 2026年第1期"
    assert record.meta["number"] == "2026年第1期（总第1201期）"
    assert record.filters == {
        "series": ["每日快报"],
        "year": ["2026"],
        "unit": ["乙区委办公室", "甲县委办公室"],
        "category": ["社会", "经济"],
    }
    # Each report's entry says where its words start, after the 编者按's words.
    first, second = unpacked(record.meta["reports"])
    assert first["anchor"] == "r-01" and second["anchor"] == "r-02"
    assert first["start"] == len(tokens("本期编者按：示例内容，纯属虚构。"))
    assert words[first["start"]] == "甲县多措"
    assert words[second["start"]] == "甲县乙区"
    assert second["title"] == "甲县乙区联合开展跨界河流治理"
    assert second["units"] == ["甲县委办公室", "乙区委办公室"]
    assert second["category"] == "社会"

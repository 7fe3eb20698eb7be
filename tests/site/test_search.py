"""What goes into the search index, and the query the search page sends."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.content.load import load
from generator.content.model import PUBLIC, Issue, Journal, Publication, Report, Series, Unit
from generator.content.pipeline import load_and_validate
from generator.content.source import INVISIBLE
from generator.site.bodies import render_bodies
from generator.site.catalog import build_catalog
from generator.site.render import PageRenderer
from generator.site.search import (
    END,
    GRAM,
    PACKED_BASE,
    WORD_END,
    SearchRecord,
    query_terms,
    search_query,
    search_records,
    tokens,
)
from tests.helpers import edit


def unpacked(value: str) -> Any:
    """The structured metadata as kanwu-search.js reads it."""
    return json.loads(bytes(ord(c) - PACKED_BASE for c in value).decode("utf-8"))


def test_a_token_starts_at_every_chinese_character_and_number() -> None:
    assert GRAM == 4
    e, w = END, WORD_END
    assert tokens("营商环境建设，2026年GDP") == [
        *("营商环境", "商环境建", "环境建设", f"境建设{e}", f"建设{e}", f"设{e}"),
        *(f"2026{w}年gdp{w}{e}", f"年gdp{w}{e}", f"gdp{w}{e}"),
    ]


def test_a_number_is_one_unit_with_its_point_and_separators() -> None:
    words = tokens("增长68.7%，达1,250万吨 PM2.5")
    assert words[:2] == ["增长68\u01c37\u01c1\u01c2", "长68\u01c37\u01c1\u01c2"]
    assert "1\u01c0250\u01c1万吨" in words[3]
    assert words[-1] == f"pm2\u01c35{WORD_END}{END}"
    # A full stop after a number ends the sentence, not the number.
    assert tokens("共68.")[-1] == f"68{WORD_END}{END}"


@given(st.text(alphabet="甲乙丙丁戊己庚辛壬癸安全生产营商环境12.,aB，。 ", max_size=40))
def test_no_token_is_the_start_of_a_term_the_search_page_sends(text: str) -> None:
    # Pagefind falls back to the longest word a missing term starts with: no
    # token may be one, or a bundle without the term finds others.
    indexed = set(tokens(text))
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            for term in search_query(text[start:end]).strip('"').split():
                assert not any(term.startswith(w) and term != w for w in indexed), (term, text)


@given(st.lists(st.text(alphabet="甲乙安全生产营商环境豈ǂaBé1２².,，。 🙂𠀀", max_size=20)))
def test_the_tokens_of_parts_joined_by_line_breaks_are_those_of_each_part(
    parts: list[str],
) -> None:
    # A record's text is its parts joined so: its words are the parts' words.
    assert tokens("\n".join(parts)) == [word for part in parts for word in tokens(part)]


@given(st.text(alphabet="甲乙安全生产1.,a，。 ", max_size=30))
def test_every_term_the_search_page_sends_for_indexed_text_is_listed(text: str) -> None:
    # generator/build/terms.py tells the page which bundles can find a term:
    # every Chinese term of a query that finds the text is listed.
    content = " ".join(tokens(text))
    listed = query_terms([content])
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            if _found(content, text[start:end]):
                query = search_query(text[start:end]).strip('"').split()
                assert all(term in listed for term in query if term[0] in "甲乙安全生产"), query


@pytest.mark.parametrize(
    ("typed", "sent"),
    [
        ("营商", "营商"),  # a prefix of the token where it starts
        ("营商环境", "营商环境"),
        ("营商环境建设", '"营商环境 商环境建 环境建设"'),  # whole tokens, as a phrase
        ("安全 生产", "安全 生产"),  # two terms: both, anywhere
        ("GDP增长", f"gdp{WORD_END}增长"),
        ("68.7万吨", f"68\u01c37{WORD_END}万吨"),
        ("同比增长68.7%", f'"同比增长 比增长68\u01c37{WORD_END}"'),
        ("营商环境建设，安全生产", "营商环境 商环境建 环境建设 安全生产"),  # two runs: both
    ],
)
def test_search_query_matches_substrings(typed: str, sent: str) -> None:
    assert search_query(typed) == sent


@pytest.mark.parametrize(
    ("text", "query", "found"),
    [
        ("今年粮食产量68.7万吨。", "68.7万吨", True),
        ("今年粮食产量68.7万吨。", "产量68.7万吨", True),
        ("今年粮食产量68.7万吨。", "68.7", True),
        ("今年粮食产量68.7万吨。", "68", False),
        ("今年粮食产量68.7万吨。", "7万吨", False),
        ("今年粮食产量68.7万吨。", "8.7万吨", False),
        ("产量168.7万吨", "68.7万吨", False),
        ("产量68万吨，增长7万吨", "68.7万吨", False),
        ("产量68万吨，增长7万吨", "68万吨", True),
        ("达1,250户", "1,250户", True),
        ("达1,250户", "250户", False),
        ("GDP增长", "gdp", True),
        ("GDP增长", "GDP增长", True),
        ("GDPs增长", "GDP", False),
        ("PM2.5浓度下降", "PM2.5浓度", True),
        ("PM2.5浓度下降", "PM2", False),
        ("2026年11月5日召开", "2026年11月5日", True),
        ("2026年11月5日召开", "11月5日召开", True),
        ("2026年11月15日召开", "11月5日", False),
    ],
)
def test_numbers_and_latin_words_match_as_written(text: str, query: str, found: bool) -> None:
    assert _found(" ".join(tokens(text)), query) is found


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
    # The text as the page shows it: punctuation kept, no Markdown.
    assert "本期编者按：示例内容，纯属虚构。" in record.text
    assert record.content == " ".join(tokens(record.text))
    # Each report's entry says where its text and its body start and end.
    first, second = unpacked(record.meta["reports"])
    assert first["anchor"] == "r-01" and second["anchor"] == "r-02"
    assert _at(record.text, first["at"]).startswith("甲县多措")
    assert _at(record.text, second["at"]).startswith(
        "甲县乙区联合开展跨界河流治理\n甲县委办公室、乙区委办公室\n"
    )
    body = _at(record.text, second["body"])
    assert body.startswith(text_of(content, "kuaibao/2026/001/02"))
    assert (
        first["end"] < second["at"] and second["end"] == len(record.text.encode("utf-16-le")) // 2
    )
    assert second["title"] == "甲县乙区联合开展跨界河流治理"
    assert second["units"] == ["甲县委办公室", "乙区委办公室"]
    assert second["category"] == "社会"


def _at(text: str, offset: int) -> str:
    """``text`` from an offset in UTF-16 units, as kanwu-search.js slices it."""
    return text.encode("utf-16-le")[2 * offset :].decode("utf-16-le")


def text_of(content: Path, report: str) -> str:
    """What a reader sees of a report's body."""
    publication, _ = load_and_validate(content)
    assert publication is not None
    catalog = build_catalog(publication)
    return render_bodies(catalog, content).text(report)


def _found(content: str, text: str) -> bool:
    """Whether the search page's query for ``text`` finds the record's words."""
    words = content.split()
    query = search_query(text).strip('"').split()
    if len(query) == 1:
        return any(word.startswith(query[0]) for word in words)
    return any(words[i : i + len(query)] == query for i in range(len(words)))


def _public_record(content: Path, body: str) -> SearchRecord:
    """The public record of kuaibao/2026/002, whose one report gets ``body``."""
    edit(content, "kuaibao/2026/002/01.md", "follows:", "classification: 公开\nfollows:")
    edit(content, "kuaibao/2026/002/01.md", "续报内容", f"{body}\n\n可见的正文内容。续报内容")
    publication, _ = load(content)  # unchecked: the index must hold even so
    assert publication is not None
    catalog = build_catalog(publication, "public")
    records = list(search_records(catalog, render_bodies(catalog, content)))
    assert [r.url for r in records] == ["/kuaibao/2026/002/"]
    return records[0]


@pytest.mark.parametrize(
    ("body", "unseen"),
    [
        ("[前文](../001/02-内部稿件名称.md)", "内部稿件名称"),
        ("[附件](内部附件名称.pdf)", "内部附件名称"),
        ("![现场](内部图片名称.png)", "内部图片名称"),
        ("![图片替代文字](图.png)", "图片替代文字"),
        ('<a href="x.pdf" title="链接标题属性">附件</a>', "链接标题属性"),
        ("<!-- 注释里的内部说明 -->", "注释里的内部说明"),
        ("<script>var s = '脚本里的内部说明';</script>", "脚本里的内部说明"),
        ("<style>p::after { content: '样式里的内部说明'; }</style>", "样式里的内部说明"),
        ("<form>表单里的内部说明</form>", "表单里的内部说明"),
    ],
)
def test_the_index_holds_no_text_the_reader_does_not_see(
    content: Path, body: str, unseen: str
) -> None:
    record = _public_record(content, body)
    assert _found(record.content, "可见的正文内容")
    assert not _found(record.content, unseen)
    assert unseen not in json.dumps([record.meta, record.filters], ensure_ascii=False)
    assert unseen not in json.dumps(unpacked(record.meta["reports"]), ensure_ascii=False)


@pytest.mark.parametrize(
    ("body", "seen"),
    [
        ("[链接上的文字](附件.pdf)", "链接上的文字"),
        ("**优化营商**环境建设", "优化营商环境建设"),
        ("```\n代码块中的文字\n```", "代码块中的文字"),
        ("| 表头文字 |\n|---|\n| 表格中的文字 |", "表格中的文字"),
    ],
)
def test_the_index_holds_the_text_the_reader_sees(content: Path, body: str, seen: str) -> None:
    assert _found(_public_record(content, body).content, seen)


# Titles, units and categories with every character that once delimited the
# packed metadata, markup, JSON syntax and line breaks; not the invisible
# characters that reading content refuses (tests/content/test_yaml_mistakes.py).
hostile = st.text(
    alphabet=st.sampled_from(list("~|\"'<>&\\\n{}[],:#%甲乙标题单位 r-0")) | st.characters(),
    min_size=1,
    max_size=30,
).filter(lambda s: s.strip() != "" and not INVISIBLE.search(s))


@settings(max_examples=60, deadline=None)
@given(
    titles=st.lists(hostile, min_size=1, max_size=4),
    unit_name=hostile,
    category=hostile,
)
def test_report_metadata_reaches_the_search_page_exactly_as_written(
    titles: list[str], unit_name: str, category: str
) -> None:
    journal = Journal("示例信息", "示例办公室", (Series("kuaibao", "每日快报"),), PUBLIC)
    reports = tuple(
        Report(
            id=f"kuaibao/2026/001/0{n}",
            path=f"kuaibao/2026/001/0{n}.md",
            name=f"0{n}",
            title=title,
            units=("jiaxian",),
            category=category,
            body="正文。",
        )
        for n, title in enumerate(titles, start=1)
    )
    issue = Issue("kuaibao", 2026, 1, "kuaibao/2026/001", dt.date(2026, 3, 2), reports)
    publication = Publication(journal, (Unit("jiaxian", unit_name),), (issue,))
    catalog = build_catalog(publication, "public")
    (record,) = search_records(catalog, render_bodies(catalog, None))
    html = PageRenderer(catalog).search_record(record)
    # What the browser's DOM gives kanwu-search.js: the attribute, unescaped.
    shown = BeautifulSoup(html, "html.parser").select_one('[data-pagefind-meta^="reports"]')
    assert shown is not None
    assert unpacked(str(shown["data-value"])) == [
        {
            "anchor": f"r-0{n}",
            "at": entry["at"],
            "body": entry["body"],
            "end": entry["end"],
            "title": title,
            "units": [unit_name],
            "category": category,
        }
        for n, (title, entry) in enumerate(
            zip(titles, unpacked(record.meta["reports"]), strict=True), start=1
        )
    ]
    assert not re.search(r"[^\W_]", record.meta["reports"]), "Pagefind would index it"

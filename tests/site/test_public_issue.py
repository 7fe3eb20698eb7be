"""An internal issue with 公开 reports shows nothing of itself in the public edition.

Its urgency, topic, 编者按, 签发, 责任编辑, 版记 and marks may speak of the
reports left out; only where and when it appeared (series, number, date) and
its 公开 reports are shown."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from generator.content.load import load
from generator.content.model import INTERNAL, PUBLIC, Issue, Journal, Report, Series
from generator.site.catalog import build_catalog, edition_issue
from generator.site.feeds import site_feeds
from generator.site.pages import site_pages
from generator.site.render import PageRenderer
from tests.helpers import edit, write

# What the public edition keeps of an internal issue; every other field of
# Issue is left at its default, so a field added later stays out as well.
KEPT = {"series", "year", "number", "path", "date", "reports"}
# Shown as nothing, where the default would fall back to something else.
EMPTIED = {"distribution": ()}  # None would show journal.yml's 版记

SENTINEL_VALUES: dict[str, Any] = {
    "issuer": "签发人哨兵",
    "editor": "责任编辑哨兵",
    "topic": "主题哨兵",
    "urgency": "特急",
    "classification": INTERNAL,
    "distribution": (("报", "版记哨兵"),),
    "note": "编者按哨兵",
    "note_line": 7,
    "assets": ("kuaibao/2026/001/哨兵.png",),
    "lines": {"urgency": 5},
}
JOURNAL = Journal("示例信息", "示例办公室", (Series("kuaibao", "每日快报"),), INTERNAL)
PUBLIC_REPORT = Report(
    id="kuaibao/2026/001/01",
    path="kuaibao/2026/001/01.md",
    name="01",
    title="公开稿件",
    classification=PUBLIC,
)
INTERNAL_REPORT = dataclasses.replace(
    PUBLIC_REPORT, id="kuaibao/2026/001/02", name="02", classification=None
)


def _internal_issue(**values: Any) -> Issue:
    return Issue(
        series="kuaibao",
        year=2026,
        number=1,
        path="kuaibao/2026/001",
        date=dt.date(2026, 3, 2),
        reports=(PUBLIC_REPORT, INTERNAL_REPORT),
        **{**SENTINEL_VALUES, **values},
    )


def test_every_field_of_an_issue_is_either_kept_or_given_a_value() -> None:
    names = {f.name for f in dataclasses.fields(Issue)}
    assert names == KEPT | SENTINEL_VALUES.keys(), "decide what the public edition shows of it"


@pytest.mark.parametrize("name", sorted(SENTINEL_VALUES))
def test_a_field_of_an_internal_issue_is_not_in_the_public_edition(name: str) -> None:
    shown = edition_issue(_internal_issue(), JOURNAL, "public")
    assert shown is not None and shown.reports == (PUBLIC_REPORT,)
    field = next(f for f in dataclasses.fields(Issue) if f.name == name)
    default = field.default_factory() if callable(field.default_factory) else field.default
    assert getattr(shown, name) == EMPTIED.get(name, default)


@pytest.mark.parametrize("name", sorted(KEPT - {"reports"}))
def test_where_and_when_an_internal_issue_appeared_is_kept(name: str) -> None:
    shown = edition_issue(_internal_issue(), JOURNAL, "public")
    assert shown is not None and getattr(shown, name) == getattr(_internal_issue(), name)


def test_a_public_issue_keeps_its_urgency_and_topic() -> None:
    issue = _internal_issue(classification=PUBLIC)
    assert edition_issue(issue, JOURNAL, "public") == dataclasses.replace(
        issue, reports=(PUBLIC_REPORT, INTERNAL_REPORT)
    )


ISSUE_INDEX = """---
date: 2026-03-02
issuer: 签发人哨兵
editor: 责任编辑哨兵
topic: 主题哨兵
urgency: 特急
distribution: {报: 版记哨兵}
---
编者按哨兵
"""


def _site_html(content: Path) -> str:
    """Every page and feed of the public edition, rendered."""
    publication, _ = load(content)
    assert publication is not None
    catalog = build_catalog(publication, "public")
    renderer = PageRenderer(catalog)
    pages = [renderer.render(page) for page in site_pages(catalog)]
    feeds = [renderer.feed(feed, "https://example.org/") for feed in site_feeds(catalog)]
    return "\n".join(pages + feeds)


def test_an_internal_issue_shows_nothing_of_itself_on_any_public_page(content: Path) -> None:
    write(content, "kuaibao/2026/001/index.md", ISSUE_INDEX)
    edit(content, "kuaibao/2026/001/01.md", "category:", "classification: 公开\ncategory:")
    html = _site_html(content)
    assert "甲县多措并举推进春季安全生产" in html  # its public report is there
    for value in ("哨兵", "特急", "紧急要情", "省委办公厅", "内部资料"):
        assert value not in html


def test_a_public_issue_shows_its_topic_and_note_but_none_of_the_document_apparatus(
    content: Path,
) -> None:
    """The public website carries the information: a public issue's topic
    and 编者按, not its urgency mark, 签发, 责任编辑 or 版记."""
    write(
        content,
        "kuaibao/2026/001/index.md",
        ISSUE_INDEX.replace("---\n编", "classification: 公开\n---\n编"),
    )
    html = _site_html(content)
    assert "主题哨兵" in html and "编者按哨兵" in html
    for value in ("特急", "紧急要情", "签发人哨兵", "责任编辑哨兵", "版记哨兵", "内部资料"):
        assert value not in html

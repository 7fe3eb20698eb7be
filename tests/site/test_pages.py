"""Which pages exist and how much each one lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.site import pages
from tests.helpers import write
from tests.site.test_catalog import _catalog


def test_unit_page_keeps_whole_recent_years_within_its_row_limit(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for year in (2024, 2025):
        write(content, f"kuaibao/{year}/001/index.md", f"---\ndate: {year}-05-06\n---\n")
        write(
            content, f"kuaibao/{year}/001/01.md", "---\ntitle: 往年稿件\nunit: jiaxian\n---\n正文\n"
        )
        write(
            content,
            f"kuaibao/{year}/001/02.md",
            "---\ntitle: 往年稿件二\nunit: jiaxian\n---\n正文\n",
        )
    catalog = _catalog(content)
    monkeypatch.setattr(pages, "UNIT_PAGE_ROWS", 4)
    context = pages.PageContexts(catalog).page_unit("jiaxian")
    assert [g.year for g in context["years"]] == [2026]  # 3 reports; adding 2025 would exceed 4
    assert [g.year for g in context["older"]] == [2025, 2024]
    assert context["total"] == 7
    urls = {p.url for p in pages.site_pages(catalog)}
    assert {"units/jiaxian/2024/", "units/jiaxian/2025/", "units/jiaxian/2026/"} <= urls

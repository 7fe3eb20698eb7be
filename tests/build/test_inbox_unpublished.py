"""Nothing of inbox/ reaches either edition: not a 来稿's file, text,
picture or name, in no page, feed, data file or search index (Pagefind's
files read back decompressed). Only the counts reach the intranet's
statistics pages."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from tests.cli.wordfiles import png
from tests.helpers import FIXTURES, built_site, write

SENTINEL = "哨兵来稿绝密词"
SUBMISSION = f"""---
title: {SENTINEL}标题
unit: jiaxian
received: 2026-03-01 09:30
tags: [{SENTINEL}标签]
category: 社会
---

{SENTINEL}正文。

![{SENTINEL}图注]({SENTINEL}.png)
"""


def _readable(path: Path) -> bytes:
    """A site file's bytes as a reader of it gets them: gzip (feeds, Pagefind)
    decompressed."""
    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data


@pytest.fixture(scope="module", params=["intranet", "public"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp(f"inbox-{request.param}")
    content = root / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    write(content, "inbox/2026/03/0301-01.md", SUBMISSION)
    write(content, f"inbox/2026/03/{SENTINEL}.png", png())
    write(content, "inbox/2026/03/0301-02.md", SUBMISSION.replace(SENTINEL, "另一篇"))
    return built_site(content, root / "site", "--audience", request.param)


def test_no_file_of_either_edition_holds_anything_of_the_inbox(site: Path) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    assert any("pagefind" in p.parts for p in files)  # the index is read too
    sentinel = SENTINEL.encode("utf-8")
    assert [p for p in files if SENTINEL in p.as_posix()] == []
    assert [p for p in files if sentinel in _readable(p)] == []
    assert [p for p in files if "inbox" in p.relative_to(site).parts] == []
    assert not any(b"0301-01" in _readable(p) for p in files)


def test_the_intranet_statistics_count_the_inbox(site: Path) -> None:
    stats = site / "stats" / "2026" / "03" / "index.html"
    if not stats.exists():  # the public edition has no statistics
        assert not (site / "stats").exists()
        return
    page = stats.read_text(encoding="utf-8")
    assert "共收到来稿2条，采用0条，采用率0.0%" in page
    assert "<th>报送</th><th>采用</th><th>采用率</th>" in page
    unit = (site / "units" / "jiaxian" / "index.html").read_text(encoding="utf-8")
    assert "<th>年份</th><th>报送</th><th>采用</th><th>采用率</th>" in unit
    assert "<td>2</td><td>0</td><td>0.0%</td>" in unit

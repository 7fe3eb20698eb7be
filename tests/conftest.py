"""Shared fixtures: a small valid content directory to copy and break."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, edit, write


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of ``fixtures/minimal``: valid, with every series type."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", root)
    return root


# Building the sample prints 62 documents to download (generator.build.documents),
# half a minute: the tests that are about them turn them on (KANWU_DOCUMENTS,
# read by mkdocs.yml); every other build here leaves them out.
os.environ.setdefault("KANWU_DOCUMENTS", "false")


LEDGER_MORE = """\
- event: adopted
  date: 2026-04-05
  report: kuaibao/2026/002/01
  by: 省委办公厅
- event: erratum
  date: 2026-03-20
  report: kuaibao/2026/001/01
  change: 第一句“隐患排查”改为“隐患大排查”
  reason: 原稿漏字
- event: erratum
  date: 2026-04-02
  report: kuaibao/2026/002/01
  change: 标题“续报”前补“第一次”
  reason: 便于区分多次续报
- event: best
  date: 2026-03-31
  month: 2026-03
  reports: [kuaibao/2026/001/02, yaoqing/2026/001/01]
"""


@pytest.fixture
def reviewed(content: Path) -> Path:
    """The minimal content with a second quarter, proofreading findings,
    勘误 and best of month: worked by hand in tests/records/test_review.py."""
    edit(content, "kuaibao/2026/001/02.md", "两地联合巡河", "县委委托两地联合巡河，县委委员带队")
    edit(content, "kuaibao/2026/001/02.md", "纯属虚构。", "县委委部署，纯属虚构。")
    write(content, "kuaibao/2026/003/index.md", "---\ndate: 2026-04-01\n---\n")
    write(
        content,
        "kuaibao/2026/003/01.md",
        "---\ntitle: 乙区推进安全生产\nunit: yiqu\n---\n乙区开展的的排查，抓好安全,生产。\n",
    )
    ledger = content / "ledger/2026.yml"
    ledger.write_text(ledger.read_text(encoding="utf-8") + LEDGER_MORE, encoding="utf-8")
    return content

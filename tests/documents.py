"""An issue written to be exported: long enough for full pages, with what
a report body holds (headings, emphasis, numbers, a table, a picture) and
what an issue page shows that the issued document must not."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

from tests.cli.wordfiles import png
from tests.helpers import SAMPLE, write

ISSUE = "kuaibao/2026/191"
# Fictional words with the punctuation and numbers of real reports.
WORDS = " ".join(
    (
        "基层治理 网格化管理 乡村振兴 营商环境 安全生产 民生实事 项目建设 招商引资",
        "生态环境 粮食生产 就业服务 养老服务 防汛抗旱 社会救助 矛盾纠纷 化解 排查",
        "整改 落实 推进 部署 督促 统筹 协调 保障 完善 机制 体系 能力 水平 质量 效率",
        "群众 企业 村组 社区 乡镇 部门 单位 干部 党员 志愿者 示例 甲县 乙区 丙县",
    )
).split()
MARKS = "，，，，。、；："


def paragraph(rng: random.Random, length: int, numbers: bool) -> str:
    """A paragraph of about ``length`` characters ending in 「。」."""
    out: list[str] = []
    while sum(map(len, out)) < length:
        out.append(rng.choice(WORDS))
        if rng.random() < 0.3:
            out.append(rng.choice(MARKS))
        if numbers and rng.random() < 0.05:
            out.append(f"{rng.randint(2, 980)}{rng.choice(['个', '家', '万元', '%', '人次'])}")
    text = "".join(out).strip("，。、；：")
    return text + "。"


LONG_PARAGRAPHS = tuple(
    paragraph(random.Random(seed), 300 + seed * 37 % 200, numbers=seed % 3 == 0)
    for seed in range(14)
)
TABLE = (("单位", "项目数", "完成投资"), ("甲县", "12个", "3.5亿元"), ("乙区", "9个", "2.1亿元"))


def write_issue(content: Path) -> Path:
    """The issue ``ISSUE`` in ``content``: a long report of plain paragraphs
    (for full pages), then one with a heading, emphasis, a table and a
    picture. The long report is adopted and best of its month, the other has
    a 勘误, and a later report follows it up: what the issue page shows and
    the document must not."""
    folder = content / ISSUE
    write(
        content,
        f"{ISSUE}/index.md",
        "---\ndate: 2026-11-19\nurgency: 特急\nissuer: 市委办公室分管副主任\neditor: 值班编辑甲\n---\n",
    )
    body = "\n\n".join(LONG_PARAGRAPHS)
    write(
        content,
        f"{ISSUE}/01.md",
        f"---\ntitle: 示例市推进基层治理现代化的做法与成效\nunit: jiaxian\ndate: 2026-11-18\n---\n{body}\n",
    )
    table = "\n".join(
        ["| " + " | ".join(TABLE[0]) + " |", "|---|---|---|"]
        + ["| " + " | ".join(row) + " |" for row in TABLE[1:]]
    )
    write(content, f"{ISSUE}/项目图.png", png(120, 80, (40, 90, 160)))
    write(
        content,
        f"{ISSUE}/02.md",
        "---\ntitle: 乙区重点项目建设进展情况\nunit: [yiqu, bingxian]\ndate: 2026-11-18\n---\n"
        "# 一、总体进展\n\n今年以来，乙区**坚持项目为王**，全力推进重点项目建设。\n\n"
        f"{table}\n\n![项目现场](项目图.png)\n\n# 二、下步打算\n\n*紧盯年度目标*，抓好冬季施工。\n",
    )
    write(
        content,
        "ledger/2026-11-export.yml",
        "- event: adopted\n  date: 2026-11-20\n"
        f"  report: {ISSUE}/01\n  by: 省委办公厅\n"
        "- event: best\n  date: 2026-11-30\n  month: 2026-11\n"
        f"  reports: [{ISSUE}/01]\n"
        "- event: erratum\n  date: 2026-11-21\n"
        f"  report: {ISSUE}/02\n  change: 表中数字核对无误\n  reason: 报送单位复核\n",
    )
    return folder


def sample_with_issue(root: Path) -> Path:
    """A copy of the sample archive with :func:`write_issue`'s issue."""
    content = root / "content"
    shutil.copytree(SAMPLE, content)
    write_issue(content)
    return content

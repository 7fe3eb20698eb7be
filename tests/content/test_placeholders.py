"""Fields left empty and template text left in a body are warnings at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.placeholders import BODIES
from tests.helpers import edit, problems_in

ISSUE = "kuaibao/2026/001/index.md"
REPORT = "kuaibao/2026/001/01.md"
INSTRUCTION = "pishi/2026/001/01.md"
# (file, optional key, its label in messages)
EMPTY_FIELDS = [
    (ISSUE, "issuer", "签发"),
    (ISSUE, "editor", "责任编辑"),
    (ISSUE, "topic", "主题"),
    (ISSUE, "urgency", "紧急程度"),
    (ISSUE, "classification", "公开属性"),
    (ISSUE, "distribution", "版记"),
    (REPORT, "category", "分类"),
    (REPORT, "kind", "信息类型"),
    (REPORT, "tags", "标签"),
    (REPORT, "date", "报送日期"),
    (REPORT, "follows", "续报"),
    (INSTRUCTION, "assigned", "交办单位"),
    (INSTRUCTION, "due", "办理时限"),
    (INSTRUCTION, "unit", "报送单位"),
]


def _empty(root: Path, rel: str, key: str, value: str) -> int:
    """Write ``key`` with ``value`` as the last front matter line; return its line."""
    text = (root / rel).read_text(encoding="utf-8")
    header, body = text[4:].split("\n---\n", 1)
    lines = [line for line in header.split("\n") if not line.startswith(f"{key}:")]
    lines.append(f"{key}:{value}")
    (root / rel).write_text("---\n" + "\n".join(lines) + "\n---\n" + body, encoding="utf-8")
    return len(lines) + 1


@pytest.mark.parametrize("value", ["", " []", ' ""', "   # 以后再填"])
@pytest.mark.parametrize("rel,key,label", EMPTY_FIELDS, ids=[f[1] for f in EMPTY_FIELDS])
def test_optional_field_left_empty_is_a_warning_at_its_line(
    content: Path, rel: str, key: str, label: str, value: str
) -> None:
    line = _empty(content, rel, key, value)
    found = [(p.path, p.line, p.severity, p.message) for p in problems_in(content)]
    assert found == [
        (rel, line, "warning", f"{label}（{key}）为空：{_hint(key, label)}，或删除此行")
    ]


def _hint(key: str, label: str) -> str:
    return {
        "issuer": "请填写签发人职务",
        "editor": "请填写责任编辑",
        "topic": "请填写本期主题",
    }.get(key, f"请填写{label}")


@pytest.mark.parametrize("where", ["alone", "after_text", "before_text"])
@pytest.mark.parametrize("placeholder", BODIES)
def test_template_text_left_in_a_body_is_a_warning_at_its_line(
    content: Path, placeholder: str, where: str
) -> None:
    old = "甲县聚焦春季安全生产，开展隐患排查。"
    new = {
        "alone": placeholder,
        "after_text": f"{old}\n\n{placeholder}",
        "before_text": f"{placeholder}\n\n{old}",
    }[where]
    edit(content, REPORT, old, new)
    line = 9 + (2 if where == "after_text" else 0)
    found = [(p.path, p.line, p.severity) for p in problems_in(content)]
    assert found == [(REPORT, line, "warning")]

"""Hostile or broken input gets a named error or warning: never a traceback,
never a hang, never executed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tests.helpers import kanwu, problems_in, write

R2 = "kuaibao/2026/001/02.md"
BOMB = (
    "---\ntitle: 炸弹\nunit: yiqu\n"
    'a: &a ["哈","哈","哈","哈","哈","哈","哈","哈","哈"]\n'
    + "".join(
        f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n"
        for p, n in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + "---\n正文\n"
)


def test_check_refuses_a_python_tag_gbk_and_an_alias_bomb(content: Path, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    write(
        content,
        "kuaibao/2026/002/02.md",
        f'---\ntitle: !!python/object/apply:os.system ["touch {marker}"]\nunit: yiqu\n---\n',
    )
    write(
        content, "kuaibao/2026/002/03.md", "---\ntitle: 编码\nunit: yiqu\n---\n正文\n".encode("gbk")
    )
    write(content, "kuaibao/2026/002/04.md", BOMB)
    started = time.monotonic()
    result = kanwu("check", "--content", content)
    assert time.monotonic() - started < 60
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "kuaibao/2026/002/02.md:2: YAML 格式错误：不允许使用 YAML 标签" in output
    assert "kuaibao/2026/002/03.md:2: 文件不是 UTF-8 编码" in output
    assert "kuaibao/2026/002/04.md:4: 不允许使用 YAML 锚点与别名" in output
    assert "Traceback" not in output
    assert not marker.exists(), "the YAML tag must never run"


CASES = {
    "deep_nesting": (
        R2,
        "---\ntitle: 深\nunit: yiqu\ntags: " + "[" * 5000 + "]" * 5000 + "\n---\n",
        4,
        "YAML 嵌套超过 20 层",
        "error",
    ),
    "duplicate_keys": (
        R2,
        "---\ntitle: 一\ntitle: 二\nunit: yiqu\n---\n正文\n",
        3,
        '键 "title" 重复出现',
        "error",
    ),
    "empty_report": (R2, "", 1, "缺少文件头", "error"),
    "empty_journal": ("journal.yml", "", 1, "journal.yml 是空文件", "error"),
    "only_front_matter": (
        R2,
        "---\ntitle: 无正文\nunit: yiqu\n---\n",
        4,
        "稿件没有正文",
        "warning",
    ),
    "nul_bytes": (
        R2,
        "---\ntitle: 空字符\nunit: yiqu\n---\n正\x00文\n",
        5,
        "文件含有空字符",
        "error",
    ),
    "huge_report": (
        R2,
        "---\ntitle: 巨大\nunit: yiqu\n---\n" + "很长的正文。" * 600_000,
        1,
        "文件过大",
        "error",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_hostile_file_is_named(content: Path, case: tuple[str, str, int, str, str]) -> None:
    rel, text, line, message, severity = case
    write(content, rel, text)
    started = time.monotonic()
    found = [p for p in problems_in(content) if p.path == rel and message in p.message]
    assert time.monotonic() - started < 30
    assert [(p.line, p.severity) for p in found] == [(line, severity)], problems_in(content)


def test_symlink_out_of_the_content_directory_is_refused(content: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: 外部文件\nunit: yiqu\n---\n机密\n", encoding="utf-8")
    os.symlink(secret, content / "kuaibao/2026/001/03.md")
    os.symlink(tmp_path, content / "kuaibao/2026/001/images")
    found = {(p.path, p.message) for p in problems_in(content) if p.severity == "error"}
    assert (
        "kuaibao/2026/001/03.md",
        f"符号链接指向内容目录之外（{secret}），不会读取或发布",
    ) in found
    assert (
        "kuaibao/2026/001/images",
        f"符号链接指向内容目录之外（{tmp_path}），不会读取或发布",
    ) in found


def test_build_of_hostile_content_writes_nothing(content: Path, tmp_path: Path) -> None:
    write(content, R2, BOMB)
    result = kanwu("build", "--content", content, "--output", tmp_path / "out")
    assert result.returncode == 1
    assert not (tmp_path / "out").exists()
    assert "Traceback" not in result.stdout + result.stderr

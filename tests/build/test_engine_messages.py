"""The engine's own failures (a broken mkdocs.yml, its log) reach an editor in
Chinese, naming the file and line, never as MkDocs' English or a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.helpers import FIXTURES, REPO, kanwu

ENGLISH = re.compile(
    r"Traceback|Error|Abort|Expected|Unrecognised|encountered|scanning|found character|"
    r"got <class|configuration|while parsing"
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  name: material", "\tname: material", ":12: 用了制表符（Tab）缩进"),
        ("strict: false", "strict: false\nbogus_option: 1", "不认识的设置 bogus_option"),
        ("strict: false", "strict: false\nsite_url: 3", "设置 site_url 类型不对"),
        ("  features:", "  features: [navigation.tabs", "mkdocs.yml:"),
        ("docs_dir: content", 'docs_dir: "content', "mkdocs.yml:"),
    ],
    ids=["tab", "unknown-option", "wrong-type", "unclosed-bracket", "unclosed-quote"],
)
def test_a_broken_mkdocs_yml_is_explained_in_chinese(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    config = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    result = kanwu("build", "--content", content, "--output", tmp_path / "site", "--config", config)
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "站点生成失败" in result.stderr
    assert ENGLISH.search(result.stderr) is None, result.stderr
    assert not (tmp_path / "site").exists()

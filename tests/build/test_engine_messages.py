"""The engine's own failures (a broken mkdocs.yml, its log) reach an editor in
Chinese, naming the file and line, never as MkDocs' English or a traceback."""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest

from generator.build import ENGINE
from generator.build.messages import engine_log
from tests.helpers import FIXTURES, REPO, built_site, kanwu, snapshot

# Run again on ProperDocs by make test (README「站点引擎」).
pytestmark = pytest.mark.engine

ENGLISH = re.compile(
    r"Traceback|Error|Abort|Expected|Unrecognised|encountered|scanning|found character|"
    r"got <class|configuration|while parsing"
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("  name: material", "\tname: material", ":{line}: 用了制表符（Tab）缩进"),
        ("strict: false", "strict: false\nsite_url: 3", "设置 site_url 类型不对"),
        ("  features:", "  features: [navigation.tabs", "mkdocs.yml:"),
        ("docs_dir: empty-docs", 'docs_dir: "empty-docs', "mkdocs.yml:"),
        ("  # custom_dir: overrides", "  custom_dir: theme", "custom_dir 指向的目录"),
        ("plugins:\n", "plugins: []\nunused:\n", "中没有配置 kanwu 插件：请在 plugins 下加一项"),
        ("  - kanwu:", "  - kanwuu:", "mkdocs.yml 中的插件 kanwuu 没有安装"),
    ],
    ids=[
        *("tab", "wrong-type", "unclosed-bracket", "unclosed-quote"),
        *("old-theme", "no-plugin", "unknown-plugin"),
    ],
)
def test_a_broken_mkdocs_yml_is_explained_in_chinese(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    config = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    assert old in text
    line = text[: text.index(old)].count("\n") + 1  # where the changed line is
    expected = expected.format(line=line)
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    result = kanwu("build", "--content", content, "--output", tmp_path / "site", "--config", config)
    assert result.returncode == 1
    assert expected in result.stderr, result.stderr
    assert "站点生成失败" in result.stderr
    assert ENGLISH.search(result.stderr) is None, result.stderr
    assert not (tmp_path / "site").exists()


def test_an_unknown_setting_in_mkdocs_yml_is_a_warning_in_chinese(tmp_path: Path) -> None:
    """As MkDocs has it (outside its strict mode): the site is built, and the
    setting the engine ignores is named."""
    config = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config.write_text(text.replace("strict: false", "strict: false\nsite_ulr: 1"), encoding="utf-8")
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    result = kanwu("build", "--content", content, "--output", tmp_path / "site", "--config", config)
    assert result.returncode == 0, result.stderr
    assert "mkdocs.yml 中有不认识的设置 site_ulr" in result.stderr
    assert ENGLISH.search(result.stderr) is None, result.stderr
    assert (tmp_path / "site" / "index.html").is_file()


ENGINE_LINES = [
    (
        "mkdocs.commands.build",
        logging.INFO,
        "Documentation built in 1.23 seconds",
        "生成用时 1.23 秒。",
    ),
    ("mkdocs.commands.build", logging.INFO, "Cleaning site directory", None),
    ("mkdocs.commands.serve", logging.INFO, "Building documentation...", None),
    ("mkdocs.livereload", logging.INFO, "[12:30:05] Serving on http://127.0.0.1:8000/", None),
    ("mkdocs.livereload", logging.INFO, "[12:30:05] Detected file changes", "检测到文件变化"),
    ("mkdocs.livereload", logging.INFO, "[12:30:05] Reloading browsers", "浏览器将自动刷新"),
    ("mkdocs.livereload", logging.WARNING, '[12:30:05] "GET /x/ HTTP/1.1" code 404', None),
    (
        "mkdocs.livereload",
        logging.ERROR,
        "[12:30:05] An error happened during the rebuild. The server will appear stuck.",
        None,
    ),
    ("mkdocs.commands.build", logging.ERROR, "Aborted with a BuildError!", None),
    (
        "mkdocs.structure.files",
        logging.WARNING,
        "Excluding 'a/README.md' from the site because it conflicts with 'a/index.md'.",
        None,
    ),
    (
        "mkdocs.config",
        logging.WARNING,
        "Config value 'bogus': Unrecognised configuration name: bogus",
        "不认识的设置 bogus",
    ),
    (
        "mkdocs.plugins.kanwu",
        logging.WARNING,
        "a.md:3: 警告：稿件没有正文",
        "a.md:3: 警告：稿件没有正文",
    ),
    ("mkdocs.theme", logging.WARNING, "Something new happened", "站点引擎（MkDocs）提示："),
]


@pytest.mark.parametrize(("logger", "level", "message", "expected"), ENGINE_LINES)
def test_engine_log_lines_are_translated_or_kept_back(
    logger: str, level: int, message: str, expected: str | None
) -> None:
    said: list[str] = []
    with engine_log(lambda text, _problem: said.append(text)):
        # The engine's modules log under its own name (properdocs.commands.build …).
        logging.getLogger(logger.replace("mkdocs", ENGINE, 1)).log(level, message)
    if expected is None:
        assert said == []
    else:
        assert len(said) == 1 and expected in said[0], said


@pytest.mark.parametrize(
    ("program", "expected"),
    [
        (None, "找不到 Pagefind 程序「"),
        ("#!/bin/sh\necho 'pagefind broke' >&2\nexit 3\n", "无法运行 Pagefind：pagefind broke"),
        (
            '#!/bin/sh\nif [ "$1" = --version ]; then echo pagefind 1.5.2; exit 0; fi\n'
            "echo 'out of disk' >&2\nexit 3\n",
            "Pagefind 建立索引",
        ),
    ],
    ids=["missing", "cannot-start", "fails-to-index"],
)
def test_a_pagefind_that_fails_is_explained_and_the_site_stays(
    tmp_path: Path, program: str | None, expected: str
) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    site = built_site(content, tmp_path / "site")
    before = snapshot(site)
    binary = tmp_path / "pagefind"
    if program is not None:
        binary.write_text(program, encoding="utf-8")
        binary.chmod(0o755)
    (content / "kuaibao/2026/001/01.md").write_text(
        (content / "kuaibao/2026/001/01.md").read_text(encoding="utf-8") + "\n补记一句。\n",
        encoding="utf-8",
    )
    result = kanwu(
        "build", "--content", content, "--output", site, env={"PAGEFIND_BINARY_PATH": str(binary)}
    )
    assert result.returncode == 1
    assert "站点生成失败，原有站点保持不变" in result.stderr, result.stderr
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and "SearchIndexError" not in result.stderr
    assert snapshot(site) == before


def test_a_missing_template_is_named_not_a_system_error() -> None:
    """Jinja reports a missing template as an OSError without an errno; an
    installation missing a template once read 「系统错误（0）」."""
    import jinja2

    from generator.build.messages import engine_failure

    said = engine_failure(jinja2.TemplateNotFound("masthead.html"), Path("site"))
    assert "masthead.html" in said and "重新安装" in said
    assert "系统错误" not in said

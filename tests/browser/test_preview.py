"""``kanwu serve`` as an editor uses it: a content error shows in the browser
as a Chinese page, the page recovers when the file is fixed, and nothing the
terminal prints is MkDocs' English."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from tests.helpers import FIXTURES, KANWU, edit, free_port

# Run again on ProperDocs by make test (README「站点引擎」).
pytestmark = pytest.mark.engine

REPORT = "kuaibao/2026/001/01.md"
# Sentences MkDocs and its live-reload server print; none may reach an editor.
ENGINE_ENGLISH = re.compile(
    r"Aborted|BuildError|Error|error happened|Building documentation|Serving on|"
    r"Detected file changes|Reloading browsers|Traceback|WARNING|INFO"
)


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[str]]]:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    port = free_port()
    process = subprocess.Popen(
        [KANWU, "serve", "--content", str(content), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    try:
        yield base, content, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for_text(page: Page, text: str) -> None:
    page.wait_for_function(
        "text => document.body && document.body.innerText.includes(text)",
        arg=text,
        timeout=60_000,
        polling=200,
    )


# (file, text, broken text, what the problem page must name), several at once.
BREAKAGES = {
    "report-and-issue": [
        (REPORT, "unit: jiaxian", "unit: jiaxain", f"{REPORT}:3"),
        ("kuaibao/2026/002/index.md", "date: 2026-03-03", "date: 2026-13-03", "002/index.md:2"),
    ],
    "journal": [("journal.yml", "publisher: ", "publisher：", "journal.yml:2")],
    "units": [("units.yml", "- id: yiqu", "- id: [yiqu", "units.yml:6")],
}


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_errors_show_as_a_chinese_page_and_the_page_recovers(
    browser: Browser, preview: tuple[str, Path, subprocess.Popen[str]], breakage: str
) -> None:
    base, content, process = preview
    page = browser.new_page()
    page.goto(base + "kuaibao/2026/001/", wait_until="load")
    _wait_for_text(page, "甲县多措并举推进春季安全生产")

    for rel, old, new, _ in BREAKAGES[breakage]:
        edit(content, rel, old, new)
    _wait_for_text(page, "处问题")
    body = page.inner_text("body")
    for _, _, _, where in BREAKAGES[breakage]:
        assert where in body, body
    assert page.url == base + "kuaibao/2026/001/"  # the editor stays where they were

    for rel, old, new, _ in BREAKAGES[breakage]:
        edit(content, rel, new, old)
    _wait_for_text(page, "甲县多措并举推进春季安全生产")
    assert "处问题" not in page.inner_text("body")
    page.close()

    process.terminate()
    output, _ = process.communicate(timeout=30)
    assert "预览地址" in output and BREAKAGES[breakage][0][3] in output
    assert ENGINE_ENGLISH.search(output) is None, output


def test_a_missing_page_is_said_in_chinese(
    browser: Browser, preview: tuple[str, Path, subprocess.Popen[str]]
) -> None:
    base, _, _ = preview
    page = browser.new_page()
    response = page.goto(base + "no-such-issue/", wait_until="load")
    assert response is not None and response.status == 404
    assert "页面不存在" in page.inner_text("body")
    assert "Not found" not in page.inner_text("body")
    page.close()


def _save_by_rename(path: Path, text: str) -> None:
    """Save as many editors do: a scratch file beside it, renamed over it."""
    scratch = path.with_name(f".{path.name}.swp")
    scratch.write_text(text, encoding="utf-8")
    scratch.replace(path)


def test_a_saved_body_shows_in_place_and_any_other_change_builds_in_full(
    browser: Browser, preview: tuple[str, Path, subprocess.Popen[str]]
) -> None:
    base, content, process = preview
    page = browser.new_page()
    page.goto(base + "kuaibao/2026/001/", wait_until="load")
    _wait_for_text(page, "甲县多措并举推进春季安全生产")
    report = content / REPORT

    _save_by_rename(report, report.read_text(encoding="utf-8") + "\n正文新增示例句甲。\n")
    _wait_for_text(page, "正文新增示例句甲")
    edit(content, REPORT, "title: 甲县多措并举", "title: 改后的甲县多措并举")
    _wait_for_text(page, "改后的甲县多措并举推进春季安全生产")
    # The month page lists the title: the full build showed the change there too.
    assert "正文新增示例句甲" in page.inner_text("body")
    edit(content, REPORT, "隐患排查。", "隐患排查。正文新增示例句乙。")
    _wait_for_text(page, "正文新增示例句乙")
    page.goto(base + "archive/2026/03/", wait_until="load")
    assert "改后的甲县多措并举推进春季安全生产" in page.inner_text("body")
    page.close()

    process.terminate()
    output, _ = process.communicate(timeout=30)
    # Two body saves shown in place; the title went through a full build.
    assert output.count("已更新 1 篇稿件的正文。") == 2, output
    assert ENGINE_ENGLISH.search(output) is None, output

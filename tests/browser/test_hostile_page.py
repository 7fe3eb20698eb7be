"""A report full of scripts builds, names the file, and runs nothing in Chromium."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from playwright.sync_api import Browser

from tests.browser.conftest import serving
from tests.content.test_sanitize import HOSTILE
from tests.helpers import FIXTURES, KANWU, write

REL = "kuaibao/2026/002/02.md"


def test_hostile_report_builds_and_runs_nothing(browser: Browser, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    write(content, REL, f"---\ntitle: 含有脚本的稿件\nunit: yiqu\n---\n{HOSTILE}")
    write(content, "kuaibao/2026/002/x.png", b"\x89PNG\r\n\x1a\n")
    site = tmp_path / "site"
    result = subprocess.run(
        [KANWU, "build", "--content", str(content), "--output", str(site)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f"{REL}:7: 警告：已删除不允许的 <script> 标签" in result.stderr
    strict = subprocess.run(
        [
            KANWU,
            "build",
            "--content",
            str(content),
            "--output",
            str(tmp_path / "strict"),
            "--strict",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert strict.returncode == 1 and not (tmp_path / "strict").exists()

    with serving(site) as base:
        page = browser.new_page()
        dialogs: list[str] = []
        off_host: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: None if r.url.startswith(base) else off_host.append(r.url))
        page.goto(base + "kuaibao/2026/002/", wait_until="networkidle")
        for link in page.locator(".kw-report__body a").all():
            link.click(no_wait_after=True)
        page.locator(".kw-report__body p").first.click()
        page.wait_for_timeout(300)
        assert page.evaluate("() => window.pwned") is None
        assert dialogs == [] and off_host == []
        assert page.locator(".kw-report__body script, .kw-report__body iframe").count() == 0
        page.close()

"""A reader downloads an issue or a 通报 as PDF or Word from its page, in a
real browser: the file saved is the document, under the name an office
files it by; printing the page leaves the download links out."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import serving
from tests.helpers import FIXTURES, kanwu


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    root = tmp_path_factory.mktemp("downloads")
    shutil.copytree(FIXTURES / "minimal", root / "content")
    result = kanwu(
        "build",
        "--content",
        root / "content",
        "--output",
        root / "site",
        env={"KANWU_DOCUMENTS": "true"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with serving(root / "site", "/xinxi/") as url:
        yield root / "site", url


@pytest.mark.parametrize(
    ("page_url", "label", "name", "file"),
    [
        (
            "kuaibao/2026/002/",
            "下载 PDF",
            "示例信息（每日快报）2026年第2期.pdf",
            "kuaibao/2026/002/kuaibao-2026-002.pdf",
        ),
        (
            "kuaibao/2026/002/",
            "下载 Word",
            "示例信息（每日快报）2026年第2期.docx",
            "kuaibao/2026/002/kuaibao-2026-002.docx",
        ),
        (
            "stats/2026/03/",
            "下载 PDF",
            "信息工作通报2026年第2期.pdf",
            "stats/2026/03/tongbao-2026-03.pdf",
        ),
    ],
)
def test_a_reader_saves_the_document_under_its_official_name(
    browser: Browser, site: tuple[Path, str], page_url: str, label: str, name: str, file: str
) -> None:
    folder, url = site
    page = browser.new_page(accept_downloads=True)
    try:
        page.goto(url + page_url)
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        saved = download.value
        assert saved.suggested_filename == name
        assert Path(saved.path()).read_bytes() == (folder / file).read_bytes()
    finally:
        page.close()


def test_printing_an_issue_page_leaves_the_downloads_out(
    browser: Browser, site: tuple[Path, str]
) -> None:
    _, url = site
    page = browser.new_page()
    try:
        page.goto(url + "kuaibao/2026/002/")
        assert page.locator(".kw-downloads").is_visible()
        page.emulate_media(media="print")
        assert not page.locator(".kw-downloads").is_visible()
    finally:
        page.close()

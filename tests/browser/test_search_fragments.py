"""The search page tokenizes the text each result's fragment keeps
(generator/build/fragments.py) as the index was made, one for one: a hit after
text of every shape is shown in the report that holds it, with an excerpt of
its body as written."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import serving
from tests.helpers import FIXTURES, built_site, write

# Text before each planted word, each of a shape the runs must give back in
# the same number of words: Chinese runs of one to seven characters apart,
# Latin words with capitals and accents, digits, full-width digits and
# letters, a letter that looks like the end mark of short tokens, emoji,
# Chinese next to Latin, and text beyond the Basic Multilingual Plane.
SHAPES = [
    "甲，乙；丙丁、戊己庚。辛壬癸子丑寅卯",
    "GDP增长6.5%，CPI上涨 2 个百分点，Déjà vu ÉTÉ",
    "１２３件 ＡＢＣ 第3季度 x² ① ½",
    "ǂ 安ǂ ǂǂ 全 ǂ生产",
    "会议🙂圆满结束🎉 𠀀𠀁字 丽\uf900字",
]
# One made-up word per report, absent from everything else.
PLANTED = ["鳐蘅翮", "鹈鹕蓍", "璎珞綦", "甪邗郯", "犍崆峒"]


@pytest.fixture(scope="module")
def search(
    browser: Browser, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Page, str]]:
    root = tmp_path_factory.mktemp("fragments")
    content = root / "content"
    shutil.copytree(FIXTURES / "minimal", content)
    write(content, "kuaibao/2026/003/index.md", "---\ndate: 2026-03-05\n---\n")
    # Every report holds every shape, so that each planted word comes after
    # all of them in its own report and in the reports before it.
    for number, word in enumerate(PLANTED, start=1):
        body = "\n\n".join([*SHAPES, f"会上还研究了{word}有关事项。"])
        write(
            content,
            f"kuaibao/2026/003/0{number}.md",
            f"---\ntitle: 第{number}篇稿件\nunit: jiaxian\n---\n{body}\n",
        )
    site = built_site(content, root / "site")
    with serving(site) as base:
        page = browser.new_page()
        yield page, base
        page.close()


@pytest.mark.parametrize("number", range(1, len(PLANTED) + 1))
def test_a_hit_after_text_of_every_shape_is_shown_in_its_report(
    search: tuple[Page, str], number: int
) -> None:
    page, base = search
    word = PLANTED[number - 1]
    page.goto(f"{base}search/?q={word}")
    page.locator(".kw-result").first.wait_for()
    results = page.locator(".kw-result")
    assert results.count() == 1
    title = results.first.locator(".kw-result__title")
    assert title.inner_text() == f"第{number}篇稿件"
    assert (title.get_attribute("href") or "").endswith(f"kuaibao/2026/003/#r-0{number}")
    excerpt = results.first.locator(".kw-result__excerpt")
    assert excerpt.locator("mark").first.inner_text() == word
    # The excerpt is the body as written, punctuation and all, and the
    # report's title and units are not run into it.
    shown = excerpt.inner_text()
    assert f"会上还研究了{word}有关事项。" in shown
    assert shown.startswith("……") and "第" not in shown and "甲县" not in shown

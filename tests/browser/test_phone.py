"""Every page of both editions on a phone (390 px wide) in Chromium: nothing
wider than the screen but inside a table's own sideways scroll, no table
column narrower than four characters, no button broken over two lines."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from generator.content.pipeline import load_and_validate
from generator.site.catalog import build_catalog
from generator.site.pages import site_pages
from tests.browser.conftest import serving
from tests.helpers import SAMPLE, built_site

PHONE = {"width": 390, "height": 844}

# What a reader would call broken on a phone, found in one pass over the page:
# any element reaching past the screen's right edge outside a box that scrolls
# sideways; any table cell whose text has less room than four characters; any
# button whose label wraps.
PROBLEMS = """() => {
  const width = window.innerWidth;
  const problems = [];
  const name = (e) => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
      ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const scrolls = (e) => {
    for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
      const overflow = getComputedStyle(p).overflowX;
      if (overflow === 'auto' || overflow === 'scroll') return true;
    }
    return false;
  };
  if (document.documentElement.scrollWidth > width) {
    problems.push(`页面宽 ${document.documentElement.scrollWidth}px`);
  }
  for (const e of document.querySelectorAll('body *')) {
    const box = e.getBoundingClientRect();
    if (box.width && box.right > width + 1 && !scrolls(e)) {
      problems.push(`${name(e)} 伸出屏幕右边 ${Math.round(box.right - width)}px`);
    }
  }
  for (const cell of document.querySelectorAll('th, td')) {
    if (!cell.offsetParent) continue;
    const style = getComputedStyle(cell);
    const room = cell.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    if (room + 0.5 < 4 * parseFloat(style.fontSize)) {
      problems.push(`表格列「${cell.textContent.trim().slice(0, 10)}」只有 ${Math.round(room)}px 宽`);
    }
  }
  for (const button of document.querySelectorAll('button, .md-button')) {
    if (!button.offsetParent || !button.textContent.trim()) continue;
    const style = getComputedStyle(button);
    const line = parseFloat(style.lineHeight) || 1.3 * parseFloat(style.fontSize);
    const inner = button.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    if (inner > 1.6 * line) problems.push(`按钮「${button.textContent.trim()}」折成了两行`);
  }
  return problems.slice(0, 10);
}"""


def _pages(site: Path, audience: str) -> list[tuple[str, str]]:
    """(kind, URL) of every page of the edition built at ``site``, and its 404 page."""
    publication, problems = load_and_validate(SAMPLE)
    assert publication is not None, problems
    pages = [
        (page.kind, page.src_uri.removesuffix("index.md"))
        for page in site_pages(build_catalog(publication, audience))
    ]
    assert all((site / url / "index.html").is_file() for _, url in pages)
    return [*pages, ("404", "404.html")]


@pytest.fixture(scope="module")
def public_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_site(SAMPLE, tmp_path_factory.mktemp("phone") / "site", "--audience", "public")


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport=PHONE)
    yield page
    page.close()


@pytest.mark.parametrize("audience", ["intranet", "public"])
def test_every_page_fits_a_phone_screen(
    phone: Page, sample_site: Path, public_sample: Path, audience: str
) -> None:
    site = sample_site if audience == "intranet" else public_sample
    pages = _pages(site, audience)
    broken: dict[str, list[str]] = {}
    with serving(site) as base:
        for _, url in pages:
            phone.goto(base + url, wait_until="load")
            problems = phone.evaluate(PROBLEMS)
            if problems:
                broken[url or "/"] = problems
    assert broken == {}
    kinds = {kind for kind, _ in pages}
    assert {"home", "series", "year", "issue", "unit", "month", "facet", "search", "404"} <= kinds
    assert audience == "public" or {"stats_year", "stats_report", "stats_instructions"} <= kinds

"""Reading and printing an issue in Chromium: phone width, print to A4."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

ISSUE = "kuaibao/2026/175/"
# Set KANWU_PRINT_PDF=path to keep the printed PDF for a look.
PDF_OUT = os.environ.get("KANWU_PRINT_PDF")


def test_issue_prints_as_a4_without_site_chrome(browser: Browser, server: str) -> None:
    page = browser.new_page()
    page.goto(server + ISSUE)
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-footer', '.kw-neighbours']
            .map(s => document.querySelector(s))
            .filter(e => e && getComputedStyle(e).display !== 'none')
            .map(e => e.className)"""
    )
    assert hidden == []
    masthead = page.locator(".kw-masthead__journal")
    assert masthead.is_visible()
    assert masthead.evaluate("e => getComputedStyle(e).color") == "rgb(200, 22, 29)"
    pdf = page.pdf(prefer_css_page_size=True)
    if PDF_OUT:
        Path(PDF_OUT).write_bytes(pdf)
    sizes = {tuple(map(float, m)) for m in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)}
    assert sizes, "no pages in the PDF"
    assert all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h in sizes), sizes
    page.close()


def test_issue_is_readable_on_a_phone(browser: Browser, server: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 740}, device_scale_factor=2)
    page.goto(server + ISSUE)
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 375
    title = page.locator(".kw-report__title").first
    font_px = float(title.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
    assert font_px >= 18
    page.close()


def test_pages_use_the_chinese_sans_serif_stack(browser: Browser, server: str) -> None:
    """Material sets its own Latin stack on <body>: ours must come first there."""
    page = browser.new_page()
    for url in ("", "units/", ISSUE):
        page.goto(server + url)
        family = page.evaluate("() => getComputedStyle(document.body).fontFamily")
        assert family.startswith('"PingFang SC", "Microsoft YaHei"'), family
    contents = page.locator(".kw-contents")  # the issue's table of contents, in sans-serif
    assert "Noto Sans CJK SC" in contents.evaluate("e => getComputedStyle(e).fontFamily")
    page.close()


# Each chart's text as the reader sees it: its size on screen, and whether it
# stays inside the drawing and clear of its neighbours; where the chart ends.
CHART_TEXT = """() => [...document.querySelectorAll('.kw-chart svg')].map(svg => {
  const scale = svg.getScreenCTM().a;
  const frame = svg.getBoundingClientRect();
  const texts = [...svg.querySelectorAll('text')].map(t => ({
    size: parseFloat(getComputedStyle(t).fontSize) * scale,
    box: t.getBoundingClientRect(),
    cls: t.getAttribute('class'),
  }));
  const outside = texts.filter(t => t.box.left < frame.left - 1 || t.box.right > frame.right + 1).length;
  const labels = texts.filter(t => t.cls === 'kw-chart__label');
  let overlaps = 0;
  labels.forEach((a, i) => labels.slice(i + 1).forEach(b => {
    if (a.box.left < b.box.right - 1 && b.box.left < a.box.right - 1
        && a.box.top < b.box.bottom - 1 && b.box.top < a.box.bottom - 1) overlaps++;
  }));
  const sizes = texts.map(t => t.size);
  return {smallest: Math.min(...sizes), largest: Math.max(...sizes), outside, overlaps, right: frame.right};
})"""


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_labels_are_readable_and_clear_of_each_other(
    browser: Browser, server: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server + "stats/2026/")
    charts = page.evaluate(CHART_TEXT)
    assert len(charts) >= 4
    for chart in charts:
        assert chart["smallest"] >= 9.5 and chart["largest"] <= 20, chart  # px on the screen
        assert chart["outside"] == 0 and chart["overlaps"] == 0, chart
        assert chart["right"] <= width, chart  # the whole chart on the screen, no sideways scroll
    page.close()

"""The files an issue page and a 通报 offer for download: the document as
PDF and as Word (generator.site.documents), beside the page.

The files are named in ASCII (``kuaibao-2026-191.pdf``), which every web
server and proxy serves alike; the link names the file a reader's browser
saves, as an office files it: 「示例信息（每日快报）2026年第191期.pdf」.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.content.model import Issue, Series
from generator.records.periods import Period
from generator.site import labels
from generator.site.urls import issue_url

# Each format offered, with its link's words.
FORMATS: Mapping[str, str] = {"pdf": "下载 PDF", "docx": "下载 Word"}


@dataclass(frozen=True)
class Download:
    """One file to download."""

    label: str  # 「下载 PDF」
    path: str  # where it is in the site
    filename: str  # what a reader's browser saves it as


def downloads(folder: str, stem: str, name: str) -> tuple[Download, ...]:
    """The files of one document, ``folder`` being its page's URL."""
    return tuple(
        Download(label, f"{folder}{stem}.{fmt}", f"{name}.{fmt}") for fmt, label in FORMATS.items()
    )


def issue_name(title: str, series: Series, issue: Issue) -> str:
    """An issue's document as an office names it:
    「示例信息（每日快报）2026年第191期」."""
    return f"{title}（{series.name}）{labels.issue_number(issue)}"


def issue_downloads(title: str, series: Series, issue: Issue) -> tuple[Download, ...]:
    return downloads(
        issue_url(issue), issue.key.replace("/", "-"), issue_name(title, series, issue)
    )


def notice_name(issued_in: int, number: int) -> str:
    """A 通报 as an office names it: 「信息工作通报2026年第12期」."""
    return f"信息工作通报{issued_in}年第{number}期"


def notice_downloads(url: str, period: Period, issued_in: int, number: int) -> tuple[Download, ...]:
    return downloads(url, f"tongbao-{period.key}", notice_name(issued_in, number))

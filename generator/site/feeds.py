"""Atom feeds of the latest issues: ``feeds/all.xml`` and ``feeds/<series>.xml``.

Feed readers need absolute links, so every link is built from ``site_url``
(which may carry a sub-path); without one the links are relative to the
site, which some readers cannot follow (the build says so). The XML comes
from ``theme/kanwu/feed.xml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from generator.content.model import Issue, Series
from generator.site.catalog import Catalog
from generator.site.urls import series_url

ENTRIES = 30
FEEDS_DIR = "feeds"


@dataclass(frozen=True)
class Feed:
    path: str  # site-relative path of the XML file
    title: str
    page_url: str  # site-relative URL of the HTML page the feed follows
    issues: tuple[Issue, ...]  # newest first


def site_feeds(catalog: Catalog) -> list[Feed]:
    """The all-series feed and one feed per series, newest issues first."""
    order = {series_id: i for i, series_id in enumerate(catalog.series)}
    newest = sorted(
        (i for issues in catalog.issues_by_series.values() for i in issues[-ENTRIES:]),
        key=lambda i: (i.date, -order[i.series], i.number),
        reverse=True,
    )
    feeds = [Feed(f"{FEEDS_DIR}/all.xml", catalog.journal.title, "", tuple(newest[:ENTRIES]))]
    for series_id in catalog.series_shown:
        feeds.append(_series_feed(catalog, catalog.series[series_id]))
    return feeds


def _series_feed(catalog: Catalog, series: Series) -> Feed:
    issues = catalog.issues_newest_first(series.id)[:ENTRIES]
    title = f"{catalog.journal.title} · {series.name}"
    return Feed(f"{FEEDS_DIR}/{series.id}.xml", title, series_url(series.id), issues)


def absolute(site_url: str, path: str) -> str:
    """``site_url`` joined with a site-relative path; relative when no site_url is set."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def identifier(site_url: str, path: str) -> str:
    """An Atom id (an absolute IRI) for a site-relative path: its URL, or
    without a site address a URN naming it (an id is never resolved)."""
    return absolute(site_url, path) if site_url else f"urn:kanwu:{quote(path)}"

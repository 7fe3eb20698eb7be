"""Atom feeds of the latest issues: ``feeds/all.xml`` and ``feeds/<series>.xml``.

Feed readers need absolute links, so every link is built from ``site_url``
(which may carry a sub-path); without one the links are relative to the
site, which some readers cannot follow (the build says so). The XML comes
from ``theme/kanwu/feed.xml``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import quote

from generator.content.model import Erratum, Issue, Series
from generator.site.catalog import Catalog, Placed
from generator.site.urls import series_url

ENTRIES = 30
FEEDS_DIR = "feeds"


@dataclass(frozen=True)
class Correction:
    """A 勘误 as a feed entry of its own: readers who took the issue learn
    that its text changed, and where."""

    erratum: Erratum
    placed: Placed
    anchor: str  # of the 勘误 in its issue page


@dataclass(frozen=True)
class Feed:
    path: str  # site-relative path of the XML file
    title: str
    page_url: str  # site-relative URL of the HTML page the feed follows
    issues: tuple[Issue, ...]  # newest first
    corrections: tuple[Correction, ...] = ()  # newest first

    @property
    def updated(self) -> dt.date | None:
        days = [i.date for i in self.issues[:1]] + [c.erratum.date for c in self.corrections[:1]]
        return max(days, default=None)


def site_feeds(catalog: Catalog) -> list[Feed]:
    """The all-series feed and one feed per series, newest issues first,
    then the newest 勘误."""
    order = {series_id: i for i, series_id in enumerate(catalog.series)}
    newest = sorted(
        (i for issues in catalog.issues_by_series.values() for i in issues[-ENTRIES:]),
        key=lambda i: (i.date, -order[i.series], i.number),
        reverse=True,
    )
    corrections = _corrections(catalog)
    feeds = [
        Feed(
            f"{FEEDS_DIR}/all.xml",
            catalog.journal.title,
            "",
            tuple(newest[:ENTRIES]),
            corrections[:ENTRIES],
        )
    ]
    for series_id in catalog.series_shown:
        feeds.append(_series_feed(catalog, catalog.series[series_id], corrections))
    return feeds


def _corrections(catalog: Catalog) -> tuple[Correction, ...]:
    found = [
        Correction(
            erratum, catalog.reports[rid], f"{catalog.reports[rid].report.anchor}-erratum-{n}"
        )
        for rid, errata in catalog.errata.items()
        for n, erratum in enumerate(errata, start=1)
    ]
    found.sort(key=lambda c: (c.erratum.date, c.placed.report.id), reverse=True)
    return tuple(found)


def _series_feed(catalog: Catalog, series: Series, corrections: tuple[Correction, ...]) -> Feed:
    issues = catalog.issues_newest_first(series.id)[:ENTRIES]
    title = f"{catalog.journal.title} · {series.name}"
    own = tuple(c for c in corrections if c.placed.issue.series == series.id)[:ENTRIES]
    return Feed(f"{FEEDS_DIR}/{series.id}.xml", title, series_url(series.id), issues, own)


def absolute(site_url: str, path: str) -> str:
    """``site_url`` joined with a site-relative path; relative when no site_url is set."""
    return f"{site_url.rstrip('/')}/{path}" if site_url else path


def identifier(site_url: str, path: str) -> str:
    """An Atom id (an absolute IRI) for a site-relative path: its URL, or
    without a site address a URN naming it (an id is never resolved)."""
    return absolute(site_url, path) if site_url else f"urn:kanwu:{quote(path)}"

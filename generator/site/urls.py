"""Where every page lives (DESIGN §5: URLs are part of the contract), and
relative links between them, so the site works under any sub-path."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from generator.content.model import Issue
from generator.site.catalog import Placed


@dataclass(frozen=True)
class Page:
    """One generated page: where it lives, its title, and what it shows."""

    url: str  # directory URL relative to the site root; "" is the home page
    title: str
    kind: str  # the template that renders it: theme/kanwu/<kind>.html
    key: Any = None  # what the page is about: an issue key, a unit id, (year, month) …
    nav: bool = False  # whether the page is in the site navigation

    @property
    def src_uri(self) -> str:
        return f"{self.url}index.md"

    @property
    def site_file(self) -> str:
        """Where the page's HTML is in the site: MkDocs writes an ``index.md``
        to the ``index.html`` beside it, with directory URLs or without."""
        return f"{self.url}index.html"


# Folder names are limited to 255 bytes; a Chinese character takes three.
SLUG_CHARACTERS = 40


def slug(name: str) -> str:
    """A URL segment for a category or tag: keep Chinese, drop what breaks paths.

    Two names must never share a page, so a name that had to be changed
    (characters replaced, or cut to fit a folder name) gets a short hash of
    the whole name: 「安全 生产」 and 「安全/生产」 stay apart."""
    cleaned = re.sub(r"[\x00-\x1f\x7f\s/\\?#%\"'<>&`{}|^:\[\]]+", "-", name).strip("-.")
    if cleaned == name and len(name) <= SLUG_CHARACTERS:
        return name
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{cleaned[:SLUG_CHARACTERS].rstrip('-.')}-{digest}".lstrip("-")


def series_url(series: str) -> str:
    return f"{series}/"


def year_url(series: str, year: int) -> str:
    return f"{series}/{year:04d}/"


def issue_url(issue: Issue) -> str:
    return f"{issue.key}/"


def unit_url(unit: str, year: int | None = None) -> str:
    return f"units/{unit}/" if year is None else f"units/{unit}/{year:04d}/"


def month_url(year: int, month: int) -> str:
    return f"archive/{year:04d}/{month:02d}/"


def facet_url(facet: str, name: str, year: int | None = None) -> str:
    base = f"{facet}/{slug(name)}/"
    return base if year is None else f"{base}{year:04d}/"


@dataclass(frozen=True)
class Links:
    """Relative links from the page at ``here`` to anywhere in the site."""

    here: str

    def to(self, url: str, anchor: str = "") -> str:
        rel = relative(url, self.here)
        rel = "./" if rel == "." else f"{rel}/"
        return f"{rel}#{anchor}" if anchor else rel

    def home(self) -> str:
        return self.to("")

    def series(self, series: str) -> str:
        return self.to(series_url(series))

    def year(self, series: str, year: int) -> str:
        return self.to(year_url(series, year))

    def issue(self, issue: Issue) -> str:
        return self.to(issue_url(issue))

    def report(self, placed: Placed) -> str:
        return self.to(issue_url(placed.issue), placed.report.anchor)

    def unit(self, unit: str, year: int | None = None) -> str:
        return self.to(unit_url(unit, year))

    def month(self, year: int, month: int) -> str:
        return self.to(month_url(year, month))

    def facet(self, facet: str, name: str, year: int | None = None) -> str:
        return self.to(facet_url(facet, name, year))

    def page(self, url: str) -> str:
        return self.to(url)

    def file(self, path: str) -> str:
        """A file of the site (an image, a feed) by its site-relative path."""
        return relative(path, self.here)


def relative(target: str, here: str) -> str:
    """``target`` relative to the folder ``here``, both site paths made of
    plain segments (URLs never hold ``.`` or ``..``: see :func:`slug`), as
    ``posixpath.relpath`` gives it. Written out because the pages of a
    ten-year archive ask for half a million links, and ``relpath`` (which
    makes both paths absolute first) took 7.4 µs a link against 1.0 µs here:
    3.5 s of 13 s of rendering them all in one process."""
    into = [part for part in target.split("/") if part]
    at = [part for part in here.split("/") if part]
    common = 0
    while common < len(into) and common < len(at) and into[common] == at[common]:
        common += 1
    return "/".join([".."] * (len(at) - common) + into[common:]) or "."

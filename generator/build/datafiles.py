"""The machine-readable archive in a build: which of its files are written,
and which are linked from the cache like unchanged pages.

Each file of ``data/`` (generator.site.opendata) is stored in the build
cache beside the pages, under the SHA-256 of its bytes (with a suffix that
no page's fingerprint has). A file whose very bytes the cache holds is
linked into the new site after the build; only the others are written. A
daily publish so writes the new issue's file and the catalogue, and links
the thousands of others.

Making every issue's file of a ten-year archive takes about half a second,
a tenth of a daily publish, so a file is not even made again when its
issue's page has the fingerprint it had when the file was last made: that
page is made from all the file shows and more (the issue, its number in the
series, its reports and their records, the journal, the units and the code
with the templates; see ``PageContexts.source_issue`` and
generator.site.fingerprints), so the checksum the cache remembers for that
fingerprint (:meth:`BuildCache.data_memo`) is the file's. The catalogue
lists it from the checksum and the stored size. Without a cache every file
is made and written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from generator.build.cache import BuildCache
from generator.site.catalog import Catalog
from generator.site.opendata import (
    CATALOG_FILE,
    Stored,
    catalog_bytes,
    data_files,
    edition_issues,
    issue_bytes,
    issue_file,
    schema_files,
)
from generator.site.urls import Page

# Appended to a file's checksum to make its fingerprint in the cache: page
# fingerprints are hexadecimal digits alone.
SUFFIX = "-json"


def data_fingerprint(sha256: str) -> str:
    """Under which fingerprint the cache stores a data file of that checksum."""
    return f"{sha256}{SUFFIX}"


@dataclass
class DataFiles:
    """The files of ``data/`` in one build."""

    written: dict[str, bytes] = field(default_factory=dict)  # site path → bytes to write
    stored: dict[str, str] = field(default_factory=dict)  # site path → fingerprint, to keep
    linked: dict[str, str] = field(default_factory=dict)  # site path → fingerprint, reused
    # For the next build (BuildCache.keep_data_memo); None when it is as read.
    memo: dict[str, str] | None = None

    def add(self, cache: BuildCache, path: str, data: bytes, sha256: str) -> None:
        fingerprint = data_fingerprint(sha256)
        if cache.has(fingerprint):
            self.linked[path] = fingerprint
        else:
            self.written[path], self.stored[path] = data, fingerprint


def plan_data(catalog: Catalog, cache: BuildCache | None, pages: Mapping[str, str]) -> DataFiles:
    """The files of ``data/``, written or linked; ``pages`` holds the
    fingerprint of each page by its source URI (none without a cache)."""
    if cache is None:
        return DataFiles(written=data_files(catalog))
    memo = cache.data_memo()
    plan = DataFiles(memo={})
    assert plan.memo is not None
    listed: dict[str, Stored] = {}
    for issue in edition_issues(catalog):
        key = issue.key
        path = issue_file(key)
        page = pages.get(Page(f"{key}/", "", "issue").src_uri)
        sha256 = memo.get(page) if page is not None else None
        if sha256 is not None and cache.has(fingerprint := data_fingerprint(sha256)):
            listed[key] = Stored(cache.size(fingerprint), sha256)
            plan.linked[path] = fingerprint
        else:
            data = issue_bytes(catalog, issue)
            listed[key] = made = Stored.of(data)
            plan.add(cache, path, data, made.sha256)
        if page is not None:
            plan.memo[page] = listed[key].sha256
    for path, data in {**schema_files(), CATALOG_FILE: catalog_bytes(catalog, listed)}.items():
        plan.add(cache, path, data, Stored.of(data).sha256)
    if plan.memo == memo:
        plan.memo = None
    return plan

"""The search index's entries for the issues of an edition: one record per
issue page (generator.site.search), keyed, and made only if its bundle is
indexed again (generator.build.index)."""

from __future__ import annotations

import functools

from generator.build.index import Entry, Made
from generator.content.model import Issue
from generator.site.catalog import Catalog
from generator.site.fingerprints import Fingerprints
from generator.site.render import PageRenderer
from generator.site.search import (
    indexed_issues,
    issue_record,
    newest_month,
    record_filters,
    record_shard,
)
from generator.site.urls import issue_url


def issue_entries(
    catalog: Catalog, renderer: PageRenderer, fingerprints: Fingerprints
) -> list[Entry]:
    """Each issue's entry, keyed with ``fingerprints`` (those of the build's
    pages, whose shared digests are done, when there are any)."""
    bodies = renderer.contexts.rendered()
    issues = list(indexed_issues(catalog))
    newest = newest_month(catalog)
    # Not the issue pages' fingerprints: those cover the links to the
    # previous and next issue, which a record does not show, and a new
    # issue would re-index the bundle of the one before it. A record shows
    # the issue (with its 总期号), its reports with their units, and the
    # text a reader sees of each body and 编者按: a function of the body's
    # HTML, by whose digest it is keyed (reading the text out of every body
    # of the archive would cost more).
    keys = [
        fingerprints.joined(
            b"search",
            (
                issue,
                bodies.body(issue.key),
                *(catalog.reports[r.id] for r in issue.reports),
                *(bodies.body(r.id) for r in issue.reports),
            ),
        )
        for issue in issues
    ]

    def made(issue: Issue) -> Made:
        record = issue_record(catalog, bodies, issue, newest)
        return Made(renderer.search_record(record), record.content, record.text)

    records = [
        Entry(
            url=f"/{issue_url(issue)}",
            shard=record_shard(issue, newest),
            filters=record_filters(catalog, issue),
            key=key,
            made=functools.partial(made, issue),
        )
        for issue, key in zip(issues, keys, strict=True)
    ]
    return records

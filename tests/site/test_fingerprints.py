"""Fingerprints computed on every core are those computed in one process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.content.pipeline import load_and_validate
from generator.site import fingerprints as module
from generator.site import forked
from generator.site.catalog import Catalog, build_catalog
from generator.site.fingerprints import Fingerprints, fingerprints_of
from generator.site.pages import PageContexts, site_pages
from generator.site.urls import Page


def _catalog(content: Path) -> Catalog:
    publication, problems = load_and_validate(content)
    assert publication is not None, problems
    return build_catalog(publication)


def _prints(catalog: Catalog, pids: Path) -> dict[str, str]:
    """Each page's fingerprint; ``pids`` gets a file named for each process
    that computed any."""
    contexts = PageContexts(catalog)
    pages = [page for page in site_pages(catalog) if not page.nav]

    def source(page: Page) -> object:
        (pids / str(os.getpid())).touch()
        return (page, contexts.source(page))

    found = fingerprints_of(Fingerprints(catalog), pages, source)
    return {page.src_uri: print_ for page, print_ in zip(pages, found, strict=True)}


def test_forked_workers_compute_the_same_fingerprints(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = _catalog(content)
    alone_in, spread_in = tmp_path / "alone", tmp_path / "spread"
    alone_in.mkdir()
    spread_in.mkdir()
    alone = _prints(catalog, alone_in)
    monkeypatch.setattr(module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(forked, "CHUNK", 7)  # many small tasks over the workers
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)
    assert _prints(catalog, spread_in) == alone
    assert [p.name for p in alone_in.iterdir()] == [str(os.getpid())]
    assert len({p.name for p in spread_in.iterdir()} - {str(os.getpid())}) == 2
    assert len(set(alone.values())) == len(alone)  # no two pages alike


def test_a_comment_in_journal_yml_changes_no_page(content: Path, tmp_path: Path) -> None:
    # Where its keys stand is for messages only (journal.yml:12: …): moving
    # them down by a line must not render the whole archive again.
    pids = tmp_path / "pids"
    pids.mkdir()
    before = _prints(_catalog(content), pids)
    journal = content / "journal.yml"
    journal.write_text("# 示例注释\n" + journal.read_text(encoding="utf-8"), encoding="utf-8")
    assert _prints(_catalog(content), pids) == before

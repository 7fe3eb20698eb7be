"""Fingerprints computed on every core are those computed in one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.content.pipeline import load_and_validate
from generator.site import fingerprints as module
from generator.site import forked
from generator.site.catalog import Catalog, build_catalog
from generator.site.fingerprints import Fingerprints, fingerprints_of
from generator.site.pages import PageContexts, site_pages


def _catalog(content: Path) -> Catalog:
    publication, problems = load_and_validate(content)
    assert publication is not None, problems
    return build_catalog(publication)


def _prints(catalog: Catalog) -> dict[str, str]:
    contexts = PageContexts(catalog)
    pages = [page for page in site_pages(catalog) if not page.nav]
    found = fingerprints_of(Fingerprints(catalog), pages, lambda p: (p, contexts.source(p)))
    return {page.src_uri: print_ for page, print_ in zip(pages, found, strict=True)}


def test_forked_workers_compute_the_same_fingerprints(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = _catalog(content)
    alone = _prints(catalog)
    monkeypatch.setattr(module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(forked, "CHUNK", 7)  # many small tasks over the workers
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)
    assert _prints(catalog) == alone
    assert len(set(alone.values())) == len(alone)  # no two pages alike

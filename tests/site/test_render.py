"""Links between pages are relative, so the site works under any sub-path; pages
rendered ahead on every core (alone, or as they are fingerprinted) are the
pages rendered one by one."""

from __future__ import annotations

import os
import posixpath
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.content.pipeline import load_and_validate
from generator.site import fingerprints, forked, render
from generator.site.catalog import build_catalog
from generator.site.fingerprints import Fingerprints, fingerprints_of
from generator.site.pages import site_pages
from generator.site.render import PageRenderer
from generator.site.urls import Links, Page


@pytest.mark.parametrize(
    ("here", "target", "anchor", "expected"),
    [
        ("kuaibao/2026/035/", "units/jiaxian/", "", "../../../units/jiaxian/"),
        ("kuaibao/2026/035/", "", "", "../../../"),
        ("", "kuaibao/", "", "kuaibao/"),
        ("", "", "", "./"),
        ("kuaibao/2026/035/", "kuaibao/2026/035/", "r-02", "./#r-02"),
        ("units/jiaxian/", "pishi/2026/001/", "r-01", "../../pishi/2026/001/#r-01"),
    ],
)
def test_links_are_relative_to_the_current_page(
    here: str, target: str, anchor: str, expected: str
) -> None:
    assert Links(here).to(target, anchor) == expected


def test_pages_rendered_ahead_on_every_core_are_those_rendered_one_by_one(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publication, problems = load_and_validate(content)
    assert publication is not None, problems
    catalog = build_catalog(publication)
    pages = site_pages(catalog)
    one_by_one = {page.src_uri: PageRenderer(catalog).render(page) for page in pages}
    monkeypatch.setattr(render, "AHEAD_FROM", 2)
    monkeypatch.setattr(render, "AHEAD_CHUNK", 3)  # many small tasks over the workers
    monkeypatch.setattr(forked.os, "cpu_count", lambda: 2)
    ahead = PageRenderer(catalog).render_ahead(pages, tmp_path)
    assert {uri: path.read_text(encoding="utf-8") for uri, path in ahead.items()} == one_by_one
    assert len(set(one_by_one.values())) == len(one_by_one)  # no two pages alike


@pytest.mark.parametrize("workers", [1, 2])
def test_pages_fingerprinted_and_rendered_ahead_are_those_rendered_one_by_one(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """A page the cache lacks is rendered where its fingerprint is computed,
    as the engine would render it; a page the cache holds is not rendered."""
    publication, problems = load_and_validate(content)
    assert publication is not None, problems
    catalog = build_catalog(publication)
    pages = [page for page in site_pages(catalog) if not page.nav]
    one_by_one = {page.src_uri: PageRenderer(catalog).render(page) for page in pages}
    expected = fingerprints_of(
        Fingerprints(catalog), pages, lambda p: (p, PageRenderer(catalog).contexts.source(p))
    )
    held = set(expected[::2])  # every other page is in the cache already
    monkeypatch.setattr(fingerprints, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render, "AHEAD_CHUNK", 3)  # many small tasks over the workers
    monkeypatch.setattr(forked.os, "cpu_count", lambda: workers)
    folder, pids = tmp_path / "ahead", tmp_path / "pids"
    folder.mkdir()
    pids.mkdir()

    def known(_: Page, print_: str) -> bool:
        (pids / str(os.getpid())).touch()  # where each fingerprint was computed
        return print_ in held

    meanwhile: list[tuple[int, set[str]]] = []

    def plan() -> None:
        # The parent's own work (the search index's plan) runs while the
        # workers work: here, once some worker has begun.
        deadline = time.monotonic() + 30
        while workers > 1 and not any(pids.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.01)
        meanwhile.append((os.getpid(), {p.name for p in pids.iterdir()}))

    found, rendered = PageRenderer(catalog).fingerprint_ahead(
        pages, Fingerprints(catalog), known, folder, meanwhile=plan
    )
    assert found == expected
    workers_seen = {int(p.name) for p in pids.iterdir()} - {os.getpid()}
    assert len(workers_seen) == (workers if workers > 1 else 0)
    [(pid, begun)] = meanwhile
    assert pid == os.getpid()
    # With workers, they had begun; without, it ran before the work.
    assert bool(begun) == (workers > 1)
    lacking = {
        page.src_uri for page, print_ in zip(pages, found, strict=True) if print_ not in held
    }
    assert set(rendered) == lacking and 0 < len(lacking) < len(pages)
    for uri, path in rendered.items():
        assert path is not None and path.read_text(encoding="utf-8") == one_by_one[uri]
    assert len(list(folder.iterdir())) == len(lacking)


# Site path segments as URLs make them: any characters but "/", never "." or "..".
_SEGMENT = st.text(st.sampled_from("ab.-_0甲乙县2026"), min_size=1, max_size=4).filter(
    lambda s: s not in (".", "..")
)
_PATH = st.lists(_SEGMENT, max_size=5).map(lambda parts: "".join(f"{p}/" for p in parts))


@given(here=_PATH, target=_PATH, anchor=st.sampled_from(["", "r-01"]))
def test_links_are_what_posix_relpath_gives(here: str, target: str, anchor: str) -> None:
    expected = posixpath.relpath(target.rstrip("/") or ".", here.rstrip("/") or ".")
    expected = "./" if expected == "." else f"{expected}/"
    assert Links(here).to(target, anchor) == (f"{expected}#{anchor}" if anchor else expected)
    file = f"{target}feed.xml"
    assert Links(here).file(file) == posixpath.relpath(file, here.rstrip("/") or ".")


@pytest.mark.parametrize(
    "site_url", ["http://intranet.example/xinxi/", "http://intranet.example", ""]
)
def test_the_sitemap_lists_every_page_once_under_the_site_url(content: Path, site_url: str) -> None:
    publication, problems = load_and_validate(content)
    assert publication is not None, problems
    catalog = build_catalog(publication)
    pages = site_pages(catalog)
    xml = PageRenderer(catalog).sitemap(pages, site_url)
    space = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = ElementTree.fromstring(xml).findall("s:url", space)
    base = f"{site_url.rstrip('/')}/" if site_url else ""
    assert [u.findtext("s:loc", namespaces=space) for u in urls] == [
        f"{base}{page.url}" for page in pages
    ]
    assert {u.findtext("s:lastmod", namespaces=space) for u in urls} == {catalog.today.isoformat()}
